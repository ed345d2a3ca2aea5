// The indexing pipeline end to end on small folders: what gets written, what a second run
// leaves alone, what happens to failed, changed and deleted files, and the exact terms.
#include <stdlib.h>
#include <unistd.h>

#include <xapian.h>
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "vanthu/core/analyzer.hpp"
#include "vanthu/core/schema.hpp"
#include "vanthu/indexer/doc_builder.hpp"
#include "vanthu/indexer/index_run.hpp"

namespace {

namespace fs = std::filesystem;
namespace schema = vanthu::schema;
using vanthu::indexer::IndexOptions;
using vanthu::indexer::IndexSummary;

// Real lines from ../shared/data/seeds (000, 001, 003, 004), trimmed.
constexpr const char* kSeed000 =
    "TỈNH ỦY ĐẮK LẮK\n"
    "BAN TỔ CHỨC CUỘC VẬN ĐỘNG\n"
    "“Hiển kế xây dựng và phát triển tỉnh\n"
    "Đắk Lắk giàu đẹp, văn minh”\n"
    "\n"
    "ĐẢNG CỘNG SẢN VIỆT NAM\n"
    "\n"
    "Đắk Lắk, ngày 30 tháng 10 năm 2020\n"
    "\n"
    "*\n"
    "\n"
    "Số 01 -BC/BTC\n"
    "\n"
    "BÁO CÁO\n"
    "\n"
    "một số kết quả triển khai Cuộc vận động “Hiển kế xây dựng và phát triển tỉnh Đắk Lắk "
    "giàu đẹp, văn minh”\n"
    "\n"
    "¹ Kế hoạch số 152-KH/TU, ngày 26/02/2020 của Ban Thường vụ Tỉnh ủy về tổ chức Cuộc vận "
    "động “Hiển kế xây dựng và phát triển tỉnh Đắk Lắk giàu đẹp, văn minh”\n";

constexpr const char* kSeed001 =
    "TỈNH ỦY ĐẮK LẮK\n"
    "BAN TUYÊN GIÁO\n"
    "\n"
    "*\n"
    "\n"
    "SỐ/853-CV/BTGTU\n"
    "\n"
    "V/v đẩy mạnh tuyên truyền, hưởng ứng và tham gia Cuộc vận động “Hiển kế xây dựng và "
    "phát triển tỉnh Đắk Lắk giàu đẹp, văn minh”\n"
    "\n"
    "ĐẢNG CỘNG SẢN VIỆT NAM\n"
    "\n"
    "Đắk Lắk, ngày 22 tháng 6 năm 2020\n";

constexpr const char* kSeed003 =
    "Số: 461/KH-UBND\n"
    "\n"
    "Đắk Nông, ngày 11 tháng 8 năm 2022\n"
    "\n"
    "KẾ HOẠCH\n"
    "\n"
    "Tổ chức phát động phong trào thi đua cao điểm chào mừng kỷ niệm 20 năm ngày thành lập "
    "tỉnh Đắk Nông (01/01/2004 - 01/01/2024)\n"
    "\n"
    "Tháng 11/2003, Quốc hội khóa XI đã ban hành Nghị quyết số 22/2003/QH11 chia tỉnh Đắk "
    "Lắk thành hai tỉnh Đắk Lắk và Đắk Nông.\n";

constexpr const char* kSeed004 =
    "KẾ HOẠCH\n"
    "Tổ chức triển khai, thực hiện Chỉ thị số 19/CT-TTg\n"
    "ngày 16/7/2021 của Thủ tướng Chính phủ\n"
    "\n"
    "Thực hiện Chỉ thị số 19/CT-TTg ngày 16/7/2021 của Thủ tướng Chính phủ về việc phát động "
    "thi đua thực hiện thắng lợi nhiệm vụ phát triển kinh tế - xã hội hàng năm.\n";

// "Uỷ ban nhân dân" typed with a .VnTime font: TCVN3 bytes, not UTF-8.
constexpr const char* kTcvn3 = "\x55\xfb\x20\x62\x61\x6e\x20\x6e\x68\xa9\x6e\x20\x64\xa9\x6e\n";

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

void write_file(const fs::path& path, std::string_view content) {
    fs::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    if (!out) throw std::runtime_error("cannot write " + path.string());
}

class IndexRunTest : public ::testing::Test {
  protected:
    void SetUp() override {
        std::string pattern = (fs::temp_directory_path() / "vanthu-index-test-XXXXXX").string();
        ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
        m_tmp = fs::canonical(pattern);
        m_docs = m_tmp / "docs";
        m_index = m_tmp / "state" / "index";  // parent folders do not exist yet
    }
    void TearDown() override {
        std::error_code ec;
        fs::remove_all(m_tmp, ec);
    }

