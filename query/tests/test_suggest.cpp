// Suggestions over real indexes: the corpus (seeds and proposals) indexed by the real indexer,
// a small corpus with a secret document, and (on request) a synthetic 100k-document index for
// build time, memory and latency.
#include "vanthu/query/suggest.hpp"

#include <malloc.h>
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "test_db.hpp"
#include "vanthu/core/text.hpp"
#include "vanthu/indexer/index_run.hpp"

namespace {

namespace fs = std::filesystem;
using vanthu::query::Completion;
using vanthu::query::Suggester;
using vanthu::query::SuggestOptions;

const fs::path kSource = VANTHU_SOURCE_DIR;

fs::path index_folders(const std::vector<fs::path>& roots, const fs::path& index_dir) {
    vanthu::indexer::IndexOptions options;
    options.roots = roots;
    options.index_dir = index_dir;
    options.jobs = 2;
    options.progress = false;
    std::ostringstream log;
    const auto summary = vanthu::indexer::run_index(options, log);
    if (summary.total_docs == 0) throw std::runtime_error("nothing indexed: " + log.str());
    return index_dir;
}

std::string show(const std::optional<std::string>& s) { return s ? *s : "(none)"; }

std::string show(const std::vector<Completion>& cs) {
    std::string out;
    for (const auto& c : cs) out += c.kind + ": " + c.text + " [" + c.detail + "]\n";
    return out;
}

bool has(const std::vector<Completion>& cs, std::string_view kind, std::string_view text) {
    return std::any_of(cs.begin(), cs.end(),
                       [&](const Completion& c) { return c.kind == kind && c.text == text; });
}

// Whether a completion shows something of the secret document of SuggestSecret.
bool shows_secret(const std::vector<Completion>& cs) {
    return std::any_of(cs.begin(), cs.end(), [&](const Completion& c) {
        const std::string text = vanthu::core::lower_text(c.text);
        for (const char* needle : {"777", "bíchkỳquái", "yếu", "đặc biệt", "triển"}) {
            if (text.find(needle) != std::string::npos) return true;
        }
        return false;
    });
}

// The corpus (corpus/seeds and corpus/proposals: PDF, DOCX and TXT) indexed once.
class SuggestCorpus : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        s_dir = std::make_unique<vanthu::test::TempDir>();
        const fs::path index = index_folders(
            {kSource / "corpus" / "seeds", kSource / "corpus" / "proposals"}, s_dir->path() / "ix");
        s_db = std::make_unique<Xapian::Database>(index.string());
        s_suggester = std::make_unique<Suggester>(*s_db);
    }
    static void TearDownTestSuite() {
        s_suggester.reset();
        s_db.reset();
        s_dir.reset();
    }
    static std::optional<std::string> dym(const std::string& q) {
        Xapian::Database db = *s_db;
        return s_suggester->did_you_mean(q, db);
    }
    static std::vector<Completion> complete(const std::string& p, std::size_t limit = 8) {
        Xapian::Database db = *s_db;
        return s_suggester->complete(p, limit, db);
    }
    static std::unique_ptr<vanthu::test::TempDir> s_dir;
    static std::unique_ptr<Xapian::Database> s_db;
    static std::unique_ptr<Suggester> s_suggester;
};
std::unique_ptr<vanthu::test::TempDir> SuggestCorpus::s_dir;
std::unique_ptr<Xapian::Database> SuggestCorpus::s_db;
std::unique_ptr<Suggester> SuggestCorpus::s_suggester;

