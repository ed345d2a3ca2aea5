// Document numbers: real variants from the seeds and from the An Giang records.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "vanthu/core/docnumber.hpp"
#include "vanthu/core/text.hpp"

using vanthu::core::find_doc_numbers;
using vanthu::core::NumberFamily;
using vanthu::core::parse_doc_number;
using vanthu::core::ScanMode;

namespace {

struct ParseCase {
    std::string input;
    std::string canonical;
    std::string key;
    std::string folded_key;
};

}  // namespace

TEST(ParseDocNumber, RealVariants) {
    const ParseCase cases[] = {
        {"152-KH/TU", "152-KH/TU", "152-kh/tu", "152-kh/tu"},
        {"461/KH-UBND", "461/KH-UBND", "461/kh-ubnd", "461/kh-ubnd"},
        {"91/2017/NĐ-CP", "91/2017/NĐ-CP", "91/2017/nđ-cp", "91/2017/nd-cp"},
        {"91/2017/ND-CP", "91/2017/ND-CP", "91/2017/nd-cp", "91/2017/nd-cp"},
        {"22/2003/QH11", "22/2003/QH11", "22/2003/qh11", "22/2003/qh11"},
        {"Số 01 -BC/BTC", "01-BC/BTC", "1-bc/btc", "1-bc/btc"},
        {"SỐ/853-CV/BTGTU", "853-CV/BTGTU", "853-cv/btgtu", "853-cv/btgtu"},
        {"Số: 461/KH-UBND", "461/KH-UBND", "461/kh-ubnd", "461/kh-ubnd"},
        {"1758 -CV/BTGTU", "1758-CV/BTGTU", "1758-cv/btgtu", "1758-cv/btgtu"},
        {"289/SDTTG- CSDT", "289/SDTTG-CSDT", "289/sdttg-csdt", "289/sdttg-csdt"},
        {"935 /STC-ĐTGS&QTVĐT", "935/STC-ĐTGS&QTVĐT", "935/stc-đtgs&qtvđt", "935/stc-dtgs&qtvdt"},
        {"09/2024/QĐ/UBND", "09/2024/QĐ-UBND", "9/2024/qđ-ubnd", "9/2024/qd-ubnd"},
        {"331/CAT-PC04", "331/CAT-PC04", "331/cat-pc04", "331/cat-pc04"},
        {"421/SGDĐT-QLCL&CNTT", "421/SGDĐT-QLCL&CNTT", "421/sgdđt-qlcl&cntt",
         "421/sgddt-qlcl&cntt"},
        {"259/SNV-XDCQ,CTTN&BĐG", "259/SNV-XDCQ,CTTN&BĐG", "259/snv-xdcq,cttn&bđg",
         "259/snv-xdcq,cttn&bdg"},
        {"1887/UBND-VP-KT", "1887/UBND-VP-KT", "1887/ubnd-vp-kt", "1887/ubnd-vp-kt"},
        {"131/BQLKKT", "131/BQLKKT", "131/bqlkkt", "131/bqlkkt"},
        {"1667/SDL-NgV", "1667/SDL-NgV", "1667/sdl-ngv", "1667/sdl-ngv"},
        {"\xC3\x90"
         "1/2020/QĐ-UBND",
         "", "", ""},  // starts with a letter: not a number
        {"13/2021/Q\xC3\x90-UBND", "13/2021/QĐ-UBND", "13/2021/qđ-ubnd", "13/2021/qd-ubnd"},
        {"08-QĐi/TW", "08-QĐi/TW", "8-qđi/tw", "8-qdi/tw"},
        {"19/CT-TTg", "19/CT-TTg", "19/ct-ttg", "19/ct-ttg"},
        {"152-kh/tu", "152-kh/tu", "152-kh/tu", "152-kh/tu"},
        {"77-/STTTT", "77/STTTT", "77/stttt", "77/stttt"},
    };
    for (const auto& c : cases) {
        auto n = parse_doc_number(c.input);
        if (c.canonical.empty()) {
            EXPECT_FALSE(n.has_value()) << c.input;
            continue;
        }
        ASSERT_TRUE(n.has_value()) << c.input;
        EXPECT_EQ(n->canonical, c.canonical) << c.input;
        EXPECT_EQ(n->key, c.key) << c.input;
        EXPECT_EQ(n->folded_key, c.folded_key) << c.input;
    }
    auto party = parse_doc_number("152-KH/TU");
    ASSERT_TRUE(party);
    EXPECT_EQ(party->family, NumberFamily::Party);
    EXPECT_EQ(party->number, "152");
    ASSERT_EQ(party->codes.size(), 2u);
    EXPECT_EQ(party->codes[0], "KH");
    struct Parts {
        std::string input, type, issuer;
    };
    for (const auto& c : std::vector<Parts>{{"461/KH-UBND", "KH", "UBND"},
                                            {"152-KH/TU", "KH", "TU"},
                                            {"91/2017/NĐ-CP", "NĐ", "CP"},
                                            {"12/UBND-VX", "", "UBND-VX"},
                                            {"752/STTTT-TTBCXB", "", "STTTT-TTBCXB"},
                                            {"22/2003/QH11", "", "QH11"},
                                            {"1758 -CV/BTGTU", "CV", "BTGTU"},
                                            {"1887/UBND-VP-KT", "", "UBND-VP-KT"},
                                            {"09/2024/QĐ/UBND", "QĐ", "UBND"},
                                            {"131/BQLKKT", "", "BQLKKT"}}) {
        auto n = parse_doc_number(c.input);
        ASSERT_TRUE(n) << c.input;
        EXPECT_EQ(n->type_code, c.type) << c.input;
        EXPECT_EQ(n->issuer_code, c.issuer) << c.input;
    }
    auto law = parse_doc_number("91/2015/QH13");
    ASSERT_TRUE(law);
    EXPECT_EQ(law->year, "2015");
    EXPECT_EQ(law->family, NumberFamily::State);
}

