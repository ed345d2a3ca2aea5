// Robustness of `vanthu index`, with the real binary: every file of corpus/broken (and the
// cases that cannot live in git, made here in a copy) gets its expected reason; the per-file
// limits trip with their flags and a re-run with --retry-failed recovers; SIGKILL at random
// moments never leaves an index that does not open, that lost committed documents or that
// holds one twice; a second indexer on the same index fails fast.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "vanthu/core/schema.hpp"

namespace {

namespace fs = std::filesystem;
namespace schema = vanthu::schema;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

const fs::path kSource = VANTHU_SOURCE_DIR;
const fs::path kBinary = VANTHU_BINARY;
constexpr uid_t kNobody = 65534;

std::string read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void write_file(const fs::path& p, const std::string& data) {
    std::ofstream out(p, std::ios::binary);
    out << data;
}

class TempDir {
  public:
    TempDir() {
        std::string templ = (fs::temp_directory_path() / "vanthu-crash-XXXXXX").string();
        if (mkdtemp(templ.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
        m_path = templ;
    }
    ~TempDir() {
        std::error_code ec;
        // Files made unreadable on purpose must not stop the clean-up.
        for (auto it = fs::recursive_directory_iterator(m_path, ec);
             it != fs::recursive_directory_iterator(); it.increment(ec)) {
            ::chmod(it->path().c_str(), 0700);
        }
        fs::remove_all(m_path, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    [[nodiscard]] const fs::path& path() const { return m_path; }

  private:
    fs::path m_path;
};

// Root reads every file, and CI runs as root: there the indexer runs as "nobody" on a tree
// handed over to it, so that an unreadable file is unreadable.
bool as_root() { return ::geteuid() == 0; }

void hand_over(const fs::path& dir) {
    if (!as_root()) return;
    ASSERT_EQ(::lchown(dir.c_str(), kNobody, kNobody), 0) << dir;
    for (const auto& e : fs::recursive_directory_iterator(dir)) {
        ASSERT_EQ(::lchown(e.path().c_str(), kNobody, kNobody), 0) << e.path();
    }
}

// A running `vanthu` (stdout and stderr to files in `scratch`).
struct Child {
    pid_t pid = -1;
    fs::path out_file, err_file;
};

Child spawn(const std::vector<std::string>& args, const fs::path& scratch, bool drop_root) {
    Child c;
    c.out_file = scratch / ("stdout-" + std::to_string(::getpid()));
    c.err_file = scratch / ("stderr-" + std::to_string(::getpid()));
    std::vector<std::string> argv_strings{kBinary.string()};
    argv_strings.insert(argv_strings.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : argv_strings) argv.push_back(a.data());
    argv.push_back(nullptr);
    const pid_t pid = ::fork();
    if (pid == 0) {
        const int in = ::open("/dev/null", O_RDONLY);
        const int out = ::open(c.out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0666);
        const int err = ::open(c.err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0666);
        if (in < 0 || out < 0 || err < 0) ::_exit(120);
        ::dup2(in, STDIN_FILENO);
        ::dup2(out, STDOUT_FILENO);
        ::dup2(err, STDERR_FILENO);
        if (drop_root && as_root() && (::setgid(kNobody) != 0 || ::setuid(kNobody) != 0)) {
            ::_exit(121);
        }
        ::execv(argv[0], argv.data());
        ::_exit(122);
    }
    c.pid = pid;
    return c;
}

struct RunResult {
    bool exited = false;
    int status = -1;
    int signal = 0;
    std::string out, err;
    double seconds = 0;
};

RunResult wait_for(const Child& c, Clock::time_point started) {
    int wstatus = 0;
    while (::waitpid(c.pid, &wstatus, 0) < 0 && errno == EINTR) {
    }
    RunResult r;
    r.exited = WIFEXITED(wstatus);
    r.status = r.exited ? WEXITSTATUS(wstatus) : -1;
    r.signal = WIFSIGNALED(wstatus) ? WTERMSIG(wstatus) : 0;
    r.out = read_file(c.out_file);
    r.err = read_file(c.err_file);
    r.seconds = std::chrono::duration<double>(Clock::now() - started).count();
    return r;
}

RunResult run(const std::vector<std::string>& args, const fs::path& scratch,
              bool drop_root = false) {
    const auto started = Clock::now();
    return wait_for(spawn(args, scratch, drop_root), started);
}

// The children of `pid` (the extraction workers of an indexer).
std::vector<pid_t> children_of(pid_t pid) {
    std::istringstream in(
        read_file("/proc/" + std::to_string(pid) + "/task/" + std::to_string(pid) + "/children"));
    std::vector<pid_t> out;
    for (pid_t p = 0; in >> p;) out.push_back(p);
    return out;
}

bool wait_for_children(pid_t pid, std::chrono::seconds limit) {
    const auto deadline = Clock::now() + limit;
    while (Clock::now() < deadline) {
        if (!children_of(pid).empty()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
}

// What the index says about each file: "ok", or the recorded error code.
struct Record {
    std::string code;
    std::string text;  // kSlotText
    std::string size;  // kSlotSize
};

// What a run left in `index`: its database, with the parts a first build's jobs commit there
// ("parts/<n>", docs/operations.md) until the build ends. A part killed before its first commit
// holds nothing yet.
Xapian::Database open_written(const fs::path& index) {
    Xapian::Database db(index.string());
    std::error_code ec;
    for (fs::directory_iterator it(index / "parts", ec), end; !ec && it != end; it.increment(ec)) {
        if (fs::exists(it->path() / "iamglass")) {
            db.add_database(Xapian::Database(it->path().string()));
        }
    }
    return db;
}

std::map<std::string, Record> records(const fs::path& index) {
    std::map<std::string, Record> out;
    const Xapian::Database db = open_written(index);
    for (auto p = db.postlist_begin(""); p != db.postlist_end(""); ++p) {
        const Xapian::Document doc = db.get_document(*p);
        const json data = json::parse(doc.get_data(), nullptr, false);
        Record r;
        r.code = data.value("status", "") == "ok"
                     ? "ok"
                     : data.value("error", json::object()).value("code", std::string("?"));
        r.text = schema::unpack_text(doc.get_value(schema::kSlotText));
        r.size = doc.get_value(schema::kSlotSize);
        out[doc.get_value(schema::kSlotPath)] = r;
    }
    return out;
}

// The reason printed for `path` ("PATH: skipped: REASON"), or "" when none was.
std::string skip_reason(const std::string& err, const std::string& path) {
    const std::string prefix = path + ": skipped: ";
    const std::size_t at = err.find(prefix);
    if (at == std::string::npos) return {};
    const std::size_t eol = err.find('\n', at);
    return err.substr(at + prefix.size(), eol - at - prefix.size());
}

class Robustness : public ::testing::Test {
  protected:
    void SetUp() override {
        if (!fs::is_regular_file(kBinary)) GTEST_SKIP() << "vanthu was not built: " << kBinary;
        m_tree = m_tmp.path() / "tree";
        m_index = m_tmp.path() / "index";
        fs::create_directories(m_tree);
        fs::create_directories(m_index);
        if (as_root()) {
            // nobody must reach the scratch folder, the tree and the index.
            ::chmod(m_tmp.path().c_str(), 0777);
        }
    }

    TempDir m_tmp;
    fs::path m_tree;
    fs::path m_index;
};

// ---- corpus/broken ------------------------------------------------------------------------

TEST_F(Robustness, EveryBrokenFileGetsItsExpectedReason) {
    const json expected = json::parse(read_file(kSource / "corpus/broken/expected.json"));
    // Every file in the folder has an expectation, and every expectation a file.
    std::set<std::string> in_folder;
    for (const auto& e : fs::directory_iterator(kSource / "corpus/broken")) {
        if (e.path().filename() == "expected.json") continue;
        in_folder.insert(e.path().filename().string());
        fs::copy_file(e.path(), m_tree / e.path().filename());
    }
    std::set<std::string> listed;
    for (const auto& [name, _] : expected.at("files").items()) listed.insert(name);
    EXPECT_EQ(in_folder, listed) << "corpus/broken and corpus/broken/expected.json disagree";

    // The cases made at run time.
    write_file(m_tree / "unreadable.txt", "Văn bản không đọc được.\n");
    ::chmod((m_tree / "unreadable.txt").c_str(), 0);
    fs::create_symlink("link-loop.txt", m_tree / "link-loop.txt");
    fs::create_directory_symlink(".", m_tree / "loop");
    write_file(m_tree / "zz-changes.txt", "Văn bản thay đổi trong khi đọc.\n");
    write_file(m_tree / "zz-vanishes.txt", "Văn bản biến mất trong khi đọc.\n");
    const std::string latin_name = "t\xEAn.txt";  // "tên.txt" in windows-1258 bytes
    write_file(m_tree / latin_name, "Tên tệp không phải UTF-8 vẫn được lập chỉ mục.\n");
    hand_over(m_tmp.path());

    // One extraction at a time, in file-name order: endless-forms.pdf keeps the worker busy
    // for 8 s while the zz- files are changed and deleted. (The zip bomb is inflated up to its
    // cap within the same limit: about 2 s under ASan on an idle machine, more under load.)
    const auto started = Clock::now();
    const Child child = spawn({"index", m_tree.string(), "--index", m_index.string(),
                               "--no-progress", "--jobs", "1", "--timeout", "8"},
                              m_tmp.path(), /*drop_root=*/true);
    ASSERT_TRUE(wait_for_children(child.pid, std::chrono::seconds(60)))
        << "the indexer started no extraction worker";
    std::this_thread::sleep_for(std::chrono::milliseconds(1000));
    {
        std::ofstream more(m_tree / "zz-changes.txt", std::ios::app);
        more << "Một dòng thêm.\n";
    }
    fs::remove(m_tree / "zz-vanishes.txt");
    const RunResult r = wait_for(child, started);
    ASSERT_TRUE(r.exited) << "signal " << r.signal << "\n" << r.err;
    EXPECT_EQ(r.status, 1) << r.err;

    const auto recorded = records(m_index);
    auto check = [&](const std::string& name, const json& want) {
        SCOPED_TRACE(name);
        const std::string path = (m_tree / name).string();
        const std::string code = want.at("code");
        const std::string reason = skip_reason(r.err, path);
        const auto rec = recorded.find(path);
        if (code == "ok") {
            ASSERT_NE(rec, recorded.end()) << "not indexed\n" << r.err;
            EXPECT_EQ(rec->second.code, "ok") << reason;
            EXPECT_TRUE(reason.empty()) << reason;
            return;
        }
        EXPECT_NE(reason.find(want.value("message", "")), std::string::npos)
            << "reason [" << reason << "], want [" << want.value("message", "") << "]\n"
            << r.err;
        if (code == "symlink-loop" || code == "vanished") {
            // Nothing to record: there is no file to find by its name.
            EXPECT_EQ(rec, recorded.end());
        } else {
            ASSERT_NE(rec, recorded.end()) << "no record in the index";
            EXPECT_EQ(rec->second.code, code) << reason;
        }
    };
    for (const auto& [name, want] : expected.at("files").items()) check(name, want);
    const json& made = expected.at("made_at_run_time");
    if (as_root() || ::access((m_tree / "unreadable.txt").c_str(), R_OK) != 0) {
        check("unreadable.txt", made.at("unreadable.txt"));
    }
    check("link-loop.txt", made.at("link-loop.txt"));
    check("zz-changes.txt", made.at("zz-changes.txt"));
    check("zz-vanishes.txt", made.at("zz-vanishes.txt"));
    check(latin_name, made.at("non-utf8-name"));
    // The folder link is not followed: no file is indexed twice.
    for (const auto& [path, _] : recorded) {
        EXPECT_EQ(path.find("/loop/"), std::string::npos) << path;
    }
    // The run went on to the end and said how many failed.
    EXPECT_NE(r.err.find("failed " + std::to_string(expected.at("files").size() + 4)),
              std::string::npos)
        << r.err;
    // Killed workers were replaced, not leaked, and the timeout did not stall the run.
    EXPECT_LT(r.seconds, 60) << r.err;
}

// ---- limits and recovery ------------------------------------------------------------------

TEST_F(Robustness, LimitFlagsTripAndRetryFailedRecovers) {
    for (const char* name : {"000.pdf", "000.docx", "000.txt"}) {
        fs::copy_file(kSource / "corpus/seeds" / name, m_tree / name);
    }
    std::string big = "Văn bản lớn.\n";
    while (big.size() < (2u << 20)) big += big;
    write_file(m_tree / "big.txt", big);
    const std::vector<std::string> base{"index", m_tree.string(), "--index", m_index.string(),
                                        "--no-progress"};
    std::vector<std::string> args = base;
    args.insert(args.end(), {"--max-pages", "1", "--max-zip-entries", "3", "--max-file-size", "1"});
    const RunResult tight = run(args, m_tmp.path());
    ASSERT_TRUE(tight.exited) << tight.err;
    EXPECT_EQ(tight.status, 1) << tight.err;
    auto rec = records(m_index);
    EXPECT_EQ(rec[(m_tree / "000.pdf").string()].code, "too-large");
    EXPECT_NE(skip_reason(tight.err, (m_tree / "000.pdf").string()).find("pages"),
              std::string::npos)
        << tight.err;
    EXPECT_EQ(rec[(m_tree / "000.docx").string()].code, "too-large");
    EXPECT_NE(skip_reason(tight.err, (m_tree / "000.docx").string()).find("entries"),
              std::string::npos)
        << tight.err;
    EXPECT_EQ(rec[(m_tree / "big.txt").string()].code, "too-large");
    EXPECT_EQ(rec[(m_tree / "000.txt").string()].code, "ok");

    // Unchanged failures are not retried...
    const RunResult again = run(base, m_tmp.path());
    EXPECT_EQ(again.err.find("skipped"), std::string::npos) << again.err;
    EXPECT_NE(again.err.find("3 failed earlier, not retried"), std::string::npos) << again.err;
    // ...unless asked to, with the default limits.
    args = base;
    args.push_back("--retry-failed");
    const RunResult retry = run(args, m_tmp.path());
    EXPECT_TRUE(retry.exited && retry.status == 0) << retry.err;
    for (const auto& [path, r] : records(m_index)) EXPECT_EQ(r.code, "ok") << path;
}

TEST_F(Robustness, MemoryLimitStopsARunawayExtraction) {
    // With the inflation limit raised, zip-bomb.docx would take 1 GiB; 256 MB stops it.
    fs::copy_file(kSource / "corpus/broken/zip-bomb.docx", m_tree / "zip-bomb.docx");
    fs::copy_file(kSource / "corpus/seeds/001.txt", m_tree / "001.txt");
    const RunResult r = run({"index", m_tree.string(), "--index", m_index.string(), "--no-progress",
                             "--jobs", "1", "--max-uncompressed", "4096", "--max-memory", "256"},
                            m_tmp.path());
    ASSERT_TRUE(r.exited) << r.err;
    EXPECT_EQ(r.status, 1) << r.err;
    const std::string bomb = (m_tree / "zip-bomb.docx").string();
    EXPECT_NE(skip_reason(r.err, bomb).find("256 MB of memory (--max-memory)"), std::string::npos)
        << r.err;
    auto rec = records(m_index);
    EXPECT_EQ(rec[bomb].code, "memory");
    EXPECT_EQ(rec[(m_tree / "001.txt").string()].code, "ok");
}

// ---- the index lock -----------------------------------------------------------------------

TEST_F(Robustness, SecondIndexerFailsFastWithAClearMessage) {
    fs::copy_file(kSource / "corpus/broken/endless-forms.pdf", m_tree / "endless-forms.pdf");
    const auto started = Clock::now();
    const Child first = spawn(
        {"index", m_tree.string(), "--index", m_index.string(), "--no-progress", "--timeout", "30"},
        m_tmp.path(), false);
    ASSERT_TRUE(wait_for_children(first.pid, std::chrono::seconds(60)));
    // The first one now holds the lock and reads a file that takes 30 s.
    fs::path scratch2 = m_tmp.path() / "second";
    fs::create_directories(scratch2);
    const RunResult second =
        run({"index", m_tree.string(), "--index", m_index.string(), "--no-progress"}, scratch2);
    EXPECT_TRUE(second.exited);
    EXPECT_EQ(second.status, 2) << second.err;
    EXPECT_NE(second.err.find("another `vanthu index` is writing to"), std::string::npos)
        << second.err;
    EXPECT_LT(second.seconds, 10.0);
    ::kill(first.pid, SIGKILL);
    (void)wait_for(first, started);
    // Killed, the first one leaves the lock free (its workers die with it).
    const RunResult third = run({"index", (kSource / "corpus/seeds/000.txt").string(), "--index",
                                 m_index.string(), "--no-progress"},
                                scratch2);
    EXPECT_TRUE(third.exited && third.status == 0) << third.err;
}

// ---- SIGKILL at random moments ------------------------------------------------------------

// Hundreds of small files: text with a marker of its own, and copies of the seed DOCX files.
std::set<std::string> make_tree(const fs::path& root) {
    std::set<std::string> paths;
    const std::vector<std::string> docx = {"000", "001", "002", "003", "004"};
    for (int i = 0; i < 360; ++i) {
        const fs::path dir = root / ("thu-muc-" + std::to_string(i % 7));
        fs::create_directories(dir);
        fs::path file;
        if (i % 4 == 3) {
            file = dir / ("van-ban-" + std::to_string(i) + ".docx");
            fs::copy_file(kSource / "corpus/seeds" / (docx[i % 5] + ".docx"), file);
        } else {
            file = dir / ("van-ban-" + std::to_string(i) + ".txt");
            write_file(file, "Kế hoạch số " + std::to_string(i) +
                                 "-KH/TU về tuyên truyền, mã kiểm tra dauvet" + std::to_string(i) +
                                 ".\nĐắk Lắk, ngày 30 tháng 10 năm 2020\n");
        }
        paths.insert(fs::canonical(file).string());
    }
    return paths;
}

// Checks what any killed run must leave; returns the number of documents.
std::size_t check_consistent(const fs::path& index, const std::map<std::string, Record>& reference,
                             const std::string& context) {
    SCOPED_TRACE(context);
    Xapian::Database db;
    try {
        db = open_written(index);
    } catch (const Xapian::Error& e) {
        ADD_FAILURE() << "the index does not open: " << e.get_description();
        return 0;
    }
    std::size_t uids = 0;
    const std::string uid_prefix(schema::kPrefixUid);
    for (auto t = db.allterms_begin(uid_prefix); t != db.allterms_end(uid_prefix); ++t) {
        ++uids;
        EXPECT_EQ(t.get_termfreq(), 1u) << "a file indexed twice: " << *t;
    }
    EXPECT_EQ(uids, db.get_doccount()) << "documents without a unique id";
    for (const auto& [path, rec] : records(index)) {
        const auto want = reference.find(path);
        if (want == reference.end()) {
            ADD_FAILURE() << "a document for no file: " << path;
            continue;
        }
        EXPECT_EQ(rec.code, "ok") << path;
        EXPECT_EQ(rec.size, want->second.size) << path;
        EXPECT_EQ(rec.text, want->second.text) << "stored text differs: " << path;
    }
    return db.get_doccount();
}

TEST_F(Robustness, SigkillAtRandomMomentsLosesAndDuplicatesNothing) {
    const std::set<std::string> files = make_tree(m_tree);
    constexpr int kBatch = 7;
    auto index_args = [&](const fs::path& index) {
        return std::vector<std::string>{"index",
                                        m_tree.string(),
                                        "--index",
                                        index.string(),
                                        "--no-progress",
                                        "--jobs",
                                        "2",
                                        "--batch",
                                        std::to_string(kBatch)};
    };

    // The reference: one uninterrupted run.
    const fs::path reference_index = m_tmp.path() / "reference";
    const RunResult clean = run(index_args(reference_index), m_tmp.path());
    ASSERT_TRUE(clean.exited && clean.status == 0) << clean.err;
    const auto reference = records(reference_index);
    ASSERT_EQ(reference.size(), files.size());
    for (const auto& path : files) {
        ASSERT_EQ(reference.count(path), 1u) << path;
        if (path.ends_with(".txt")) {
            const std::string stem = fs::path(path).stem().string();
            const std::string marker = "dauvet" + stem.substr(stem.rfind('-') + 1);
            EXPECT_NE(reference.at(path).text.find(marker), std::string::npos) << path;
        }
    }

    std::uint32_t seed = static_cast<std::uint32_t>(std::random_device{}());
    if (const char* s = std::getenv("VANTHU_CRASH_SEED")) {
        seed = static_cast<std::uint32_t>(std::stoul(s));
    }
    std::cout << "[ crash    ] seed " << seed << " (set VANTHU_CRASH_SEED to repeat), full run "
              << clean.seconds << " s\n";
    std::mt19937 rng(seed);
    // A kill is drawn at a random moment before the run would end. The two kinds of run (a
    // first build of every file, and adding half of them back in place) take different times,
    // and a later run may be faster than the reference (warm caches), so each kind has its own
    // bound, shortened whenever a kill came too late to land in the middle of the work.
    enum Kind { kFirstBuild = 0, kAddBack = 1 };
    double bound[2] = {std::max(0.2, clean.seconds * 0.9), std::max(0.2, clean.seconds * 0.6)};
    Kind kind = kFirstBuild;  // the index folder starts empty

    std::size_t before = 0;
    bool start_over = false;
    int mid_run = 0;
    constexpr int kKills = 8, kMaxKills = 20, kMidRunWanted = 3;
    for (int kill = 1; kill <= kKills || (mid_run < kMidRunWanted && kill <= kMaxKills); ++kill) {
        if (before == files.size()) {
            // Complete: make work for the next run, so that the kill lands in it. In turn, a
            // first build from nothing (written in "<index>.partial") and a run adding the
            // documents of every other file back into the index in place.
            if (start_over) {
                fs::remove_all(m_index);
                fs::remove_all(schema::first_build_dir(m_index));
                fs::create_directories(m_index);
                before = 0;
                kind = kFirstBuild;
            } else {
                Xapian::WritableDatabase db(m_index.string());
                std::vector<Xapian::docid> drop;
                std::size_t k = 0;
                for (auto p = db.postlist_begin(""); p != db.postlist_end(""); ++p) {
                    if (k++ % 2 == 0) drop.push_back(*p);
                }
                for (Xapian::docid id : drop) db.delete_document(id);
                db.commit();
                before = db.get_doccount();
                kind = kAddBack;
            }
            start_over = !start_over;
        }
        const double delay = std::uniform_real_distribution<double>(0.05, bound[kind])(rng);
        const auto started = Clock::now();
        const Child child = spawn(index_args(m_index), m_tmp.path(), false);
        std::this_thread::sleep_for(std::chrono::duration<double>(delay));
        ::kill(child.pid, SIGKILL);
        const RunResult r = wait_for(child, started);
        const std::string context = "kill " + std::to_string(kill) + " after " +
                                    std::to_string(delay) + " s (seed " + std::to_string(seed) +
                                    ")";
        const bool finished = r.exited;  // it may have finished first
        if (finished) {
            EXPECT_EQ(r.status, 0) << r.err;
        }
        // A first build is written in "<index>.partial" and moved into place when it ends:
        // a kill before that leaves the documents there, for the next run to finish.
        const fs::path partial = schema::first_build_dir(m_index);
        fs::path written;
        if (fs::exists(m_index / "iamglass")) {
            written = m_index;
        } else if (fs::exists(partial / "iamglass")) {
            written = partial;
        } else {
            continue;  // killed before the first commit
        }
        const std::size_t now = check_consistent(written, reference, context);
        // Nothing committed is lost, and what is there is whole commits: in place, every commit
        // but the last writes exactly --batch documents (a first build's jobs each commit their
        // own part, so there the sum of their counts is not a multiple of it).
        EXPECT_GE(now, before) << context;
        if (!finished && now != files.size() && kind == kAddBack) {
            EXPECT_EQ((now - before) % kBatch, 0u) << context << ": " << now << " after " << before;
        }
        std::cout << "[ crash    ] " << context << ": " << now << " of " << files.size()
                  << " documents in " << written.filename().string()
                  << (finished ? " (the run had finished)" : "") << "\n";
        if (!finished && now != files.size()) {
            ++mid_run;
        } else {
            bound[kind] = std::max(0.2, std::min(bound[kind], delay) * 0.7);
        }
        before = now;
    }
    // Kills land in the middle of the work (the others prove little but harm nothing).
    EXPECT_GE(mid_run, kMidRunWanted) << "seed " << seed;

    // A plain re-run completes the rest: exactly the source tree.
    const RunResult last = run(index_args(m_index), m_tmp.path());
    ASSERT_TRUE(last.exited && last.status == 0) << last.err;
    EXPECT_EQ(check_consistent(m_index, reference, "after the final run"), files.size());
    EXPECT_FALSE(fs::exists(schema::first_build_dir(m_index)));
    // Nor a work folder a kill left half deleted.
    EXPECT_FALSE(
        fs::exists(fs::path(schema::first_build_dir(m_index)).replace_extension(".removing")));
    const auto final_records = records(m_index);
    EXPECT_EQ(final_records.size(), files.size());
    for (const auto& path : files) EXPECT_EQ(final_records.count(path), 1u) << path;
}

}  // namespace
