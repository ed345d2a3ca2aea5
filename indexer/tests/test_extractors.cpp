// Extractors: text encodings, DOCX structure and hostile archives, PDF, and the corpus.
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <ostream>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#ifdef VANTHU_HAVE_DOCX
#include <zip.h>
#endif

#include "vanthu/indexer/extractor.hpp"

// Poppler asks fontconfig for a substitute when a PDF does not embed its fonts (the hand-written
// PDFs below use Helvetica); fontconfig keeps 288 bytes of that answer for the life of the
// process. Not ours and not growing, so LeakSanitizer (-DVANTHU_SANITIZE=ON) is told to ignore
// it; without a sanitizer this function is never called.
extern "C" const char* __lsan_default_suppressions() { return "leak:libfontconfig.so\n"; }

namespace fs = std::filesystem;
using namespace vanthu::indexer;

namespace {

// Real strings from the seeds.
constexpr std::string_view kIssuer = "TỈNH ỦY ĐẮK LẮK";
constexpr std::string_view kUnit = "BAN TỔ CHỨC CUỘC VẬN ĐỘNG";
constexpr std::string_view kNumber = "Số 01 -BC/BTC";
constexpr std::string_view kMotto = "ĐẢNG CỘNG SẢN VIỆT NAM";
constexpr std::string_view kPlaceDate = "Đắk Lắk, ngày 30 tháng 10 năm 2020";
constexpr std::string_view kCampaign =
    "Hiển kế xây dựng và phát triển tỉnh Đắk Lắk giàu đẹp, văn minh";
constexpr std::string_view kCitation =
    "Kế hoạch số 152-KH/TU, ngày 26/02/2020 của Ban Thường vụ Tỉnh ủy";

// A folder per test, removed afterwards.
class TempDir {
  public:
    TempDir() {
        static std::atomic<int> counter{0};
        m_path = fs::temp_directory_path() /
                 ("vanthu-extract-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
        fs::create_directories(m_path);
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(m_path, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    [[nodiscard]] fs::path write(const std::string& name, std::string_view bytes) const {
        const fs::path p = m_path / name;
        std::ofstream out(p, std::ios::binary);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        return p;
    }
    [[nodiscard]] const fs::path& path() const { return m_path; }

  private:
    fs::path m_path;
};

std::string utf16(std::string_view utf8, bool big_endian) {
    const icu::UnicodeString s = icu::UnicodeString::fromUTF8(
        icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
    std::string out = big_endian ? "\xFE\xFF" : "\xFF\xFE";
    for (int32_t i = 0; i < s.length(); ++i) {
        const char16_t u = s.charAt(i);
        const char hi = static_cast<char>(u >> 8);
        const char lo = static_cast<char>(u & 0xFF);
        out += big_endian ? hi : lo;
        out += big_endian ? lo : hi;
    }
    return out;
}

std::string body_text(const Extracted& doc) {
    std::string out;
    for (const TextBlock& b : doc.blocks) {
        if (b.kind == BlockKind::Body) out += b.text;
    }
    return out;
}

std::string describe(const ExtractResult& r) {
    if (r.ok()) return "ok";
    return r.error->code + ": " + r.error->message;
}

// NFC, lower-cased words: maximal runs of letters, combining marks and decimal digits. Footnote
// superscripts (¹²³, category No) and markdown '*' are separators, so "động¹" gives "động".
std::multiset<std::string> words_of(std::string_view utf8) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
    EXPECT_TRUE(U_SUCCESS(status));
    icu::UnicodeString text = nfc->normalize(icu::UnicodeString::fromUTF8(icu::StringPiece(
                                                 utf8.data(), static_cast<int32_t>(utf8.size()))),
                                             status);
    EXPECT_TRUE(U_SUCCESS(status));
    text.toLower(icu::Locale::getRoot());

    std::multiset<std::string> words;
    icu::UnicodeString word;
    auto flush = [&] {
        if (word.isEmpty()) return;
        std::string w;
        word.toUTF8String(w);
        words.insert(std::move(w));
        word.remove();
    };
    for (int32_t i = 0; i < text.length();) {
        const UChar32 c = text.char32At(i);
        i += U16_LENGTH(c);
        if ((U_GET_GC_MASK(c) & (U_GC_L_MASK | U_GC_M_MASK | U_GC_ND_MASK)) != 0) {
            word.append(c);
        } else {
            flush();
        }
    }
    flush();
    return words;
}

std::string read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// ---------------------------------------------------------------------------------------------
// Registry and join_blocks

TEST(Registry, ChoosesByLowerCasedExtension) {
    const ExtractorRegistry registry;
    const struct {
        const char* file;
        const char* extractor;  // nullptr: unsupported
    } cases[] = {
        {"/data/000.txt", "txt"},
        {"/data/BAO CAO.TXT", "txt"},
        {"/data/Kế hoạch 152.Txt", "txt"},
#ifdef VANTHU_HAVE_DOCX
        {"/data/000.docx", "docx"},
        {"/data/000.DOCX", "docx"},
#endif
#ifdef VANTHU_HAVE_PDF
        {"/data/000.pdf", "pdf"},
        {"/data/000.PDF", "pdf"},
#endif
        {"/data/Hienphap1959.doc", nullptr},
        {"/data/README", nullptr},
        {"/data/.txt", nullptr},  // a hidden file named ".txt" has no extension
        {"/data/archive.txt.gz", nullptr},
    };
    for (const auto& c : cases) {
        const Extractor* e = registry.for_path(c.file);
        if (c.extractor == nullptr) {
            EXPECT_EQ(e, nullptr) << c.file;
        } else {
            ASSERT_NE(e, nullptr) << c.file;
            EXPECT_EQ(e->name(), c.extractor) << c.file;
        }
    }
}

TEST(Registry, EveryExtractorIsRegisteredOnce) {
    const ExtractorRegistry registry;
    std::set<std::string_view> names;
    for (const auto& e : registry.all()) EXPECT_TRUE(names.insert(e->name()).second) << e->name();
    EXPECT_TRUE(names.count("txt"));
#ifdef VANTHU_HAVE_DOCX
    EXPECT_TRUE(names.count("docx"));
#endif
#ifdef VANTHU_HAVE_PDF
    EXPECT_TRUE(names.count("pdf"));
#endif
}

TEST(JoinBlocks, BodyThenHeadersAndFootersThenNotes) {
    Extracted doc;
    doc.blocks = {
        {BlockKind::Footnote, std::string(kCitation), 0, 1},
        {BlockKind::Header, std::string(kIssuer), 0, 0},
        {BlockKind::Body, "BÁO CÁO", 1, 0},
        {BlockKind::Endnote, "Công văn số 752/STTTT-TTBCXB", 0, 0},
        {BlockKind::Footer, "Nơi nhận:", 0, 0},
        {BlockKind::Body, std::string(kCampaign), 2, 0},
        {BlockKind::Body, "", 3, 0},
        {BlockKind::Footnote, "Quyết định số 01-QĐ/BTC", 0, 2},
    };
    EXPECT_EQ(join_blocks(doc), "BÁO CÁO\n\n" + std::string(kCampaign) + "\n\n" +
                                    std::string(kIssuer) + "\n\nNơi nhận:\n\n1 " +
                                    std::string(kCitation) +
                                    "\n\n2 Quyết định số 01-QĐ/BTC\n\nCông văn số "
                                    "752/STTTT-TTBCXB");
    // Footnotes before endnotes, whatever order the blocks come in.
    EXPECT_EQ(join_blocks(Extracted{}), "");
}

// ---------------------------------------------------------------------------------------------
// Plain text

struct TextCase {
    const char* name;
    std::string bytes;
    std::string expected_text;  // when expected_code is empty
    std::string expected_code;
    std::string message_has;
    bool suggests_legacy = false;  // the message must name the legacy encodings
};

void PrintTo(const TextCase& c, std::ostream* os) { *os << c.name; }

std::string sample_text() {
    return std::string(kIssuer) + "\n" + std::string(kUnit) + "\n“" + std::string(kCampaign) +
           "”\n" + std::string(kNumber) + "\n";
}

// U+21A38 "𡨸" (chữ, in chữ Nôm) needs a surrogate pair in UTF-16.
const std::string kNom = "chữ Nôm: \xF0\xA1\xA8\xB8";

std::vector<TextCase> text_cases() {
    const std::string text = sample_text();
    return {
        {"utf8", text, text, "", ""},
        {"utf8_bom", "\xEF\xBB\xBF" + text, text, "", ""},
        {"utf8_crlf_kept", "Đắk Lắk\r\nĐắk Nông\r\n", "Đắk Lắk\r\nĐắk Nông\r\n", "", ""},
        {"utf16le_bom", utf16(text, false), text, "", ""},
        {"utf16be_bom", utf16(text, true), text, "", ""},
        {"utf16le_surrogate_pair", utf16(kNom, false), kNom, "", ""},
        {"utf16be_surrogate_pair", utf16(kNom, true), kNom, "", ""},
        // "Ủy ban nhân dân" in TCVN3 (.VnTime): reads as "Uû ban nh©n d©n".
        {"tcvn3", "U\xFB ban nh\xA9n d\xA9n", "", "encoding", "byte 1;", true},
        // "Đắk Lắk" in windows-1258 (base letter + combining tone).
        {"windows1258",
         "\xD0\xE3\xEC"
         "k L\xE3\xEC"
         "k",
         "", "encoding", "byte 0;", true},
        {"invalid_after_valid_prefix", std::string(kIssuer) + " \xC0\xAF", "", "encoding",
         "byte " + std::to_string(kIssuer.size() + 1), true},
        {"invalid_after_bom",
         "\xEF\xBB\xBF"
         "ab\xFF",
         "", "encoding", "byte 5", true},
        {"surrogate_in_utf8", "\xED\xA0\x80", "", "encoding", "byte 0", true},
        {"utf16_without_bom", utf16(text, false).substr(2), "", "encoding", "NUL byte"},
        {"utf16_odd_length", utf16(text, false) + "x", "", "encoding", "odd number"},
        {"utf16_unpaired_surrogate",
         std::string("\xFF\xFE"
                     "A\0\x00\xD8"
                     "B\0",
                     8),
         "", "encoding", "byte 4"},
        {"empty", "", "", "empty", ""},
        {"bom_only", "\xEF\xBB\xBF", "", "empty", ""},
        {"whitespace_only", " \n\t\r\n  ", "", "empty", ""},
        {"utf16_bom_and_spaces", utf16("  \n", false), "", "empty", ""},
    };
}

class TextExtraction : public ::testing::TestWithParam<TextCase> {};

TEST_P(TextExtraction, DecodesOrReportsWhy) {
    const TextCase& c = GetParam();
    const TempDir dir;
    const fs::path file = dir.write("doc.txt", c.bytes);
    const ExtractResult r = make_text_extractor()->extract(file, ExtractLimits{});
    if (c.expected_code.empty()) {
        ASSERT_TRUE(r.ok()) << describe(r);
        ASSERT_EQ(r.document->blocks.size(), 1u);
        EXPECT_EQ(r.document->blocks[0].kind, BlockKind::Body);
        EXPECT_EQ(r.document->blocks[0].text, c.expected_text);
    } else {
        ASSERT_FALSE(r.ok());
        EXPECT_EQ(r.error->code, c.expected_code) << r.error->message;
        EXPECT_NE(r.error->message.find(c.message_has), std::string::npos) << r.error->message;
        if (c.suggests_legacy) {
            EXPECT_NE(r.error->message.find("TCVN3"), std::string::npos) << r.error->message;
        }
    }
}

INSTANTIATE_TEST_SUITE_P(Cases, TextExtraction, ::testing::ValuesIn(text_cases()),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(TextExtractionLimits, TooLargeAndUnreadable) {
    const TempDir dir;
    const fs::path file = dir.write("doc.txt", sample_text());
    ExtractLimits small;
    small.max_file_bytes = 16;
    const ExtractResult big = make_text_extractor()->extract(file, small);
    ASSERT_FALSE(big.ok());
    EXPECT_EQ(big.error->code, "too-large");

    const ExtractResult missing =
        make_text_extractor()->extract(dir.path() / "không có.txt", ExtractLimits{});
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error->code, "unreadable");
    EXPECT_EQ(missing.error->message, "No such file or directory");

    const ExtractResult folder = make_text_extractor()->extract(dir.path(), ExtractLimits{});
    ASSERT_FALSE(folder.ok());
    EXPECT_EQ(folder.error->code, "unreadable") << folder.error->message;
}

// ---------------------------------------------------------------------------------------------
// DOCX, built here with libzip

#ifdef VANTHU_HAVE_DOCX

struct ZipEntry {
    std::string name;
    std::string data;
};

void write_zip(const fs::path& path, const std::vector<ZipEntry>& entries) {
    int error = 0;
    zip_t* zip = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
    ASSERT_NE(zip, nullptr) << "zip_open error " << error;
    for (const ZipEntry& e : entries) {
        zip_source_t* source = zip_source_buffer(zip, e.data.data(), e.data.size(), 0);
        ASSERT_NE(source, nullptr);
        ASSERT_GE(zip_file_add(zip, e.name.c_str(), source, ZIP_FL_ENC_UTF_8), 0)
            << zip_strerror(zip);
    }
    ASSERT_EQ(zip_close(zip), 0);
}

constexpr std::string_view kXmlDecl = R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)";
constexpr std::string_view kWordNamespaces =
    R"( xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main")"
    R"( xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships")"
    R"( xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006")"
    R"( xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing")"
    R"( xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape")"
    R"( xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main")"
    R"( xmlns:v="urn:schemas-microsoft-com:vml" mc:Ignorable="wps")";