    // Four readable documents, two broken ones, one unsupported, one hidden.
    void make_tree() {
        write_file(m_docs / "bao-cao" / "000 báo cáo kết quả.txt", kSeed000);
        write_file(m_docs / "bao-cao" / "001.txt", kSeed001);
        write_file(m_docs / "ke-hoach" / "003.txt", kSeed003);
        write_file(m_docs / "ke-hoach" / "004.txt", kSeed004);
        write_file(m_docs / "tờ trình hỏng.txt", kTcvn3);
        write_file(m_docs / "rỗng.txt", "");
        write_file(m_docs / "anh.png", "\x89PNG\r\n\x1a\n");
        write_file(m_docs / ".git" / "notes.txt", kSeed004);
    }

    IndexSummary index(std::vector<fs::path> roots, bool full = false) {
        IndexOptions options;
        options.roots = std::move(roots);
        options.index_dir = m_index;
        options.jobs = 2;
        options.full = full;
        options.progress = false;
        options.batch_size = 2;  // several commits even on a small tree
        std::ostringstream log;
        IndexSummary summary = vanthu::indexer::run_index(options, log);
        m_log = log.str();
        return summary;
    }
    IndexSummary index_docs(bool full = false) { return index({m_docs}, full); }

    [[nodiscard]] Xapian::Database db() const { return Xapian::Database(m_index.string()); }

    [[nodiscard]] Xapian::docid doc_for(const fs::path& file) const {
        Xapian::Database d = db();
        std::string uid = schema::uid_term(file.string());
        Xapian::PostingIterator p = d.postlist_begin(uid);
        return p == d.postlist_end(uid) ? 0 : *p;
    }

    [[nodiscard]] nlohmann::json data_for(const fs::path& file) const {
        Xapian::docid id = doc_for(file);
        if (id == 0) return nullptr;
        return nlohmann::json::parse(db().get_document(id).get_data());
    }

    [[nodiscard]] bool doc_has_term(const fs::path& file, const std::string& term) const {
        Xapian::docid id = doc_for(file);
        if (id == 0) return false;
        Xapian::Database d = db();
        Xapian::PostingIterator p = d.postlist_begin(term);
        p.skip_to(id);
        return p != d.postlist_end(term) && *p == id;
    }

    [[nodiscard]] std::vector<Xapian::termpos> positions(const fs::path& file,
                                                         const std::string& term) const {
        Xapian::Database d = db();
        std::vector<Xapian::termpos> out;
        Xapian::docid id = doc_for(file);
        if (id == 0 || d.get_termfreq(term) == 0) return out;
        for (auto p = d.positionlist_begin(id, term); p != d.positionlist_end(id, term); ++p) {
            out.push_back(*p);
        }
        return out;
    }

