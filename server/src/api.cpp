// The JSON API handlers (see api.hpp and docs/api.md).
#include "api.hpp"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <limits>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "http.hpp"
#include "vanthu/core/docnumber.hpp"
#include "vanthu/core/schema.hpp"
#include "vanthu/core/text.hpp"

namespace vanthu::server {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

ApiError bad_parameter(const std::string& detail) { return ApiError(400, "bad-parameter", detail); }

// The value of `name`, "" when absent (check_params() already refused repeats).
std::string param(const httplib::Request& req, const char* name) {
    return req.has_param(name) ? req.get_param_value(name) : std::string();
}

void check_length(const std::string& value, const char* name) {
    if (value.size() > kMaxQueryBytes) {
        throw ApiError(400, "query-too-long",
                       std::string(name) + " is too long (" + std::to_string(value.size()) +
                           " bytes; at most " + std::to_string(kMaxQueryBytes) + ")");
    }
}

// A whole number in [min, max]; `fallback` when the parameter is absent.
std::size_t number_param(const httplib::Request& req, const char* name, std::size_t fallback,
                         std::size_t min, std::size_t max) {
    if (!req.has_param(name)) return fallback;
    const std::string text = req.get_param_value(name);
    const std::string range = std::to_string(min) + " to " + std::to_string(max);
    std::size_t n = 0;
    const bool digits = !text.empty() && text.size() <= 12 &&
                        text.find_first_not_of("0123456789") == std::string::npos;
    if (!digits || std::from_chars(text.data(), text.data() + text.size(), n).ec != std::errc() ||
        n < min || n > max) {
        throw bad_parameter(std::string(name) + " must be a whole number from " + range +
                            (text.empty() ? "" : ", not \"" + text.substr(0, 40) + "\""));
    }
    return n;
}

bool flag_param(const httplib::Request& req, const char* name, bool fallback) {
    if (!req.has_param(name)) return fallback;
    const std::string v = req.get_param_value(name);
    if (v == "1" || v == "true") return true;
    if (v == "0" || v == "false") return false;
    throw bad_parameter(std::string(name) + " must be 1 or 0");
}

// Ids are the decimal docids, 1 to 4294967295, written without sign or leading zero.
Xapian::docid parse_docid(std::string_view text) {
    const ApiError bad = bad_parameter("a document id is a decimal number from 1 to " +
                                       std::to_string(std::numeric_limits<Xapian::docid>::max()));
    if (text.empty() || text.size() > 10 || text.front() == '0' ||
        text.find_first_not_of("0123456789") != std::string_view::npos) {
        throw bad;
    }
    unsigned long long n = 0;
    std::from_chars(text.data(), text.data() + text.size(), n);
    if (n == 0 || n > std::numeric_limits<Xapian::docid>::max()) throw bad;
    return static_cast<Xapian::docid>(n);
}

json meta_of(const query::StoredDocument& d) {
    const json data = json::parse(d.data, nullptr, false);
    if (data.is_object()) {
        if (auto m = data.find("meta"); m != data.end() && m->is_object()) return *m;
    }
    return json::object();
}

// The fields every list of documents shows.
json brief_json(const query::StoredDocument& d, const Roots& roots) {
    return json{{"id", d.docid},
                {"number", d.number},
                {"title", d.title},
                {"date", d.date},
                {"issuer", d.issuer},
                {"type", d.type},
                {"path", display_path(d.path, roots)},
                {"format", d.format}};
}

std::string facet_label(const std::string& name) { return name == "domain" ? "field" : name; }

double rounded_ms(std::chrono::steady_clock::duration d) {
    const double ms = std::chrono::duration<double, std::milli>(d).count();
    return std::round(ms * 10) / 10;
}

// A citation's resolution with every secret document taken out. When the document it meant is
// secret, the answer becomes what it would be without that document: the remaining
// candidates, or not-in-archive; the resolver's note may name the secret document, so it goes.
void hide_secret(query::CitationResolution& r, ThreadIndex& t) {
    auto secret = [&](const query::StoredDocument& d) { return t.hidden(d.docid); };
    std::erase_if(r.candidates, secret);
    std::erase_if(r.other_formats, secret);
    if (r.document && secret(*r.document)) {
        r.document.reset();
        r.intended.clear();
        r.archived_date.clear();
        r.typo = query::TypoKind::None;
        if (r.candidates.size() > 1) {
            r.status = query::CitationStatus::Ambiguous;
            r.note = "several documents carry this number";
        } else if (r.candidates.size() == 1) {
            r.document = std::move(r.candidates.front());
            r.candidates.clear();
            r.note = "";
        } else {
            r.status = query::CitationStatus::NotInArchive;
            r.note = "no document in the archive carries this number";
        }
    }
}

}  // namespace

