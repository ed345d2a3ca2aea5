// The indexing pipeline end to end on small folders: what gets written, what a second run
// leaves alone, what happens to failed, changed and deleted files, and the exact terms.
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <xapian.h>
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
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
#include "vanthu/indexer/metadata.hpp"

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

// Seed 003 with the header and signing block the original has (the seed kept only the number
// and the date): issuer written with the abbreviation "UBND", motto, type line, subject.
constexpr const char* kSeed003Full =
    "UBND TỈNH ĐẮK NÔNG\n"
    "\n"
    "Số: 461/KH-UBND\n"
    "\n"
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
    "Độc lập - Tự do - Hạnh phúc\n"
    "\n"
    "Đắk Nông, ngày 11 tháng 8 năm 2022\n"
    "\n"
    "KẾ HOẠCH\n"
    "\n"
    "Tổ chức phát động phong trào thi đua cao điểm chào mừng kỷ niệm 20 năm ngày thành lập "
    "tỉnh Đắk Nông (01/01/2004 - 01/01/2024)\n"
    "\n"
    "Tháng 11/2003, Quốc hội khóa XI đã ban hành Nghị quyết số 22/2003/QH11 chia tỉnh Đắk "
    "Lắk thành hai tỉnh Đắk Lắk và Đắk Nông.\n"
    "\n"
    "Nơi nhận:\n"
    "- Thường trực Tỉnh ủy;\n"
    "- Lưu: VT, TH.\n"
    "\n"
    "TM. ỦY BAN NHÂN DÂN\n"
    "CHỦ TỊCH\n"
    "\n"
    "Hồ Văn Mười\n";

// Proposals (hiến kế): free text; who sent them and about what is on the office's sheet.
constexpr const char* kProposal1 =
    "Đề xuất phát triển du lịch cộng đồng gắn với văn hóa cồng chiêng ở các buôn làng.\n"
    "Tổ chức tour trải nghiệm nghề dệt thổ cẩm, ẩm thực và lễ hội truyền thống.\n";
constexpr const char* kProposal2 =
    "Xây dựng thương hiệu cà phê Buôn Ma Thuột và liên kết chuỗi giá trị với hợp tác xã.\n";
constexpr const char* kProposal3 = "Ứng dụng công nghệ số trong sinh hoạt chi bộ ở nông thôn.\n";

// Excel's "CSV UTF-8": BOM, CRLF, quotes only around the value with a comma.
constexpr const char* kManifest =
    "\xEF\xBB\xBF"
    "file,title,author,unit,field,date\r\n"
    "hien-ke-01.txt,\"Du lịch cộng đồng, văn hóa cồng chiêng\",Nguyễn Thị Hằng,Sở Văn hóa - "
    "Thể thao và Du lịch,văn hóa - xã hội,15/7/2020\r\n"
    "hien-ke-02.txt,Thương hiệu cà phê Buôn Ma Thuột,Y Bhim Êban,UBND huyện Cư M'gar,kinh "
    "tế,03/8/2020\r\n"
    "hien-ke-03.txt,Chuyển đổi số trong sinh hoạt chi bộ,Trần Văn Hùng,huyện Krông Pắc,xây "
    "dựng Đảng và hệ thống chính trị,20/9/2020\r\n";

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

    // `root` indexed into `index_dir` by one job, with the default batch.
    static IndexSummary index_with_one_job(const fs::path& root, const fs::path& index_dir) {
        IndexOptions options;
        options.roots = {root};
        options.index_dir = index_dir;
        options.jobs = 1;
        options.progress = false;
        std::ostringstream log;
        return vanthu::indexer::run_index(options, log);
    }

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
    make_tree();
    (void)index_docs();
    const fs::path locked = m_docs / "ke-hoach";
    // Root reads every folder, and CI runs as root: there the run happens in a child process
    // that has given up root for "nobody", on a tree handed over to it.
    const bool as_root = ::geteuid() == 0;
    constexpr uid_t kNobody = 65534;
    if (as_root) {
        ASSERT_EQ(::lchown(m_tmp.c_str(), kNobody, kNobody), 0);
        for (const auto& entry : fs::recursive_directory_iterator(m_tmp)) {
            ASSERT_EQ(::lchown(entry.path().c_str(), kNobody, kNobody), 0) << entry.path();
        }
    }
    fs::permissions(locked, fs::perms::none);
    if (!as_root) {
        IndexSummary s = index_docs();
        fs::permissions(locked, fs::perms::owner_all);
        EXPECT_NE(m_log.find(locked.string() + ": warning: cannot read folder"), std::string::npos)
            << m_log;
        EXPECT_EQ(s.removed, 0u);
        EXPECT_EQ(s.total_docs, 6u);
        return;
    }
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        if (::setgid(kNobody) != 0 || ::setuid(kNobody) != 0) ::_exit(10);
        IndexSummary s = index_docs();
        const bool warned =
            m_log.find(locked.string() + ": warning: cannot read folder") != std::string::npos;
        ::_exit(!warned ? 11 : s.removed != 0 ? 12 : s.total_docs != 6 ? 13 : 0);
    }
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    fs::permissions(locked, fs::perms::owner_all);
    ASSERT_TRUE(WIFEXITED(status));
    // 10: could not drop root; 11: no warning; 12: documents removed; 13: wrong count.
    EXPECT_EQ(WEXITSTATUS(status), 0);
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

// Bytes of the database tables in `dir`.
std::uintmax_t table_bytes(const fs::path& dir) {
    std::uintmax_t total = 0;
    for (const auto& entry : fs::directory_iterator(dir)) {
        if (entry.path().extension() == ".glass") total += entry.file_size();
    }
    return total;
}

