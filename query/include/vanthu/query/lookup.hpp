#pragma once
// Looking documents up by id, path or document number: what `vanthu show` prints, and what a
// legal clerk checking a draft's citations needs ("does 152-KH/TU exist, and who cites it?").
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <utility>
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

// Opens the index read-only. Throws std::runtime_error saying what to do when there is no
// index there, it was written by another Xapian, or its schema is not this build's.
[[nodiscard]] Xapian::Database open_index(const std::filesystem::path& index_dir);

// Runs `read` (which reads `db`) and returns its result. When a writer commits while it reads
// (Xapian::DatabaseModifiedError: the revision it started on is gone), reopens `db` at the
// latest commit, calls `after_reopen` and runs `read` once more; a second
// DatabaseModifiedError, and every other exception, propagates. Xapian's documented recovery.
template <class Read, class AfterReopen>
auto retry_if_modified(Xapian::Database& db, Read&& read, AfterReopen&& after_reopen)
    -> decltype(read()) {
    try {
        return read();
    } catch (const Xapian::DatabaseModifiedError&) {
        db.reopen();
        after_reopen();
    }
    return read();
}
template <class Read>
auto retry_if_modified(Xapian::Database& db, Read&& read) -> decltype(read()) {
    return retry_if_modified(db, std::forward<Read>(read), [] {});
}

// The terms of the secrecy stamps MẬT, TỐI MẬT and TUYỆT MẬT (XMmat, XMtoi-mat, XMtuyet-mat).
// The server hides documents that have any of them unless it runs with --show-secret.
[[nodiscard]] const std::vector<std::string>& secrecy_terms();

// True when document `docid` of `db` carries a secrecy stamp. May throw Xapian errors
// (DatabaseModifiedError included: call it inside retry_if_modified).
[[nodiscard]] bool is_secret(const Xapian::Database& db, Xapian::docid docid);

class DocumentLookup {
  public:
    // Opens the index read-only; throws std::runtime_error like Searcher does.
    explicit DocumentLookup(const std::filesystem::path& index_dir);
    // Over an open database (kept by value: Xapian databases are reference-counted handles,
    // so a reopen() by the owner is seen here too).
    explicit DocumentLookup(Xapian::Database db);
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
