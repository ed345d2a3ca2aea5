// The index schema's helpers: unique ids and the stored text's packing, on the seeds.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "vanthu/core/schema.hpp"

namespace vanthu::schema {
namespace {

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

}  // namespace
}  // namespace vanthu::schema