TEST_F(IndexRunTest, AFirstBuildIsCompactedIntoPlace) {
    make_tree();
    // Several documents per table block, and a commit every 2 documents (the fixture's batch).
    for (int i = 0; i < 40; ++i) {
        write_file(m_docs / "nhieu" / ("bản sao " + std::to_string(i) + ".txt"),
                   i % 2 == 0 ? kSeed001 : kSeed004);
    }
    IndexSummary s = index_docs();
    EXPECT_EQ(s.indexed, 44u);
    EXPECT_FALSE(fs::exists(schema::first_build_dir(m_index)));
    EXPECT_FALSE(fs::exists(m_tmp / "state" / "index.compacting"));
    EXPECT_EQ(db().get_doccount(), 46u);
    EXPECT_EQ(db().get_metadata(std::string(schema::kMetaSchemaKey)), schema::kSchemaVersion);
    EXPECT_NE(db().get_metadata(std::string(schema::kMetaRootsKey)).find(m_docs.string()),
              std::string::npos);
    // Compacting it again gains nothing: every block is already full.
    const fs::path again = m_tmp / "again";
    db().compact(again.string(), Xapian::DBCOMPACT_NO_RENUMBER | Xapian::Compactor::FULL);
    EXPECT_EQ(table_bytes(m_index), table_bytes(again));

    // Later runs write in place (a server may have the index open), uncompacted; they remove
    // the work folder a first build killed while moving its index into place leaves behind.
    fs::copy(m_index, schema::first_build_dir(m_index), fs::copy_options::recursive);
    write_file(m_docs / "bao-cao" / "005.txt", kSeed003);
    s = index_docs();
    EXPECT_EQ(s.indexed, 1u);
    EXPECT_FALSE(fs::exists(schema::first_build_dir(m_index)));
    EXPECT_EQ(db().get_doccount(), 47u);
    // ... and what a run killed while deleting such a folder leaves: part of it, renamed.
    const fs::path removing =
        fs::path(schema::first_build_dir(m_index)).replace_extension(".removing");
    fs::copy(m_index, removing, fs::copy_options::recursive);
    fs::remove(removing / "iamglass");
    write_file(m_docs / "bao-cao" / "006.txt", kSeed003);
    s = index_docs();
    EXPECT_EQ(s.indexed, 1u);
    EXPECT_FALSE(fs::exists(removing));
    EXPECT_EQ(db().get_doccount(), 48u);
}

TEST_F(IndexRunTest, AnInterruptedFirstBuildIsFinishedByTheNextRun) {
    make_tree();
    // What a first build killed midway leaves: the documents so far in "<index>.partial".
    const fs::path partial = schema::first_build_dir(m_index);
    {
        IndexOptions options;
        options.roots = {m_docs / "bao-cao"};
        options.index_dir = partial;
        options.progress = false;
        std::ostringstream log;
        EXPECT_EQ(vanthu::indexer::run_index(options, log).indexed, 2u);
    }
    ASSERT_TRUE(fs::exists(partial));
    ASSERT_FALSE(fs::exists(m_index));
    IndexSummary s = index_docs();
    EXPECT_EQ(s.unchanged, 2u);  // not extracted again
    EXPECT_EQ(s.indexed, 2u);    // the rest of the tree
    EXPECT_FALSE(fs::exists(partial));
    EXPECT_EQ(db().get_doccount(), 6u);
    EXPECT_NE(doc_for(m_docs / "bao-cao" / "001.txt"), 0u);
    EXPECT_NE(doc_for(m_docs / "ke-hoach" / "004.txt"), 0u);
}

// The ids of a first build's documents follow their paths, as with one writer, although each
// job writes its own part (docs/operations.md, "A first build").
TEST_F(IndexRunTest, AFirstBuildsJobsWriteTheirPartsInPathOrder) {
    make_tree();
    for (int i = 0; i < 30; ++i) {
        write_file(
            m_docs / ("nhóm " + std::to_string(i % 3)) / ("văn bản " + std::to_string(i) + ".txt"),
            i % 2 == 0 ? kSeed003Full : kSeed000);
    }
    IndexSummary s = index_docs();  // two jobs, a commit every two documents
    EXPECT_EQ(s.indexed, 34u);
    EXPECT_EQ(s.total_docs, 36u);
    EXPECT_FALSE(fs::exists(schema::first_build_dir(m_index)));

    std::vector<fs::path> paths;
    std::map<std::string, std::string> data;  // path -> document data
    {
        Xapian::Database d = db();
        EXPECT_EQ(d.get_lastdocid(), d.get_doccount());  // no gaps
        for (auto p = d.postlist_begin(""); p != d.postlist_end(""); ++p) {
            const Xapian::Document doc = d.get_document(*p);
            paths.emplace_back(doc.get_value(schema::kSlotPath));
            data[paths.back().string()] = doc.get_data();
        }
    }
    EXPECT_TRUE(std::is_sorted(paths.begin(), paths.end()));

    // One job writes the same documents under the same ids.
    fs::remove_all(m_index);
    EXPECT_EQ(index_with_one_job(m_docs, m_index).total_docs, 36u);
    Xapian::Database one = db();
    for (const auto& [path, stored] : data) {
        const Xapian::docid id = doc_for(path);
        ASSERT_NE(id, 0u) << path;
        EXPECT_EQ(id,
                  static_cast<Xapian::docid>(std::find(paths.begin(), paths.end(), fs::path(path)) -
                                             paths.begin() + 1))
            << path;
        EXPECT_EQ(one.get_document(id).get_data(), stored) << path;
    }
}

