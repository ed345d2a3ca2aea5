#pragma once
// Extraction: a file in, text blocks and file metadata out. Extractors never see Xapian;
// they are registered in one function (extract.cpp) and compiled only when their library
// is found.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vanthu::indexer {

enum class BlockKind { Body, Header, Footer, Footnote, Endnote, Comment };

struct TextBlock {
    BlockKind kind = BlockKind::Body;
    std::string text;  // UTF-8 as found (normalisation happens later, in one place)
    int page = 0;      // 1-based page number for paginated formats, 0 when unknown
    int number = 0;    // footnote/endnote number as displayed, 0 when unknown
};

struct FileProperties {
    std::string title;  // from the file's own properties (docProps/core.xml, PDF Info)
    std::string author;
    std::string created;   // ISO 8601 when known
    std::string modified;  // ISO 8601 when known
    int pages = 0;
};

struct Extracted {
    std::vector<TextBlock> blocks;
    FileProperties properties;
    std::vector<std::string> warnings;  // problems that did not stop extraction
};

// Limits applied while extracting one file. Exceeding one is a recorded failure ("too-large",
// "too-deep"). Time and memory are limited outside the extractor, by the process that runs it
// (IndexOptions): a library call that hangs or runs away cannot be stopped from inside.
struct ExtractLimits {
    std::uint64_t max_file_bytes = 512ull << 20;          // input file size
    std::uint64_t max_entry_bytes = 128ull << 20;         // one uncompressed ZIP entry
    std::uint64_t max_total_uncompressed = 256ull << 20;  // all entries read from one ZIP
    std::uint64_t max_zip_entries = 20000;
    int max_pages = 5000;
    // Element nesting in an XML part. Real documents nest tables a few levels deep; crafted
    // ones nest hundreds of thousands of levels to exhaust a recursive walker's stack.
    int max_xml_depth = 256;
};

// Why a file could not be extracted: one line for the user, machine-readable code for tests.
struct ExtractError {
    std::string code;     // "encrypted", "corrupt", "empty", "encoding", "too-large", ...
    std::string message;  // "PDF is encrypted (password required)"
};

struct ExtractResult {
    std::optional<Extracted> document;
    std::optional<ExtractError> error;
    [[nodiscard]] bool ok() const { return document.has_value(); }
    static ExtractResult success(Extracted e) { return {std::move(e), std::nullopt}; }
    static ExtractResult failure(std::string code, std::string message) {
        return {std::nullopt, ExtractError{std::move(code), std::move(message)}};
    }
};

class Extractor {
  public:
    virtual ~Extractor() = default;
    [[nodiscard]] virtual std::string_view name() const = 0;  // "pdf", "docx", "txt"
    [[nodiscard]] virtual std::string_view mime_type() const = 0;
    // Lower-case file extensions without the dot that this extractor handles.
    [[nodiscard]] virtual std::vector<std::string_view> extensions() const = 0;
    // Must not throw for bad input: every problem with the file is an ExtractResult failure.
    [[nodiscard]] virtual ExtractResult extract(const std::filesystem::path& file,
                                                const ExtractLimits& limits) const = 0;
};

// All extractors compiled into this build, in one place.
class ExtractorRegistry {
  public:
    ExtractorRegistry();  // registers every available extractor
    [[nodiscard]] const Extractor* for_path(const std::filesystem::path& file) const;
    [[nodiscard]] const std::vector<std::unique_ptr<Extractor>>& all() const { return m_all; }

  private:
    std::vector<std::unique_ptr<Extractor>> m_all;
};

// Factories, one per format file under src/extractors/.
[[nodiscard]] std::unique_ptr<Extractor> make_text_extractor();
[[nodiscard]] std::unique_ptr<Extractor> make_docx_extractor();  // when libzip + pugixml
[[nodiscard]] std::unique_ptr<Extractor> make_pdf_extractor();   // when poppler-cpp

// Joins blocks into one text: body first in order, then headers/footers, then footnotes, then
// endnotes, separated by blank lines; a note with a number starts with it ("1 Kế hoạch số …").
[[nodiscard]] std::string join_blocks(const Extracted& doc);

}  // namespace vanthu::indexer