    fs::path m_tmp;
    fs::path m_docs;
    fs::path m_index;
    std::string m_log;
};

TEST_F(IndexRunTest, FirstRunIndexesEverythingAndRecordsFailures) {
    make_tree();
    IndexSummary s = index_docs();
    EXPECT_EQ(s.seen, 6u);
    EXPECT_EQ(s.indexed, 4u);
    EXPECT_EQ(s.unchanged, 0u);
    EXPECT_EQ(s.unsupported, 1u);
    EXPECT_EQ(s.total_docs, 6u);
    ASSERT_EQ(s.failed.size(), 2u);
    // Sorted by path.
    EXPECT_EQ(s.failed[0].path, (m_docs / "rỗng.txt").string());
    EXPECT_EQ(s.failed[0].code, "empty");
    EXPECT_EQ(s.failed[1].path, (m_docs / "tờ trình hỏng.txt").string());
    EXPECT_EQ(s.failed[1].code, "encoding");

    EXPECT_NE(m_log.find((m_docs / "rỗng.txt").string() + ": skipped: "), std::string::npos)
        << m_log;
    EXPECT_NE(m_log.find("indexed 4, unchanged 0, removed 0, failed 2, unsupported 1; 6 documents "
                         "in " +
                         m_index.string() + "\n"),
              std::string::npos)
        << m_log;
    EXPECT_NE(m_log.find("failed: " + (m_docs / "rỗng.txt").string() + ": "), std::string::npos)
        << m_log;

    // Hidden folders are not walked.
    EXPECT_EQ(doc_for(m_docs / ".git" / "notes.txt"), 0u);
    EXPECT_EQ(db().get_metadata(std::string(schema::kMetaSchemaKey)), schema::kSchemaVersion);
}

TEST_F(IndexRunTest, SecondRunTouchesNothing) {
    make_tree();
    (void)index_docs();
    Xapian::rev before = db().get_revision();

    IndexSummary s = index_docs();
    EXPECT_EQ(s.indexed, 0u);
    EXPECT_EQ(s.unchanged, 6u);
    EXPECT_EQ(s.still_failed, 2u);
    EXPECT_TRUE(s.failed.empty());  // earlier failures do not fail this run
    EXPECT_EQ(s.removed, 0u);
    EXPECT_EQ(db().get_revision(), before);
    EXPECT_EQ(m_log,
              "nothing to do: 6 files unchanged (2 failed earlier, not retried until they "
              "change)\n");
}

TEST_F(IndexRunTest, ChangedFilesAreReplaced) {
    make_tree();
    (void)index_docs();
    const fs::path k003 = m_docs / "ke-hoach" / "003.txt";
    const fs::path k004 = m_docs / "ke-hoach" / "004.txt";
    Xapian::docid old_id = doc_for(k003);
    ASSERT_NE(old_id, 0u);
    EXPECT_FALSE(doc_has_term(k003, "krông"));

    // A size change...
    write_file(k003, std::string(kSeed003) +
                         "Khi tách ra, tỉnh Đắk Nông có 06 đơn vị hành chính cấp huyện, gồm: Cư "
                         "Jút, Đắk Mil, Đắk Nông, Đắk R'lấp, Đắk Song, Krông Nô.\n");
    // ...and an mtime-only change.
    fs::last_write_time(k004, fs::last_write_time(k004) - std::chrono::hours(24));

    IndexSummary s = index_docs();
    EXPECT_EQ(s.indexed, 2u);
    EXPECT_EQ(s.unchanged, 4u);
    EXPECT_EQ(s.total_docs, 6u);
    EXPECT_EQ(db().get_doccount(), 6u);
    EXPECT_EQ(doc_for(k003), old_id);  // replaced in place, not added
    EXPECT_TRUE(doc_has_term(k003, "krông"));
    EXPECT_TRUE(doc_has_term(k003, "XFkrong"));
}

TEST_F(IndexRunTest, RewriteWithinTheSameSecondIsNoticed) {
    make_tree();
    (void)index_docs();
    const fs::path k004 = m_docs / "ke-hoach" / "004.txt";
    EXPECT_FALSE(doc_has_term(k004, "tưởng"));
    // Same size, same second, different content: only the sub-second mtime tells.
    std::string text = read_file(k004);
    const std::string from = "Thủ tướng", to = "Thủ tưởng";
    ASSERT_EQ(from.size(), to.size());
    text.replace(text.find(from), from.size(), to);
    const auto stamp = fs::last_write_time(k004);
    write_file(k004, text);
    fs::last_write_time(k004, stamp + std::chrono::milliseconds(1));

    IndexSummary s = index_docs();
    EXPECT_EQ(s.indexed, 1u);
    EXPECT_TRUE(doc_has_term(k004, "tưởng"));
}

TEST_F(IndexRunTest, DeletedFilesAreRemoved) {
    make_tree();
    (void)index_docs();
    const fs::path gone = m_docs / "bao-cao" / "001.txt";
    ASSERT_NE(doc_for(gone), 0u);
    fs::remove(gone);

    IndexSummary s = index_docs();
    EXPECT_EQ(s.removed, 1u);
    EXPECT_EQ(s.total_docs, 5u);
    EXPECT_EQ(doc_for(gone), 0u);
    EXPECT_NE(m_log.find("indexed 0, unchanged 5, removed 1, failed 0 (not retried until they "
                         "change: 2), unsupported 1; 5 documents in "),
              std::string::npos)
        << m_log;
}

TEST_F(IndexRunTest, RemovalOnlyLooksUnderThisRunsRoots) {
    make_tree();
    const fs::path other = m_tmp / "other" / "004 kế hoạch.txt";
    write_file(other, kSeed004);
    (void)index_docs();
    (void)index({other});
    ASSERT_NE(doc_for(other), 0u);

    // Indexing only one folder leaves the other documents alone...
    IndexSummary s = index({m_docs / "ke-hoach"});
    EXPECT_EQ(s.removed, 0u);
    EXPECT_EQ(s.total_docs, 7u);
    // ...a file gone from under a root is removed; a missing root is an error but the other
    // roots still run.
    fs::remove(m_docs / "ke-hoach" / "003.txt");
    s = index({m_docs / "ke-hoach", m_tmp / "not-there"});
    EXPECT_EQ(s.removed, 1u);
    ASSERT_EQ(s.failed.size(), 1u);
    EXPECT_EQ(s.failed[0].code, "not-found");
    EXPECT_NE(m_log.find((m_tmp / "not-there").string() + ": skipped: no such file or folder"),
              std::string::npos)
        << m_log;
    EXPECT_NE(doc_for(other), 0u);
    // A sibling folder whose name starts with the root's is not under it.
    write_file(m_docs / "ke-hoach-2" / "x.txt", kSeed004);
    (void)index({m_docs / "ke-hoach-2"});
    s = index({m_docs / "ke-hoach"});
    EXPECT_EQ(s.removed, 0u);
    EXPECT_NE(doc_for(m_docs / "ke-hoach-2" / "x.txt"), 0u);
}

TEST_F(IndexRunTest, FailedFileIsFoundByNameAndRetriedOnlyWhenChanged) {
    make_tree();
    (void)index_docs();
    const fs::path empty = m_docs / "rỗng.txt";
    const fs::path broken = m_docs / "tờ trình hỏng.txt";

    EXPECT_TRUE(doc_has_term(empty, "XSfailed"));
    EXPECT_FALSE(doc_has_term(empty, "XSok"));
    EXPECT_TRUE(doc_has_term(empty, "rỗng"));
    EXPECT_TRUE(doc_has_term(empty, "XFrong"));
    EXPECT_TRUE(doc_has_term(broken, "trình"));
    EXPECT_TRUE(doc_has_term(broken, "XFhong"));
    EXPECT_TRUE(doc_has_term(broken, "Etxt"));
    nlohmann::json data = data_for(broken);
    EXPECT_EQ(data["status"], "failed");
    EXPECT_EQ(data["error"]["code"], "encoding");
    EXPECT_EQ(data["title"], "tờ trình hỏng.txt");
    EXPECT_EQ(db().get_document(doc_for(broken)).get_value(schema::kSlotPath), broken.string());

    IndexSummary s = index_docs();
    EXPECT_EQ(s.still_failed, 2u);
    EXPECT_TRUE(s.failed.empty());

    write_file(empty, kSeed004);
    s = index_docs();
    EXPECT_EQ(s.indexed, 1u);
    EXPECT_EQ(s.still_failed, 1u);
    EXPECT_TRUE(doc_has_term(empty, "XSok"));
    EXPECT_FALSE(doc_has_term(empty, "XSfailed"));
    EXPECT_TRUE(doc_has_term(empty, "thủ"));
    EXPECT_EQ(data_for(empty)["status"], "ok");
    EXPECT_FALSE(data_for(empty).contains("error"));
}

TEST_F(IndexRunTest, FullRebuildsFromScratch) {
    make_tree();
    (void)index_docs();
    // A document that no root covers any more disappears only with --full.
    const fs::path other = m_tmp / "other.txt";
    write_file(other, kSeed004);
    (void)index({other});
    fs::remove(other);
    EXPECT_EQ(db().get_doccount(), 7u);

    IndexSummary s = index_docs(/*full=*/true);
    EXPECT_EQ(s.indexed, 4u);
    EXPECT_EQ(s.failed.size(), 2u);
    EXPECT_EQ(s.unchanged, 0u);
    EXPECT_EQ(s.total_docs, 6u);
    EXPECT_EQ(doc_for(other), 0u);
    EXPECT_EQ(db().get_metadata(std::string(schema::kMetaSchemaKey)), schema::kSchemaVersion);
}

TEST_F(IndexRunTest, SecondWriterGetsAClearError) {
    make_tree();
    (void)index_docs();
    Xapian::WritableDatabase holder(m_index.string(), Xapian::DB_OPEN);
    try {
        (void)index_docs();
        FAIL() << "run_index should refuse a locked index";
    } catch (const std::runtime_error& e) {
        std::string what = e.what();
        EXPECT_NE(what.find("locked"), std::string::npos) << what;
        EXPECT_NE(what.find(m_index.string()), std::string::npos) << what;
    }
}

TEST_F(IndexRunTest, UnusableIndexIsAStdException) {
    make_tree();
    write_file(m_index, "not a database");  // a file where the index folder should be
    try {
        (void)index_docs();
        FAIL() << "run_index should refuse an index it cannot open";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find(m_index.string()), std::string::npos) << e.what();
    }
}