// What a first build killed midway leaves: documents in its own database, and in the parts its
// jobs committed. The next run takes both in and reads neither again.
class InterruptedFirstBuild : public IndexRunTest {
  protected:
    // bao-cao's two files in "<index>.partial" (ids 1, 2), ke-hoach's two in a part (ids 11,
    // 12); a part killed before its first commit; what a run killed while removing parts
    // leaves. `copied`: a run killed after copying the parts into its database (same ids) but
    // before removing them.
    void leave_interrupted_build(bool copied) {
        make_tree();
        m_partial = schema::first_build_dir(m_index);
        ASSERT_EQ(index_with_one_job(m_docs / "bao-cao", m_partial).indexed, 2u);
        const fs::path other = m_tmp / "other";
        ASSERT_EQ(index_with_one_job(m_docs / "ke-hoach", other).indexed, 2u);
        const Xapian::Database source(other.string());
        fs::create_directories(m_partial / "parts");
        Xapian::WritableDatabase part((m_partial / "parts" / "3").string(), Xapian::DB_CREATE);
        Xapian::WritableDatabase work(m_partial.string(), Xapian::DB_OPEN);
        for (auto p = source.postlist_begin(""); p != source.postlist_end(""); ++p) {
            part.replace_document(10 + *p, source.get_document(*p));
            if (copied) work.replace_document(10 + *p, source.get_document(*p));
        }
        part.commit();
        work.commit();
        fs::create_directories(m_partial / "parts" / "5");
        fs::create_directories(m_partial / "parts.removing" / "1");
    }

    void expect_each_file_once() {
        Xapian::Database d = db();
        const std::string prefix(schema::kPrefixUid);
        std::size_t uids = 0;
        for (auto t = d.allterms_begin(prefix); t != d.allterms_end(prefix); ++t, ++uids) {
            EXPECT_EQ(t.get_termfreq(), 1u) << *t;
        }
        EXPECT_EQ(uids, 6u);
        EXPECT_EQ(d.get_doccount(), 6u);
        EXPECT_FALSE(fs::exists(m_partial));
    }

    fs::path m_partial;
};

TEST_F(InterruptedFirstBuild, TheNextRunTakesInItsParts) {
    leave_interrupted_build(false);
    IndexSummary s = index_docs();
    EXPECT_EQ(s.unchanged, 4u);  // neither the database's files nor the part's are read again
    EXPECT_EQ(s.indexed, 0u);
    EXPECT_EQ(s.failed.size(), 2u);
    EXPECT_EQ(s.total_docs, 6u);
    expect_each_file_once();
    EXPECT_EQ(doc_for(m_docs / "bao-cao" / "001.txt"), 2u);
    EXPECT_EQ(doc_for(m_docs / "ke-hoach" / "003.txt"), 11u);
    EXPECT_EQ(doc_for(m_docs / "ke-hoach" / "004.txt"), 12u);
    EXPECT_EQ(data_for(m_docs / "ke-hoach" / "004.txt").value("status", ""), "ok");
}

TEST_F(InterruptedFirstBuild, PartsAlreadyCopiedAreNotDuplicated) {
    leave_interrupted_build(true);
    IndexSummary s = index_docs();
    EXPECT_EQ(s.unchanged, 4u);
    EXPECT_EQ(s.total_docs, 6u);
    expect_each_file_once();
}

TEST_F(InterruptedFirstBuild, FullDiscardsItsParts) {
    leave_interrupted_build(false);
    IndexSummary s = index_docs(/*full=*/true);
    EXPECT_EQ(s.unchanged, 0u);
    EXPECT_EQ(s.indexed, 4u);
    EXPECT_EQ(s.total_docs, 6u);
    expect_each_file_once();
}

TEST_F(InterruptedFirstBuild, AChangedFileReplacesItsVersionInAPart) {
    leave_interrupted_build(false);
    write_file(m_docs / "ke-hoach" / "004.txt", kSeed001);
    IndexSummary s = index_docs();
    EXPECT_EQ(s.unchanged, 3u);
    EXPECT_EQ(s.indexed, 1u);
    expect_each_file_once();
    EXPECT_GT(doc_for(m_docs / "ke-hoach" / "004.txt"), 12u);
    EXPECT_TRUE(doc_has_term(m_docs / "ke-hoach" / "004.txt", "tuyên"));   // the new text
    EXPECT_FALSE(doc_has_term(m_docs / "ke-hoach" / "004.txt", "tướng"));  // not the old one
}

TEST_F(IndexRunTest, AnEmptyFolderMadeForTheIndexTakesAFirstBuild) {
    make_tree();
    fs::create_directories(m_index);
    EXPECT_EQ(index_docs().indexed, 4u);
    EXPECT_EQ(db().get_doccount(), 6u);
    EXPECT_FALSE(fs::exists(schema::first_build_dir(m_index)));
}

