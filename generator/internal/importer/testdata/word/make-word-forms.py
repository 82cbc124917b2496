#!/usr/bin/python3
"""Writes the Word files and texts of the importer's table test TestWordForms: the notice in
forms that Word shows plainly but a reader can get wrong, each made from a committed notice by
one edit, as a person or Word could make it.

From ../notice-2024h2.docx (its word/document.xml edited as text; the rest of the package as
it is):
  hidden-text.docx     a hidden run (w:vanish) "、高级" after the first level cell's 初级
  nobreak-hyphen.docx  every hyphen that starts a run (the times' 14:00-15:00) as Word's
                       non-breaking hyphen (w:noBreakHyphen)
  header-break.docx    a line break inside the header cell 报名截止时间 (报名截止↵时间)
  strict.docx          saved as Strict Open XML: the WordprocessingML namespace of ISO 29500
  two-documents.docx   a second word/document.xml after the first, with other dates
  autonumbered.docx    the six section headings numbered by Word (一、 to 六、: a list of
                       chineseCounting with the text %1、 in word/numbering.xml), not typed
From ../variants/notice-2025h2.txt (the text path):
  fullwidth-digits.txt   the times of the first round's first day in full-width digits
  fullwidth-hyphen.txt   the full-width hyphen (－) between the times of that day
  ideographic-space.txt  an ideographic space (U+3000) inside a date cell
  stale-year.txt         the first round's 报名截止时间 with the year before the notice's
                         (2024年09月10日 in a notice of 2025), as a copied table keeps it
  half-mismatch.txt      the title's 下半年 as 上半年, the dates still September–November

Usage: make-word-forms.py (in this folder). Only the Python standard library; the output is the
same bytes on every run.
"""
import os
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
BASE_DOCX = os.path.join(HERE, "..", "notice-2024h2.docx")
BASE_TEXT = os.path.join(HERE, "..", "variants", "notice-2025h2.txt")
MAIN = "word/document.xml"
TRANSITIONAL = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
STRICT = "http://purl.oclc.org/ooxml/wordprocessingml/main"


def once(s, old, new):
    assert s.count(old) >= 1, old
    return s.replace(old, new, 1)


def write_docx(name, edit, extra=None, numbering=None):
    with zipfile.ZipFile(BASE_DOCX) as src:
        parts = [(i, src.read(i.filename)) for i in src.infolist()]
    with zipfile.ZipFile(os.path.join(HERE, name), "w", zipfile.ZIP_DEFLATED) as out:
        for info, body in parts:
            if info.filename == MAIN:
                body = edit(body.decode("utf-8")).encode("utf-8")
            if info.filename == "word/numbering.xml" and numbering:
                body = numbering(body.decode("utf-8")).encode("utf-8")
            info.date_time = (2024, 9, 1, 0, 0, 0)
            out.writestr(info, body)
        if extra:
            info = zipfile.ZipInfo(MAIN, (2024, 9, 1, 0, 0, 0))
            out.writestr(info, extra(dict(parts_of(parts))[MAIN].decode("utf-8")).encode("utf-8"))


def parts_of(parts):
    return [(i.filename, b) for i, b in parts]


HEADINGS = ["一、考试场", "二、考试内", "三、考试报", "四、考试费", "五、考试工", "六、联系方"]
RUN = '<w:p><w:r><w:rPr><w:b w:val="0"/></w:rPr><w:t>'
NUMBERED = '<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="90"/></w:numPr></w:pPr><w:r><w:rPr><w:b w:val="0"/></w:rPr><w:t>'


def autonumbered(s):
    for h in HEADINGS:
        s = once(s, RUN + h, NUMBERED + h[2:])
    return s


def chinese_list(s):
    abstract = ('<w:abstractNum w:abstractNumId="90"><w:multiLevelType w:val="hybridMultilevel"/>'
                '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
                '<w:lvlText w:val="%1、"/><w:lvlJc w:val="left"/></w:lvl></w:abstractNum>')
    s = once(s, "<w:num ", abstract + "<w:num ")
    return once(s, "</w:numbering>", '<w:num w:numId="90"><w:abstractNumId w:val="90"/></w:num></w:numbering>')


def write_text(name, edit):
    with open(BASE_TEXT, encoding="utf-8") as f:
        text = f.read()
    with open(os.path.join(HERE, name), "w", encoding="utf-8", newline="") as f:
        f.write(edit(text))


def main():
    write_docx("hidden-text.docx", lambda s: once(s, "<w:t>初级</w:t></w:r>",
        '<w:t>初级</w:t></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t>、高级</w:t></w:r>'))
    write_docx("nobreak-hyphen.docx", lambda s: s.replace("<w:t>-", "<w:noBreakHyphen/><w:t>"))
    write_docx("header-break.docx", lambda s: once(s, "<w:t>报名截止时</w:t>", "<w:t>报名截止</w:t><w:br/><w:t>时</w:t>"))
    write_docx("strict.docx", lambda s: s.replace(TRANSITIONAL, STRICT))
    write_docx("autonumbered.docx", autonumbered, numbering=chinese_list)
    write_docx("two-documents.docx", lambda s: s, extra=lambda s: once(s, "<w:t>10月25", "<w:t>10月18"))
    write_text("fullwidth-digits.txt", lambda t: once(t, "13:30-14:30", "１３:３０-１４:３０"))
    write_text("fullwidth-hyphen.txt", lambda t: once(t, "13:30-14:30", "13:30－14:30"))
    write_text("ideographic-space.txt", lambda t: once(t, "9月25日 (周四)", "9月25日\u3000(周四)"))
    write_text("stale-year.txt", lambda t: once(t, "13:30-14:30\t9月10日", "13:30-14:30\t2024年09月10日"))
    write_text("half-mismatch.txt", lambda t: once(t, "下半年统考", "上半年统考"))


if __name__ == "__main__":
    main()
