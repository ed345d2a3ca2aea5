#pragma once
// Suggestions: "did you mean" for a query typed without diacritics or with a misspelt word
// (hien ke → hiến kế), and completions as the user types (document numbers, issuers, titles).
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <xapian.h>

namespace vanthu::query {

struct SuggestOptions {
    // Leave out everything that comes only from documents stamped MẬT / TỐI MẬT / TUYỆT MẬT:
    // their words, numbers, issuers and titles (what the server does unless --show-secret).
    bool hide_secret = false;
};

struct Completion {
    std::string kind;  // "number", "issuer", "title" or "query"
    std::string text;  // what to put in the search box (or show)
    // number, title: the document; 0 otherwise, and for a number that documents of the index
    // only cite (none carries it)
    Xapian::docid docid = 0;
    // issuer: documents from it; number only cited: documents citing it; 0 otherwise
    std::size_t count = 0;
    std::string detail;  // short context for people ("Kế hoạch · 2020-10-30"), may be ""
};

// Reads what it needs from the database once (vocabulary with frequencies, own numbers,
// issuers, titles). Immutable afterwards: its const methods may be called from several threads
// at once, each passing its own Database handle for the queries they run. Build a new one when
// the index changes (revision() tells which commit it was built from).
class Suggester {
  public:
    explicit Suggester(Xapian::Database db, SuggestOptions options = {});
    ~Suggester();
    Suggester(const Suggester&) = delete;
    Suggester& operator=(const Suggester&) = delete;

    // A better query than `query`, or std::nullopt: diacritics restored for words typed without
    // them, using the most frequent accented forms in the index and which of them occur next to
    // each other; a word unknown to the index corrected to a frequent near word. Query syntax
    // (fields, quotes, operators, numbers) is kept as typed. Never throws for bad input.
    [[nodiscard]] std::optional<std::string> did_you_mean(const std::string& query,
                                                          Xapian::Database& db) const;

    // Completions for text being typed, best first, at most `limit`.
    [[nodiscard]] std::vector<Completion> complete(const std::string& prefix, std::size_t limit,
                                                   Xapian::Database& db) const;

    [[nodiscard]] Xapian::rev revision() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace vanthu::query
