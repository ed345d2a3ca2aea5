#include "citation_report.hpp"

#include <ostream>
#include <vector>

namespace vanthu::tools {
namespace {

using nlohmann::json;
using query::CitationStatus;

json or_null(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

}  // namespace

std::string join(const std::vector<std::string>& parts, std::string_view sep) {
    std::string out;
    for (const auto& p : parts) {
        if (p.empty()) continue;
        if (!out.empty()) out += sep;
        out += p;
    }
    return out;
}

json brief_json(const query::StoredDocument& d) {
    return {{"docid", d.docid}, {"path", d.path},     {"title", d.title}, {"number", d.number},
            {"type", d.type},   {"issuer", d.issuer}, {"date", d.date}};
}

std::string summary_line(const query::StoredDocument& d) {
    std::string line = std::string("[").append(std::to_string(d.docid)) + "] " + d.path;
    const std::string what = join({d.type, d.number, d.date, d.issuer}, ", ");
    if (!what.empty()) line += "  (" + what + ")";
    return line;
}

std::string citation_line(const query::CitationRef& c) {
    return join({c.type, c.number, c.date, c.issuer}, ", ");
}

json resolution_json(const query::CitationRef& c, const query::CitationResolution& r) {
    json candidates = json::array();
    for (const auto& d : r.candidates) candidates.push_back(brief_json(d));
    json formats = json::array();
    for (const auto& d : r.other_formats) formats.push_back(d.path);
    const bool typo = r.status == query::CitationStatus::Typo;
    return {{"type", c.type},
            {"number", c.number},
            {"date", c.date},
            {"issuer", c.issuer},
            {"sentence", c.sentence},
            {"status", query::status_name(r.status)},
            // A typo's document is the one meant, not the one cited: kept apart so that
            // "document" always carries the number as cited.
            {"document", r.document && !typo ? brief_json(*r.document) : json(nullptr)},
            {"intended_document", r.document && typo ? brief_json(*r.document) : json(nullptr)},
            {"other_formats", formats},
            {"intended", or_null(r.intended)},
            {"archived_date", or_null(r.archived_date)},
            {"typo", or_null(std::string(query::typo_kind_name(r.typo)))},
            {"candidates", candidates},
            {"note", r.note}};
}

void print_resolution(std::ostream& out, const query::CitationResolution& r,
                      std::string_view indent) {
    const std::string_view status = query::status_name(r.status);
    if (r.status == CitationStatus::Found && r.document) {
        out << indent << status << ": " << summary_line(*r.document) << "\n";
        if (!r.note.empty()) out << indent << "  (" << r.note << ")\n";
        return;
    }
    out << indent << status << ": " << r.note << "\n";
    if (r.document) out << indent << "  " << summary_line(*r.document) << "\n";
    // A typo's other candidates are alternatives to the document above it.
    const std::string_view lead = r.status == CitationStatus::Typo ? "or " : "";
    for (const auto& d : r.candidates) out << indent << "  " << lead << summary_line(d) << "\n";
}

std::size_t StatusCounts::total() const {
    std::size_t n = 0;
    for (std::size_t c : m_counts) n += c;
    return n;
}

std::size_t StatusCounts::problems() const {
    return total() - m_counts[static_cast<std::size_t>(CitationStatus::Found)];
}

json StatusCounts::to_json() const {
    json j = json::object();
    for (std::size_t i = 0; i < query::kCitationStatusCount; ++i) {
        j[std::string(query::status_name(static_cast<CitationStatus>(i)))] = m_counts[i];
    }
    return j;
}

std::string StatusCounts::to_text() const {
    std::vector<std::string> parts;
    for (std::size_t i = 0; i < query::kCitationStatusCount; ++i) {
        if (m_counts[i] == 0) continue;
        parts.push_back(std::to_string(m_counts[i]) + " " +
                        std::string(query::status_name(static_cast<CitationStatus>(i))));
    }
    return join(parts, ", ");
}

}  // namespace vanthu::tools