TEST_F(SuggestCorpus, RestoresDiacritics) {
    struct Case {
        const char* typed;
        const char* expected;
    };
    const Case cases[] = {
        // The campaign is "Hiến kế …" (seed 000's title, 001, 004 and the proposals); seeds 000
        // and 001 also carry the OCR slip "Hiển kế" (more often, but in fewer documents), and
        // "thực hiện kế hoạch" makes "hiện kế" a real pair (002, 004).
        {"hien ke", "hiến kế"},
        {"ban tuyen giao", "ban tuyên giáo"},  // 001: "Ban Tuyên giáo Tỉnh ủy"
        {"tuyen giao", "tuyên giáo"},
        {"ke hoach phong chong dich", "kế hoạch phòng chống dịch"},  // 004
        {"thuc hien ke hoach", "thực hiện kế hoạch"},  // context turns "hien" into "hiện"
        {"huong ung cuoc van dong", "hưởng ứng cuộc vận động"},  // 001's subject
        {"dak lak", "đắk lắk"},
        {"tinh uy dak lak", "tỉnh ủy đắk lắk"},
        {"ban thuong vu tinh uy", "ban thường vụ tỉnh ủy"},
        {"phat trien du lich", "phát triển du lịch"},
        // Capitals as typed.
        {"Hien Ke", "Hiến Kế"},
        {"HIEN KE", "HIẾN KẾ"},
        // Only some words typed without diacritics.
        {"kế hoach", "kế hoạch"},
        // Typos: unknown words corrected to a near known word, diacritics restored.
        {"tuyeen truyen", "tuyên truyền"},
        {"tuyen truyeen", "tuyên truyền"},
        {"kế hoặch", "kế hoạch"},  // wrong mark on a known word: not a word of the index
    };
    for (const auto& c : cases) EXPECT_EQ(show(dym(c.typed)), c.expected) << c.typed;
}

TEST_F(SuggestCorpus, KeepsQuerySyntax) {
    struct Case {
        const char* typed;
        const char* expected;
    };
    const Case cases[] = {
        {"so:152-KH/TU hien ke", "so:152-KH/TU hiến kế"},
        {"\"tuyen giao\" -ke", "\"tuyên giáo\" -kế"},
        {"tuyen truyen OR van dong", "tuyên truyền OR vận động"},
        {"(tuyen truyen) AND ke hoach", "(tuyên truyền) AND kế hoạch"},
        {"hien ke NOT tuyen truyen", "hiến kế NOT tuyên truyền"},
        {"nam:2020 hien ke", "nam:2020 hiến kế"},
        {"ngay:30/10/2020 tuyen truyen", "ngay:30/10/2020 tuyên truyền"},
        {"coquan:tuyen giao", "coquan:tuyên giáo"},
        {"coquan:(tuyen giao) hien ke", "coquan:(tuyên giáo) hiến kế"},
        // A number keeps its stray space and case; "1758 -CV" is not "1758 NOT CV".
        {"1758 -CV/BTGTU tuyen truyen", "1758 -CV/BTGTU tuyên truyền"},
        {"91/2017/ND-CP tuyen truyen", "91/2017/ND-CP tuyên truyền"},
        {"“tuyen truyen”  2020", "“tuyên truyền”  2020"},
        {"kinh-te", "kinh-tế"},
        {"+hien ke", "+hiến kế"},
    };
    for (const auto& c : cases) EXPECT_EQ(show(dym(c.typed)), c.expected) << c.typed;
}

TEST_F(SuggestCorpus, NothingBetter) {
    for (const char* q : {
             "Hiến kế",
             "tuyên truyền",
             "Ban Tuyên giáo Tỉnh ủy",
             "hiến kế ban tuyên giáo",
             "152-KH/TU",
             "so:152-KH/TU",
             "2020",
             "nam:2020..2022",
             "AND OR NOT",
             "(",
             "\"\"",
             "...",
             "",
             "   ",
             "ma",        // "ma" is itself the most frequent spelling (Buôn Ma Thuột)
             "qqqqzzzz",  // unknown, nothing near
             "https://dangcongsan.vn/tin-tuc",
         }) {
        EXPECT_EQ(show(dym(q)), "(none)") << q;
    }
}

