#pragma once
// How the commands print documents and resolved citations (`show`, `cites`, `check`), so that
// the three say the same thing the same way, in text and in JSON.
#include <iosfwd>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "vanthu/query/citations.hpp"
#include "vanthu/query/lookup.hpp"

namespace vanthu::tools {

// The non-empty parts, joined by `sep` (for one-line summaries).
[[nodiscard]] std::string join(const std::vector<std::string>& parts, std::string_view sep);

// {"docid", "path", "title", "number", "type", "issuer", "date"}.
[[nodiscard]] nlohmann::json brief_json(const query::StoredDocument& d);

// "[12] /path  (Kế hoạch, 461/KH-UBND, 2022-08-11, ỦY BAN NHÂN DÂN TỈNH ĐẮK NÔNG)".
[[nodiscard]] std::string summary_line(const query::StoredDocument& d);

// "Kế hoạch, 152-KH/TU, 2020-02-26, Ban Thường vụ Tỉnh ủy": a citation as it is written.
[[nodiscard]] std::string citation_line(const query::CitationRef& c);

// The citation's fields, then "status", "document" (the document carrying the number as cited:
// found, date-mismatch, issuer-mismatch; brief, or null), "intended_document" (typo: the
// document probably meant), "other_formats" (paths of the same file in other formats),
// "intended" (typo: its number), "archived_date", "typo" (its kind), "candidates" (briefs) and
// "note"; fields that do not apply are null. docs/citations.md shows an example.
[[nodiscard]] nlohmann::json resolution_json(const query::CitationRef& c,
                                             const query::CitationResolution& r);

// The resolution in text, one line per fact, each starting with `indent`:
// "found: [12] /path (…)", or "STATUS: note" followed by the document(s) concerned.
void print_resolution(std::ostream& out, const query::CitationResolution& r,
                      std::string_view indent);

// Counts of each status, for summaries: {"found": 3, "typo": 1, …} in status order.
class StatusCounts {
  public:
    void add(query::CitationStatus status) { ++m_counts[static_cast<std::size_t>(status)]; }
    [[nodiscard]] std::size_t total() const;
    [[nodiscard]] std::size_t problems() const;  // everything but found
    [[nodiscard]] nlohmann::json to_json() const;
    [[nodiscard]] std::string to_text() const;  // "5 found, 1 typo" (zero counts left out)

  private:
    std::size_t m_counts[query::kCitationStatusCount] = {};
};

}  // namespace vanthu::tools