constexpr std::string_view kRelsNs =
    R"( xmlns="http://schemas.openxmlformats.org/package/2006/relationships")";
constexpr std::string_view kOfficeRel =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";

std::string xml_escape(std::string_view s) {
    std::string out;
    for (const char c : s) {
        if (c == '&') {
            out += "&amp;";
        } else if (c == '<') {
            out += "&lt;";
        } else {
            out += c;
        }
    }
    return out;
}

std::string run(std::string_view text) {
    return R"(<w:r><w:t xml:space="preserve">)" + xml_escape(text) + "</w:t></w:r>";
}

std::string para(std::string_view text) {
    return "<w:p><w:pPr><w:jc w:val=\"center\"/></w:pPr>" + run(text) + "</w:p>";
}

std::string document_xml(std::string_view body) {
    return std::string(kXmlDecl) + "<w:document" + std::string(kWordNamespaces) + "><w:body>" +
           std::string(body) +
           R"(<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>)";
}

std::string part_xml(std::string_view root, std::string_view content) {
    return std::string(kXmlDecl) + "<w:" + std::string(root) + std::string(kWordNamespaces) + ">" +
           std::string(content) + "</w:" + std::string(root) + ">";
}

std::string relationships(const std::vector<std::pair<std::string, std::string>>& type_target) {
    std::string out = std::string(kXmlDecl) + "<Relationships" + std::string(kRelsNs) + ">";
    int id = 1;
    for (const auto& [type, target] : type_target) {
        out += "<Relationship Id=\"rId" + std::to_string(id++) + "\" Type=\"" +
               std::string(kOfficeRel) + type + "\" Target=\"" + target + "\"/>";
    }
    return out + "</Relationships>";
}

