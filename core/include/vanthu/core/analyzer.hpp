#pragma once
// The text analyser: one object, built once, used the same way at index time and at query
// time, so that documents and queries always agree on terms.
#include <cstddef>
#include <functional>
#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "vanthu/core/docnumber.hpp"

namespace vanthu::core {

struct Token {
    std::string exact;      // canonical_word(): case-folded, canonical tone placement
    std::string folded;     // fold_word(): no diacritics, đ -> d
    std::size_t begin = 0;  // byte offsets into the analysed (normalised) text
    std::size_t end = 0;
    [[nodiscard]] bool has_diacritics() const { return exact != folded; }
};

class Analyzer {
  public:
    // Longest token (in bytes) that becomes a term; longer runs are skipped.
    static constexpr std::size_t kMaxTokenBytes = 64;

    // Builds the letter tables and loads ICU's normaliser up front, so that the first
    // document analysed on each thread does not pay for it (and no thread races to do it).
    Analyzer();

    // normalize_text(): call once per document or query before the other functions.
    [[nodiscard]] std::string normalize(std::string_view bytes) const;

    // Calls `on_token` for each word token of `text` (a normalize()d string), in order.
    // Tokens are runs of letters and digits (with combining marks); a digit run may contain
    // '.' or ',' between digits ("1.860.728", "6.509,27").
    void tokenize(std::string_view text, const std::function<void(const Token&)>& on_token) const;
    // The same tokens with Token::exact left empty: cheaper, for callers that compare folded
    // forms only (snippets).
    void tokenize_folded(std::string_view text,
                         const std::function<void(const Token&)>& on_token) const;
    // Where the tokens are ([begin, end) byte offsets), nothing else: the k-th span is the word
    // the indexer put at position k + 1. Stops after `max_words`.
    [[nodiscard]] std::vector<std::pair<std::size_t, std::size_t>> word_spans(
        std::string_view text,
        std::size_t max_words = std::numeric_limits<std::size_t>::max()) const;

    [[nodiscard]] std::vector<Token> tokens(std::string_view text) const;

    [[nodiscard]] std::vector<NumberMatch> numbers(std::string_view text,
                                                   ScanMode mode = ScanMode::Text) const {
        return find_doc_numbers(text, mode);
    }
};

}  // namespace vanthu::core