TEST_F(IndexRunTest, PositionsAreOnFoldedWords) {
    make_tree();
    (void)index_docs();
    const fs::path f001 = m_docs / "bao-cao" / "001.txt";
    // A word with marks: its folded term holds the positions, the exact one its count.
    std::vector<Xapian::termpos> folded = positions(f001, "XFtuyen");
    ASSERT_EQ(folded.size(), 2u);  // "BAN TUYÊN GIÁO", "tuyên truyền"
    EXPECT_TRUE(positions(f001, "tuyên").empty());
    Xapian::Database d = db();
    Xapian::PostingIterator p = d.postlist_begin("tuyên");
    p.skip_to(doc_for(f001));
    ASSERT_NE(p, d.postlist_end("tuyên"));
    EXPECT_EQ(p.get_wdf(), 2u);
    // Words without marks get no folded twin and keep their positions.
    EXPECT_FALSE(doc_has_term(f001, "XFban"));
    EXPECT_TRUE(doc_has_term(f001, "ban"));
    EXPECT_FALSE(positions(f001, "ban").empty());
    // File name words come after the body.
    const fs::path f000 = m_docs / "bao-cao" / "000 báo cáo kết quả.txt";
    std::vector<Xapian::termpos> name_word = positions(f000, "XFqua");
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

    // The document's own number, read off the header (parse_metadata); 004 only cites one.
    EXPECT_EQ(data_for(f000)["number"], "01-BC/BTC");
    EXPECT_EQ(data_for(f001)["number"], "853-CV/BTGTU");
    EXPECT_EQ(data_for(f003)["number"], "461/KH-UBND");
    EXPECT_FALSE(data_for(f004).contains("number"));
    EXPECT_EQ(data_for(f004)["numbers"], nlohmann::json::array({"19/CT-TTg"}));

    // Own number and cited numbers get their own prefixes; XN keeps every number.
    EXPECT_TRUE(doc_has_term(f000, "XO1-bc/btc"));
    EXPECT_TRUE(doc_has_term(f000, "XOF1-bc/btc"));
    EXPECT_FALSE(doc_has_term(f000, "XC1-bc/btc"));
    EXPECT_TRUE(doc_has_term(f000, "XC152-kh/tu"));
    EXPECT_TRUE(doc_has_term(f000, "XCF152-kh/tu"));
    EXPECT_FALSE(doc_has_term(f000, "XO152-kh/tu"));
    EXPECT_TRUE(doc_has_term(f001, "XO853-cv/btgtu"));
    EXPECT_TRUE(doc_has_term(f003, "XO461/kh-ubnd"));
    EXPECT_TRUE(doc_has_term(f003, "XC22/2003/qh11"));
    EXPECT_TRUE(doc_has_term(f004, "XC19/ct-ttg"));
    for (auto it = d004.termlist_begin(); it != d004.termlist_end(); ++it) {
        EXPECT_FALSE((*it).starts_with("XO")) << *it;
    }
}

TEST_F(IndexRunTest, DataValuesAndBooleanTerms) {
    make_tree();
    (void)index_docs();
    const fs::path f003 = m_docs / "ke-hoach" / "003.txt";
    Xapian::Document doc = db().get_document(doc_for(f003));
    EXPECT_EQ(doc.get_value(schema::kSlotPath), f003.string());
    EXPECT_EQ(doc.get_value(schema::kSlotSize), std::to_string(fs::file_size(f003)));
    EXPECT_FALSE(doc.get_value(schema::kSlotMtime).empty());
    EXPECT_EQ(schema::unpack_text(doc.get_value(schema::kSlotText)).rfind("Số: 461/KH-UBND", 0),
              0u);
    EXPECT_TRUE(doc_has_term(f003, "XTtxt"));
    EXPECT_TRUE(doc_has_term(f003, "Etxt"));
    EXPECT_TRUE(doc_has_term(f003, "XSok"));

    nlohmann::json data = data_for(f003);
    EXPECT_EQ(data["path"], f003.string());
    EXPECT_EQ(data["name"], "003.txt");
    EXPECT_EQ(data["format"], "txt");
    EXPECT_EQ(data["status"], "ok");
    // The type and the subject line (trích yếu), not the file name.
    EXPECT_EQ(data["title"].get<std::string>().rfind("Kế hoạch: Tổ chức phát động phong trào thi "
                                                     "đua cao điểm",
                                                     0),
              0u)
        << data["title"];
    EXPECT_EQ(data["date"], "2022-08-11");
    EXPECT_EQ(data["meta"]["number"], "461/KH-UBND");
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

TEST_F(IndexRunTest, MetadataFieldsAreIndexed) {
    const fs::path f = m_docs / "ke-hoach" / "461-KH-UBND.txt";
    write_file(f, kSeed003Full);
    IndexSummary s = index_docs();
    ASSERT_EQ(s.indexed, 1u) << m_log;

    // Own number and citation.
    EXPECT_TRUE(doc_has_term(f, "XO461/kh-ubnd"));
    EXPECT_TRUE(doc_has_term(f, "XOF461/kh-ubnd"));
    EXPECT_TRUE(doc_has_term(f, "XC22/2003/qh11"));
    EXPECT_TRUE(doc_has_term(f, "XCF22/2003/qh11"));
    EXPECT_TRUE(doc_has_term(f, "XN461/kh-ubnd"));
    EXPECT_TRUE(doc_has_term(f, "XN22/2003/qh11"));
    // Date, type code.
    EXPECT_TRUE(doc_has_term(f, "XY2022"));
    EXPECT_TRUE(doc_has_term(f, "XD20220811"));
    EXPECT_TRUE(doc_has_term(f, "XKCkh"));
    // Type name, exact and folded, positions from 1 within the field on the folded terms.
    EXPECT_TRUE(doc_has_term(f, "XKkế"));
    EXPECT_TRUE(doc_has_term(f, "XKhoạch"));
    EXPECT_TRUE(positions(f, "XKkế").empty());
    EXPECT_EQ(positions(f, "XKFke"), std::vector<Xapian::termpos>{1});
    EXPECT_EQ(positions(f, "XKFhoach"), std::vector<Xapian::termpos>{2});
    // Issuer: "UBND" expanded, so "Ủy ban nhân dân tỉnh" finds it; no abbreviation term.
    for (const char* term : {"XIủy", "XIban", "XInhân", "XIdân", "XItỉnh", "XIđắk", "XInông",
                             "XIFuy", "XIFnhan", "XIFdan", "XIFtinh", "XIFdak", "XIFnong"}) {
        EXPECT_TRUE(doc_has_term(f, term)) << term;
    }
    EXPECT_FALSE(doc_has_term(f, "XIubnd"));
    EXPECT_FALSE(doc_has_term(f, "XIFban"));  // no folded twin for words without marks
    // Signer.
    EXPECT_TRUE(doc_has_term(f, "XGhồ"));
    EXPECT_TRUE(doc_has_term(f, "XGmười"));
    EXPECT_EQ(positions(f, "XGFho"), std::vector<Xapian::termpos>{1});
    EXPECT_EQ(positions(f, "XGFmuoi"), std::vector<Xapian::termpos>{3});
    // Title field = subject line; its words are in the body too.
    EXPECT_TRUE(doc_has_term(f, "Stổ"));
    EXPECT_EQ(positions(f, "SFto"), std::vector<Xapian::termpos>{1});
    EXPECT_TRUE(doc_has_term(f, "Sphong"));
    EXPECT_TRUE(doc_has_term(f, "phong"));
    EXPECT_FALSE(doc_has_term(f, "Squốc"));  // body only
    // No secrecy or urgency stamp on this one.
    Xapian::Document doc = db().get_document(doc_for(f));
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
        EXPECT_FALSE((*t).starts_with("XM") || (*t).starts_with("XW")) << *t;
    }

    EXPECT_EQ(doc.get_value(schema::kSlotDate), "20220811");
    EXPECT_EQ(doc.get_value(schema::kSlotYear), "2022");
    EXPECT_EQ(doc.get_value(schema::kSlotType), "Kế hoạch");
    EXPECT_EQ(doc.get_value(schema::kSlotNumber), "461/KH-UBND");
    EXPECT_EQ(doc.get_value(schema::kSlotIssuer), "UBND TỈNH ĐẮK NÔNG");
    EXPECT_EQ(doc.get_value(schema::kSlotDomain), "");
    EXPECT_EQ(doc.get_value(schema::kSlotSidecar), "");

    nlohmann::json data = data_for(f);
    EXPECT_EQ(data["number"], "461/KH-UBND");
    EXPECT_EQ(data["date"], "2022-08-11");
    EXPECT_EQ(data["title"],
              "Kế hoạch: Tổ chức phát động phong trào thi đua cao điểm chào mừng kỷ niệm 20 năm "
              "ngày thành lập tỉnh Đắk Nông (01/01/2004 - 01/01/2024)");
    EXPECT_EQ(data["meta"]["type"], "Kế hoạch");
    EXPECT_EQ(data["meta"]["signature"]["name"], "Hồ Văn Mười");
    EXPECT_FALSE(data.contains("sidecar"));
}

