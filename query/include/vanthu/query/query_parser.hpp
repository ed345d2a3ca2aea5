#pragma once
// The vanthu query language (docs/query-language.md) -> Xapian::Query.
//
// Xapian::QueryParser cannot be used: it knows nothing of our folding (every word must also
// match its unaccented and mis-accented spellings), of document numbers that contain spaces,
// '/' and '-', or of the term prefixes in schema.hpp. This parser is a small recursive descent
// over the analyser's own tokens, so a query word always becomes the same terms as the same
// word in a document.
#include <cstddef>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "vanthu/core/analyzer.hpp"
#include "vanthu/core/schema.hpp"
#include "vanthu/query/fields.hpp"

namespace vanthu::query {

// Limits that keep a typed (or pasted, or hostile) query cheap to run.
inline constexpr std::size_t kMaxQueryBytes = 1000;
inline constexpr std::size_t kMaxQueryTerms = 200;

// How much more an exact spelling counts than the folded spelling of the same word or number.
inline constexpr double kExactWeight = 2.0;

// A query of more plain words than this (a question or a sentence pasted into the box) is
// ranked by its words from the start: documents with more and rarer of them first, not only
// those with every word. On the ALQAC questions (bench/, docs/benchmarks.md) requiring every
// word kept a handful of documents that happened to have them all above the article asked for.
inline constexpr std::size_t kBestMatchAbove = 8;

// so:/number: weights. A document that carries the number outranks one that cites it, which
// outranks one where it merely occurs; the factors are large enough that BM25's idf
// differences between the three kinds of term (rarer own numbers) cannot reverse that order.
inline constexpr double kOwnNumberWeight = 8.0;
inline constexpr double kCitedNumberWeight = 3.0;

// Body words use the unprefixed exact form and XF for the folded form, like a field would.
inline constexpr schema::FieldPrefix kBodyPrefix{"", schema::kPrefixFolded};

// What to highlight in a document for a query. Words and numbers under NOT are left out.
struct HighlightTerms {
    std::set<std::string> exact;               // Token::exact of the query words
    std::set<std::string> folded;              // Token::folded of the query words
    std::set<std::string> number_keys;         // DocNumber::key of the query numbers
    std::set<std::string> number_folded_keys;  // DocNumber::folded_key of the query numbers
    // Phrases as sequences of folded tokens (quoted phrases, hyphenated words and runs of
    // adjacent plain words), so snippets can prefer a window where they occur together.
    std::vector<std::vector<std::string>> phrases;

    [[nodiscard]] bool empty() const {
        return exact.empty() && folded.empty() && number_keys.empty() && number_folded_keys.empty();
    }
};

struct ParsedQuery {
    Xapian::Query query;
    // Set when the query is an implicit AND of two to kBestMatchAbove plain words ("tuyên
    // truyền"): the OR of the same words, to run when no document has all of them.
    std::optional<Xapian::Query> relaxed;
    // Set, instead of `relaxed`, for more than kBestMatchAbove plain words: `query` is the
    // any-pair query ("best match": any of the pairs of neighbouring words, the twelve that
    // weigh most when there are more), and `widened` the same or any of the words, to run when
    // fewer than ten documents have a pair (Searcher).
    bool best_match = false;
    std::optional<Xapian::Query> widened;
    // With `relaxed` or `best_match`: the plain words, in the order typed.
    std::vector<core::Token> plain_words;
    // Words typed next to each other ("tuyên truyền") match in any order; the documents where
    // they stand as the phrase rank higher. The query above matches the words; these are the
    // phrases to look for among the best matches (Searcher re-ranks them). One phrase is, per
    // word, the terms any of which may stand at that word's position.
    std::vector<std::vector<std::vector<std::string>>> boost_phrases;
    HighlightTerms highlight;
    std::size_t term_count = 0;  // words and numbers in the query
};

class QueryParser {
  public:
    // The analyser must be the same kind of object the index was built with; it is borrowed
    // and must outlive the parser.
    explicit QueryParser(const core::Analyzer& analyzer) : m_analyzer(analyzer) {}

    // Parses `text` (any bytes; invalid UTF-8 is repaired). Throws QueryError (search.hpp)
    // with a message for the user when the query is empty, too long, has too many terms, or
    // has unbalanced parentheses, an unterminated quote, an operator without an operand, a
    // field prefix without a value or a field value that is not valid for its field
    // ("ngay:31/02/2020", "nam:abc", "so:xyz").
    [[nodiscard]] ParsedQuery parse(std::string_view text) const;

    // Parses `text` as if the whole of it were the value of `field` ("UBND tỉnh" for
    // Field::Issuer is coquan:(UBND tỉnh)): the search filters use this, so a filter means
    // exactly what the same field in a query means. Throws QueryError like parse().
    [[nodiscard]] ParsedQuery parse_field(Field field, std::string_view text) const;

    // The query for one analysed word: its exact form (weighted up when it has diacritics)
    // or any spelling with the same folded form, in the body or in a text field.
    [[nodiscard]] static Xapian::Query word_query(const core::Token& token,
                                                  schema::FieldPrefix prefix = kBodyPrefix);

    // The pair terms of each two neighbouring words (docs/schema.md), in order.
    [[nodiscard]] static std::vector<std::string> pair_terms(const std::vector<core::Token>& words);

    // Body `words` typed next to each other, `all_words` being the query for every one of
    // them, and `pairs` some of their pair_terms(): the same matches, and a document weighs
    // more by the pairs it has, that is where the words also stand next to each other. The
    // pairs are folded, so they count only in documents with the words typed with diacritics
    // in that spelling. No pairs: all_words.
    [[nodiscard]] static Xapian::Query ranked_by_pairs(Xapian::Query all_words,
                                                       const std::vector<core::Token>& words,
                                                       const std::vector<std::string>& pairs);

    // The query for one document number: its exact key (weighted up) or its folded key.
    [[nodiscard]] static Xapian::Query number_query(const core::DocNumber& number);

    // so:/number: the documents that carry the number (weighted highest), those that cite it,
    // and those where it occurs anywhere; exact keys weighted up within each.
    [[nodiscard]] static Xapian::Query number_field_query(const core::DocNumber& number);

  private:
    [[nodiscard]] ParsedQuery parse_as(std::string_view text, Field field) const;

    const core::Analyzer& m_analyzer;
};

}  // namespace vanthu::query
