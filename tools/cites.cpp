// `vanthu cites`: who carries a number, and who cites it and how.
#include "cites.hpp"

#include <nlohmann/json.hpp>
#include <ostream>

#include "citation_report.hpp"
#include "vanthu/core/docnumber.hpp"
#include "vanthu/core/text.hpp"
#include "vanthu/query/citations.hpp"

namespace vanthu::tools {
namespace {

using nlohmann::json;

std::string count(std::size_t n) {
    return std::to_string(n) + (n == 1 ? " document" : " documents");
}

// Whether a citation's date is the date of no carrier: worth a note when amending, because
// that citation may mean another document with the same number (numbers restart).
bool date_differs(const query::CitationRef& c, const query::CitedBy& by) {
    if (c.date.empty() || by.carriers.empty()) return false;
    for (const auto& d : by.carriers) {
        if (d.date == c.date) return false;
    }
    return true;
}

std::string carrier_dates(const query::CitedBy& by) {
    std::string out;
    for (const auto& d : by.carriers) {
        const std::string date = d.date.empty() ? "undated" : d.date;
        if (out.find(date) != std::string::npos) continue;
        out += (out.empty() ? "" : ", ") + date;
    }
    return out;
}

}  // namespace

int cites(const std::filesystem::path& index_dir, const std::string& number, bool as_json,
          std::ostream& out, std::ostream& err) {
    const std::string text = core::collapse_spaces(core::normalize_text(number));
    const auto parsed = core::parse_doc_number(text);
    if (!parsed) {
        const std::string message = "\"" + text +
                                    "\" is not a document number (write it as printed, such as "
                                    "152-KH/TU or 91/2017/NĐ-CP)";
        if (as_json) {
            out << json{{"error", "bad input"}, {"detail", message}}.dump(2) << "\n";
        } else {
            err << "vanthu: " << message << "\n";
        }
        return kCitesBadInput;
    }
    query::CitationResolver resolver(index_dir);
    const query::CitedBy by = resolver.cited_by(*parsed);
    const bool anything = !by.carriers.empty() || !by.citing.empty();
    const int status = anything ? kCitesFound : kCitesNothing;

    if (as_json) {
        json carriers = json::array();
        for (const auto& d : by.carriers) carriers.push_back(brief_json(d));
        json citing = json::array();
        for (const auto& c : by.citing) {
            json doc = brief_json(c.document);
            json list = json::array();
            for (const auto& ref : c.citations) {
                const auto r = resolver.resolve(ref);
                list.push_back({{"type", ref.type},
                                {"number", ref.number},
                                {"date", ref.date},
                                {"issuer", ref.issuer},
                                {"sentence", ref.sentence},
                                {"date_differs", date_differs(ref, by)},
                                {"status", query::status_name(r.status)},
                                {"note", r.note}});
            }
            doc["citations"] = std::move(list);
            citing.push_back(std::move(doc));
        }
        out << json{{"number", parsed->canonical},
                    {"found", anything},
                    {"carriers", carriers},
                    {"citing", citing}}
                   .dump(2)
            << "\n";
        return status;
    }

    if (by.carriers.empty()) {
        out << parsed->canonical << ": no document in the index carries this number.\n";
    } else {
        out << parsed->canonical << ": carried by " << count(by.carriers.size()) << ":\n";
        for (const auto& d : by.carriers) out << "  " << summary_line(d) << "\n";
    }
    if (by.citing.empty()) {
        out << "No document cites it.\n";
        return status;
    }
    out << "\nCited by " << count(by.citing.size()) << ":\n";
    for (const auto& c : by.citing) {
        out << "  " << summary_line(c.document) << "\n";
        for (const auto& ref : c.citations) {
            out << "      " << (ref.date.empty() ? std::string("(no date)") : ref.date) << ": "
                << (ref.sentence.empty() ? citation_line(ref) : "\"" + ref.sentence + "\"") << "\n";
            // A date mismatch is the line above; not-in-archive adds nothing to the list of
            // carriers. Any other status (ambiguous, issuer-mismatch, typo) is worth a line.
            const auto r = resolver.resolve(ref);
            if (date_differs(ref, by)) {
                out << "      note: the date differs from the carrier's (" << carrier_dates(by)
                    << ")\n";
            }
            if (r.status != query::CitationStatus::Found &&
                r.status != query::CitationStatus::NotInArchive &&
                r.status != query::CitationStatus::DateMismatch) {
                out << "      note: " << query::status_name(r.status) << ": " << r.note << "\n";
            }
        }
    }
    return status;
}

}  // namespace vanthu::tools
