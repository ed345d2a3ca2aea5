// The index schema's helpers: unique ids and the stored text's packing, on the seeds.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

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

}  // namespace
}  // namespace vanthu::schema