TEST(ParseDocNumber, NotNumbers) {
    for (const std::string s :
         {"26/02/2020", "30/11", "2021 - 2025", "2021-2025", "1.860.728", "Số: 4533", "COVID-19",
          "V/v", "ĐUC- 30b", "5/A", "", "Số", "11/2003, Quốc hội", "3/4 tỉnh", "152-KH"}) {
        EXPECT_FALSE(parse_doc_number(s).has_value()) << s;
    }
}

TEST(FindDocNumbers, SeedSentences) {
    struct Case {
        std::string text;
        std::vector<std::string> canonical;
    };
    const Case cases[] = {
        {"¹ Kế hoạch số 152-KH/TU, ngày 26/02/2020 của Ban Thường vụ Tỉnh ủy; Quy chế số "
         "03-QC/TU, ngày 04/3/2020",
         {"152-KH/TU", "03-QC/TU"}},
        {"⁴ Công văn số 1758 -CV/BTGTU, ngày 23/4/2020 về đẩy mạnh; Công văn Số 1853 -CV/BTGTU, "
         "ngày 22/6/2020",
         {"1758-CV/BTGTU", "1853-CV/BTGTU"}},
        {"TỈNH ỦY ĐẮK LẮK\nBAN TUYÊN GIÁO\n\n*\n\nSỐ/853-CV/BTGTU\n\nV/v đẩy mạnh",
         {"853-CV/BTGTU"}},
        {"Công văn số 77-/STTTT, ngày 04/6/2020 chỉ đạo", {"77/STTTT"}},
        {"Nghị quyết số 22/2003/QH11 chia tỉnh Đắk Lắk. Tháng 11/2003, Quốc hội khóa XI",
         {"22/2003/QH11"}},
        {"Nghị định số 91/2017/NĐ-CP ngày 31/7/2017 của Chính phủ", {"91/2017/NĐ-CP"}},
        {"giai đoạn 2021- 2025; Kế hoạch 5 năm (2021 - 2025); COVID-19; 1.350.000.000 đồng", {}},
        {"Lưu: VT. KGVX_(Nh-10b). ĐẾN Số: 4533 Ngày: 23/6", {}},
        {"Tờ trình số 55/TTr-STTTT ngày 17/6/2021", {"55/TTr-STTTT"}},
        // A PDF line wrapped after the hyphen; a wrap before a lower-case word is no number.
        {"Chỉ thị số 05-\nCT/TW, ngày 15/5/2016; năm 2021 -\nKế hoạch", {"05-CT/TW"}},
    };
    for (const auto& c : cases) {
        const std::string text = vanthu::core::normalize_text(c.text);
        auto found = find_doc_numbers(text);
        std::vector<std::string> got;
        for (const auto& m : found) {
            got.push_back(m.number.canonical);
            // Offsets point at the number as written.
            EXPECT_TRUE(text.substr(m.begin, m.end - m.begin).find('/') != std::string::npos);
        }
        EXPECT_EQ(got, c.canonical) << c.text;
    }
}

TEST(FindDocNumbers, QueryModeAcceptsLowerCase) {
    auto text = vanthu::core::normalize_text("so 152-kh/tu va 91/2017/nd-cp");
    EXPECT_TRUE(find_doc_numbers(text).empty());
    auto found = find_doc_numbers(text, ScanMode::Query);
    ASSERT_EQ(found.size(), 2u);
    EXPECT_EQ(found[0].number.key, "152-kh/tu");
    EXPECT_EQ(found[1].number.folded_key, "91/2017/nd-cp");
}

// Every An Giang record: its number parses, and is found again inside the sentence citing it.
TEST(FindDocNumbers, AnGiangRecords) {
    const std::filesystem::path file =
        std::filesystem::path(VANTHU_SHARED_DIR) / "data/angiang/documents.jsonl";
    if (!std::filesystem::exists(file)) GTEST_SKIP() << "shared data missing: " << file;
    std::ifstream in(file);
    std::string line;
    int records = 0;
    int parsed = 0;
    int found_in_mention = 0;
    std::vector<std::string> failures;
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        auto rec = nlohmann::json::parse(line);
        ++records;
        const std::string so_hieu = rec.at("so_hieu").get<std::string>();
        auto n = parse_doc_number(so_hieu);
        if (!n) {
            failures.push_back("parse: " + so_hieu);
            continue;
        }
        ++parsed;
        const std::string mention =
            vanthu::core::normalize_text(rec.value("mention", std::string()));
        // Some records lost the unit code after a stray space ("131/BQLKKT" for the
        // "131/BQLKKT- QLMT" of its sentence): the sentence then carries the longer number.
        bool found = false;
        for (const auto& m : find_doc_numbers(mention)) {
            const std::string& k = m.number.key;
            if (k == n->key ||
                (k.size() > n->key.size() && k.compare(0, n->key.size(), n->key) == 0 &&
                 k[n->key.size()] == '-')) {
                found = true;
            }
        }
        if (found) {
            ++found_in_mention;
        } else {
            failures.push_back("mention: " + so_hieu + " in: " + mention.substr(0, 160));
        }
    }
    EXPECT_EQ(records, 875);
    EXPECT_EQ(parsed, records);
    EXPECT_EQ(found_in_mention, records);
    for (std::size_t i = 0; i < failures.size() && i < 30; ++i) ADD_FAILURE() << failures[i];
}
