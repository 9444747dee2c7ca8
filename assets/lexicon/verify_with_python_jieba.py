#!/usr/bin/env python3
"""Verify assets/lexicon/policy_terms.txt against Python jieba and the real corpora.

Usage:
    python verify_with_python_jieba.py CORPORA_DIR [--lexicon FILE] [--user-dict FILE ...]
                                       [--strict] [--only-mismatches] [--tsv OUT]

CORPORA_DIR is the folder described in shared/corpora/README.md (it holds
national/government_work_reports.jsonl, provincial-2026/2026_*_政府工作报告.csv and
panjin/*.txt). Missing parts are skipped with a note. The texts are read at run
time and never written anywhere; only counts are printed.

What is checked:
  1. format: every line is `word freq tag` separated by single spaces, freq a
     positive integer, tag one of n/nz/l; UTF-8 without BOM, LF line ends, no
     blank lines, no duplicates;
  2. atomicity: no entry is a substring of another entry (user dictionaries
     given with --user-dict are checked together with the lexicon);
  3. segmentation: every text is NFKC-normalised, cut with
     jieba.cut(text, HMM=True) after jieba.load_userdict(lexicon), and for each
     term the number of tokens equal to the term is compared with the number of
     non-overlapping substring occurrences (str.count). For every occurrence that
     is not cut as one token the tokens jieba produced around it are shown, and
     the reason is classified:
       overlap:X   the occurrence overlaps another lexicon term X that won;
       dict:T      jieba produced token T that crosses the term boundary (a
                   longer or overlapping word of jieba's default dictionary).

Exit status: 1 on a format or atomicity violation; 2 with --strict when some
term's token count differs from its substring count; 0 otherwise.
Requires: pip install jieba (tested with jieba 0.42.1).
"""
import argparse
import collections
import csv
import glob
import json
import logging
import os
import re
import sys
import unicodedata

import jieba

HERE = os.path.dirname(os.path.abspath(__file__))
LINE_RE = re.compile(r"^(\S+) ([1-9][0-9]*) (n|nz|l)$")
csv.field_size_limit(1 << 30)


def nfkc(s):
    return unicodedata.normalize("NFKC", s)


