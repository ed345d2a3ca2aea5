#pragma once
// The controlled vocabulary of administrative documents: type names and their codes
// (Nghị định 30/2020/NĐ-CP, Phụ lục III; Hướng dẫn 36-HD/VPTW) and issuer abbreviations.
// docs/vocabulary.md is the same tables in prose.
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace vanthu::core {

struct DocType {
    std::string_view code;  // as written in numbers: "KH", "QĐ", "QĐi", "TTr"
    std::string_view name;  // canonical name: "Kế hoạch"
};

// Every known type, current codes first, then older ones still found in archives.
[[nodiscard]] std::span<const DocType> doc_types();

// "KH" -> "Kế hoạch". Exact code first, then case-insensitively ("kh", "Kh"), then folded
// ("QD" -> "Quyết định" when no type is coded "QD"). std::nullopt for unknown codes.
[[nodiscard]] std::optional<std::string_view> type_name_for_code(std::string_view code);

// "KẾ HOẠCH", "kế hoạch", "ke hoach" -> the canonical type (matched on folded words, whole
// string only). std::nullopt when the text is not a type name.
[[nodiscard]] std::optional<DocType> type_for_name(std::string_view name);

struct Abbreviation {
    std::string_view short_form;  // "UBND"
    std::string_view long_form;   // "Ủy ban nhân dân"
};

// Issuer abbreviations users and documents write ("UBND tỉnh", "BTGTU", "HĐND", "TU").
[[nodiscard]] std::span<const Abbreviation> issuer_abbreviations();

// Rewrites every abbreviation that stands as a word of its own into its long form, so that
// "UBND tỉnh Đắk Lắk" and "Ủy ban nhân dân tỉnh Đắk Lắk" analyse to the same words.
// Matching is case-insensitive and diacritic-insensitive for the short form ("ubnd", "HDND").
// Used on issuer text at index time and on issuer queries, the same way.
[[nodiscard]] std::string expand_abbreviations(std::string_view text);

}  // namespace vanthu::core
