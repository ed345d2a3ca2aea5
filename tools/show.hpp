#pragma once
// `vanthu show ID|NUMBER`: everything the index knows about one document (its citations
// resolved against the archive, docs/citations.md), or about one document number (who carries
// it, who cites it).
#include <filesystem>
#include <iosfwd>
#include <string>

namespace vanthu::tools {

// Exit statuses of `vanthu show` (README, docs/query-language.md).
inline constexpr int kShowFound = 0;
inline constexpr int kShowNotFound = 1;  // no such document, or no document carries the number
inline constexpr int kShowBadInput = 2;  // an id that cannot be one; the index cannot be used

// `what` is a docid (digits only), a path (of an indexed file, existing or not), or a
// document number. Prints to `out` (text, or JSON when `as_json`), messages to `err`.
// Throws std::runtime_error when the index cannot be opened or read.
[[nodiscard]] int show(const std::filesystem::path& index_dir, const std::string& what,
                       bool as_json, std::ostream& out, std::ostream& err);

}  // namespace vanthu::tools
