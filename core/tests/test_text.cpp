// Normalisation, canonical tone placement and folding, on real strings from the seeds.
#include <gtest/gtest.h>

#include <string>

#include "vanthu/core/text.hpp"

using vanthu::core::canonical_word;
using vanthu::core::fold_text;
using vanthu::core::fold_word;
using vanthu::core::normalize_text;

namespace {

struct Case {
    std::string input;
    std::string expected;
};

// "Đắk Lắk" written decomposed, as Word on macOS and pastes deliver it.
const std::string kDakLakNfd =
    "\xC4\x90"
    "a\xCC\x86\xCC\x81k L"
    "a\xCC\x86\xCC\x81k";

}  // namespace

TEST(NormalizeText, CleansAndComposes) {
    const Case cases[] = {
        {kDakLakNfd, "Đắk Lắk"},
        {"\xC3\x90\xE1\xBA\xAFk N\xC3\xB4ng", "Đắk Nông"},    // Ð (U+00D0) for Đ
        {"T\xE1\xBB\x89nh\xC2\xA0\xE1\xBB\xA7y", "Tỉnh ủy"},  // NBSP
        {"\xEF\xBB\xBFK\xE1\xBA\xBF ho\xE1\xBA\xA1"
         "ch",
         "Kế hoạch"},                                                    // BOM
        {"tuy\xC3\xAAn\xE2\x80\x8B truy\xE1\xBB\x81n", "tuyên truyền"},  // zero-width space
        {"v\xC4\x83n\xC2\xADh\xC3\xB3"
         "a",
         "vănhóa"},  // soft hyphen removed
        {"Qu\xE1\xBB\x91"
         "c h\xE1\xBB\x99i\r\nkh\xC3\xB3"
         "a XI",
         "Quốc hội\nkhóa XI"},
        {"bad \xFF\xFE byte", "bad \xEF\xBF\xBD\xEF\xBF\xBD byte"},  // invalid -> U+FFFD
        {"cut \xE1\xBA", "cut \xEF\xBF\xBD\xEF\xBF\xBD"},            // truncated sequence
        {"\xC0\xAF", "\xEF\xBF\xBD\xEF\xBF\xBD"},                    // overlong '/'
        {"ascii only\ttab", "ascii only\ttab"},
    };
    for (const auto& c : cases) {
        EXPECT_EQ(normalize_text(c.input), c.expected) << c.input;
    }
}

TEST(NormalizeText, InvalidInputNeverThrows) {
    std::string junk;
    for (int i = 0; i < 4096; ++i) junk += static_cast<char>((i * 7919) & 0xFF);
    const std::string out = normalize_text(junk);
    EXPECT_TRUE(vanthu::core::is_valid_utf8(out));
    EXPECT_EQ(vanthu::core::first_invalid_utf8("ab\xC3"), 2u);
    EXPECT_EQ(vanthu::core::first_invalid_utf8("Đắk Lắk"), std::string_view::npos);
}

TEST(CanonicalWord, ToneVariantsMeet) {
    // Pairs that mean the same word and must give the same exact term.
    const std::pair<std::string, std::string> same[] = {
        {"hòa", "hoà"}, {"thủy", "thuỷ"}, {"khóa", "khoá"}, {"ủy", "uỷ"},   {"Ủy", "Uỷ"},
        {"hòe", "hoè"}, {"tùy", "tuỳ"},   {"lũy", "luỹ"},   {"HÒA", "hoà"}, {"Khoá", "khóa"},
        {"xoá", "xóa"}, {"hóa", "hoá"},   {"Thuỷ", "thủy"}, {"quý", "qúy"},
    };
    for (const auto& [a, b] : same) {
        EXPECT_EQ(canonical_word(a), canonical_word(b)) << a << " vs " << b;
    }
}

TEST(CanonicalWord, TraditionalPlacement) {
    const Case cases[] = {
        {"hoà", "hòa"},     {"thuỷ", "thủy"},   {"khoá", "khóa"},     {"Tỉnh", "tỉnh"},
        {"uỷ", "ủy"},       {"người", "người"}, {"ngoài", "ngoài"},   {"già", "già"},
        {"gì", "gì"},       {"giữ", "giữ"},     {"quý", "quý"},       {"toán", "toán"},
        {"hoàng", "hoàng"}, {"huỳnh", "huỳnh"}, {"thuyền", "thuyền"}, {"truyền", "truyền"},
        {"Đắk", "đắk"},     {"khuỷu", "khuỷu"}, {"mía", "mía"},       {"cửa", "cửa"},
        {"HIẾN", "hiến"},   {"Hiển", "hiển"},   {"covid", "covid"},   {"XIII", "xiii"},
        {"2020", "2020"},   {"QĐ", "qđ"},
    };
    for (const auto& c : cases) {
        EXPECT_EQ(canonical_word(c.input), c.expected) << c.input;
    }
}

TEST(CanonicalWord, MeaningLivesInTheMarks) {
    // ma má mà mả mã mạ are six words: canonical forms must stay distinct.
    const std::string words[] = {"ma", "má", "mà", "mả", "mã", "mạ"};
    for (std::size_t i = 0; i < 6; ++i) {
        for (std::size_t j = i + 1; j < 6; ++j) {
            EXPECT_NE(canonical_word(words[i]), canonical_word(words[j]));
        }
    }
    // Hiển (OCR slip) and Hiến are different exact terms with the same folded form.
    EXPECT_NE(canonical_word("Hiển"), canonical_word("Hiến"));
    EXPECT_EQ(fold_word("Hiển"), fold_word("Hiến"));
}

TEST(FoldWord, RemovesDiacriticsAndStrokedD) {
    const Case cases[] = {
        {"Đắk Lắk", "dak lak"},
        {"Đăk Lăk", "dak lak"},
        {"Đắc Nông", "dac nong"},
        {"tuyên truyền", "tuyen truyen"},
        {"Tỉnh uỷ", "tinh uy"},
        {"KHOÁ XI", "khoa xi"},
        {"Nghị định số 91/2017/NĐ-CP", "nghi dinh so 91/2017/nd-cp"},
        {"Cư Jút, Đắk R'lấp", "cu jut, dak r'lap"},
        {"Ủy ban nhân dân", "uy ban nhan dan"},
    };
    for (const auto& c : cases) {
        EXPECT_EQ(fold_text(c.input), c.expected) << c.input;
    }
    EXPECT_EQ(fold_text(normalize_text(kDakLakNfd)), "dak lak");
    EXPECT_EQ(fold_text(kDakLakNfd), "dak lak");  // even without normalising first
}
