#!/usr/bin/env python3
"""Generate administrative documents in the official layout, with their expected metadata.

    python3 bench/generate_documents.py --count 1000 --out DIR [--seed 1] [--formats docx,pdf,txt]

Each document is built around one REAL record of ../shared/data/angiang/documents.jsonl: its
number as written (stray spaces and all), type, date, issuer and subject.  The body is made of
paragraphs of the five seeds and of ALQAC law articles, plus 1-3 real citation sentences taken
from OTHER records ("Quyết định số 38/2017/QĐ-UBND ngày 31/7/2017 của ..."), in the body or in
footnotes.  The header, stamps, recipients and signing block follow Nghị định 30/2020/NĐ-CP
(state bodies) or Hướng dẫn 36-HD/VPTW (Party bodies), with the variations real files show.

For every document NAME it writes NAME.docx / NAME.pdf / NAME.txt (as asked by --formats),
NAME.expected.json, and one expected.jsonl for the whole set.  The DOCX files come from the
writer of scripts/make_corpus.py (header and footer as 2-column borderless tables, real
footnotes); the PDFs are those DOCX printed by LibreOffice (soffice --headless), in batches
of 200 files per soffice process.

Standard library only (no PyPI here).  The output depends only on --seed, --count and the data:
fixed zip timestamps, document dates as file dates, PDF dates and /ID pinned.

What is not real, and is flagged in the expected file:
  * the An Giang data holds no Party documents, so Party-layout documents get a number in the
    Party form built from the record's serial and type ("number_synthetic": true);
  * a record without a date gets one from its citation sentence, or a plausible one in the
    year of its number ("date_source");
  * a record without a subject gets one from its citation sentence, or a generated one
    ("subject_source");
  * signers, recipients and body text are generated (no record holds them).
"""

import argparse
import dataclasses
import datetime
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))
sys.dont_write_bytecode = True  # no __pycache__ left in scripts/ by the import below
import make_corpus as mc  # noqa: E402  (the DOCX writer shared with the sample corpus)

SOFFICE_HINT = ("apt-get install -y --no-install-recommends libreoffice-writer-nogui "
                "fonts-dejavu-core")


def default_data_dir():
    # In a checkout, shared/ sits beside the repository, as for make_corpus.py.
    for cand in (REPO.parent / "shared" / "data", Path("/work/shared/data")):
        if cand.is_dir():
            return cand
    return REPO.parent / "shared" / "data"


# --------------------------------------------------------------------------------------------
# Document numbers.  A port of the scanner in core/src/docnumber.cpp, so that the expected
# canonical form and the citations found in a sentence are computed independently of the C++
# code under test; metadata_accuracy cross-checks both and reports any disagreement.
# --------------------------------------------------------------------------------------------

MAX_SERIAL_DIGITS = 6
MAX_STRAY_SPACES = 2


@dataclasses.dataclass
class Number:
    family: str          # "state" or "party"
    serial: str          # as written, leading zeros kept
    year: str
    codes: list
    canonical: str
    key: str
    written: str = ""    # the substring of the text, stray spaces kept
    start: int = 0
    end: int = 0


def _is_code_letter(c):
    return ("A" <= c <= "Z") or ("a" <= c <= "z") or c in "Đđ"


def _boundary(text, p):
    if p >= len(text):
        return True
    c = text[p]
    return not (c.isalnum() or c == "_" or unicodedata.combining(c))


def _count_spaces(text, p):
    k = 0
    while p + k < len(text) and text[p + k] == " " and k <= MAX_STRAY_SPACES:
        k += 1
    return 0 if k > MAX_STRAY_SPACES else k


def _read_code(text, p, clean):
    q, upper, lower, first = p, 0, 0, True
    while q < len(text):
        c = text[q]
        if ("A" <= c <= "Z") or c == "Đ":
            upper += 1
        elif ("a" <= c <= "z") or c == "đ":
            lower += 1
        elif not first and (c.isdigit() and c.isascii() or c == "&"):
            pass
        elif not first and c == "," and q + 1 < len(text) and "A" <= text[q + 1] <= "Z":
            pass
        else:
            break
        q += 1
        first = False
    if q == p or upper < lower:
        return None
    if clean and (lower > 0 or upper < 2):
        return None
    if not (("A" <= text[p] <= "Z") or text[p] == "Đ"):
        return None
    return q if _boundary(text, q) else None


def _serial_may_start(text, pos):
    if pos == 0:
        return True
    prev = text[pos - 1]
    if prev == "/":
        return pos >= 3 and text[pos - 3:pos - 1] in ("Số", "SỐ", "số")
    if prev.isascii():
        return not (prev.isalnum() or prev in "-.,&_")
    return not (prev.isalnum() or unicodedata.combining(prev))


def _parse_at(text, pos):
    p = pos
    while p < len(text) and text[p].isascii() and text[p].isdigit():
        p += 1
    if p == pos or p - pos > MAX_SERIAL_DIGITS:
        return None
    serial = text[pos:p]
    q = p + _count_spaces(text, p)
    if q >= len(text):
        return None
    if text.startswith("-/", q):        # "77-/STTTT": the type code was lost
        family, q = "state", q + 2
    elif text[q] == "/":
        family, q = "state", q + 1
    elif text[q] == "-":
        family, q = "party", q + 1
    else:
        return None
    q += _count_spaces(text, q)
    year = ""
    if (family == "state" and q + 4 < len(text) and text[q:q + 4].isdigit()
            and text[q:q + 2] in ("19", "20")):
        r = q + 4 + _count_spaces(text, q + 4)
        if r < len(text) and text[r] in "/-":
            year = text[q:q + 4]
            q = r + 1 + _count_spaces(text, r + 1)
    end = _read_code(text, q, clean=False)
    if end is None:
        return None
    codes, seps = [text[q:end]], []
    while end < len(text):
        before = _count_spaces(text, end)
        s = end + before
        if s >= len(text) or text[s] not in "-/":
            break
        c = s + 1
        after = _count_spaces(text, c)
        c += after
        e = _read_code(text, c, clean=before + after > 0)
        if e is None:
            break
        seps.append(text[s])
        codes.append(text[c:e])
        end = e
    if not _boundary(text, end):
        return None
    if family == "party" and len(codes) < 2:
        return None
    if sum(1 for code in codes for ch in code if _is_code_letter(ch)) < 2:
        return None
    if family == "state":
        canon = serial + (f"/{year}" if year else "") + "/" + "-".join(codes)
    else:
        canon = f"{serial}-{codes[0]}"
        for i, code in enumerate(codes[1:], start=1):
            canon += ("/" if i == 1 else seps[i - 1]) + code
    stripped = serial.lstrip("0") or "0"
    key = (stripped + canon[len(serial):]).lower()
    return Number(family, serial, year, codes, canon, key, text[pos:end], pos, end)


def find_numbers(text):
    """Every document number in a text, left to right, as core::find_doc_numbers finds them."""
    text = text.replace("Ð", "Đ").replace("ð", "đ")
    out, i = [], 0
    while i < len(text):
        if not (text[i].isascii() and text[i].isdigit()):
            i += 1
            continue
        if _serial_may_start(text, i):
            n = _parse_at(text, i)
            if n:
                out.append(n)
                i = n.end
                continue
        while i < len(text) and text[i].isascii() and text[i].isdigit():
            i += 1
    return out


def parse_number(text):
    found = find_numbers(text)
    return found[0] if len(found) == 1 and found[0].written == text.strip() else None


