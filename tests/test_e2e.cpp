// End to end: the real `vanthu` binary indexes the real corpus (corpus/seeds as TXT, DOCX and
// PDF, corpus/broken, corpus/proposals), then searches it. What each query must find is
// computed from the seed .txt files with the core library (folding, document numbers) or, for
// search by field, from the seeds' expected metadata (corpus/expected.json), not written by
// hand, except for a few hand-checked cases that guard the computation itself.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "vanthu/core/date.hpp"
#include "vanthu/core/docnumber.hpp"
#include "vanthu/core/text.hpp"

extern char** environ;

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using Names = std::set<std::string>;

const fs::path kSource = VANTHU_SOURCE_DIR;
const fs::path kBinary = VANTHU_BINARY;
const fs::path kCorpus = kSource / "corpus";
const std::vector<std::string> kFormats = {"txt", "docx", "pdf"};

std::string read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

class TempDir {
  public:
    TempDir() {
        std::string templ = (fs::temp_directory_path() / "vanthu-e2e-XXXXXX").string();
        if (mkdtemp(templ.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
        m_path = templ;
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(m_path, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    [[nodiscard]] const fs::path& path() const { return m_path; }

  private:
    fs::path m_path;
};

struct RunResult {
    bool exited = false;  // false: killed by a signal (a crash)
    int status = -1;      // exit status when exited
    std::string out;
    std::string err;
};

// Runs the binary with `args` (no shell, so queries need no quoting), capturing both streams.
RunResult run_vanthu(const std::vector<std::string>& args, const fs::path& scratch) {
    const fs::path out_file = scratch / "stdout";
    const fs::path err_file = scratch / "stderr";
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out_file.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err_file.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0600);
    std::vector<std::string> argv_strings{kBinary.string()};
    argv_strings.insert(argv_strings.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : argv_strings) argv.push_back(a.data());
    argv.push_back(nullptr);

    RunResult run;
    pid_t pid = 0;
    const int rc = posix_spawn(&pid, kBinary.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) {
        run.err = "posix_spawn failed: " + std::to_string(rc);
        return run;
    }
    int wstatus = 0;
    while (waitpid(pid, &wstatus, 0) < 0 && errno == EINTR) {
    }
    run.exited = WIFEXITED(wstatus);
    run.status = run.exited ? WEXITSTATUS(wstatus) : -1;
    run.out = read_file(out_file);
    run.err = read_file(err_file);
    return run;
}

std::string collapse_spaces(std::string_view s) {
    std::string out;
    for (char c : s) {
        const bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
        if (space) {
            if (!out.empty() && out.back() != ' ') out += ' ';
        } else {
            out += c;
        }
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

// Letters and digits, with every non-ASCII byte counted as part of a word (the folded text is
// ASCII for Vietnamese; anything else left is a letter from some other script).
bool is_word_byte(char c) {
    const auto u = static_cast<unsigned char>(c);
    return u >= 0x80 || (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9');
}

// What a reader would call "contains these words in any spelling": the folded words in order,
// on word boundaries, across line breaks and runs of spaces.
bool contains_folded_words(const std::string& folded_text, const std::string& folded_words) {
    for (std::size_t at = folded_text.find(folded_words); at != std::string::npos;
         at = folded_text.find(folded_words, at + 1)) {
        const std::size_t end = at + folded_words.size();
        const bool left = at == 0 || !is_word_byte(folded_text[at - 1]);
        const bool right = end == folded_text.size() || !is_word_byte(folded_text[end]);
        if (left && right) return true;
    }
    return false;
}

struct Seed {
    std::string stem;         // "000"
    std::string folded_text;  // fold_text(normalize_text(.txt)), spaces collapsed
    std::set<std::string> number_folded_keys;
};

class EndToEnd : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        if (!fs::is_regular_file(kBinary)) {
            s_skip = "the vanthu binary was not built: " + kBinary.string();
            return;
        }
        std::error_code ec;
        for (const auto& e : fs::directory_iterator(kCorpus / "seeds", ec)) {
            if (e.path().extension() != ".txt") continue;
            Seed seed;
            seed.stem = e.path().stem().string();
            const std::string text = vanthu::core::normalize_text(read_file(e.path()));
            seed.folded_text = collapse_spaces(vanthu::core::fold_text(text));
            for (const auto& m : vanthu::core::find_doc_numbers(text)) {
                seed.number_folded_keys.insert(m.number.folded_key);
            }
            s_seeds.push_back(std::move(seed));
        }
        std::sort(s_seeds.begin(), s_seeds.end(),
                  [](const Seed& a, const Seed& b) { return a.stem < b.stem; });
        if (s_seeds.empty()) {
            s_skip = "no seed documents in " + (kCorpus / "seeds").string();
            return;
        }
        s_dir = new TempDir();
        s_index_run = run_vanthu(index_args(), s_dir->path());
    }

    // `vanthu index` over the seed corpus: every folder of corpus/ but citations/, an archive
    // with drafts whose citations have their own expectations and their own index (below).
    static std::vector<std::string> index_args() {
        std::vector<std::string> args{"index"};
        std::vector<std::string> folders;
        std::error_code ec;
        for (const auto& e : fs::directory_iterator(kCorpus, ec)) {
            if (e.is_directory() && e.path().filename() != "citations") {
                folders.push_back(e.path().string());
            }
        }
        std::sort(folders.begin(), folders.end());
        args.insert(args.end(), folders.begin(), folders.end());
        // corpus/broken/endless-forms.pdf never ends: a short --timeout stops it sooner.
        args.insert(args.end(),
                    {"--index", index_dir().string(), "--no-progress", "--timeout", "10"});
        return args;
    }

    static void TearDownTestSuite() {
        delete s_dir;
        s_dir = nullptr;
        s_seeds.clear();
    }

    void SetUp() override {
        if (!s_skip.empty()) GTEST_SKIP() << s_skip;
    }

    static fs::path index_dir() { return s_dir->path() / "index"; }

    // `vanthu search QUERY --json`, parsed; fails the test on a bad exit or bad JSON.
    static json search(const std::string& query, const std::vector<std::string>& extra = {}) {
        std::vector<std::string> args{"search", query, "--index", index_dir().string(), "--json"};
        args.insert(args.end(), extra.begin(), extra.end());
        const RunResult r = run_vanthu(args, s_dir->path());
        EXPECT_TRUE(r.exited && r.status == 0)
            << "query [" << query << "] status " << r.status << "\n"
            << r.err;
        json j = json::parse(r.out, nullptr, false);
        EXPECT_TRUE(j.is_object()) << "query [" << query << "] printed\n" << r.out;
        return j.is_object() ? j : json::object();
    }

    // File names ("000.pdf") of every hit.
    static Names hit_names(const std::string& query) {
        const json j = search(query, {"--limit", "100"});
        Names names;
        for (const auto& h : j.value("hits", json::array())) {
            names.insert(fs::path(h.value("path", "")).filename().string());
        }
        return names;
    }

    // Every format of each seed stem.
    static Names all_formats(const std::set<std::string>& stems) {
        Names names;
        for (const auto& s : stems) {
            for (const auto& f : kFormats) names.insert(s + "." + f);
        }
        return names;
    }

    static std::set<std::string> stems_with_words(const std::string& query) {
        const std::string folded =
            collapse_spaces(vanthu::core::fold_text(vanthu::core::normalize_text(query)));
        std::set<std::string> stems;
        for (const auto& seed : s_seeds) {
            if (contains_folded_words(seed.folded_text, folded)) stems.insert(seed.stem);
        }
        return stems;
    }

    static std::set<std::string> stems_with_number(const std::string& number) {
        const auto parsed = vanthu::core::parse_doc_number(vanthu::core::normalize_text(number));
        EXPECT_TRUE(parsed.has_value()) << number << " is not a document number";
        std::set<std::string> stems;
        if (!parsed) return stems;
        for (const auto& seed : s_seeds) {
            if (seed.number_folded_keys.count(parsed->folded_key) > 0) stems.insert(seed.stem);
        }
        return stems;
    }

    static inline std::string s_skip;
    static inline std::vector<Seed> s_seeds;
    static inline TempDir* s_dir = nullptr;
    static inline RunResult s_index_run;
};

std::string join(const Names& names) {
    std::string out;
    for (const auto& n : names) out += (out.empty() ? "" : " ") + n;
    return out;
}

TEST_F(EndToEnd, IndexRunReportsBrokenFilesAndExitsOne) {
    ASSERT_TRUE(s_index_run.exited) << s_index_run.err;
    EXPECT_EQ(s_index_run.status, 1) << s_index_run.err;
    std::size_t broken = 0;
    for (const auto& e : fs::directory_iterator(kCorpus / "broken")) {
        // expected.json is the table of reasons (tests/test_crash.cpp), not a document.
        if (!e.is_regular_file() || e.path().filename() == "expected.json") continue;
        ++broken;
        // One line "path: skipped: reason", with a reason.
        const std::string prefix =
            fs::absolute(e.path()).lexically_normal().string() + ": skipped: ";
        const std::size_t at = s_index_run.err.find(prefix);
        ASSERT_NE(at, std::string::npos) << e.path() << " not reported in\n" << s_index_run.err;
        const std::size_t eol = s_index_run.err.find('\n', at);
        const std::string reason =
            s_index_run.err.substr(at + prefix.size(), eol - at - prefix.size());
        EXPECT_GE(reason.size(), 5u) << e.path() << ": reason [" << reason << "]";
    }
    EXPECT_GT(broken, 0u);
    EXPECT_NE(s_index_run.err.find("failed " + std::to_string(broken)), std::string::npos)
        << s_index_run.err;
}

TEST_F(EndToEnd, SecondIndexRunChangesNothing) {
    const RunResult again = run_vanthu(index_args(), s_dir->path());
    ASSERT_TRUE(again.exited) << again.err;
    EXPECT_NE(again.status, 2) << again.err;
    EXPECT_NE(again.err.find("nothing to do"), std::string::npos) << again.err;
    EXPECT_EQ(again.err.find("skipped"), std::string::npos) << again.err;  // not retried
}

TEST_F(EndToEnd, WordsAreFoundInEverySpellingAndFormat) {
    // NFD "Đắk Lắk": Đ has no decomposition, ắ = a + breve + acute.
    const std::string nfd_dak_lak = "\u0110a\u0306\u0301k La\u0306\u0301k";
    const std::vector<std::string> queries = {
        "tuyên truyền", "tuyen truyen", "Hiến kế", "hien ke", "Hiển kế", "Đắk Lắk",   "dak lak",
        "Đăk Lăk",      "Dak Nong",     "khoá XI", "hoà",     "Tỉnh uỷ", nfd_dak_lak,
    };
    for (const auto& q : queries) {
        SCOPED_TRACE("query [" + q + "]");
        const std::set<std::string> stems = stems_with_words(q);
        EXPECT_FALSE(stems.empty()) << "no seed contains it: the expectation is broken";
        const Names found = hit_names(q);
        for (const auto& name : all_formats(stems)) {
            EXPECT_TRUE(found.count(name)) << name << " not found; found: " << join(found);
        }
    }
}

TEST_F(EndToEnd, ExpectationsMatchHandCheckedSeeds) {
    // Guards the computed expectations above with what a person read in the seeds.
    EXPECT_EQ(stems_with_words("Dak Nong"), (std::set<std::string>{"003"}));
    EXPECT_EQ(stems_with_words("khoá XI"), (std::set<std::string>{"003"}));
    // 002 has no "Hiến kế", but "thực hiện Kế hoạch" folds to the same words.
    EXPECT_EQ(stems_with_words("Hiến kế"), (std::set<std::string>{"000", "001", "002", "004"}));
    EXPECT_EQ(stems_with_number("152-KH/TU"), (std::set<std::string>{"000", "001"}));
    EXPECT_EQ(stems_with_number("22/2003/QH11"), (std::set<std::string>{"003"}));
}

TEST_F(EndToEnd, NumbersFindExactlyTheSeedsCitingThem) {
    const std::vector<std::string> numbers = {
        "152-KH/TU",    "461/KH-UBND",   "19/CT-TTg",    "91/2017/NĐ-CP", "91/2017/ND-CP",
        "853-CV/BTGTU", "1758-CV/BTGTU", "22/2003/QH11", "152-kh/tu",     "1758 -CV/BTGTU",
    };
    for (const auto& n : numbers) {
        SCOPED_TRACE("number [" + n + "]");
        const std::set<std::string> stems = stems_with_number(n);
        EXPECT_FALSE(stems.empty()) << "no seed cites it: the expectation is broken";
        EXPECT_EQ(join(hit_names(n)), join(all_formats(stems)));
    }
    EXPECT_EQ(hit_names("152-KH/TU"), all_formats({"000", "001"}));
    EXPECT_EQ(hit_names("22/2003/QH11"), all_formats({"003"}));
}

TEST_F(EndToEnd, NumberTypedWithoutDiacriticsRanksExactAfterExactQuery) {
    // Both spellings find the same documents; the hit's snippet shows the number as written.
    const json j = search("91/2017/ND-CP");
    ASSERT_FALSE(j["hits"].empty());
    EXPECT_NE(j["hits"][0].value("snippet", "").find("<mark>91/2017/NĐ-CP</mark>"),
              std::string::npos)
        << j["hits"][0].dump();
}

TEST_F(EndToEnd, BadQueryExitsTwoWithAMessage) {
    const RunResult r =
        run_vanthu({"search", "(tuyen", "--index", index_dir().string()}, s_dir->path());
    ASSERT_TRUE(r.exited) << "crashed";
    EXPECT_EQ(r.status, 2);
    EXPECT_NE(r.err.find("bad query"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("never closed"), std::string::npos) << r.err;

    const RunResult j = run_vanthu(
        {"search", "tuyen AND", "--index", index_dir().string(), "--json"}, s_dir->path());
    ASSERT_TRUE(j.exited) << "crashed";
    EXPECT_EQ(j.status, 2);
    const json body = json::parse(j.out, nullptr, false);
    ASSERT_TRUE(body.is_object()) << j.out;
    EXPECT_EQ(body.value("error", ""), "bad query");
    EXPECT_NE(body.value("detail", "").find("AND"), std::string::npos) << j.out;
}

// `vanthu extract` reads files in a worker with the limits of `vanthu index`: a PDF that never
// finishes in Poppler is skipped with its reason, and the other files are still printed.
TEST_F(EndToEnd, ExtractSkipsAFileThatTripsALimit) {
    const std::string seed = (kCorpus / "seeds" / "000.pdf").string();
    const std::string endless = (kCorpus / "broken" / "endless-forms.pdf").string();
    const std::string encrypted = (kCorpus / "broken" / "encrypted.pdf").string();
    const RunResult r = run_vanthu(
        {"extract", "--json", endless, seed, encrypted, "--timeout", "2"}, s_dir->path());
    ASSERT_TRUE(r.exited) << "crashed";
    EXPECT_EQ(r.status, 1) << r.err;
    EXPECT_NE(r.err.find(endless + ": skipped: reading it took longer than 2 s (--timeout)"),
              std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find(encrypted + ": skipped: PDF is encrypted"), std::string::npos) << r.err;
    const json files = json::parse(r.out, nullptr, false);
    ASSERT_TRUE(files.is_array()) << r.out;
    ASSERT_EQ(files.size(), 1u) << r.out;
    EXPECT_EQ(files[0].value("path", ""), seed);
    EXPECT_EQ(files[0]["meta"].value("number", ""), "01-BC/BTC");
    EXPECT_NE(files[0].value("text", "").find("Hiển kế xây dựng và phát"), std::string::npos);

    // Read in this process instead: the same text and metadata.
    const RunResult local =
        run_vanthu({"extract", "--json", seed, "--no-isolation"}, s_dir->path());
    ASSERT_TRUE(local.exited) << "crashed";
    EXPECT_EQ(local.status, 0) << local.err;
    EXPECT_EQ(json::parse(local.out, nullptr, false), files);
}

TEST_F(EndToEnd, MissingIndexIsReported) {
    const RunResult r = run_vanthu(
        {"search", "tuyên", "--index", (s_dir->path() / "none").string()}, s_dir->path());
    ASSERT_TRUE(r.exited) << "crashed";
    EXPECT_EQ(r.status, 2);
    EXPECT_NE(r.err.find("vanthu index"), std::string::npos) << r.err;
}

TEST_F(EndToEnd, OffsetPages) {
    const json all = search("tuyên truyền", {"--limit", "10"});
    const json first = search("tuyên truyền", {"--limit", "5"});
    const json second = search("tuyên truyền", {"--limit", "5", "--offset", "5"});
    ASSERT_GE(all["hits"].size(), 10u);
    ASSERT_EQ(first["hits"].size(), 5u);
    ASSERT_EQ(second["hits"].size(), 5u);
    for (std::size_t i = 0; i < 5; ++i) {
        EXPECT_EQ(first["hits"][i]["path"], all["hits"][i]["path"]);
        EXPECT_EQ(second["hits"][i]["path"], all["hits"][i + 5]["path"]);
        EXPECT_EQ(second["hits"][i]["rank"], static_cast<int>(i) + 6);
    }
    EXPECT_EQ(second["offset"], 5);
    EXPECT_EQ(second["estimated"], all["estimated"]);
    // Past the end: an empty page, not an error, and not "relaxed".
    const json beyond = search("tuyên truyền", {"--offset", "1000"});
    EXPECT_TRUE(beyond["hits"].empty());
    EXPECT_EQ(beyond["relaxed"], false);
}

TEST_F(EndToEnd, FailedFilesAreFoundByName) {
    const json j = search("encrypted");
    bool found = false;
    for (const auto& h : j["hits"]) {
        if (fs::path(h.value("path", "")).filename() == "encrypted.pdf") {
            found = true;
            EXPECT_EQ(h.value("status", ""), "failed");
            EXPECT_FALSE(h.value("error", "").empty());
        }
    }
    EXPECT_TRUE(found) << j.dump(2);
}

// --- search by field, facets, sorting, `vanthu show` -------------------------------------------

const fs::path kExpected = kCorpus / "expected.json";

// Hits under corpus/seeds only ("000.pdf"): the other folders have their own expectations.
Names seed_names(const json& result) {
    Names names;
    for (const auto& h : result.value("hits", json::array())) {
        const fs::path p(h.value("path", ""));
        if (p.parent_path().filename() == "seeds") names.insert(p.filename().string());
    }
    return names;
}

std::string folded(std::string_view s) {
    return collapse_spaces(vanthu::core::fold_text(vanthu::core::normalize_text(s)));
}

class FieldSearch : public EndToEnd {
  protected:
    static void SetUpTestSuite() {
        EndToEnd::SetUpTestSuite();
        std::error_code ec;
        if (!fs::is_regular_file(kExpected, ec)) {
            s_expected_missing =
                kExpected.string() + " is missing (written with the metadata parser)";
            return;
        }
        const json all = json::parse(read_file(kExpected), nullptr, false);
        const json& seeds = all.contains("seeds") ? all["seeds"] : all;
        if (!seeds.is_object()) {
            s_expected_missing = kExpected.string() + " is not a JSON object of seeds";
            return;
        }
        // Keys are seed ids ("000") or file names ("000.txt", "000_….txt").
        for (const auto& [key, fields] : seeds.items()) {
            if (key.size() >= 3 && fields.is_object()) s_expected[key.substr(0, 3)] = fields;
        }
    }

    void SetUp() override {
        EndToEnd::SetUp();
        if (IsSkipped()) return;
        if (!s_expected_missing.empty()) GTEST_SKIP() << s_expected_missing;
    }

    // A field of a seed's expected metadata: "type", "date", "issuer"; "signature.name".
    static std::string expected(const std::string& stem, const std::string& path) {
        auto it = s_expected.find(stem);
        if (it == s_expected.end()) return {};
        const json* j = &it->second;
        std::size_t begin = 0;
        while (true) {
            const std::size_t dot = path.find('.', begin);
            const std::string key = path.substr(begin, dot - begin);
            if (!j->is_object() || !j->contains(key)) return {};
            j = &(*j)[key];
            if (dot == std::string::npos) break;
            begin = dot + 1;
        }
        return j->is_string() ? j->get<std::string>() : std::string();
    }

    // Seeds whose expected metadata passes `keep`.
    template <class Keep>
    static std::set<std::string> expected_stems(Keep keep) {
        std::set<std::string> stems;
        for (const auto& seed : s_seeds) {
            if (keep(seed.stem)) stems.insert(seed.stem);
        }
        return stems;
    }

    static std::set<std::string> stems_of_type_and_year(const std::string& type,
                                                        const std::string& year) {
        return expected_stems([&](const std::string& stem) {
            return folded(expected(stem, "type")) == folded(type) &&
                   expected(stem, "date").starts_with(year + "-");
        });
    }

    static std::set<std::string> stems_of_issuer(const std::string& words) {
        return expected_stems([&](const std::string& stem) {
            const std::string issuer =
                folded(expected(stem, "issuer") + " " + expected(stem, "issuer_parent"));
            return contains_folded_words(issuer, folded(words));
        });
    }

    static std::set<std::string> stems_dated(const std::string& from, const std::string& to) {
        return expected_stems([&](const std::string& stem) {
            const std::string date = expected(stem, "date");
            return !date.empty() && date >= from && date <= to;
        });
    }

    static inline std::string s_expected_missing;
    static inline std::map<std::string, json> s_expected;
};

TEST_F(FieldSearch, ExpectationsMatchHandCheckedSeeds) {
    // What a person read in the seeds: guards the computed expectations below.
    EXPECT_EQ(stems_of_type_and_year("Kế hoạch", "2022"), (std::set<std::string>{"003"}));
    EXPECT_TRUE(stems_of_type_and_year("Kế hoạch", "2021").empty());
    EXPECT_EQ(stems_of_issuer("ban tuyên giáo"), (std::set<std::string>{"001"}));
    EXPECT_EQ(stems_of_issuer("Ban Tuyên giáo Tỉnh ủy"), (std::set<std::string>{"001"}));
    EXPECT_EQ(stems_of_issuer("Tỉnh ủy"), (std::set<std::string>{"000", "001"}));
    EXPECT_EQ(stems_dated("2020-06-01", "2020-12-31"), (std::set<std::string>{"000", "001"}));
    EXPECT_EQ(folded(expected("003", "signature.name")), "ho van muoi");
}

TEST_F(FieldSearch, NumberFieldFindsExactlyTheSeedsCitingIt) {
    EXPECT_EQ(join(hit_names("so:152-KH/TU")), join(all_formats({"000", "001"})));
    EXPECT_EQ(hit_names("number:152-kh/tu"), hit_names("so:152-KH/TU"));
    // A carrier ranks above the documents that cite its number.
    const json j = search("so:01-BC/BTC");
    ASSERT_FALSE(j["hits"].empty());
    EXPECT_EQ(fs::path(j["hits"][0].value("path", "")).stem(), "000") << j["hits"][0].dump();
}

TEST_F(FieldSearch, TypeAndYear) {
    for (const std::string year : {"2020", "2021", "2022"}) {
        SCOPED_TRACE("year " + year);
        const json j = search("loai:\"kế hoạch\" nam:" + year, {"--limit", "100"});
        EXPECT_EQ(join(seed_names(j)), join(all_formats(stems_of_type_and_year("Kế hoạch", year))));
    }
    EXPECT_EQ(join(hit_names("loai:\"kế hoạch\" nam:2022")), join(all_formats({"003"})));
    // A code means its type's name.
    EXPECT_EQ(seed_names(search("loai:KH nam:2022", {"--limit", "100"})),
              seed_names(search("type:\"ke hoach\" year:2022", {"--limit", "100"})));
}

TEST_F(FieldSearch, IssuerSignerAndDates) {
    EXPECT_EQ(join(seed_names(search("coquan:\"ban tuyên giáo\"", {"--limit", "100"}))),
              join(all_formats(stems_of_issuer("ban tuyên giáo"))));
    EXPECT_EQ(join(hit_names("nguoiky:\"Hồ Văn Mười\"")), join(all_formats({"003"})));
    EXPECT_EQ(hit_names("signer:\"ho van muoi\""), hit_names("nguoiky:\"Hồ Văn Mười\""));
    EXPECT_EQ(join(seed_names(search("ngay:2020-06-01..2020-12-31", {"--limit", "100"}))),
              join(all_formats(stems_dated("2020-06-01", "2020-12-31"))));
    EXPECT_EQ(join(seed_names(search("ngay:30/10/2020", {"--limit", "100"}))),
              join(all_formats(stems_dated("2020-10-30", "2020-10-30"))));
    // Abbreviations: the same documents either way. No seed names UBND as its issuer (003's
    // header lost it), so that pair is also checked where the corpus has it: a proposal's unit.
    EXPECT_EQ(hit_names("coquan:UBND"), hit_names("coquan:\"Ủy ban nhân dân\""));
    EXPECT_EQ(join(seed_names(search("coquan:UBND", {"--limit", "100"}))),
              join(all_formats(stems_of_issuer("Ủy ban nhân dân"))));
    const Names unit = hit_names("donvi:UBND");
    EXPECT_FALSE(unit.empty());
    EXPECT_EQ(unit, hit_names("donvi:\"Ủy ban nhân dân\""));
    EXPECT_EQ(join(seed_names(search("coquan:BTGTU", {"--limit", "100"}))),
              join(all_formats(stems_of_issuer("Ban Tuyên giáo Tỉnh ủy"))));
    EXPECT_EQ(hit_names("coquan:BTGTU"), hit_names("coquan:\"Ban Tuyên giáo Tỉnh ủy\""));
    EXPECT_EQ(join(seed_names(search("coquan:TU", {"--limit", "100"}))),
              join(all_formats(stems_of_issuer("Tỉnh ủy"))));
}

TEST_F(FieldSearch, FiltersOnTheCommandLine) {
    const json j = search("tỉnh", {"--limit", "100", "--type", "KH", "--year", "2022"});
    EXPECT_EQ(join(seed_names(j)), join(all_formats(stems_of_type_and_year("Kế hoạch", "2022"))));
    const json dated =
        search("tỉnh", {"--limit", "100", "--from", "2020-06-01", "--to", "31/12/2020"});
    EXPECT_EQ(join(seed_names(dated)), join(all_formats(stems_dated("2020-06-01", "2020-12-31"))));
    // Each hit says what it is.
    for (const auto& h : j["hits"]) {
        EXPECT_EQ(h.value("type", ""), "Kế hoạch") << h.dump();
        EXPECT_TRUE(h.value("date", "").starts_with("2022-")) << h.dump();
        EXPECT_TRUE(h.contains("issuer")) << h.dump();
    }
    // A bad filter is a bad query: exit 2 and a message.
    const RunResult r = run_vanthu(
        {"search", "tỉnh", "--index", index_dir().string(), "--year", "2022..2020"}, s_dir->path());
    ASSERT_TRUE(r.exited) << "crashed";
    EXPECT_EQ(r.status, 2);
    EXPECT_NE(r.err.find("ends before it starts"), std::string::npos) << r.err;
    const RunResult d =
        run_vanthu({"search", "ngay:31/02/2020", "--index", index_dir().string()}, s_dir->path());
    EXPECT_EQ(d.status, 2);
    EXPECT_NE(d.err.find("\"31/02/2020\" is not a date"), std::string::npos) << d.err;
    // A wrong option value is a wrong command line: status 2 as well.
    const RunResult sort = run_vanthu(
        {"search", "tỉnh", "--index", index_dir().string(), "--sort", "size"}, s_dir->path());
    EXPECT_EQ(sort.status, 2);
    EXPECT_NE(sort.err.find("--sort"), std::string::npos) << sort.err;
}

TEST_F(FieldSearch, FacetsCountTypes) {
    const json j = search("hien ke", {"--facets"});
    ASSERT_TRUE(j.contains("facets")) << j.dump(2);
    bool report = false;
    for (const auto& v : j["facets"].value("type", json::array())) {
        if (v.value("value", "") == "Báo cáo") report = v.value("count", 0) >= 3;  // 3 formats
    }
    EXPECT_TRUE(report) << j["facets"].dump(2);
    EXPECT_TRUE(j.value("facets_exact", false));
    for (const char* name : {"type", "issuer", "year", "domain"}) {
        EXPECT_TRUE(j["facets"].contains(name)) << name;
    }
    // The text output prints them too.
    const RunResult r = run_vanthu(
        {"search", "hien ke", "--index", index_dir().string(), "--facets"}, s_dir->path());
    EXPECT_EQ(r.status, 0);
    EXPECT_NE(r.out.find("Báo cáo ("), std::string::npos) << r.out;
}

TEST_F(FieldSearch, SortByDateNewestFirstUndatedLast) {
    const json j = search("tỉnh", {"--limit", "100", "--sort", "date"});
    std::vector<std::string> dates;
    for (const auto& h : j["hits"]) dates.push_back(h.value("date", ""));
    ASSERT_GE(dates.size(), 2u);
    bool undated = false;
    for (std::size_t k = 0; k < dates.size(); ++k) {
        if (dates[k].empty()) {
            undated = true;
        } else {
            EXPECT_FALSE(undated) << "dated hit after an undated one at " << k;
            if (k > 0 && !dates[k - 1].empty()) {
                EXPECT_GE(dates[k - 1], dates[k]) << k;
            }
        }
    }
    // 003 (2022) before 000 (2020).
    auto rank_of = [&](const json& result, const std::string& name) {
        for (const auto& h : result["hits"]) {
            if (fs::path(h.value("path", "")).filename() == name) return h.value("rank", 0);
        }
        return 0;
    };
    ASSERT_GT(rank_of(j, "003.txt"), 0);
    ASSERT_GT(rank_of(j, "000.txt"), 0);
    EXPECT_LT(rank_of(j, "003.txt"), rank_of(j, "000.txt"));
    const json asc = search("tỉnh", {"--limit", "100", "--sort", "date-asc"});
    EXPECT_GT(rank_of(asc, "003.txt"), rank_of(asc, "000.txt"));
}

TEST_F(FieldSearch, ShowNumberCarriedByNoneListsCiting) {
    const RunResult r =
        run_vanthu({"show", "152-KH/TU", "--index", index_dir().string()}, s_dir->path());
    ASSERT_TRUE(r.exited) << "crashed";
    EXPECT_EQ(r.status, 1) << r.out << r.err;
    EXPECT_NE(r.out.find("no document in the index carries"), std::string::npos) << r.out;
    for (const auto& name : all_formats({"000", "001"})) {
        EXPECT_NE(r.out.find("/seeds/" + name), std::string::npos) << name << "\n" << r.out;
    }
    const RunResult j =
        run_vanthu({"show", "152-KH/TU", "--index", index_dir().string(), "--json"}, s_dir->path());
    EXPECT_EQ(j.status, 1);
    const json body = json::parse(j.out, nullptr, false);
    ASSERT_TRUE(body.is_object()) << j.out;
    EXPECT_TRUE(body["carriers"].empty());
    Names citing;
    for (const auto& d : body["citing"]) {
        citing.insert(fs::path(d.value("path", "")).filename().string());
        EXPECT_FALSE(d["citations"].empty()) << d.dump();
    }
    EXPECT_EQ(join(citing), join(all_formats({"000", "001"})));
}

TEST_F(FieldSearch, ShowNumberCarried) {
    const RunResult r = run_vanthu(
        {"show", "461/kh-ubnd", "--index", index_dir().string(), "--json"}, s_dir->path());
    EXPECT_EQ(r.status, 0) << r.err;
    const json body = json::parse(r.out, nullptr, false);
    ASSERT_TRUE(body.is_object()) << r.out;
    Names carriers;
    for (const auto& d : body["carriers"]) {
        carriers.insert(fs::path(d.value("path", "")).filename().string());
    }
    EXPECT_EQ(join(carriers), join(all_formats({"003"})));
}

TEST_F(FieldSearch, ShowDocumentByIdAndPath) {
    const json hits = search("so:461/KH-UBND", {"--limit", "100"});
    unsigned docid = 0;
    for (const auto& h : hits["hits"]) {
        if (fs::path(h.value("path", "")).filename() == "003.txt") docid = h.value("docid", 0u);
    }
    ASSERT_NE(docid, 0u) << hits.dump(2);
    const RunResult r =
        run_vanthu({"show", std::to_string(docid), "--index", index_dir().string()}, s_dir->path());
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.out.find("22/2003/QH11"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("461/KH-UBND"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("Hồ Văn Mười"), std::string::npos) << r.out;

    const RunResult j = run_vanthu(
        {"show", std::to_string(docid), "--index", index_dir().string(), "--json"}, s_dir->path());
    EXPECT_EQ(j.status, 0);
    const json body = json::parse(j.out, nullptr, false);
    ASSERT_TRUE(body.is_object()) << j.out;
    bool cites_law = false;
    for (const auto& c : body["document"]["meta"].value("citations", json::array())) {
        if (c.value("number", "") == "22/2003/QH11") cites_law = true;
    }
    EXPECT_TRUE(cites_law) << body.dump(2);
    EXPECT_EQ(body["document"].value("docid", 0u), docid);

    // By path, relative or absolute.
    const RunResult p = run_vanthu(
        {"show", (kCorpus / "seeds" / "003.txt").string(), "--index", index_dir().string()},
        s_dir->path());
    EXPECT_EQ(p.status, 0) << p.err;
    EXPECT_NE(p.out.find("Document " + std::to_string(docid)), std::string::npos) << p.out;
}

TEST_F(FieldSearch, ShowExitStatuses) {
    auto status = [&](const std::vector<std::string>& args) {
        std::vector<std::string> all{"show"};
        all.insert(all.end(), args.begin(), args.end());
        const RunResult r = run_vanthu(all, s_dir->path());
        EXPECT_TRUE(r.exited) << "crashed";
        EXPECT_FALSE(r.err.empty() && r.out.empty()) << "no message";
        return r.status;
    };
    const std::string index = index_dir().string();
    EXPECT_EQ(status({"4000000", "--index", index}), 1);         // no such document
    EXPECT_EQ(status({"999-KH/XYZ", "--index", index}), 1);      // a number nobody carries
    EXPECT_EQ(status({"/nowhere/x.pdf", "--index", index}), 1);  // not indexed
    EXPECT_EQ(status({"0", "--index", index}), 2);               // not an id
    EXPECT_EQ(status({"99999999999", "--index", index}), 2);     // not an id
    EXPECT_EQ(status({"", "--index", index}), 2);
    EXPECT_EQ(status({"1", "--index", (s_dir->path() / "none").string()}), 2);  // no index
}

// --- citations: `vanthu cites`, `vanthu show` with resolved citations, `vanthu check` ---------

// The file names of `docs` (JSON objects with a "path").
Names file_names(const json& docs) {
    Names names;
    for (const auto& d : docs) names.insert(fs::path(d.value("path", "")).filename().string());
    return names;
}

TEST_F(EndToEnd, CitesListsEveryDocumentCitingANumber) {
    const RunResult r = run_vanthu(
        {"cites", "152-KH/TU", "--index", index_dir().string(), "--json"}, s_dir->path());
    ASSERT_TRUE(r.exited) << "crashed";
    EXPECT_EQ(r.status, 0) << r.err;
    const json body = json::parse(r.out, nullptr, false);
    ASSERT_TRUE(body.is_object()) << r.out;
    EXPECT_EQ(body.value("number", ""), "152-KH/TU");
    EXPECT_TRUE(body["carriers"].empty()) << body["carriers"].dump(2);
    EXPECT_EQ(join(file_names(body["citing"])), join(all_formats({"000", "001"})));
    for (const auto& d : body["citing"]) {
        ASSERT_EQ(d["citations"].size(), 1u) << d.dump(2);
        const json& c = d["citations"][0];
        EXPECT_EQ(c.value("date", ""), "2020-02-26") << c.dump();
        EXPECT_NE(c.value("sentence", "").find("Kế hoạch số 152-KH/TU"), std::string::npos)
            << c.dump();
        EXPECT_FALSE(c.value("date_differs", true));
    }

    // The text lists the same documents, each with the citing sentence; lower case works.
    const RunResult t =
        run_vanthu({"cites", "152-kh/tu", "--index", index_dir().string()}, s_dir->path());
    EXPECT_EQ(t.status, 0) << t.err;
    EXPECT_NE(t.out.find("no document in the index carries"), std::string::npos) << t.out;
    for (const auto& name : all_formats({"000", "001"})) {
        EXPECT_NE(t.out.find("/seeds/" + name), std::string::npos) << name << "\n" << t.out;
    }
    EXPECT_NE(t.out.find("2020-02-26: \""), std::string::npos) << t.out;

    // A number carried by a seed: the carriers first.
    const json carried =
        json::parse(run_vanthu({"cites", "461/KH-UBND", "--index", index_dir().string(), "--json"},
                               s_dir->path())
                        .out,
                    nullptr, false);
    ASSERT_TRUE(carried.is_object());
    EXPECT_EQ(join(file_names(carried["carriers"])), join(all_formats({"003"})));
}

TEST_F(EndToEnd, CitesExitStatuses) {
    const std::string index = index_dir().string();
    const RunResult nothing = run_vanthu({"cites", "999-KH/XYZ", "--index", index}, s_dir->path());
    EXPECT_EQ(nothing.status, 1) << nothing.out << nothing.err;
    const RunResult bad = run_vanthu({"cites", "xyz", "--index", index}, s_dir->path());
    EXPECT_EQ(bad.status, 2);
    EXPECT_NE(bad.err.find("not a document number"), std::string::npos) << bad.err;
    const RunResult bad_json =
        run_vanthu({"cites", "xyz", "--index", index, "--json"}, s_dir->path());
    EXPECT_EQ(bad_json.status, 2);
    EXPECT_EQ(json::parse(bad_json.out, nullptr, false).value("error", ""), "bad input");
    const RunResult no_index = run_vanthu(
        {"cites", "152-KH/TU", "--index", (s_dir->path() / "none").string()}, s_dir->path());
    EXPECT_EQ(no_index.status, 2);
    EXPECT_NE(no_index.err.find("vanthu index"), std::string::npos) << no_index.err;
}

TEST_F(EndToEnd, ShowResolvesADocumentsCitations) {
    const std::string path = (kCorpus / "seeds" / "003.txt").string();
    const RunResult r =
        run_vanthu({"show", path, "--index", index_dir().string(), "--json"}, s_dir->path());
    ASSERT_TRUE(r.exited) << "crashed";
    EXPECT_EQ(r.status, 0) << r.err;
    const json body = json::parse(r.out, nullptr, false);
    ASSERT_TRUE(body.is_object()) << r.out;
    std::vector<std::string> numbers;
    for (const auto& c : body["document"].value("citations", json::array())) {
        numbers.push_back(c.value("number", ""));
        // The seed corpus holds none of the documents 003 cites.
        EXPECT_EQ(c.value("status", ""), "not-in-archive") << c.dump(2);
        EXPECT_TRUE(c["document"].is_null()) << c.dump(2);
        EXPECT_FALSE(c.value("note", "").empty()) << c.dump(2);
    }
    EXPECT_EQ(numbers, (std::vector<std::string>{"22/2003/QH11", "363/KH-UBND", "09-NQ/TU",
                                                 "01-KL/TW", "05-CT/TW"}));
    const RunResult t = run_vanthu({"show", path, "--index", index_dir().string()}, s_dir->path());
    EXPECT_EQ(t.status, 0) << t.err;
    for (const auto& n : numbers) {
        const std::size_t at = t.out.find(n);
        ASSERT_NE(at, std::string::npos) << n << "\n" << t.out;
        EXPECT_NE(t.out.find("not-in-archive: no document in the archive carries " + n),
                  std::string::npos)
            << n << "\n"
            << t.out;
    }
}

// corpus/citations: an archive of documents carrying numbers, drafts citing them with planted
// errors, and expected.json saying what `vanthu check` must report for every citation.
class CitationCheck : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        if (!fs::is_regular_file(kBinary)) {
            s_skip = "the vanthu binary was not built: " + kBinary.string();
            return;
        }
        std::error_code ec;
        if (!fs::is_regular_file(kCitations / "expected.json", ec) ||
            !fs::is_directory(kCitations / "archive", ec) ||
            !fs::is_directory(kCitations / "drafts", ec)) {
            s_skip = kCitations.string() + " (archive/, drafts/, expected.json) is missing";
            return;
        }
        s_expected = json::parse(read_file(kCitations / "expected.json"), nullptr, false);
        if (!s_expected.is_object()) {
            s_skip = (kCitations / "expected.json").string() + " is not a JSON object";
            return;
        }
        s_dir = new TempDir();
        s_index_run = run_vanthu({"index", (kCitations / "archive").string(), "--index",
                                  index_dir().string(), "--no-progress"},
                                 s_dir->path());
        for (const auto& e : fs::directory_iterator(kCitations / "drafts", ec)) {
            if (e.is_regular_file()) s_drafts.push_back(e.path().string());
        }
        std::sort(s_drafts.begin(), s_drafts.end());
    }

    static void TearDownTestSuite() {
        delete s_dir;
        s_dir = nullptr;
        s_drafts.clear();
    }

    void SetUp() override {
        if (!s_skip.empty()) GTEST_SKIP() << s_skip;
    }

    static fs::path index_dir() { return s_dir->path() / "index"; }

    static RunResult check(const std::vector<std::string>& files,
                           const std::vector<std::string>& options) {
        std::vector<std::string> args{"check"};
        args.insert(args.end(), files.begin(), files.end());
        args.insert(args.end(), {"--index", index_dir().string()});
        args.insert(args.end(), options.begin(), options.end());
        return run_vanthu(args, s_dir->path());
    }

    // "archive/x.txt" for a path under corpus/citations.
    static std::string relative(const std::string& path) {
        return fs::path(path).lexically_relative(kCitations).generic_string();
    }

    static inline const fs::path kCitations = kCorpus / "citations";
    static inline std::string s_skip;
    static inline json s_expected;
    static inline TempDir* s_dir = nullptr;
    static inline RunResult s_index_run;
    static inline std::vector<std::string> s_drafts;
};

TEST_F(CitationCheck, ArchiveIndexes) {
    ASSERT_TRUE(s_index_run.exited) << s_index_run.err;
    EXPECT_EQ(s_index_run.status, 0) << s_index_run.err;
}

TEST_F(CitationCheck, ReportEqualsExpected) {
    ASSERT_FALSE(s_drafts.empty());
    const RunResult r = check(s_drafts, {"--json"});
    ASSERT_TRUE(r.exited) << "crashed\n" << r.err;
    // Every draft has planted errors: status 1, and nothing unreadable.
    EXPECT_EQ(r.status, 1) << r.err;
    const json report = json::parse(r.out, nullptr, false);
    ASSERT_TRUE(report.is_object()) << r.out;
    json got = json::object();
    for (const auto& f : report["files"]) {
        ASSERT_FALSE(f.contains("error")) << f.dump(2);
        json list = json::array();
        for (const auto& c : f["citations"]) {
            const json& doc = c["document"];
            const json& meant = c["intended_document"];
            list.push_back({{"number", c["number"]},
                            {"date", c["date"]},
                            {"status", c["status"]},
                            {"target", doc.is_object() ? json(relative(doc.value("path", "")))
                                                       : json(nullptr)},
                            {"intended", c["intended"]}});
            // A typo names the document meant, and that document carries the number meant.
            if (c.value("status", "") == "typo") {
                ASSERT_TRUE(meant.is_object()) << c.dump(2);
                EXPECT_EQ(meant.value("number", ""), c.value("intended", "")) << c.dump(2);
            }
        }
        got[relative(f.value("path", ""))] = list;
    }
    // Citation by citation first, for a readable failure; then the whole.
    for (const auto& [file, citations] : s_expected.items()) {
        SCOPED_TRACE(file);
        ASSERT_TRUE(got.contains(file)) << "not in the report";
        const json& mine = got[file];
        for (std::size_t k = 0; k < std::max(citations.size(), mine.size()); ++k) {
            EXPECT_EQ(k < mine.size() ? mine[k] : json(nullptr),
                      k < citations.size() ? citations[k] : json(nullptr))
                << "citation " << k;
        }
    }
    EXPECT_EQ(got, s_expected);
    // The summary counts what the files hold.
    std::size_t citations = 0;
    std::size_t problems = 0;
    for (const auto& [file, list] : s_expected.items()) {
        for (const auto& c : list) {
            ++citations;
            problems += c.value("status", "") != "found";
        }
    }
    EXPECT_EQ(report["summary"].value("citations", 0u), citations);
    EXPECT_EQ(report["summary"].value("problems", 0u), problems);
}

TEST_F(CitationCheck, TableAndCsv) {
    ASSERT_FALSE(s_drafts.empty());
    const RunResult table = check(s_drafts, {});
    EXPECT_EQ(table.status, 1) << table.err;
    EXPECT_NE(table.out.find("Checked " + std::to_string(s_drafts.size()) + " files"),
              std::string::npos)
        << table.out;
    for (const char* status :
         {"found", "typo", "date-mismatch", "issuer-mismatch", "not-in-archive", "ambiguous"}) {
        EXPECT_NE(table.out.find(std::string("  ") + status + " "), std::string::npos) << status;
    }

    const RunResult csv = check(s_drafts, {"--csv"});
    EXPECT_EQ(csv.status, 1) << csv.err;
    ASSERT_TRUE(csv.out.starts_with("file,number,type,date,issuer,status,")) << csv.out;
    // RFC 4180: CRLF after every record; a field with a comma or quote is quoted, its quotes
    // doubled. Records are counted outside quotes.
    std::size_t records = 0;
    bool quoted = false;
    for (std::size_t i = 0; i < csv.out.size(); ++i) {
        const char c = csv.out[i];
        if (c == '"') quoted = !quoted;
        if (!quoted && c == '\n') {
            EXPECT_TRUE(i > 0 && csv.out[i - 1] == '\r') << "bare LF at " << i;
            ++records;
        }
    }
    EXPECT_FALSE(quoted);
    std::size_t citations = 0;
    for (const auto& [file, list] : s_expected.items()) citations += list.size();
    EXPECT_EQ(records, citations + 1);  // the header
    EXPECT_EQ(run_vanthu({"check", s_drafts[0], "--json", "--csv"}, s_dir->path()).status, 2);
}

// The first expected citation with this status, a date and a target (from expected.json, so
// that these tests follow the corpus).
json expected_citation(const json& expected, const std::string& status) {
    for (const auto& [file, list] : expected.items()) {
        for (const auto& c : list) {
            if (c.value("status", "") == status && !c.value("date", "").empty() &&
                c["target"].is_string()) {
                json out = c;
                out["file"] = file;
                return out;
            }
        }
    }
    return nullptr;
}

TEST_F(CitationCheck, AllFoundExitsZeroUnreadableExitsTwo) {
    // A draft citing one archived document correctly.
    const json found = expected_citation(s_expected, "found");
    ASSERT_TRUE(found.is_object()) << "expected.json has no found citation with a date";
    const auto date = vanthu::core::parse_date(found.value("date", ""));
    ASSERT_TRUE(date.has_value());
    const fs::path draft = s_dir->path() / "du-thao-dung.txt";
    {
        std::ofstream out(draft);
        out << "Căn cứ văn bản số " << found.value("number", "") << " ngày " << date->day << "/"
            << date->month << "/" << date->year << ", cơ quan triển khai như sau.\n";
    }
    const RunResult ok = check({draft.string()}, {});
    EXPECT_EQ(ok.status, 0) << ok.out << ok.err;
    EXPECT_NE(ok.out.find("1 citation, all found"), std::string::npos) << ok.out;

    const std::string encrypted = (kCorpus / "broken" / "encrypted.pdf").string();
    const RunResult bad = check({draft.string(), encrypted}, {"--json"});
    EXPECT_EQ(bad.status, 2) << bad.out << bad.err;
    EXPECT_NE(bad.err.find(encrypted + ": error: "), std::string::npos) << bad.err;
    const json report = json::parse(bad.out, nullptr, false);
    ASSERT_TRUE(report.is_object()) << bad.out;
    ASSERT_EQ(report["files"].size(), 2u);
    EXPECT_TRUE(report["files"][1].contains("error"));
    EXPECT_EQ(report["summary"].value("unreadable", 0), 1);

    // A draft that never finishes in Poppler is stopped like in `vanthu index`.
    const std::string endless = (kCorpus / "broken" / "endless-forms.pdf").string();
    const RunResult stopped = check({draft.string(), endless}, {"--timeout", "2"});
    EXPECT_EQ(stopped.status, 2) << stopped.out << stopped.err;
    EXPECT_NE(stopped.err.find(endless + ": error: reading it took longer than 2 s (--timeout)"),
              std::string::npos)
        << stopped.err;
    EXPECT_NE(stopped.out.find("1 file could not be read"), std::string::npos) << stopped.out;

    EXPECT_EQ(check({}, {}).status, 2);  // nothing to check
    EXPECT_EQ(run_vanthu({"check", draft.string(), "--index", (s_dir->path() / "none").string()},
                         s_dir->path())
                  .status,
              2);
}

TEST_F(CitationCheck, AllChecksTheArchiveFromItsStoredMetadata) {
    const RunResult r = check({}, {"--all", "--json"});
    ASSERT_TRUE(r.exited) << "crashed";
    EXPECT_NE(r.status, 2) << r.err;
    const json report = json::parse(r.out, nullptr, false);
    ASSERT_TRUE(report.is_object()) << r.out;
    ASSERT_FALSE(report["files"].empty());
    for (const auto& f : report["files"]) {
        EXPECT_TRUE(relative(f.value("path", "")).starts_with("archive/")) << f.dump();
        EXPECT_GT(f.value("docid", 0u), 0u);
        EXPECT_FALSE(f["citations"].empty());
    }
}

TEST_F(CitationCheck, CitesShowsCarriersFirstAndNotesADifferentDate) {
    // A number a draft cites with a wrong date: index the drafts too, then ask who cites it.
    const json planted = expected_citation(s_expected, "date-mismatch");
    if (!planted.is_object()) GTEST_SKIP() << "expected.json plants no date mismatch";
    const std::string number = planted.value("number", "");
    TempDir dir;
    const std::string index = (dir.path() / "index").string();
    ASSERT_EQ(
        run_vanthu({"index", kCitations.string(), "--index", index, "--no-progress"}, dir.path())
            .status,
        0);
    const RunResult r = run_vanthu({"cites", number, "--index", index, "--json"}, dir.path());
    EXPECT_EQ(r.status, 0) << r.err;
    const json body = json::parse(r.out, nullptr, false);
    ASSERT_TRUE(body.is_object()) << r.out;
    Names carriers;
    for (const auto& d : body["carriers"]) carriers.insert(relative(d.value("path", "")));
    EXPECT_TRUE(carriers.count(planted.value("target", ""))) << body["carriers"].dump(2);
    bool noted = false;
    for (const auto& d : body["citing"]) {
        if (relative(d.value("path", "")) != planted.value("file", "")) continue;
        for (const auto& c : d["citations"]) {
            if (c.value("date", "") != planted.value("date", "")) continue;
            noted = true;
            EXPECT_TRUE(c.value("date_differs", false)) << c.dump(2);
            EXPECT_EQ(c.value("status", ""), "date-mismatch") << c.dump(2);
        }
    }
    EXPECT_TRUE(noted) << planted.dump() << "\n" << body.dump(2);
    const RunResult t = run_vanthu({"cites", number, "--index", index}, dir.path());
    EXPECT_NE(t.out.find("note: the date differs from the carrier's"), std::string::npos) << t.out;
    EXPECT_LT(t.out.find("carried by"), t.out.find("Cited by")) << t.out;
}

}  // namespace
