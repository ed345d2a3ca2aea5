// Sidecars: NAME.meta.json and manifest.csv as offices write them (Vietnamese or English keys,
// spreadsheet CSV with BOM, CRLF and quoted commas), what wins, what a broken one does, and the
// signature that tells index_run a sidecar changed.
#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "vanthu/indexer/metadata.hpp"
#include "vanthu/indexer/sidecar.hpp"

namespace {

namespace fs = std::filesystem;
using vanthu::indexer::CsvRecord;
using vanthu::indexer::DocMeta;
using vanthu::indexer::parse_csv;
using vanthu::indexer::read_sidecar;
using vanthu::indexer::Sidecar;
using vanthu::indexer::SidecarLookup;
using vanthu::indexer::SidecarReader;
using Rows = std::vector<std::vector<std::string>>;

void write_file(const fs::path& path, std::string_view content) {
    fs::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    if (!out) throw std::runtime_error("cannot write " + path.string());
}

Rows fields_of(const std::vector<CsvRecord>& records) {
    Rows rows;
    for (const auto& r : records) rows.push_back(r.fields);
    return rows;
}

class SidecarTest : public ::testing::Test {
  protected:
    void SetUp() override {
        std::string pattern = (fs::temp_directory_path() / "vanthu-sidecar-test-XXXXXX").string();
        ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
        m_dir = fs::canonical(pattern);
    }
    void TearDown() override {
        std::error_code ec;
        fs::remove_all(m_dir, ec);
    }

    // A manifest the way Excel's "CSV UTF-8" writes it: BOM, CRLF, quotes only where needed.
    void write_manifest() {
        write_file(m_dir / "manifest.csv",
                   "\xEF\xBB\xBF"
                   "file,title,author,unit,field,date\r\n"
                   "hien-ke-01.txt,\"Phát triển du lịch cộng đồng, gắn với văn hóa "
                   "Tây Nguyên\",Nguyễn Thị Hằng,Sở Văn hóa - Thể thao và Du lịch,văn hóa - xã "
                   "hội,15/7/2020\r\n"
                   "hien-ke-02.docx,\"Xây dựng thương hiệu \"\"Cà phê Buôn Ma Thuột\"\"\",Y "
                   "Bhim Êban,UBND huyện Cư M'gar,kinh tế,2020-08-03\r\n"
                   "hien-ke-03.txt,Ứng dụng công nghệ số trong sinh hoạt chi bộ,Trần Văn "
                   "Hùng,huyện Krông Pắc,xây dựng Đảng và hệ thống chính trị,ngày 20 tháng 9 "
                   "năm 2020\r\n");
    }

    fs::path m_dir;
};

TEST(IsSidecarFile, ManifestAndMetaJsonOnly) {
    using vanthu::indexer::is_sidecar_file;
    EXPECT_TRUE(is_sidecar_file("/a/manifest.csv"));
    EXPECT_TRUE(is_sidecar_file("manifest.csv"));
    EXPECT_TRUE(is_sidecar_file("/a/hien-ke-01.txt.meta.json"));
    EXPECT_TRUE(is_sidecar_file("/a/hien-ke-01.meta.json"));
    EXPECT_FALSE(is_sidecar_file("/a/.meta.json"));  // nothing it could describe
    EXPECT_FALSE(is_sidecar_file("/a/manifest.csv.txt"));
    EXPECT_FALSE(is_sidecar_file("/a/other.csv"));
    EXPECT_FALSE(is_sidecar_file("/a/data.json"));
    EXPECT_FALSE(is_sidecar_file("/manifest.csv/a.txt"));
    // Same rule as the look-up, which matches names case-sensitively.
    EXPECT_FALSE(is_sidecar_file("/a/Manifest.csv"));
}

TEST(ParseCsv, Rfc4180AsSpreadsheetsWriteIt) {
    struct Case {
        std::string input;
        Rows expected;
    };
    const std::vector<Case> cases = {
        {"a,b,c\n1,2,3\n", {{"a", "b", "c"}, {"1", "2", "3"}}},
        {"a,b\r\n1,2\r\n", {{"a", "b"}, {"1", "2"}}},  // CRLF
        {"a,b\r1,2", {{"a", "b"}, {"1", "2"}}},        // CR, no final newline
        {"\xEF\xBB\xBF"
         "file,x\n",
         {{"file", "x"}}},                                  // BOM dropped
        {"a,\"b, c\",d\n", {{"a", "b, c", "d"}}},           // quoted separator
        {"\"say \"\"hi\"\"\",x\n", {{"say \"hi\"", "x"}}},  // doubled quotes
        {"\"two\r\nlines\",x\r\n", {{"two\nlines", "x"}}},  // line break in a field
        {"a,,c\n,\n", {{"a", "", "c"}, {"", ""}}},          // empty fields
        {"a\n\n\r\nb\n", {{"a"}, {"b"}}},                   // blank lines dropped
        {"\"\"\n", {{""}}},                                 // a quoted empty field is not blank
        {"a;b;\"c;d\"\n1;2,5;3\n", {{"a", "b", "c;d"}, {"1", "2,5", "3"}}},  // Excel, vi-VN
        {"a,b;c\n", {{"a", "b;c"}}},    // ',' in the header wins
        {"x\"y,z\n", {{"x\"y", "z"}}},  // a quote inside stays
        {"Tác giả,Đơn vị\nNguyễn Văn A,Sở Nội vụ",
         {{"Tác giả", "Đơn vị"}, {"Nguyễn Văn A", "Sở Nội vụ"}}},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.input);
        std::string error;
        auto records = parse_csv(c.input, &error);
        ASSERT_TRUE(records.has_value()) << error;
        EXPECT_EQ(fields_of(*records), c.expected);
    }
}