# A date written right after a cited number: "…/QĐ-UBND ngày 31/7/2017", ", ngày 26/02/2020",
# "ngày 19 tháng 7 năm 2018".  Only this position counts: a date further on belongs to
# something else ("(chưa có trong danh mục áp dụng từ ngày 01/7/2025)").
DATE_AFTER_RE = re.compile(
    r"\s*,?\s*(?:ngày\s+)?(?:(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})\b"
    r"|(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})\b)")


def date_after(text, pos):
    m = DATE_AFTER_RE.match(text, pos)
    if not m:
        return ""
    d, mo, y = (m.group(1), m.group(2), m.group(3)) if m.group(1) else m.group(4, 5, 6)
    try:
        return datetime.date(int(y), int(mo), int(d)).isoformat()
    except ValueError:
        return ""


def citations_in(text):
    """[(Number, iso_date)] for every number in a sentence, with the date written after it."""
    return [(n, date_after(text, n.end)) for n in find_numbers(text)]


# Anything that looks like a date, so that body paragraphs never carry a stray one: the date of
# issue must come from the place-date line only, and citations only from the sentences we put in.
ANY_DATE_RE = re.compile(r"\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{2,4}|tháng\s+\d{1,2}\s+năm\s+\d{4}"
                         r"|ngày\s+\d|\d{1,2}\s*/\s*\d{4}")


# --------------------------------------------------------------------------------------------
# Vocabulary: types, issuers, signers, recipients
# --------------------------------------------------------------------------------------------

TYPE_CODES = {
    "Quyết định": "QĐ", "Nghị quyết": "NQ", "Công văn": "CV", "Tờ trình": "TTr",
    "Thông báo": "TB", "Báo cáo": "BC", "Nghị định": "NĐ", "Chỉ thị": "CT", "Kế hoạch": "KH",
}
KNOWN_TYPE_CODES = set(TYPE_CODES.values()) | {"Tr", "HD", "TT", "QyĐ", "QĐi", "KL", "CTr"}

# Issuer codes of the An Giang numbers -> (unit line, parent line or None).  A unit whose
# parent is the province's People's Committee prints it above; "{P}" is the province.
ISSUER_CODES = {
    "SNNMT": ("SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG", "UBND"),
    "STC": ("SỞ TÀI CHÍNH", "UBND"),
    "SXD": ("SỞ XÂY DỰNG", "UBND"),
    "SCT": ("SỞ CÔNG THƯƠNG", "UBND"),
    "SNV": ("SỞ NỘI VỤ", "UBND"),
    "SDL": ("SỞ DU LỊCH", "UBND"),
    "SDTTG": ("SỞ DÂN TỘC VÀ TÔN GIÁO", "UBND"),
    "SGDĐT": ("SỞ GIÁO DỤC VÀ ĐÀO TẠO", "UBND"),
    "SKHCN": ("SỞ KHOA HỌC VÀ CÔNG NGHỆ", "UBND"),
    "SYT": ("SỞ Y TẾ", "UBND"),
    "STP": ("SỞ TƯ PHÁP", "UBND"),
    "SVHTT": ("SỞ VĂN HÓA VÀ THỂ THAO", "UBND"),
    "VP": ("VĂN PHÒNG", "UBND"),
    "BQLKKT": ("BAN QUẢN LÝ KHU KINH TẾ", "UBND"),
    "TTHĐND": ("THƯỜNG TRỰC HỘI ĐỒNG NHÂN DÂN", "HĐND"),
    "CAT": ("CÔNG AN TỈNH {P}", "BỘ CÔNG AN"),
    "NHCS": ("CHI NHÁNH TỈNH {P}", "NGÂN HÀNG CHÍNH SÁCH XÃ HỘI"),
    "BCHBP": ("BỘ CHỈ HUY BỘ ĐỘI BIÊN PHÒNG TỈNH {P}", "BỘ TƯ LỆNH BỘ ĐỘI BIÊN PHÒNG"),
}
BODY_NAMES = {"UBND": "ỦY BAN NHÂN DÂN", "HĐND": "HỘI ĐỒNG NHÂN DÂN", "HĐ": "HỘI ĐỒNG NHÂN DÂN"}

# Sector of a drafting agency, for generated subjects.
SECTOR_TOPICS = {
    "Sở Nông nghiệp và Môi trường": [
        "giá đất cụ thể để tính bồi thường khi Nhà nước thu hồi đất",
        "hạn mức giao đất nông nghiệp cho hộ gia đình, cá nhân",
        "phí thẩm định báo cáo đánh giá tác động môi trường"],
    "Sở Tài chính": [
        "mua sắm tài sản công theo phương thức tập trung",
        "mức chi bảo đảm cho công tác kiểm tra, xử lý văn bản quy phạm pháp luật",
        "phân cấp quản lý tài sản công tại cơ quan, đơn vị thuộc phạm vi quản lý của tỉnh"],
    "Sở Xây dựng": [
        "quản lý chất lượng công trình xây dựng trên địa bàn tỉnh",
        "giá cho thuê nhà ở xã hội thuộc sở hữu nhà nước"],
    "Sở Văn hóa và Thể thao": [
        "chế độ dinh dưỡng đối với huấn luyện viên, vận động viên thể thao",
        "quản lý hoạt động văn hóa và kinh doanh dịch vụ văn hóa công cộng"],
    "Sở Nội vụ": [
        "chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức của Sở Nội vụ",
        "tiêu chuẩn, điều kiện bổ nhiệm chức danh trưởng phòng, phó trưởng phòng"],
    "Sở Công Thương": ["quản lý cụm công nghiệp trên địa bàn tỉnh",
                       "phát triển thương mại nông thôn giai đoạn 2026 - 2030"],
    "Sở Khoa học và Công nghệ": ["quản lý nhiệm vụ khoa học và công nghệ cấp tỉnh",
                                 "chuyển đổi số trong cơ quan nhà nước của tỉnh"],
    "Sở Giáo dục và Đào tạo": ["học phí đối với cơ sở giáo dục công lập năm học 2025 - 2026",
                               "hỗ trợ giáo viên mầm non ngoài công lập"],
    "Sở Y tế": ["giá dịch vụ khám bệnh, chữa bệnh không thuộc phạm vi thanh toán của quỹ "
                "bảo hiểm y tế"],
    "Sở Du lịch": ["phát triển du lịch cộng đồng trên địa bàn tỉnh"],
    "Công an tỉnh": ["bảo đảm trật tự, an toàn giao thông trên địa bàn tỉnh",
                     "quản lý, sử dụng pháo hoa, vật liệu nổ công nghiệp"],
    "Sở Dân tộc và Tôn giáo": ["chính sách hỗ trợ đồng bào dân tộc thiểu số"],
}
DEFAULT_TOPICS = ["bãi bỏ văn bản quy phạm pháp luật do Ủy ban nhân dân tỉnh ban hành",
                  "rà soát, hệ thống hóa văn bản quy phạm pháp luật của tỉnh"]

# Party bodies: number code -> unit line (None: the Tỉnh ủy itself signs).
PARTY_UNITS = [("TU", None), ("BTGTU", "BAN TUYÊN GIÁO"), ("BTCTU", "BAN TỔ CHỨC"),
               ("BDVTU", "BAN DÂN VẬN"), ("UBKTTU", "ỦY BAN KIỂM TRA"), ("VPTU", "VĂN PHÒNG")]
PARTY_TYPES = ["Báo cáo", "Công văn", "Thông báo", "Kế hoạch", "Quyết định", "Chỉ thị"]

