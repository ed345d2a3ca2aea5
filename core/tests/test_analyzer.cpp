// The analyser: tokens, offsets and forms, the same for every spelling of a text.
#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "vanthu/core/analyzer.hpp"

using vanthu::core::Analyzer;

namespace {

std::vector<std::string> exact_terms(const Analyzer& a, const std::string& raw) {
    std::vector<std::string> out;
    for (const auto& t : a.tokens(a.normalize(raw))) out.push_back(t.exact);
    return out;
}

std::vector<std::string> folded_terms(const Analyzer& a, const std::string& raw) {
    std::vector<std::string> out;
    for (const auto& t : a.tokens(a.normalize(raw))) out.push_back(t.folded);
    return out;
}

}  // namespace

TEST(Analyzer, TokensOfASeedSentence) {
    Analyzer a;
    const std::string text = a.normalize(
        "Thực hiện Kế hoạch số 28-KH/TU, ngày 19/5/2021 của Ban Thường vụ Tỉnh ủy về đẩy mạnh");
    auto tokens = a.tokens(text);
    std::vector<std::string> exact;
    for (const auto& t : tokens) {
        exact.push_back(t.exact);
        EXPECT_EQ(text.substr(t.begin, t.end - t.begin).size(), t.end - t.begin);
    }
    const std::vector<std::string> expected = {
        "thực", "hiện", "kế",  "hoạch",  "số", "28",   "kh", "tu", "ngày", "19",  "5",
        "2021", "của",  "ban", "thường", "vụ", "tỉnh", "ủy", "về", "đẩy",  "mạnh"};
    EXPECT_EQ(exact, expected);
    EXPECT_EQ(text.substr(tokens[0].begin, tokens[0].end - tokens[0].begin), "Thực");
    EXPECT_EQ(tokens[16].folded, "tinh");
}

TEST(Analyzer, SpellingsMeet) {
    Analyzer a;
    // Same words, different encodings and tone placements: same exact terms.
    EXPECT_EQ(exact_terms(a, "Tỉnh uỷ Đắk Lắk hoà"), exact_terms(a, "TỈNH ỦY ĐẮK LẮK HÒA"));
    EXPECT_EQ(exact_terms(a, "Đắk Lắk"), exact_terms(a,
                                                     "\xC4\x90"
                                                     "a\xCC\x86\xCC\x81k L"
                                                     "a\xCC\x86\xCC\x81k"));
    EXPECT_EQ(exact_terms(a, "khoá XV"), exact_terms(a, "khóa XV"));
    // OCR slips share the folded form only.
    EXPECT_NE(exact_terms(a, "Hiển kế"), exact_terms(a, "Hiến kế"));
    EXPECT_EQ(folded_terms(a, "Hiển kế"), folded_terms(a, "hien ke"));
    EXPECT_EQ(folded_terms(a, "Đăk Lăk"), folded_terms(a, "dak lak"));
    EXPECT_EQ(folded_terms(a, "tinh Đăk Nông"), folded_terms(a, "Tỉnh Đắk Nông"));
}

