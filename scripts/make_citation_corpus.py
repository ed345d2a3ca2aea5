#!/usr/bin/env python3
"""Build corpus/citations/: an archive of documents that carry numbers, and drafts that cite
them, with planted citation errors, for testing `vanthu check`.

    python3 scripts/make_citation_corpus.py [--out DIR] [--data DIR] [--skip-pdf] [--vanthu BIN]

It writes
  * corpus/citations/archive/  documents in the official layout that CARRY a number (own number
                               in the header, place and date, issuing body): Party documents of
                               Tỉnh ủy Đắk Lắk and its campaign committee, the Chỉ thị and
                               Nghị định the seeds cite, seed 003's Đắk Nông plan (all built in
                               the seeds' style), and documents around REAL An Giang / Kiên Giang
                               records (bench/generate_documents.py's make_document);
  * corpus/citations/drafts/   unnumbered drafts ("DỰ THẢO") whose bodies cite the archive in
                               the real citation forms: mostly correctly, plus planted errors;
  * corpus/citations/expected.json
                               for every draft, its citations in text order with the status a
                               checker must give each one.  It is written from the plan below,
                               never from a checker's output.

Everything is reused, not copied: the layout model and the TXT / DOCX / PDF renderers and the
Python port of the number scanner come from bench/generate_documents.py, the DOCX writer and the
PDF pinning from scripts/make_corpus.py.  Standard library only.  The output is byte-for-byte
the same on every run (fixed random seeds, fixed zip timestamps, PDF dates and /ID pinned; the
PDFs only for the same LibreOffice and fonts, see corpus/README.md).

Checks the script runs on its own output (it exits non-zero when one fails):
  * every planted citation is what the Python port of core's number scanner reads off the
    draft's text, number and date, in order, and no other number is in the draft;
  * each status is consistent with the archive (a "found" target carries that number and date,
    a "typo" number is carried by no document and is one edit from the intended one, a
    "not-in-archive" number is at least 3 edits from every number in the archive, an
    "ambiguous" number is carried at least twice, …);
  * the words of every DOCX and PDF equal those of the document's text;
  * with --vanthu BIN: `BIN extract --json` on every file reads each archive document's own
    number, date, issuer and parent, reads no number in a draft, and reads each draft's
    citations (number and date) exactly as planned.
"""

import argparse
import collections
import dataclasses
import json
import random
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.dont_write_bytecode = True  # no __pycache__ left in scripts/ or bench/ by the imports below
sys.path[:0] = [str(REPO / "scripts"), str(REPO / "bench")]
import make_corpus as mc  # noqa: E402  (DOCX writer, PDF pinning, word checks)
import generate_documents as gd  # noqa: E402  (layout model, renderers, number scanner port)

Line, Para = gd.Line, gd.BodyPara

CAMPAIGN = "“Hiến kế xây dựng và phát triển tỉnh Đắk Lắk giàu đẹp, văn minh”"
MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO2 = "Độc lập - Tự do - Hạnh phúc"
PARTY = "ĐẢNG CỘNG SẢN VIỆT NAM"
# What the parser reads as the issuer of the campaign committee's documents (seed 000's form).
BTC_ISSUER = "BAN TỔ CHỨC CUỘC VẬN ĐỘNG " + CAMPAIGN
BTC_LEFT = ["TỈNH ỦY ĐẮK LẮK", "BAN TỔ CHỨC CUỘC VẬN ĐỘNG",
            "“Hiến kế xây dựng và phát triển tỉnh", "Đắk Lắk giàu đẹp, văn minh”", "*"]


# --------------------------------------------------------------------------------------------
# The model: a document (archive or draft) is a generate_documents Layout plus what it is.
# --------------------------------------------------------------------------------------------

@dataclasses.dataclass
class Carrier:
    """An archive document: the number it carries, as the parser must read it."""
    id: str
    file: str               # "archive/NAME.EXT"
    number: str             # canonical
    date: str               # ISO
    issuer: str
    issuer_parent: str
    subject: str
    source: str             # "An Giang record #N" or "built in the seeds' style"
    layout: gd.Layout = None


@dataclasses.dataclass
class Cite:
    """One planted citation, in text order."""
    number: str             # canonical number as cited
    date: str               # ISO date as cited, or ""
    status: str
    issuer: str = ""        # the issuer as written after "của", or "" (README, --vanthu check)
    target: str = None      # Carrier.id (found, date-mismatch, issuer-mismatch)
    intended: str = None    # canonical number of the intended document (typo)
    intended_target: str = None  # Carrier.id the typo points to (README only)
    note: str = ""          # what is planted, for the README


@dataclasses.dataclass
class Draft:
    file: str               # "drafts/NAME.EXT"
    date: str               # when it was drafted (file dates only: a draft has a blank date)
    layout: gd.Layout
    cites: list             # Cite, in text order


STATUSES = ("found", "ambiguous", "date-mismatch", "issuer-mismatch", "typo", "not-in-archive")


def b(text, size=24):
    """A bold header line."""
    return Line(text, bold=True, size=size)


def left_lines(lines, number_line, vv=""):
    """Left header cell: the parent body regular, the units under it bold (as printed), the
    star of a Party body, the number, and a công văn's V/v."""
    out = []
    for i, t in enumerate(lines):
        out.append(Line(t, bold=(i > 0 or len(lines) == 1) and t != "*", size=24))
    out.append(Line(number_line, size=26))
    if vv:
        out.append(Line(vv, size=24))
    return out


def right_state(date_text, draft=False):
    out = [Line("DỰ THẢO", bold=True, size=24)] if draft else []
    return out + [b(MOTTO), b(MOTTO2, 26), Line(date_text, italic=True, size=26)]


def right_party(date_text, draft=False):
    out = [Line("DỰ THẢO", bold=True, size=24)] if draft else []
    return out + [b(PARTY, 28), Line(date_text, italic=True, size=26)]


def title(type_name, subject_lines, extra=()):
    out = [b(type_name.upper(), 28)] + [b(s, 26) for s in subject_lines]
    return out + [b(s, 26) for s in extra]


def heading(text):
    return Para(text, bold=True, indent=False)


def centered(text):
    return Para(text, bold=True, align="center", indent=False)


def layout(left, right, title_lines, body, recipients, signature, signer, *,
           txt_header_order="columns", txt_footer_order="recipients-first"):
    return gd.Layout(
        header_left=left, header_right=right, left_width=4253, pre_title=[],
        title=title_lines, title_gap=bool(title_lines), body=body,
        recipients_heading="Nơi nhận:", recipients_lines=recipients,
        signature=signature + ["", "", ""] + [signer],
        txt_header_order=txt_header_order, txt_footer_order=txt_footer_order)


def seed_paragraph(data_dir, seed_id, starts):
    """A paragraph of a seed, by its first words (markdown removed)."""
    f = next((data_dir / "seeds").glob(f"{seed_id}_*.txt"))
    for line in mc.strip_markdown(f.read_text(encoding="utf-8")).split("\n"):
        if line.startswith(starts):
            return " ".join(line.split())
    sys.exit(f"make_citation_corpus: seed {seed_id} has no paragraph starting {starts!r}")


# --------------------------------------------------------------------------------------------
# Archive, part 1: documents built in the seeds' style for the numbers the seeds cite.
# --------------------------------------------------------------------------------------------

def party_signature_tu():
    return ["T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ THƯỜNG TRỰC"]


RECIPIENTS_TU = ["- Các đảng ủy trực thuộc Tỉnh ủy,", "- Các ban xây dựng Đảng Tỉnh ủy,",
                 "- Các sở, ban, ngành, đoàn thể tỉnh,", "- Lưu Văn phòng Tỉnh ủy."]
RECIPIENTS_BTC = ["- Thường trực Tỉnh ủy (b/c),", "- Như Điều 3,",
                  "- Lưu Ban Tuyên giáo Tỉnh ủy."]