FAMILY_NAMES = ["Nguyễn"] * 8 + ["Trần"] * 3 + ["Lê"] * 3 + [
    "Phạm", "Huỳnh", "Hoàng", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương",
    "Lý", "Đinh", "Trương", "Lâm", "Châu", "Tô", "Đoàn", "Mai", "Cao", "Lương", "Thái", "Tăng"]
MALE_MIDDLE = ["Văn", "Văn", "Hữu", "Minh", "Thanh", "Quốc", "Đức", "Công", "Hoàng", "Thành",
               "Ngọc", "Tấn", "Trung", "Xuân", "Anh", "Phước"]
FEMALE_MIDDLE = ["Thị", "Thị", "Thị", "Ngọc", "Thanh", "Kim", "Thu", "Hồng", "Mỹ", "Thúy"]
MALE_GIVEN = ["Hùng", "Dũng", "Tuấn", "Phong", "Nghĩa", "Thắng", "Bình", "Hòa", "Hải", "Sơn",
              "Long", "Trung", "Hiếu", "Phúc", "Quang", "Tài", "Vinh", "Lộc", "Thuận", "Nhân",
              "Khải", "Cảnh", "Kiệt", "Toàn", "Đạt", "Lợi", "Thiện", "Nam", "Tú", "Bảo"]
FEMALE_GIVEN = ["Hà", "Lan", "Thảo", "Hương", "Nga", "Thủy", "Hạnh", "Trinh", "Liên", "Mai",
                "Phượng", "Yến", "Diệu", "Ngân", "Châu", "Hằng", "Vân", "Quyên"]

RECIPIENTS_STATE = ["TT. Tỉnh ủy", "TT. HĐND tỉnh", "CT, các PCT UBND tỉnh", "Sở Tư pháp",
                    "Sở Tài chính", "Các sở, ban, ngành tỉnh", "UBND các xã, phường, đặc khu",
                    "Cổng Thông tin điện tử tỉnh", "Trung tâm Công báo - Tin học",
                    "Cục Kiểm tra văn bản và Quản lý xử lý vi phạm hành chính - Bộ Tư pháp",
                    "Ban Pháp chế HĐND tỉnh", "Báo và Phát thanh, Truyền hình An Giang",
                    "Văn phòng UBND tỉnh", "Lãnh đạo Sở", "Phòng Kế hoạch - Tài chính"]
KINH_GUI_STATE = ["Ủy ban nhân dân tỉnh", "Sở Tư pháp", "Sở Tài chính", "Sở Nội vụ",
                  "Văn phòng Ủy ban nhân dân tỉnh", "Các sở, ban, ngành tỉnh",
                  "Ủy ban nhân dân các xã, phường, đặc khu", "Thường trực Hội đồng nhân dân tỉnh",
                  "Ban Kinh tế - Ngân sách Hội đồng nhân dân tỉnh"]
RECIPIENTS_PARTY = ["Ban Thường vụ Tỉnh ủy (b/c)", "Thường trực Tỉnh ủy (b/c)",
                    "Các đảng ủy trực thuộc Tỉnh ủy", "Các ban xây dựng Đảng Tỉnh ủy",
                    "Đảng ủy Ủy ban nhân dân tỉnh", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh",
                    "Báo và Phát thanh, Truyền hình An Giang", "Lãnh đạo Ban"]
KINH_GUI_PARTY = ["Các đảng ủy trực thuộc Tỉnh ủy", "Các sở, ban, ngành và tương đương",
                  "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh và các đoàn thể chính trị - xã hội tỉnh"]

SECRECY = ["MẬT", "TỐI MẬT"]
URGENCY = ["KHẨN", "THƯỢNG KHẨN", "HỎA TỐC"]


# --------------------------------------------------------------------------------------------
# Source data
# --------------------------------------------------------------------------------------------

def load_records(data_dir):
    path = data_dir / "angiang" / "documents.jsonl"
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def usable_paragraph(p):
    """A body paragraph must not carry anything the parser could take for metadata: no
    document number, no date, no capitals-only line (type, stamp, signer), no header words."""
    if not 80 <= len(p) <= 700 or "\t" in p or "http" in p:
        return False
    if find_numbers(p) or ANY_DATE_RE.search(p):
        return False
    if any(c in p for c in "¹²³⁴⁵⁶⁷⁸⁹*{}"):
        return False
    if p[0].islower():
        return False        # the second half of a line the seed text broke in two
    letters = [c for c in p if c.isalpha()]
    if sum(c.isupper() for c in letters) > len(letters) // 3:
        return False
    if re.search(r"Nơi nhận|Noi nhận|Kính gửi|V/v|\bSố\s*:|\bTM\.|\bKT\.|\bTL\.|MẬT|KHẨN|"
                 r"HỎA TỐC|CỘNG HÒA|ĐẢNG CỘNG SẢN", p):
        return False
    return True


def load_paragraphs(data_dir):
    """Body paragraphs from the seeds (markdown removed) and from ALQAC articles (the article
    title, its first line, is dropped: a short capitalised line is not body text)."""
    seeds, alqac = [], []
    for f in sorted((data_dir / "seeds").glob("[0-9][0-9][0-9]_*.txt")):
        # Line by line: a block of several lines in a seed is a list (recipients, a signing
        # block), and joined it would make a paragraph no document has.
        for line in mc.strip_markdown(f.read_text(encoding="utf-8")).split("\n"):
            p = " ".join(line.split())
            if usable_paragraph(p):
                seeds.append(p)
    with open(data_dir / "alqac" / "corpus.jsonl", encoding="utf-8") as f:
        for line in f:
            text = json.loads(line).get("text") or ""
            for block in re.split(r"\n\s*\n", text)[1:]:
                p = " ".join(block.split())
                if usable_paragraph(p):
                    alqac.append(p)
    if not seeds or not alqac:
        sys.exit(f"generate_documents: no usable paragraphs in {data_dir}")
    return seeds, alqac


def clean_mention(m):
    """A record's mention, usable as a citation sentence: the data cut mentions at 300
    characters, so drop a cut-off last item, or else the cut-off last word; no final ';'
    or '.'."""
    m = " ".join(m.split())
    if len(m) >= 295:
        m = m[:m.rindex(";")] if ";" in m else m[:m.rindex(" ")]
    return m.rstrip(" ;,.")


# Subjects cut out of a citation keep its "của Ủy ban nhân dân tỉnh …" (once even twice, and
# glued to the date: "18/11/2021của"); a printed trích yếu never starts that way.
LEADING_ISSUER_RE = re.compile(r"^(?:của\s+)+(?:(?:Ủy ban nhân dân|UBND|Hội đồng nhân dân|HĐND)"
                               r"(?:\s+tỉnh)?(?:\s+(?:An Giang|Kiên Giang))?\s+"
                               r"|[^,;]{0,60}?\s+về việc\s+)", re.I)


# --------------------------------------------------------------------------------------------
# The document model shared by the three renderers
# --------------------------------------------------------------------------------------------

@dataclasses.dataclass
class Line:
    text: str
    bold: bool = False
    italic: bool = False
    size: int = 26          # half-points
    align: str = "center"


@dataclasses.dataclass
class BodyPara:
    text: str
    footnote: str = ""      # footnote text; the marker goes at the end of the paragraph
    bold: bool = False
    align: str = "both"
    indent: bool = True


