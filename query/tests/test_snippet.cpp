// Snippets on sentences from the seeds: what is highlighted, where the window falls, and that
// the output is safe (valid UTF-8, HTML-escaped).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "vanthu/core/analyzer.hpp"
#include "vanthu/core/schema.hpp"
#include "vanthu/core/text.hpp"
#include "vanthu/query/query_parser.hpp"
#include "vanthu/query/snippet.hpp"

namespace {

using vanthu::core::Analyzer;

const Analyzer& analyzer() {
    static const Analyzer a;
    return a;
}

std::string snippet(std::string_view text, std::string_view query, std::size_t chars = 240) {
    const auto parsed = vanthu::query::QueryParser(analyzer()).parse(query);
    return vanthu::query::make_snippet(analyzer(), analyzer().normalize(text), parsed.highlight,
                                       chars);
}

// The text a reader sees: markup removed, entities left as they are.
std::string visible(const std::string& html) {
    std::string out;
    for (std::size_t i = 0; i < html.size(); ++i) {
        if (html.compare(i, 6, "<mark>") == 0) {
            i += 5;
        } else if (html.compare(i, 7, "</mark>") == 0) {
            i += 6;
        } else {
            out += html[i];
        }
    }
    return out;
}

std::size_t code_points(std::string_view s) {
    std::size_t n = 0;
    for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return n;
}

// Seed 000, footnote 1.
const std::string kSeed000 =
    "Kế hoạch số 152-KH/TU, ngày 26/02/2020 của Ban Thường vụ Tỉnh ủy về tổ chức Cuộc vận "
    "động “Hiển kế xây dựng và phát triển tỉnh Đắk Lắk giàu đẹp, văn minh”; Quy chế số "
    "03-QC/TU, ngày 04/3/2020 của Ban Thường vụ Tỉnh ủy về xét chọn, trao giải thưởng Cuộc vận "
    "động.";

TEST(Snippet, FoldedMatchIsHighlighted) {
    const std::string s = snippet(kSeed000, "hiến");
    EXPECT_NE(s.find("<mark>Hiển</mark> kế"), std::string::npos) << s;
}

TEST(Snippet, UnaccentedPlaceName) {
    const std::string s = snippet(kSeed000, "dak lak");
    EXPECT_NE(s.find("tỉnh <mark>Đắk</mark> <mark>Lắk</mark> giàu"), std::string::npos) << s;
}

TEST(Snippet, DocumentNumberIsHighlightedWhole) {
    const std::string s = snippet(kSeed000, "152-kh/tu");
    EXPECT_NE(s.find("số <mark>152-KH/TU</mark>, ngày"), std::string::npos) << s;
    EXPECT_EQ(s.find("<mark>03-QC/TU</mark>"), std::string::npos) << s;
    // The seed's stray space is kept inside the highlight.
    const std::string spaced =
        snippet("Công văn số 1758 -CV/BTGTU, ngày 23/4/2020", "1758-CV/BTGTU");
    EXPECT_NE(spaced.find("<mark>1758 -CV/BTGTU</mark>"), std::string::npos) << spaced;
}

TEST(Snippet, NumberWithoutDiacritics) {
    const std::string s =
        snippet("Nghị định số 91/2017/NĐ-CP ngày 31/7/2017 của Chính phủ", "91/2017/ND-CP");
    EXPECT_NE(s.find("<mark>91/2017/NĐ-CP</mark>"), std::string::npos) << s;
}

TEST(Snippet, ShortTextIsShownWhole) {
    EXPECT_EQ(snippet("Cuộc vận động Hiến kế", "hien"), "Cuộc vận động <mark>Hiến</mark> kế");
}

TEST(Snippet, WindowWithMostDistinctTermsWins) {
    std::string text;
    for (int i = 0; i < 20; ++i) text += "Ban Tuyên giáo chủ trì việc tổ chức các hoạt động. ";
    text += "Đẩy mạnh công tác tuyên truyền về Cuộc vận động. ";
    for (int i = 0; i < 20; ++i) text += "Ban Tuyên giáo chủ trì việc tổ chức các hoạt động. ";
    const std::string s = snippet(text, "tuyên truyền", 80);
    EXPECT_NE(s.find("<mark>tuyên</mark> <mark>truyền</mark>"), std::string::npos) << s;
    EXPECT_EQ(s.rfind("…", 0), 0u) << s;                // cut in front
    EXPECT_NE(s.find("…", 3), std::string::npos) << s;  // and at the end
}

TEST(Snippet, PhraseHitPreferred) {
    std::string text = "kế hoạch hiến pháp và các văn bản. ";
    for (int i = 0; i < 10; ++i) text += "nội dung khác của văn bản hành chính. ";
    text += "Cuộc vận động Hiến kế xây dựng tỉnh.";
    const std::string s = snippet(text, "hiến kế", 60);
    EXPECT_NE(s.find("<mark>Hiến</mark> <mark>kế</mark> xây"), std::string::npos) << s;
}

TEST(Snippet, LengthIsCountedInCodePointsAndCutOnWords) {
    std::string text;
    for (int i = 0; i < 100; ++i) text += "Đắk Lắk giàu đẹp văn minh ";
    for (std::size_t chars : {10u, 33u, 80u, 240u}) {
        const std::string s = snippet(text, "văn minh", chars);
        ASSERT_TRUE(vanthu::core::is_valid_utf8(s)) << s;
        std::string v = visible(s);
        // Ellipses aside, no more than asked for.
        std::size_t n = code_points(v);
        if (v.rfind("…", 0) == 0) --n;
        if (v.size() >= 3 && v.compare(v.size() - 3, 3, "…") == 0) --n;
        EXPECT_LE(n, chars) << s;
        // Every word shown is whole.
        const std::string words = " " + v + " ";
        for (std::string_view w : {" ắk ", " ắk", " k ", " ẹp ", " nh "}) {
            EXPECT_EQ(words.find(w), std::string::npos) << s;
        }
    }
}

TEST(Snippet, CutInsideAUtf8SequenceIsRepaired) {
    std::string text = analyzer().normalize("Tỉnh ủy Đắk Lắk");
    text.resize(text.size() - 2);  // as a byte cap on the stored text can do
    ASSERT_FALSE(vanthu::core::is_valid_utf8(text));
    const auto parsed = vanthu::query::QueryParser(analyzer()).parse("tỉnh");
    const std::string s = vanthu::query::make_snippet(analyzer(), text, parsed.highlight, 240);
    EXPECT_TRUE(vanthu::core::is_valid_utf8(s)) << s;
    EXPECT_EQ(s.rfind("<mark>Tỉnh</mark> ủy", 0), 0u) << s;
}

TEST(Snippet, HtmlIsEscaped) {
    const std::string s = snippet("Xem <b>Tỉnh ủy</b> & \"Sở\" 'x'", "tỉnh");
    EXPECT_EQ(s, "Xem &lt;b&gt;<mark>Tỉnh</mark> ủy&lt;/b&gt; &amp; &quot;Sở&quot; &#39;x&#39;");
    EXPECT_EQ(vanthu::query::html_escape("<a href=\"x\">&</a>"),
              "&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;");
}

TEST(Snippet, NewlinesBecomeSpaces) {
    EXPECT_EQ(snippet("TỈNH ỦY ĐẮK LẮK\nBAN TUYÊN GIÁO\n\n*\n", "tuyên"),
              "TỈNH ỦY ĐẮK LẮK BAN <mark>TUYÊN</mark> GIÁO *");
}

TEST(Snippet, NoMatchShowsTheStart) {
    std::string text;
    for (int i = 0; i < 50; ++i) text += "Đắk Lắk giàu đẹp văn minh ";
    const std::string s = snippet(text, "xyzzy", 30);
    EXPECT_EQ(s.rfind("Đắk Lắk giàu đẹp", 0), 0u) << s;
    EXPECT_EQ(s.find("<mark>"), std::string::npos) << s;
    EXPECT_EQ(s.substr(s.size() - 3), "…") << s;
}

TEST(Snippet, NegatedWordsAreNotHighlighted) {
    EXPECT_EQ(snippet("tuyên truyền", "tuyên -truyền"), "<mark>tuyên</mark> truyền");
}

TEST(Snippet, EmptyInputs) {
    EXPECT_EQ(snippet("", "tuyên"), "");
    EXPECT_EQ(snippet("tuyên truyền", "tuyên", 0), "");
}

// Long texts are scanned in growing prefixes; a match deep inside still wins, and one word
// early does not hide a later window that has every query word.
TEST(Snippet, LongTextsFindLateMatches) {
    std::string text;
    while (text.size() < 100000) text += "Ban Chấp hành Đảng bộ tỉnh lãnh đạo, chỉ đạo. ";
    const std::string late = text + "Cuộc vận động Hiến kế xây dựng tỉnh. " + text;
    EXPECT_NE(snippet(late, "hien ke").find("<mark>Hiến</mark> <mark>kế</mark>"),
              std::string::npos);
    const std::string split = "Hiến pháp. " + text + "Một hiến kế hay. " + text;
    EXPECT_NE(snippet(split, "hiến kế").find("<mark>hiến</mark> <mark>kế</mark>"),
              std::string::npos);
}

// Stored text cut inside a UTF-8 sequence far from the start is repaired like a short one.
TEST(Snippet, InvalidUtf8AfterTheFirstPartIsRepaired) {
    std::string text;
    while (text.size() < 20000) text += "tuyên truyền sâu rộng ";
    text += "kế hoạch \xE1\xBB";  // a truncated "ạ"
    const std::string s = vanthu::query::make_snippet(
        analyzer(), text, vanthu::query::QueryParser(analyzer()).parse("kế hoạch").highlight, 240);
    EXPECT_TRUE(vanthu::core::is_valid_utf8(s)) << s;
    EXPECT_NE(s.find("<mark>kế</mark> <mark>hoạch</mark>"), std::string::npos) << s;
}

// A packed stored text, inflated only as far as the snippet reads, gives the very snippet of
// the whole text: on every seed, for words from its start, middle and end, a word it lacks,
// its document numbers, and on long texts whose matches come late or never.
TEST(Snippet, APackedTextGivesTheSameSnippet) {
    std::vector<std::string> texts;
    for (const auto& entry : std::filesystem::directory_iterator(
             std::filesystem::path(VANTHU_SHARED_DIR) / "data/seeds")) {
        if (entry.path().extension() != ".txt") continue;
        std::ifstream in(entry.path(), std::ios::binary);
        std::ostringstream body;
        body << in.rdbuf();
        texts.push_back(analyzer().normalize(body.str()));
    }
    ASSERT_GE(texts.size(), 5U);
    std::string filler;
    while (filler.size() < 100000) filler += "Ban Chấp hành Đảng bộ tỉnh lãnh đạo, chỉ đạo. ";
    texts.push_back(filler + "Cuộc vận động Hiến kế xây dựng tỉnh. " + filler);
    texts.push_back(filler + "kế hoạch \xE1\xBB");  // cut inside a UTF-8 sequence
    std::size_t long_texts = 0;
    for (const std::string& text : texts) {
        const auto tokens = analyzer().tokens(text);
        ASSERT_FALSE(tokens.empty());
        std::vector<std::string> queries{"hien ke",
                                         "kế hoạch",
                                         "không có từ này",
                                         "tỉnh",
                                         tokens.front().exact,
                                         tokens[tokens.size() / 2].exact,
                                         tokens.back().exact};
        queries.push_back(tokens[tokens.size() / 3].exact + " " + tokens.back().exact);
        for (const auto& n : analyzer().numbers(text)) queries.push_back(n.number.canonical);
        const vanthu::query::QueryParser parser(analyzer());
        for (const std::string& query : queries) {
            const auto terms = parser.parse(query).highlight;
            for (std::size_t chars : {std::size_t{80}, std::size_t{240}}) {
                vanthu::schema::TextReader packed(vanthu::schema::pack_text(text));
                EXPECT_EQ(vanthu::query::make_snippet(analyzer(), packed, terms, chars),
                          vanthu::query::make_snippet(analyzer(), text, terms, chars))
                    << query << " in " << text.substr(0, 60);
            }
        }
        if (text.size() > 50000) ++long_texts;
    }
    EXPECT_EQ(long_texts, 2U);
}

// For a word near the start of a long text, only the start is inflated.
TEST(Snippet, AnEarlyMatchReadsOnlyTheStart) {
    std::string text = "Kế hoạch tuyên truyền. ";
    while (text.size() < 300000) text += "Ban Chấp hành Đảng bộ tỉnh lãnh đạo, chỉ đạo. ";
    vanthu::schema::TextReader packed(vanthu::schema::pack_text(text));
    const auto terms = vanthu::query::QueryParser(analyzer()).parse("kế hoạch").highlight;
    const std::string s = vanthu::query::make_snippet(analyzer(), packed, terms, 240);
    EXPECT_EQ(s.rfind("<mark>Kế</mark> <mark>hoạch</mark>", 0), 0U) << s;
    EXPECT_LT(packed.read().size(), 32U * 1024);
}

}  // namespace