TEST(ParseCsv, LineNumbersAndUnclosedQuotes) {
    auto records = parse_csv("h\r\n\r\n\"a\nb\",1\nc,2\n");
    ASSERT_TRUE(records.has_value());
    ASSERT_EQ(records->size(), 3u);
    EXPECT_EQ((*records)[0].line, 1u);
    EXPECT_EQ((*records)[1].line, 3u);
    EXPECT_EQ((*records)[2].line, 5u);  // the quoted line break counts

    std::string error;
    EXPECT_FALSE(parse_csv("file,title\na.txt,\"never closed\nb.txt,x\n", &error).has_value());
    EXPECT_EQ(error, "line 2: a quoted field is never closed");
}

TEST_F(SidecarTest, NoSidecarIsNoSidecar) {
    std::string warning = "stale";
    EXPECT_FALSE(read_sidecar(m_dir / "a.txt", &warning).has_value());
    EXPECT_EQ(warning, "");
    SidecarReader reader;
    SidecarLookup found = reader.lookup(m_dir / "a.txt");
    EXPECT_FALSE(found.sidecar.has_value());
    EXPECT_EQ(found.signature, "");
    EXPECT_TRUE(found.warnings.empty());
    EXPECT_EQ(reader.manifests_parsed(), 0u);
}

TEST_F(SidecarTest, MetaJsonEnglishKeys) {
    write_file(m_dir / "a.pdf.meta.json", R"({
        "title": "Phát triển du lịch cộng đồng",
        "author": "Nguyễn Thị Hằng",
        "unit": "Sở Văn hóa - Thể thao và Du lịch",
        "field": "văn hóa - xã hội",
        "date": "15/7/2020",
        "type": "Kế hoạch",
        "number": "Số 01 -KH/HK",
        "issuer": "UBND huyện Krông Pắc",
        "signer": "Lê Văn Tâm",
        "note": "an office's own key is ignored"
    })");
    auto s = read_sidecar(m_dir / "a.pdf");
    ASSERT_TRUE(s.has_value());
    EXPECT_EQ(s->title, "Phát triển du lịch cộng đồng");
    EXPECT_EQ(s->author, "Nguyễn Thị Hằng");
    EXPECT_EQ(s->unit, "Sở Văn hóa - Thể thao và Du lịch");
    EXPECT_EQ(s->domain, "văn hóa - xã hội");
    EXPECT_EQ(s->date, "2020-07-15");
    EXPECT_EQ(s->type, "Kế hoạch");
    EXPECT_EQ(s->number, "Số 01 -KH/HK");  // as written; apply_sidecar canonicalises
    EXPECT_EQ(s->issuer, "UBND huyện Krông Pắc");
    EXPECT_EQ(s->signer, "Lê Văn Tâm");
    EXPECT_EQ(s->source, m_dir / "a.pdf.meta.json");
}