@dataclasses.dataclass
class Layout:
    header_left: list       # Line
    header_right: list      # Line
    left_width: int
    pre_title: list         # Line: stamps printed under the header
    title: list             # Line: type in capitals, subject, authority lines
    title_gap: bool         # an empty paragraph under the title block (holds the rule)
    body: list              # BodyPara
    recipients_heading: str
    recipients_lines: list  # str, with their dashes
    signature: list         # str, authority/position lines, then "" gaps, then the name
    txt_header_order: str   # "columns", "interleaved", "right-first"
    txt_footer_order: str   # "recipients-first", "signature-first"


# --------------------------------------------------------------------------------------------
# Field choices
# --------------------------------------------------------------------------------------------

def province_of(record):
    cq = record.get("co_quan_ban_hanh") or ""
    return "Kiên Giang" if "Kiên Giang" in cq else "An Giang"


def issuer_code(number):
    """The issuing body's code in a state number: after the type code (N/TYPE-ISSUER) or first
    (công văn N/ISSUER-UNIT)."""
    codes = number.codes
    if codes[0] in KNOWN_TYPE_CODES and len(codes) > 1:
        return codes[1]
    return codes[0]


SANE_ISSUER_RE = re.compile(r"^(Ủy ban nhân dân|UBND|Hội đồng nhân dân|HĐND) tỉnh (?:tỉnh )?"
                            r"(An Giang|Kiên Giang)$")


def state_issuer(rng, record, number, province):
    """(lines for the left cell, issuer, issuer_parent) of a state document."""
    prov_caps = "TỈNH " + province.upper()
    body = None
    m = SANE_ISSUER_RE.match(record.get("co_quan_ban_hanh") or "")
    code = issuer_code(number)
    if m:
        body = BODY_NAMES["UBND" if m.group(1) in ("Ủy ban nhân dân", "UBND") else "HĐND"]
    elif code in BODY_NAMES:
        body = BODY_NAMES[code]
    elif code == "CP":
        return [Line("CHÍNH PHỦ", bold=True, size=24)], "CHÍNH PHỦ", ""
    if body:
        # Old tone placement ("UỶ") still shows up in headers typed long ago.
        if body.startswith("ỦY") and rng.random() < 0.05:
            body = "UỶ" + body[2:]
        if rng.random() < 0.6:
            lines = [Line(body, bold=True, size=24), Line(prov_caps, bold=True, size=24)]
        else:
            lines = [Line(f"{body} {prov_caps}", bold=True, size=24)]
        return lines, f"{body} {prov_caps}", ""
    unit, parent = ISSUER_CODES.get(code, (None, None))
    if unit is None:
        # An unknown code: the drafting agency named in the record is the best guess.
        hint = record.get("co_quan_soan_thao_hint") or "Văn phòng UBND tỉnh"
        unit, parent = hint.upper(), "UBND"
    unit = unit.replace("{P}", province.upper())
    if parent == "UBND":
        parent = rng.choice(["ỦY BAN NHÂN DÂN " + prov_caps, "UBND " + prov_caps])
    elif parent == "HĐND":
        parent = rng.choice(["HỘI ĐỒNG NHÂN DÂN " + prov_caps, "HĐND " + prov_caps])
    lines = [Line(parent, size=24)]
    words = unit.split()
    if len(unit) > 22 and len(words) > 3 and rng.random() < 0.4:
        # A long unit name split over two lines, as it is when it does not fit the column.
        cut = len(words) // 2 + 1
        lines += [Line(" ".join(words[:cut]), bold=True, size=24),
                  Line(" ".join(words[cut:]), bold=True, size=24)]
    else:
        lines.append(Line(unit, bold=True, size=24))
    return lines, unit, parent


def date_line(rng, place, iso, party):
    """"An Giang, ngày 05 tháng 02 năm 2021": Nghị định 30/2020 asks for a leading zero on days
    below 10 and on months 1 and 2; Party documents zero-pad both; people do not always."""
    d = datetime.date.fromisoformat(iso)
    style = rng.random()
    if party:
        day, month = f"{d.day:02d}", f"{d.month:02d}"
    elif style < 0.8:
        day, month = f"{d.day:02d}", (f"{d.month:02d}" if d.month < 3 else str(d.month))
    elif style < 0.9:
        day, month = str(d.day), str(d.month)
    else:
        day, month = f"{d.day:02d}", f"{d.month:02d}"
    return f"{place}, ngày {day} tháng {month} năm {d.year}"


def record_date(rng, record, number):
    """(iso, source).  The record's date; else the date its own mention writes after the
    number; else a plausible date in the year of a normative number; else in 2025-2026, when
    the An Giang letters without a year were written."""
    if record.get("ngay_ban_hanh"):
        return record["ngay_ban_hanh"], "record"
    for n, iso in citations_in(record.get("mention") or ""):
        if iso and n.key.startswith(number.key):
            return iso, "mention"
    if number.year:
        start = datetime.date(int(number.year), 1, 2)
        return (start + datetime.timedelta(days=rng.randrange(360))).isoformat(), \
            "generated-from-number-year"
    start = datetime.date(2025, 6, 1)
    return (start + datetime.timedelta(days=rng.randrange(270))).isoformat(), "generated"


ISSUER_PREFIX_RE = re.compile(
    r"^\s*(?:,?\s*(?:ngày\s+)?\d{1,2}\s*(?:/|tháng)\s*\d{1,2}\s*(?:/|năm)\s*\d{4})?\s*"
    r"(?:của\s+(?:Ủy ban nhân dân|UBND|Hội đồng nhân dân|HĐND|Chính phủ)(?:\s+tỉnh)?"
    r"(?:\s+(?:An Giang|Kiên Giang))?)?\s*(?:về việc\s+|về\s+)?")


def record_subject(rng, record, number, sheet_type):
    """(subject, source).  The record's trích yếu; else what its mention says after the number,
    date and issuer; else a generated one from the drafting agency's sector."""
    if record.get("trich_yeu"):
        return LEADING_ISSUER_RE.sub("", " ".join(record["trich_yeu"].split())), "record"
    mention = clean_mention(record.get("mention") or "")
    nums = find_numbers(mention)
    if nums and nums[0].key.startswith(number.key):
        rest = mention[nums[0].end:]
        rest = rest[ISSUER_PREFIX_RE.match(rest).end():].strip(" .;,)")
        rest = LEADING_ISSUER_RE.sub("", rest)
        if len(rest.split()) >= 4 and not find_numbers(rest[:20]) and "(" not in rest[:3]:
            return rest, "mention"
    topic = rng.choice(SECTOR_TOPICS.get(record.get("co_quan_soan_thao_hint"), DEFAULT_TOPICS))
    kind = {"Công văn": ["góp ý dự thảo {t} về {x}", "đề nghị thẩm định dự thảo {t} về {x}",
                         "đăng ký xây dựng {t} quy định {x}"],
            "Tờ trình": ["đề nghị ban hành {t} quy định {x}", "dự thảo {t} quy định {x}"],
            "Báo cáo": ["kết quả thẩm định dự thảo {t} quy định {x}",
                        "tổng hợp, giải trình, tiếp thu ý kiến góp ý dự thảo {t} về {x}"],
            "Thông báo": ["kết luận của Thường trực Hội đồng nhân dân tỉnh về dự thảo {t} về {x}"],
            }.get(record["loai_van_ban"], ["{x}"])
    return rng.choice(kind).format(t=sheet_type, x=topic), "generated"