std::vector<ZipEntry> package(std::string document) {
    return {
        {"[Content_Types].xml",
         std::string(kXmlDecl) +
             R"(<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">)"
             R"(<Default Extension="xml" ContentType="application/xml"/></Types>)"},
        {"_rels/.rels", relationships({{"officeDocument", "word/document.xml"}})},
        {"word/document.xml", std::move(document)},
    };
}

ExtractResult extract_docx(const TempDir& dir, const std::vector<ZipEntry>& entries,
                           const ExtractLimits& limits = ExtractLimits{}) {
    const fs::path file = dir.path() / "doc.docx";
    write_zip(file, entries);
    return make_docx_extractor()->extract(file, limits);
}

struct DocxBodyCase {
    const char* name;
    std::string body_xml;
    std::string expected;
};

void PrintTo(const DocxBodyCase& c, std::ostream* os) { *os << c.name; }

std::string nfd_dak_lak() {
    // "Đắk Lắk" decomposed as macOS and Word pastes deliver it: a + breve + acute.
    return "\xC4\x90"
           "a\xCC\x86\xCC\x81k La\xCC\x86\xCC\x81k";
}

std::string header_table() {
    auto cell = [](std::initializer_list<std::string_view> lines) {
        std::string c = R"(<w:tc><w:tcPr><w:tcW w:w="4500" w:type="dxa"/></w:tcPr>)";
        for (const auto line : lines) c += para(line);
        return c + "</w:tc>";
    };
    return R"(<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid>)"
           R"(<w:gridCol w:w="4500"/><w:gridCol w:w="4500"/></w:tblGrid><w:tr>)" +
           cell({kIssuer, kUnit, kNumber}) + cell({kMotto, kPlaceDate}) + "</w:tr></w:tbl>";
}

std::vector<DocxBodyCase> docx_body_cases() {
    const std::string issuer(kIssuer);
    return {
        {"paragraph_order", para("BÁO CÁO") + para("một số kết quả") + para("I- CÔNG TÁC"),
         "BÁO CÁO\nmột số kết quả\nI- CÔNG TÁC\n"},
        {"header_table_keeps_columns_apart", header_table() + para("BÁO CÁO"),
         issuer + "\n" + std::string(kUnit) + "\n" + std::string(kNumber) + "\n" +
             std::string(kMotto) + "\n" + std::string(kPlaceDate) + "\nBÁO CÁO\n"},
        {"run_split_mid_word",
         "<w:p>" + run("Đắ") + R"(<w:r><w:rPr><w:b/></w:rPr><w:t>k</w:t></w:r>)" + run(" Lắ") +
             run("k") + "</w:p>",
         "Đắk Lắk\n"},
        {"space_only_run", "<w:p>" + run("Tỉnh") + run(" ") + run("ủy") + "</w:p>", "Tỉnh ủy\n"},
        {"nfd_kept_as_is", para(nfd_dak_lak()), nfd_dak_lak() + "\n"},
        {"tab_break_and_hyphens",
         R"(<w:p><w:pPr><w:tabs><w:tab w:val="center" w:pos="4500"/></w:tabs></w:pPr>)"
         R"(<w:r><w:t>Số</w:t><w:tab/><w:t>152</w:t><w:noBreakHyphen/><w:t>KH/TU</w:t></w:r>)"
         R"(</w:p><w:p><w:r><w:t>TM. BAN THƯỜNG VỤ</w:t><w:br/><w:t>PHÓ BÍ THƯ</w:t></w:r>)"
         R"(<w:r><w:t>tuy</w:t><w:softHyphen/><w:t>ên truyền</w:t>)"
         R"(<w:sym w:font="Wingdings" w:char="F0FC"/></w:r></w:p>)",
         "Số\t152-KH/TU\nTM. BAN THƯỜNG VỤ\nPHÓ BÍ THƯtuyên truyền\n"},
        {"deleted_skipped_inserted_kept",
         "<w:p>" + run("tỉnh ") +
             R"(<w:del w:id="1" w:author="A"><w:r><w:delText>Đăk Lăk</w:delText></w:r></w:del>)"
             R"(<w:ins w:id="2" w:author="A">)" +
             run("Đắk Lắk") + "</w:ins></w:p>",
         "tỉnh Đắk Lắk\n"},
        {"field_code_skipped_result_kept",
         "<w:p>" + run("Trang ") +
             R"(<w:r><w:fldChar w:fldCharType="begin"/></w:r>)"
             R"(<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>)"
             R"(<w:r><w:fldChar w:fldCharType="separate"/></w:r>)" +
             run("2") + R"(<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>)",
         "Trang 2\n"},
        {"structured_document_tag",
         R"(<w:sdt><w:sdtPr><w:alias w:val="Trích yếu"/><w:showingPlcHdr/></w:sdtPr>)"
         R"(<w:sdtContent>)" +
             para("V/v tuyên truyền Cuộc vận động") + "</w:sdtContent></w:sdt>",
         "V/v tuyên truyền Cuộc vận động\n"},
        {"hyperlink_and_smart_tag",
         "<w:p>" + run("trên ") + R"(<w:hyperlink r:id="rId9">)" +
             run("Cổng Thông tin điện tử tỉnh") + "</w:hyperlink></w:p>",
         "trên Cổng Thông tin điện tử tỉnh\n"},
        {"text_box_once_after_its_anchor",
         "<w:p>" + run("Số 01 -BC/BTC") +
             R"(<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor>)"
             R"(<a:graphic><a:graphicData><wps:wsp><wps:txbx><w:txbxContent>)" +
             para("MẬT") +
             R"(</w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor>)"
             R"(</w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>)"
             R"(<w:txbxContent>)" +
             para("MẬT") +
             R"(</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>)"
             R"(</mc:AlternateContent></w:r>)" +
             run(" ngày 30") + "</w:p>",
         "Số 01 -BC/BTC ngày 30\nMẬT\n"},
        {"fallback_when_no_choice",
         R"(<w:p><w:r><mc:AlternateContent><mc:Fallback><w:pict><v:textbox><w:txbxContent>)" +
             para("KHẨN") +
             R"(</w:txbxContent></v:textbox></w:pict></mc:Fallback>)"
             R"(</mc:AlternateContent></w:r></w:p>)",
         "\nKHẨN\n"},
        {"predefined_entities", para("QLCL&CNTT <b>"), "QLCL&CNTT <b>\n"},
    };
}