TEST_F(SidecarTest, MetaJsonVietnameseKeysAnySpelling) {
    // NFD values and keys, marks or not, spaces or underscores, line breaks inside values.
    write_file(m_dir / "b.meta.json",
               "{\"tieu_de\": \"Xa\xCC\x82y du\xCC\x9B\xCC\xA3ng\\n  nông thôn mới\", "
               "\"Tác giả\": \"Trần Văn Hùng\", \"don_vi\": \"huyện Krông Pắc\", "
               "\"Lĩnh vực\": \"kinh tế\", \"ngay\": \"ngày 20 tháng 9 năm 2020\", "
               "\"loai\": \"KH\", \"SO\": \"12/UBND-VX\", \"co_quan\": \"UBND tỉnh\", "
               "\"nguoi_ky\": \"Phạm Ngọc Nghị\", \"file\": \"ignored here\", \"tac_gia2\": 1}");
    auto s = read_sidecar(m_dir / "b.docx");  // STEM.meta.json serves every format of b
    ASSERT_TRUE(s.has_value());
    EXPECT_EQ(s->title, "Xây dựng nông thôn mới");
    EXPECT_EQ(s->author, "Trần Văn Hùng");
    EXPECT_EQ(s->unit, "huyện Krông Pắc");
    EXPECT_EQ(s->domain, "kinh tế");
    EXPECT_EQ(s->date, "2020-09-20");
    EXPECT_EQ(s->type, "KH");
    EXPECT_EQ(s->number, "12/UBND-VX");
    EXPECT_EQ(s->issuer, "UBND tỉnh");
    EXPECT_EQ(s->signer, "Phạm Ngọc Nghị");
    EXPECT_TRUE(read_sidecar(m_dir / "b.pdf").has_value());
}

TEST_F(SidecarTest, FullNameMetaJsonWinsOverStem) {
    write_file(m_dir / "c.meta.json", R"({"title": "for every c", "author": "A"})");
    write_file(m_dir / "c.pdf.meta.json", R"({"title": "for c.pdf"})");
    auto pdf = read_sidecar(m_dir / "c.pdf");
    ASSERT_TRUE(pdf.has_value());
    EXPECT_EQ(pdf->title, "for c.pdf");
    EXPECT_FALSE(pdf->author.has_value());  // one .meta.json per file, not a merge of two
    auto docx = read_sidecar(m_dir / "c.docx");
    ASSERT_TRUE(docx.has_value());
    EXPECT_EQ(docx->title, "for every c");
}

TEST_F(SidecarTest, ManifestRowLookup) {
    write_manifest();
    auto s1 = read_sidecar(m_dir / "hien-ke-01.txt");
    ASSERT_TRUE(s1.has_value());
    EXPECT_EQ(s1->title, "Phát triển du lịch cộng đồng, gắn với văn hóa Tây Nguyên");
    EXPECT_EQ(s1->author, "Nguyễn Thị Hằng");
    EXPECT_EQ(s1->unit, "Sở Văn hóa - Thể thao và Du lịch");
    EXPECT_EQ(s1->domain, "văn hóa - xã hội");
    EXPECT_EQ(s1->date, "2020-07-15");
    EXPECT_FALSE(s1->type.has_value());  // no such column
    EXPECT_EQ(s1->source, m_dir / "manifest.csv");

    auto s2 = read_sidecar(m_dir / "hien-ke-02.docx");
    ASSERT_TRUE(s2.has_value());
    EXPECT_EQ(s2->title, "Xây dựng thương hiệu \"Cà phê Buôn Ma Thuột\"");
    EXPECT_EQ(s2->author, "Y Bhim Êban");
    EXPECT_EQ(s2->date, "2020-08-03");
    auto s3 = read_sidecar(m_dir / "hien-ke-03.txt");
    ASSERT_TRUE(s3.has_value());
    EXPECT_EQ(s3->domain, "xây dựng Đảng và hệ thống chính trị");
    EXPECT_EQ(s3->date, "2020-09-20");

    // Another file of the folder, or the same name in another folder: no row.
    EXPECT_FALSE(read_sidecar(m_dir / "hien-ke-04.txt").has_value());
    EXPECT_FALSE(read_sidecar(m_dir / "sub" / "hien-ke-01.txt").has_value());
    EXPECT_FALSE(read_sidecar(m_dir / "hien-ke-01.pdf").has_value());
}