def strip_wikisource_footer(text):
    """Drop everything from the first line starting with 本作品 (licence footer)."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if line.startswith("本作品"):
            return "\n".join(lines[:i])
    return text


def load_corpora(root):
    """Return {corpus_name: [(doc_id, text), ...]} with NFKC-normalised texts."""
    out = collections.OrderedDict()
    nat = os.path.join(root, "national", "government_work_reports.jsonl")
    if os.path.exists(nat):
        docs = []
        with open(nat, encoding="utf-8") as fh:
            for n, line in enumerate(fh):
                row = json.loads(line)
                doc_id = row.get("year") or "resolution-%d" % n
                docs.append((doc_id, nfkc(strip_wikisource_footer(row["content"]))))
        out["national"] = docs
    else:
        print("note: %s not found, national corpus skipped" % nat, file=sys.stderr)
    prov_files = sorted(glob.glob(os.path.join(root, "provincial-2026", "*_政府工作报告.csv")))
    if prov_files:
        docs = []
        for path in prov_files:
            with open(path, encoding="utf-8-sig", newline="") as fh:
                for row in csv.DictReader(fh):
                    docs.append((row.get("province") or os.path.basename(path), nfkc(row["full_text"])))
        out["provincial"] = docs
    else:
        print("note: no provincial CSVs under %s" % root, file=sys.stderr)
    pj = sorted(glob.glob(os.path.join(root, "panjin", "*.txt")))
    if pj:
        out["panjin"] = [(os.path.basename(p), nfkc(open(p, encoding="utf-8").read())) for p in pj]
    return out


def read_dict(path, errors):
    raw = open(path, "rb").read()
    if raw.startswith(b"\xef\xbb\xbf"):
        errors.append("%s: starts with a UTF-8 BOM" % path)
        raw = raw[3:]
    if b"\r" in raw:
        errors.append("%s: contains CR characters (use LF line ends)" % path)
    text = raw.decode("utf-8")
    if text and not text.endswith("\n"):
        errors.append("%s: last line has no trailing LF" % path)
    entries = []
    seen = {}
    for no, line in enumerate(text.split("\n")[:-1] if text.endswith("\n") else text.split("\n"), 1):
        m = LINE_RE.match(line)
        if not m:
            errors.append("%s:%d: not `word freq tag`: %r" % (path, no, line))
            continue
        word, freq, tag = m.group(1), int(m.group(2)), m.group(3)
        if word in seen:
            errors.append("%s:%d: duplicate of line %d: %s" % (path, no, seen[word], word))
            continue
        seen[word] = no
        entries.append((word, freq, tag))
    return entries


def atomicity_violations(words):
    bad = []
    ws = sorted(set(words), key=len)
    for i, a in enumerate(ws):
        for b in ws[i + 1:]:
            if len(b) > len(a) and a in b:
                bad.append((a, b))
    return bad


def display_width(s):
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in s)


def pad(s, width):
    return s + " " * (width - display_width(s))


def occurrences(text, term):
    i = text.find(term)
    while i != -1:
        yield i
        i = text.find(term, i + len(term))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpora", help="corpora folder (shared/corpora)")
    ap.add_argument("--lexicon", default=os.path.join(HERE, "policy_terms.txt"))
    ap.add_argument("--user-dict", action="append", default=[], help="extra dictionary in the same format")
    ap.add_argument("--strict", action="store_true", help="exit 2 when a term's token count != substring count")
    ap.add_argument("--only-mismatches", action="store_true", help="print only the rows that differ")
    ap.add_argument("--tsv", help="also write the table as TSV to this file")
    ap.add_argument("--max-examples", type=int, default=3)
    args = ap.parse_args()
    jieba.setLogLevel(logging.ERROR)

    errors = []
    entries = read_dict(args.lexicon, errors)
    for ud in args.user_dict:
        entries += read_dict(ud, errors)
    words = [w for w, _, _ in entries]
    dup = [w for w, c in collections.Counter(words).items() if c > 1]
    for w in dup:
        errors.append("entry present in more than one dictionary: %s" % w)
    viol = atomicity_violations(words)
    for a, b in viol:
        errors.append("atomicity: %s is a substring of %s" % (a, b))
    freq = {w: f for w, f, _ in entries}

    print("jieba %s; lexicon %s (%d entries)%s" % (
        jieba.__version__, args.lexicon, len(entries),
        "; user dicts: " + ", ".join(args.user_dict) if args.user_dict else ""))
    if errors:
        print("\nFORMAT/ATOMICITY ERRORS (%d):" % len(errors))
        for e in errors:
            print("  " + e)

    corpora = load_corpora(args.corpora)
    tk = jieba.Tokenizer()
    tk.load_userdict(args.lexicon)
    for ud in args.user_dict:
        tk.load_userdict(ud)

    termset = set(words)
    sub = {c: collections.Counter() for c in corpora}
    tok = {c: collections.Counter() for c in corpora}
    reasons = collections.defaultdict(collections.Counter)
    examples = collections.defaultdict(list)
    for cname, docs in corpora.items():
        for doc_id, text in docs:
            spans = []  # (start, token)
            pos = 0
            for t in tk.cut(text, HMM=True):
                spans.append((pos, t))
                if t in termset:
                    tok[cname][t] += 1
                pos += len(t)
            starts = {s: t for s, t in spans}
            occ = []
            for w in words:
                for i in occurrences(text, w):
                    occ.append((i, i + len(w), w))
            for s, e, w in occ:
                sub[cname][w] += 1
                if starts.get(s) == w:
                    continue
                # classify
                winner = [x for (a, b, x) in occ if x != w and a < e and s < b and starts.get(a) == x]
                covering = [t for (p, t) in spans if p < e and p + len(t) > s]
                if winner:
                    reason = "overlap:" + winner[0]
                else:
                    crossing = [t for (p, t) in spans if p < e and p + len(t) > s and (p < s or p + len(t) > e)]
                    reason = "dict:" + (crossing[0] if crossing else "/".join(covering))
                reasons[w][reason] += 1
                if len(examples[w]) < args.max_examples:
                    examples[w].append("%s %s: %s" % (cname, doc_id, " / ".join(covering)))

    cnames = list(corpora)
    header = ["term", "freq"] + ["%s_%s" % (c, k) for c in cnames for k in ("substr", "tokens")] + ["status"]
    rows = []
    mismatched = []
    for w in words:
        row = [w, str(freq[w])]
        ok = True
        for c in cnames:
            row += [str(sub[c][w]), str(tok[c][w])]
            ok = ok and sub[c][w] == tok[c][w]
        row.append("ok" if ok else "DIFF")
        rows.append(row)
        if not ok:
            mismatched.append(w)
    widths = [max(display_width(r[i]) for r in rows + [header]) for i in range(len(header))]
    print()
    print("  ".join(pad(h, widths[i]) for i, h in enumerate(header)).rstrip())
    for r in rows:
        if args.only_mismatches and r[-1] == "ok":
            continue
        print("  ".join(pad(x, widths[i]) for i, x in enumerate(r)).rstrip())
    if args.tsv:
        with open(args.tsv, "w", encoding="utf-8", newline="\n") as fh:
            fh.write("\t".join(header) + "\n")
            for r in rows:
                fh.write("\t".join(r) + "\n")

    print("\nSUMMARY")
    print("  entries: %d" % len(words))
    for c in cnames:
        n_occ = sum(1 for w in words if sub[c][w] > 0)
        print("  occurring in %s corpus (%d documents): %d terms, %d occurrences" % (
            c, len(corpora[c]), n_occ, sum(sub[c].values())))
    n_any = sum(1 for w in words if any(sub[c][w] for c in cnames))
    print("  occurring in at least one corpus: %d; in none: %d" % (n_any, len(words) - n_any))
    print("  terms whose token count != substring count: %d" % len(mismatched))
    for w in mismatched:
        lost = sum(sub[c][w] - tok[c][w] for c in cnames)
        total = sum(sub[c][w] for c in cnames)
        rs = ", ".join("%s x%d" % (r, n) for r, n in reasons[w].most_common())
        print("    %s: %d of %d occurrences not one token (%s)" % (w, lost, total, rs))
        for ex in examples[w]:
            print("        " + ex)
    print("  format/atomicity errors: %d" % len(errors))
    if errors:
        return 1
    if args.strict and mismatched:
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
