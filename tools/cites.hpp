#pragma once
// `vanthu cites NUMBER`: the documents carrying a number, then every document citing it, with
// the citing sentence and the date each citation gives. What to read before amending a document.
#include <filesystem>
#include <iosfwd>
#include <string>

namespace vanthu::tools {

inline constexpr int kCitesFound = 0;     // something carries or cites the number
inline constexpr int kCitesNothing = 1;   // nothing carries or cites it
inline constexpr int kCitesBadInput = 2;  // not a document number; an index that cannot be used

// Prints to `out` (text, or JSON when `as_json`), messages to `err`. Throws std::runtime_error
// when the index cannot be opened or read.
[[nodiscard]] int cites(const std::filesystem::path& index_dir, const std::string& number,
                        bool as_json, std::ostream& out, std::ostream& err);

}  // namespace vanthu::tools