TEST_F(IndexRunTest, StampsAreBooleanTerms) {
    const fs::path f = m_docs / "12-UBND-VX.txt";
    write_file(
        f,
        "ỦY BAN NHÂN DÂN\nTỈNH ĐẮK LẮK\n\nSố: 12/UBND-VX\nV/v phòng, chống dịch bệnh\n\n"
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n"
        "Đắk Lắk, ngày 03 tháng 6 năm 2024\n\nMẬT\nHỎA TỐC\n\n"
        "Kính gửi: Sở Y tế\n\nỦy ban nhân dân tỉnh đề nghị Sở Y tế khẩn trương triển khai.\n");
    (void)index_docs();
    EXPECT_TRUE(doc_has_term(f, "XMmat"));
    EXPECT_TRUE(doc_has_term(f, "XWhoa-toc"));
    EXPECT_TRUE(doc_has_term(f, "XD20240603"));
    EXPECT_TRUE(doc_has_term(f, "XO12/ubnd-vx"));
}

TEST_F(IndexRunTest, SidecarValuesOverrideAndAreIndexed) {
    const fs::path dir = m_docs / "hien-ke";
    write_file(dir / "hien-ke-01.txt", kProposal1);
    write_file(dir / "hien-ke-02.txt", kProposal2);
    write_file(dir / "hien-ke-03.txt", kProposal3);
    write_file(dir / "manifest.csv", kManifest);
    // The office corrected one proposal's title and date after filling in the sheet.
    write_file(dir / "hien-ke-03.txt.meta.json",
               R"({"tieu_de": "Chi bộ số: sinh hoạt trực tuyến", "ngay": "21/9/2020"})");
    IndexSummary s = index_docs();
    EXPECT_EQ(s.indexed, 3u);
    EXPECT_EQ(s.seen, 3u);         // sidecars are not documents...
    EXPECT_EQ(s.unsupported, 0u);  // ...nor unsupported files
    EXPECT_EQ(s.total_docs, 3u);
    EXPECT_EQ(doc_for(dir / "manifest.csv"), 0u);
    EXPECT_EQ(doc_for(dir / "hien-ke-03.txt.meta.json"), 0u);

    const fs::path p1 = dir / "hien-ke-01.txt";
    // Author, unit (abbreviations expanded), domain, title: fields with positions (on the
    // folded terms).
    EXPECT_TRUE(doc_has_term(p1, "Anguyễn"));
    EXPECT_EQ(positions(p1, "AFnguyen"), std::vector<Xapian::termpos>{1});
    EXPECT_EQ(positions(p1, "AFhang"), std::vector<Xapian::termpos>{3});
    EXPECT_TRUE(doc_has_term(p1, "XUsở"));
    EXPECT_TRUE(doc_has_term(p1, "XUdu"));
    EXPECT_TRUE(doc_has_term(p1, "XUFvan"));
    EXPECT_FALSE(doc_has_term(p1, "XUFdu"));  // no folded twin for words without marks
    EXPECT_TRUE(doc_has_term(p1, "XUlịch"));
    EXPECT_TRUE(doc_has_term(p1, "XLvăn"));
    EXPECT_TRUE(doc_has_term(p1, "XLFhoi"));
    EXPECT_TRUE(doc_has_term(p1, "Scồng"));
    EXPECT_TRUE(doc_has_term(p1, "XY2020"));
    EXPECT_TRUE(doc_has_term(p1, "XD20200715"));
    // The search box finds a proposal by its author too.
    EXPECT_TRUE(doc_has_term(p1, "hằng"));
    EXPECT_TRUE(doc_has_term(p1, "XFhang"));

    const fs::path p2 = dir / "hien-ke-02.txt";
    for (const char* term : {"XUủy", "XUban", "XUnhân", "XUdân", "XUhuyện", "XUcư", "XUFcu"}) {
        EXPECT_TRUE(doc_has_term(p2, term)) << term;
    }
    EXPECT_FALSE(doc_has_term(p2, "XUubnd"));
    EXPECT_TRUE(doc_has_term(p2, "XLkinh"));
    EXPECT_TRUE(doc_has_term(p2, "XLFte"));
    EXPECT_TRUE(doc_has_term(p2, "Aêban"));
    EXPECT_TRUE(doc_has_term(p2, "AFeban"));
    Xapian::Document d2 = db().get_document(doc_for(p2));
    EXPECT_EQ(d2.get_value(schema::kSlotDomain), "kinh tế");
    EXPECT_EQ(d2.get_value(schema::kSlotDate), "20200803");
    EXPECT_EQ(d2.get_value(schema::kSlotYear), "2020");
    EXPECT_FALSE(d2.get_value(schema::kSlotSidecar).empty());
    nlohmann::json data2 = data_for(p2);
    EXPECT_EQ(data2["title"], "Thương hiệu cà phê Buôn Ma Thuột");
    EXPECT_EQ(data2["date"], "2020-08-03");
    EXPECT_EQ(data2["meta"]["author"], "Y Bhim Êban");
    EXPECT_EQ(data2["meta"]["unit"], "UBND huyện Cư M'gar");
    EXPECT_EQ(data2["meta"]["domain"], "kinh tế");
    EXPECT_EQ(data2["sidecar"]["source"], (dir / "manifest.csv").string());

    // The .meta.json wins over the manifest for the keys it has.
    const fs::path p3 = dir / "hien-ke-03.txt";
    nlohmann::json data3 = data_for(p3);
    EXPECT_EQ(data3["title"], "Chi bộ số: sinh hoạt trực tuyến");
    EXPECT_EQ(data3["date"], "2020-09-21");
    EXPECT_EQ(data3["meta"]["author"], "Trần Văn Hùng");
    EXPECT_EQ(data3["sidecar"]["source"], (dir / "hien-ke-03.txt.meta.json").string());
    EXPECT_TRUE(doc_has_term(p3, "XD20200921"));
    EXPECT_FALSE(doc_has_term(p3, "XD20200920"));
    EXPECT_TRUE(doc_has_term(p3, "Strực"));
    EXPECT_FALSE(doc_has_term(p3, "Schuyển"));
    EXPECT_TRUE(doc_has_term(p3, "XLđảng"));
    EXPECT_TRUE(doc_has_term(p3, "XUkrông"));

    // Nothing changed: nothing is re-read, sidecars included.
    s = index_docs();
    EXPECT_EQ(s.indexed, 0u);
    EXPECT_EQ(s.unchanged, 3u);
    EXPECT_EQ(m_log, "nothing to do: 3 files unchanged\n");
}