void check_params(const httplib::Request& req) {
    std::string previous;
    bool first = true;
    // Params is a multimap: repeats are neighbours.
    for (const auto& [name, value] : req.params) {
        if (!core::is_valid_utf8(name) || !core::is_valid_utf8(value)) {
            throw ApiError(400, "invalid-utf8",
                           "parameter \"" + loggable(name, 40) + "\" is not valid UTF-8");
        }
        if (!first && name == previous) {
            throw bad_parameter("parameter \"" + name + "\" is given more than once");
        }
        previous = name;
        first = false;
    }
}

Api::Api(IndexPool& pool, const ServerOptions& options)
    : m_pool(pool), m_options(options), m_user_roots(roots_from_paths(options.roots)) {}

Roots Api::roots(const ThreadIndex& t) const {
    return m_options.roots.empty() ? parse_roots(t.roots) : m_user_roots;
}

void Api::search(const httplib::Request& req, httplib::Response& res) {
    const auto start = std::chrono::steady_clock::now();
    const std::string q = param(req, "q");
    check_length(q, "q");
    query::SearchFilters filters{param(req, "type"), param(req, "issuer"), param(req, "year"),
                                 param(req, "from"), param(req, "to"),     param(req, "field")};
    for (const auto* f : {"type", "issuer", "year", "from", "to", "field"}) {
        check_length(param(req, f), f);
    }
    const std::size_t page = number_param(req, "page", 1, 1, kMaxResultWindow);
    const std::size_t size = number_param(req, "size", 10, 1, kMaxPageSize);
    if (page * size > kMaxResultWindow) {
        throw bad_parameter("page × size must be at most " + std::to_string(kMaxResultWindow) +
                            " (page " + std::to_string(page) + " of size " + std::to_string(size) +
                            ")");
    }
    std::string sort_name = req.has_param("sort") ? req.get_param_value("sort") : "relevance";
    const auto sort = query::sort_order_from_name(sort_name);
    if (!sort) {
        throw bad_parameter("sort must be relevance, date or date-asc, not \"" +
                            sort_name.substr(0, 40) + "\"");
    }
    sort_name = *sort == query::SortOrder::Relevance  ? "relevance"
                : *sort == query::SortOrder::DateDesc ? "date"
                                                      : "date-asc";
    query::SearchOptions options;
    options.offset = (page - 1) * size;
    options.limit = size;
    options.sort = *sort;
    options.filters = filters;
    options.facets = flag_param(req, "facets", true);
    options.hit_meta = false;  // hits carry the metadata's main fields; the rest is on /documents
    options.time_limit = m_options.query_time_limit;
    options.hide_secret = !m_options.show_secret;

    ThreadIndex& t = m_pool.acquire();
    query::SearchResult result;
    try {
        result = t.searcher.search(q, options);
    } catch (const query::QueryError& e) {
        throw ApiError(400, "bad-query", e.what());
    }
    json suggestion = nullptr;
    if (q.find_first_not_of(" \t\r\n") != std::string::npos) {
        if (auto suggester = m_pool.suggester()) {
            if (auto better = suggester->did_you_mean(q, t.db)) suggestion = *better;
        }
    }
    const Roots roots = this->roots(t);
    json hits = json::array();
    for (const auto& h : result.hits) {
        json j{{"id", h.docid},
               {"rank", h.rank},
               {"score", std::round(h.score * 1000) / 1000},
               {"number", h.number},
               {"type", h.type},
               {"issuer", h.issuer},
               {"date", h.date},
               {"title", h.title},
               {"path", display_path(h.path, roots)},
               {"name", fs::path(h.path).filename().string()},
               {"format", h.format},
               {"status", h.status},
               {"snippet", h.snippet_html}};
        if (!h.error.empty()) j["error"] = h.error;
        hits.push_back(std::move(j));
    }
    json facets = json::object();
    for (const auto& f : result.facets) {
        json values = json::array();
        for (const auto& v : f.values) values.push_back({{"value", v.value}, {"count", v.count}});
        facets[facet_label(f.name)] = std::move(values);
    }
    const std::size_t pages = (result.estimated + size - 1) / size;
    json body{{"query", q},
              {"parsed", result.parsed},
              {"suggestion", suggestion},
              {"relaxed", result.relaxed},
              {"best_match", result.best_match},
              {"total", result.estimated},
              {"total_exact", result.exact_count},
              {"page", page},
              {"size", size},
              {"pages", pages},
              {"sort", sort_name},
              {"filters",
               {{"type", filters.type},
                {"issuer", filters.issuer},
                {"year", filters.year},
                {"from", filters.date_from},
                {"to", filters.date_to},
                {"field", filters.domain}}},
              {"hits", std::move(hits)}};
    if (options.facets) {
        body["facets"] = std::move(facets);
        body["facets_exact"] = result.facets_exact;
    }
    body["took_ms"] = rounded_ms(std::chrono::steady_clock::now() - start);
    send_json(res, 200, body);
}

