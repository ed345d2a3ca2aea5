#pragma once
// Dates as Vietnamese documents write them: "ngày 30 tháng 10 năm 2020", "30/10/2020",
// "4/3/2020", "26/02/2020", with or without "ngày".
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vanthu::core {

struct Date {
    int year = 0;
    int month = 0;
    int day = 0;
    [[nodiscard]] std::string iso() const;      // "2020-10-30"
    [[nodiscard]] std::string compact() const;  // "20201030" (sortable value)
    friend bool operator==(const Date&, const Date&) = default;
};

// True for a real calendar date between 1900 and 2100.
[[nodiscard]] bool valid_date(int year, int month, int day) noexcept;

// Parses a string that is exactly one date: the forms above, plus ISO "2020-10-30" and the
// unaccented "ngay 30 thang 10 nam 2020" people type. std::nullopt for anything else,
// including impossible dates ("31/02/2020").
[[nodiscard]] std::optional<Date> parse_date(std::string_view text);

struct DateMatch {
    std::size_t begin = 0;  // byte offsets in the text, "ngày" included when present
    std::size_t end = 0;
    Date date;
};

// Every full date (day, month and year) in a normalised text, left to right. Partial dates
// ("tháng 11/2003", "30/11") are not dates.
[[nodiscard]] std::vector<DateMatch> find_dates(std::string_view text);

}  // namespace vanthu::core