class DocxBody : public ::testing::TestWithParam<DocxBodyCase> {};

TEST_P(DocxBody, TextInReadingOrder) {
    const DocxBodyCase& c = GetParam();
    const TempDir dir;
    const ExtractResult r = extract_docx(dir, package(document_xml(c.body_xml)));
    ASSERT_TRUE(r.ok()) << describe(r);
    EXPECT_EQ(body_text(*r.document), c.expected);
}

INSTANTIATE_TEST_SUITE_P(Cases, DocxBody, ::testing::ValuesIn(docx_body_cases()),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(Docx, HeadersFootersNotesAndProperties) {
    const TempDir dir;
    const std::string body =
        header_table() + para("BÁO CÁO") + "<w:p>" + run("ban hành Quy chế xét chọn") +
        R"(<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr>)"
        R"(<w:footnoteReference w:id="2"/></w:r>)" +
        run(" và") + R"(<w:r><w:footnoteReference w:id="3"/></w:r>)" +
        R"(<w:r><w:endnoteReference w:id="2"/></w:r></w:p>)"
        R"(<w:p><w:pPr><w:sectPr><w:headerReference w:type="default" r:id="rId1"/>)"
        R"(</w:sectPr></w:pPr></w:p>)";
    // Ids as LibreOffice writes them: separators take 0 and 1, notes start at 2. The notes
    // are stored out of reference order: numbers and block order follow the body.
    const std::string footnotes =
        part_xml("footnotes",
                 R"(<w:footnote w:type="separator" w:id="0"><w:p><w:r><w:separator/></w:r></w:p>)"
                 R"(</w:footnote><w:footnote w:type="continuationSeparator" w:id="1"><w:p><w:r>)"
                 R"(<w:continuationSeparator/></w:r></w:p></w:footnote>)"
                 R"(<w:footnote w:id="3"><w:p><w:r><w:footnoteRef/></w:r>)" +
                     run(" Quyết định số 01-QĐ/BTC, ngày 11/3/2020") +
                     R"(</w:p></w:footnote><w:footnote w:id="2"><w:p><w:r><w:footnoteRef/></w:r>)" +
                     run(" " + std::string(kCitation)) + "</w:p></w:footnote>");
    const std::string endnotes =
        part_xml("endnotes", R"(<w:endnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/>)"
                             R"(</w:r></w:p></w:endnote><w:endnote w:id="2"><w:p>)" +
                                 run("Công văn số 752/STTTT-TTBCXB") + "</w:p></w:endnote>");
    const std::string core =
        std::string(kXmlDecl) +
        R"(<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/)"
        R"(metadata/core-properties")"
        R"( xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/")"
        R"( xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>)"
        "Báo cáo một số kết quả triển khai Cuộc vận động"
        R"(</dc:title><dc:creator>Ban Tuyên giáo Tỉnh ủy</dc:creator>)"
        R"(<dcterms:created xsi:type="dcterms:W3CDTF">2020-10-29T02:15:00Z</dcterms:created>)"
        R"(<dcterms:modified xsi:type="dcterms:W3CDTF">2020-10-30T01:40:00Z</dcterms:modified>)"
        R"(</cp:coreProperties>)";
    const std::string app =
        std::string(kXmlDecl) +
        R"(<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/)"
        R"(extended-properties">)"
        R"(<Pages>3</Pages></Properties>)";

    std::vector<ZipEntry> entries = package(document_xml(body));
    entries.push_back(
        {"word/_rels/document.xml.rels", relationships({{"header", "header1.xml"},
                                                        {"footer", "footer1.xml"},
                                                        {"styles", "styles.xml"},
                                                        {"footnotes", "footnotes.xml"},
                                                        {"endnotes", "endnotes.xml"},
                                                        {"header", "header1.xml"},
                                                        {"header", "header2.xml"}})});
    // A first-page header saying the same as the default one is indexed once.
    entries.push_back({"word/header1.xml", part_xml("hdr", para("LƯU HÀNH NỘI BỘ"))});
    entries.push_back({"word/header2.xml", part_xml("hdr", para("LƯU HÀNH NỘI BỘ"))});
    entries.push_back({"word/footer1.xml", part_xml("ftr", para("Nơi nhận:"))});
    entries.push_back({"word/footnotes.xml", footnotes});
    entries.push_back({"word/endnotes.xml", endnotes});
    entries.push_back({"docProps/core.xml", core});
    entries.push_back({"docProps/app.xml", app});

    const ExtractResult r = extract_docx(dir, entries);
    ASSERT_TRUE(r.ok()) << describe(r);
    const Extracted& doc = *r.document;
    EXPECT_TRUE(doc.warnings.empty()) << doc.warnings.front();

    std::vector<std::tuple<BlockKind, std::string, int>> blocks;
    for (const TextBlock& b : doc.blocks) blocks.emplace_back(b.kind, b.text, b.number);
    const std::vector<std::tuple<BlockKind, std::string, int>> expected = {
        {BlockKind::Body,
         std::string(kIssuer) + "\n" + std::string(kUnit) + "\n" + std::string(kNumber) + "\n" +
             std::string(kMotto) + "\n" + std::string(kPlaceDate) +
             "\nBÁO CÁO\nban hành Quy chế xét chọn và\n\n",
         0},
        {BlockKind::Header, "LƯU HÀNH NỘI BỘ", 0},
        {BlockKind::Footer, "Nơi nhận:", 0},
        {BlockKind::Footnote, std::string(kCitation), 1},
        {BlockKind::Footnote, "Quyết định số 01-QĐ/BTC, ngày 11/3/2020", 2},
        {BlockKind::Endnote, "Công văn số 752/STTTT-TTBCXB", 1},
    };
    EXPECT_EQ(blocks, expected);

    EXPECT_EQ(doc.properties.title, "Báo cáo một số kết quả triển khai Cuộc vận động");
    EXPECT_EQ(doc.properties.author, "Ban Tuyên giáo Tỉnh ủy");
    EXPECT_EQ(doc.properties.created, "2020-10-29T02:15:00Z");
    EXPECT_EQ(doc.properties.modified, "2020-10-30T01:40:00Z");
    EXPECT_EQ(doc.properties.pages, 3);

    const std::string joined = join_blocks(doc);
    EXPECT_NE(joined.find("Nơi nhận:\n\n1 " + std::string(kCitation)), std::string::npos) << joined;
}