TEST_F(IndexRunTest, UnreadableFolderIsSkippedAndItsDocumentsKept) {
    if (::geteuid() == 0) GTEST_SKIP() << "root can read every folder; run as a normal user";
    make_tree();
    (void)index_docs();
    const fs::path locked = m_docs / "ke-hoach";
    fs::permissions(locked, fs::perms::none);
    IndexSummary s = index_docs();
    fs::permissions(locked, fs::perms::owner_all);
    EXPECT_NE(m_log.find(locked.string() + ": warning: cannot read folder"), std::string::npos)
        << m_log;
    EXPECT_EQ(s.removed, 0u);
    EXPECT_EQ(s.total_docs, 6u);
}

TEST_F(IndexRunTest, OtherSchemaVersionAsksForFull) {
    make_tree();
    (void)index_docs();
    {
        Xapian::WritableDatabase w(m_index.string(), Xapian::DB_OPEN);
        w.set_metadata(std::string(schema::kMetaSchemaKey), "0");
        w.commit();
    }
    try {
        (void)index_docs();
        FAIL() << "run_index should refuse an index from another schema";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("--full"), std::string::npos) << e.what();
    }
    EXPECT_EQ(index_docs(/*full=*/true).total_docs, 6u);
}

TEST_F(IndexRunTest, ExactAndFoldedWordsShareTheirPositions) {
    make_tree();
    (void)index_docs();
    const fs::path f001 = m_docs / "bao-cao" / "001.txt";
    std::vector<Xapian::termpos> exact = positions(f001, "tuyên");
    std::vector<Xapian::termpos> folded = positions(f001, "XFtuyen");
    ASSERT_EQ(exact.size(), 2u);  // "BAN TUYÊN GIÁO", "tuyên truyền"
    EXPECT_EQ(exact, folded);
    // Words without marks get no folded twin.
    EXPECT_FALSE(doc_has_term(f001, "XFban"));
    EXPECT_TRUE(doc_has_term(f001, "ban"));
    // File name words come after the body.
    const fs::path f000 = m_docs / "bao-cao" / "000 báo cáo kết quả.txt";
    std::vector<Xapian::termpos> name_word = positions(f000, "quả");
    ASSERT_GE(name_word.size(), 2u);  // "kết quả" in the body and in the name
    std::vector<Xapian::termpos> body_end = positions(f000, "minh");
    ASSERT_FALSE(body_end.empty());
    EXPECT_GE(name_word.back(), body_end.back() + 10);
}

