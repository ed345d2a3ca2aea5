// Dates as the seeds and the An Giang records write them.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "vanthu/core/date.hpp"
#include "vanthu/core/text.hpp"

using vanthu::core::find_dates;
using vanthu::core::parse_date;

TEST(ParseDate, RealForms) {
    const std::pair<std::string, std::string> cases[] = {
        {"ngày 30 tháng 10 năm 2020", "2020-10-30"},
        {"30 tháng 10 năm 2020", "2020-10-30"},
        {"Ngày 03 tháng 6 năm 2024", "2024-06-03"},
        {"ngay 30 thang 10 nam 2020", "2020-10-30"},
        {"NGÀY 11 THÁNG 8 NĂM 2022", "2022-08-11"},
        {"30/10/2020", "2020-10-30"},
        {"4/3/2020", "2020-03-04"},
        {"26/02/2020", "2020-02-26"},
        {"ngày 26/02/2020", "2020-02-26"},
        {"29/02/2020", "2020-02-29"},
        {"30-10-2020", "2020-10-30"},
        {"2020-10-30", "2020-10-30"},
    };
    for (const auto& [input, iso] : cases) {
        auto d = parse_date(input);
        ASSERT_TRUE(d.has_value()) << input;
        EXPECT_EQ(d->iso(), iso) << input;
    }
    EXPECT_EQ(parse_date("30/10/2020")->compact(), "20201030");
}

TEST(ParseDate, InvalidOrPartial) {
    for (const std::string s : {"31/02/2020", "29/02/2021", "32/1/2020", "0/1/2020", "1/13/2020",
                                "tháng 11/2003", "30/11", "15/7", "2020", "ngày 30 tháng 10",
                                "30/10/20", "1/1/1800", "2020-02-30", "30/10-2020", ""}) {
        EXPECT_FALSE(parse_date(s).has_value()) << s;
    }
}

TEST(FindDates, SeedSentences) {
    const std::string text = vanthu::core::normalize_text(
        "Đắk Lắk, ngày 30 tháng 10 năm 2020\n¹ Kế hoạch số 152-KH/TU, ngày 26/02/2020 của Ban "
        "Thường vụ; Quy chế số 03-QC/TU, ngày 04/3/2020. Tháng 11/2003, Quốc hội khóa XI; "
        "(01/01/2004 - 01/01/2024); giai đoạn 2021 - 2025; trước ngày 30/11 tổng hợp.");
    auto found = find_dates(text);
    std::vector<std::string> iso;
    for (const auto& m : found) iso.push_back(m.date.iso());
    EXPECT_EQ(iso, (std::vector<std::string>{"2020-10-30", "2020-02-26", "2020-03-04", "2004-01-01",
                                             "2024-01-01"}));
    ASSERT_FALSE(found.empty());
    EXPECT_EQ(text.substr(found[0].begin, found[0].end - found[0].begin),
              "ngày 30 tháng 10 năm 2020");
}

// Every ISO date of the An Giang records is read back from one of its raw spellings.
TEST(FindDates, AnGiangRawDates) {
    const std::filesystem::path file =
        std::filesystem::path(VANTHU_SHARED_DIR) / "data/angiang/documents.jsonl";
    if (!std::filesystem::exists(file)) GTEST_SKIP() << "shared data missing: " << file;
    std::ifstream in(file);
    std::string line;
    int with_date = 0;
    int matched = 0;
    while (std::getline(in, line)) {
        auto rec = nlohmann::json::parse(line);
        if (!rec["ngay_ban_hanh"].is_string() || rec["ngay_ban_hanh_raw"].empty()) continue;
        if (rec.value("date_conflict", false)) continue;  // the workbook disagrees with itself
        ++with_date;
        const std::string iso = rec["ngay_ban_hanh"].get<std::string>();
        bool ok = false;
        for (const auto& raw : rec["ngay_ban_hanh_raw"]) {
            for (const auto& m : find_dates(vanthu::core::normalize_text(raw.get<std::string>()))) {
                if (m.date.iso() == iso) ok = true;
            }
        }
        if (ok) {
            ++matched;
        } else {
            ADD_FAILURE() << iso << " not read from " << rec["ngay_ban_hanh_raw"].dump();
        }
    }
    EXPECT_GT(with_date, 100);
    EXPECT_EQ(matched, with_date);
}