def signer_name(rng):
    female = rng.random() < 0.3
    parts = [rng.choice(FAMILY_NAMES)]
    r = rng.random()
    if r < 0.08:
        pass                                       # "Nguyễn Cảnh"
    elif r < 0.25:
        parts += [rng.choice(FEMALE_MIDDLE if female else MALE_MIDDLE),
                  rng.choice(["Thu", "Minh", "Ngọc", "Thanh", "Hoài", "Kim"])]
    else:
        parts.append(rng.choice(FEMALE_MIDDLE if female else MALE_MIDDLE))
    parts.append(rng.choice(FEMALE_GIVEN if female else MALE_GIVEN))
    return " ".join(parts)


def state_signature(rng, code, type_name, body_like):
    """(lines before the name, authority, position).  The authority is the prefix of the
    authority line nearest the name; the position is the last line before the name."""
    def kt(head, deputy):
        sep = "" if rng.random() < 0.1 else " "   # "KT.CHỦ TỊCH" (seed 002) happens
        return [f"KT.{sep}{head}", deputy], "KT.", deputy

    r = rng.random()
    if code == "CP":
        if r < 0.5:
            return ["TM. CHÍNH PHỦ", "THỦ TƯỚNG"], "TM.", "THỦ TƯỚNG"
        return kt("THỦ TƯỚNG", "PHÓ THỦ TƯỚNG")
    if body_like == "UBND":
        if type_name == "Công văn" and r < 0.15:
            return ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"], "KT.", "PHÓ CHỦ TỊCH"
        if r < 0.35:
            return ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], "TM.", "CHỦ TỊCH"
        return kt("CHỦ TỊCH", "PHÓ CHỦ TỊCH")
    if body_like == "HĐND":
        if r < 0.5:
            return ["CHỦ TỊCH"], "", "CHỦ TỊCH"
        return kt("CHỦ TỊCH", "PHÓ CHỦ TỊCH")
    if code == "TTHĐND":
        return ["TM. THƯỜNG TRỰC HỘI ĐỒNG NHÂN DÂN", "PHÓ CHỦ TỊCH"], "TM.", "PHÓ CHỦ TỊCH"
    head = {"VP": "CHÁNH VĂN PHÒNG", "BQLKKT": "TRƯỞNG BAN", "NHCS": "GIÁM ĐỐC",
            "BCHBP": "CHỈ HUY TRƯỞNG"}.get(code, "GIÁM ĐỐC")
    deputy = "PHÓ " + head
    if r < 0.3:
        return [head], "", head
    if r < 0.85:
        return kt(head, deputy)
    if r < 0.95:
        return [f"TL. {head}", "CHÁNH VĂN PHÒNG"], "TL.", "CHÁNH VĂN PHÒNG"
    return [f"TUQ. {head}", "TRƯỞNG PHÒNG PHÁP CHẾ"], "TUQ.", "TRƯỞNG PHÒNG PHÁP CHẾ"


def party_signature(rng, unit_code):
    r = rng.random()
    if unit_code == "TU":
        if r < 0.6:
            return ["T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ"], "T/M", "PHÓ BÍ THƯ"
        return ["T/M TỈNH ỦY", "BÍ THƯ"], "T/M", "BÍ THƯ"
    head = {"VPTU": "CHÁNH VĂN PHÒNG", "UBKTTU": "CHỦ NHIỆM"}.get(unit_code, "TRƯỞNG BAN")
    deputy = "PHÓ " + head
    if r < 0.35:
        return [head], "", head
    if r < 0.9:
        return [f"K/T {head}", deputy], "K/T", deputy
    return [f"T/L BAN THƯỜNG VỤ", head], "T/L", head


def pick(rng, items, k):
    return rng.sample(items, min(k, len(items)))


# --------------------------------------------------------------------------------------------
# One document
# --------------------------------------------------------------------------------------------

@dataclasses.dataclass
class CitationSentence:
    text: str
    cites: list             # [(Number, iso)]


def citation_pool(records):
    """Citation sentences from every record's mention, with the numbers and dates they cite.
    A cited number without a date written after it gets the record's own date, written in,
    so that every citation we plant has a number and a date."""
    pool = []
    for rec in records:
        text = clean_mention(rec.get("mention") or "")
        found = find_numbers(text)
        if not found:
            continue
        first = found[0]
        if rec.get("ngay_ban_hanh") and not date_after(text, first.end):
            d = datetime.date.fromisoformat(rec["ngay_ban_hanh"])
            text = f"{text[:first.end]} ngày {d.day:02d}/{d.month:02d}/{d.year}{text[first.end:]}"
        pool.append(CitationSentence(text, citations_in(text)))
    return pool


def choose_citations(rng, pool, own_key, own_date, k):
    out, keys = [], {own_key}
    for attempt in range(80):
        if len(out) == k:
            break
        c = rng.choice(pool)
        ck = {n.key for n, _ in c.cites}
        if ck & keys:
            continue        # never cite ourselves, never the same number twice
        # A document cites older ones; after many tries take what comes (records are few).
        if attempt < 60 and any(d and d > own_date for _, d in c.cites):
            continue
        keys |= ck
        # "Quyết định 19/2020/QĐ-UBND" without "số" is a real form; keep most as written.
        text = c.text
        if rng.random() < 0.1:
            text = re.sub(r"^(\S+(?: \S+)?) số (?=\d)", r"\1 ", text, count=1)
        out.append(CitationSentence(text, c.cites))
    return out


def body_paragraphs(rng, seeds, alqac, k):
    """k distinct paragraphs, half from the seeds (administrative prose), half from laws."""
    out = []
    while len(out) < k:
        p = rng.choice(seeds if rng.random() < 0.5 else alqac)
        if p not in out:
            out.append(p)
    return out


def cap_first(s):
    return s[:1].upper() + s[1:]


def lower_first(s):
    return s[:1].lower() + s[1:]


@dataclasses.dataclass
class Doc:
    """What one document says, before it is laid out."""
    party: bool
    type_name: str
    number: Number
    written: str            # the number as printed, after "Số"
    variants: list          # how the printed number departs from the canonical form
    place: str
    iso: str
    date_source: str
    subject: str
    subject_source: str
    issuer: str = ""
    issuer_parent: str = ""
    party_unit: str = ""    # Party body code ("BTGTU"), for the signing block
    body_like: str = ""     # "UBND" / "HĐND" when the body itself signs, else ""

    @property
    def is_letter(self):
        return self.type_name == "Công văn"


def plan_document(rng, record):
    """The fields of the document built on one record."""
    rec_number = parse_number(record["so_hieu"]) or find_numbers(record["so_hieu"])[0]
    sheet_type = "Nghị quyết" if record["sources"][0]["sheet"].startswith("NQ") else "Quyết định"
    iso, date_source = record_date(rng, record, rec_number)
    subject, subject_source = record_subject(rng, record, rec_number, sheet_type)
    doc = Doc(party=False, type_name=record["loai_van_ban"], number=rec_number,
              written=record["so_hieu"], variants=[], place=province_of(record), iso=iso,
              date_source=date_source, subject=cap_first(subject), subject_source=subject_source)

    # Party layout for about one document in eight: the data has no Party records, so the
    # number is the record's serial in the Party form of a Party body (flagged as synthetic).
    if rng.random() < 0.12:
        doc.party = True
        doc.party_unit, unit = rng.choice(PARTY_UNITS)
        doc.type_name = rng.choice(PARTY_TYPES)
        serial = int(rec_number.serial) or 1
        doc.written = f"{serial:02d}-{TYPE_CODES[doc.type_name]}/{doc.party_unit}"
        if rng.random() < 0.1:
            doc.written = doc.written.replace("-", " -", 1)   # "Số 01 -BC/BTC" (seed 000)
            doc.variants.append("stray-space")
        doc.number = parse_number(doc.written)
        doc.place = "An Giang"
        doc.issuer_parent = "TỈNH ỦY AN GIANG" if unit else ""
        doc.issuer = unit or "TỈNH ỦY AN GIANG"
        return doc

    # The record keeps the number as the spreadsheet had it; its mention may write more of it
    # ("131/BQLKKT- QLMT" for "131/BQLKKT"), with the stray spaces people type.
    for n in find_numbers(record.get("mention") or ""):
        if n.key.startswith(rec_number.key) and n.key != rec_number.key:
            doc.written, doc.number = n.written, n
            doc.variants.append("number-from-mention")
            break
    if doc.written != doc.number.canonical:
        doc.variants.append("as-written")
    code = issuer_code(doc.number)
    if code == "CP":
        doc.place = "Hà Nội"
    cq = record.get("co_quan_ban_hanh") or ""
    if "Ủy ban" in cq or "UBND" in cq or code == "UBND":
        doc.body_like = "UBND"
    elif "Hội đồng" in cq or "HĐND" in cq or code in ("HĐND", "HĐ"):
        doc.body_like = "HĐND"
    return doc


