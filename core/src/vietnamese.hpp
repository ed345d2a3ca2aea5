#pragma once
// Vietnamese letter tables: every precomposed Latin letter split into base letter, vowel
// quality mark (circumflex, breve, horn) and tone mark, built once from ICU's decompositions.
#include <string>
#include <string_view>

namespace vanthu::core::vn {

// Simple case folding of one code point.
[[nodiscard]] char32_t lower(char32_t cp) noexcept;

// The letter without any diacritic, lower case; đ/Đ -> d. Other characters: lower(cp).
[[nodiscard]] char32_t fold(char32_t cp) noexcept;

[[nodiscard]] bool is_combining_mark(char32_t cp) noexcept;

// Lower case + tone mark moved to its canonical vowel (see text.hpp canonical_word).
[[nodiscard]] std::string canonical_syllable(std::string_view word);

}  // namespace vanthu::core::vn
