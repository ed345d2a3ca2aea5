#pragma once
// Snippets: the part of a document's stored text that best shows why it matched.
#include <cstddef>
#include <string>
#include <string_view>

#include "vanthu/core/analyzer.hpp"
#include "vanthu/core/schema.hpp"
#include "vanthu/query/query_parser.hpp"

namespace vanthu::query {

// Builds an HTML snippet of at most about `max_chars` code points of `text` (a document's
// normalised text, as stored in schema::kSlotText; invalid UTF-8 is repaired first):
//  - words are matched through the same analyser as the index, so a word is highlighted when
//    its exact form or its folded form is the query's ("Hiển" for "hiến", "Đắk" for "dak"),
//    and document numbers when their key or folded key is the query's;
//  - the window with the most distinct query terms wins, then the one with more query phrases
//    in order, then the earliest; it is widened with context and cut on word boundaries, never
//    inside a UTF-8 sequence, with "…" where text was cut;
//  - the result is HTML-escaped, matches are wrapped in <mark>…</mark>, and newlines and runs
//    of whitespace become one space;
//  - with no match (a document found by its file name) it is the start of the text.
// Returns "" for an empty text or max_chars == 0.
[[nodiscard]] std::string make_snippet(const core::Analyzer& analyzer, std::string_view text,
                                       const HighlightTerms& terms, std::size_t max_chars);
// The same snippet from a packed stored text, inflated only as far as the snippet needs (the
// first few KiB, when the query's terms are found there together).
[[nodiscard]] std::string make_snippet(const core::Analyzer& analyzer, schema::TextReader& text,
                                       const HighlightTerms& terms, std::size_t max_chars);

// Escapes &, <, >, " and ' for HTML text and attribute values.
[[nodiscard]] std::string html_escape(std::string_view text);

}  // namespace vanthu::query