void Api::document(const httplib::Request&, httplib::Response& res, std::string_view id) {
    const Xapian::docid docid = parse_docid(id);
    ThreadIndex& t = m_pool.acquire();
    const auto d = t.lookup.by_docid(docid);
    if (!d || t.hidden(docid)) {
        throw ApiError(404, "not-found", "no document " + std::to_string(docid));
    }
    const Roots roots = this->roots(t);
    json j = brief_json(*d, roots);
    j["name"] = d->name;
    j["status"] = d->status;
    j["size"] = d->size;
    j["error"] = d->error;
    j["meta"] = meta_of(*d);
    j["file_url"] = "/api/documents/" + std::to_string(docid) + "/file";

    // The same file name in the other formats (a.pdf beside a.docx), found by their unique
    // id terms: no file system access.
    std::set<Xapian::docid> same_file = {docid};
    json other_formats = json::array();
    const fs::path stored(d->path);
    for (const char* ext : {"pdf", "docx", "txt"}) {
        if (d->format == ext || stored.extension() == std::string(".") + ext) continue;
        fs::path other = stored;
        other.replace_extension(ext);
        const std::string term = schema::uid_term(other.string());
        const auto found = query::retry_if_modified(t.db, [&]() -> Xapian::docid {
            auto it = t.db.postlist_begin(term);
            return it == t.db.postlist_end(term) ? 0 : *it;
        });
        if (found == 0 || t.hidden(found)) continue;
        same_file.insert(found);
        other_formats.push_back({{"id", found}, {"format", ext}});
    }
    j["other_formats"] = std::move(other_formats);

    query::CitationResolver& resolver = t.citations();
    json citations = json::array();
    for (const auto& ref : query::stored_citations(*d)) {
        query::CitationResolution r = resolver.resolve(ref);
        hide_secret(r, t);
        json candidates = json::array();
        for (const auto& c : r.candidates) candidates.push_back(brief_json(c, roots));
        citations.push_back(
            {{"number", ref.number},
             {"type", ref.type},
             {"date", ref.date},
             {"issuer", ref.issuer},
             {"sentence", ref.sentence},
             {"status", query::status_name(r.status)},
             {"note", r.note},
             {"document", r.document ? brief_json(*r.document, roots) : json(nullptr)},
             {"candidates", std::move(candidates)},
             {"intended", r.intended}});
    }
    j["citations"] = std::move(citations);

    // Documents citing this one: those citing its number, unless the citation resolves to
    // another document with the same number (numbers restart every year or term).
    json cited_by = json::array();
    if (const auto number = core::parse_doc_number(d->number)) {
        const query::CitedBy by = resolver.cited_by(*number);
        for (const auto& c : by.citing) {
            if (same_file.contains(c.document.docid) || t.hidden(c.document.docid)) continue;
            for (const auto& ref : c.citations) {
                const query::CitationResolution r = resolver.resolve(ref);
                if (r.document && !same_file.contains(r.document->docid)) continue;
                json entry = brief_json(c.document, roots);
                entry["sentence"] = ref.sentence;
                entry["cited_date"] = ref.date;
                cited_by.push_back(std::move(entry));
                break;
            }
        }
    }
    j["cited_by"] = std::move(cited_by);
    send_json(res, 200, j);
}