// The forms of a word already seen are remembered (per thread, a bounded table): a word met
// again, after the table has been emptied, or in another thread, has the same forms as the
// first time.
TEST(Analyzer, RepeatedWordsKeepTheirForms) {
    Analyzer a;
    const std::string sentence = "Tỉnh uỷ Đắk Lắk HOÀ hoà hòa khoá";
    const std::vector<std::string> exact = {"tỉnh", "ủy",  "đắk", "lắk",
                                            "hòa",  "hòa", "hòa", "khóa"};
    const std::vector<std::string> folded = {"tinh", "uy",  "dak", "lak",
                                             "hoa",  "hoa", "hoa", "khoa"};
    EXPECT_EQ(exact_terms(a, sentence), exact);
    EXPECT_EQ(exact_terms(a, sentence), exact);
    EXPECT_EQ(folded_terms(a, sentence), folded);
    // More distinct words than the table holds: it is emptied on the way.
    std::string many;
    for (int i = 0; i < 40'000; ++i) many += "Đ" + std::to_string(i) + " ";
    const auto tokens = a.tokens(a.normalize(many));
    ASSERT_EQ(tokens.size(), 40'000U);
    EXPECT_EQ(tokens.front().exact, "đ0");
    EXPECT_EQ(tokens.back().exact, "đ39999");
    EXPECT_EQ(tokens.back().folded, "d39999");
    EXPECT_EQ(exact_terms(a, sentence), exact);
    std::vector<std::string> in_thread;
    std::thread([&] { in_thread = exact_terms(a, sentence); }).join();
    EXPECT_EQ(in_thread, exact);
}

TEST(Analyzer, NumbersAndDecimalsStayWhole) {
    Analyzer a;
    EXPECT_EQ(exact_terms(a, "đến 1.860.728 thuê bao, 6.509,27 km²"),
              (std::vector<std::string>{"đến", "1.860.728", "thuê", "bao", "6.509,27", "km"}));
    EXPECT_EQ(exact_terms(a, "COVID-19; (2021-2025)."),
              (std::vector<std::string>{"covid", "19", "2021", "2025"}));
}

TEST(Analyzer, LongRunsAreSkipped) {
    Analyzer a;
    const std::string long_word(Analyzer::kMaxTokenBytes + 1, 'a');
    EXPECT_EQ(exact_terms(a, "một " + long_word + " hai"),
              (std::vector<std::string>{"một", "hai"}));
}

TEST(Analyzer, FoldedTokensAreTheSameWordsWithoutTheExactForm) {
    Analyzer a;
    const std::string text = a.normalize(
        "Đẩy mạnh tuyên truyền Cuộc vận động \"Hiến kế xây dựng tỉnh Đắk Lắk\" năm 2020, "
        "1.860.728 đồng; HOÀ BÌNH, Thuỷ lợi");
    std::vector<vanthu::core::Token> full;
    a.tokenize(text, [&](const vanthu::core::Token& t) { full.push_back(t); });
    std::vector<vanthu::core::Token> folded;
    a.tokenize_folded(text, [&](const vanthu::core::Token& t) { folded.push_back(t); });
    ASSERT_EQ(folded.size(), full.size());
    for (std::size_t k = 0; k < full.size(); ++k) {
        EXPECT_EQ(folded[k].folded, full[k].folded) << k;
        EXPECT_EQ(folded[k].begin, full[k].begin) << k;
        EXPECT_EQ(folded[k].end, full[k].end) << k;
        EXPECT_TRUE(folded[k].exact.empty()) << k;
    }
    EXPECT_EQ(folded.front().folded, "day");
    EXPECT_EQ(folded.back().folded, "loi");
}

TEST(Analyzer, WordSpansAreTheTokensPlaces) {
    Analyzer a;
    const std::string text = a.normalize(
        "Thực hiện Kế hoạch số 28-KH/TU về \"Hiến kế xây dựng tỉnh Đắk Lắk\", 1.860.728 đồng");
    const std::vector<vanthu::core::Token> tokens = a.tokens(text);
    const auto spans = a.word_spans(text);
    ASSERT_EQ(spans.size(), tokens.size());
    for (std::size_t k = 0; k < tokens.size(); ++k) {
        EXPECT_EQ(spans[k].first, tokens[k].begin) << k;
        EXPECT_EQ(spans[k].second, tokens[k].end) << k;
    }
    // Position 10 (the indexer counts from 1) is the 10th span: "Hiến".
    EXPECT_EQ(text.substr(spans[9].first, spans[9].second - spans[9].first), "Hiến");
    // Stopped after the first words.
    const auto first = a.word_spans(text, 3);
    ASSERT_EQ(first.size(), 3u);
    EXPECT_EQ(text.substr(first[2].first, first[2].second - first[2].first), "Kế");
    EXPECT_EQ(a.word_spans(text, 1000).size(), tokens.size());
}
