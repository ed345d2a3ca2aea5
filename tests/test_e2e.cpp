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
        s_index_run = run_vanthu(
            {"index", kCorpus.string(), "--index", index_dir().string(), "--no-progress"},
            s_dir->path());
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
        if (!e.is_regular_file()) continue;
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
    const RunResult again =
        run_vanthu({"index", kCorpus.string(), "--index", index_dir().string(), "--no-progress"},
                   s_dir->path());
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

}  // namespace
