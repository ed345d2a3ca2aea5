#pragma once
// Searching an index: query text in, ranked hits with snippets out.
#include <cstddef>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace vanthu::query {

// A query the user typed that cannot be understood. what() is the message for the user.
class QueryError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

struct SearchOptions {
    std::size_t offset = 0;
    std::size_t limit = 10;
    std::size_t snippet_chars = 240;
};

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
};

struct SearchResult {
    std::string query;          // as typed
    std::string parsed;         // Xapian's description of the parsed query (for debugging)
    bool relaxed = false;       // no document had every word; showing documents with some
    std::size_t estimated = 0;  // estimated number of matching documents
    bool exact_count = false;   // estimated is exact
    std::vector<Hit> hits;
};

class Searcher {
  public:
    // Opens the index read-only; throws std::runtime_error with a clear message when there is
    // no index there or its schema is not this build's.
    explicit Searcher(const std::filesystem::path& index_dir);
    ~Searcher();
    Searcher(const Searcher&) = delete;
    Searcher& operator=(const Searcher&) = delete;

    // Throws QueryError for a query that cannot be parsed.
    [[nodiscard]] SearchResult search(const std::string& query, const SearchOptions& options);

  private:
    struct Impl;
    Impl* m_impl;
};

}  // namespace vanthu::query