TEST_F(IndexRunTest, ChangedManifestReindexesTheFilesWhoseRowsChanged) {
    const fs::path dir = m_docs / "hien-ke";
    write_file(dir / "hien-ke-01.txt", kProposal1);
    write_file(dir / "hien-ke-02.txt", kProposal2);
    write_file(dir / "hien-ke-03.txt", kProposal3);
    write_file(dir / "manifest.csv", kManifest);
    (void)index_docs();
    const fs::path p1 = dir / "hien-ke-01.txt";
    const fs::path p2 = dir / "hien-ke-02.txt";
    const fs::path p3 = dir / "hien-ke-03.txt";
    EXPECT_TRUE(doc_has_term(p2, "XLkinh"));

    // Row 2 gets another field; row 3 disappears; row 1 is untouched.
    std::string csv = kManifest;
    csv.replace(csv.find(",kinh tế,"), std::string(",kinh tế,").size(), ",nông nghiệp,");
    csv.erase(csv.find("hien-ke-03.txt"));
    write_file(dir / "manifest.csv", csv);
    IndexSummary s = index_docs();
    EXPECT_EQ(s.indexed, 2u);
    EXPECT_EQ(s.unchanged, 1u);
    EXPECT_FALSE(doc_has_term(p2, "XLkinh"));
    EXPECT_TRUE(doc_has_term(p2, "XLnông"));
    EXPECT_EQ(db().get_document(doc_for(p2)).get_value(schema::kSlotDomain), "nông nghiệp");
    EXPECT_FALSE(doc_has_term(p3, "Atrần"));
    EXPECT_EQ(db().get_document(doc_for(p3)).get_value(schema::kSlotSidecar), "");
    EXPECT_FALSE(data_for(p3).contains("sidecar"));
    EXPECT_TRUE(doc_has_term(p1, "Anguyễn"));

    // A new .meta.json re-indexes its file only.
    write_file(dir / "hien-ke-01.meta.json", R"({"author": "Nguyễn Thị Thu Hằng"})");
    s = index_docs();
    EXPECT_EQ(s.indexed, 1u);
    EXPECT_TRUE(doc_has_term(p1, "Athu"));
    // Removing it goes back to the manifest row.
    fs::remove(dir / "hien-ke-01.meta.json");
    s = index_docs();
    EXPECT_EQ(s.indexed, 1u);
    EXPECT_FALSE(doc_has_term(p1, "Athu"));
}

