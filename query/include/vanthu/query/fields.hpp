#pragma once
// Search by field: the field names of the query language ("coquan:UBND", "issuer:UBND") and the
// values that are not text (dates, years), shared by the parser, the search filters and the
// command line. docs/query-language.md describes the same in prose.
#include <optional>
#include <span>
#include <string_view>

#include "vanthu/core/date.hpp"

namespace vanthu::query {

enum class Field {
    None,    // body text (no prefix)
    Number,  // so: / number:      own number, cited numbers, any occurrence
    Type,    // loai: / type:      type name words, or a type code ("KH")
    Issuer,  // coquan: / issuer:  issuing body and its parent, abbreviations expanded
    Signer,  // nguoiky: / signer:
    Author,  // tacgia: / author:
    Unit,    // donvi: / unit:     author's unit, abbreviations expanded
    Domain,  // linhvuc: / field:  lĩnh vực of a proposal
    Title,   // tieude: / title:   title or subject line
    Year,    // nam: / year:       2020, 2020..2022
    Date,    // ngay: / date:      2020-10-30, 30/10/2020, ranges
};

struct FieldName {
    Field field;
    std::string_view vietnamese;  // "coquan" (written without diacritics, as people type)
    std::string_view english;     // "issuer"
};

// Every field with its two names, in the order of docs/query-language.md.
[[nodiscard]] std::span<const FieldName> field_names();

// The field a prefix names: Vietnamese or English, any case, with or without diacritics
// ("so", "Số", "number", "LOẠI", "ngày"). std::nullopt for anything else ("https", "foo").
[[nodiscard]] std::optional<Field> field_for_name(std::string_view name);

// The Vietnamese name of a field, for messages ("coquan"); "" for Field::None.
[[nodiscard]] std::string_view field_label(Field field);

// A closed, half-open or single-valued range of dates; a missing end is unbounded.
struct DateRange {
    std::optional<core::Date> from;
    std::optional<core::Date> to;
    // True when the value was one calendar day ("2020-10-30"), so the exact XD term serves.
    bool single_day = false;
};

// Parses the value of ngay:/date:. Each end is a day in any core::parse_date form
// ("2020-10-30", "30/10/2020", "ngày 30 tháng 10 năm 2020"), a month ("2020-10", "10/2020") or a
// year ("2020"); a month or year stands for all its days. "A..B" is a range, "..B" and "A.."
// are open. Throws QueryError with a message naming `label` for anything else, for impossible
// dates ("31/02/2020") and for a range that ends before it starts.
[[nodiscard]] DateRange parse_date_range(std::string_view value, std::string_view label = "ngay");

struct YearRange {
    std::optional<int> from;
    std::optional<int> to;
    [[nodiscard]] bool single() const { return from && to && *from == *to; }
};

// Parses the value of nam:/year: ("2020", "2020..2022", "..2020", "2021.."), years 1900-2100.
// Throws QueryError as parse_date_range() does.
[[nodiscard]] YearRange parse_year_range(std::string_view value, std::string_view label = "nam");

}  // namespace vanthu::query