def handmade_archive(rng, data_dir):
    """The carriers of the numbers seeds 000-004 cite, in the official layout."""
    out = []

    def party_date(iso):
        return gd.date_line(rng, "Đắk Lắk", iso, party=True)

    # Kế hoạch 152-KH/TU of the Ban Thường vụ Tỉnh ủy Đắk Lắk (seed 000, footnote 1).
    subj = f"tổ chức Cuộc vận động {CAMPAIGN}"
    out.append(Carrier(
        "tu152", "archive/tinh-uy-dak-lak-152-kh-tu.txt", "152-KH/TU", "2020-02-26",
        "TỈNH ỦY ĐẮK LẮK", "", subj, "built in the seeds' style (seed 000 cites it)",
        layout(left_lines(["TỈNH ỦY ĐẮK LẮK", "*"], "Số 152-KH/TU"),
               right_party(party_date("2020-02-26")),
               title("Kế hoạch", [subj]),
               [Para("Nhằm phát huy trí tuệ, tâm huyết của cán bộ, đảng viên và các tầng lớp "
                     "Nhân dân trong và ngoài tỉnh, góp phần xây dựng và phát triển tỉnh Đắk Lắk "
                     "giàu đẹp, văn minh, Ban Thường vụ Tỉnh ủy ban hành Kế hoạch tổ chức Cuộc "
                     f"vận động {CAMPAIGN} như sau:"),
                heading("I- MỤC ĐÍCH, YÊU CẦU"),
                Para("1. Khơi dậy tinh thần yêu quê hương, ý thức trách nhiệm của cán bộ, đảng "
                     "viên và Nhân dân đối với sự phát triển của tỉnh; thu hút các ý tưởng, giải "
                     "pháp có giá trị thực tiễn."),
                Para("2. Việc tổ chức Cuộc vận động phải thiết thực, hiệu quả, công khai, minh "
                     "bạch, tránh hình thức, lãng phí."),
                heading("II- NỘI DUNG"),
                Para("1. Đối tượng tham gia: cán bộ, đảng viên, công chức, viên chức, người lao "
                     "động, các tầng lớp Nhân dân trong và ngoài tỉnh, người Việt Nam ở nước "
                     "ngoài."),
                Para("2. Nội dung hiến kế: các giải pháp, sáng kiến trên các lĩnh vực kinh tế; "
                     "văn hóa - xã hội; quốc phòng, an ninh; xây dựng Đảng và hệ thống chính "
                     "trị."),
                heading("III- TỔ CHỨC THỰC HIỆN"),
                Para("Ban Tuyên giáo Tỉnh ủy là cơ quan thường trực, chủ trì, phối hợp với các "
                     "cơ quan liên quan tham mưu thành lập Ban Tổ chức Cuộc vận động, xây dựng "
                     "quy chế xét chọn, trao giải thưởng và tổ chức triển khai Kế hoạch "
                     "này./.")],
               RECIPIENTS_TU, party_signature_tu(), "Nguyễn Văn Hùng")))

    # Quy chế 03-QC/TU (seed 000, footnote 1; seed 001).
    subj = f"xét chọn, trao giải thưởng Cuộc vận động {CAMPAIGN}"
    out.append(Carrier(
        "qc03", "archive/tinh-uy-dak-lak-03-qc-tu.txt", "03-QC/TU", "2020-03-04",
        "TỈNH ỦY ĐẮK LẮK", "", subj, "built in the seeds' style (seeds 000 and 001 cite it)",
        layout(left_lines(["TỈNH ỦY ĐẮK LẮK", "*"], "Số 03-QC/TU"),
               right_party(party_date("2020-03-04")),
               title("Quy chế", [subj]),
               [Para("Căn cứ Kế hoạch số 152-KH/TU, ngày 26/02/2020 của Ban Thường vụ Tỉnh ủy "
                     f"về tổ chức Cuộc vận động {CAMPAIGN}, Ban Thường vụ Tỉnh ủy ban hành Quy "
                     "chế xét chọn, trao giải thưởng Cuộc vận động như sau:"),
                heading("Chương I"), centered("QUY ĐỊNH CHUNG"),
                Para("Điều 1. Quy chế này quy định tiêu chí, quy trình xét chọn và cơ cấu giải "
                     "thưởng đối với các hiến kế tham gia Cuộc vận động."),
                Para("Điều 2. Việc xét chọn bảo đảm khách quan, công bằng, đúng tiêu chí; hiến "
                     "kế đạt giải phải có tính mới, tính khả thi và hiệu quả."),
                Para("Điều 3. Hiến kế được xét chọn phải là giải pháp, sáng kiến có khả năng áp "
                     "dụng vào thực tiễn của tỉnh và chưa được công bố, trao giải ở cuộc thi "
                     "khác."),
                Para("Điều 4. Cơ cấu giải thưởng gồm giải đặc biệt, giải A, giải B, giải C và "
                     "giải khuyến khích; Ban Tổ chức Cuộc vận động quyết định số lượng giải theo "
                     "kết quả xét chọn."),
                Para("Điều 5. Ban Tổ chức Cuộc vận động, Hội đồng xét chọn và các tổ chức, cá "
                     "nhân có liên quan chịu trách nhiệm thực hiện Quy chế này./.")],
               RECIPIENTS_TU, party_signature_tu(), "Nguyễn Văn Hùng")))

    # Quyết định 1942-QĐ/TU: the campaign committee is set up (seed 000, footnote 1).
    subj = f"về việc thành lập Ban Tổ chức Cuộc vận động {CAMPAIGN}"
    out.append(Carrier(
        "qd1942", "archive/tinh-uy-dak-lak-1942-qd-tu.txt", "1942-QĐ/TU", "2020-03-10",
        "TỈNH ỦY ĐẮK LẮK", "", subj, "built in the seeds' style (seed 000 cites it)",
        layout(left_lines(["TỈNH ỦY ĐẮK LẮK", "*"], "Số 1942-QĐ/TU"),
               right_party(party_date("2020-03-10")),
               title("Quyết định", [subj]),
               [Para("Căn cứ Điều lệ Đảng Cộng sản Việt Nam;"),
                Para("Căn cứ Quy chế làm việc của Ban Chấp hành Đảng bộ tỉnh khóa XVI;"),
                Para("Căn cứ Kế hoạch số 152-KH/TU, ngày 26/02/2020 của Ban Thường vụ Tỉnh ủy "
                     f"về tổ chức Cuộc vận động {CAMPAIGN};"),
                Para("Xét đề nghị của Ban Tuyên giáo Tỉnh ủy,"),
                centered("BAN THƯỜNG VỤ TỈNH ỦY QUYẾT ĐỊNH"),
                Para("Điều 1. Thành lập Ban Tổ chức Cuộc vận động gồm các đồng chí có tên trong "
                     "danh sách kèm theo."),
                Para("Điều 2. Ban Tổ chức Cuộc vận động có nhiệm vụ chỉ đạo, tổ chức triển khai "
                     "Cuộc vận động; Ban Tổ chức tự giải thể sau khi hoàn thành nhiệm vụ."),
                Para("Điều 3. Văn phòng Tỉnh ủy, Ban Tuyên giáo Tỉnh ủy, các cơ quan liên quan "
                     "và các đồng chí có tên tại Điều 1 căn cứ Quyết định thi hành./.")],
               ["- Như Điều 3,", "- Thường trực Tỉnh ủy,", "- Lưu Văn phòng Tỉnh ủy."],
               party_signature_tu(), "Nguyễn Văn Hùng")))

    # The two 01-QĐ/BTC of the campaign committee (seed 000, footnote 2): same number, same
    # issuer, two dates.  The second one is the .docx.
    for cid, fname, iso, subj, what in (
            ("btc0311", "archive/ban-to-chuc-01-qd-btc-2020-03-11.txt", "2020-03-11",
             "về việc thành lập Tổ thư ký giúp việc cho Ban Tổ chức Cuộc vận động " + CAMPAIGN,
             "Thành lập Tổ thư ký giúp việc cho Ban Tổ chức Cuộc vận động, gồm các đồng chí "
             "có tên trong danh sách kèm theo. Tổ thư ký tiếp nhận, tổng hợp, lưu trữ hồ sơ "
             "hiến kế và giúp Ban Tổ chức theo dõi, đôn đốc việc triển khai Cuộc vận động."),
            ("btc0519", "archive/ban-to-chuc-01-qd-btc-2020-05-19.docx", "2020-05-19",
             "về việc thành lập Hội đồng xét chọn các hiến kế tham gia Cuộc vận động "
             + CAMPAIGN,
             "Thành lập Hội đồng xét chọn các hiến kế tham gia Cuộc vận động, gồm các đồng chí "
             "có tên trong danh sách kèm theo. Hội đồng xét chọn chấm chọn các hiến kế theo "
             "tiêu chí của Quy chế xét chọn, trao giải thưởng Cuộc vận động.")):
        out.append(Carrier(
            cid, fname, "01-QĐ/BTC", iso, BTC_ISSUER, "TỈNH ỦY ĐẮK LẮK", subj,
            "built in the seeds' style (seed 000 cites both 01-QĐ/BTC)",
            layout(left_lines(BTC_LEFT, "Số 01-QĐ/BTC"),
                   right_party(party_date(iso)),
                   title("Quyết định", [subj]),
                   [Para("Căn cứ Quyết định số 1942-QĐ/TU, ngày 10/3/2020 của Ban Thường vụ "
                         f"Tỉnh ủy về việc thành lập Ban Tổ chức Cuộc vận động {CAMPAIGN};"),
                    Para("Căn cứ Quy chế số 03-QC/TU, ngày 04/3/2020 của Ban Thường vụ Tỉnh ủy "
                         "về xét chọn, trao giải thưởng Cuộc vận động;"),
                    Para("Xét đề nghị của Ban Tuyên giáo Tỉnh ủy - cơ quan Thường trực Cuộc vận "
                         "động,"),
                    centered("BAN TỔ CHỨC CUỘC VẬN ĐỘNG QUYẾT ĐỊNH"),
                    Para("Điều 1. " + what),
                    Para("Điều 2. Quyết định có hiệu lực kể từ ngày ký."),
                    Para("Điều 3. Ban Tuyên giáo Tỉnh ủy, các thành viên Ban Tổ chức Cuộc vận "
                         "động và các đồng chí có tên tại Điều 1 căn cứ Quyết định thi hành./.")],
                   RECIPIENTS_BTC, ["T/M BAN TỔ CHỨC", "TRƯỞNG BAN"], "Trần Minh Quang",
                   txt_header_order="interleaved" if cid == "btc0311" else "columns")))

    # Kế hoạch 28-KH/TU (seed 002 implements it).
    subj = ("đẩy mạnh công tác tuyên truyền sau Đại hội đại biểu Đảng bộ tỉnh lần thứ XVII và "
            "Đại hội đại biểu toàn quốc lần thứ XIII của Đảng")
    out.append(Carrier(
        "kh28", "archive/tinh-uy-dak-lak-28-kh-tu.txt", "28-KH/TU", "2021-05-19",
        "TỈNH ỦY ĐẮK LẮK", "", subj, "built in the seeds' style (seed 002 cites it)",
        layout(left_lines(["TỈNH ỦY ĐẮK LẮK", "*"], "Số 28-KH/TU"),
               right_party(party_date("2021-05-19")),
               title("Kế hoạch", [subj]),
               [Para("Để tiếp tục tạo sự thống nhất về nhận thức và hành động trong Đảng bộ, "
                     "chính quyền và Nhân dân sau Đại hội, Ban Thường vụ Tỉnh ủy ban hành Kế "
                     "hoạch đẩy mạnh công tác tuyên truyền như sau:"),
                heading("I- MỤC ĐÍCH, YÊU CẦU"),
                Para(seed_paragraph(data_dir, "002", "- Tiếp tục tạo sự thống nhất")[2:]),
                Para(seed_paragraph(data_dir, "002", "- Thông qua tuyên truyền sau Đại hội")[2:]),
                heading("II- NỘI DUNG TUYÊN TRUYỀN"),
                Para("Tuyên truyền kết quả Đại hội, các chủ trương, quan điểm, mục tiêu, nhiệm vụ "
                     "và giải pháp mà Nghị quyết Đại hội đề ra; những điển hình tiên tiến trong "
                     "học tập, quán triệt và thực hiện Nghị quyết."),
                heading("III- TỔ CHỨC THỰC HIỆN"),
                  Para("Ban Tuyên giáo Tỉnh ủy chủ trì, phối hợp với Ủy ban nhân dân tỉnh chỉ "
                       "đạo các cơ quan báo chí, hệ thống thông tin cơ sở triển khai Kế hoạch "
                       "này./.")],
               RECIPIENTS_TU, party_signature_tu(), "Nguyễn Văn Hùng",
               txt_header_order="right-first")))

    # Tờ trình 55/TTr-STTTT of the Sở Thông tin và Truyền thông Đắk Lắk (seed 002 cites it).
    subj = ("về việc ban hành Kế hoạch tuyên truyền sau Đại hội đại biểu Đảng bộ tỉnh lần thứ "
            "XVII và Đại hội đại biểu toàn quốc lần thứ XIII của Đảng")
    out.append(Carrier(
        "tt55", "archive/so-tttt-dak-lak-55-ttr-stttt.txt", "55/TTr-STTTT", "2021-06-17",
        "SỞ THÔNG TIN VÀ TRUYỀN THÔNG", "UBND TỈNH ĐẮK LẮK", subj,
        "built in the seeds' style (seed 002 cites it)",
        layout(left_lines(["UBND TỈNH ĐẮK LẮK", "SỞ THÔNG TIN VÀ TRUYỀN THÔNG"],
                          "Số: 55/TTr-STTTT"),
               right_state(gd.date_line(rng, "Đắk Lắk", "2021-06-17", party=False)),
               title("Tờ trình", [subj]),
               [Para("Kính gửi: Ủy ban nhân dân tỉnh.", align="center", indent=False),
                Para("Thực hiện Kế hoạch số 28-KH/TU, ngày 19/5/2021 của Ban Thường vụ Tỉnh ủy "
                     "về đẩy mạnh công tác tuyên truyền sau Đại hội đại biểu Đảng bộ tỉnh lần "
                     "thứ XVII và Đại hội đại biểu toàn quốc lần thứ XIII của Đảng, Sở Thông "
                     "tin và Truyền thông kính trình Ủy ban nhân dân tỉnh xem xét, ban hành Kế "
                     "hoạch tuyên truyền (có dự thảo kèm theo)."),
                Para("Dự thảo Kế hoạch đã được gửi lấy ý kiến các sở, ngành, địa phương và "
                     "được tiếp thu, hoàn chỉnh."),
                Para("Sở Thông tin và Truyền thông kính trình Ủy ban nhân dân tỉnh xem xét, "
                     "quyết định./.")],
               ["- Như trên;", "- Lãnh đạo Sở;", "- Lưu: VT, TTBCXB."],
               ["GIÁM ĐỐC"], "Lê Thanh Bình")))

    # Chỉ thị 19/CT-TTg of the Thủ tướng Chính phủ (seed 004 implements it).  A .pdf.
    subj = ("Về việc phát động thi đua thực hiện thắng lợi nhiệm vụ phát triển kinh tế - xã hội "
            "hằng năm và Kế hoạch 5 năm (2021 - 2025) theo Nghị quyết Đại hội đại biểu toàn "
            "quốc lần thứ XIII của Đảng")
    out.append(Carrier(
        "ct19", "archive/thu-tuong-19-ct-ttg.pdf", "19/CT-TTg", "2021-07-16",
        "THỦ TƯỚNG CHÍNH PHỦ", "", subj, "built in the seeds' style (seed 004 cites it)",
        layout(left_lines(["THỦ TƯỚNG CHÍNH PHỦ"], "Số: 19/CT-TTg"),
               right_state(gd.date_line(rng, "Hà Nội", "2021-07-16", party=False)),
               title("Chỉ thị", [subj]),
               [Para("Thi đua là động lực thúc đẩy phát triển; phong trào thi đua phải gắn với "
                     "thực hiện nhiệm vụ chính trị của từng bộ, ngành, địa phương, cơ quan, đơn "
                     "vị. Để tạo khí thế thi đua sôi nổi trong cả nước, Thủ tướng Chính phủ yêu "
                     "cầu các bộ, ngành, địa phương thực hiện tốt các nhiệm vụ sau:"),
                Para("1. Tổ chức quán triệt, tuyên truyền sâu rộng về mục đích, ý nghĩa, nội "
                     "dung của phong trào thi đua đến cán bộ, công chức, viên chức, người lao "
                     "động và các tầng lớp Nhân dân."),
                Para("2. Đổi mới nội dung, hình thức tổ chức các phong trào thi đua; phát hiện, "
                     "bồi dưỡng, nhân rộng các điển hình tiên tiến; khen thưởng kịp thời, chính "
                     "xác, công khai, minh bạch."),
                Para("Bộ trưởng, Thủ trưởng cơ quan ngang bộ, Thủ trưởng cơ quan thuộc Chính "
                     "phủ, Chủ tịch Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương "
                     "chịu trách nhiệm thi hành Chỉ thị này./.")],
               ["- Ban Bí thư Trung ương Đảng;", "- Các Bộ, cơ quan ngang Bộ;",
                "- HĐND, UBND các tỉnh, thành phố trực thuộc trung ương;", "- Lưu: VT, TCCV."],
               ["THỦ TƯỚNG"], "Trần Quốc Phong")))

    # Nghị định 91/2017/NĐ-CP of the Chính phủ (seed 004 and the domain notes cite it).
    subj = "Quy định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng"
    out.append(Carrier(
        "nd91", "archive/chinh-phu-91-2017-nd-cp.txt", "91/2017/NĐ-CP", "2017-07-31",
        "CHÍNH PHỦ", "", subj, "built in the seeds' style (domain notes cite it)",
        layout(left_lines(["CHÍNH PHỦ"], "Số: 91/2017/NĐ-CP"),
               right_state(gd.date_line(rng, "Hà Nội", "2017-07-31", party=False)),
               title("Nghị định", [subj]),
               [Para("Căn cứ Luật Tổ chức Chính phủ;"),
                Para("Căn cứ Luật Thi đua, khen thưởng;"),
                Para("Theo đề nghị của Bộ trưởng Bộ Nội vụ;"),
                Para("Chính phủ ban hành Nghị định quy định chi tiết thi hành một số điều của "
                     "Luật Thi đua, khen thưởng."),
                heading("Chương I"), centered("QUY ĐỊNH CHUNG"),
                Para("Điều 1. Phạm vi điều chỉnh. Nghị định này quy định chi tiết về các hình "
                     "thức tổ chức thi đua, danh hiệu thi đua, tiêu chuẩn khen thưởng, thẩm "
                     "quyền quyết định khen thưởng và thủ tục, hồ sơ đề nghị khen thưởng."),
                Para("Điều 2. Đối tượng áp dụng. Nghị định này áp dụng đối với cơ quan, tổ chức, "
                     "đơn vị, cá nhân Việt Nam và người Việt Nam ở nước ngoài có thành tích đóng "
                     "góp cho sự nghiệp xây dựng và bảo vệ Tổ quốc."),
                Para("Điều 3. Nguyên tắc thi đua, khen thưởng. Việc thi đua thực hiện theo "
                     "nguyên tắc tự nguyện, tự giác, công khai, đoàn kết, hợp tác và cùng phát "
                     "triển; việc khen thưởng bảo đảm chính xác, công khai, công bằng, kịp "
                     "thời."),
                Para("Điều 4. Các Bộ trưởng, Thủ trưởng cơ quan ngang bộ, Chủ tịch Ủy ban "
                     "nhân dân các tỉnh chịu trách nhiệm thi hành Nghị định này./.")],
               ["- Ban Bí thư Trung ương Đảng;", "- Thủ tướng, các Phó Thủ tướng Chính phủ;",
                "- Các Bộ, cơ quan ngang Bộ;", "- Lưu: VT, TCCV."],
               ["TM. CHÍNH PHỦ", "THỦ TƯỚNG"], "Trần Quốc Phong")))

    # Kế hoạch 461/KH-UBND of the UBND tỉnh Đắk Nông: seed 003 with its full header.
    subj = ("Tổ chức phát động phong trào thi đua cao điểm chào mừng kỷ niệm 20 năm ngày thành "
            "lập tỉnh Đắk Nông (01/01/2004 - 01/01/2024)")
    out.append(Carrier(
        "kh461", "archive/ubnd-dak-nong-461-kh-ubnd.txt", "461/KH-UBND", "2022-08-11",
        "ỦY BAN NHÂN DÂN TỈNH ĐẮK NÔNG", "", subj,
        "seed 003: its number, date, subject and two of its paragraphs, with the issuer and "
        "motto its header lost",
        layout(left_lines(["ỦY BAN NHÂN DÂN", "TỈNH ĐẮK NÔNG"], "Số: 461/KH-UBND"),
               right_state("Đắk Nông, ngày 11 tháng 8 năm 2022"),
               title("Kế hoạch", [subj]),
               [Para(seed_paragraph(data_dir, "003", "Trải qua gần 20 năm")),
                heading("I. MỤC ĐÍCH, YÊU CẦU"),
                Para(seed_paragraph(data_dir, "003", "- Phát động Phong trào thi đua, phấn "
                                                     "đấu")[2:]),
                heading("II. TỔ CHỨC THỰC HIỆN"),
                Para("Sở Nội vụ (Ban Thi đua - Khen thưởng) theo dõi, đôn đốc, tổng hợp kết "
                     "quả thực hiện Kế hoạch này, báo cáo Ủy ban nhân dân tỉnh./.")],
               ["- Thường trực Tỉnh ủy;", "- Thường trực HĐND tỉnh;",
                "- Các sở, ban, ngành, đoàn thể tỉnh;", "- Lưu: VT, NC."],
               ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"], "Tôn Thị Ngọc Hạnh")))
    return out


# --------------------------------------------------------------------------------------------
# Archive, part 2: documents around real An Giang / Kiên Giang records, made by the benchmark
# generator itself.
# --------------------------------------------------------------------------------------------

# (id, file, so_hieu, ngay_ban_hanh): the record is picked by number and date, since numbers
# are not unique (17/2019/QĐ-UBND and 02/2021/NQ-HĐND belong to both provinces).
RECORD_CARRIERS = [
    ("ag17", "archive/ubnd-an-giang-17-2019-qd-ubnd.txt", "17/2019/QĐ-UBND", "2019-06-20"),
    ("kg17", "archive/ubnd-kien-giang-17-2019-qd-ubnd.pdf", "17/2019/QĐ-UBND", "2019-07-22"),
    ("ag02", "archive/hdnd-an-giang-02-2021-nq-hdnd.txt", "02/2021/NQ-HĐND", "2021-03-15"),
    ("kg02", "archive/hdnd-kien-giang-02-2021-nq-hdnd.docx", "02/2021/NQ-HĐND", "2021-10-06"),
    ("ag19", "archive/ubnd-an-giang-19-2020-qd-ubnd.txt", "19/2020/QĐ-UBND", "2020-05-05"),
    ("ag19nq", "archive/hdnd-an-giang-19-2020-nq-hdnd.txt", "19/2020/NQ-HĐND", "2020-08-12"),
    ("ag07", "archive/ubnd-an-giang-07-2012-ct-ubnd.txt", "07/2012/CT-UBND", "2012-06-04"),
    ("kg74", "archive/ubnd-kien-giang-74-2003-qd-ubnd.txt", "74/2003/QĐ-UBND", "2003-08-11"),
    ("stp2051", "archive/so-tu-phap-an-giang-2051-stp-xdthpl.txt", "2051/STP-XDTHPL",
     "2025-09-26"),
    ("sxd4214", "archive/so-xay-dung-an-giang-4214-ttr-sxd.txt", "4214/TTr-SXD", "2025-11-07"),
]


def record_archive(records, pools, avoid_keys):
    """Carriers made by generate_documents.make_document from real records.  Their citations
    come from the generator's pool of real mentions, minus any that cite a number this corpus
    plants (so that the archive never cites what the drafts test)."""
    pool = [c for c in gd.citation_pool(records)
            if not any(n.key in avoid_keys for n, _ in c.cites)]
    out = []
    for cid, fname, so_hieu, iso in RECORD_CARRIERS:
        idx = [i for i, r in enumerate(records)
               if r["so_hieu"] == so_hieu and r.get("ngay_ban_hanh") == iso]
        if len(idx) != 1:
            sys.exit(f"make_citation_corpus: no single record {so_hieu} of {iso}: {idx}")
        rec = records[idx[0]]
        want = gd.parse_number(so_hieu).canonical
        # make_document draws about one document in eight in the Party layout, with a number
        # of its own; the first seed that keeps the record's own number in the state layout
        # (and prints no secrecy stamp) is taken.
        for attempt in range(200):
            rng = random.Random(f"citations/{cid}/{attempt}")
            lay, exp = gd.make_document(rng, cid, idx[0], rec, pool, pools[0], pools[1])
            if exp["family"] == "state" and exp["number"] == want and not exp["secrecy"]:
                break
        else:
            sys.exit(f"make_citation_corpus: no state-layout document for {so_hieu}")
        out.append(Carrier(cid, fname, exp["number"], exp["date"], exp["issuer"],
                           exp["issuer_parent"], exp["subject"],
                           f"An Giang data, record #{idx[0]} (make_document, seed "
                           f"\"citations/{cid}/{attempt}\")", lay))
    return out


# --------------------------------------------------------------------------------------------
# Drafts.  Each is unnumbered ("Số:      /KH-UBND") with a blank date, as drafts are, and
# carries a "DỰ THẢO" mark.  The citations below are the plan: expected.json is written from
# these lists, and the script checks that the text says exactly this.
# --------------------------------------------------------------------------------------------

def drafts():
    out = []
    blank = "ngày      tháng      năm"

    # 1. Campaign committee, plan for the closing ceremony: the two 01-QĐ/BTC, each with its
    # own date, and a wrong date on the Quy chế.
    subj = f"tổ chức Lễ tổng kết, trao giải thưởng Cuộc vận động {CAMPAIGN}"
    out.append(Draft(
        "drafts/du-thao-01-ke-hoach-tong-ket-cuoc-van-dong.txt", "2020-11-02",
        layout(left_lines(BTC_LEFT, "Số      -KH/BTC"),
               right_party(f"Đắk Lắk, {blank} 2020", draft=True),
               title("Kế hoạch", [subj]),
               [Para("Thực hiện Kế hoạch số 152-KH/TU, ngày 26/02/2020 của Ban Thường vụ Tỉnh "
                     f"ủy về tổ chức Cuộc vận động {CAMPAIGN} và Quy chế số 03-QC/TU, ngày "
                     "14/3/2020 của Ban Thường vụ Tỉnh ủy về xét chọn, trao giải thưởng Cuộc vận "
                     "động; Quyết định số 1942-QĐ/TU, ngày 10/3/2020 của Ban Thường vụ Tỉnh ủy "
                     "về việc thành lập Ban Tổ chức Cuộc vận động, Ban Tổ chức Cuộc vận động xây "
                     "dựng Kế hoạch tổ chức Lễ tổng kết, trao giải thưởng như sau:"),
                heading("I- MỤC ĐÍCH, YÊU CẦU"),
                Para("Đánh giá kết quả triển khai Cuộc vận động; biểu dương, khen thưởng các tác "
                     "giả có hiến kế đạt giải, qua đó lan tỏa tinh thần đóng góp trí tuệ cho sự "
                     "phát triển của tỉnh."),
                Para("Lễ tổng kết được tổ chức trang trọng, tiết kiệm, hiệu quả, đúng quy "
                     "định."),
                heading("II- NỘI DUNG"),
                Para("1. Hội đồng xét chọn được thành lập theo Quyết định số 01-QĐ/BTC, ngày "
                     "19/5/2020 của Ban Tổ chức Cuộc vận động về việc thành lập Hội đồng xét "
                     "chọn các hiến kế tham gia Cuộc vận động hoàn thành việc chấm chọn, đề xuất "
                     "các hiến kế đạt giải trước Lễ tổng kết."),
                Para("2. Tổ thư ký giúp việc cho Ban Tổ chức Cuộc vận động (thành lập theo "
                     "Quyết định số 01-QĐ/BTC, ngày 11/3/2020 của Ban Tổ chức Cuộc vận động) "
                     "tổng hợp hồ sơ, chuẩn bị tài liệu và giấy mời đại biểu."),
                heading("III- TỔ CHỨC THỰC HIỆN"),
                Para("Ban Tuyên giáo Tỉnh ủy - cơ quan Thường trực Cuộc vận động chủ trì, phối "
                     "hợp với các cơ quan liên quan triển khai Kế hoạch này./.")],
               ["- Thường trực Tỉnh ủy (b/c),", "- Thành viên Ban Tổ chức Cuộc vận động,",
                "- Lưu Ban Tuyên giáo Tỉnh ủy."],
               ["T/M BAN TỔ CHỨC", "TRƯỞNG BAN"], "Trần Minh Quang"),
        [Cite("152-KH/TU", "2020-02-26", "found", issuer="Ban Thường vụ Tỉnh ủy", target="tu152"),
         Cite("03-QC/TU", "2020-03-14", "date-mismatch",
              issuer="Ban Thường vụ Tỉnh ủy", target="qc03",
              note="14/3/2020 for 04/3/2020"),
         Cite("1942-QĐ/TU", "2020-03-10", "found", issuer="Ban Thường vụ Tỉnh ủy", target="qd1942"),
         Cite("01-QĐ/BTC", "2020-05-19", "found",
              issuer="Ban Tổ chức Cuộc vận động", target="btc0519",
              note="the date picks the second of the two 01-QĐ/BTC"),
         Cite("01-QĐ/BTC", "2020-03-11", "found",
              issuer="Ban Tổ chức Cuộc vận động", target="btc0311",
              note="the date picks the first of the two 01-QĐ/BTC")]))

    # 2. Campaign committee, six-month report (a .docx): typos in two numbers.
    subj = f"sơ kết 06 tháng triển khai Cuộc vận động {CAMPAIGN}"
    out.append(Draft(
        "drafts/du-thao-02-bao-cao-so-ket-cuoc-van-dong.docx", "2020-09-07",
        layout(left_lines(BTC_LEFT, "Số      -BC/BTC"),
               right_party(f"Đắk Lắk, {blank} 2020", draft=True),
               title("Báo cáo", [subj]),
               [heading("I- CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO"),
                Para("Ngay sau khi có Kế hoạch số 152-KH/TW, ngày 26/02/2020 của Ban Thường vụ "
                     "Tỉnh ủy về tổ chức Cuộc vận động, Ban Tổ chức Cuộc vận động đã triển khai "
                     "đến các cơ quan, đơn vị, địa phương trong tỉnh."),
                Para("Thực hiện Quyết định số 1942-QĐ/TU, ngày 10/3/2020 của Ban Thường vụ Tỉnh "
                     "ủy về việc thành lập Ban Tổ chức Cuộc vận động, Ban Tổ chức đã phân công "
                     "nhiệm vụ cho các thành viên; ban hành Quyết định số 1-QĐ/BTC, ngày "
                     "19/5/2020 về việc thành lập Hội đồng xét chọn các hiến kế tham gia Cuộc "
                     "vận động."),
                heading("II- CÔNG TÁC TRUYỀN THÔNG"),
                Para("Ban Tuyên giáo Tỉnh ủy ban hành Công văn số 1757-CV/BTGTU, ngày 23/4/2020 "
                     "về việc đẩy mạnh tuyên truyền Cuộc vận động; các cơ quan báo chí của tỉnh "
                     "mở chuyên trang, chuyên mục về Cuộc vận động."),
                Para("Hưởng ứng Cuộc vận động, nhiều tác giả là cán bộ, công chức, viên chức, "
                     "doanh nhân, nhà khoa học trong và ngoài tỉnh đã gửi hiến kế về Ban Tổ "
                     "chức; các hiến kế tập trung chủ yếu vào lĩnh vực kinh tế và văn hóa - xã "
                     "hội."),
                heading("III- NHIỆM VỤ THỜI GIAN TỚI"),
                Para("Tiếp tục tuyên truyền, vận động các tầng lớp Nhân dân tham gia Cuộc vận "
                     "động; hoàn thành việc xét chọn và tổ chức Lễ tổng kết./.")],
               ["- Thường trực Tỉnh ủy (b/c),", "- Thành viên Ban Tổ chức Cuộc vận động,",
                "- Lưu Ban Tuyên giáo Tỉnh ủy."],
               ["T/M BAN TỔ CHỨC", "TRƯỞNG BAN"], "Trần Minh Quang"),
        [Cite("152-KH/TW", "2020-02-26", "typo",
              issuer="Ban Thường vụ Tỉnh ủy", intended="152-KH/TU", intended_target="tu152",
              note="TW (Trung ương) typed for TU (Tỉnh ủy)"),
         Cite("1942-QĐ/TU", "2020-03-10", "found", issuer="Ban Thường vụ Tỉnh ủy", target="qd1942"),
         Cite("1-QĐ/BTC", "2020-05-19", "typo", intended="01-QĐ/BTC",
              intended_target="btc0519",
              note="leading zero dropped; the date picks the second 01-QĐ/BTC"),
         Cite("1757-CV/BTGTU", "2020-04-23", "not-in-archive",
              note="real (seed 000 cites it), not in the archive")]))

    # 3. UBND tỉnh Đắk Nông, plan: a UBND plan cited as the HĐND's.
    subj = ("Tổng kết, khen thưởng phong trào thi đua cao điểm chào mừng kỷ niệm 20 năm ngày "
            "thành lập tỉnh Đắk Nông")
    out.append(Draft(
        "drafts/du-thao-03-ke-hoach-khen-thuong-dak-nong.txt", "2022-09-12",
        layout(left_lines(["ỦY BAN NHÂN DÂN", "TỈNH ĐẮK NÔNG"], "Số:      /KH-UBND"),
               right_state(f"Đắk Nông, {blank} 2022", draft=True),
               title("Kế hoạch", [subj]),
               [Para("Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15/6/2022;"),
                Para("Căn cứ Nghị định số 91/2017/NĐ-CP ngày 31/7/2017 của Chính phủ quy định "
                     "chi tiết thi hành một số điều của Luật Thi đua, khen thưởng;"),
                Para("Căn cứ Chỉ thị số 19/CT-TTg ngày 16/7/2021 của Thủ tướng Chính phủ về việc "
                     "phát động thi đua thực hiện thắng lợi nhiệm vụ phát triển kinh tế - xã hội "
                     "hằng năm và Kế hoạch 5 năm (2021 - 2025);"),
                Para("Thực hiện Kế hoạch số 461/KH-UBND ngày 11/8/2022 của HĐND tỉnh Đắk Nông về "
                     "tổ chức phát động phong trào thi đua cao điểm chào mừng kỷ niệm 20 năm "
                     "ngày thành lập tỉnh Đắk Nông, Ủy ban nhân dân tỉnh ban hành Kế hoạch tổng "
                     "kết, khen thưởng như sau:"),
                heading("I. MỤC ĐÍCH, YÊU CẦU"),
                Para("1. Đánh giá kết quả phong trào thi đua cao điểm; lựa chọn những tập thể, "
                     "cá nhân tiêu biểu, xuất sắc để khen thưởng kịp thời, tạo sức lan tỏa "
                     "trong toàn tỉnh."),
                Para("2. Việc bình xét, đề nghị khen thưởng phải bảo đảm chính xác, công khai, "
                     "công bằng, đúng đối tượng, tiêu chuẩn."),
                heading("II. TỔ CHỨC THỰC HIỆN"),
                Para("Sở Nội vụ chủ trì, phối hợp với các sở, ngành, địa phương tổ chức thực "
                     "hiện Kế hoạch này./.")],
               ["- Thường trực Tỉnh ủy;", "- Thường trực HĐND tỉnh;",
                "- Các sở, ban, ngành, đoàn thể tỉnh;", "- Lưu: VT, NC."],
               ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], "Hồ Văn Mười"),
        [Cite("06/2022/QH15", "2022-06-15", "not-in-archive",
              note="a real law (Luật Thi đua, khen thưởng), not in the archive"),
         Cite("91/2017/NĐ-CP", "2017-07-31", "found", issuer="Chính phủ", target="nd91"),
         Cite("19/CT-TTg", "2021-07-16", "found", issuer="Thủ tướng Chính phủ", target="ct19"),
         Cite("461/KH-UBND", "2022-08-11", "issuer-mismatch",
              issuer="HĐND tỉnh Đắk Nông", target="kh461",
              note="a UBND plan cited as “của HĐND tỉnh Đắk Nông”")]))

    # 4. Sở Nội vụ Đắk Lắk, công văn (the .pdf draft): a Chỉ thị of the Thủ tướng cited as the
    # UBND's, ND for NĐ, a wrong month in a long date.
    out.append(Draft(
        "drafts/du-thao-04-cong-van-thi-dua-so-noi-vu.pdf", "2022-10-03",
        layout(left_lines(["UBND TỈNH ĐẮK LẮK", "SỞ NỘI VỤ"], "Số:      /SNV-TĐKT",
                          vv="V/v đôn đốc triển khai phong trào thi đua năm 2022"),
               right_state(f"Đắk Lắk, {blank} 2022", draft=True),
               [],
               [Para("Kính gửi:", align="center", indent=False),
                Para("- Các sở, ban, ngành thuộc tỉnh;", align="left", indent=False),
                Para("- Ủy ban nhân dân các huyện, thị xã, thành phố.", align="left",
                     indent=False),
                Para("Thực hiện Chỉ thị số 19/CT-TTg ngày 16/7/2021 của UBND tỉnh về việc phát "
                     "động thi đua thực hiện thắng lợi nhiệm vụ phát triển kinh tế - xã hội hằng "
                     "năm và Kế hoạch 5 năm (2021 - 2025), Sở Nội vụ đề nghị các cơ quan, đơn "
                     "vị, địa phương quan tâm thực hiện một số nội dung sau:"),
                Para("1. Rà soát hồ sơ đề nghị khen thưởng theo đúng quy định tại Nghị định số "
                     "91/2017/ND-CP ngày 31/7/2017 của Chính phủ quy định chi tiết thi hành một "
                     "số điều của Luật Thi đua, khen thưởng; không đề nghị khen thưởng vượt "
                     "thẩm quyền."),
                Para("2. Tham khảo cách tổ chức phong trào thi đua theo chuyên đề của tỉnh Đắk "
                     "Nông tại Kế hoạch số 461/KH-UBND ngày 11 tháng 7 năm 2022 của UBND tỉnh "
                     "Đắk Nông để vận dụng phù hợp với thực tế của cơ quan, đơn vị."),
                Para("3. Tiếp tục thực hiện Chỉ thị số 02/CT-UBND ngày 04/01/2021 của UBND tỉnh "
                     "về công tác thi đua, khen thưởng; gửi báo cáo kết quả về Sở Nội vụ (qua "
                     "Ban Thi đua - Khen thưởng) để tổng hợp."),
                Para("4. Chủ động phát hiện, lựa chọn các tập thể, cá nhân có thành tích tiêu "
                     "biểu trong phong trào thi đua để đề nghị khen thưởng kịp thời."),
                Para("5. Hồ sơ đề nghị khen thưởng gửi qua Hệ thống quản lý văn bản và điều "
                     "hành; hồ sơ gửi chậm được tổng hợp vào đợt xét khen thưởng tiếp theo."),
                Para("Sở Nội vụ đề nghị các cơ quan, đơn vị, địa phương quan tâm phối hợp thực "
                     "hiện./.")],
               ["- Như trên;", "- UBND tỉnh (b/c);", "- Giám đốc Sở;", "- Lưu: VT, TĐKT."],
               ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"], "Phan Thị Thu Hà"),
        [Cite("19/CT-TTg", "2021-07-16", "issuer-mismatch", issuer="UBND tỉnh", target="ct19",
              note="a Chỉ thị of the Thủ tướng cited as “của UBND tỉnh”"),
         Cite("91/2017/ND-CP", "2017-07-31", "typo", issuer="Chính phủ", intended="91/2017/NĐ-CP",
              intended_target="nd91", note="ND typed for NĐ"),
         Cite("461/KH-UBND", "2022-07-11", "date-mismatch",
              issuer="UBND tỉnh Đắk Nông", target="kh461",
              note="“ngày 11 tháng 7 năm 2022” for 11/8/2022"),
         Cite("02/CT-UBND", "2021-01-04", "not-in-archive", issuer="UBND tỉnh",
              note="real (seed 004 cites it), not in the archive")]))

    # 5. UBND tỉnh An Giang, decision: a citation in the subject line, a number of two
    # provinces cited without a date ("của Hội đồng nhân dân tỉnh" names no province).
    subj = ["Sửa đổi, bổ sung một số điều của Quy định ban hành kèm theo Quyết định số "
            "19/2020/QĐ-UBND", "ngày 05 tháng 5 năm 2020 của Ủy ban nhân dân tỉnh An Giang"]
    out.append(Draft(
        "drafts/du-thao-05-quyet-dinh-an-giang.txt", "2021-11-15",
        layout(left_lines(["ỦY BAN NHÂN DÂN", "TỈNH AN GIANG"], "Số:      /2021/QĐ-UBND"),
               right_state(f"An Giang, {blank} 2021", draft=True),
               title("Quyết định", subj, extra=["ỦY BAN NHÂN DÂN TỈNH AN GIANG"]),
               [Para("Căn cứ Luật Tổ chức chính quyền địa phương;"),
                Para("Căn cứ Chỉ thị số 07/2012/CT-UBND ngày 04/6/2012 của Ủy ban nhân dân tỉnh "
                     "An Giang về đẩy mạnh công tác gia đình;"),
                Para("Căn cứ Quyết định số 17/2019/QĐ-UBND ngày 20/6/2019 của Ủy ban nhân dân "
                     "tỉnh An Giang ban hành định mức hỗ trợ từng loại dự án, hạng mục, công "
                     "trình đối với doanh nghiệp đầu tư vào nông nghiệp, nông thôn trên địa bàn "
                     "tỉnh An Giang;"),
                Para("Căn cứ Nghị quyết số 02/2021/NQ-HĐND của Hội đồng nhân dân tỉnh;"),
                Para("Theo đề nghị của Giám đốc Sở Văn hóa, Thể thao và Du lịch."),
                centered("QUYẾT ĐỊNH:"),
                Para("Điều 1. Sửa đổi, bổ sung một số điều của Quy định việc công nhận các danh "
                     "hiệu văn hóa trong phong trào “Toàn dân đoàn kết xây dựng đời sống văn "
                     "hóa” tỉnh An Giang: bổ sung tiêu chuẩn về nếp sống văn minh nơi công cộng "
                     "và bảo vệ môi trường vào tiêu chuẩn công nhận danh hiệu “Ấp văn hóa”, "
                     "“Khóm văn hóa”."),
                Para("Điều 2. Quyết định này có hiệu lực kể từ ngày ký."),
                Para("Điều 3. Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc Sở Văn hóa, Thể "
                     "thao và Du lịch, Thủ trưởng các sở, ban, ngành tỉnh và các cơ quan, đơn "
                     "vị có liên quan chịu trách nhiệm thi hành Quyết định này./.")],
               ["- Như Điều 3;", "- Bộ Văn hóa, Thể thao và Du lịch;",
                "- TT. Tỉnh ủy, TT. HĐND tỉnh;", "- Lưu: VT."],
               ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], "Nguyễn Thanh Bình"),
        [Cite("19/2020/QĐ-UBND", "2020-05-05", "found",
              issuer="Ủy ban nhân dân tỉnh An Giang", target="ag19",
              note="cited in the subject line, date as “ngày 05 tháng 5 năm 2020”"),
         Cite("07/2012/CT-UBND", "2012-06-04", "found",
              issuer="Ủy ban nhân dân tỉnh An Giang", target="ag07"),
         Cite("17/2019/QĐ-UBND", "2019-06-20", "found",
              issuer="Ủy ban nhân dân tỉnh An Giang", target="ag17",
              note="carried by An Giang and Kiên Giang; the date picks An Giang's"),
         Cite("02/2021/NQ-HĐND", "", "ambiguous", issuer="Hội đồng nhân dân tỉnh",
              note="carried by the HĐND of An Giang and of Kiên Giang; no date, and "
                   "“của Hội đồng nhân dân tỉnh” names no province")]))

    # 6. HĐND tỉnh Kiên Giang, resolution: a number of two provinces picked by its issuer
    # alone, and a Tờ trình that is not in the archive.
    out.append(Draft(
        "drafts/du-thao-06-nghi-quyet-kien-giang.txt", "2022-10-24",
        layout(left_lines(["HỘI ĐỒNG NHÂN DÂN", "TỈNH KIÊN GIANG"], "Số:      /2022/NQ-HĐND"),
               right_state(f"Kiên Giang, {blank} 2022", draft=True),
               title("Nghị quyết",
                     ["Sửa đổi mức phụ cấp hằng tháng đối với ấp (khu) đội trưởng trên địa bàn "
                      "tỉnh Kiên Giang"],
                     extra=["HỘI ĐỒNG NHÂN DÂN TỈNH KIÊN GIANG", "KHÓA X, KỲ HỌP THỨ 11"]),
               [Para("Căn cứ Luật Tổ chức chính quyền địa phương;"),
                Para("Căn cứ Nghị quyết số 02/2021/NQ-HĐND ngày 06/10/2021 của Hội đồng nhân "
                     "dân tỉnh Kiên Giang quy định mức phụ cấp hằng tháng đối với ấp (khu) đội "
                     "trưởng và mức trợ cấp ngày công lao động đối với lực lượng Dân quân tự "
                     "vệ;"),
                Para("Căn cứ Quyết định số 17/2019/QĐ-UBND của Ủy ban nhân dân tỉnh Kiên Giang "
                     "ban hành Quy chế tổ chức và quản lý hoạt động của ấp, khu phố trên địa "
                     "bàn tỉnh Kiên Giang;"),
                Para("Xét Tờ trình số 158/TTr-UBND ngày 20/10/2022 của Ủy ban nhân dân tỉnh về "
                     "dự thảo Nghị quyết; Báo cáo thẩm tra của Ban Pháp chế Hội đồng nhân dân "
                     "tỉnh; ý kiến thảo luận của đại biểu Hội đồng nhân dân tỉnh tại kỳ họp."),
                centered("QUYẾT NGHỊ:"),
                Para("Điều 1. Mức phụ cấp hằng tháng đối với ấp (khu) đội trưởng trên địa bàn "
                     "tỉnh Kiên Giang bằng 1,0 lần mức lương cơ sở."),
                Para("Điều 2. Kinh phí thực hiện do ngân sách địa phương bảo đảm theo phân cấp "
                     "ngân sách hiện hành."),
                Para("Điều 3. Giao Ủy ban nhân dân tỉnh tổ chức thực hiện Nghị quyết này./.")],
               ["- UBTVQH, Chính phủ;", "- TT. Tỉnh ủy, UBND tỉnh;",
                "- Đại biểu HĐND tỉnh;", "- Lưu: VT."],
               ["CHỦ TỊCH"], "Mai Văn Huỳnh"),
        [Cite("02/2021/NQ-HĐND", "2021-10-06", "found",
              issuer="Hội đồng nhân dân tỉnh Kiên Giang", target="kg02",
              note="carried by two provinces; the date picks Kiên Giang's"),
         Cite("17/2019/QĐ-UBND", "", "found",
              issuer="Ủy ban nhân dân tỉnh Kiên Giang", target="kg17",
              note="carried by two provinces, no date; “của Ủy ban nhân dân tỉnh Kiên Giang” "
                   "picks Kiên Giang's"),
         Cite("158/TTr-UBND", "2022-10-20", "not-in-archive", issuer="Ủy ban nhân dân tỉnh",
              note="invented; at least 3 edits from every archive number")]))

    # 7. UBND tỉnh Đắk Lắk, report: a Party plan cited as the UBND's, 01-QĐ/BTC without a
    # date, two Politburo documents that are not in the archive.
    subj = ("Kết quả công tác tuyên truyền sau Đại hội đại biểu Đảng bộ tỉnh lần thứ XVII và "
            "Đại hội đại biểu toàn quốc lần thứ XIII của Đảng")
    out.append(Draft(
        "drafts/du-thao-07-bao-cao-tuyen-truyen-dak-lak.txt", "2021-12-06",
        layout(left_lines(["ỦY BAN NHÂN DÂN", "TỈNH ĐẮK LẮK"], "Số:      /BC-UBND"),
               right_state(f"Đắk Lắk, {blank} 2021", draft=True),
               title("Báo cáo", [subj]),
               [Para("Thực hiện Kế hoạch số 28-KH/TU, ngày 19/5/2021 của Ban Thường vụ Tỉnh ủy "
                     "về đẩy mạnh công tác tuyên truyền sau Đại hội đại biểu Đảng bộ tỉnh lần "
                     "thứ XVII và Đại hội đại biểu toàn quốc lần thứ XIII của Đảng; theo đề "
                     "nghị của Sở Thông tin và Truyền thông tại Tờ trình số 55/TTr-STTTT ngày "
                     "17/6/2021, UBND tỉnh báo cáo kết quả như sau:"),
                heading("I. KẾT QUẢ THỰC HIỆN"),
                Para("1. Các cơ quan báo chí của tỉnh tiếp tục tuyên truyền Kết luận số "
                     "01-KL/TW ngày 18/5/2021 của Bộ Chính trị về tiếp tục thực hiện Chỉ thị số "
                     "05-CT/TW ngày 15/5/2016 của Bộ Chính trị về đẩy mạnh học tập và làm theo "
                     "tư tưởng, đạo đức, phong cách Hồ Chí Minh."),
                Para("2. Lồng ghép tuyên truyền kết quả Cuộc vận động " + CAMPAIGN + " được tổ "
                     "chức theo Kế hoạch số 152-KH/TU ngày 26/02/2020 của UBND tỉnh; phối hợp "
                     "với Tổ thư ký và Hội đồng xét chọn của Cuộc vận động (theo Quyết định số "
                     "01-QĐ/BTC của Ban Tổ chức Cuộc vận động) để giới thiệu các hiến kế đạt "
                     "giải."),
                heading("II. ĐÁNH GIÁ CHUNG"),
                Para("Công tác tuyên truyền được triển khai kịp thời, đồng bộ, với nhiều hình "
                     "thức phong phú; nội dung bám sát Nghị quyết Đại hội và tình hình thực tế "
                     "của địa phương."),
                Para("Tuy nhiên, việc tuyên truyền trên hệ thống thông tin cơ sở ở một số địa "
                     "phương còn chậm, hình thức chưa đa dạng."),
                Para("Trên đây là báo cáo kết quả công tác tuyên truyền của Ủy ban nhân dân "
                     "tỉnh./.")],
               ["- Ban Tuyên giáo Tỉnh ủy;", "- Thường trực Tỉnh ủy;",
                "- Sở Thông tin và Truyền thông;", "- Lưu: VT, KGVX."],
               ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"], "Võ Văn Cảnh",
               txt_header_order="interleaved"),
        [Cite("28-KH/TU", "2021-05-19", "found", issuer="Ban Thường vụ Tỉnh ủy", target="kh28"),
         Cite("55/TTr-STTTT", "2021-06-17", "found", target="tt55",
              note="the issuer is named before the number (“của Sở … tại Tờ trình số …”)"),
         Cite("01-KL/TW", "2021-05-18", "not-in-archive",
              issuer="Bộ Chính trị", note="real (seed 003 cites it)"),
         Cite("05-CT/TW", "2016-05-15", "not-in-archive",
              issuer="Bộ Chính trị", note="real (seed 003 cites it)"),
         Cite("152-KH/TU", "2020-02-26", "issuer-mismatch", issuer="UBND tỉnh", target="tu152",
              note="a plan of the Ban Thường vụ Tỉnh ủy cited as “của UBND tỉnh”"),
         Cite("01-QĐ/BTC", "", "ambiguous", issuer="Ban Tổ chức Cuộc vận động",
              note="both 01-QĐ/BTC have this issuer; no date")]))

    # 8. Sở Xây dựng An Giang, công văn: bare "Quyết định 17/2019/QĐ-UBND" (two provinces:
    # ambiguous) next to bare "Quyết định 19/2020/QĐ-UBND" (one carrier: found), and a wrong
    # year on a number of two provinces whose issuer picks one.
    out.append(Draft(
        "drafts/du-thao-08-cong-van-so-xay-dung-an-giang.txt", "2025-12-01",
        layout(left_lines(["UBND TỈNH AN GIANG", "SỞ XÂY DỰNG"], "Số:      /SXD-VP",
                          vv="V/v giải trình ý kiến thẩm định dự thảo Quyết định của Ủy ban "
                             "nhân dân tỉnh"),
               right_state(f"An Giang, {blank} 2025", draft=True),
               [],
               [Para("Kính gửi: Sở Tư pháp.", align="center", indent=False),
                Para("Sở Xây dựng đã tiếp thu ý kiến thẩm định của Sở Tư pháp tại Công văn số "
                     "2051/STP-XDTHPL ngày 26/9/2025 và trình Ủy ban nhân dân tỉnh tại Tờ trình "
                     "số 4214/TTr-SXD ngày 07/11/2025 của Sở Xây dựng. Sở Xây dựng giải trình "
                     "thêm như sau:"),
                Para("1. Về văn bản được viện dẫn: dự thảo viện dẫn Quyết định 17/2019/QĐ-UBND "
                     "nhưng chưa ghi rõ ngày ban hành và cơ quan ban hành; cơ quan soạn thảo sẽ "
                     "ghi đầy đủ."),
                Para("2. Nội dung dự thảo đã được rà soát, bảo đảm không trùng lặp với Quyết "
                     "định 19/2020/QĐ-UBND và thống nhất với Nghị quyết số 02/2021/NQ-HĐND ngày "
                     "15/3/2022 của Hội đồng nhân dân tỉnh An Giang."),
                Para("Sở Xây dựng kính đề nghị Sở Tư pháp xem xét, tổng hợp./.")],
               ["- Như trên;", "- Giám đốc Sở;", "- Lưu: VT, VP."],
               ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"], "Lâm Hữu Lộc"),
        [Cite("2051/STP-XDTHPL", "2025-09-26", "found", target="stp2051",
              note="the issuer is named before the number"),
         Cite("4214/TTr-SXD", "2025-11-07", "found", issuer="Sở Xây dựng", target="sxd4214"),
         Cite("17/2019/QĐ-UBND", "", "ambiguous",
              note="“Quyết định 17/2019/QĐ-UBND” without số, date or issuer; two carriers"),
         Cite("19/2020/QĐ-UBND", "", "found", target="ag19",
              note="“Quyết định 19/2020/QĐ-UBND” without số, date or issuer; one carrier "
                   "(19/2020/NQ-HĐND is another number)"),
         Cite("02/2021/NQ-HĐND", "2022-03-15", "date-mismatch",
              issuer="Hội đồng nhân dân tỉnh An Giang", target="ag02",
              note="year 2022 for 2021; the date matches neither carrier, “của Hội đồng "
                   "nhân dân tỉnh An Giang” picks An Giang's")]))
    return out


# --------------------------------------------------------------------------------------------
# Checks
# --------------------------------------------------------------------------------------------

def fold_number(s):
    """Lower case, đ -> d, no marks: how a typed number may differ without being another."""
    d = unicodedata.normalize("NFD", s.replace("Đ", "D").replace("đ", "d").lower())
    return "".join(c for c in d if not unicodedata.combining(c))


def edit_distance(a, b):
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def read_citations(text):
    """(number, date) of every cited number, in order, deduplicated as the parser does
    (docs/metadata.md: each number + date once; an undated repeat folds into the first)."""
    out = []
    for n, iso in gd.citations_in(text):
        same = [c for c in out if c[0] == n.key]
        if any(c[2] == iso for c in same) or (same and not iso):
            continue
        undated = [c for c in same if not c[2]]
        if undated and iso:
            undated[0][2] = iso
            continue
        out.append([n.key, n.canonical, iso])
    return [(c[1], c[2]) for c in out]


def check_plan(carriers, draft_list):
    """Each planted status must follow from the archive; returns a list of failures."""
    fails = []
    by_id = {c.id: c for c in carriers}
    by_key = collections.defaultdict(list)
    for c in carriers:
        by_key[gd.parse_number(c.number).key].append(c)
    for d in draft_list:
        for k in d.cites:
            where = f"{d.file}: {k.number} {k.date or '(no date)'} {k.status}"
            key = gd.parse_number(k.number).key
            carried = by_key.get(key, [])
            t = by_id.get(k.target) if k.target else None
            if k.status not in STATUSES:
                fails.append(f"{where}: unknown status")
            elif k.status in ("found", "date-mismatch", "issuer-mismatch"):
                if t is None or t.number != k.number:
                    fails.append(f"{where}: target does not carry the number")
                elif k.status == "found" and k.date and k.date != t.date:
                    fails.append(f"{where}: found but the dates differ")
                elif k.status == "found" and not k.date and len(carried) > 1 \
                        and "picks" not in k.note:
                    fails.append(f"{where}: undated citation of a number carried twice")
                elif k.status == "date-mismatch" and (not k.date or k.date == t.date
                                                      or any(c.date == k.date for c in carried)):
                    fails.append(f"{where}: not a date mismatch")
                elif k.status == "issuer-mismatch" and k.date != t.date:
                    fails.append(f"{where}: issuer-mismatch must have the right date")
            elif k.status == "ambiguous":
                if len(carried) < 2 or k.date or k.target:
                    fails.append(f"{where}: not ambiguous")
            elif k.status == "typo":
                it = by_id.get(k.intended_target)
                if any(c.number == k.number for c in carriers):
                    fails.append(f"{where}: the typo is carried by an archive document")
                if it is None or it.number != k.intended or (k.date and it.date != k.date):
                    fails.append(f"{where}: intended document not in the archive")
                elif edit_distance(k.number, k.intended) != 1:
                    fails.append(f"{where}: not one edit from {k.intended}")
            elif k.status == "not-in-archive":
                near = min(edit_distance(fold_number(k.number), fold_number(c.number))
                           for c in carriers)
                if carried or near < 3:
                    fails.append(f"{where}: an archive number is {near} edits away")
    return fails


def run_vanthu(binary, out_dir, carriers, draft_list):
    """What core's parser reads from our files, against the plan.  Returns (failures, misses):
    a failure means the corpus does not test what it says (an archive document's number, date
    or issuer, or a draft's citation number or date, not read as planted); a miss is the
    parser reading something else where the text is right (a blank draft number read as a
    number, a cited issuer cut short or run on), reported for the parser, not failed here."""
    files = [c.file for c in carriers] + [d.file for d in draft_list]
    res = subprocess.run([binary, "extract", "--json"] + [str(out_dir / f) for f in files],
                         stdout=subprocess.PIPE, check=True)
    got = {Path(e["path"]).resolve(): e["meta"] for e in json.loads(res.stdout)}
    fails, misses = [], []

    def same(a, b):
        return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()

    for c in carriers:
        m = got[(out_dir / c.file).resolve()]
        for field, want in (("number", c.number), ("date", c.date), ("issuer", c.issuer),
                            ("issuer_parent", c.issuer_parent)):
            if not same(m.get(field, ""), want):
                fails.append(f"{c.file}: {field} {m.get(field, '')!r}, want {want!r}")
    for d in draft_list:
        m = got[(out_dir / d.file).resolve()]
        if m.get("number"):
            misses.append(f"{d.file}: an unnumbered draft, but the number "
                          f"{m['number']!r} was read")
        cites = m.get("citations", [])
        read = [(x["number"], x.get("date", "")) for x in cites]
        want = [(k.number, k.date) for k in d.cites]
        if read != want:
            fails.append(f"{d.file}: citations read {read}, want {want}")
            continue
        print(f"  {d.file}: {len(read)} citations read as planned")
        for x, k in zip(cites, d.cites):
            if not same(x.get("issuer", ""), k.issuer):
                misses.append(f"{d.file}: {k.number}: issuer read {x.get('issuer', '')!r}, "
                              f"written {k.issuer!r}")
    return fails, misses


# --------------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------------

def expected_json(carriers, draft_list):
    files = {c.id: c.file for c in carriers}
    out = {}
    for d in draft_list:
        out[d.file] = [{"number": k.number, "date": k.date, "status": k.status,
                        "target": files[k.target] if k.target else None,
                        "intended": k.intended} for k in d.cites]
    return json.dumps(out, ensure_ascii=False, indent=1) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=REPO / "corpus" / "citations",
                    help="output directory (default corpus/citations)")
    ap.add_argument("--data", type=Path, default=gd.default_data_dir(),
                    help="shared data directory (angiang/, seeds/, alqac/)")
    ap.add_argument("--skip-pdf", action="store_true",
                    help="do not run soffice; keep the PDFs already there")
    ap.add_argument("--vanthu", type=Path,
                    help="also check what `vanthu extract` reads from every file")
    args = ap.parse_args()

    records = gd.load_records(args.data)
    pools = gd.load_paragraphs(args.data)
    rng = random.Random("vanthu citation corpus")
    carriers = handmade_archive(rng, args.data)
    draft_list = drafts()
    planted = {gd.parse_number(k.number).key for d in draft_list for k in d.cites}
    planted |= {gd.parse_number(c.number).key for c in carriers}
    planted |= {gd.parse_number(r[2]).key for r in RECORD_CARRIERS}
    carriers += record_archive(records, pools, planted)
    failures = []

    print("plan against the archive:")
    fails = check_plan(carriers, draft_list)
    failures += fails
    print("  " + ("\n  ".join(fails) if fails else "OK"))

    for sub in ("archive", "drafts"):
        d = args.out / sub
        d.mkdir(parents=True, exist_ok=True)
        keep = {c.file for c in carriers} | {x.file for x in draft_list}
        for old in d.iterdir():
            if f"{sub}/{old.name}" not in keep and not (
                    args.skip_pdf and old.suffix == ".pdf"):
                old.unlink()

    print("drafts, read by the Python port of the number scanner:")
    docs = [(c.file, c.layout, c.date, c.subject) for c in carriers]
    docs += [(x.file, x.layout, x.date, "Dự thảo") for x in draft_list]
    for x in draft_list:
        text = gd.to_text(x.layout)
        read = read_citations(text)
        want = [(k.number, k.date) for k in x.cites]
        if read != want:
            failures.append(f"{x.file}: the text cites {read}, the plan says {want}")
        else:
            print(f"  {x.file}: {len(read)} citations as planned")
    for c in carriers:
        own = [n.canonical for n in gd.find_numbers("\n".join(
            l.text for l in c.layout.header_left))]
        if own != [c.number]:
            failures.append(f"{c.file}: header numbers {own}, want [{c.number}]")

    to_pdf = []
    with tempfile.TemporaryDirectory(prefix="vanthu-citations-") as tmp:
        for name, lay, date, subject in docs:
            path = args.out / name
            text = gd.to_text(lay)
            if path.suffix == ".txt":
                path.write_text(text, encoding="utf-8")
                continue
            docx = path if path.suffix == ".docx" else Path(tmp) / (path.stem + ".docx")
            mc.write_zip(docx, mc.docx_parts(gd.to_docx_document(
                lay, {"date": date, "subject": subject})))
            ok, _ = mc.compare_words(f"{docx.name} vs its text", mc.expected_words(text),
                                     mc.docx_words(docx))
            if not ok:
                failures.append(f"{name}: DOCX words differ from the text")
            if path.suffix == ".pdf":
                to_pdf.append((path, docx, date, text))
        if to_pdf and not args.skip_pdf:
            if not gd.convert_to_pdf([p[1] for p in to_pdf], Path(tmp)):
                sys.exit("make_citation_corpus: soffice not found (" + gd.SOFFICE_HINT + ")")
            for path, docx, date, _ in to_pdf:
                made = Path(tmp) / (docx.stem + ".pdf")
                path.write_bytes(mc.pin_pdf(made.read_bytes(), f"{date}T01:30:00Z"))
    if shutil.which("pdftotext"):
        for path, _, _, text in to_pdf:
            words, _ = mc.pdf_words(path)
            ok, _ = mc.compare_words(f"{path.name} vs its text", mc.expected_words(text), words)
            if not ok:
                failures.append(f"{path.name}: PDF words differ from the text")

    (args.out / "expected.json").write_text(expected_json(carriers, draft_list),
                                            encoding="utf-8")

    if args.vanthu:
        print(f"what {args.vanthu} extract reads:")
        fails, misses = run_vanthu(str(args.vanthu), args.out, carriers, draft_list)
        failures += fails
        for f in fails:
            print("  MISMATCH " + f)
        for f in misses:
            print("  PARSER MISS (see corpus/README.md) " + f)

    counts = collections.Counter(k.status for d in draft_list for k in d.cites)
    print(f"\n{len(carriers)} archive documents, {len(draft_list)} drafts, "
          f"{sum(counts.values())} citations: "
          + ", ".join(f"{s} {counts[s]}" for s in STATUSES))
    if failures:
        print("\nFAILED:\n  " + "\n  ".join(failures), file=sys.stderr)
        return 1
    print("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