TEST(Docx, RelationshipTargetsAreResolvedInsideThePackageOnly) {
    const TempDir dir;
    std::vector<ZipEntry> entries = package(document_xml(para("BÁO CÁO")));
    entries.push_back(
        {"word/_rels/document.xml.rels", relationships({{"header", "../../etc/passwd"},
                                                        {"header", "/word/header2.xml"},
                                                        {"footer", "C:/footer.xml"},
                                                        {"footer", "missing-footer.xml"}})});
    entries.push_back({"word/header2.xml", part_xml("hdr", para("HỎA TỐC"))});
    entries.push_back({"etc/passwd", part_xml("hdr", para("root"))});
    const ExtractResult r = extract_docx(dir, entries);
    ASSERT_TRUE(r.ok()) << describe(r);
    ASSERT_EQ(r.document->blocks.size(), 2u);
    EXPECT_EQ(r.document->blocks[1].kind, BlockKind::Header);
    EXPECT_EQ(r.document->blocks[1].text, "HỎA TỐC");
    const std::string warnings = [&] {
        std::string all;
        for (const auto& w : r.document->warnings) all += w + "\n";
        return all;
    }();
    EXPECT_NE(warnings.find("../../etc/passwd"), std::string::npos) << warnings;
    EXPECT_NE(warnings.find("C:/footer.xml"), std::string::npos) << warnings;
    EXPECT_NE(warnings.find("word/missing-footer.xml"), std::string::npos) << warnings;
}

TEST(Docx, MainPartFoundThroughPackageRelationships) {
    const TempDir dir;
    const ExtractResult r = extract_docx(
        dir, {{"_rels/.rels", relationships({{"officeDocument", "/word/document2.xml"}})},
              {"word/document2.xml", document_xml(para(kCampaign))}});
    ASSERT_TRUE(r.ok()) << describe(r);
    EXPECT_EQ(body_text(*r.document), std::string(kCampaign) + "\n");
}

TEST(Docx, BillionLaughsIsNotExpanded) {
    std::string doctype = "<!DOCTYPE w:document [<!ENTITY lol \"lol\">";
    for (int i = 1; i <= 9; ++i) {
        std::string refs;
        for (int k = 0; k < 10; ++k) refs += "&lol" + (i == 1 ? "" : std::to_string(i - 1)) + ";";
        doctype += "<!ENTITY lol" + std::to_string(i) + " \"" + refs + "\">";
    }
    doctype += "]>";
    const std::string doc = std::string(kXmlDecl) + doctype + "<w:document" +
                            std::string(kWordNamespaces) + "><w:body>" + para("Đắk Lắk") +
                            "<w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>";
    const TempDir dir;
    const ExtractResult r = extract_docx(dir, package(doc));
    if (r.ok()) {
        const std::string text = join_blocks(*r.document);
        EXPECT_LT(text.size(), 100u) << text;
        EXPECT_NE(text.find("Đắk Lắk"), std::string::npos);
    } else {
        EXPECT_EQ(r.error->code, "corrupt") << r.error->message;
    }
}

std::string nested_body(int depth) {
    std::string body;
    for (int i = 0; i < depth; ++i) body += "<w:customXml>";
    body += para("sâu");
    for (int i = 0; i < depth; ++i) body += "</w:customXml>";
    return body;
}

TEST(Docx, DeepNestingIsRefusedWithoutExhaustingTheStack) {
    const TempDir dir;
    const ExtractResult r =
        extract_docx(dir, package(document_xml(para("nông") + nested_body(200000))));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error->code, "too-deep") << r.error->message;
    EXPECT_NE(r.error->message.find("256 levels"), std::string::npos) << r.error->message;
}

TEST(Docx, NestingWithinTheDepthLimitIsRead) {
    const TempDir dir;
    ExtractLimits limits;
    limits.max_xml_depth = 60;
    const ExtractResult ok =
        extract_docx(dir, package(document_xml(para("nông") + nested_body(50))), limits);
    ASSERT_TRUE(ok.ok()) << describe(ok);
    EXPECT_EQ(body_text(*ok.document), "nông\nsâu\n");
    limits.max_xml_depth = 40;
    const ExtractResult deep =
        extract_docx(dir, package(document_xml(para("nông") + nested_body(50))), limits);
    ASSERT_FALSE(deep.ok());
    EXPECT_EQ(deep.error->code, "too-deep");
}

TEST(Docx, DoctypeIsRefused) {
    const std::string doc = std::string(kXmlDecl) +
                            "<!DOCTYPE w:document [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
                            "<w:document" +
                            std::string(kWordNamespaces) + "><w:body>" + para("&xxe;") +
                            "</w:body></w:document>";
    const TempDir dir;
    const ExtractResult r = extract_docx(dir, package(doc));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error->code, "corrupt");
    EXPECT_NE(r.error->message.find("DOCTYPE"), std::string::npos) << r.error->message;
}

// A small file that inflates far beyond the limit: 4 MiB of spaces inside w:t.
std::string inflating_document(std::size_t bytes) {
    return document_xml(para("Đắk Lắk") + "<w:p><w:r><w:t>" + std::string(bytes, ' ') +
                        "</w:t></w:r></w:p>");
}

TEST(Docx, ZipBombEntryStopsAtTheEntryLimit) {
    const TempDir dir;
    ExtractLimits limits;
    limits.max_entry_bytes = 1 << 20;
    const ExtractResult r = extract_docx(dir, package(inflating_document(4 << 20)), limits);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error->code, "too-large") << r.error->message;
    EXPECT_NE(r.error->message.find("word/document.xml"), std::string::npos);
    EXPECT_LT(fs::file_size(dir.path() / "doc.docx"), 64u << 10);
}

