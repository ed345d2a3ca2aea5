#!/usr/bin/env python3
"""Build vanthu's sample corpus (corpus/seeds and corpus/broken) from the five seed texts.

    python3 scripts/make_corpus.py [--seeds DIR] [--out DIR] [--skip-pdf]

For every seed NNN it writes:
  * corpus/seeds/NNN.txt   the seed text, byte-identical;
  * corpus/seeds/NNN.docx  a Word document assembled by hand (header table, real footnotes,
                           bold/italic runs, core properties);
  * corpus/seeds/NNN.pdf   the .docx printed to PDF by LibreOffice (soffice), so that the PDF has
                           a real text layer; its words are checked against the .txt with pdftotext.
and then a set of files under corpus/broken/ that the indexer must refuse, each for one reason.

Standard library only: the project machines cannot reach PyPI.  The output is deterministic:
fixed zip timestamps and attributes, sorted zip entries, fixed document dates, and the volatile
fields of the LibreOffice PDFs (dates, /ID) pinned, so re-running the script changes no bytes.
"""

import argparse
import collections
import dataclasses
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

REPO = Path(__file__).resolve().parent.parent

# Zip timestamps must not depend on the clock, or every run would produce new DOCX bytes.
# 1980-01-01 is the earliest date a zip entry can carry.
ZIP_TIME = (1980, 1, 1, 0, 0, 0)

# Page geometry from Nghị định 30/2020 (A4, margins 2 cm top/bottom/right, 3 cm left), in twips.
PAGE_W, PAGE_H = 11906, 16838
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 1701, 1134, 1134, 1134
TEXT_WIDTH = PAGE_W - MARGIN_LEFT - MARGIN_RIGHT  # 9071

# Superscript digits used as footnote markers in the seeds (seed 000 uses ¹..⁵).
SUPERSCRIPT_DIGITS = {"¹": 1, "²": 2, "³": 3, "⁴": 4, "⁵": 5, "⁶": 6, "⁷": 7, "⁸": 8, "⁹": 9}

# Lines that are a document type heading ("BÁO CÁO", "KẾ HOẠCH", ...): the subject line
# (trích yếu) follows them and becomes dc:title.
TYPE_LINES = {
    "BÁO CÁO", "KẾ HOẠCH", "QUYẾT ĐỊNH", "CHỈ THỊ", "NGHỊ QUYẾT", "TỜ TRÌNH", "THÔNG BÁO",
    "HƯỚNG DẪN", "CHƯƠNG TRÌNH", "QUY CHẾ", "QUY ĐỊNH", "ĐỀ ÁN", "PHƯƠNG ÁN", "BIÊN BẢN",
}

NS_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


# --------------------------------------------------------------------------------------------
# Per-seed layout.  The seed texts are flat (text extracted from the originals), so which header
# lines sat top-left and which top-right cannot be recovered mechanically: it is written down
# here, read off the conventions of Nghị định 30/2020 and Hướng dẫn 36-HD/VPTW (left: issuing
# body and number, for a công văn also the V/v subject; right: national motto or party line,
# then place and date).  Every non-empty line before the body must be listed, or the script
# stops, so a changed seed cannot silently lose its header.
# --------------------------------------------------------------------------------------------

@dataclasses.dataclass
class SeedLayout:
    left: list            # header lines for the left cell, in order
    right: list           # header lines for the right cell, in order
    creator: str          # docProps dc:creator
    created: str          # docProps dcterms:created (W3CDTF, UTC)
    modified: str         # docProps dcterms:modified
    title_prefix: str = ""  # for a công văn: the header line starting with this is the title
    quirks: bool = False  # write NFD runs, an NBSP and split runs (exercises the extractor)


VV_001 = ("V/v đẩy mạnh tuyên truyền, hưởng ứng và tham gia Cuộc vận động “Hiển kế xây dựng "
          "và phát triển tỉnh Đắk Lắk giàu đẹp, văn minh”")

LAYOUTS = {
    "000": SeedLayout(
        left=["TỈNH ỦY ĐẮK LẮK", "BAN TỔ CHỨC CUỘC VẬN ĐỘNG",
              "“Hiển kế xây dựng và phát triển tỉnh", "Đắk Lắk giàu đẹp, văn minh”",
              "*", "Số 01 -BC/BTC"],
        right=["ĐẢNG CỘNG SẢN VIỆT NAM", "Đắk Lắk, ngày 30 tháng 10 năm 2020"],
        creator="Ban Tuyên giáo Tỉnh ủy",
        created="2020-10-29T02:15:00Z", modified="2020-10-30T01:40:00Z"),
    "001": SeedLayout(
        left=["TỈNH ỦY ĐẮK LẮK", "BAN TUYÊN GIÁO", "*", "SỐ/853-CV/BTGTU", VV_001],
        right=["ĐẢNG CỘNG SẢN VIỆT NAM", "Đắk Lắk, ngày 22 tháng 6 năm 2020"],
        creator="Ban Tuyên giáo Tỉnh ủy", title_prefix="V/v",
        created="2020-06-19T03:05:00Z", modified="2020-06-22T00:55:00Z"),
    # 002 and 004 start directly with "KẾ HOẠCH": their header block was lost upstream.
    "002": SeedLayout(
        left=[], right=[], creator="Văn phòng UBND tỉnh Đắk Lắk",
        created="2021-06-21T01:30:00Z", modified="2021-06-24T08:10:00Z"),
    # 003 kept only the number (left) and the place/date (right).  It also carries the quirks.
    "003": SeedLayout(
        left=["Số: 461/KH-UBND"], right=["Đắk Nông, ngày 11 tháng 8 năm 2022"],
        creator="Văn phòng UBND tỉnh Đắk Nông", quirks=True,
        created="2022-08-08T02:00:00Z", modified="2022-08-11T04:20:00Z"),
    "004": SeedLayout(
        left=[], right=[], creator="Sở Nội vụ",
        created="2021-09-20T01:00:00Z", modified="2021-09-22T09:35:00Z"),
}


# --------------------------------------------------------------------------------------------
# Document model: paragraphs made of runs, tables made of cells of paragraphs.
# --------------------------------------------------------------------------------------------