TEST_F(SuggestCorpus, NeverThrows) {
    std::vector<std::string> inputs = {"\xff\xfe hien \xc3",
                                       "hien\xe1\xbb ke",
                                       std::string(1 << 20, 'a'),
                                       std::string("hien\0ke", 7),
                                       "\t\n\r\f\v",
                                       "((((((((((",
                                       "))))",
                                       "\"hien ke",
                                       "so:",
                                       "coquan:",
                                       "-",
                                       "--",
                                       "+-+-",
                                       "NOT",
                                       "so:xyz hien ke",
                                       "ngay:31/02/2020 ke hoach",
                                       "\xcc\x81\xcc\x81 ke",
                                       "Ð",
                                       std::string(3000, '(')};
    std::string many;
    for (int i = 0; i < 100; ++i) many += "hien ke ";  // 800 bytes: the parser takes 1000
    inputs.push_back(many);
    std::string long_word(500, 'x');
    inputs.push_back(long_word + " ke");
    for (const auto& in : inputs) {
        std::optional<std::string> r;
        EXPECT_NO_THROW(r = dym(in)) << in.substr(0, 40);
        if (r) {
            EXPECT_TRUE(vanthu::core::is_valid_utf8(*r)) << in.substr(0, 40);
        }
        std::vector<Completion> cs;
        EXPECT_NO_THROW(cs = complete(in)) << in.substr(0, 40);
        for (const auto& c : cs) EXPECT_TRUE(vanthu::core::is_valid_utf8(c.text));
    }
    // Many words: only the first ones change, and the call stays bounded.
    const auto r = dym(many);
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->rfind("hiến kế hiến kế ", 0), 0u) << *r;
    EXPECT_EQ(r->substr(r->size() - 16), "hien ke hien ke ") << *r;
}

TEST_F(SuggestCorpus, CompletesNumbers) {
    // A number carried by a document of the index: with that document.
    auto cs = complete("01-bc");
    ASSERT_FALSE(cs.empty());
    EXPECT_EQ(cs[0].kind, "number");
    EXPECT_EQ(cs[0].text, "01-BC/BTC");
    EXPECT_NE(cs[0].docid, 0u);
    EXPECT_EQ(cs[0].detail, "Báo cáo · 2020-10-30");
    // Leading zeros and diacritics do not matter.
    EXPECT_TRUE(has(complete("1-BC"), "number", "01-BC/BTC")) << show(complete("1-BC"));
    EXPECT_TRUE(has(complete("853"), "number", "853-CV/BTGTU"));
    EXPECT_TRUE(has(complete("461/kh"), "number", "461/KH-UBND"));
    // 152-KH/TU is only cited (000 and 001 cite it): offered with the citation's type and date,
    // no document, and how many documents cite it.
    for (const char* typed : {"152", "152-kh", "152-KH/", "152 -kh"}) {
        cs = complete(typed);
        ASSERT_FALSE(cs.empty()) << typed;
        EXPECT_EQ(cs[0].kind, "number") << typed;
        EXPECT_EQ(cs[0].text, "152-KH/TU") << typed;
        EXPECT_EQ(cs[0].docid, 0u);
        EXPECT_GT(cs[0].count, 0u);
        EXPECT_EQ(cs[0].detail, "Kế hoạch · 2020-02-26");
    }
    // Typed without Đ, a field prefix kept.
    EXPECT_TRUE(has(complete("so:91/2017/nd"), "number", "so:91/2017/NĐ-CP"))
        << show(complete("so:91/2017/nd"));
    // The last chunk of a longer text.
    EXPECT_TRUE(has(complete("ke hoach 15"), "number", "152-KH/TU"));
    EXPECT_TRUE(has(complete("ke hoach 15"), "query", "kế hoạch 15"));
    EXPECT_TRUE(complete("999999").empty());
    EXPECT_LE(complete("1", 3).size(), 3u);
}

