#!/usr/bin/python3
"""Writes a notice's text (as Word copies it out) as a real Word document, with python-docx
(Debian's python3-docx: apt-get install python3-docx), the way the issuer's template holds it:

  - each paragraph a paragraph, its text cut into runs of a few characters, some bold, so that
    words are split across runs as Word splits them after edits;
  - each block of tab-separated lines a table; in the schedule table (统考阶段 …) the cells
    the text leaves empty under a round, a date or a deadline are merged with the cell above
    (w:vMerge), and a date cell holding only its weekday label, as a cell's line break left it
    in the text, goes back into the date's cell after a line break (w:br);
  - a row with a single cell and empty cells after it (the contacts' title) is one cell
    spanning the table (w:gridSpan); rows of dashes (a leftover of the copy) are dropped.

Usage: make-docx.py NOTICE.txt OUT.docx. The tests read the committed OUT; run this again only
to remake it (the bytes differ from run to run: python-docx stamps the time in docProps/core.xml).
"""
import re
import sys

import docx
from docx.shared import Pt

WEEKDAY = re.compile(r"^[（(]周.[)）]$")
MERGE_DOWN = {"统考阶段", "考核日期", "报名截止时间"}


def blocks(lines):
    """Yields ('p', text) for paragraphs and ('t', rows) for tables, rows of cells."""
    i = 0
    while i < len(lines):
        if "\t" not in lines[i]:
            yield "p", lines[i]
            i += 1
            continue
        rows = []
        while i < len(lines) and ("\t" in lines[i] or (lines[i].strip() == "" and i + 1 < len(lines) and "\t" in lines[i + 1])):
            if lines[i].strip():
                rows.append([c.strip() for c in lines[i].split("\t")])
            i += 1
        yield "t", rows


def runs(paragraph, text):
    for k in range(0, len(text), 5):
        run = paragraph.add_run(text[k:k + 5])
        run.bold = (k // 5) % 4 == 3


def table(document, rows):
    rows = [r for r in rows if not all(re.fullmatch(r"-*", c) for c in r)]
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    header = next((r for r in rows if MERGE_DOWN & set(r)), None)
    breaks = {}
    if header:
        date = header.index("考核日期")
        kept = []
        for r in rows:
            if WEEKDAY.match(r[date]) and kept:
                above = len(kept) - 1
                while not kept[above][date]:
                    above -= 1
                breaks[above] = r[date]
                r = r[:date] + [""] + r[date + 1:]
            kept.append(r)
        rows = kept
    t = document.add_table(rows=len(rows), cols=width)
    t.style = "Table Grid"
    for i, r in enumerate(rows):
        if r[0] and not any(r[1:]):
            t.cell(i, 0).merge(t.cell(i, width - 1))
            runs(t.cell(i, 0).paragraphs[0], r[0])
            continue
        for j, c in enumerate(r):
            p = t.cell(i, j).paragraphs[0]
            runs(p, c)
            if header and j == header.index("考核日期") and i in breaks:
                p.add_run().add_break()
                runs(p, breaks[i])
    if header:
        start = rows.index(header) + 1
        for j, name in enumerate(header):
            if name not in MERGE_DOWN:
                continue
            top = None
            for i in range(start, len(rows) + 1):
                if i == len(rows) or rows[i][j] or (name != "统考阶段" and rows[i][0]):
                    if top is not None and i - 1 > top:
                        t.cell(top, j).merge(t.cell(i - 1, j))
                    top = i if i < len(rows) else None


def main(src, out):
    with open(src, encoding="utf-8") as f:
        lines = f.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    document = docx.Document()
    document.styles["Normal"].font.size = Pt(10.5)
    for kind, value in blocks(lines):
        if kind == "p":
            runs(document.add_paragraph(), value)
        else:
            table(document, value)
    document.save(out)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
