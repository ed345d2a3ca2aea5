// `vanthu show`: one document's metadata, or the documents that carry or cite a number.
#include "show.hpp"

#include <charconv>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <string_view>
#include <system_error>
#include <vector>

#include "citation_report.hpp"
#include "vanthu/core/docnumber.hpp"
#include "vanthu/core/text.hpp"
#include "vanthu/query/citations.hpp"
#include "vanthu/query/lookup.hpp"

namespace vanthu::tools {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using query::StoredDocument;

std::string str(const json& j, const char* key) {
    if (!j.is_object()) return {};
    auto it = j.find(key);
    if (it == j.end() || !it->is_string()) return {};
    return it->get<std::string>();
}

std::vector<std::string> strings(const json& j, const char* key) {
    std::vector<std::string> out;
    if (!j.is_object()) return out;
    auto it = j.find(key);
    if (it == j.end() || !it->is_array()) return out;
    for (const auto& v : *it) {
        if (v.is_string() && !v.get<std::string>().empty()) out.push_back(v.get<std::string>());
    }
    return out;
}

const json& object_at(const json& j, const char* key) {
    static const json empty = json::object();
    if (!j.is_object()) return empty;
    auto it = j.find(key);
    return it != j.end() && it->is_object() ? *it : empty;
}

json parse_data(const StoredDocument& d) {
    json j = json::parse(d.data, nullptr, false);
    return j.is_object() ? j : json::object();
}

// The document data, with the fields read from values and fallbacks filled in, so that a
// consumer of --json never has to know where each came from.
json document_json(const StoredDocument& d) {
    json j = parse_data(d);
    j["docid"] = d.docid;
    j["path"] = d.path;
    j["name"] = d.name;
    j["format"] = d.format;
    j["status"] = d.status;
    j["title"] = d.title;
    j["size"] = d.size;
    j["number"] = d.number;
    j["type"] = d.type;
    j["issuer"] = d.issuer;
    j["date"] = d.date;
    if (!d.error.empty() && !j.contains("error")) j["error"] = json{{"message", d.error}};
    if (!j.contains("meta") || !j["meta"].is_object()) j["meta"] = json::object();
    return j;
}

// The citations in `doc` of `number` (same key, or same folded key), as the metadata has them.
json citations_of(const StoredDocument& doc, const core::DocNumber& number) {
    json out = json::array();
    const json meta = object_at(parse_data(doc), "meta");
    auto it = meta.find("citations");
    if (it == meta.end() || !it->is_array()) return out;
    for (const auto& c : *it) {
        const auto cited = core::parse_doc_number(str(c, "number"));
        if (cited && (cited->key == number.key || cited->folded_key == number.folded_key)) {
            out.push_back(c);
        }
    }
    return out;
}

std::string citation_text(const json& c) {
    return join({str(c, "type"), str(c, "number"), str(c, "date"), str(c, "issuer")}, ", ");
}

void field(std::ostream& out, std::string_view label, const std::string& value) {
    if (value.empty()) return;
    out << "  " << label;
    for (std::size_t k = label.size(); k < 12; ++k) out << ' ';
    out << value << "\n";
}

void print_document(std::ostream& out, const StoredDocument& d,
                    query::CitationResolver* resolver = nullptr) {
    const json data = parse_data(d);
    const json& meta = object_at(data, "meta");
    out << "Document " << d.docid << ": " << d.path << "\n";
    field(out, "number", d.number);
    std::string type = d.type;
    if (const std::string code = str(meta, "type_code"); !code.empty()) type += " (" + code + ")";
    field(out, "type", type);
    // The metadata keeps unit and parent apart; the value slot has them joined for display.
    std::string issuer = str(meta, "issuer");
    if (const std::string parent = str(meta, "issuer_parent"); !parent.empty()) {
        issuer += issuer.empty() ? parent : " (under " + parent + ")";
    }
    field(out, "issuer", issuer.empty() ? d.issuer : issuer);
    field(out, "place", str(meta, "place"));
    field(out, "date", d.date);
    field(out, "subject", str(meta, "subject"));
    const auto recipients = strings(meta, "recipients");
    for (std::size_t k = 0; k < recipients.size(); ++k) {
        field(out, k == 0 ? "recipients" : "", "- " + recipients[k]);
    }
    const json& sig = object_at(meta, "signature");
    if (const std::string name = str(sig, "name"); !name.empty() || !str(sig, "position").empty()) {
        const std::string role = join({str(sig, "authority"), str(sig, "position")}, " ");
        field(out, "signed", role.empty() ? name : join({name, "(" + role + ")"}, " "));
    }
    field(out, "secrecy", str(meta, "secrecy"));
    field(out, "urgency", str(meta, "urgency"));
    field(out, "stamps", join(strings(meta, "stamps"), ", "));
    field(out, "author", str(meta, "author"));
    field(out, "unit", str(meta, "unit"));
    field(out, "field", str(meta, "domain"));
    // Each citation resolved against the archive: is the cited document there, and cited
    // with its right number, date and issuer? (docs/citations.md)
    bool first = true;
    for (const auto& ref : query::stored_citations(d)) {
        field(out, first ? "cites" : "", citation_line(ref));
        if (resolver != nullptr) print_resolution(out, resolver->resolve(ref), "                ");
        first = false;
    }
    field(out, "title", d.title);
    std::string file = d.format;
    if (d.size > 0) file = join({file, std::to_string(d.size) + " bytes"}, ", ");
    field(out, "file", d.name + (file.empty() ? "" : " (" + file + ")"));
    field(out, "status",
          d.status == "failed" && !d.error.empty() ? "failed: " + d.error : d.status);
}

// Docids are 32-bit; "0", "007" typed by hand and overflows are not ids.
std::optional<Xapian::docid> parse_docid(std::string_view s) {
    if (s.empty() || s.size() > 10 || s.find_first_not_of("0123456789") != std::string_view::npos) {
        return std::nullopt;
    }
    unsigned long long n = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
    if (ec != std::errc() || end != s.data() + s.size() || n == 0 ||
        n > std::numeric_limits<Xapian::docid>::max()) {
        return std::nullopt;
    }
    return static_cast<Xapian::docid>(n);
}

bool all_digits(std::string_view s) {
    return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos;
}

int show_number(query::DocumentLookup& lookup, const core::DocNumber& number, bool as_json,
                std::ostream& out) {
    const query::NumberDocuments found = lookup.by_number(number);
    const int status = found.carriers.empty() ? kShowNotFound : kShowFound;
    if (as_json) {
        json carriers = json::array();
        for (const auto& d : found.carriers) carriers.push_back(document_json(d));
        auto brief = [&](const StoredDocument& d, bool with_citations) {
            json j{{"docid", d.docid},   {"path", d.path}, {"title", d.title},
                   {"number", d.number}, {"type", d.type}, {"issuer", d.issuer},
                   {"date", d.date}};
            if (with_citations) j["citations"] = citations_of(d, number);
            return j;
        };
        json citing = json::array();
        for (const auto& d : found.citing) citing.push_back(brief(d, true));
        json mentioning = json::array();
        for (const auto& d : found.mentioning) mentioning.push_back(brief(d, false));
        out << json{{"number", number.canonical},
                    {"found", !found.carriers.empty()},
                    {"carriers", carriers},
                    {"citing", citing},
                    {"mentioning", mentioning}}
                   .dump(2)
            << "\n";
        return status;
    }
    auto count = [](std::size_t n) {
        return std::to_string(n) + (n == 1 ? " document" : " documents");
    };
    if (found.carriers.empty()) {
        out << number.canonical << ": no document in the index carries this number.\n";
    } else {
        out << number.canonical << ": carried by " << count(found.carriers.size()) << ".\n";
        for (const auto& d : found.carriers) {
            out << "\n";
            print_document(out, d);
        }
    }
    if (!found.citing.empty()) {
        out << "\nCited by " << count(found.citing.size()) << ":\n";
        for (const auto& d : found.citing) {
            out << "  " << summary_line(d) << "\n";
            for (const auto& c : citations_of(d, number)) {
                out << "      cites it as: " << citation_text(c) << "\n";
            }
        }
    } else if (found.carriers.empty()) {
        out << "No document cites it.\n";
    }
    if (!found.mentioning.empty()) {
        out << "\nAlso mentioned in " << count(found.mentioning.size()) << ":\n";
        for (const auto& d : found.mentioning) out << "  " << summary_line(d) << "\n";
    }
    return status;
}

}  // namespace

