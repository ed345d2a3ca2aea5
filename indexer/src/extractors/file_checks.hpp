#pragma once
// Checks every extractor makes before handing a file to its library, so that "cannot open",
// "empty" and "too large" read the same whatever the format.
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>

#include "vanthu/indexer/extractor.hpp"

namespace vanthu::indexer {

struct FileCloser {
    void operator()(std::FILE* f) const { std::fclose(f); }
};
using FilePtr = std::unique_ptr<std::FILE, FileCloser>;

// Opens `file` for reading; a null pointer with errno set when it cannot be opened.
[[nodiscard]] inline FilePtr open_for_reading(const std::filesystem::path& file) {
    return FilePtr(std::fopen(file.c_str(), "rb"));
}

// The failure for a file that cannot be opened, is empty or is larger than
// `limits.max_file_bytes`; std::nullopt when it may be read. Libraries (libzip, poppler)
// report an unreadable file like a damaged one, hence the explicit open first.
[[nodiscard]] std::optional<ExtractResult> check_readable_file(const std::filesystem::path& file,
                                                               const ExtractLimits& limits);

}  // namespace vanthu::indexer
