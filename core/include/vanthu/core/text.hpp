#pragma once
// Vietnamese text normalisation: the single place that decides what two spellings of a word
// have in common. Used identically at index time and at query time (through Analyzer).
#include <string>
#include <string_view>

namespace vanthu::core {

// Cleans arbitrary bytes into NFC UTF-8:
//  - invalid UTF-8 sequences become U+FFFD (never throws, never crashes);
//  - U+00D0 'Ð' / U+00F0 'ð' (Icelandic eth, typed for Vietnamese Đ/đ) become U+0110 / U+0111;
//  - NBSP and other fixed-width spaces become ' ', CR LF / CR become '\n', U+2028/2029 and
//    form feed become '\n', other C0 controls except '\t' become ' ';
//  - BOM, zero-width characters and soft hyphens are removed;
//  - the result is NFC.
// The output is what is stored and what snippet offsets refer to.
[[nodiscard]] std::string normalize_text(std::string_view bytes);

// True when `bytes` is well-formed UTF-8 (no overlongs, no surrogates, <= U+10FFFF).
[[nodiscard]] bool is_valid_utf8(std::string_view bytes) noexcept;

// Offset of the first invalid UTF-8 sequence, or npos when there is none.
[[nodiscard]] std::size_t first_invalid_utf8(std::string_view bytes) noexcept;

// The exact index form of one word (a run of letters/digits, already normalize_text()ed):
// case-folded, with the tone mark moved to its canonical vowel (traditional placement:
// "hòa", "thủy", "khóa"), so "hoà"/"hòa", "Tỉnh uỷ"/"Tỉnh ủy" give the same term.
// Words that are not Vietnamese-shaped, or that carry no or several tone marks, are only
// case-folded.
[[nodiscard]] std::string canonical_word(std::string_view word);

// The folded form of a word: case-folded, every diacritic removed, đ -> d
// ("Đắk" -> "dak", "Hiển" -> "hien"). Folding is a fallback for search, never a replacement.
[[nodiscard]] std::string fold_word(std::string_view word);

// fold_word() applied to a whole text, keeping everything that is not a letter as it is.
[[nodiscard]] std::string fold_text(std::string_view text);

// Runs of white space (spaces, tabs, line breaks) become one space; leading and trailing
// white space goes. For values shown or compared as one line (titles, issuers, names).
[[nodiscard]] std::string collapse_spaces(std::string_view text);

// Simple case folding of a whole text (no tone movement, diacritics kept).
[[nodiscard]] std::string lower_text(std::string_view text);

}  // namespace vanthu::core