int show(const fs::path& index_dir, const std::string& what, bool as_json, std::ostream& out,
         std::ostream& err) {
    const std::string text = core::normalize_text(what);
    const std::string_view trimmed = [&] {
        std::string_view s = text;
        while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n')) {
            s.remove_prefix(1);
        }
        while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n')) {
            s.remove_suffix(1);
        }
        return s;
    }();
    auto bad_input = [&](const std::string& message) {
        if (as_json) {
            out << json{{"error", "bad input"}, {"detail", message}}.dump(2) << "\n";
        } else {
            err << "vanthu: " << message << "\n";
        }
        return kShowBadInput;
    };
    auto not_found = [&](const std::string& message) {
        if (as_json) {
            out << json{{"error", "not found"}, {"detail", message}}.dump(2) << "\n";
        } else {
            err << "vanthu: " << message << "\n";
        }
        return kShowNotFound;
    };
    if (trimmed.empty()) {
        return bad_input("nothing to show: give a document id, a path or a document number");
    }

    query::DocumentLookup lookup(index_dir);
    auto print = [&](const StoredDocument& d) {
        query::CitationResolver resolver(index_dir);
        if (as_json) {
            json doc = document_json(d);
            json citations = json::array();
            for (const auto& ref : query::stored_citations(d)) {
                citations.push_back(resolution_json(ref, resolver.resolve(ref)));
            }
            doc["citations"] = std::move(citations);
            out << json{{"document", doc}}.dump(2) << "\n";
        } else {
            print_document(out, d, &resolver);
        }
        return kShowFound;
    };

    if (all_digits(trimmed)) {
        const auto docid = parse_docid(trimmed);
        if (!docid) {
            return bad_input(std::string("\"").append(trimmed) +
                             "\" is not a document id (ids run from 1 to 4294967295)");
        }
        if (auto d = lookup.by_docid(*docid)) return print(*d);
        return not_found("no document with id " + std::string(trimmed) + " in the index");
    }
    // A file on disk wins over a number it happens to look like ("152-KH/TU" as a relative
    // path); a path of a file removed since indexing is still looked up after numbers.
    std::error_code ec;
    const fs::path path(std::string{trimmed});
    if (fs::is_regular_file(path, ec)) {
        if (auto d = lookup.by_path(path)) return print(*d);
        return not_found(path.string() + " is not in the index: run `vanthu index` on it");
    }
    if (auto number = core::parse_doc_number(trimmed)) {
        return show_number(lookup, *number, as_json, out);
    }
    if (auto d = lookup.by_path(path)) return print(*d);
    return not_found(std::string("\"").append(trimmed) +
                     "\" is neither a document id, nor the path of an indexed file, nor a "
                     "document number");
}

}  // namespace vanthu::tools
