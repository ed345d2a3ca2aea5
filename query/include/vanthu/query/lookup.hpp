#pragma once
// Looking documents up by id, path or document number: what `vanthu show` prints, and what a
// legal clerk checking a draft's citations needs ("does 152-KH/TU exist, and who cites it?").
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <xapian.h>

#include "vanthu/core/docnumber.hpp"

namespace vanthu::query {

// One indexed document as stored: the fields every caller wants, plus the whole data.
struct StoredDocument {
    Xapian::docid docid = 0;
    std::string path;
    std::string name;    // file name
    std::string format;  // "pdf", "docx", "txt"
    std::string status;  // "ok" or "failed"
    std::string error;   // why extraction failed, for failed files
    std::string title;
    std::string number;  // own number, canonical, when known
    std::string type;    // canonical type name, when known
    std::string issuer;  // issuing body as displayed, when known
    std::string date;    // ISO date of the document, when known
    std::uint64_t size = 0;
    // The document data (JSON text, docs/schema.md); its "meta" object is the metadata read
    // off the page (indexer::DocMeta::to_json()).
    std::string data;
};

// Everything the index knows about one document number.
struct NumberDocuments {
    core::DocNumber number;
    // Documents whose own number it is: the exact key first, then ones that match only
    // without diacritics (91/2017/ND-CP typed for NĐ-CP). Several, because numbers restart
    // every year or term, and because one document may be indexed in several formats.
    std::vector<StoredDocument> carriers;
    // Documents that cite it (a citation read by the metadata parser), carriers excluded.
    std::vector<StoredDocument> citing;
    // Documents where it occurs otherwise (a list, a table, text the parser could not read
    // as a citation), carriers and citing documents excluded.
    std::vector<StoredDocument> mentioning;
};

class DocumentLookup {
  public:
    // Opens the index read-only; throws std::runtime_error like Searcher does.
    explicit DocumentLookup(const std::filesystem::path& index_dir);
    ~DocumentLookup();
    DocumentLookup(const DocumentLookup&) = delete;
    DocumentLookup& operator=(const DocumentLookup&) = delete;

    // std::nullopt when there is no such document.
    [[nodiscard]] std::optional<StoredDocument> by_docid(Xapian::docid docid);

    // The document indexed from `path` (made absolute; symlinks resolved when the file still
    // exists). std::nullopt when it is not in the index.
    [[nodiscard]] std::optional<StoredDocument> by_path(const std::filesystem::path& path);

    // Carriers (exact key first), citing and mentioning documents, each group by path.
    [[nodiscard]] NumberDocuments by_number(const core::DocNumber& number);

  private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace vanthu::query
