#!/usr/bin/env python3
"""Check the stopword lists and show what remains on top of the national corpus.

Usage:
    python check_stopwords.py CORPORA_DIR [--top 50]

Checks (exit status 1 if any fails):
  * zh_general.txt and zh_gov_report.txt are UTF-8 without BOM, LF line ends,
    one entry per line, no blank lines, sorted (by code point), no duplicates;
  * no entry of ../lexicon/policy_terms.txt is a stopword.

Then cuts every dated national report (year not null; Wikisource licence footer
removed from the first line starting with 本作品; NFKC-normalised) with Python
jieba (HMM=True) and the policy lexicon loaded, drops the same non-word tokens as
tests/fixtures/python_jieba (whitespace, punctuation/symbol-only, numbers) and
both stopword lists, and prints the most frequent remaining words with counts.
Only counts are printed, never text.  Requires: pip install jieba
"""
import argparse
import collections
import json
import logging
import os
import re
import sys
import unicodedata

import jieba

HERE = os.path.dirname(os.path.abspath(__file__))
LEXICON = os.path.join(HERE, "..", "lexicon", "policy_terms.txt")
LISTS = ["zh_general.txt", "zh_gov_report.txt"]
NUMBER_RE = re.compile(r"^[0-9.%,]+$")


def is_word_token(tok):
    """Same definition as tests/fixtures/python_jieba/make_fixture.py (see its README)."""
    if all(ch.isspace() or unicodedata.category(ch) == "Cf" for ch in tok):
        return False  # blank: whitespace or format characters such as U+200B
    if NUMBER_RE.match(tok):
        return False  # number: only ASCII digits, '.', '%', ','
    has_letter = any(unicodedata.category(ch).startswith("L") for ch in tok)
    has_punct = any(unicodedata.category(ch)[0] in "PS" for ch in tok)
    if has_punct and not has_letter:
        return False  # punctuation/symbol token without Han characters or letters
    return True


def read_list(path, errors):
    raw = open(path, "rb").read()
    if raw.startswith(b"\xef\xbb\xbf"):
        errors.append("%s: UTF-8 BOM" % path)
    if b"\r" in raw:
        errors.append("%s: CR line ends" % path)
    lines = raw.decode("utf-8-sig").split("\n")
    if lines and lines[-1] == "":
        lines = lines[:-1]
    else:
        errors.append("%s: no trailing LF" % path)
    for i, l in enumerate(lines, 1):
        if l.strip() != l or l == "" or " " in l:
            errors.append("%s:%d: blank line or stray whitespace: %r" % (path, i, l))
    if lines != sorted(set(lines)):
        errors.append("%s: not sorted by code point or has duplicates" % path)
    return lines


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("corpora")
    ap.add_argument("--top", type=int, default=50)
    args = ap.parse_args()
    jieba.setLogLevel(logging.ERROR)
    errors = []
    stop = set()
    for name in LISTS:
        words = read_list(os.path.join(HERE, name), errors)
        print("%s: %d entries" % (name, len(words)))
        stop |= set(words)
    lexicon = [l.split(" ")[0] for l in open(LEXICON, encoding="utf-8").read().split("\n") if l]
    clash = sorted(w for w in lexicon if w in stop)
    for w in clash:
        errors.append("lexicon term is a stopword: %s" % w)
    print("lexicon terms that are stopwords: %d" % len(clash))

    tk = jieba.Tokenizer()
    tk.load_userdict(LEXICON)
    counts = collections.Counter()
    total = 0
    path = os.path.join(args.corpora, "national", "government_work_reports.jsonl")
    ndocs = 0
    for line in open(path, encoding="utf-8"):
        row = json.loads(line)
        if row["year"] is None:
            continue
        ndocs += 1
        lines = row["content"].split("\n")
        for i, l in enumerate(lines):
            if l.startswith("本作品"):
                lines = lines[:i]
                break
        text = unicodedata.normalize("NFKC", "\n".join(lines))
        for tok in tk.cut(text, HMM=True):
            if is_word_token(tok):
                total += 1
                if tok not in stop:
                    counts[tok] += 1
    kept = sum(counts.values())
    print("national reports: %d; word tokens: %d; after stopwords: %d (%.1f%%)" % (
        ndocs, total, kept, 100.0 * kept / max(total, 1)))
    print("top %d remaining words:" % args.top)
    for rank, (w, n) in enumerate(counts.most_common(args.top), 1):
        print("%3d  %s  %d" % (rank, w, n))
    for e in errors:
        print("ERROR: " + e)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