TEST_F(IndexRunTest, BrokenSidecarIsOneWarningAndTheFileIsStillIndexed) {
    const fs::path dir = m_docs / "hien-ke";
    write_file(dir / "hien-ke-01.txt", kProposal1);
    write_file(dir / "hien-ke-02.txt", kProposal2);
    write_file(dir / "manifest.csv", "file,title\nhien-ke-01.txt,\"never closed\n");
    write_file(dir / "hien-ke-02.meta.json", "{\"title\": ");
    IndexSummary s = index_docs();
    EXPECT_EQ(s.indexed, 2u);
    EXPECT_TRUE(s.failed.empty());
    const std::string manifest_warning = (dir / "manifest.csv").string() +
                                         ": warning: line 2: a quoted field is never closed; the "
                                         "manifest is ignored\n";
    const std::size_t at = m_log.find(manifest_warning);
    ASSERT_NE(at, std::string::npos) << m_log;
    EXPECT_EQ(m_log.find(manifest_warning, at + 1), std::string::npos) << m_log;  // once
    EXPECT_NE(m_log.find((dir / "hien-ke-02.meta.json").string() + ": warning: not valid JSON"),
              std::string::npos)
        << m_log;
    EXPECT_TRUE(doc_has_term(dir / "hien-ke-02.txt", "cà"));
    nlohmann::json data = data_for(dir / "hien-ke-02.txt");
    EXPECT_EQ(data["title"], "hien-ke-02.txt");
    ASSERT_TRUE(data["sidecar"]["warnings"].is_array());
    EXPECT_EQ(data["sidecar"]["warnings"].size(), 2u);

    // Recorded, so not said again until something changes...
    s = index_docs();
    EXPECT_EQ(s.indexed, 0u);
    EXPECT_EQ(m_log.find("warning"), std::string::npos) << m_log;
    // ...and fixing the manifest re-indexes with its values.
    write_file(dir / "manifest.csv", "file,title\nhien-ke-01.txt,\"Du lịch, cồng chiêng\"\n");
    s = index_docs();
    EXPECT_EQ(s.indexed, 2u);  // both lose the manifest warning
    EXPECT_EQ(data_for(dir / "hien-ke-01.txt")["title"], "Du lịch, cồng chiêng");
}

TEST_F(IndexRunTest, FailedFileKeepsItsSidecarValues) {
    const fs::path dir = m_docs / "hien-ke";
    write_file(dir / "hien-ke-09.txt", kTcvn3);
    write_file(dir / "manifest.csv",
               "file,title,author\nhien-ke-09.txt,Đề xuất về giao thông nông thôn,Lê Văn Tâm\n");
    IndexSummary s = index_docs();
    ASSERT_EQ(s.failed.size(), 1u);
    const fs::path f = dir / "hien-ke-09.txt";
    EXPECT_TRUE(doc_has_term(f, "XSfailed"));
    EXPECT_TRUE(doc_has_term(f, "Atâm"));
    EXPECT_TRUE(doc_has_term(f, "Sgiao"));
    EXPECT_TRUE(doc_has_term(f, "tâm"));
    nlohmann::json data = data_for(f);
    EXPECT_EQ(data["title"], "Đề xuất về giao thông nông thôn");
    EXPECT_EQ(data["error"]["code"], "encoding");
    // Unchanged file and sidecar: the failure stands, not retried.
    s = index_docs();
    EXPECT_EQ(s.still_failed, 1u);
    EXPECT_TRUE(s.failed.empty());
}

