#pragma once
// Searching an index: query text in, ranked hits with snippets out.
#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

namespace vanthu::query {

// A query the user typed that cannot be understood. what() is the message for the user.
class QueryError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

enum class SortOrder {
    Relevance,  // BM25 (the default)
    DateDesc,   // newest first, then by relevance; documents without a date last
    DateAsc,    // oldest first, then by relevance; documents without a date last
};

// Filters narrow the matches without changing their order or weight (OP_FILTER). Each is
// written as the value of the same field in the query language (docs/query-language.md), so
// `type = "KH"` means exactly what `loai:KH` means; an empty string is no filter. A bad value
// ("2022..2020", "31/02/2020") is a QueryError.
struct SearchFilters {
    std::string type;       // type name or code: "Kế hoạch", "KH"
    std::string issuer;     // issuer words, abbreviations expanded: "UBND tỉnh Đắk Lắk"
    std::string year;       // "2020", "2020..2022", "..2020", "2021.."
    std::string date_from;  // first day, any date form: "2020-06-01", "1/6/2020", "2020"
    std::string date_to;    // last day (a month or year stands for its last day)
    std::string domain;     // lĩnh vực words: "kinh tế"

    [[nodiscard]] bool empty() const {
        return type.empty() && issuer.empty() && year.empty() && date_from.empty() &&
               date_to.empty() && domain.empty();
    }
};

// Facets are counted over every match up to this many, so their counts are exact below it.
inline constexpr std::size_t kFacetExactUpTo = 10000;

enum class ParallelMatch { Auto, Never, Always };

struct SearchOptions {
    std::size_t offset = 0;
    std::size_t limit = 10;
    std::size_t snippet_chars = 240;
    SortOrder sort = SortOrder::Relevance;
    SearchFilters filters;
    bool facets = false;            // count matches by type, issuer, year and domain
    std::size_t facet_values = 10;  // values kept per facet (the most frequent)
    bool hit_meta = true;           // fill Hit::meta (costs a JSON dump per hit)
    // Seconds of matching allowed per Xapian pass (0: no limit). When it runs out, the hits
    // found so far are returned and the count is an estimate (exact_count false).
    double time_limit = 0;
    // Leave out documents stamped MẬT / TỐI MẬT / TUYỆT MẬT (secrecy_terms() in lookup.hpp):
    // they are then no hits, and are counted neither in the total nor in the facets.
    bool hide_secret = false;
    // Whether matching may use a second thread (two halves of the document ids, matched at
    // once on two handles of the index and merged: the same hits in the same order).
    // Auto: when the process has no other search matching, the machine has two cores or more,
    // and the query's posting lists are long enough to be worth it. Always: whenever it can
    // (tests, benchmarks). It can only for a Searcher given its index folder, over one local
    // database, in relevance order.
    ParallelMatch parallel = ParallelMatch::Auto;
};

// Parses "relevance", "date", "date-asc" (also "date-desc", "newest", "oldest").
[[nodiscard]] std::optional<SortOrder> sort_order_from_name(std::string_view name);

struct Hit {
    unsigned docid = 0;
    double score = 0;
    int rank = 0;  // 1-based, across pages
    std::string path;
    std::string title;
    std::string number;        // the document's own number when known
    std::string format;        // "pdf", "docx", "txt"
    std::string status;        // "ok" or "failed"
    std::string error;         // why extraction failed, for failed files
    std::string snippet_html;  // HTML-escaped text with <mark>…</mark> around matches
    std::string type;          // canonical type name ("Kế hoạch") when known
    std::string issuer;        // issuing body as displayed, when known
    std::string date;          // ISO date of the document ("2020-10-30"), when known
    std::string meta;          // the metadata read off the page, JSON text ("" when none)
};

struct FacetValue {
    std::string value;  // "Kế hoạch", "2020" …
    std::size_t count = 0;
};

// Matches counted by one value slot: "type", "issuer", "year" or "domain". Values are sorted by
// count (highest first), then by value.
struct Facet {
    std::string name;
    std::vector<FacetValue> values;
};

struct SearchResult {
    std::string query;          // as typed
    std::string parsed;         // Xapian's description of the parsed query (for debugging)
    bool relaxed = false;       // no document had every word; showing documents with some
    bool best_match = false;    // a long query, ranked by its words (hits need not have all)
    std::size_t estimated = 0;  // estimated number of matching documents
    bool exact_count = false;   // estimated is exact
    std::vector<Hit> hits;
    std::vector<Facet> facets;   // when SearchOptions::facets: type, issuer, year, domain
    bool facets_exact = false;   // every match was counted (fewer than kFacetExactUpTo)
    unsigned match_threads = 1;  // threads the matching took (2: SearchOptions::parallel)
};

class Searcher {
  public:
    // Opens the index read-only; throws std::runtime_error with a clear message when there is
    // no index there or its schema is not this build's.
    explicit Searcher(const std::filesystem::path& index_dir);
    // Over an open database (kept by value: Xapian databases are reference-counted handles,
    // so a reopen() by the owner is seen here too). The schema is not checked again. Facets are
    // counted per committed revision (docs/operations.md): not for a WritableDatabase with
    // changes it has not committed.
    explicit Searcher(Xapian::Database db);
    // Over an open read-only database of the index at `index_dir`: a search may then open a
    // second handle on `index_dir`, for matching in two threads (SearchOptions::parallel).
    Searcher(Xapian::Database db, const std::filesystem::path& index_dir);
    ~Searcher();
    Searcher(const Searcher&) = delete;
    Searcher& operator=(const Searcher&) = delete;

    // Throws QueryError for a query or a filter that cannot be parsed. A blank query with at
    // least one filter lists every document that passes the filters.
    [[nodiscard]] SearchResult search(const std::string& query, const SearchOptions& options);

  private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace vanthu::query