@dataclasses.dataclass
class Run:
    text: str = ""
    bold: bool = False
    italic: bool = False
    size: int = 0            # half-points; 0 = style default
    footnote: int = 0        # >0: a w:footnoteReference to this footnote id
    footnote_ref: bool = False  # the number at the start of a footnote (w:footnoteRef)
    lang: str = ""           # explicit w:lang, as Word writes when spell-check language changes
    proof_err: str = ""      # emit <w:proofErr w:type=...> before this run


@dataclasses.dataclass
class Para:
    runs: list
    align: str = "both"      # w:jc value
    indent: bool = False     # first-line indent of body text
    style: str = ""          # pStyle
    space_after: int = 120   # twips


@dataclasses.dataclass
class Table:
    rows: list               # list of rows; a row is a list of cells; a cell is a list of Para
    widths: list             # column widths in twips
    borders: bool = False


@dataclasses.dataclass
class Document:
    body: list               # Para and Table, in order
    footnotes: dict          # id -> list of Para
    title: str
    layout: SeedLayout


# --------------------------------------------------------------------------------------------
# Inline markdown: the seeds mark bold as **...** (which may span a line break inside one block,
# e.g. a two-line signing title) and italic as *...*.  A lone "*" (the star under a Party
# issuing body) is text, so a marker only counts when it has a partner.
# --------------------------------------------------------------------------------------------

BOLD_RE = re.compile(r"\*\*(.+?)\*\*", re.S)
# Italic needs non-space just inside both stars and stays on one line, so "a * b" is text.
ITALIC_RE = re.compile(r"(?<!\*)\*(?=[^\s*])([^*\n]*?[^\s*])\*(?!\*)")


def _split_italic(text, bold):
    out, pos = [], 0
    for m in ITALIC_RE.finditer(text):
        if m.start() > pos:
            out.append(Run(text[pos:m.start()], bold=bold))
        out.append(Run(m.group(1), bold=bold, italic=True))
        pos = m.end()
    if pos < len(text):
        out.append(Run(text[pos:], bold=bold))
    return out


def parse_inline(text):
    """Markdown-marked text -> runs with bold/italic flags (markers removed)."""
    out, pos = [], 0
    for m in BOLD_RE.finditer(text):
        out += _split_italic(text[pos:m.start()], bold=False)
        out += _split_italic(m.group(1), bold=True)
        pos = m.end()
    out += _split_italic(text[pos:], bold=False)
    return out


def strip_markdown(text):
    return "".join(r.text for r in parse_inline(text))


def runs_to_lines(runs):
    """Split runs at '\\n' into one run list per line (each line becomes a paragraph)."""
    lines = [[]]
    for r in runs:
        if r.footnote or r.footnote_ref:  # no text of their own, but must be kept
            lines[-1].append(r)
            continue
        parts = r.text.split("\n")
        for i, part in enumerate(parts):
            if i:
                lines.append([])
            if part:
                lines[-1].append(dataclasses.replace(r, text=part))
    return lines


def split_footnote_markers(runs, defined):
    """Turn superscript markers that have a footnote definition into footnote references."""
    if not defined:
        return runs
    out = []
    pattern = re.compile("([" + "".join(m for m in defined) + "])")
    for r in runs:
        for piece in pattern.split(r.text):
            if not piece:
                continue
            if piece in defined:
                out.append(Run(footnote=defined[piece]))
            else:
                out.append(dataclasses.replace(r, text=piece))
    return out


# --------------------------------------------------------------------------------------------
# Seed text -> Document
# --------------------------------------------------------------------------------------------

ROMAN_HEADING_RE = re.compile(r"^[IVX]+[.-] ")
FOOTNOTE_LINE_RE = re.compile("^([" + "".join(SUPERSCRIPT_DIGITS) + "]) (.*)$")
RECIPIENTS_RE = re.compile(r"^N[oơ]i nhận:")  # 004 has the typo "Noi nhận:"


def line_blocks(lines):
    """Group lines into blocks separated by blank lines; yields lists of lines."""
    block = []
    for line in lines:
        if line.strip() == "":
            if block:
                yield block
            block = []
        else:
            block.append(line)
    if block:
        yield block


def cell_para(text, bold=False, italic=False, size=26, align="center"):
    runs = parse_inline(text)
    for r in runs:
        r.bold = r.bold or bold
        r.italic = r.italic or italic
        r.size = size
    return Para(runs, align=align, space_after=0)


def header_table(layout):
    """Left: issuing body, number (and V/v subject); right: motto / party line, place and date."""
    left = []
    for i, line in enumerate(layout.left):
        if layout.title_prefix and line.startswith(layout.title_prefix):
            left.append(cell_para(line, size=24))  # công văn: "V/v ..." under the number
        elif re.match(r"^(Số|SỐ)\b", line):
            left.append(cell_para(line, size=26))
        else:
            # The parent body (first line) is regular, the unit under it bold, as in print.
            left.append(cell_para(line, bold=(i > 0 and line != "*"), size=24))
    right = []
    for line in layout.right:
        is_date = " ngày " in line
        right.append(cell_para(line, bold=not is_date, italic=is_date))
    return Table(rows=[[left, right]], widths=[3969, TEXT_WIDTH - 3969])