void Api::file(const httplib::Request& req, httplib::Response& res, std::string_view id) {
    const Xapian::docid docid = parse_docid(id);
    const bool as_inline = flag_param(req, "inline", false);
    ThreadIndex& t = m_pool.acquire();
    const auto d = t.lookup.by_docid(docid);
    if (!d || t.hidden(docid)) {
        throw ApiError(404, "not-found", "no document " + std::to_string(docid));
    }
    std::shared_ptr<OpenFile> file = open_served_file(d->path, roots(t));
    const std::string type = content_type_for(d->format, d->name);
    // Status left unset: httplib makes it 206 when a Range was asked for, else 200.
    res.set_header("Content-Disposition", content_disposition(d->name, as_inline));
    res.set_header("Cache-Control", "no-cache");
    if (file->size() == 0) {
        res.status = 200;
        res.set_content("", type);
        return;
    }
    // Streamed in pieces: a large PDF is never held in memory whole.
    res.set_content_provider(
        static_cast<std::size_t>(file->size()), type,
        [file](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
            thread_local std::array<char, 64 * 1024> buffer;
            const std::size_t want = std::min(length, buffer.size());
            const ssize_t got =
                ::pread(file->fd(), buffer.data(), want, static_cast<off_t>(offset));
            // A file that shrank or cannot be read any more cuts the answer short.
            if (got <= 0) return false;
            return sink.write(buffer.data(), static_cast<std::size_t>(got));
        });
}

void Api::cites(const httplib::Request& req, httplib::Response& res) {
    const std::string text = param(req, "number");
    check_length(text, "number");
    const std::string cleaned = core::collapse_spaces(core::normalize_text(text));
    if (cleaned.empty()) {
        throw ApiError(400, "bad-number", "give a document number: ?number=152-KH/TU");
    }
    const auto number = core::parse_doc_number(cleaned);
    if (!number) {
        throw ApiError(400, "bad-number",
                       "\"" + cleaned +
                           "\" is not a document number (write it as printed, such as "
                           "152-KH/TU or 91/2017/NĐ-CP)");
    }
    ThreadIndex& t = m_pool.acquire();
    const query::CitedBy by = t.citations().cited_by(*number);
    const Roots roots = this->roots(t);
    json carriers = json::array();
    for (const auto& d : by.carriers) {
        if (!t.hidden(d.docid)) carriers.push_back(brief_json(d, roots));
    }
    json citing = json::array();
    for (const auto& c : by.citing) {
        if (t.hidden(c.document.docid)) continue;
        json doc = brief_json(c.document, roots);
        json list = json::array();
        for (const auto& ref : c.citations) {
            list.push_back({{"number", ref.number},
                            {"sentence", ref.sentence},
                            {"date", ref.date},
                            {"issuer", ref.issuer},
                            {"type", ref.type}});
        }
        doc["citations"] = std::move(list);
        citing.push_back(std::move(doc));
    }
    send_json(res, 200,
              {{"number", number->canonical},
               {"found", !carriers.empty()},
               {"carriers", std::move(carriers)},
               {"citing", std::move(citing)}});
}

void Api::suggest(const httplib::Request& req, httplib::Response& res) {
    const std::string q = param(req, "q");
    check_length(q, "q");
    const std::size_t limit = number_param(req, "limit", 8, 1, kMaxSuggestions);
    json suggestions = json::array();
    if (q.find_first_not_of(" \t\r\n") != std::string::npos) {
        if (auto suggester = m_pool.suggester()) {
            ThreadIndex& t = m_pool.acquire();
            for (const auto& c : suggester->complete(q, limit, t.db)) {
                // The suggester of a hidden-secret server leaves them out already; a document
                // stamped since it was built must not slip through either.
                if (c.docid != 0 && t.hidden(c.docid)) continue;
                json j{{"kind", c.kind}, {"text", c.text}};
                if (c.docid != 0) j["id"] = c.docid;
                if (c.count != 0) j["count"] = c.count;
                if (!c.detail.empty()) j["detail"] = c.detail;
                suggestions.push_back(std::move(j));
            }
        }
    }
    send_json(res, 200, {{"q", q}, {"suggestions", std::move(suggestions)}});
}

void Api::healthz(const httplib::Request&, httplib::Response& res) {
    try {
        ThreadIndex& t = m_pool.acquire();
        send_json(res, 200,
                  {{"status", "ok"}, {"documents", t.documents}, {"revision", t.revision}});
    } catch (const IndexUnavailable& e) {
        send_json(res, 503, {{"status", "error"}, {"detail", e.what()}});
    }
}

}  // namespace vanthu::server
