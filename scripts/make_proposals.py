#!/usr/bin/env python3
"""Build corpus/proposals: sample proposals (hiến kế) with their sidecars.

    python3 scripts/make_proposals.py [--out DIR]

The campaign "Hiến kế xây dựng và phát triển tỉnh Đắk Lắk giàu đẹp, văn minh" (seed 000)
received free-form proposals; who sent each one, from which unit, in which field and when is on
the registering office's sheet, not on the page. This script writes a few such proposals
(invented for the corpus) as .txt and .docx, the office's sheet as manifest.csv (the way
Excel's "CSV UTF-8" saves it: BOM, CRLF, quotes where needed), one .meta.json that corrects the
sheet for one file, and one proposal that the sheet does not list.

Standard library only; the .docx writer is make_corpus.py's. The output is deterministic.
"""

import argparse
import csv
import io
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_corpus as mc  # noqa: E402  (same folder; stdlib only)

CAMPAIGN = "“Hiến kế xây dựng và phát triển tỉnh Đắk Lắk giàu đẹp, văn minh”"

# name, format, sheet row (None: not on the sheet), text. The first line of each text is the
# heading the author gave it; the sheet's title is the office's wording and may differ.
PROPOSALS = [
    ("hien-ke-01-du-lich-cong-dong", "txt", {
        "title": "Phát triển du lịch cộng đồng gắn với bảo tồn Không gian văn hóa cồng chiêng",
        "author": "Nguyễn Thị Hằng",
        "unit": "Sở Văn hóa - Thể thao và Du lịch",
        "field": "văn hóa - xã hội",
        "date": "15/7/2020",
    }, f"""HIẾN KẾ
Phát triển du lịch cộng đồng gắn với bảo tồn Không gian văn hóa cồng chiêng Tây Nguyên

Kính gửi: Ban Tổ chức Cuộc vận động {CAMPAIGN}.

Đắk Lắk có lợi thế lớn về văn hóa các dân tộc Tây Nguyên; Không gian văn hóa cồng chiêng đã được UNESCO ghi danh là di sản văn hóa phi vật thể đại diện của nhân loại. Tuy vậy, khách du lịch hiện chủ yếu đến thành phố Buôn Ma Thuột, Hồ Lắk và Bản Đôn; người dân ở các buôn chưa được hưởng lợi nhiều từ du lịch.

Tôi xin đề xuất:
1. Mỗi huyện chọn một đến hai buôn còn giữ được nhà dài, bến nước và đội cồng chiêng để xây dựng điểm du lịch cộng đồng; hỗ trợ người dân cải tạo nhà dài làm nơi lưu trú nhưng giữ nguyên kiến trúc truyền thống.
2. Mở lớp truyền dạy đánh cồng chiêng, dệt thổ cẩm, làm rượu cần cho thanh thiếu niên trong buôn, do nghệ nhân trực tiếp hướng dẫn; du khách được tham gia trải nghiệm.
3. Xây dựng lịch biểu diễn cồng chiêng vào cuối tuần và liên kết với các công ty lữ hành để đưa vào chương trình tham quan.
4. Trích một phần nguồn thu từ du lịch lập quỹ của buôn để duy trì đội cồng chiêng và sửa chữa nhà dài.

Giải pháp này vừa tạo thêm sinh kế cho đồng bào dân tộc thiểu số, vừa góp phần bảo tồn bền vững di sản văn hóa của tỉnh.
"""),
    ("hien-ke-02-ca-phe-dac-san", "docx", {
        "title": "Xây dựng thương hiệu cà phê đặc sản Cư M'gar gắn với chỉ dẫn địa lý "
                 "\"Buôn Ma Thuột\"",
        "author": "Y Bhim Niê",
        "unit": "UBND huyện Cư M'gar",
        "field": "kinh tế",
        "date": "2020-08-03",
    }, """Xây dựng thương hiệu cà phê đặc sản Cư M'gar

Cư M'gar là một trong những huyện có diện tích cà phê lớn nhất tỉnh, nhưng phần lớn cà phê nhân vẫn bán thô cho thương lái với giá thấp, chất lượng không đồng đều vì thu hái cả quả xanh.

Chúng tôi kiến nghị:
- Hỗ trợ các hợp tác xã xây dựng vùng nguyên liệu cà phê đặc sản, thu hái quả chín trên 90% và sơ chế ướt;
- Hướng dẫn doanh nghiệp, hợp tác xã đăng ký sử dụng chỉ dẫn địa lý “Buôn Ma Thuột” và truy xuất nguồn gốc bằng mã QR;
- Tổ chức cuộc thi cà phê đặc sản cấp huyện hằng năm, gắn với Lễ hội Cà phê Buôn Ma Thuột, để quảng bá sản phẩm;
- Ưu tiên vốn vay cho hộ dân tái canh cà phê già cỗi bằng giống mới.

Làm tốt các việc trên sẽ nâng giá trị hạt cà phê, tăng thu nhập cho người trồng và giữ vững vị thế “thủ phủ cà phê” của Đắk Lắk.
"""),
    ("hien-ke-03-sau-rieng", "txt", {
        "title": "Quy hoạch vùng trồng sầu riêng đạt chuẩn xuất khẩu tại huyện Krông Pắc",
        "author": "Lê Văn Tâm",
        "unit": "huyện Krông Pắc",
        "field": "kinh tế",
        "date": "12/8/2020",
    }, """Quy hoạch vùng trồng sầu riêng đạt chuẩn xuất khẩu tại huyện Krông Pắc

Những năm gần đây, nhiều hộ dân ở Krông Pắc chuyển từ cà phê, hồ tiêu sang trồng sầu riêng. Diện tích tăng nhanh nhưng tự phát: nhiều vườn trồng trên đất trũng, thiếu nước tưới vào mùa khô, dễ gặp rủi ro khi giá xuống.

Tôi đề xuất huyện:
1. Rà soát, khoanh vùng các xã có thổ nhưỡng và nguồn nước phù hợp (Ea Kuăng, Ea Yông, Hòa An…) để quy hoạch vùng trồng tập trung.
2. Hỗ trợ cấp mã số vùng trồng và cơ sở đóng gói để sầu riêng đủ điều kiện xuất khẩu chính ngạch.
3. Phối hợp với Trung tâm Khuyến nông tập huấn kỹ thuật bón phân hữu cơ, tưới nước tiết kiệm, phòng trừ bệnh xì mủ.
4. Khuyến khích doanh nghiệp ký hợp đồng bao tiêu với tổ hợp tác, tránh cảnh “được mùa mất giá”.

Người viết: Lê Văn Tâm, Phòng Nông nghiệp và Phát triển nông thôn huyện Krông Pắc.
"""),
    ("hien-ke-04-sinh-hoat-chi-bo", "docx", {
        "title": "Nâng cao chất lượng sinh hoạt chi bộ thôn, buôn bằng ứng dụng công nghệ "
                 "thông tin",
        "author": "Trần Văn Hùng",
        "unit": "Huyện ủy Krông Pắc",
        "field": "xây dựng Đảng và hệ thống chính trị",
        "date": "ngày 20 tháng 9 năm 2020",
    }, """Nâng cao chất lượng sinh hoạt chi bộ thôn, buôn

Qua theo dõi sinh hoạt chi bộ ở các thôn, buôn trên địa bàn huyện, tôi thấy nhiều buổi sinh hoạt còn đơn điệu, chủ yếu thông báo công việc; đảng viên lớn tuổi và đảng viên đi làm ăn xa khó tham dự đầy đủ.

Tôi đề nghị:
- Mỗi chi bộ lập nhóm trên mạng xã hội để gửi trước tài liệu, nghị quyết và nội dung sinh hoạt chuyên đề cho đảng viên nghiên cứu;
- Hằng quý tổ chức ít nhất một buổi sinh hoạt chuyên đề về chuyển đổi số, giao đảng viên trẻ hướng dẫn đảng viên lớn tuổi dùng ứng dụng “Sổ tay đảng viên điện tử”;
- Đưa kết quả tham gia sinh hoạt và học tập trực tuyến vào tiêu chí đánh giá, xếp loại đảng viên cuối năm;
- Bồi dưỡng kỹ năng điều hành cho bí thư chi bộ để buổi sinh hoạt có trao đổi, có kết luận cụ thể.

Đây là giải pháp ít tốn kém, hợp với điều kiện cơ sở, góp phần xây dựng tổ chức cơ sở đảng trong sạch, vững mạnh.
"""),
    # The sheet's title and date for this one were corrected afterwards: see its .meta.json.
    ("hien-ke-05-tu-sach-cong-dong", "txt", {
        "title": "Xây dựng tủ sách cộng đồng tại các buôn",
        "author": "Phạm Thị Mai Anh",
        "unit": "Sở Văn hóa - Thể thao và Du lịch",
        "field": "văn hóa - xã hội",
        "date": "02/9/2020",
    }, """Đề xuất xây dựng tủ sách cộng đồng và thư viện số cho các buôn đồng bào dân tộc thiểu số

Nhiều buôn ở vùng sâu, vùng xa chưa có điểm đọc sách; thiếu nhi người Ê Đê, M'nông, Gia Rai ít có cơ hội đọc sách báo ngoài giờ học.

Đề xuất:
- Thư viện tỉnh phối hợp với Đoàn Thanh niên vận động quyên góp sách, đặt tủ sách tại nhà văn hóa buôn và giao cho đoàn viên quản lý;
- Luân chuyển sách giữa các buôn ba tháng một lần;
- Số hóa truyện cổ, sử thi Đam San, Xing Nhã bằng tiếng Ê Đê và tiếng Việt, đưa lên thư viện số để học sinh đọc trên điện thoại;
- Tổ chức Ngày hội đọc sách ở buôn vào dịp 21/4 hằng năm.
"""),
    ("hien-ke-06-ket-noi-khanh-hoa", "txt", {
        "title": "Kết nối giao thông và du lịch giữa Đắk Lắk và Khánh Hòa",
        "author": "Đỗ Minh Quân",
        "unit": "Sở Giao thông vận tải tỉnh Khánh Hòa",
        "field": "kinh tế",
        "date": "25/9/2020",
    }, """Kết nối giao thông và du lịch giữa Đắk Lắk và Khánh Hòa

Là người con của Đắk Lắk đang công tác tại tỉnh Khánh Hòa, tôi xin góp một hiến kế để hai tỉnh cùng phát triển.

- Sớm đầu tư tuyến cao tốc Khánh Hòa - Buôn Ma Thuột, rút ngắn thời gian đưa nông sản ra cảng biển Nha Trang và Vân Phong;
- Hai tỉnh cùng xây dựng sản phẩm du lịch liên kết “biển - đại ngàn”: du khách nghỉ biển ở Nha Trang kết hợp tham quan Buôn Ma Thuột, Hồ Lắk;
- Mở thêm tuyến xe khách chất lượng cao nối hai tỉnh vào mùa lễ hội.
"""),
    ("hien-ke-07-do-thi-van-minh", "txt", {
        "title": "Một số hiến kế về đô thị Buôn Ma Thuột xanh, sạch, văn minh",
        "author": "Hoàng Thị Lan",
        "unit": "Phường Tân Lợi, thành phố Buôn Ma Thuột",
        "field": "nhiều lĩnh vực",
        "date": "28/9/2020",
    }, """Một số hiến kế về đô thị Buôn Ma Thuột xanh, sạch, văn minh

1. Môi trường: mỗi tổ dân phố nhận chăm sóc một tuyến đường cây xanh; hướng dẫn người dân phân loại rác tại nguồn.
2. Văn hóa: khôi phục các sinh hoạt văn hóa cộng đồng ở buôn nội thành, như buôn Kosier, buôn Akô Dhông.
3. Chính quyền: công khai số điện thoại đường dây nóng của phường, trả lời phản ánh của người dân trong ba ngày làm việc.
"""),
    # Not on the sheet: found by its words and file name only.
    ("gop-y-nuoc-sach", "txt", None, """Góp ý về nước sạch cho vùng khô hạn

Mùa khô năm nào thôn tôi cũng thiếu nước sinh hoạt. Đề nghị tỉnh đầu tư hồ chứa nhỏ và hệ thống nước sạch tập trung cho các xã phía đông huyện Krông Pắc.

Người viết: Nguyễn Văn Bình, thôn 3, xã Ea Kly.
"""),
]