def build_document(seed_id, text):
    layout = LAYOUTS[seed_id]
    lines = text.split("\n")

    # 1. Header: leading non-empty lines that the layout places left or right.
    wanted = collections.Counter(layout.left + layout.right)
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.strip() and wanted[line] > 0:
            wanted[line] -= 1
        elif line.strip():
            break
        i += 1
    missing = [k for k, v in wanted.items() if v]
    if missing:
        sys.exit(f"make_corpus: seed {seed_id}: header lines not found: {missing}")
    rest = lines[i:]

    # 2. Footnote definitions ("¹ text") leave the body and go to footnotes.xml.
    defined, footnote_lines, body_lines = {}, {}, []
    for line in rest:
        m = FOOTNOTE_LINE_RE.match(line)
        if m:
            fid = SUPERSCRIPT_DIGITS[m.group(1)]
            defined[m.group(1)] = fid
            footnote_lines[fid] = m.group(2)
        else:
            body_lines.append(line)

    # 3. Footer: from "Nơi nhận:" on, recipients (dash lines) left, signing block right.
    footer = []
    for k, line in enumerate(body_lines):
        if RECIPIENTS_RE.match(line):
            footer = body_lines[k:]
            body_lines = body_lines[:k]
            break

    body = []
    if layout.left or layout.right:
        body.append(header_table(layout))

    title = ""
    if layout.title_prefix:
        title = next(l for l in layout.left if l.startswith(layout.title_prefix))

    blocks = list(line_blocks(body_lines))
    expect_title = False
    for block in blocks:
        if any("\t" in l for l in block):
            # A stamp pasted as tab-separated cells (001: "ĐẾN  Số: 4533"): a boxed table.
            rows = [[[cell_para(c, size=22, align="left")] for c in l.split("\t")] for l in block]
            ncols = max(len(r) for r in rows)
            for r in rows:
                r += [[Para([], space_after=0)]] * (ncols - len(r))
            body.append(Table(rows=rows, widths=[2400, 3000][:ncols], borders=True))
            continue
        runs = split_footnote_markers(parse_inline("\n".join(block)), defined)
        per_line = runs_to_lines(runs)
        first = block[0].strip()
        if first in TYPE_LINES and not title:
            # Type heading; the rest of this block, or the next block, is the subject line.
            body.append(Para([Run(first, bold=True, size=28)], align="center", space_after=0))
            subject = block[1:]
            for line_runs in per_line[1:]:
                for r in line_runs:
                    r.bold = True
                body.append(Para(line_runs, align="center"))
            if subject:
                title = " ".join(strip_markdown(l).strip() for l in subject)
            else:
                expect_title = True
            continue
        if expect_title:
            expect_title = False
            title = " ".join(strip_markdown(l).strip() for l in block)
            for line_runs in per_line:
                for r in line_runs:
                    r.bold = True
                body.append(Para(line_runs, align="center"))
            continue
        for line, line_runs in zip(block, per_line):
            heading = bool(ROMAN_HEADING_RE.match(line)) or (line.isupper() and len(line) > 3)
            if heading:
                for r in line_runs:
                    r.bold = True
            body.append(Para(line_runs, align="both", indent=not heading))

    if footer:
        body.append(footer_table(footer))

    footnotes = {}
    for fid, ftext in sorted(footnote_lines.items()):
        runs = [Run(footnote_ref=True), Run(" ")] + parse_inline(ftext)
        footnotes[fid] = [Para(runs, style="FootnoteText", space_after=0)]

    if not title:
        sys.exit(f"make_corpus: seed {seed_id}: no subject line found for dc:title")
    doc = Document(body=body, footnotes=footnotes, title=title, layout=layout)
    if layout.quirks:
        add_quirks(doc)
    return doc


def footer_table(footer_lines):
    """Left: "Nơi nhận:" and the dash list; right: the signing block (authority, title, name)."""
    heading, rest = footer_lines[0], footer_lines[1:]
    left = [cell_para(heading, bold=True, italic=True, size=24, align="left")]
    k = 0
    while k < len(rest) and (rest[k].strip() == "" or rest[k].lstrip().startswith("-")):
        if rest[k].strip():
            left.append(cell_para(rest[k], size=22, align="left"))
        k += 1
    right = []
    for block in line_blocks(rest[k:]):
        for line_runs in runs_to_lines(parse_inline("\n".join(block))):
            for r in line_runs:
                r.bold = True
                r.size = 26
            right.append(Para(line_runs, align="center", space_after=0))
        right.append(Para([], align="center", space_after=0))
    if right:
        right.pop()  # no blank paragraph after the signer's name
    else:
        right = [Para([], space_after=0)]
    return Table(rows=[[left, right]], widths=[4536, TEXT_WIDTH - 4536])


# --------------------------------------------------------------------------------------------
# Quirks (seed 003 only): what Word and copy-paste do to real files, so the extractor is tested
# on them: runs split mid-word (even between a base letter and its combining tone mark), NFD
# text, an NBSP, proofErr markers and a run with another spell-check language.
# --------------------------------------------------------------------------------------------

def _all_paras(doc):
    for item in doc.body:
        if isinstance(item, Para):
            yield item
        else:
            for row in item.rows:
                for cell in row:
                    yield from cell


def split_run_at(para, run_index, offsets):
    """Replace one run by several runs with the same formatting, cut at the given offsets."""
    r = para.runs[run_index]
    pieces, prev = [], 0
    for off in sorted(offsets) + [len(r.text)]:
        if off > prev:
            pieces.append(r.text[prev:off])
            prev = off
    new = []
    for n, piece in enumerate(pieces):
        new.append(dataclasses.replace(r, text=piece, proof_err="spellStart" if n == 1 else ""))
    para.runs[run_index:run_index + 1] = new


def add_quirks(doc):
    paras = [p for p in _all_paras(doc) if p.runs]

    # NBSP after "Số:" in the number line, as people type it to keep the number on one line.
    number_para = next(p for p in paras if p.runs[0].text.startswith("Số: "))
    number_para.runs[0].text = number_para.runs[0].text.replace("Số: ", "Số:\u00a0", 1)

    # The subject line in NFD (as pasted from a macOS/web source), split into three runs.
    subject = next(p for p in paras if p.runs[0].text.startswith("Tổ chức phát động"))
    for r in subject.runs:
        r.text = unicodedata.normalize("NFD", r.text)
    split_run_at(subject, 0, [7, 19])

    # First body paragraph: NFD, with one cut between "Đă" and the combining acute of "Đắk",
    # so only the concatenation of runs, normalised afterwards, gives "Đắk".
    first = next(p for p in paras if p.runs[0].text.startswith("Tháng 11/2003"))
    first.runs[0].text = unicodedata.normalize("NFD", first.runs[0].text)
    t = first.runs[0].text
    cut = t.index("\u0110a\u0306") + 3  # after D-stroke, a, breve; before U+0301
    second_cut = cut + 40
    while unicodedata.combining(t[second_cut]):  # this one mid-word, but between letters
        second_cut += 1
    split_run_at(first, 0, [cut, second_cut])

    # An NBSP between two words of a body paragraph (Word's Ctrl+Shift+Space).
    second = next(p for p in paras if p.runs[0].text.startswith("Trải qua gần 20 năm"))
    second.runs[0].text = second.runs[0].text.replace("Đắk Nông", "Đắk\u00a0Nông", 1)

    # Every fifth body paragraph: runs cut mid-word at fixed, irregular offsets, like the
    # rsid/proofing splits Word leaves behind after editing; one piece gets lang en-US.
    body_paras = [p for p in paras if p.indent]
    for n, p in enumerate(body_paras[3::5]):
        longest = max(range(len(p.runs)), key=lambda k: len(p.runs[k].text))
        text = p.runs[longest].text
        offsets = [o for o in (5 + n % 3, 23 + n % 7, 61 + n % 11) if o < len(text)]
        split_run_at(p, longest, offsets)
        if n % 2 == 0 and len(offsets) >= 2:
            p.runs[longest + 1].lang = "en-US"

    # The signer's name in NFD.
    signer = [p for p in paras if p.runs and p.runs[0].text == "Hồ Văn Mười"]
    for p in signer:
        p.runs[0].text = unicodedata.normalize("NFD", p.runs[0].text)


