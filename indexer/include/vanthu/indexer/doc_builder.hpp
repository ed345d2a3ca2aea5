#pragma once
// Turns one extracted (or failed) file into a Xapian::Document following docs/schema.md: body
// words, document numbers, and the metadata fields read off the page (parse_metadata) with the
// file's sidecar values applied over them. Pure function of its inputs: no database or file
// access, so it runs in the extraction threads.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <xapian.h>

#include "vanthu/core/analyzer.hpp"
#include "vanthu/indexer/extractor.hpp"
#include "vanthu/indexer/sidecar.hpp"

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
    // What the file's sidecars say (read by the walker, which caches manifests per folder).
    SidecarLookup sidecar;
};

class DocBuilder {
  public:
    // `analyzer` must outlive the builder. Both are used read-only, so one builder can be
    // shared by every extraction thread.
    explicit DocBuilder(const core::Analyzer& analyzer) : m_analyzer(analyzer) {}

    // A readable file: body, file name and title words, numbers, metadata fields, values and
    // data.
    [[nodiscard]] Xapian::Document build(const FileInfo& file, const Extracted& doc) const;

    // A file that could not be read: only its name words, uid, XSfailed, values and data with
    // the error, so that it stays findable by name and is not retried until it changes. Its
    // sidecar values are indexed too: they come from the office's sheet, not from the page.
    [[nodiscard]] Xapian::Document build_failed(const FileInfo& file,
                                                const ExtractError& error) const;

  private:
    const core::Analyzer& m_analyzer;
};

// The title to show: the file's own title property when it is meaningful, else the file
// name. Rejects the junk that office software fills in ("Microsoft Word - x.doc", the file
// name itself, "Untitled").
[[nodiscard]] std::string choose_title(std::string_view property_title, std::string_view file_name);

// The title to show for a document: the sidecar title; else the subject line (trích yếu)
// after the type name, "Kế hoạch: Tổ chức phát động phong trào thi đua …" (first letter
// capitalised, cut at a word boundary after about 160 characters); else `fallback` (what
// choose_title() gave). `meta` is the metadata after the sidecar was applied.
[[nodiscard]] std::string display_title(const DocMeta& meta, std::string_view fallback);

// The issuer as shown in facets (kSlotIssuer): the issuing unit as written, then " – " and the
// parent body when there is one: "BAN TUYÊN GIÁO – TỈNH ỦY ĐẮK LẮK". Empty when unknown.
[[nodiscard]] std::string issuer_display(const DocMeta& meta);

// The longest prefix of `text` of at most `max_bytes` bytes that does not split a UTF-8
// sequence.
[[nodiscard]] std::string_view utf8_prefix(std::string_view text, std::size_t max_bytes);

}  // namespace vanthu::indexer