TEST_F(SuggestCorpus, CompletesIssuersTitlesAndQueries) {
    auto cs = complete("ban tuyen");
    EXPECT_TRUE(has(cs, "issuer", "BAN TUYÊN GIÁO – TỈNH ỦY ĐẮK LẮK")) << show(cs);
    EXPECT_TRUE(has(cs, "query", "ban tuyên")) << show(cs);
    for (const auto& c : cs) {
        if (c.kind == "issuer") {
            EXPECT_GT(c.count, 0u);
        }
    }
    cs = complete("tuyen gi");  // the last word is a prefix
    EXPECT_TRUE(has(cs, "issuer", "BAN TUYÊN GIÁO – TỈNH ỦY ĐẮK LẮK")) << show(cs);

    // Titles: every word, the last one as a prefix, diacritics optional.
    cs = complete("phat trien du");
    EXPECT_TRUE(has(cs, "title",
                    "Phát triển du lịch cộng đồng gắn với bảo tồn Không gian văn hóa cồng chiêng"))
        << show(cs);
    cs = complete("sau rie");
    EXPECT_TRUE(
        has(cs, "title", "Quy hoạch vùng trồng sầu riêng đạt chuẩn xuất khẩu tại huyện Krông Pắc"))
        << show(cs);
    cs = complete("Tổ chức phát động");
    const auto title = std::find_if(cs.begin(), cs.end(), [](const Completion& c) {
        return c.kind == "title" && c.text.find("phong trào thi đua") != std::string::npos;
    });
    ASSERT_NE(title, cs.end()) << show(cs);
    EXPECT_NE(title->docid, 0u);
    EXPECT_EQ(title->detail, "Kế hoạch · 2022-08-11");
    // Each title once, though the seed is indexed as PDF, DOCX and TXT.
    for (std::size_t i = 0; i < cs.size(); ++i) {
        for (std::size_t j = i + 1; j < cs.size(); ++j) EXPECT_NE(cs[i].text, cs[j].text);
    }
    // Already accented: no "query" completion.
    cs = complete("tuyên truyền");
    EXPECT_FALSE(std::any_of(cs.begin(), cs.end(), [](auto& c) { return c.kind == "query"; }));
    // Limits.
    EXPECT_LE(complete("t", 2).size(), 2u);
    EXPECT_TRUE(complete("t", 0).empty());
    EXPECT_TRUE(complete("", 8).empty());
}

TEST_F(SuggestCorpus, ConcurrentCalls) {
    const std::string expected = show(dym("ban tuyen giao"));
    const std::string expected_c = show(complete("ban tuyen"));
    std::vector<std::thread> threads;
    std::vector<int> ok(4, 0);
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&, t] {
            Xapian::Database db((s_dir->path() / "ix").string());  // a handle of its own
            for (int i = 0; i < 20; ++i) {
                if (show(s_suggester->did_you_mean("ban tuyen giao", db)) == expected &&
                    show(s_suggester->complete("ban tuyen", 8, db)) == expected_c) {
                    ++ok[t];
                }
            }
        });
    }
    for (auto& th : threads) th.join();
    for (int t = 0; t < 4; ++t) EXPECT_EQ(ok[t], 20);
}

TEST_F(SuggestCorpus, RevisionAndLatency) {
    EXPECT_EQ(s_suggester->revision(), s_db->get_revision());
    Xapian::Database db = *s_db;
    const auto start = std::chrono::steady_clock::now();
    constexpr int kCalls = 50;
    for (int i = 0; i < kCalls; ++i) {
        (void)s_suggester->did_you_mean("ke hoach phong chong dich", db);
        (void)s_suggester->complete("ban tuyen", 8, db);
    }
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
            .count() /
        kCalls;
    std::cout << "[ suggest ] corpus: did_you_mean + complete " << ms << " ms per pair\n";
}

// A small archive with one document stamped MẬT: nothing that only it has may be suggested when
// secrets are hidden, and everything when they are not.
class SuggestSecret : public ::testing::Test {
  protected:
    void SetUp() override {
        const fs::path docs = m_dir.path() / "docs";
        fs::create_directories(docs);
        write(docs / "mat.txt",
              "TỈNH ỦY ĐẮK LẮK\n"
              "BAN CƠ YẾU ĐẶC BIỆT\n"
              "MẬT\n"
              "Số 777-KH/TU\n"
              "\n"
              "ĐẢNG CỘNG SẢN VIỆT NAM\n"
              "Đắk Lắk, ngày 5 tháng 3 năm 2021\n"
              "\n"
              "KẾ HOẠCH\n"
              "triển khai bíchkỳquái trong toàn tỉnh\n"
              "\n"
              "Bảo đảm hòa bình. Giữ vững hòa bình. Vì hòa bình và bíchkỳquái.\n");
        write(docs / "a.txt",
              "Số: 12/UBND-VX\n"
              "Đắk Lắk, ngày 4 tháng 3 năm 2021\n"
              "V/v trồng hoa trong khuôn viên\n"
              "\n"
              "Trồng hoa hồng, hoa cúc. Cuộc sống bình yên.\n");
        write(docs / "b.txt",
              "Số: 13/UBND-VX\n"
              "Đắk Lắk, ngày 6 tháng 3 năm 2021\n"
              "V/v hội thi cắm hoa\n"
              "\n"
              "Hội thi cắm hoa. Hòa giải ở cơ sở.\n");
        m_index = index_folders({docs}, m_dir.path() / "ix");
    }
    static void write(const fs::path& p, const std::string& text) {
        std::ofstream(p, std::ios::binary) << text;
    }
    vanthu::test::TempDir m_dir;
    fs::path m_index;
};