TEST(Docx, ZipBombAcrossEntriesStopsAtTheTotalLimit) {
    const TempDir dir;
    ExtractLimits limits;
    limits.max_entry_bytes = 1 << 20;
    limits.max_total_uncompressed = 2 << 20;
    std::vector<ZipEntry> entries = package(document_xml(para("Đắk Lắk")));
    std::vector<std::pair<std::string, std::string>> rels;
    for (int i = 1; i <= 4; ++i) {
        const std::string name = "header" + std::to_string(i) + ".xml";
        rels.emplace_back("header", name);
        entries.push_back(
            {"word/" + name, part_xml("hdr", "<w:p><w:r><w:t>" + std::string(900 << 10, ' ') +
                                                 "</w:t></w:r></w:p>")});
    }
    entries.push_back({"word/_rels/document.xml.rels", relationships(rels)});
    const ExtractResult r = extract_docx(dir, entries, limits);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error->code, "too-large") << r.error->message;
}

// Patch the uncompressed sizes recorded for word/document.xml to a lie of 100 bytes; the real
// data must still be counted as it is inflated.
TEST(Docx, StoredSizesAreNotTrusted) {
    const TempDir dir;
    const fs::path file = dir.path() / "doc.docx";
    write_zip(file, package(inflating_document(4 << 20)));
    std::string bytes = read_file(file);
    const std::string_view name = "word/document.xml";
    auto patch_u32 = [&](std::size_t at, std::uint32_t v) {
        for (int k = 0; k < 4; ++k) bytes[at + k] = static_cast<char>((v >> (8 * k)) & 0xFF);
    };
    int patched = 0;
    for (std::size_t pos = bytes.find(name); pos != std::string::npos;
         pos = bytes.find(name, pos + 1)) {
        if (pos >= 30 && bytes.compare(pos - 30, 4, "PK\x03\x04") == 0) {
            patch_u32(pos - 30 + 22, 100);  // local header: uncompressed size
            ++patched;
        } else if (pos >= 46 && bytes.compare(pos - 46, 4, "PK\x01\x02") == 0) {
            patch_u32(pos - 46 + 24, 100);  // central directory: uncompressed size
            ++patched;
        }
    }
    ASSERT_EQ(patched, 2);
    std::ofstream(file, std::ios::binary | std::ios::trunc) << bytes;

    ExtractLimits limits;
    limits.max_entry_bytes = 1 << 20;
    const ExtractResult r = make_docx_extractor()->extract(file, limits);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error->code, "too-large") << r.error->message;
}

TEST(Docx, Failures) {
    const TempDir dir;
    ExtractLimits few_entries;
    few_entries.max_zip_entries = 3;
    std::vector<ZipEntry> many = package(document_xml(para("Đắk Lắk")));
    many.push_back({"word/styles.xml", "<w:styles/>"});

    const struct {
        const char* name;
        std::vector<ZipEntry> entries;  // empty: use raw
        std::string raw;
        ExtractLimits limits;
        const char* code;
        const char* message_has;
    } cases[] = {
        {"malformed_xml",
         package(document_xml("<w:p><w:r><w:t>Đắk Lắk</w:r></w:p>")),
         "",
         {},
         "corrupt",
         "malformed XML"},
        {"missing_document",
         {{"_rels/.rels", relationships({{"officeDocument", "word/document.xml"}})},
          {"word/styles.xml", "<w:styles/>"}},
         "",
         {},
         "corrupt",
         "word/document.xml missing"},
        {"not_a_zip", {}, sample_text(), {}, "corrupt", "not a DOCX (ZIP) file"},
        {"truncated_zip", {}, "PK\x03\x04\x14\x00\x00\x00\x08\x00", {}, "corrupt", "ZIP"},
        {"ole2_doc",
         {},
         std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + std::string(600, '\0'),
         {},
         "corrupt",
         "Word 97"},
        {"ole2_encrypted_package",
         {},
         std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + std::string(100, '\0') +
             std::string("E\0n\0c\0r\0y\0p\0t\0e\0d\0P\0a\0c\0k\0a\0g\0e\0", 32),
         {},
         "encrypted",
         "password"},
        {"empty_file", {}, "", {}, "empty", ""},
        {"no_text",
         package(document_xml("<w:p/><w:p><w:r><w:t> </w:t></w:r></w:p>")),
         "",
         {},
         "empty",
         "no text"},
        {"too_many_entries", many, "", few_entries, "too-large", "entries"},
    };
    for (const auto& c : cases) {
        const fs::path file = dir.path() / (std::string(c.name) + ".docx");
        if (c.entries.empty()) {
            std::ofstream(file, std::ios::binary) << c.raw;
        } else {
            write_zip(file, c.entries);
        }
        const ExtractResult r = make_docx_extractor()->extract(file, c.limits);
        ASSERT_FALSE(r.ok()) << c.name;
        EXPECT_EQ(r.error->code, c.code) << c.name << ": " << r.error->message;
        EXPECT_NE(r.error->message.find(c.message_has), std::string::npos)
            << c.name << ": " << r.error->message;
    }
}

TEST(Docx, MalformedXmlNamesTheOffset) {
    const TempDir dir;
    const ExtractResult r =
        extract_docx(dir, package(document_xml("<w:p><w:r><w:t>Đắk Lắk</w:r></w:p>")));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error->code, "corrupt");
    EXPECT_NE(r.error->message.find("at offset "), std::string::npos) << r.error->message;
}

TEST(Docx, MalformedSecondaryPartIsOnlyAWarning) {
    const TempDir dir;
    std::vector<ZipEntry> entries = package(document_xml(para("BÁO CÁO")));
    entries.push_back({"word/footnotes.xml", "<w:footnotes><w:footnote>"});
    entries.push_back({"docProps/core.xml", "<cp:coreProperties><dc:title>x"});
    const ExtractResult r = extract_docx(dir, entries);
    ASSERT_TRUE(r.ok()) << describe(r);
    EXPECT_EQ(body_text(*r.document), "BÁO CÁO\n");
    EXPECT_EQ(r.document->warnings.size(), 2u);
}

#endif  // VANTHU_HAVE_DOCX

// ---------------------------------------------------------------------------------------------
// PDF, written here by hand (Helvetica, so ASCII text; the corpus covers Vietnamese)

#ifdef VANTHU_HAVE_PDF

std::string hex(std::string_view bytes) {
    static const char digits[] = "0123456789ABCDEF";
    std::string out;
    for (const char c : bytes) {
        out += digits[(static_cast<unsigned char>(c) >> 4) & 0xF];
        out += digits[static_cast<unsigned char>(c) & 0xF];
    }
    return out;
}

