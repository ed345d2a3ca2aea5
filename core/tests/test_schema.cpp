// The index schema's helpers: unique ids and the stored text's packing, on the seeds.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "vanthu/core/analyzer.hpp"
#include "vanthu/core/schema.hpp"

namespace vanthu::schema {
namespace {

using core::Analyzer;
using core::Token;

// The text seeds, path -> contents.
std::map<std::filesystem::path, std::string> seed_texts() {
    std::map<std::filesystem::path, std::string> out;
    for (const auto& entry : std::filesystem::directory_iterator(
             std::filesystem::path(VANTHU_SHARED_DIR) / "data/seeds")) {
        if (entry.path().extension() != ".txt") continue;
        std::ifstream in(entry.path(), std::ios::binary);
        std::ostringstream text;
        text << in.rdbuf();
        out[entry.path()] = text.str();
    }
    return out;
}

std::string read_seeds() {
    std::string all;
    for (const auto& [path, text] : seed_texts()) all += text;
    return all;
}

TEST(PackText, EverySeedComesBackWhole) {
    const auto seeds = seed_texts();
    ASSERT_FALSE(seeds.empty());
    for (const auto& [path, text] : seeds) {
        const std::string packed = pack_text(text);
        EXPECT_EQ(unpack_text(packed), text) << path;
        // Vietnamese administrative text deflates to well under its size.
        if (text.size() > 2000) {
            EXPECT_LT(packed.size(), text.size() * 7 / 10) << path;
        }
    }
}

TEST(PackText, ShortTextIsKeptAsItIs) {
    EXPECT_EQ(pack_text(""), "");
    EXPECT_EQ(unpack_text(""), "");
    const std::string word = "Hiến kế";
    const std::string packed = pack_text(word);
    EXPECT_EQ(packed.size(), word.size() + 1);
    EXPECT_EQ(unpack_text(packed), word);
}

TEST(PackText, TheLongestStoredTextComesBack) {
    std::string text = read_seeds();
    ASSERT_FALSE(text.empty());
    while (text.size() < kMaxStoredText) text += text;
    text.resize(kMaxStoredText);
    EXPECT_EQ(unpack_text(pack_text(text)), text);
}

TEST(PackText, ADamagedValueGivesNothing) {
    const std::string seeds = read_seeds();
    const std::string text = seeds.substr(0, 5000);
    std::string packed = pack_text(text);
    ASSERT_EQ(packed.front(), 'Z');
    // Cut short, bytes flipped, a length beyond the cap, an unknown first byte: "", no throw.
    EXPECT_EQ(unpack_text(packed.substr(0, packed.size() / 2)), "");
    std::string flipped = packed;
    for (std::size_t i = 10; i < flipped.size(); i += 7)
        flipped[i] = static_cast<char>(~flipped[i]);
    EXPECT_EQ(unpack_text(flipped), "");
    std::string huge = packed;
    huge[4] = '\x7f';
    EXPECT_EQ(unpack_text(huge), "");
    EXPECT_EQ(unpack_text("Số: 461/KH-UBND"), "");
    EXPECT_EQ(unpack_text("Z12"), "");
}

// Every prefix the reader gives is the text's own prefix, of exactly the length asked for (or
// the whole text), whatever the order of the requests; views stay valid as it reads on.
TEST(TextReader, PrefixesAreTheTextsOwn) {
    std::string longest = read_seeds();
    while (longest.size() < kMaxStoredText) longest += longest;
    longest.resize(kMaxStoredText);
    std::vector<std::string> texts{longest, "Hiến kế"};
    for (const auto& [path, text] : seed_texts()) texts.push_back(text);
    for (const std::string& text : texts) {
        TextReader reader(pack_text(text));
        const std::string_view first = reader.prefix(100);
        EXPECT_EQ(first, text.substr(0, 100));
        for (std::size_t n : {std::size_t{1}, std::size_t{5000}, std::size_t{4097},
                              std::size_t{70000}, text.size() - 1, text.size(), text.size() + 1}) {
            const std::string_view got = reader.prefix(n);
            EXPECT_EQ(got.size(), std::min(n, text.size())) << n;
            EXPECT_EQ(got, std::string_view(text).substr(0, n)) << n;
        }
        EXPECT_EQ(reader.all(), text);
        EXPECT_EQ(first, text.substr(0, 100));  // the first view still reads the same
        EXPECT_EQ(reader.read(), text);
    }
}

TEST(TextReader, ReadsOnlyAsFarAsAsked) {
    std::string text = read_seeds();
    while (text.size() < kMaxStoredText) text += text;
    text.resize(kMaxStoredText);
    TextReader reader(pack_text(text));
    EXPECT_TRUE(reader.read().empty());
    EXPECT_EQ(reader.prefix(2000).size(), 2000U);
    EXPECT_LT(reader.read().size(), 64U * 1024);
    EXPECT_EQ(reader.read(), std::string_view(text).substr(0, reader.read().size()));
}

// A damaged value reads as its text up to the damage and then ends, without a throw; a value
// that is not a packed text reads as "".
TEST(TextReader, ADamagedValueEndsEarly) {
    const std::string text = read_seeds().substr(0, 50000);
    const std::string packed = pack_text(text);
    ASSERT_EQ(packed.front(), 'Z');
    TextReader cut(packed.substr(0, packed.size() / 2));
    const std::string_view got = cut.all();
    EXPECT_LT(got.size(), text.size());
    EXPECT_GT(got.size(), 0U);
    EXPECT_EQ(got, std::string_view(text).substr(0, got.size()));
    std::string flipped = packed;
    for (std::size_t i = packed.size() / 2; i < flipped.size(); i += 7) {
        flipped[i] = static_cast<char>(~flipped[i]);
    }
    TextReader damaged(flipped);
    EXPECT_LE(damaged.all().size(), text.size());
    std::string huge = packed;
    huge[4] = '\x7f';
    EXPECT_EQ(TextReader(huge).all(), "");
    EXPECT_EQ(TextReader("Số: 461/KH-UBND").all(), "");
    EXPECT_EQ(TextReader("Z12").all(), "");
    EXPECT_EQ(TextReader("").all(), "");
}

// The words of a seed: exact and folded terms as docs/schema.md says, and one pair term for
// each two neighbouring words, across punctuation ("cán bộ, đảng viên" gives "XPbo dang"),
// never from one call's text into the next (a file name after the body).
TEST(IndexWords, PairsOfNeighbouringFoldedWords) {
    const Analyzer analyzer;
    const std::string text = analyzer.normalize(seed_texts().at(
        std::filesystem::path(VANTHU_SHARED_DIR) / "data/seeds/000_facaf5c070d1b321.txt"));
    Xapian::Document doc;
    const Xapian::termpos last = index_words(analyzer, doc, text, 0);
    const Xapian::termpos end =
        index_words(analyzer, doc, analyzer.normalize("Zeta ALPHA"), last + 10);
    EXPECT_EQ(end, last + 12);
    std::map<std::string, Xapian::termcount> wdf;
    for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it) wdf[*it] = it.get_wdf();
    // The words themselves: exact spelling without positions, folded spelling with them.
    EXPECT_TRUE(wdf.contains("cán"));
    EXPECT_TRUE(wdf.contains("XFcan"));
    EXPECT_FALSE(wdf.contains("XFcán"));
    EXPECT_TRUE(wdf.contains("XPcan bo"));
    EXPECT_TRUE(wdf.contains("XPbo dang"));
    EXPECT_TRUE(wdf.contains("XPdang vien"));
    EXPECT_TRUE(wdf.contains("XPzeta alpha"));
    EXPECT_EQ(wdf.count(pair_term("can", "bo")), 1u);
    // Every neighbouring pair of the text, as often as it stands there, and nothing else.
    std::vector<std::string> folded;
    analyzer.tokenize(text, [&](const Token& t) { folded.push_back(t.folded); });
    ASSERT_GT(folded.size(), 100u);
    std::map<std::string, Xapian::termcount> expected;
    for (std::size_t k = 1; k < folded.size(); ++k) ++expected[pair_term(folded[k - 1], folded[k])];
    ++expected["XPzeta alpha"];
    std::map<std::string, Xapian::termcount> pairs;
    for (const auto& [term, n] : wdf) {
        if (term.starts_with(kPrefixPair)) pairs[term] = n;
    }
    EXPECT_EQ(pairs, expected);
    EXPECT_GT(expected.at("XPcan bo"), 1u);
    // Positions stay on the single words.
    auto it = doc.termlist_begin();
    it.skip_to("XFcan");
    EXPECT_GT(it.positionlist_count(), 1u);
    it.skip_to("XPcan bo");
    EXPECT_EQ(it.positionlist_count(), 0u);
}

TEST(IndexWords, TheLongestWordsMakeAPair) {
    const Analyzer analyzer;
    // Two words of 64 bytes (the longest token) make a pair term of 2 + 64 + 1 + 64 bytes,
    // well within Xapian's limit.
    const std::string a(64, 'a');
    const std::string b(64, 'b');
    Xapian::Document doc;
    index_words(analyzer, doc, analyzer.normalize(a + " " + b), 0);
    EXPECT_EQ(doc.termlist_count(), 3u);  // a, b, their pair
    EXPECT_EQ(pair_term(a, b).size(), 131u);
    EXPECT_LE(pair_term(a, b).size(), kMaxTermBytes);
}

}  // namespace
}  // namespace vanthu::schema