def header_cells(rng, doc, record):
    """Left cell (issuing body, number, V/v subject) and right cell (motto, place and date).
    Sets doc.issuer / doc.issuer_parent for state documents; returns (left, right, number_line).
    """
    if doc.party:
        if doc.issuer_parent:
            left = [Line(doc.issuer_parent, size=24), Line(doc.issuer, bold=True, size=24)]
        else:
            left = [Line(doc.issuer, bold=True, size=24)]
        left.append(Line("*"))
        number_line = f"Số {doc.written}"
        if rng.random() < 0.05:
            number_line = f"SỐ/{doc.written}"                  # seed 001
            doc.variants.append("SỐ/")
        right = [Line("ĐẢNG CỘNG SẢN VIỆT NAM", bold=True, size=28)]
    else:
        left, doc.issuer, doc.issuer_parent = state_issuer(rng, record, doc.number, doc.place)
        if doc.issuer_parent:
            doc.body_like = ""          # a unit under the body signs, not the body itself
        if rng.random() < 0.1:
            left.append(Line("_______"))
        r = rng.random()
        number_line = f"Số: {doc.written}"
        if r < 0.04:
            number_line = f"Số:\u00a0{doc.written}"          # NBSP, to keep it on one line
            doc.variants.append("nbsp")
        elif r < 0.07:
            number_line = f"Số:{doc.written}"
            doc.variants.append("no-space-after-colon")
        elif r < 0.10 and "Đ" in doc.written:
            number_line = f"Số: {doc.written.replace('Đ', 'Ð')}"  # U+00D0 typed for U+0110
            doc.variants.append("eth-for-dstroke")
        motto = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
        if rng.random() < 0.1:
            motto = motto.replace("HÒA", "HOÀ")
        right = [Line(motto, bold=True, size=24), Line("Độc lập - Tự do - Hạnh phúc", bold=True)]
        if rng.random() < 0.1:
            right.append(Line("_______________________"))
    left.append(Line(number_line, size=26))
    if doc.is_letter:
        left.append(Line(f"V/v {lower_first(doc.subject) if rng.random() < 0.7 else doc.subject}",
                         size=24))
    right.append(Line(date_line(rng, doc.place, doc.iso, doc.party), italic=True))
    return left, right, number_line


def stamp_lines(rng):
    """Secrecy and urgency marks, printed bold under the header: (lines, secrecy, urgency)."""
    lines, secrecy, urgency = [], "", ""
    if rng.random() < 0.04:
        secrecy = rng.choice(SECRECY)
        lines.append(Line(secrecy, bold=True, size=28, align="left"))
    if rng.random() < 0.06:
        urgency = rng.choice(URGENCY)
        lines.append(Line(urgency, bold=True, size=28, align="left"))
    return lines, secrecy, urgency


def title_lines(rng, doc):
    """The type in capitals and the subject (a công văn has neither: its V/v is in the
    header), sometimes followed by the enacting body, which is not part of the subject."""
    if doc.is_letter:
        return []
    title = [Line(doc.type_name.upper(), bold=True, size=28)]
    words = doc.subject.split()
    if len(words) > 12 and rng.random() < 0.3:
        # Broken by hand near the middle, never before a dash: a line that starts with "- "
        # is a list item to any reader.
        cut = len(words) // 2
        while cut < len(words) - 2 and words[cut] in ("-", "–"):
            cut += 1
        title += [Line(" ".join(words[:cut]), bold=True),
                  Line(" ".join(words[cut:]), bold=True)]
    else:
        title.append(Line(doc.subject, bold=True))
    if not doc.party and rng.random() < 0.5:
        prov = doc.place.upper()
        if doc.type_name == "Nghị quyết" and doc.body_like == "HĐND":
            title += [Line(f"HỘI ĐỒNG NHÂN DÂN TỈNH {prov}", bold=True),
                      Line(f"KHÓA {rng.choice(['IX', 'X'])}, KỲ HỌP THỨ {rng.randrange(2, 30)}",
                           bold=True)]
        elif doc.type_name == "Quyết định" and doc.body_like == "UBND":
            title.append(Line(f"ỦY BAN NHÂN DÂN TỈNH {prov}", bold=True))
        elif doc.type_name == "Nghị định":
            title.append(Line("CHÍNH PHỦ", bold=True))
    return title


def body_with_citations(rng, doc, cites, seeds, alqac):
    """Body paragraphs with the citation sentences placed as real documents place them:
    "Căn cứ …;" lines before the articles of a decision or resolution; elsewhere an opening
    "Thực hiện …", a sentence inside a paragraph, or a footnote.  Returns (paragraphs,
    number of citations in footnotes)."""
    paras = [BodyPara(p) for p in body_paragraphs(rng, seeds, alqac, rng.randrange(3, 8))]
    # The body opens with a sentence, not with an item ("- …", "a) …", "2. …"): after a
    # "Kính gửi" list a dash item would read as one more addressee, after the subject an item
    # would read as its continuation, in a real document as much as here.
    while not paras[0].text[:1].isupper():
        paras[0] = BodyPara(rng.choice(alqac))
    if doc.type_name in ("Quyết định", "Nghị quyết", "Nghị định") and not doc.party:
        bases = []
        if rng.random() < 0.5:
            bases.append(BodyPara("Căn cứ Luật Tổ chức chính quyền địa phương;"))
        for c in cites:
            bases.append(BodyPara(f"{rng.choice(['Căn cứ', 'Căn cứ', 'Xét'])} {c.text};"))
        verb = {"Quyết định": "QUYẾT ĐỊNH:", "Nghị quyết": "QUYẾT NGHỊ:",
                "Nghị định": "Chính phủ ban hành Nghị định."}[doc.type_name]
        articles = []
        for i, p in enumerate(paras, start=1):
            # "Điều 2. 1. Việc …" reads badly: an article starts with its own words.
            text = re.sub(r"^(?:\d+(?:\.\d+)*\.|[a-zđ]\)|[-+])\s*", "", p.text)
            articles.append(BodyPara(f"Điều {i}. {cap_first(text)}"))
        articles[-1].text = articles[-1].text.rstrip(" .;:,") + "./."
        return bases + [BodyPara(verb, bold=True, align="center", indent=False)] + articles, 0

    in_footnotes = 0
    for c in cites:
        where = rng.random()
        if where < 0.3 and in_footnotes < 3:
            # Word keeps it in footnotes.xml, the PDF prints it at the foot of the page, the
            # TXT at the end.
            target = rng.randrange(len(paras))
            if not paras[target].footnote:
                paras[target].footnote = c.text + "."
                in_footnotes += 1
                continue
        if where < 0.65:
            lead = rng.choice(["Thực hiện", "Căn cứ", "Theo"])
            paras.insert(0, BodyPara(f"{lead} {c.text}, {rng.choice(['đơn vị', 'cơ quan'])} "
                                     f"{rng.choice(['báo cáo', 'đề nghị', 'thông báo'])} như sau:"))
        else:
            target = rng.randrange(len(paras))
            head = paras[target].text.rstrip(" .;:,")
            paras[target].text = f"{head}. Nội dung này thực hiện theo {c.text}."
    paras[-1].text = paras[-1].text.rstrip(" .;:,") + "./."
    return paras, in_footnotes