TEST_F(SidecarTest, ManifestColumnsByNameInAnyOrder) {
    // Vietnamese headers, extra columns, optional columns, LF, no BOM, a "./" prefix, a name
    // typed in another case and an NFD name.
    write_file(m_dir / "manifest.csv",
               "STT,Ngày,Tên file,Tiêu đề,Loại,Số ký hiệu,Cơ quan,Người ký,Ghi chú\n"
               "1,30/9/2020,./a.txt,Tiêu đề A,Báo cáo,Số 01 -BC/BTC,BTC,Huỳnh Thị Chiến Hòa,x\n"
               "2,1/10/2020,B.TXT,Tiêu đề B,,,,,\n"
               "3,2/10/2020,Đe\xCC\x82\xCC\x80 xua\xCC\x82\xCC\x81t.txt,Tiêu đề C\n"
               "4,3/10/2020,a.txt,second row for a.txt is ignored\n");
    auto a = read_sidecar(m_dir / "a.txt");
    ASSERT_TRUE(a.has_value());
    EXPECT_EQ(a->title, "Tiêu đề A");
    EXPECT_EQ(a->date, "2020-09-30");
    EXPECT_EQ(a->type, "Báo cáo");
    EXPECT_EQ(a->number, "Số 01 -BC/BTC");
    EXPECT_EQ(a->issuer, "BTC");
    EXPECT_EQ(a->signer, "Huỳnh Thị Chiến Hòa");
    EXPECT_FALSE(a->author.has_value());

    auto b = read_sidecar(m_dir / "b.txt");
    ASSERT_TRUE(b.has_value());
    EXPECT_EQ(b->title, "Tiêu đề B");
    EXPECT_FALSE(b->type.has_value());  // empty cells say nothing
    auto c = read_sidecar(m_dir / "Đề xuất.txt");
    ASSERT_TRUE(c.has_value());
    EXPECT_EQ(c->title, "Tiêu đề C");
}

TEST_F(SidecarTest, MetaJsonWinsOverManifestKeyByKey) {
    write_manifest();
    write_file(m_dir / "hien-ke-01.txt.meta.json",
               R"({"tieu_de": "Du lịch cộng đồng ở buôn Akô Dhông", "ngay": "16/7/2020"})");
    std::string warning;
    auto s = read_sidecar(m_dir / "hien-ke-01.txt", &warning);
    ASSERT_TRUE(s.has_value());
    EXPECT_EQ(warning, "");
    EXPECT_EQ(s->title, "Du lịch cộng đồng ở buôn Akô Dhông");
    EXPECT_EQ(s->date, "2020-07-16");
    EXPECT_EQ(s->author, "Nguyễn Thị Hằng");  // from the manifest row
    EXPECT_EQ(s->domain, "văn hóa - xã hội");
    EXPECT_EQ(s->source, m_dir / "hien-ke-01.txt.meta.json");
}

TEST_F(SidecarTest, BrokenMetaJsonIsOneWarningAndIgnored) {
    write_manifest();
    for (const std::string& bad :
         {std::string(R"({"title": "unclosed)"), std::string("[\"title\", \"x\"]"),
          std::string("{\"title\": \"\xC0\xAF\"}")}) {
        SCOPED_TRACE(bad);
        write_file(m_dir / "hien-ke-01.txt.meta.json", bad);
        std::string warning;
        auto s = read_sidecar(m_dir / "hien-ke-01.txt", &warning);
        // The manifest row still applies; the broken file's values do not.
        ASSERT_TRUE(s.has_value());
        EXPECT_EQ(s->title, "Phát triển du lịch cộng đồng, gắn với văn hóa Tây Nguyên");
        EXPECT_EQ(warning.rfind((m_dir / "hien-ke-01.txt.meta.json").string() + ": warning: ", 0),
                  0u)
            << warning;
        EXPECT_NE(warning.find("its values are ignored"), std::string::npos) << warning;
        EXPECT_EQ(warning.find('\n'), std::string::npos) << warning;
    }
    // Without a manifest row there is nothing left, but the warning stays.
    write_file(m_dir / "z.meta.json", "{");
    std::string warning;
    EXPECT_FALSE(read_sidecar(m_dir / "z.txt", &warning).has_value());
    EXPECT_NE(warning.find("not valid JSON"), std::string::npos) << warning;
}