TEST_F(SuggestSecret, HiddenOrShown) {
    Xapian::Database db(m_index.string());
    ASSERT_EQ(db.get_termfreq("XMmat"), 1u) << "the stamp was not read";
    const Suggester hidden(db, SuggestOptions{true});
    const Suggester shown(db, SuggestOptions{false});

    EXPECT_EQ(show(shown.did_you_mean("bichkyquai", db)), "bíchkỳquái");
    EXPECT_EQ(show(hidden.did_you_mean("bichkyquai", db)), "(none)");
    EXPECT_EQ(show(shown.did_you_mean("cuoc song bichkyquai", db)), "cuộc sống bíchkỳquái");
    EXPECT_EQ(show(hidden.did_you_mean("cuoc song bichkyquai", db)), "cuộc sống bichkyquai");
    // "triển khai" is only in the secret document.
    EXPECT_EQ(show(shown.did_you_mean("trien khai", db)), "triển khai");
    EXPECT_EQ(show(hidden.did_you_mean("trien khai", db)), "(none)");
    // A typo is not corrected into a secret word either.
    EXPECT_EQ(show(shown.did_you_mean("bichkyquei", db)), "bíchkỳquái");
    EXPECT_EQ(show(hidden.did_you_mean("bichkyquei", db)), "(none)");
    // "hòa bình" is a pair only in the secret document: hidden, "hoa" is the more frequent
    // spelling and no pair says otherwise.
    EXPECT_EQ(show(shown.did_you_mean("hoa binh", db)), "hòa bình");
    EXPECT_EQ(show(hidden.did_you_mean("hoa binh", db)), "hoa bình");

    for (const char* typed : {"777", "bichky", "trien khai bich", "ban co yeu", "dac biet"}) {
        const auto h = hidden.complete(typed, 10, db);
        const auto s = shown.complete(typed, 10, db);
        EXPECT_FALSE(shows_secret(h)) << typed << "\n" << show(h);
        EXPECT_TRUE(shows_secret(s)) << typed << "\n" << show(s);
    }
    EXPECT_TRUE(has(shown.complete("777", 5, db), "number", "777-KH/TU"));
    EXPECT_TRUE(
        has(shown.complete("ban co", 5, db), "issuer", "BAN CƠ YẾU ĐẶC BIỆT – TỈNH ỦY ĐẮK LẮK"))
        << show(shown.complete("ban co", 5, db));
    // Public numbers are still there.
    EXPECT_TRUE(has(hidden.complete("12/ub", 5, db), "number", "12/UBND-VX"));
}

// Pair counts are remembered per revision of the index: after a commit that makes "hoa bình" a
// common pair, the same Suggester (a server keeps one until its next is built) counts again.
TEST_F(SuggestSecret, PairCountsFollowTheRevision) {
    Xapian::Database db(m_index.string());
    const Suggester shown(db, SuggestOptions{false});
    EXPECT_EQ(show(shown.did_you_mean("hoa binh", db)), "hòa bình");
    EXPECT_EQ(show(shown.did_you_mean("hoa binh", db)), "hòa bình");  // from what it remembers
    const Xapian::rev before = db.get_revision();
    for (const char* name : {"c.txt", "d.txt", "e.txt"}) {
        write(m_dir.path() / "docs" / name,
              "Số: 14/UBND-VX\n"
              "V/v cắm hoa\n"
              "\n"
              "Cắm hoa bình thường. Những bó hoa bình dị.\n");
    }
    index_folders({m_dir.path() / "docs"}, m_dir.path() / "ix");
    ASSERT_TRUE(db.reopen());
    ASSERT_GT(db.get_revision(), before);
    EXPECT_EQ(show(shown.did_you_mean("hoa binh", db)), "hoa bình");
    EXPECT_EQ(show(Suggester(db, SuggestOptions{false}).did_you_mean("hoa binh", db)), "hoa bình");
}