// One content stream per page; `info` is the body of the Info dictionary.
std::string make_pdf(const std::vector<std::string>& pages, const std::string& info = "") {
    std::vector<std::string> objects;  // object n is objects[n - 1]
    objects.push_back("<< /Type /Catalog /Pages 2 0 R >>");
    objects.push_back("");  // pages, filled in below
    objects.push_back("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
    std::string kids;
    for (const std::string& content : pages) {
        const std::size_t page_obj = objects.size() + 1;
        kids += std::to_string(page_obj) + " 0 R ";
        objects.push_back(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources "
            "<< /Font << /F1 3 0 R >> >> /Contents " +
            std::to_string(page_obj + 1) + " 0 R >>");
        objects.push_back("<< /Length " + std::to_string(content.size()) + " >>\nstream\n" +
                          content + "\nendstream");
    }
    objects[1] =
        "<< /Type /Pages /Kids [" + kids + "] /Count " + std::to_string(pages.size()) + " >>";
    if (!info.empty()) objects.push_back("<< " + info + " >>");

    std::string pdf = "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n";
    std::vector<std::size_t> offsets;
    for (std::size_t i = 0; i < objects.size(); ++i) {
        offsets.push_back(pdf.size());
        pdf += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
    }
    const std::size_t xref = pdf.size();
    pdf += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
    for (const std::size_t off : offsets) {
        char line[24];
        std::snprintf(line, sizeof line, "%010zu 00000 n \n", off);
        pdf += line;
    }
    pdf += "trailer\n<< /Size " + std::to_string(objects.size() + 1) + " /Root 1 0 R";
    if (!info.empty()) pdf += " /Info " + std::to_string(objects.size()) + " 0 R";
    pdf += " >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
    return pdf;
}

std::string text_at(double x, double y, double size, std::string_view text) {
    std::ostringstream out;
    out << "BT /F1 " << size << " Tf " << x << " " << y << " Td (" << text << ") Tj ET\n";
    return out.str();
}

ExtractResult extract_pdf(const TempDir& dir, const std::string& bytes,
                          const ExtractLimits& limits = ExtractLimits{}) {
    return make_pdf_extractor()->extract(dir.write("doc.pdf", bytes), limits);
}

TEST(Pdf, TextPagesAndInfo) {
    const TempDir dir;
    const std::string info = "/Title <" + hex(utf16("Báo cáo kết quả", true)) +
                             "> /Author (Ban Tuyen giao) /CreationDate (D:20201030084000+07'00')";
    const ExtractResult r = extract_pdf(
        dir, make_pdf({text_at(72, 760, 12, "BAO CAO") + text_at(72, 740, 12, "Dak Lak giau dep"),
                       text_at(72, 760, 12, "Trang hai")},
                      info));
    ASSERT_TRUE(r.ok()) << describe(r);
    const Extracted& doc = *r.document;
    ASSERT_EQ(doc.blocks.size(), 2u);
    EXPECT_EQ(doc.blocks[0].text, "BAO CAO\nDak Lak giau dep");
    EXPECT_EQ(doc.blocks[0].page, 1);
    EXPECT_EQ(doc.blocks[1].text, "Trang hai");
    EXPECT_EQ(doc.blocks[1].page, 2);
    EXPECT_EQ(doc.properties.title, "Báo cáo kết quả");
    EXPECT_EQ(doc.properties.author, "Ban Tuyen giao");
    EXPECT_EQ(doc.properties.created, "2020-10-30T01:40:00Z");
    EXPECT_EQ(doc.properties.modified, "");
    EXPECT_EQ(doc.properties.pages, 2);
}

// Vietnamese never hyphenates syllables, so a '-' ending a line is part of the text, typically
// a document number broken at its hyphen. Poppler's reading-order text() would drop it.
TEST(Pdf, HyphenAtLineEndIsKept) {
    const TempDir dir;
    const ExtractResult r = extract_pdf(dir, make_pdf({text_at(72, 760, 12, "Ke hoach so 03-") +
                                                       text_at(72, 745, 12, "KH/BTCCVD")}));
    ASSERT_TRUE(r.ok()) << describe(r);
    EXPECT_EQ(r.document->blocks[0].text, "Ke hoach so 03-\nKH/BTCCVD");
}

// The header table: issuer on the left, motto on the right, on the same baselines.
TEST(Pdf, HeaderColumnsAreNotInterleaved) {
    const TempDir dir;
    const ExtractResult r =
        extract_pdf(dir, make_pdf({text_at(60, 790, 12, "TINH UY DAK LAK") +
                                   text_at(330, 790, 12, "DANG CONG SAN VIET NAM") +
                                   text_at(60, 775, 12, "BAN TUYEN GIAO") +
                                   text_at(330, 775, 12, "Dak Lak, ngay 30 thang 10 nam 2020")}));
    ASSERT_TRUE(r.ok()) << describe(r);
    const std::string& text = r.document->blocks[0].text;
    EXPECT_NE(text.find("TINH UY DAK LAK\nBAN TUYEN GIAO"), std::string::npos) << text;
    EXPECT_NE(text.find("DANG CONG SAN VIET NAM\nDak Lak, ngay 30"), std::string::npos) << text;
}

// A footnote mark set small and raised against its word: "dong" and "1" stay two words.
TEST(Pdf, FootnoteMarkIsNotGluedToItsWord) {
    const TempDir dir;
    const ExtractResult r =
        extract_pdf(dir, make_pdf({"BT /F1 12 Tf 72 760 Td (Cuoc van dong) Tj /F1 7 Tf 5 Ts (1) Tj "
                                   "/F1 12 Tf 0 Ts (. Tiep theo) Tj ET\n"}));
    ASSERT_TRUE(r.ok()) << describe(r);
    EXPECT_EQ(r.document->blocks[0].text, "Cuoc van dong 1. Tiep theo");
    const auto words = words_of(r.document->blocks[0].text);
    EXPECT_EQ(words.count("dong"), 1u) << r.document->blocks[0].text;
    EXPECT_EQ(words.count("dong1"), 0u) << r.document->blocks[0].text;
}

TEST(Pdf, Failures) {
    const TempDir dir;
    ExtractLimits one_page;
    one_page.max_pages = 1;
    ExtractLimits tiny;
    tiny.max_file_bytes = 100;
    const std::string two_pages =
        make_pdf({text_at(72, 760, 12, "mot"), text_at(72, 760, 12, "hai")});
    const struct {
        const char* name;
        std::string bytes;
        ExtractLimits limits;
        const char* code;
        const char* message_has;
    } cases[] = {
        {"blank_page", make_pdf({""}), {}, "no-text", "OCR"},
        {"whitespace_only", make_pdf({text_at(72, 760, 12, "   ")}), {}, "no-text", "scanned"},
        {"too_many_pages", two_pages, one_page, "too-large", "2 pages"},
        {"file_too_large", two_pages, tiny, "too-large", "larger than 100"},
        {"not_a_pdf", sample_text(), {}, "corrupt", "not a PDF or damaged"},
        {"truncated", two_pages.substr(0, 60), {}, "corrupt", "not a PDF or damaged"},
        {"empty_file", "", {}, "empty", ""},
    };
    for (const auto& c : cases) {
        const ExtractResult r = extract_pdf(dir, c.bytes, c.limits);
        ASSERT_FALSE(r.ok()) << c.name;
        EXPECT_EQ(r.error->code, c.code) << c.name << ": " << r.error->message;
        EXPECT_NE(r.error->message.find(c.message_has), std::string::npos)
            << c.name << ": " << r.error->message;
    }
    const ExtractResult missing = make_pdf_extractor()->extract(dir.path() / "x.pdf", {});
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error->code, "unreadable");
}

