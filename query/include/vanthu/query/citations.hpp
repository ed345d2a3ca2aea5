#pragma once
// Checking citations against the archive: does the document a text cites exist, and is it cited
// correctly (number, date, issuer)? And which documents cite a given number? What
// `vanthu check`, `vanthu show` and `vanthu cites` report; docs/citations.md has the rules.
#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "vanthu/core/docnumber.hpp"
#include "vanthu/query/lookup.hpp"

namespace vanthu::query {

enum class CitationStatus {
    Found,           // one document carries the number; date and issuer agree (or are not given)
    Ambiguous,       // several documents carry it and the citation's date/issuer cannot pick one
    DateMismatch,    // the number exists, but not with the date the citation gives
    IssuerMismatch,  // number and date match, but the citation names clearly another body
    Typo,            // nobody carries the number as written; a document with a near number does
    NotInArchive,    // nothing carries it or anything close to it
};
inline constexpr std::size_t kCitationStatusCount = 6;

// "found", "ambiguous", "date-mismatch", "issuer-mismatch", "typo", "not-in-archive": the names
// used in JSON, CSV and corpus/citations/expected.json.
[[nodiscard]] std::string_view status_name(CitationStatus status);
[[nodiscard]] std::optional<CitationStatus> status_from_name(std::string_view name);

// How a typo's number differs from the number of the document it probably means.
enum class TypoKind {
    None,
    Diacritic,    // Đ written D or the other way round: 91/2017/ND-CP for 91/2017/NĐ-CP
    LeadingZero,  // 1-QĐ/BTC for 01-QĐ/BTC (the keys are equal: only the serial as written differs)
    Code,         // same serial and year, codes one or two edits apart: 152-KH/TW for 152-KH/TU
};
[[nodiscard]] std::string_view typo_kind_name(TypoKind kind);  // "", "diacritic", …, "code"

// What a citation says; the fields of indexer::Citation (this library does not depend on the
// indexer), as the metadata parser writes them and as the stored "meta" JSON holds them.
struct CitationRef {
    std::string type;      // canonical type name written before the number, or ""
    std::string number;    // the number as cited, canonical ("152-KH/TU")
    std::string key;       // its key; used when `number` is empty
    std::string date;      // date the citation gives, ISO, or ""
    std::string issuer;    // issuer as written after "của", or ""
    std::string sentence;  // the clause that cites it
};

struct CitationResolution {
    CitationStatus status = CitationStatus::NotInArchive;
    // The document the citation means: found, issuer-mismatch, date-mismatch with a single
    // carrier (or a single one whose issuer fits), typo (the likely intended document).
    std::optional<StoredDocument> document;
    // The same file in its other formats (a.pdf for a.docx): not other documents.
    std::vector<StoredDocument> other_formats;
    // The documents to choose from, one per file, best first: ambiguous, date-mismatch and
    // issuer-mismatch with several carriers, and other near numbers for a typo.
    std::vector<StoredDocument> candidates;
    std::string intended;       // typo: canonical number of the document meant
    std::string archived_date;  // date-mismatch: the date the archive has, when one document
    TypoKind typo = TypoKind::None;
    std::string note;  // one sentence saying why, for people; empty for found
};

// Everything about one number: who carries it, then who cites it and how.
struct CitingDocument {
    StoredDocument document;
    std::vector<CitationRef> citations;  // its citations of the number, as stored
};
struct CitedBy {
    core::DocNumber number;
    // Documents whose own number it is, the exact key first, then those matching only
    // without diacritics; each group by path.
    std::vector<StoredDocument> carriers;
    // Documents with a citation of it (exact key, then folded key), by path, carriers excluded.
    std::vector<CitingDocument> citing;
};

// Resolves citations against the documents that carry a number (own-number terms XO/XOF).
// Numbers are not unique (they restart every year or term, and several provinces share an
// archive), so a citation is matched on number, date and issuer together. Not thread-safe:
// one resolver per thread, like a Xapian::Database.
class CitationResolver {
  public:
    // Over an open database (kept by value: Xapian databases are reference-counted handles).
    explicit CitationResolver(Xapian::Database db);
    // Opens the index read-only; throws std::runtime_error like DocumentLookup.
    explicit CitationResolver(const std::filesystem::path& index_dir);
    ~CitationResolver();
    CitationResolver(const CitationResolver&) = delete;
    CitationResolver& operator=(const CitationResolver&) = delete;

    // Resolves one citation. Never throws for a bad citation: a number that cannot be parsed
    // is not-in-archive, a date that cannot be parsed counts as none. The first call that needs
    // the typo search reads every own-number term once (one pass over the XO terms).
    [[nodiscard]] CitationResolution resolve(const CitationRef& citation);

    // The carriers of `number`, then every document citing it with its citations of it.
    [[nodiscard]] CitedBy cited_by(const core::DocNumber& number);

    // The database it reads (for callers that walk every document, `vanthu check --all`).
    [[nodiscard]] Xapian::Database& database();

  private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

// The citations in a stored document's data ("meta"."citations"), as CitationRefs; empty when
// the data has none or cannot be read.
[[nodiscard]] std::vector<CitationRef> stored_citations(const StoredDocument& document);

// True when an issuer as a citation writes it ("của HĐND tỉnh") may be the issuer of a document
// (its issuing unit and parent as read off the page, and its number's issuer code). Lenient:
// false only for a clear conflict between bodies (Ủy ban nhân dân vs Hội đồng nhân dân, Party vs
// state, Chính phủ vs a province, two different Sở …); unknown or unrecognised bodies are
// compatible with anything. Exposed for tests and for the documentation's examples.
[[nodiscard]] bool issuer_compatible(std::string_view cited_issuer, std::string_view unit,
                                     std::string_view parent, std::string_view number);

}  // namespace vanthu::query
