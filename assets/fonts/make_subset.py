#!/usr/bin/env python3
"""Build assets/fonts/NotoSansSC-analyze-subset.ttf from a Noto Sans SC Regular TTF.

Usage (from the repository root, in a venv with `pip install fonttools brotli`):

    python assets/fonts/make_subset.py SOURCE.ttf [--corpora ../shared/corpora] \
        [--output assets/fonts/NotoSansSC-analyze-subset.ttf]

The character set is: every character of GB2312 (found by decoding every valid
two-byte GB2312 code), ASCII, Latin-1 punctuation and symbols, General
Punctuation (U+2000-206F), CJK Symbols and Punctuation (U+3000-303F),
Half-/Full-width Forms (U+FF00-FFEF), plus every character that occurs in the
corpora (JSONL `title`/`content`, every field of the CSV files, and the .txt
files). Characters the source font lacks (some traditional forms, emoji, ...)
are silently dropped by the subsetter. The corpora are only read at run time;
no corpus text is stored anywhere.
"""

import argparse
import csv
import json
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

csv.field_size_limit(sys.maxsize)


def gb2312_chars():
    """All characters of GB2312: rows 0xA1-0xF7, cells 0xA1-0xFE."""
    chars = set()
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.update(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return chars


def block_chars():
    """ASCII, Latin-1 punctuation/symbols and the punctuation blocks."""
    ranges = [
        (0x20, 0x7E),      # ASCII printable
        (0xA0, 0xBF),      # Latin-1 punctuation and symbols
        (0xD7, 0xD7),      # multiplication sign
        (0xF7, 0xF7),      # division sign
        (0x2000, 0x206F),  # General Punctuation
        (0x3000, 0x303F),  # CJK Symbols and Punctuation
        (0xFF00, 0xFFEF),  # Halfwidth and Fullwidth Forms
    ]
    return {chr(c) for lo, hi in ranges for c in range(lo, hi + 1)}


def corpus_chars(root):
    """Every character in the corpora under `root` (read at run time only)."""
    chars = set()
    for path in sorted(root.rglob("*")):
        if path.suffix == ".jsonl":
            with path.open(encoding="utf-8") as fh:
                for line in fh:
                    if line.strip():
                        row = json.loads(line)
                        for key in ("title", "content"):
                            chars.update(row.get(key) or "")
        elif path.suffix == ".csv":
            with path.open(encoding="utf-8-sig", newline="") as fh:
                for row in csv.reader(fh):
                    for field in row:
                        chars.update(field)
        elif path.suffix == ".txt":
            chars.update(path.read_text(encoding="utf-8"))
    return {c for c in chars if ord(c) >= 0x20}


def main():
    here = Path(__file__).resolve().parent
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("source", type=Path, help="NotoSansSC-Regular TTF")
    ap.add_argument("--corpora", type=Path,
                    default=here.parent.parent.parent / "shared" / "corpora")
    ap.add_argument("--output", type=Path,
                    default=here / "NotoSansSC-analyze-subset.ttf")
    args = ap.parse_args()

    wanted = gb2312_chars() | block_chars()
    n_base = len(wanted)
    if args.corpora.is_dir():
        wanted |= corpus_chars(args.corpora)
    else:
        print(f"warning: no corpora at {args.corpora}", file=sys.stderr)

    # recalcTimestamp=False keeps head.modified from the source: reproducible output.
    font = TTFont(args.source, recalcTimestamp=False)
    cmap = font.getBestCmap()
    covered = sorted(ord(c) for c in wanted if ord(c) in cmap)

    options = subset.Options()
    options.hinting = False            # drop instructions (fpgm/prep/cvt)
    options.glyph_names = False        # post table format 3
    options.notdef_outline = True      # keep a visible .notdef box
    options.name_IDs = ["*"]           # keep the name table (copyright, licence)
    options.name_languages = ["*"]
    options.drop_tables += ["vhea", "vmtx", "BASE", "STAT"]
    # fontTools' default layout features minus the vertical-writing ones
    # (vmtx/vhea are dropped, charts are horizontal).
    vertical = {"vert", "vrt2", "vkrn", "vhal", "vpal", "valt", "vrtr"}
    options.layout_features = [f for f in options.layout_features
                               if f not in vertical]
    subsetter = subset.Subsetter(options=options)
    subsetter.populate(unicodes=covered)
    subsetter.subset(font)
    font.save(args.output)

    out = TTFont(args.output)
    print(f"requested {len(wanted)} chars ({n_base} from GB2312 + blocks), "
          f"covered {len(covered)}, dropped {len(wanted) - len(covered)}")
    print(f"glyphs {out['maxp'].numGlyphs}, cmap {len(out.getBestCmap())}, "
          f"size {args.output.stat().st_size} bytes -> {args.output}")


if __name__ == "__main__":
    main()