// Golden table for corpus/proposals (scripts/make_proposals.py): file -> what it must produce.
TEST_F(IndexRunTest, CorpusProposals) {
    const fs::path dir = fs::path(VANTHU_SOURCE_DIR) / "corpus" / "proposals";
    if (!fs::exists(dir / "manifest.csv")) GTEST_SKIP() << "no " << dir;
    IndexSummary s = index({dir});
    EXPECT_TRUE(s.failed.empty()) << m_log;
    EXPECT_EQ(s.unsupported, 0u);  // manifest.csv and the .meta.json are sidecars
    EXPECT_EQ(m_log.find("warning"), std::string::npos) << m_log;

    struct Golden {
        const char* file;
        const char* title;
        const char* date;
        std::vector<const char*> terms;
    };
    const std::vector<Golden> golden = {
        {"hien-ke-01-du-lich-cong-dong.txt",
         "Phát triển du lịch cộng đồng gắn với bảo tồn Không gian văn hóa cồng chiêng",
         "2020-07-15",
         {"Ahằng", "XUsở", "XUlịch", "XLvăn", "XLFhoi", "Schiêng", "XD20200715", "XY2020"}},
        {"hien-ke-03-sau-rieng.txt",
         "Quy hoạch vùng trồng sầu riêng đạt chuẩn xuất khẩu tại huyện Krông Pắc",
         "2020-08-12",
         {"Atâm", "XUkrông", "XUFpac", "XLkinh", "Ssầu", "XD20200812"}},
        {"hien-ke-05-tu-sach-cong-dong.txt",
         "Tủ sách cộng đồng và thư viện số cho các buôn đồng bào dân tộc thiểu số",
         "2020-09-05",
         {"Amai", "XUsở", "XLvăn", "Sthư", "XD20200905"}},
        {"hien-ke-06-ket-noi-khanh-hoa.txt",
         "Kết nối giao thông và du lịch giữa Đắk Lắk và Khánh Hòa",
         "2020-09-25",
         {"Aquân", "XUkhánh", "XUFhoa", "XLkinh", "XD20200925"}},
        {"hien-ke-07-do-thi-van-minh.txt",
         "Một số hiến kế về đô thị Buôn Ma Thuột xanh, sạch, văn minh",
         "2020-09-28",
         {"Alan", "XUphường", "XUthuột", "XLnhiều", "XLFvuc", "XD20200928"}},
#ifdef VANTHU_HAVE_DOCX
        {"hien-ke-02-ca-phe-dac-san.docx",
         "Xây dựng thương hiệu cà phê đặc sản Cư M'gar gắn với chỉ dẫn địa lý \"Buôn Ma Thuột\"",
         "2020-08-03",
         {"Aniê", "XUủy", "XUnhân", "XUcư", "XLkinh", "Sphê", "XD20200803"}},
        {"hien-ke-04-sinh-hoat-chi-bo.docx",
         "Nâng cao chất lượng sinh hoạt chi bộ thôn, buôn bằng ứng dụng công nghệ thông tin",
         "2020-09-20",
         {"Ahùng", "XUhuyện", "XUủy", "XLđảng", "XLFdang", "Schi", "XD20200920"}},
#endif
    };
    for (const auto& g : golden) {
        SCOPED_TRACE(g.file);
        const fs::path f = dir / g.file;
        nlohmann::json data = data_for(f);
        ASSERT_TRUE(data.is_object());
        EXPECT_EQ(data["title"], g.title);
        EXPECT_EQ(data["date"], g.date);
        ASSERT_TRUE(data.contains("sidecar"));
        for (const char* term : g.terms) EXPECT_TRUE(doc_has_term(f, term)) << term;
        EXPECT_FALSE(doc_has_term(f, "XUubnd"));
    }
    EXPECT_EQ(data_for(dir / "hien-ke-05-tu-sach-cong-dong.txt")["sidecar"]["source"],
              (dir / "hien-ke-05-tu-sach-cong-dong.txt.meta.json").string());
    EXPECT_EQ(data_for(dir / "hien-ke-01-du-lich-cong-dong.txt")["sidecar"]["source"],
              (dir / "manifest.csv").string());
    nlohmann::json unlisted = data_for(dir / "gop-y-nuoc-sach.txt");
    EXPECT_EQ(unlisted["title"], "gop-y-nuoc-sach.txt");
    EXPECT_FALSE(unlisted.contains("sidecar"));
    EXPECT_TRUE(doc_has_term(dir / "gop-y-nuoc-sach.txt", "bình"));
    EXPECT_EQ(doc_for(dir / "manifest.csv"), 0u);
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

TEST(DisplayTitle, SidecarTitleElseTypeAndSubjectElseFallback) {
    using vanthu::indexer::display_title;
    vanthu::indexer::DocMeta meta;
    EXPECT_EQ(display_title(meta, "a.pdf"), "a.pdf");
    meta.subject = "một số kết quả triển khai Cuộc vận động";
    EXPECT_EQ(display_title(meta, "a.pdf"), "Một số kết quả triển khai Cuộc vận động");
    meta.type = "Báo cáo";
    EXPECT_EQ(display_title(meta, "a.pdf"), "Báo cáo: Một số kết quả triển khai Cuộc vận động");
    meta.subject = "đẩy mạnh\n tuyên truyền";
    EXPECT_EQ(display_title(meta, "a.pdf"), "Báo cáo: Đẩy mạnh tuyên truyền");
    meta.subject = "ủy quyền";
    EXPECT_EQ(display_title(meta, "a.pdf"), "Báo cáo: Ủy quyền");
    // A subject that already starts with its type is not prefixed again.
    meta.type = "Kế hoạch";
    meta.subject = "Kế hoạch tuyên truyền";
    EXPECT_EQ(display_title(meta, "a.pdf"), "Kế hoạch tuyên truyền");
    // Long subjects are cut at a word boundary.
    meta.subject = "";
    for (int i = 0; i < 60; ++i) meta.subject += "tuyên truyền ";
    std::string cut = display_title(meta, "a.pdf");
    EXPECT_TRUE(cut.ends_with("truyền\u2026") || cut.ends_with("tuyên\u2026")) << cut;
    EXPECT_LT(cut.size(), 260u);
    meta.title = "Tiêu đề từ phiếu";
    EXPECT_EQ(display_title(meta, "a.pdf"), "Tiêu đề từ phiếu");
}

TEST(IssuerDisplay, UnitThenParent) {
    vanthu::indexer::DocMeta meta;
    EXPECT_EQ(vanthu::indexer::issuer_display(meta), "");
    meta.issuer_parent = "TỈNH ỦY ĐẮK LẮK";
    EXPECT_EQ(vanthu::indexer::issuer_display(meta), "TỈNH ỦY ĐẮK LẮK");
    meta.issuer = "BAN TUYÊN  GIÁO";
    EXPECT_EQ(vanthu::indexer::issuer_display(meta), "BAN TUYÊN GIÁO \u2013 TỈNH ỦY ĐẮK LẮK");
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