#endif  // VANTHU_HAVE_PDF

// ---------------------------------------------------------------------------------------------
// Corpus: corpus/seeds/NNN.{txt,docx,pdf} are the same document; corpus/broken/* must fail.

const fs::path kCorpus = fs::path(VANTHU_SOURCE_DIR) / "corpus";

// The corpus is generated into the source tree; without the folder the corpus tests skip, but a
// single missing file inside it is a failure.
bool has_corpus() { return fs::is_directory(kCorpus / "seeds"); }
std::string corpus_missing() {
    return "corpus folder " + (kCorpus / "seeds").string() + " is missing";
}

std::string describe_missing(const std::multiset<std::string>& expected,
                             const std::multiset<std::string>& got) {
    std::ostringstream out;
    int shown = 0;
    std::size_t missing = 0;
    for (auto it = expected.begin(); it != expected.end(); it = expected.upper_bound(*it)) {
        if (got.count(*it) == 0) {
            ++missing;
            if (shown++ < 30) out << " «" << *it << "»";
        }
    }
    return std::to_string(missing) + " words missing:" + out.str();
}

struct SeedCase {
    std::string seed;
    std::string format;
};

void PrintTo(const SeedCase& c, std::ostream* os) { *os << c.seed << "." << c.format; }

class CorpusSeed : public ::testing::TestWithParam<SeedCase> {};

TEST_P(CorpusSeed, KeepsEveryWordOfTheText) {
    if (!has_corpus()) GTEST_SKIP() << corpus_missing();
    const SeedCase& c = GetParam();
    const fs::path txt = kCorpus / "seeds" / (c.seed + ".txt");
    const fs::path file = kCorpus / "seeds" / (c.seed + "." + c.format);
    ASSERT_TRUE(fs::exists(txt)) << txt;
    ASSERT_TRUE(fs::exists(file)) << file;

    const ExtractorRegistry registry;
    const Extractor* extractor = registry.for_path(file);
    if (extractor == nullptr) GTEST_SKIP() << c.format << " support is not compiled in";
    const ExtractResult r = extractor->extract(file, ExtractLimits{});
    ASSERT_TRUE(r.ok()) << describe(r);

    const std::multiset<std::string> expected = words_of(read_file(txt));
    const std::multiset<std::string> got = words_of(join_blocks(*r.document));
    ASSERT_GT(expected.size(), 500u);
    EXPECT_EQ(describe_missing(expected, got), "0 words missing:");
    // Nothing extra either: no mojibake, no folded forms, no words glued together.
    EXPECT_EQ(describe_missing(got, expected), "0 words missing:");
    if (c.format == "pdf") {
        EXPECT_GT(r.document->properties.pages, 0);
        for (const TextBlock& b : r.document->blocks) {
            EXPECT_GE(b.page, 1);
            EXPECT_EQ(b.text.find('\f'), std::string::npos);
        }
    }
}

std::vector<SeedCase> seed_cases() {
    std::vector<SeedCase> cases;
    for (const char* seed : {"000", "001", "002", "003", "004"}) {
        for (const char* format : {"txt", "docx", "pdf"}) cases.push_back({seed, format});
    }
    return cases;
}

INSTANTIATE_TEST_SUITE_P(Seeds, CorpusSeed, ::testing::ValuesIn(seed_cases()),
                         [](const auto& info) {
                             return info.param.format + "_" + info.param.seed;
                         });

// Seed 000 opens with the two-column header table; its columns must not be interleaved line
// by line (which physical layout does), or the issuer and the motto become one "line".
TEST(CorpusPdf, HeaderColumnsStayApart) {
    if (!has_corpus()) GTEST_SKIP() << corpus_missing();
#ifndef VANTHU_HAVE_PDF
    GTEST_SKIP() << "PDF support is not compiled in";
#else
    const fs::path file = kCorpus / "seeds" / "000.pdf";
    ASSERT_TRUE(fs::exists(file)) << file;
    const ExtractResult r = make_pdf_extractor()->extract(file, ExtractLimits{});
    ASSERT_TRUE(r.ok()) << describe(r);
    ASSERT_FALSE(r.document->blocks.empty());
    const std::string& first_page = r.document->blocks[0].text;
    std::istringstream lines(first_page);
    bool saw_issuer = false;
    bool saw_motto = false;
    for (std::string line; std::getline(lines, line);) {
        const bool issuer = line.find(kIssuer) != std::string::npos;
        const bool motto = line.find(kMotto) != std::string::npos;
        EXPECT_FALSE(issuer && motto) << line;
        saw_issuer = saw_issuer || issuer;
        saw_motto = saw_motto || motto;
    }
    EXPECT_TRUE(saw_issuer) << first_page;
    EXPECT_TRUE(saw_motto) << first_page;
#endif
}

TEST(CorpusBroken, EachFileFailsWithItsCode) {
    if (!has_corpus()) GTEST_SKIP() << corpus_missing();
    const struct {
        const char* file;
        const char* code;
    } cases[] = {
        {"truncated.pdf", "corrupt"},   {"encrypted.pdf", "encrypted"},
        {"zip-bomb.docx", "too-large"}, {"malformed.docx", "corrupt"},
        {"not-utf8.txt", "encoding"},   {"empty.txt", "empty"},
        {"not-a-zip.docx", "corrupt"},  {"missing-document.docx", "corrupt"},
    };
    const ExtractorRegistry registry;
    for (const auto& c : cases) {
        const fs::path file = kCorpus / "broken" / c.file;
        EXPECT_TRUE(fs::exists(file)) << file;
        if (!fs::exists(file)) continue;
        const Extractor* extractor = registry.for_path(file);
        if (extractor == nullptr) {
            std::cerr << "[ SKIPPED  ] " << c.file << ": format support is not compiled in\n";
            continue;
        }
        const ExtractResult r = extractor->extract(file, ExtractLimits{});
        EXPECT_FALSE(r.ok()) << c.file;
        if (!r.ok()) {
            EXPECT_EQ(r.error->code, c.code) << c.file << ": " << r.error->message;
            EXPECT_FALSE(r.error->message.empty()) << c.file;
        }
    }
}

}  // namespace