def addressees(rng, doc):
    """A công văn's "Kính gửi": (items, paragraphs)."""
    if not doc.is_letter:
        return [], []
    items = pick(rng, KINH_GUI_PARTY if doc.party else KINH_GUI_STATE, rng.choice([1, 1, 2, 3]))
    if len(items) == 1:
        return items, [BodyPara(f"Kính gửi: {items[0]}.", align="center", indent=False)]
    paras = [BodyPara("Kính gửi:", align="center", indent=False)]
    paras += [BodyPara(f"- {k}{';' if i < len(items) - 1 else '.'}", align="left", indent=False)
              for i, k in enumerate(items)]
    return items, paras


def recipients(rng, doc, n_articles):
    """The "Nơi nhận" items, without dashes, and their lines as printed."""
    items = pick(rng, RECIPIENTS_PARTY if doc.party else RECIPIENTS_STATE, rng.randrange(2, 7))
    if doc.is_letter:
        items = ["Như trên"] + items
    elif n_articles and doc.type_name == "Quyết định":
        # The last article names who carries the decision out: "Như Điều 3" sends it to them.
        items = [f"Như Điều {n_articles}"] + items
    if doc.party:
        items.append("Lưu Văn phòng Tỉnh ủy")
    else:
        items.append("Lưu: VT" + rng.choice(["", ", KT", ", NC", ", VP"]))
    sep = "," if doc.party else ";"
    return items, [f"- {it}{sep}" for it in items[:-1]] + [f"- {items[-1]}."]


def expected_citations(doc, cites):
    """Every number cited by the subject and the citation sentences, with the date written
    after it; the document's own number is never a citation."""
    out, seen = [], {doc.number.key}
    for text in [doc.subject] + [c.text for c in cites]:
        for n, d in citations_in(text):
            if n.key not in seen:
                seen.add(n.key)
                out.append({"number": n.canonical, "written": n.written, "key": n.key, "date": d})
    return out


def make_document(rng, name, rec_index, record, pool, seeds, alqac):
    """One document built on records[rec_index]: (Layout, expected metadata)."""
    doc = plan_document(rng, record)
    left, right, number_line = header_cells(rng, doc, record)
    stamps, secrecy, urgency = stamp_lines(rng)
    title = title_lines(rng, doc)
    cites = choose_citations(rng, pool, doc.number.key, doc.iso, rng.choice([1, 1, 2, 2, 3]))
    body, in_footnotes = body_with_citations(rng, doc, cites, seeds, alqac)
    kinh_gui, kinh_gui_paras = addressees(rng, doc)
    n_articles = sum(p.text.startswith("Điều ") for p in body)
    nr_items, nr_lines = recipients(rng, doc, n_articles)
    if doc.party:
        sig_lines, authority, position = party_signature(rng, doc.party_unit)
    else:
        sig_lines, authority, position = state_signature(rng, issuer_code(doc.number),
                                                         doc.type_name, doc.body_like)
    signer = signer_name(rng)

    layout = Layout(
        header_left=left, header_right=right, left_width=rng.choice([3969, 4253]),
        # Most templates draw the short rule under the subject as a shape anchored in an
        # empty paragraph; others use a border on the subject paragraph itself (no gap).
        pre_title=stamps, title=title, title_gap=bool(title) and rng.random() < 0.7,
        body=kinh_gui_paras + body,
        recipients_heading="Nơi nhận:", recipients_lines=nr_lines,
        signature=sig_lines + ["", "", ""] + [signer],
        txt_header_order=rng.choice(["columns", "columns", "interleaved", "right-first"]),
        txt_footer_order=rng.choice(["recipients-first"] * 4 + ["signature-first"]))

    expected = {
        "file": name,
        "record": {"index": rec_index, "so_hieu": record["so_hieu"]},
        "family": "party" if doc.party else "state",
        "number": doc.number.canonical,
        "number_written": doc.written,
        "number_line": number_line,
        "number_key": doc.number.key,
        "number_synthetic": doc.party,
        "number_variants": doc.variants,
        "type": doc.type_name,
        "type_code": "" if doc.is_letter and not doc.party else TYPE_CODES[doc.type_name],
        "issuer": doc.issuer,
        "issuer_parent": doc.issuer_parent,
        "place": doc.place,
        "date": doc.iso,
        "date_source": doc.date_source,
        "subject": doc.subject,
        "subject_source": doc.subject_source,
        "signer": {"name": signer, "position": position, "authority": authority},
        "recipients": kinh_gui + nr_items,
        "citations": expected_citations(doc, cites),
        "secrecy": secrecy,
        "urgency": urgency,
        "layout": {
            "issuer_lines": [l.text for l in left if l.text not in ("*", "_______")
                             and l.text != number_line and not l.text.startswith("V/v")],
            "title_lines": [l.text for l in title],
            "title_gap": layout.title_gap,
            "signature_lines": sig_lines,
            "txt_header_order": layout.txt_header_order,
            "txt_footer_order": layout.txt_footer_order,
            "citations_in_footnotes": in_footnotes,
        },
    }
    return layout, expected


# --------------------------------------------------------------------------------------------
# Renderers
# --------------------------------------------------------------------------------------------

def docx_para(line):
    return mc.Para([mc.Run(line.text, bold=line.bold, italic=line.italic, size=line.size)],
                   align=line.align, space_after=0)


# The right header cell is 10 cm, as in the official templates, so that the motto and the
# place-date line fit on one line each; the table then reaches into the right margin, as those
# templates do.
HEADER_RIGHT_WIDTH = 5670


def to_docx_document(layout, expected):
    left = [docx_para(l) for l in layout.header_left]
    right = [docx_para(l) for l in layout.header_right]
    body = [mc.Table(rows=[[left, right]], widths=[layout.left_width, HEADER_RIGHT_WIDTH])]
    for l in layout.pre_title + layout.title:
        body.append(docx_para(l))
    if layout.title_gap:
        body.append(mc.Para([], space_after=0))
    footnotes, fid = {}, 0
    for p in layout.body:
        runs = [mc.Run(p.text, bold=p.bold)]
        if p.footnote:
            fid += 1
            runs.append(mc.Run(footnote=fid))
            footnotes[fid] = [mc.Para([mc.Run(footnote_ref=True), mc.Run(" "),
                                       mc.Run(p.footnote)], style="FootnoteText", space_after=0)]
        body.append(mc.Para(runs, align=p.align, indent=p.indent))
    rec = [mc.Para([mc.Run(layout.recipients_heading, bold=True, italic=True, size=24)],
                   align="left", space_after=0)]
    rec += [mc.Para([mc.Run(t, size=22)], align="left", space_after=0)
            for t in layout.recipients_lines]
    sig = [mc.Para([mc.Run(t, bold=True, size=26)] if t else [], align="center", space_after=0)
           for t in layout.signature]
    body.append(mc.Table(rows=[[rec, sig]], widths=[4536, mc.TEXT_WIDTH - 4536]))
    # File dates: the document's own date, so the bytes do not depend on the clock.
    stamp = f"{expected['date']}T01:30:00Z"
    props = mc.SeedLayout(left=[], right=[], creator="Văn thư", created=stamp, modified=stamp)
    return mc.Document(body=body, footnotes=footnotes, title=expected["subject"], layout=props)