TEST_F(SidecarTest, BadValuesAreDroppedOneByOne) {
    write_file(m_dir / "d.meta.json",
               R"({"title": "Giữ lại", "date": "31/02/2020", "author": ["not", "text"]})");
    std::string warning;
    auto s = read_sidecar(m_dir / "d.txt", &warning);
    ASSERT_TRUE(s.has_value());
    EXPECT_EQ(s->title, "Giữ lại");
    EXPECT_FALSE(s->date.has_value());
    EXPECT_FALSE(s->author.has_value());
    EXPECT_NE(warning.find("date \"31/02/2020\" is not a date; value ignored"), std::string::npos)
        << warning;
    EXPECT_NE(warning.find("\"author\" is not text"), std::string::npos) << warning;

    write_file(m_dir / "manifest.csv", "file,title,date\ne.txt,Tiêu đề E,hôm qua\n");
    s = read_sidecar(m_dir / "e.txt", &warning);
    ASSERT_TRUE(s.has_value());
    EXPECT_EQ(s->title, "Tiêu đề E");
    EXPECT_EQ(warning, (m_dir / "manifest.csv").string() +
                           ": warning: line 2: date \"hôm qua\" is not a date; value ignored");
}

TEST_F(SidecarTest, BrokenManifestIsOneWarningAndIgnored) {
    struct Case {
        std::string content;
        std::string reason;
    };
    const std::vector<Case> cases = {
        {"title,author\nx,y\n", "the header row has no \"file\" column"},
        {"file,title\na.txt,\"x\n", "line 2: a quoted field is never closed"},
        {"file,title\na.txt,Ti\xEAu \xF0\xE8\n", "not UTF-8"},  // saved as windows-1258
        {"\xEF\xBB\xBF\r\n", "empty"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.content);
        write_file(m_dir / "manifest.csv", c.content);
        std::string warning;
        EXPECT_FALSE(read_sidecar(m_dir / "a.txt", &warning).has_value());
        EXPECT_EQ(warning.rfind((m_dir / "manifest.csv").string() + ": warning: " + c.reason, 0),
                  0u)
            << warning;
        EXPECT_NE(warning.find("; the manifest is ignored"), std::string::npos) << warning;
    }
}

TEST_F(SidecarTest, ManifestIsParsedOncePerFolderUntilItChanges) {
    write_manifest();
    write_file(m_dir / "other" / "manifest.csv", "file,title\nx.txt,X\n");
    SidecarReader reader;
    EXPECT_TRUE(reader.lookup(m_dir / "hien-ke-01.txt").sidecar.has_value());
    EXPECT_TRUE(reader.lookup(m_dir / "hien-ke-02.docx").sidecar.has_value());
    EXPECT_TRUE(reader.lookup(m_dir / "hien-ke-03.txt").sidecar.has_value());
    EXPECT_FALSE(reader.lookup(m_dir / "not-listed.txt").sidecar.has_value());
    EXPECT_EQ(reader.manifests_parsed(), 1u);
    EXPECT_TRUE(reader.lookup(m_dir / "other" / "x.txt").sidecar.has_value());
    EXPECT_EQ(reader.manifests_parsed(), 2u);

    // An edit (new mtime) is noticed by the same reader.
    write_file(m_dir / "manifest.csv", "file,title\nhien-ke-01.txt,Tiêu đề mới\n");
    fs::last_write_time(m_dir / "manifest.csv",
                        fs::last_write_time(m_dir / "manifest.csv") + std::chrono::seconds(1));
    SidecarLookup found = reader.lookup(m_dir / "hien-ke-01.txt");
    EXPECT_EQ(reader.manifests_parsed(), 3u);
    ASSERT_TRUE(found.sidecar.has_value());
    EXPECT_EQ(found.sidecar->title, "Tiêu đề mới");
}