TEST_F(IndexRunTest, DocumentNumbersAreExactTerms) {
    make_tree();
    (void)index_docs();
    const fs::path f000 = m_docs / "bao-cao" / "000 báo cáo kết quả.txt";
    const fs::path f001 = m_docs / "bao-cao" / "001.txt";
    const fs::path f003 = m_docs / "ke-hoach" / "003.txt";
    const fs::path f004 = m_docs / "ke-hoach" / "004.txt";
    EXPECT_TRUE(doc_has_term(f000, "XN152-kh/tu"));
    EXPECT_TRUE(doc_has_term(f000, "XNF152-kh/tu"));
    EXPECT_TRUE(doc_has_term(f000, "XN1-bc/btc"));
    EXPECT_TRUE(doc_has_term(f001, "XN853-cv/btgtu"));
    EXPECT_TRUE(doc_has_term(f003, "XN22/2003/qh11"));
    EXPECT_TRUE(doc_has_term(f004, "XN19/ct-ttg"));
    Xapian::Document d004 = db().get_document(doc_for(f004));
    Xapian::TermIterator t = d004.termlist_begin();
    t.skip_to("XN19/ct-ttg");
    ASSERT_EQ(*t, "XN19/ct-ttg");
    EXPECT_EQ(t.get_wdf(), 2u);  // cited twice

    // The document's own number, read off the header; 004 only cites one.
    EXPECT_EQ(data_for(f000)["number"], "01-BC/BTC");
    EXPECT_EQ(data_for(f001)["number"], "853-CV/BTGTU");
    EXPECT_EQ(data_for(f003)["number"], "461/KH-UBND");
    EXPECT_FALSE(data_for(f004).contains("number"));
    EXPECT_EQ(data_for(f004)["numbers"], nlohmann::json::array({"19/CT-TTg"}));
}