// ---- measurement (not asserted) --------------------------------------------------------------

// Heap bytes in use (what the Suggester keeps, unlike RSS, which also holds freed memory).
std::size_t heap_in_use() {
    const struct mallinfo2 m = mallinfo2();
    return m.uordblks + m.hblkhd;
}

long rss_kib() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind("VmRSS:", 0) == 0) return std::atol(line.c_str() + 6);
    }
    return -1;
}

// A synthetic archive of VANTHU_SUGGEST_BENCH documents (100000 when set to 1): words drawn
// with a Zipf law from the seeds' vocabulary plus a long tail of made-up syllables, an own
// number of its own, an issuer among 300, a title, a date, 1% of them secret. With
// VANTHU_SUGGEST_BENCH_INDEX=DIR the index is written there once and reused by later runs
// (then RSS is measured in a process that did not write it).
TEST(SuggestBench, SyntheticArchive) {
    const char* env = std::getenv("VANTHU_SUGGEST_BENCH");
    if (env == nullptr) GTEST_SKIP() << "set VANTHU_SUGGEST_BENCH=1 (or a document count) to run";
    std::size_t n_docs = std::strtoul(env, nullptr, 10);
    if (n_docs <= 1) n_docs = 100000;

    std::vector<std::string> vocab;
    {
        const auto& analyzer = vanthu::test::test_analyzer();
        std::map<std::string, int> counts;
        for (const auto& e : fs::directory_iterator(kSource / "corpus" / "seeds")) {
            if (e.path().extension() != ".txt") continue;
            std::ifstream in(e.path(), std::ios::binary);
            std::stringstream ss;
            ss << in.rdbuf();
            for (const auto& t : analyzer.tokens(analyzer.normalize(ss.str()))) {
                if (t.exact.find_first_of("0123456789") == std::string::npos) ++counts[t.exact];
            }
        }
        std::vector<std::pair<int, std::string>> sorted;
        for (auto& [w, c] : counts) sorted.emplace_back(c, w);
        std::sort(sorted.rbegin(), sorted.rend());
        for (auto& [c, w] : sorted) vocab.push_back(w);
        std::mt19937 rng(7);
        const char* onsets[] = {"b",  "c",  "d",  "đ", "g", "h",  "k",  "l", "m", "n",  "ng",
                                "nh", "ph", "qu", "s", "t", "th", "tr", "v", "x", "kh", "gi"};
        const char* rhymes[] = {"a",   "an",  "ang", "anh", "ao",  "ai",   "ấn", "ầu", "ệt", "ình",
                                "ống", "ước", "ưu",  "iêm", "oan", "uyên", "ác", "ẹp", "õi", "ủy"};
        for (int i = 0; i < 150000; ++i) {
            std::string w = std::string(onsets[rng() % 22]) + rhymes[rng() % 20];
            if (rng() % 3 != 0) w += std::string(onsets[rng() % 22]) + rhymes[rng() % 20];
            if (rng() % 3 == 0) w += std::string(onsets[rng() % 22]) + rhymes[rng() % 20];
            vocab.push_back(vanthu::core::canonical_word(w));
        }
    }
    std::vector<std::string> issuers;
    for (int i = 0; i < 300; ++i) {
        issuers.push_back("Sở " + vocab[(i * 7) % 500] + " " + vocab[(i * 13 + 3) % 500] + " " +
                          std::to_string(i));
    }
    const char* codes[] = {"KH", "BC", "CV", "QĐ", "TB", "HD"};

    vanthu::test::TempDir dir;
    const char* keep = std::getenv("VANTHU_SUGGEST_BENCH_INDEX");
    const std::string path = keep ? std::string(keep) : (dir.path() / "ix").string();
    const bool reuse = keep && fs::exists(fs::path(path) / "iamglass");
    auto t0 = std::chrono::steady_clock::now();
    if (!reuse) {
        Xapian::WritableDatabase wdb(path, Xapian::DB_CREATE_OR_OVERWRITE);
        vanthu::test::mark_schema(wdb);
        std::mt19937 rng(42);
        std::vector<double> weights(vocab.size());
        for (std::size_t i = 0; i < weights.size(); ++i) weights[i] = 1.0 / double(i + 1);
        std::discrete_distribution<std::size_t> zipf(weights.begin(), weights.end());
        for (std::size_t d = 0; d < n_docs; ++d) {
            std::string body;
            for (int k = 0; k < 200; ++k) body += vocab[zipf(rng)] + (k % 15 == 14 ? ".\n" : " ");
            std::string title;
            for (int k = 0; k < 8; ++k) title += vocab[zipf(rng)] + " ";
            Xapian::Document doc;
            const std::string code = codes[d % 6];
            const std::string number = std::to_string(d / 6 + 1) + "/" + code + "-UBND";
            const std::string issuer = issuers[d % issuers.size()];
            const std::string date = std::to_string(2000 + d % 25) + "-0" +
                                     std::to_string(1 + d % 9) + "-1" + std::to_string(d % 10);
            vanthu::test::FieldDoc fd;
            fd.name = "d" + std::to_string(d) + ".txt";
            fd.body = body;
            fd.number = number;
            fd.type_code = code;
            fd.issuer = issuer;
            fd.title = title;
            fd.date = date;
            const Xapian::docid id = vanthu::test::add_field_document(wdb, fd);
            if (d % 100 == 0) {
                Xapian::Document secret = wdb.get_document(id);
                secret.add_boolean_term("XMmat");
                wdb.replace_document(id, secret);
            }
            if (d % 20000 == 19999) wdb.commit();
        }
        wdb.commit();
    }
    const double write_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

    Xapian::Database db(path);
    std::cout << "[ suggest ] " << db.get_doccount() << " docs, "
              << fs::file_size(path + "/termlist.glass") / 1048576 << " MiB termlist; RSS before "
              << rss_kib() / 1024 << " MiB\n";
    for (bool hide : {false, true}) {
        const long before = rss_kib();
        const std::size_t heap_before = heap_in_use();
        t0 = std::chrono::steady_clock::now();
        auto s = std::make_unique<Suggester>(db, SuggestOptions{hide});
        const double build_s =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        const long after = rss_kib();
        const std::size_t heap_after = heap_in_use();
        const char* queries[] = {"ke hoach phong chong dich",
                                 "hien ke",
                                 "ban tuyen giao",
                                 "tuyen truyen van dong nhan dan thuc hien",
                                 "tuyeen truyen",
                                 "so:12/KH-UBND thuc hien ke hoach"};
        int calls = 0;
        double total_ms = 0;
        for (const char* q : queries) {
            t0 = std::chrono::steady_clock::now();
            for (int rep = 0; rep < 5; ++rep) (void)s->did_you_mean(q, db);
            const double ms =
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0)
                    .count();
            total_ms += ms;
            calls += 5;
            if (!hide) std::cout << "            " << q << ": " << ms / 5 << " ms\n";
        }
        const double dym_ms = total_ms / calls;
        const char* prefixes[] = {"1", "15", "152/kh", "so", "so ke", "ke hoach ph", "thuc hi"};
        calls = 0;
        total_ms = 0;
        for (const char* p : prefixes) {
            t0 = std::chrono::steady_clock::now();
            for (int rep = 0; rep < 5; ++rep) (void)s->complete(p, 8, db);
            const double ms =
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0)
                    .count();
            total_ms += ms;
            calls += 5;
            if (!hide) std::cout << "            complete " << p << ": " << ms / 5 << " ms\n";
        }
        const double comp_ms = total_ms / calls;
        std::cout << "[ suggest ] "
                  << (reuse ? "reused index" : "written in " + std::to_string(write_s) + " s")
                  << ", hide_secret=" << hide << ": build " << build_s << " s, heap kept "
                  << (heap_after - heap_before) / 1048576 << " MiB, RSS +"
                  << (after - before) / 1024 << " MiB (now " << after / 1024
                  << " MiB), did_you_mean " << dym_ms << " ms/call, complete " << comp_ms
                  << " ms/call\n"
                  << "            e.g. " << show(s->did_you_mean("ke hoach phong chong dich", db))
                  << "\n"
                  << show(s->complete("ke hoach ph", 4, db)) << show(s->complete("15", 4, db))
                  << show(s->complete("so ", 4, db));
    }
}

}  // namespace