TEST_F(SidecarTest, SignatureFollowsTheValues) {
    write_manifest();
    auto signature = [&](const std::string& name) {
        return SidecarReader().lookup(m_dir / name).signature;
    };
    const std::string s1 = signature("hien-ke-01.txt");
    const std::string s2 = signature("hien-ke-02.docx");
    EXPECT_FALSE(s1.empty());
    EXPECT_NE(s1, s2);
    EXPECT_EQ(signature("hien-ke-01.txt"), s1);  // stable across readers (and runs)
    EXPECT_EQ(signature("not-listed.txt"), "");

    // Editing row 2 changes only row 2's signature.
    std::ifstream in(m_dir / "manifest.csv", std::ios::binary);
    std::string csv(std::istreambuf_iterator<char>(in), {});
    csv.replace(csv.find("kinh tế"), std::string("kinh tế").size(), "nông nghiệp");
    write_file(m_dir / "manifest.csv", csv);
    EXPECT_EQ(signature("hien-ke-01.txt"), s1);
    EXPECT_NE(signature("hien-ke-02.docx"), s2);

    // A .meta.json with the same values as the row still changes it: the source is recorded.
    write_file(m_dir / "hien-ke-01.txt.meta.json", R"({"author": "Nguyễn Thị Hằng"})");
    EXPECT_NE(signature("hien-ke-01.txt"), s1);
    // A broken sidecar has a signature too, so that fixing it re-indexes the file.
    write_file(m_dir / "hien-ke-04.txt.meta.json", "{");
    EXPECT_FALSE(signature("hien-ke-04.txt").empty());
}

TEST(ApplySidecar, OverridesWhatWasReadOffThePage) {
    DocMeta meta;
    meta.number = "01-BC/BTC";
    meta.type = "Báo cáo";
    meta.type_code = "BC";
    meta.issuer = "BAN TỔ CHỨC CUỘC VẬN ĐỘNG";
    meta.issuer_parent = "TỈNH ỦY ĐẮK LẮK";
    meta.date = "2020-10-30";
    meta.subject = "một số kết quả";
    meta.signature.position = "PHÓ TRƯỞNG BAN";
    meta.signature.name = "Huỳnh Thị Chiến Hòa";

    Sidecar s;
    s.title = "Hiến kế về du lịch";
    s.author = "Nguyễn Thị Hằng";
    s.unit = "Sở Văn hóa - Thể thao và Du lịch";
    s.domain = "văn hóa - xã hội";
    s.date = "15/7/2020";
    s.type = "KẾ HOẠCH";
    s.number = "Số 1 -KH/SVHTTDL";
    s.issuer = "Sở Văn hóa - Thể thao và Du lịch";
    s.signer = "Lê Văn Tâm";
    vanthu::indexer::apply_sidecar(meta, s);
    EXPECT_EQ(meta.title, "Hiến kế về du lịch");
    EXPECT_EQ(meta.author, "Nguyễn Thị Hằng");
    EXPECT_EQ(meta.unit, "Sở Văn hóa - Thể thao và Du lịch");
    EXPECT_EQ(meta.domain, "văn hóa - xã hội");
    EXPECT_EQ(meta.date, "2020-07-15");
    EXPECT_EQ(meta.type, "Kế hoạch");
    EXPECT_EQ(meta.type_code, "KH");
    EXPECT_EQ(meta.number, "1-KH/SVHTTDL");
    EXPECT_EQ(meta.issuer, "Sở Văn hóa - Thể thao và Du lịch");
    EXPECT_EQ(meta.issuer_parent, "");  // the sheet's issuer is the whole name
    EXPECT_EQ(meta.signature.name, "Lê Văn Tâm");
    EXPECT_EQ(meta.signature.position, "PHÓ TRƯỞNG BAN");
    EXPECT_EQ(meta.subject, "một số kết quả");  // not a sidecar field

    // Values it does not have leave the page's alone; a type code is understood too.
    DocMeta page;
    page.number = "461/KH-UBND";
    Sidecar only_type;
    only_type.type = "tb";
    vanthu::indexer::apply_sidecar(page, only_type);
    EXPECT_EQ(page.number, "461/KH-UBND");
    EXPECT_EQ(page.type, "Thông báo");
    EXPECT_EQ(page.type_code, "TB");
    Sidecar unknown_type;
    unknown_type.type = "Hiến kế";
    vanthu::indexer::apply_sidecar(page, unknown_type);
    EXPECT_EQ(page.type, "Hiến kế");
    EXPECT_EQ(page.type_code, "");
}

}  // namespace