# The office's correction for one file: it wins over the sheet for the keys it has.
META_OVERRIDE = ("hien-ke-05-tu-sach-cong-dong.txt", {
    "tieu_de": "Tủ sách cộng đồng và thư viện số cho các buôn đồng bào dân tộc thiểu số",
    "ngay": "05/9/2020",
    "ghi_chu": "Văn phòng sửa tiêu đề và ngày theo phiếu đăng ký bổ sung",
})

COLUMNS = ["file", "title", "author", "unit", "field", "date"]

# docProps title of each .docx. Word leaves its own placeholder there often enough
# ("Document1"), which the indexer must not show as a title; the other one is meaningful.
DOCX_TITLES = {
    "hien-ke-02-ca-phe-dac-san": "Thương hiệu cà phê đặc sản Cư M'gar",
    "hien-ke-04-sinh-hoat-chi-bo": "Document1",
}


def build_docx(text, author, title):
    """The proposal as a Word document: the heading centred and bold, one paragraph per line."""
    lines = text.rstrip("\n").split("\n")
    body = []
    for i, line in enumerate(lines):
        if not line:
            continue
        if i == 0:
            body.append(mc.Para([mc.Run(line, bold=True)], align="center"))
        else:
            # List items ("- …", "1. …") hang; prose gets the first-line indent.
            body.append(mc.Para([mc.Run(line)], indent=not line[:1] in "-0123456789"))
    layout = mc.SeedLayout(left=[], right=[], creator=author,
                           created="2020-09-01T02:00:00Z", modified="2020-09-01T02:30:00Z")
    return mc.Document(body=body, footnotes={}, title=title, layout=layout)


