// process_file (changed and vanished files) and the wire format between the indexer and its
// extraction workers.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xapian.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "../src/process_file.hpp"
#include "vanthu/core/analyzer.hpp"
#include "vanthu/core/schema.hpp"

namespace vanthu::indexer {
namespace {

namespace fs = std::filesystem;

class TempFile {
  public:
    explicit TempFile(const std::string& text) {
        std::string templ = (fs::temp_directory_path() / "vanthu-iso-XXXXXX.txt").string();
        const int fd = ::mkstemps(templ.data(), 4);
        if (fd < 0) throw std::runtime_error("mkstemps failed");
        ::close(fd);
        m_path = templ;
        std::ofstream(m_path, std::ios::binary) << text;
    }
    ~TempFile() {
        std::error_code ec;
        fs::remove(m_path, ec);
    }
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;
    [[nodiscard]] const fs::path& path() const { return m_path; }

  private:
    fs::path m_path;
};

FileInfo info_of(const fs::path& path) {
    struct stat st {};
    EXPECT_EQ(::stat(path.c_str(), &st), 0);
    FileInfo f;
    f.path = path.string();
    f.size = static_cast<std::uint64_t>(st.st_size);
    f.mtime = st.st_mtime;
    f.mtime_ns = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
    f.format = "txt";
    f.mime_type = "text/plain";
    return f;
}

class ProcessFile : public ::testing::Test {
  protected:
    core::Analyzer m_analyzer;
    DocBuilder m_builder{m_analyzer};
    std::unique_ptr<Extractor> m_text = make_text_extractor();
};

TEST_F(ProcessFile, ReadsAnUnchangedFile) {
    const TempFile file("Kế hoạch tuyên truyền\n");
    const Outcome out = process_file(info_of(file.path()), *m_text, m_builder, ExtractLimits{});
    EXPECT_FALSE(out.failure);
    ASSERT_TRUE(out.has_doc);
    EXPECT_EQ(out.uid, schema::uid_term(file.path().string()));
}

TEST_F(ProcessFile, FileChangedSinceTheWalkIsReportedAndRecordedWithItsOldState) {
    const TempFile file("Kế hoạch tuyên truyền\n");
    const FileInfo seen = info_of(file.path());
    std::ofstream(file.path(), std::ios::app) << "thêm\n";
    const Outcome out = process_file(seen, *m_text, m_builder, ExtractLimits{});
    ASSERT_TRUE(out.failure);
    EXPECT_EQ(out.failure->code, "changed");
    ASSERT_TRUE(out.has_doc);
    // The old size is recorded, so the next run sees a change and reads it again.
    EXPECT_EQ(out.doc.get_value(schema::kSlotSize), std::to_string(seen.size));
}

TEST_F(ProcessFile, VanishedFileGetsNoRecord) {
    FileInfo seen;
    {
        const TempFile file("Kế hoạch\n");
        seen = info_of(file.path());
    }
    const Outcome out = process_file(seen, *m_text, m_builder, ExtractLimits{});
    ASSERT_TRUE(out.failure);
    EXPECT_EQ(out.failure->code, "vanished");
    EXPECT_FALSE(out.has_doc);
}

TEST(WireFormat, RequestRoundTrip) {
    FileInfo f;
    f.path = "/srv/lưu trữ/a\xE9.docx";  // any bytes, not only UTF-8
    f.size = 123456789012ull;
    f.mtime = 1700000000;
    f.mtime_ns = 1700000000123456789ll;
    f.format = "docx";
    f.mime_type = "application/x";
    Sidecar sc;
    sc.title = "Hiến kế";
    sc.signer = "";
    sc.source = "/srv/manifest.csv";
    f.sidecar.sidecar = sc;
    f.sidecar.signature = "1:abcdef";
    f.sidecar.warnings = {"w1", "w2"};
    ExtractLimits limits;
    limits.max_pages = 7;
    limits.max_xml_depth = 9;
    limits.max_total_uncompressed = 1ull << 40;

    FileInfo g;
    ExtractLimits l2;
    decode_request(encode_request(f, limits), g, l2);
    EXPECT_EQ(g.path, f.path);
    EXPECT_EQ(g.size, f.size);
    EXPECT_EQ(g.mtime, f.mtime);
    EXPECT_EQ(g.mtime_ns, f.mtime_ns);
    EXPECT_EQ(g.format, f.format);
    EXPECT_EQ(g.mime_type, f.mime_type);
    ASSERT_TRUE(g.sidecar.sidecar);
    EXPECT_EQ(g.sidecar.sidecar->title, sc.title);
    EXPECT_EQ(g.sidecar.sidecar->signer, std::optional<std::string>(""));
    EXPECT_FALSE(g.sidecar.sidecar->author);
    EXPECT_EQ(g.sidecar.sidecar->source, sc.source);
    EXPECT_EQ(g.sidecar.signature, f.sidecar.signature);
    EXPECT_EQ(g.sidecar.warnings, f.sidecar.warnings);
    EXPECT_EQ(l2.max_pages, 7);
    EXPECT_EQ(l2.max_xml_depth, 9);
    EXPECT_EQ(l2.max_total_uncompressed, 1ull << 40);
    EXPECT_EQ(l2.max_file_bytes, limits.max_file_bytes);

    const std::string bytes = encode_request(f, limits);
    EXPECT_THROW(decode_request(bytes.substr(0, bytes.size() - 1), g, l2), std::runtime_error);
    EXPECT_THROW(decode_request(bytes + "x", g, l2), std::runtime_error);
}

TEST(WireFormat, ResultRoundTrip) {
    Extracted doc;
    doc.blocks.push_back(TextBlock{BlockKind::Body, "Kế hoạch\nsố 152-KH/TU", 1, 0});
    doc.blocks.push_back(TextBlock{BlockKind::Footnote, std::string("a\0b", 3), 0, 2});
    doc.properties.title = "Tiêu đề";
    doc.properties.author = "Tác giả";
    doc.properties.created = "2020-10-30T00:00:00Z";
    doc.properties.pages = 3;
    doc.warnings = {"poppler: một lỗi"};
    const ExtractResult back = decode_result(encode_result(ExtractResult::success(doc)));
    ASSERT_TRUE(back.ok());
    ASSERT_EQ(back.document->blocks.size(), 2u);
    EXPECT_EQ(back.document->blocks[0].text, doc.blocks[0].text);
    EXPECT_EQ(back.document->blocks[0].page, 1);
    EXPECT_EQ(back.document->blocks[1].kind, BlockKind::Footnote);
    EXPECT_EQ(back.document->blocks[1].text, doc.blocks[1].text);
    EXPECT_EQ(back.document->blocks[1].number, 2);
    EXPECT_EQ(back.document->properties.title, "Tiêu đề");
    EXPECT_EQ(back.document->properties.author, "Tác giả");
    EXPECT_EQ(back.document->properties.created, doc.properties.created);
    EXPECT_EQ(back.document->properties.pages, 3);
    EXPECT_EQ(back.document->warnings, doc.warnings);
    EXPECT_EQ(join_blocks(*back.document), join_blocks(doc));

    const ExtractResult failed =
        decode_result(encode_result(ExtractResult::failure("timeout", "took too long")));
    ASSERT_FALSE(failed.ok());
    EXPECT_EQ(failed.error->code, "timeout");
    EXPECT_EQ(failed.error->message, "took too long");

    const std::string bytes = encode_result(ExtractResult::success(doc));
    EXPECT_THROW((void)decode_result(bytes.substr(0, 20)), std::runtime_error);
}

}  // namespace
}  // namespace vanthu::indexer