SUPERSCRIPTS = "¹²³⁴⁵⁶⁷⁸⁹"


def to_text(layout):
    """The document as text, the way plain-text copies of real documents look (the seeds):
    header cells one after the other or interleaved, blocks separated by blank lines."""
    left = [l.text for l in layout.header_left]
    right = [l.text for l in layout.header_right]
    out = []
    if layout.txt_header_order == "columns":
        out += left + [""] + right
    elif layout.txt_header_order == "right-first":
        out += right + [""] + left
    else:
        for i in range(max(len(left), len(right))):
            if i < len(left):
                out.append(left[i])
            if i < len(right):
                out.append(right[i])
    out.append("")
    for l in layout.pre_title:
        out += [l.text, ""]
    if layout.title:
        out += [l.text for l in layout.title] + [""]
    notes = []
    for p in layout.body:
        text = p.text
        if p.footnote:
            mark = SUPERSCRIPTS[len(notes)]
            text += mark
            notes.append(f"{mark} {p.footnote}")
        out += [text, ""]
    recipients = [layout.recipients_heading] + layout.recipients_lines
    signature = layout.signature
    if layout.txt_footer_order == "recipients-first":
        out += recipients + [""] + signature
    else:
        out += signature + [""] + recipients
    if notes:
        out += [""] + notes
    return "\n".join(out) + "\n"


# The documents ask for Times New Roman, as real ones do.  Debian's fontconfig replaces it with
# DejaVu Serif, which is about a fifth wider: the motto and the place-date line would then wrap,
# which real PDFs (set in Times) never do.  DejaVu Serif Condensed has nearly Times' width, so
# the soffice run gets a private fontconfig file that prefers it (the system is left alone).
FONTS_CONF = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <match target="pattern">
    <test name="family"><string>Times New Roman</string></test>
    <edit name="family" mode="prepend" binding="strong">
      <string>DejaVu Serif Condensed</string>
    </edit>
  </match>
</fontconfig>
"""


# LibreOffice 7.4 silently stops after the 246th file named on one command line (exit status
# 0, the rest never converted), so the files go in batches, one soffice process per batch.
SOFFICE_BATCH = 200


def convert_to_pdf(docx_paths, outdir):
    """The DOCX files printed to PDF by soffice, a batch per process (starting LibreOffice
    costs seconds, a page milliseconds), with a throw-away profile."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        return False
    with tempfile.TemporaryDirectory(prefix="vanthu-soffice-") as home:
        conf = Path(home) / "fonts.conf"
        conf.write_text(FONTS_CONF, encoding="utf-8")
        env = dict(os.environ, HOME=home, FONTCONFIG_FILE=str(conf))
        for i in range(0, len(docx_paths), SOFFICE_BATCH):
            batch = docx_paths[i:i + SOFFICE_BATCH]
            cmd = [soffice, f"-env:UserInstallation=file://{home}/profile", "--headless",
                   "--norestore", "--convert-to", "pdf", "--outdir", str(outdir)]
            cmd += [str(p) for p in batch]
            subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, timeout=120 + 3 * len(batch))
    return True


# --------------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--count", type=int, default=100, help="number of documents")
    ap.add_argument("--out", type=Path, required=True, help="output directory")
    ap.add_argument("--seed", type=int, default=1, help="random seed (same seed, same files)")
    ap.add_argument("--formats", default="docx,pdf,txt", help="comma list of docx, pdf, txt")
    ap.add_argument("--data", type=Path, default=default_data_dir(),
                    help="shared data directory (angiang/, seeds/, alqac/)")
    args = ap.parse_args()

    formats = {f.strip() for f in args.formats.split(",") if f.strip()}
    if formats - {"docx", "pdf", "txt"} or not formats:
        sys.exit(f"generate_documents: --formats takes docx, pdf, txt; got {args.formats!r}")
    if "pdf" in formats and not (shutil.which("soffice") or shutil.which("libreoffice")):
        print("WARNING: soffice not found, so no PDF. Install it with:\n  " + SOFFICE_HINT,
              file=sys.stderr)
        formats.discard("pdf")

    t0 = time.monotonic()
    records = load_records(args.data)
    seeds, alqac = load_paragraphs(args.data)
    pool = citation_pool(records)
    rng = random.Random(args.seed)

    args.out.mkdir(parents=True, exist_ok=True)
    # A previous, larger run must not leave documents the benchmark would read.
    for old in args.out.glob("doc[0-9]*.*"):
        old.unlink()

    # Every record once before any twice, in an order that depends only on the seed.
    order = []
    while len(order) < args.count:
        batch = list(range(len(records)))
        rng.shuffle(batch)
        order += batch
    order = order[:args.count]

    width = max(4, len(str(args.count)))
    expected_all, docx_paths = [], []
    for i, rec_index in enumerate(order, start=1):
        name = f"doc{i:0{width}d}"
        layout, expected = make_document(rng, name, rec_index, records[rec_index], pool,
                                         seeds, alqac)
        expected_all.append(expected)
        text = to_text(layout)
        # Self-check: every number in the document is its own or an expected citation, so a
        # number slipping in through body text or recipients cannot pass for a parser error.
        stray = ({n.key for n in find_numbers(text)} - {expected["number_key"]}
                 - {c["key"] for c in expected["citations"]})
        if stray:
            sys.exit(f"generate_documents: {name}: numbers not in the expected file: {stray}")
        (args.out / f"{name}.expected.json").write_text(
            json.dumps(expected, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        if "txt" in formats:
            (args.out / f"{name}.txt").write_text(text, encoding="utf-8")
        if "docx" in formats or "pdf" in formats:
            path = args.out / f"{name}.docx"
            mc.write_zip(path, mc.docx_parts(to_docx_document(layout, expected)))
            docx_paths.append(path)
    with open(args.out / "expected.jsonl", "w", encoding="utf-8") as f:
        for e in expected_all:
            f.write(json.dumps(e, ensure_ascii=False) + "\n")
    t1 = time.monotonic()
    print(f"{args.count} documents ({', '.join(sorted(formats - {'pdf'}))}) in {t1 - t0:.1f} s "
          f"-> {args.out}")

    if "pdf" in formats:
        convert_to_pdf(docx_paths, args.out)
        missing = 0
        for path in docx_paths:
            pdf = path.with_suffix(".pdf")
            if not pdf.exists():
                missing += 1
                continue
            date = json.loads(path.with_suffix(".expected.json").read_text())["date"]
            pdf.write_bytes(mc.pin_pdf(pdf.read_bytes(), f"{date}T01:30:00Z"))
        t2 = time.monotonic()
        print(f"{len(docx_paths) - missing} PDF by LibreOffice in {t2 - t1:.1f} s"
              + (f"; {missing} MISSING" if missing else ""))
        if "docx" not in formats:
            for path in docx_paths:
                path.unlink()
        if missing:
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