def manifest_bytes():
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(COLUMNS)
    for name, fmt, row, _ in PROPOSALS:
        if row is not None:
            writer.writerow([f"{name}.{fmt}"] + [row[c] for c in COLUMNS[1:]])
    return b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=mc.REPO / "corpus" / "proposals")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    failures = []

    for name, fmt, row, text in PROPOSALS:
        path = args.out / f"{name}.{fmt}"
        if fmt == "txt":
            path.write_bytes(text.encode("utf-8"))
        else:
            doc = build_docx(text, row["author"], DOCX_TITLES[name])
            mc.write_zip(path, mc.docx_parts(doc))
            ok, _ = mc.compare_words(f"{path.name} vs its text", mc.expected_words(text),
                                     mc.docx_words(path))
            if not ok:
                failures.append(f"{path.name}: words differ from the text")
        print(f"  {path.name}")

    (args.out / "manifest.csv").write_bytes(manifest_bytes())
    print("  manifest.csv")
    meta_name, meta = META_OVERRIDE
    meta_path = args.out / f"{meta_name}.meta.json"
    meta_path.write_bytes((json.dumps(meta, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    print(f"  {meta_path.name}")

    # Every listed file exists, and the one the .meta.json corrects is listed.
    with open(args.out / "manifest.csv", encoding="utf-8-sig", newline="") as f:
        listed = [r["file"] for r in csv.DictReader(f)]
    for file in listed:
        if not (args.out / file).exists():
            failures.append(f"manifest.csv lists {file}, which was not written")
    if meta_name not in listed:
        failures.append(f"{meta_name} is not in manifest.csv")

    if failures:
        print("\nFAILED:\n  " + "\n  ".join(failures), file=sys.stderr)
        return 1
    print("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
