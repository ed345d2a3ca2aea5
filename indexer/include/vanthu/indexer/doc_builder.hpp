#pragma once
// Turns one extracted (or failed) file into a Xapian::Document following docs/schema.md.
// Pure function of its inputs: no database access, so it runs in the extraction threads.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "vanthu/core/analyzer.hpp"
#include "vanthu/indexer/extractor.hpp"

namespace vanthu::indexer {

// What the walker knows about a file before it is read.
struct FileInfo {
    std::string path;        // absolute path: becomes the unique id and kSlotPath
    std::uint64_t size = 0;  // bytes
    std::int64_t mtime = 0;  // seconds since the epoch
    std::string format;      // extractor name: "pdf", "docx", "txt"
    std::string mime_type;
    // Nanoseconds since the epoch: what decides "unchanged", so that a file rewritten within
    // the same second with the same size is still noticed.
    std::int64_t mtime_ns = 0;
};

class DocBuilder {
  public:
    // `analyzer` must outlive the builder. Both are used read-only, so one builder can be
    // shared by every extraction thread.
    explicit DocBuilder(const core::Analyzer& analyzer) : m_analyzer(analyzer) {}

    // A readable file: body, file name and title words, numbers, values and data.
    [[nodiscard]] Xapian::Document build(const FileInfo& file, const Extracted& doc) const;

    // A file that could not be read: only its name words, uid, XSfailed, values and data with
    // the error, so that it stays findable by name and is not retried until it changes.
    [[nodiscard]] Xapian::Document build_failed(const FileInfo& file,
                                                const ExtractError& error) const;

  private:
    const core::Analyzer& m_analyzer;
};

// The title to show: the file's own title property when it is meaningful, else the file
// name. Rejects the junk that office software fills in ("Microsoft Word - x.doc", the file
// name itself, "Untitled").
[[nodiscard]] std::string choose_title(std::string_view property_title, std::string_view file_name);

// The document's own number, canonical form ("01-BC/BTC"), read with a simple header rule:
// the first number starting within the first 1,500 bytes of `text` that opens its line or
// follows "Số"/"SỐ" on the same line. `matches` are analyzer.numbers(text).
// A header parser will replace this rule.
[[nodiscard]] std::optional<std::string> own_number(std::string_view text,
                                                    const std::vector<core::NumberMatch>& matches);

// The longest prefix of `text` of at most `max_bytes` bytes that does not split a UTF-8
// sequence.
[[nodiscard]] std::string_view utf8_prefix(std::string_view text, std::size_t max_bytes);

}  // namespace vanthu::indexer