# --------------------------------------------------------------------------------------------
# WordprocessingML rendering
# --------------------------------------------------------------------------------------------

def xml_text(s):
    return escape(s)


def render_run(r):
    out = []
    if r.proof_err:
        out.append(f'<w:proofErr w:type="{r.proof_err}"/>')
    props = []
    if r.footnote or r.footnote_ref:
        props.append('<w:rStyle w:val="FootnoteReference"/>')
    if r.bold:
        props.append("<w:b/><w:bCs/>")
    if r.italic:
        props.append("<w:i/><w:iCs/>")
    if r.size:
        props.append(f'<w:sz w:val="{r.size}"/><w:szCs w:val="{r.size}"/>')
    if r.lang:
        props.append(f'<w:lang w:val="{r.lang}"/>')
    rpr = f"<w:rPr>{''.join(props)}</w:rPr>" if props else ""
    if r.footnote:
        out.append(f'<w:r>{rpr}<w:footnoteReference w:id="{r.footnote}"/></w:r>')
    elif r.footnote_ref:
        out.append(f"<w:r>{rpr}<w:footnoteRef/></w:r>")
    else:
        space = ' xml:space="preserve"' if r.text != r.text.strip() else ""
        out.append(f"<w:r>{rpr}<w:t{space}>{xml_text(r.text)}</w:t></w:r>")
    if r.proof_err == "spellStart":
        out.append('<w:proofErr w:type="spellEnd"/>')
    return "".join(out)


def render_para(p):
    ppr = []
    if p.style:
        ppr.append(f'<w:pStyle w:val="{p.style}"/>')
    ppr.append(f'<w:spacing w:before="0" w:after="{p.space_after}"/>')
    if p.indent:
        ppr.append('<w:ind w:firstLine="567"/>')
    ppr.append(f'<w:jc w:val="{p.align}"/>')
    return f"<w:p><w:pPr>{''.join(ppr)}</w:pPr>{''.join(render_run(r) for r in p.runs)}</w:p>"