TEST_F(IndexRunTest, DataValuesAndBooleanTerms) {
    make_tree();
    (void)index_docs();
    const fs::path f003 = m_docs / "ke-hoach" / "003.txt";
    Xapian::Document doc = db().get_document(doc_for(f003));
    EXPECT_EQ(doc.get_value(schema::kSlotPath), f003.string());
    EXPECT_EQ(doc.get_value(schema::kSlotSize), std::to_string(fs::file_size(f003)));
    EXPECT_FALSE(doc.get_value(schema::kSlotMtime).empty());
    EXPECT_EQ(doc.get_value(schema::kSlotText).rfind("Số: 461/KH-UBND", 0), 0u);
    EXPECT_TRUE(doc_has_term(f003, "XTtxt"));
    EXPECT_TRUE(doc_has_term(f003, "Etxt"));
    EXPECT_TRUE(doc_has_term(f003, "XSok"));

    nlohmann::json data = data_for(f003);
    EXPECT_EQ(data["path"], f003.string());
    EXPECT_EQ(data["name"], "003.txt");
    EXPECT_EQ(data["format"], "txt");
    EXPECT_EQ(data["status"], "ok");
    EXPECT_EQ(data["title"], "003.txt");
    EXPECT_EQ(data["size"], fs::file_size(f003));
    // Data keeps seconds for people; the value slot keeps nanoseconds for change detection.
    EXPECT_EQ(data["mtime"].get<std::int64_t>(),
              std::stoll(doc.get_value(schema::kSlotMtime)) / 1'000'000'000);
    EXPECT_EQ(data["numbers"], nlohmann::json::array({"461/KH-UBND", "22/2003/QH11"}));
    EXPECT_TRUE(data.contains("properties"));
    EXPECT_FALSE(data.contains("error"));
}

TEST_F(IndexRunTest, SymlinksAndOverlappingRoots) {
    make_tree();
    fs::create_directory_symlink(m_docs, m_docs / "ke-hoach" / "loop");
    fs::create_symlink(m_docs / "ke-hoach" / "004.txt", m_docs / "bao-cao" / "link.txt");
    IndexSummary s = index({m_docs, m_docs / "bao-cao" / "001.txt"});
    EXPECT_EQ(s.seen, 7u);  // six files plus the file link; the folder link is not followed
    EXPECT_EQ(s.total_docs, 7u);
    EXPECT_NE(doc_for(m_docs / "bao-cao" / "link.txt"), 0u);
    EXPECT_TRUE(doc_has_term(m_docs / "bao-cao" / "link.txt", "XN19/ct-ttg"));
}

TEST_F(IndexRunTest, EmptyRunSaysSo) {
    fs::create_directories(m_docs);
    write_file(m_docs / "anh.png", "x");
    IndexSummary s = index_docs();
    EXPECT_EQ(s.seen, 0u);
    EXPECT_EQ(s.unsupported, 1u);
    EXPECT_EQ(m_log.rfind("nothing to index: no supported files found (1 unsupported)", 0), 0u)
        << m_log;
}

TEST(UidTerm, ShortPathsAreKeptLongOnesHashed) {
    EXPECT_EQ(schema::uid_term("/srv/archive/a.pdf"), "Q/srv/archive/a.pdf");
    std::string at_limit = "/" + std::string(199, 'a');
    EXPECT_EQ(schema::uid_term(at_limit), "Q" + at_limit);
    // FNV-1a 64 of "/" followed by 299 'a', computed independently.
    std::string long_path = "/" + std::string(299, 'a');
    EXPECT_EQ(schema::uid_term(long_path), "Q#92af640794dfc987");
    EXPECT_NE(schema::uid_term(long_path + "b"), schema::uid_term(long_path));
}

TEST(ChooseTitle, RejectsJunkProperties) {
    using vanthu::indexer::choose_title;
    EXPECT_EQ(choose_title("", "461-KH-UBND.docx"), "461-KH-UBND.docx");
    EXPECT_EQ(choose_title("Microsoft Word - 461-KH-UBND.doc", "461-KH-UBND.pdf"),
              "461-KH-UBND.pdf");
    EXPECT_EQ(choose_title("461-KH-UBND", "461-KH-UBND.pdf"), "461-KH-UBND.pdf");
    EXPECT_EQ(choose_title("BAO CAO.DOCX", "a.docx"), "a.docx");
    EXPECT_EQ(choose_title("Document1", "a.docx"), "a.docx");
    EXPECT_EQ(choose_title("Untitled-3", "a.pdf"), "a.pdf");
    EXPECT_EQ(choose_title("  ---  ", "a.pdf"), "a.pdf");
    EXPECT_EQ(choose_title(" Kế hoạch\n tuyên truyền  sau Đại hội ", "a.docx"),
              "Kế hoạch tuyên truyền sau Đại hội");
}

TEST(Utf8Prefix, NeverSplitsACharacter) {
    using vanthu::indexer::utf8_prefix;
    const std::string s = "Đắk";  // C4 90 | E1 BA AF | 6B
    EXPECT_EQ(utf8_prefix(s, 10), s);
    EXPECT_EQ(utf8_prefix(s, 6), s);
    EXPECT_EQ(utf8_prefix(s, 5), "Đắ");
    EXPECT_EQ(utf8_prefix(s, 4), "Đ");
    EXPECT_EQ(utf8_prefix(s, 3), "Đ");
    EXPECT_EQ(utf8_prefix(s, 1), "");
}

TEST(OwnNumber, HeaderRule) {
    const vanthu::core::Analyzer analyzer;
    auto own = [&](std::string_view raw) {
        std::string text = analyzer.normalize(raw);
        return vanthu::indexer::own_number(text, analyzer.numbers(text));
    };
    EXPECT_EQ(own("TỈNH ỦY ĐẮK LẮK\nBAN TUYÊN GIÁO\n\n*\n\nSỐ/853-CV/BTGTU\n"), "853-CV/BTGTU");
    EXPECT_EQ(own("Số: 461/KH-UBND\n\nĐắk Nông, ngày 11 tháng 8 năm 2022\n"), "461/KH-UBND");
    EXPECT_EQ(own("BAN TUYÊN GIÁO\n152-KH/TU\n"), "152-KH/TU");
    // Citations in the first lines are not the document's own number.
    EXPECT_EQ(own("KẾ HOẠCH\nTổ chức triển khai, thực hiện Chỉ thị số 19/CT-TTg\n"), std::nullopt);
    EXPECT_EQ(own("Thực hiện Kế hoạch số 28-KH/TU, ngày 19/5/2021\n"), std::nullopt);
    // Too far from the top to be the header.
    EXPECT_EQ(own(std::string(2000, 'a') + "\nSố: 461/KH-UBND\n"), std::nullopt);
}

TEST(DefaultIndexDir, FollowsTheEnvironment) {
    auto saved = [](const char* name) -> std::optional<std::string> {
        const char* v = std::getenv(name);
        return v ? std::optional<std::string>(v) : std::nullopt;
    };
    auto restore = [](const char* name, const std::optional<std::string>& v) {
        if (v) {
            ::setenv(name, v->c_str(), 1);
        } else {
            ::unsetenv(name);
        }
    };
    auto vanthu_index = saved("VANTHU_INDEX");
    auto xdg = saved("XDG_DATA_HOME");
    auto home = saved("HOME");

    ::setenv("VANTHU_INDEX", "/tmp/x-index", 1);
    EXPECT_EQ(vanthu::indexer::default_index_dir(), fs::path("/tmp/x-index"));
    ::unsetenv("VANTHU_INDEX");
    ::setenv("XDG_DATA_HOME", "/data", 1);
    EXPECT_EQ(vanthu::indexer::default_index_dir(), fs::path("/data/vanthu/index"));
    ::setenv("XDG_DATA_HOME", "relative", 1);
    ::setenv("HOME", "/home/u", 1);
    EXPECT_EQ(vanthu::indexer::default_index_dir(), fs::path("/home/u/.local/share/vanthu/index"));
    ::unsetenv("XDG_DATA_HOME");
    ::unsetenv("HOME");
    EXPECT_EQ(vanthu::indexer::default_index_dir(), fs::path(".vanthu-index"));

    restore("VANTHU_INDEX", vanthu_index);
    restore("XDG_DATA_HOME", xdg);
    restore("HOME", home);
}

}  // namespace
