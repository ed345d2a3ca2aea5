// Field names and the non-text field values (dates, years) of the query language.
#include "vanthu/query/fields.hpp"

#include <array>
#include <string>

#include "vanthu/core/text.hpp"
#include "vanthu/query/search.hpp"

namespace vanthu::query {
namespace {

constexpr std::array<FieldName, 10> kFieldNames = {{
    {Field::Number, "so", "number"},
    {Field::Type, "loai", "type"},
    {Field::Issuer, "coquan", "issuer"},
    {Field::Signer, "nguoiky", "signer"},
    {Field::Author, "tacgia", "author"},
    {Field::Unit, "donvi", "unit"},
    {Field::Domain, "linhvuc", "field"},
    {Field::Title, "tieude", "title"},
    {Field::Year, "nam", "year"},
    {Field::Date, "ngay", "date"},
}};

constexpr std::string_view kDateForms =
    "write 2020-10-30 or 30/10/2020, a month 2020-10, a year 2020, or a range such as "
    "2020-01-01..2020-06-30";
constexpr std::string_view kYearForms = "write 2020, or a range such as 2020..2022";

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n'; }

std::string_view trim(std::string_view s) {
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    return s;
}

bool all_digits(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s) {
        if (c < '0' || c > '9') return false;
    }
    return true;
}

int to_int(std::string_view digits) {
    int n = 0;
    for (char c : digits) n = n * 10 + (c - '0');
    return n;
}

int last_day(int year, int month) {
    int day = 31;
    while (day > 28 && !core::valid_date(year, month, day)) --day;
    return day;
}

// One end of a date range: the first and last day it stands for.
struct Period {
    core::Date first;
    core::Date last;
    bool single_day = false;
};

std::optional<Period> parse_period(std::string_view s) {
    s = trim(s);
    if (auto d = core::parse_date(s)) return Period{*d, *d, true};
    if (s.size() == 4 && all_digits(s)) {
        const int y = to_int(s);
        if (!core::valid_date(y, 1, 1)) return std::nullopt;
        return Period{{y, 1, 1}, {y, 12, 31}, false};
    }
    // A month: "2020-10" (as ISO ranges are typed), "10/2020", "1/2020" (as documents write).
    std::string_view year;
    std::string_view month;
    if (s.size() == 7 && s[4] == '-') {
        year = s.substr(0, 4);
        month = s.substr(5);
    } else if (const auto slash = s.find('/');
               slash != std::string_view::npos && (slash == 1 || slash == 2)) {
        month = s.substr(0, slash);
        year = s.substr(slash + 1);
    }
    if (year.size() != 4 || !all_digits(year) || !all_digits(month)) return std::nullopt;
    const int y = to_int(year);
    const int m = to_int(month);
    if (!core::valid_date(y, m, 1)) return std::nullopt;
    return Period{{y, m, 1}, {y, m, last_day(y, m)}, false};
}

std::optional<int> parse_year(std::string_view s) {
    s = trim(s);
    if (s.size() != 4 || !all_digits(s)) return std::nullopt;
    const int y = to_int(s);
    if (!core::valid_date(y, 1, 1)) return std::nullopt;
    return y;
}

std::string quoted(std::string_view s) {
    std::string out = "\"";
    out.append(s);
    out += '"';
    return out;
}

// Splits "A..B" at its "..": {A, B, true}; a value without ".." is {value, "", false}.
struct Split {
    std::string_view left;
    std::string_view right;
    bool range = false;
};

Split split_range(std::string_view value) {
    const auto dots = value.find("..");
    if (dots == std::string_view::npos) return {value, {}, false};
    return {trim(value.substr(0, dots)), trim(value.substr(dots + 2)), true};
}

}  // namespace

std::span<const FieldName> field_names() { return kFieldNames; }

std::optional<Field> field_for_name(std::string_view name) {
    if (name.empty() || name.size() > 32) return std::nullopt;
    // Folding makes "Số", "LOẠI", "ngày" the names people mean.
    const std::string folded = core::fold_text(name);
    for (const auto& f : kFieldNames) {
        if (folded == f.vietnamese || folded == f.english) return f.field;
    }
    return std::nullopt;
}

std::string_view field_label(Field field) {
    for (const auto& f : kFieldNames) {
        if (f.field == field) return f.vietnamese;
    }
    return "";
}

DateRange parse_date_range(std::string_view value, std::string_view label) {
    const std::string prefix = std::string(label) + ": ";
    value = trim(value);
    if (value.empty()) throw QueryError(prefix + "no date given (" + std::string(kDateForms) + ")");
    const Split split = split_range(value);
    auto end = [&](std::string_view s) -> std::optional<Period> {
        if (s.empty()) return std::nullopt;
        auto p = parse_period(s);
        if (!p) {
            throw QueryError(prefix + quoted(s) + " is not a date (" + std::string(kDateForms) +
                             ")");
        }
        return p;
    };
    DateRange range;
    if (!split.range) {
        const auto p = end(value);
        range.from = p->first;
        range.to = p->last;
        range.single_day = p->single_day;
        return range;
    }
    if (split.left.empty() && split.right.empty()) {
        throw QueryError(prefix + "the range " + quoted(value) + " has no ends (" +
                         std::string(kDateForms) + ")");
    }
    if (const auto p = end(split.left)) range.from = p->first;
    if (const auto p = end(split.right)) range.to = p->last;
    if (range.from && range.to && range.to->compact() < range.from->compact()) {
        throw QueryError(prefix + "the range " + quoted(value) + " ends before it starts");
    }
    return range;
}

YearRange parse_year_range(std::string_view value, std::string_view label) {
    const std::string prefix = std::string(label) + ": ";
    value = trim(value);
    if (value.empty()) throw QueryError(prefix + "no year given (" + std::string(kYearForms) + ")");
    const Split split = split_range(value);
    auto year = [&](std::string_view s) -> std::optional<int> {
        if (s.empty()) return std::nullopt;
        auto y = parse_year(s);
        if (!y) {
            throw QueryError(prefix + quoted(s) + " is not a year between 1900 and 2100 (" +
                             std::string(kYearForms) + ")");
        }
        return y;
    };
    YearRange range;
    if (!split.range) {
        range.from = range.to = year(value);
        return range;
    }
    if (split.left.empty() && split.right.empty()) {
        throw QueryError(prefix + "the range " + quoted(value) + " has no ends (" +
                         std::string(kYearForms) + ")");
    }
    range.from = year(split.left);
    range.to = year(split.right);
    if (range.from && range.to && *range.to < *range.from) {
        throw QueryError(prefix + "the range " + quoted(value) + " ends before it starts");
    }
    return range;
}

}  // namespace vanthu::query