def render_table(t):
    kind = "single" if t.borders else "nil"
    size = ' w:sz="4" w:space="0" w:color="auto"' if t.borders else ""
    borders = "".join(f'<w:{side} w:val="{kind}"{size}/>'
                      for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    total = sum(t.widths)
    out = [f'<w:tbl><w:tblPr><w:tblW w:w="{total}" w:type="dxa"/>'
           f'<w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type="fixed"/>'
           '<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" '
           'w:lastColumn="0" w:noHBand="0" w:noVBand="0"/></w:tblPr><w:tblGrid>']
    out += [f'<w:gridCol w:w="{w}"/>' for w in t.widths]
    out.append("</w:tblGrid>")
    for row in t.rows:
        out.append("<w:tr>")
        for width, cell in zip(t.widths, row):
            paras = cell or [Para([], space_after=0)]  # a cell must hold at least one w:p
            out.append(f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>'
                       + "".join(render_para(p) for p in paras) + "</w:tc>")
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def render_document_xml(doc):
    parts = []
    for item in doc.body:
        parts.append(render_table(item) if isinstance(item, Table) else render_para(item))
        if isinstance(item, Table):
            # Word needs a paragraph between two tables, and wants one after the header table.
            parts.append(render_para(Para([], space_after=0)))
    sect = (f'<w:sectPr><w:pgSz w:w="{PAGE_W}" w:h="{PAGE_H}"/>'
            f'<w:pgMar w:top="{MARGIN_TOP}" w:right="{MARGIN_RIGHT}" w:bottom="{MARGIN_BOTTOM}" '
            f'w:left="{MARGIN_LEFT}" w:header="709" w:footer="709" w:gutter="0"/>'
            '<w:cols w:space="708"/></w:sectPr>')
    return (XML_DECL + f'<w:document xmlns:w="{NS_W}" xmlns:r="{NS_R}"><w:body>'
            + "".join(parts) + sect + "</w:body></w:document>")


def render_footnotes_xml(doc):
    # Ids -1 and 0 are the separator and continuation separator that Word always writes and
    # that settings.xml names in w:footnotePr; real footnotes start at 1.
    out = [XML_DECL, f'<w:footnotes xmlns:w="{NS_W}" xmlns:r="{NS_R}">',
           '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" '
           'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>',
           '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing '
           'w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/>'
           '</w:r></w:p></w:footnote>']
    for fid, paras in sorted(doc.footnotes.items()):
        out.append(f'<w:footnote w:id="{fid}">' + "".join(render_para(p) for p in paras)
                   + "</w:footnote>")
    out.append("</w:footnotes>")
    return "".join(out)


STYLES_XML = XML_DECL + f"""<w:styles xmlns:w="{NS_W}">
<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="Times New Roman" w:cs="Times New Roman"/><w:sz w:val="28"/><w:szCs w:val="28"/><w:lang w:val="vi-VN" w:eastAsia="en-US" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>
<w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="264" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>
<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/></w:style>
<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>
<w:style w:type="numbering" w:default="1" w:styleId="NoList"><w:name w:val="No List"/><w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/></w:style>
<w:style w:type="paragraph" w:styleId="FootnoteText"><w:name w:val="footnote text"/><w:basedOn w:val="Normal"/><w:link w:val="FootnoteTextChar"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/><w:jc w:val="both"/></w:pPr><w:rPr><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr></w:style>
<w:style w:type="character" w:customStyle="1" w:styleId="FootnoteTextChar"><w:name w:val="Footnote Text Char"/><w:basedOn w:val="DefaultParagraphFont"/><w:link w:val="FootnoteText"/><w:uiPriority w:val="99"/><w:rPr><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr></w:style>
<w:style w:type="character" w:styleId="FootnoteReference"><w:name w:val="footnote reference"/><w:basedOn w:val="DefaultParagraphFont"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/><w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>
</w:styles>"""

SETTINGS_XML = XML_DECL + f"""<w:settings xmlns:w="{NS_W}"><w:zoom w:percent="100"/><w:proofState w:spelling="clean" w:grammar="clean"/><w:defaultTabStop w:val="720"/><w:characterSpacingControl w:val="doNotCompress"/><w:footnotePr><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr><w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat><w:themeFontLang w:val="vi-VN"/></w:settings>"""

CONTENT_TYPES_XML = XML_DECL + """<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/><Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>"""

PACKAGE_RELS_XML = XML_DECL + """<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"""

DOCUMENT_RELS_XML = XML_DECL + """<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/></Relationships>"""


def render_core_xml(title, creator, created, modified):
    return (XML_DECL +
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:dcmitype="http://purl.org/dc/dcmitype/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"<dc:title>{xml_text(title)}</dc:title><dc:creator>{xml_text(creator)}</dc:creator>"
            f"<cp:lastModifiedBy>{xml_text(creator)}</cp:lastModifiedBy><cp:revision>3</cp:revision>"
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{created}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{modified}</dcterms:modified>'
            "<dc:language>vi-VN</dc:language></cp:coreProperties>")


def render_app_xml(words, chars, paragraphs):
    return (XML_DECL +
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
            'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
            "<Template>Normal.dotm</Template><TotalTime>12</TotalTime>"
            f"<Words>{words}</Words><Characters>{chars}</Characters>"
            "<Application>vanthu make_corpus.py</Application><DocSecurity>0</DocSecurity>"
            f"<Paragraphs>{paragraphs}</Paragraphs><ScaleCrop>false</ScaleCrop>"
            "<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
            "<HyperlinksChanged>false</HyperlinksChanged><AppVersion>16.0000</AppVersion>"
            "</Properties>")


def docx_parts(doc):
    text = "\n".join("".join(r.text for r in p.runs) for p in _all_paras(doc))
    paras = sum(1 for p in _all_paras(doc) if p.runs)
    lay = doc.layout
    return {
        "[Content_Types].xml": CONTENT_TYPES_XML,
        "_rels/.rels": PACKAGE_RELS_XML,
        "docProps/app.xml": render_app_xml(len(text.split()), len(text), paras),
        "docProps/core.xml": render_core_xml(doc.title, lay.creator, lay.created, lay.modified),
        "word/_rels/document.xml.rels": DOCUMENT_RELS_XML,
        "word/document.xml": render_document_xml(doc),
        "word/footnotes.xml": render_footnotes_xml(doc),
        "word/settings.xml": SETTINGS_XML,
        "word/styles.xml": STYLES_XML,
    }


def zip_info(name):
    """A ZipInfo with nothing taken from the clock or the host, for reproducible bytes."""
    info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 0   # MS-DOS, as Word writes it; the default depends on the host OS
    info.external_attr = 0
    return info


def write_zip(path, parts):
    """Write parts (name -> str/bytes) in sorted order; '[Content_Types].xml' sorts first."""
    with zipfile.ZipFile(path, "w") as z:
        for name in sorted(parts):
            data = parts[name]
            z.writestr(zip_info(name), data.encode("utf-8") if isinstance(data, str) else data,
                       compresslevel=9)


# --------------------------------------------------------------------------------------------
# Checks: words of the .txt versus words extracted from the .docx / .pdf
# --------------------------------------------------------------------------------------------

def expected_words(text):
    """Words of the seed as a reader sees them: markdown markers gone, footnote markers as the
    digits Word prints for them, NFC."""
    defined = {m.group(1) for m in (FOOTNOTE_LINE_RE.match(l) for l in text.split("\n")) if m}
    t = strip_markdown(text)
    for mark in defined:
        t = t.replace(mark, str(SUPERSCRIPT_DIGITS[mark]))
    return unicodedata.normalize("NFC", t).split()


def docx_words(path):
    """Independent reading of our own .docx: every part must parse as XML; the words are the
    w:t text of each paragraph of the body and of the footnotes, with a footnote reference
    (or the number at the head of a footnote) read as its footnote id, as Word prints it."""
    w = "{%s}" % NS_W
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            ET.fromstring(z.read(name))
        doc_root = ET.fromstring(z.read("word/document.xml"))
        fn_root = ET.fromstring(z.read("word/footnotes.xml"))
    roots = [doc_root]
    for fn in fn_root.iter(w + "footnote"):
        if int(fn.get(w + "id")) > 0:  # -1 and 0 are the separators
            roots.append(fn)
    words = []
    for root in roots:
        fid = root.get(w + "id", "")
        for p in root.iter(w + "p"):
            buf = []
            for el in p.iter():
                if el.tag == w + "t":
                    buf.append(el.text or "")
                elif el.tag == w + "footnoteReference":
                    buf.append(el.get(w + "id"))
                elif el.tag == w + "footnoteRef":
                    buf.append(fid)
            words += unicodedata.normalize("NFC", "".join(buf)).split()
    return words


def fold(word):
    """Strip diacritics (and đ -> d) to tell 'diacritics lost' apart from other differences."""
    d = unicodedata.normalize("NFD", word).replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in d if not unicodedata.combining(c))


def compare_words(label, expected, got):
    """Print the multiset difference; return (ok, diacritics_lost)."""
    exp, act = collections.Counter(expected), collections.Counter(got)
    missing, extra = exp - act, act - exp
    if not missing and not extra:
        print(f"  {label}: OK, {len(expected)} words identical (as multisets)")
        return True, False
    # Diacritics were lost if a missing accented word comes back only in folded form.
    extra_folded = {fold(x) for x in extra}
    lost = any(fold(m) != m and fold(m) in extra_folded for m in missing)
    print(f"  {label}: DIFFERENT ({sum(missing.values())} missing, {sum(extra.values())} extra)")
    for word, n in sorted(missing.items())[:30]:
        print(f"      missing {n}x {word!r}")
    for word, n in sorted(extra.items())[:30]:
        print(f"      extra   {n}x {word!r}")
    return False, lost


