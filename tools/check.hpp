#pragma once
// `vanthu check FILE… | --all`: every citation of a draft (or of every archived document)
// resolved against the archive, so that legal staff can see before signing that each cited
// document exists and is cited with the right number, date and issuer. docs/citations.md.
#include <filesystem>
#include <iosfwd>
#include <string>
#include <vector>

#include "vanthu/indexer/isolated_reader.hpp"

namespace vanthu::tools {

inline constexpr int kCheckAllFound = 0;  // every citation was found
inline constexpr int kCheckProblems = 1;  // some citation is not `found`
inline constexpr int kCheckError = 2;     // bad usage, unusable index, or an unreadable file

enum class CheckFormat { Table, Json, Csv };

struct CheckOptions {
    std::filesystem::path index_dir;
    std::vector<std::string> files;  // drafts, read like `vanthu extract` reads them
    indexer::Isolation isolation;    // how the drafts are read
    bool all = false;                // also every archived document, from its stored metadata
    CheckFormat format = CheckFormat::Table;
};

// Prints the report to `out`, one line per unreadable file ("PATH: error: REASON") to `err`.
// Throws std::runtime_error when the index cannot be opened or read.
[[nodiscard]] int check(const CheckOptions& options, std::ostream& out, std::ostream& err);

// One CSV field, quoted as RFC 4180 says (only when it holds a comma, quote, CR or LF).
[[nodiscard]] std::string csv_field(const std::string& value);

}  // namespace vanthu::tools