# --------------------------------------------------------------------------------------------
# PDF via LibreOffice
# --------------------------------------------------------------------------------------------

def convert_to_pdf(docx_paths, outdir):
    """Print the .docx files to PDF with a throw-away LibreOffice profile."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        return False
    with tempfile.TemporaryDirectory(prefix="vanthu-soffice-") as home:
        env = dict(os.environ, HOME=home)
        cmd = [soffice, f"-env:UserInstallation=file://{home}/profile", "--headless",
               "--norestore", "--convert-to", "pdf", "--outdir", str(outdir)]
        cmd += [str(p) for p in docx_paths]
        subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, timeout=600)
    return True


PDF_DATE_RE = re.compile(rb"D:\d{14}")
PDF_CHECKSUM_RE = re.compile(rb"/DocChecksum\s*/([0-9A-Fa-f]+)")
PDF_ID_RE = re.compile(rb"/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]")


def pin_pdf(data, when):
    """Pin the volatile parts of a LibreOffice PDF so re-runs give identical files: the
    /CreationDate becomes the document's own date, /ID and /DocChecksum an MD5 of the content.
    Every replacement has the length of what it replaces, so the xref offsets stay valid.
    `when` is a 'YYYY-MM-DDTHH:MM:SSZ' string.  (LibreOffice 7.4 writes no XMP by default.)"""
    digits = re.sub(r"\D", "", when).encode()
    assert len(digits) == 14
    data = PDF_DATE_RE.sub(lambda m: b"D:" + digits, data)

    def same_length_hex(old, digest):
        return digest[:len(old)].ljust(len(old), b"0")

    # LibreOffice's /ID and /DocChecksum are MD5s over input that includes the clock.
    content = PDF_CHECKSUM_RE.sub(b"", PDF_ID_RE.sub(b"", data))
    digest = hashlib.md5(content).hexdigest().upper().encode()
    data = PDF_CHECKSUM_RE.sub(
        lambda m: m.group(0).replace(m.group(1), same_length_hex(m.group(1), digest)), data)

    def pdf_id(m):
        out = m.group(0)
        for old in {m.group(1), m.group(2)}:
            out = out.replace(b"<" + old + b">", b"<" + same_length_hex(old, digest) + b">")
        return out
    return PDF_ID_RE.sub(pdf_id, data)


# LibreOffice breaks lines after a hyphen ("03-" / "KH/BTCCVĐ") and never auto-hyphenates.
# pdftotext's default mode then takes the hyphen for a soft one and drops it ("03KH/BTCCVĐ"),
# and its -raw mode cuts a superscript footnote number off its word ("động1" / ".").
# -layout keeps both right; joining "X-<newline>Y" (maybe across a page break, where the next
# line is indented) restores a word that the layout cut after its hyphen.
LINE_END_HYPHEN_RE = re.compile(r"(?<=\S-)\n[\f ]*(?=\S)")


def pdf_words(path):
    """Words of a PDF's text layer (pdftotext -layout), NFC; also the list of words that had
    to be rejoined after a line-end hyphen, so the caller can report them."""
    out = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"], check=True,
                         stdout=subprocess.PIPE).stdout.decode("utf-8")
    out = unicodedata.normalize("NFC", out)
    rejoined = [re.sub(r"\s", "", m.group(0))
                for m in re.finditer(r"\S*-\n[\f ]*\S+", out)
                if LINE_END_HYPHEN_RE.search(m.group(0))]
    return LINE_END_HYPHEN_RE.sub("", out).split(), rejoined


# --------------------------------------------------------------------------------------------
# Broken files
# --------------------------------------------------------------------------------------------

def cp1258_bytes(text):
    """Encode Vietnamese text as windows-1258: that code page has the base letters (â ă ê ô
    ơ ư đ) precomposed but the five tones only as combining marks, so split them off."""
    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    out = []
    for ch in unicodedata.normalize("NFC", text):
        try:
            out.append(ch.encode("cp1258"))
            continue
        except UnicodeEncodeError:
            pass
        d = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in d if c not in tones))
        marks = "".join(c for c in d if c in tones)
        out.append((base + marks).encode("cp1258"))
    return b"".join(out)


def write_zip_bomb(path, payload_bytes):
    """A docx whose word/document.xml inflates to payload_bytes (plus a little XML).
    The entry is deflated while it is written, one chunk at a time, so the generator never
    holds the payload in memory; the sizes in the zip headers are the true ones."""
    parts = minimal_docx_parts("Tài liệu hỏng: zip bomb")
    del parts["word/document.xml"]
    head = (XML_DECL + f'<w:document xmlns:w="{NS_W}"><w:body><w:p><w:r><w:t>').encode()
    tail = "</w:t></w:r></w:p></w:body></w:document>".encode()
    # Deflate codes a match 1..4 bytes back without extra bits, so a 4-byte period keeps the
    # ratio near deflate's maximum (~1000:1): 1 GiB inflates from about 1 MB.  "đa " is 4 bytes
    # of UTF-8 text, so a naive extractor would try to index a billion characters of it.
    unit = "đa ".encode()
    chunk = unit * ((1 << 20) // len(unit))  # 1 MiB of whole repetitions
    with zipfile.ZipFile(path, "w") as z:
        for name in sorted(list(parts) + ["word/document.xml"]):
            if name != "word/document.xml":
                z.writestr(zip_info(name), parts[name].encode(), compresslevel=9)
                continue
            info = zip_info(name)
            info._compresslevel = 9  # ZipFile.open() ignores the archive default for a ZipInfo
            with z.open(info, "w") as f:
                f.write(head)
                written = 0
                while written < payload_bytes:
                    f.write(chunk)
                    written += len(chunk)
                f.write(tail)


def minimal_docx_parts(title):
    """A small, valid package around a one-paragraph document (for the broken variants)."""
    layout = SeedLayout(left=[], right=[], creator="vanthu make_corpus.py",
                        created="2024-01-01T00:00:00Z", modified="2024-01-01T00:00:00Z")
    doc = Document(body=[Para([Run(title)])], footnotes={}, title=title, layout=layout)
    return docx_parts(doc)


def endless_forms_pdf(depth=40):
    """A valid one-page PDF whose text extraction never ends in practice: the page draws form
    X0, and each form Xk draws form Xk+1 twice, down to depth 40, so a reader that executes the
    page (Poppler's text extraction does) runs 2^40 form invocations. No form contains itself,
    so no loop check stops it; memory stays flat because only the nesting is 40 deep."""
    objs = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        4: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    }
    first_form, content_id = 5, 5 + depth + 1
    objs[3] = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
               b"/Resources << /Font << /F1 4 0 R >> /XObject << /X0 %d 0 R >> >> >>"
               % (content_id, first_form))
    for k in range(depth + 1):
        if k < depth:
            body = b"/X Do /X Do"
            res = b"/Resources << /XObject << /X %d 0 R >> >> " % (first_form + k + 1)
        else:
            body, res = b"q Q", b""
        objs[first_form + k] = (b"<< /Type /XObject /Subtype /Form /BBox [0 0 595 842] %s"
                                b"/Length %d >>\nstream\n%s\nendstream" % (res, len(body), body))
    page = "BT /F1 12 Tf 72 720 Td (Tai lieu hong: vong lap vo tan) Tj ET /X0 Do".encode()
    objs[content_id] = b"<< /Length %d >>\nstream\n%s\nendstream" % (len(page), page)
    out = bytearray(b"%PDF-1.4\n")
    offsets = {}
    for i in sorted(objs):
        offsets[i] = len(out)
        out += b"%d 0 obj\n" % i + objs[i] + b"\nendobj\n"
    xref, size = len(out), max(objs) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for i in range(1, size):
        out += b"%010d 00000 n \n" % offsets[i]
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref)
    return bytes(out)


def entity_tricks_document_xml():
    """document.xml with a DTD: "billion laughs" (10^9 copies of "lol" after expansion) and an
    external entity that would read /etc/passwd. Office Open XML forbids DTDs altogether."""
    dtd = ['<!DOCTYPE w:document [', '<!ENTITY lol "lol">',
           '<!ENTITY xxe SYSTEM "file:///etc/passwd">']
    for i in range(1, 10):
        prev = "lol" if i == 1 else f"lol{i - 1}"
        dtd.append(f'<!ENTITY lol{i} "{("&" + prev + ";") * 10}">')
    dtd.append("]>")
    return (XML_DECL + "".join(dtd) + f'<w:document xmlns:w="{NS_W}"><w:body>'
            "<w:p><w:r><w:t>Tài liệu hỏng: thực thể XML</w:t></w:r></w:p>"
            "<w:p><w:r><w:t>&lol9;&xxe;</w:t></w:r></w:p></w:body></w:document>")


def deep_nesting_document_xml(depth=100000):
    """document.xml nested 100,000 elements deep (w:sdt content controls, which real files do
    nest a few levels): a recursive walker without a depth limit runs out of stack."""
    open_tags = "<w:sdt><w:sdtContent>" * depth
    close_tags = "</w:sdtContent></w:sdt>" * depth
    return (XML_DECL + f'<w:document xmlns:w="{NS_W}"><w:body>'
            "<w:p><w:r><w:t>Tài liệu hỏng: lồng quá sâu</w:t></w:r></w:p>"
            + open_tags + "<w:p><w:r><w:t>sâu</w:t></w:r></w:p>" + close_tags
            + "</w:body></w:document>")


PDF_USER_PASSWORD, PDF_OWNER_PASSWORD = "vanthu-user", "vanthu-owner"


def encrypt_pdf(qpdf, src, dest):
    """AES-256 (R6) encryption with a user password.  R6 draws a random file key and salts
    that qpdf cannot pin, so a fresh encryption differs every run; keep the existing file when
    it decrypts to exactly what the fresh one decrypts to, so re-runs leave it unchanged."""
    with tempfile.TemporaryDirectory(prefix="vanthu-qpdf-") as tmp:
        fresh = Path(tmp) / "fresh.pdf"
        # --static-id / --static-aes-iv are qpdf's options for reproducible test output.
        subprocess.run([qpdf, "--static-id", "--static-aes-iv", "--encrypt", PDF_USER_PASSWORD,
                        PDF_OWNER_PASSWORD, "256", "--", str(src), str(fresh)], check=True)

        def decrypted(path, name):
            out = Path(tmp) / name
            r = subprocess.run([qpdf, "--static-id", f"--password={PDF_USER_PASSWORD}",
                                "--decrypt", str(path), str(out)], stderr=subprocess.DEVNULL)
            return out.read_bytes() if r.returncode in (0, 3) and out.exists() else None

        if dest.exists() and decrypted(dest, "old.plain") == decrypted(fresh, "new.plain"):
            return
        shutil.copyfile(fresh, dest)


def make_broken(broken_dir, seeds_out, seed_texts, args):
    broken_dir.mkdir(parents=True, exist_ok=True)
    made = []

    src_pdf = seeds_out / "000.pdf"
    if src_pdf.exists():
        data = src_pdf.read_bytes()
        # 40% cuts through the page objects and drops the xref table and %%EOF.
        (broken_dir / "truncated.pdf").write_bytes(data[: len(data) * 40 // 100])
        made.append("truncated.pdf")
        qpdf = shutil.which("qpdf")
        if qpdf:
            encrypt_pdf(qpdf, src_pdf, broken_dir / "encrypted.pdf")
            made.append("encrypted.pdf")
        else:
            print("  WARNING: qpdf not found (apt-get install qpdf): encrypted.pdf not made")
    else:
        print("  WARNING: corpus/seeds/000.pdf missing: truncated.pdf / encrypted.pdf not made")

    if args.bomb_mib:
        write_zip_bomb(broken_dir / "zip-bomb.docx", args.bomb_mib << 20)
        made.append("zip-bomb.docx")

    # Valid package, but document.xml stops in the middle of an element (unclosed tags).
    parts = minimal_docx_parts("Tài liệu hỏng: XML không hợp lệ")
    parts["word/document.xml"] = (
        XML_DECL + f'<w:document xmlns:w="{NS_W}"><w:body><w:p><w:r><w:t>'
        "KẾ HOẠCH tuyên truyền</w:t></w:r><w:p><w:r><w:t>Đắk Lắk, ngày 30 tháng 10")
    write_zip(broken_dir / "malformed.docx", parts)
    made.append("malformed.docx")

    # Legacy encoding: the opening paragraphs of seed 003 in windows-1258, CRLF line ends.
    paras = [l for l in seed_texts["003"].split("\n") if l.strip()][:6]
    legacy = cp1258_bytes("\r\n\r\n".join(paras) + "\r\n")
    try:
        legacy.decode("utf-8")
        sys.exit("make_corpus: not-utf8.txt unexpectedly decodes as UTF-8")
    except UnicodeDecodeError:
        pass
    (broken_dir / "not-utf8.txt").write_bytes(legacy)
    made.append("not-utf8.txt")

    (broken_dir / "empty.txt").write_bytes(b"")
    made.append("empty.txt")

    # Plain UTF-8 text that only pretends to be a Word file.
    head = "\n".join(seed_texts["002"].split("\n")[:6]).strip() + "\n"
    (broken_dir / "not-a-zip.docx").write_bytes(head.encode("utf-8"))
    made.append("not-a-zip.docx")

    # A package whose content types and relationships point at a main part that is absent.
    parts = minimal_docx_parts("Tài liệu hỏng: thiếu word/document.xml")
    del parts["word/document.xml"]
    write_zip(broken_dir / "missing-document.docx", parts)
    made.append("missing-document.docx")

    (broken_dir / "endless-forms.pdf").write_bytes(endless_forms_pdf())
    made.append("endless-forms.pdf")

    parts = minimal_docx_parts("Tài liệu hỏng: thực thể XML")
    parts["word/document.xml"] = entity_tricks_document_xml()
    write_zip(broken_dir / "xml-entities.docx", parts)
    made.append("xml-entities.docx")

    parts = minimal_docx_parts("Tài liệu hỏng: lồng quá sâu")
    parts["word/document.xml"] = deep_nesting_document_xml()
    write_zip(broken_dir / "deep-nesting.docx", parts)
    made.append("deep-nesting.docx")
    return made


# --------------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------------

def find_seeds(seed_dir):
    files = sorted(seed_dir.glob("[0-9][0-9][0-9]_*.txt"))
    if len(files) != 5:
        sys.exit(f"make_corpus: expected 5 seed files NNN_*.txt in {seed_dir}, found {len(files)}")
    return {f.name[:3]: f for f in files}


def default_seed_dir():
    # In a checkout, shared/ sits beside the repository (CI clones main next to it).
    for cand in (REPO.parent / "shared" / "data" / "seeds", Path("/work/shared/data/seeds")):
        if cand.is_dir():
            return cand
    return REPO.parent / "shared" / "data" / "seeds"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seeds", type=Path, default=default_seed_dir(),
                    help="directory with 000_*.txt .. 004_*.txt")
    ap.add_argument("--out", type=Path, default=REPO / "corpus", help="output corpus directory")
    ap.add_argument("--skip-pdf", action="store_true",
                    help="do not run soffice; keep whatever PDFs are already there")
    ap.add_argument("--bomb-mib", type=int, default=1024,
                    help="uncompressed size of zip-bomb.docx's document.xml in MiB (0: skip)")
    args = ap.parse_args()

    seeds_out = args.out / "seeds"
    seeds_out.mkdir(parents=True, exist_ok=True)
    failures = []

    print(f"seeds from {args.seeds}")
    seed_files = find_seeds(args.seeds)
    seed_texts = {}
    docx_paths = []
    for sid, src in sorted(seed_files.items()):
        raw = src.read_bytes()
        text = raw.decode("utf-8")  # strict: a seed that is not UTF-8 is an error here
        seed_texts[sid] = text
        (seeds_out / f"{sid}.txt").write_bytes(raw)
        doc = build_document(sid, text)
        docx = seeds_out / f"{sid}.docx"
        write_zip(docx, docx_parts(doc))
        docx_paths.append(docx)
        ok, _ = compare_words(f"{sid}.docx vs {sid}.txt", expected_words(text),
                              docx_words(docx))
        if not ok:
            failures.append(f"{sid}.docx words differ from {sid}.txt")

    if not args.skip_pdf:
        with tempfile.TemporaryDirectory(prefix="vanthu-pdf-") as tmp:
            if convert_to_pdf(docx_paths, Path(tmp)):
                for docx in docx_paths:
                    sid = docx.stem
                    pdf = Path(tmp) / f"{sid}.pdf"
                    if not pdf.exists():
                        failures.append(f"soffice produced no {sid}.pdf")
                        continue
                    pinned = pin_pdf(pdf.read_bytes(), LAYOUTS[sid].modified)
                    (seeds_out / f"{sid}.pdf").write_bytes(pinned)
            else:
                print("WARNING: soffice not found (apt-get install libreoffice-writer-nogui): "
                      "PDFs not regenerated")

    print("pdftotext check (words NFC-normalised, compared as multisets):")
    if shutil.which("pdftotext"):
        for sid, text in sorted(seed_texts.items()):
            pdf = seeds_out / f"{sid}.pdf"
            if not pdf.exists():
                failures.append(f"{sid}.pdf missing")
                continue
            words, rejoined = pdf_words(pdf)
            ok, lost = compare_words(f"{sid}.pdf vs {sid}.txt", expected_words(text), words)
            if rejoined:
                print(f"      (words cut after a hyphen at a line end, rejoined: "
                      f"{', '.join(rejoined)})")
            if lost:
                failures.append(f"{sid}.pdf LOST DIACRITICS")
            elif not ok:
                failures.append(f"{sid}.pdf words differ from {sid}.txt")
    else:
        print("  WARNING: pdftotext not found (apt-get install poppler-utils): not checked")

    print("broken files:")
    for name in make_broken(args.out / "broken", seeds_out, seed_texts, args):
        print(f"  {name}")

    if failures:
        print("\nFAILED:\n  " + "\n  ".join(failures), file=sys.stderr)
        return 1
    print("\nall checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
