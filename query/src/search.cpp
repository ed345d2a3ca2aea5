// Searching: parse, match with BM25, relax an all-words query that matches nothing, and turn
// each hit's stored data into a Hit with a snippet.
#include "vanthu/query/search.hpp"

#include <xapian.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <system_error>

#include "vanthu/core/analyzer.hpp"
#include "vanthu/core/schema.hpp"
#include "vanthu/query/query_parser.hpp"
#include "vanthu/query/snippet.hpp"

namespace vanthu::query {
namespace {

// Counting is exact up to this many matches (cheap at archive sizes, and "218 documents"
// reads better than "about 200").
constexpr Xapian::doccount kCheckAtLeast = 1000;

std::string json_string(const nlohmann::json& j, const char* key) {
    auto it = j.find(key);
    if (it == j.end() || !it->is_string()) return {};
    return it->get<std::string>();
}

Hit make_hit(const Xapian::MSetIterator& it, const core::Analyzer& analyzer,
             const HighlightTerms& terms, std::size_t snippet_chars) {
    Hit hit;
    hit.docid = *it;
    hit.score = it.get_weight();
    hit.rank = static_cast<int>(it.get_rank()) + 1;
    const Xapian::Document doc = it.get_document();
    // Data written by another build may be anything: a hit is still shown, with its path
    // from the value slot.
    const nlohmann::json data = nlohmann::json::parse(doc.get_data(), nullptr, false);
    if (data.is_object()) {
        hit.path = json_string(data, "path");
        hit.title = json_string(data, "title");
        hit.number = json_string(data, "number");
        hit.format = json_string(data, "format");
        hit.status = json_string(data, "status");
        if (auto e = data.find("error"); e != data.end() && e->is_object()) {
            hit.error = json_string(*e, "message");
        }
        if (hit.title.empty()) hit.title = json_string(data, "name");
    }
    if (hit.path.empty()) hit.path = doc.get_value(schema::kSlotPath);
    if (hit.title.empty()) hit.title = std::filesystem::path(hit.path).filename().string();
    if (hit.status.empty()) hit.status = std::string(schema::kStatusOk);
    hit.snippet_html =
        make_snippet(analyzer, doc.get_value(schema::kSlotText), terms, snippet_chars);
    return hit;
}

}  // namespace

struct Searcher::Impl {
    Xapian::Database db;
    core::Analyzer analyzer;
    QueryParser parser{analyzer};

    Xapian::MSet run(const Xapian::Query& query, Xapian::doccount offset, Xapian::doccount limit) {
        // One retry: a writer may commit between opening and reading.
        for (int attempt = 0;; ++attempt) {
            try {
                Xapian::Enquire enquire(db);
                enquire.set_query(query);
                enquire.set_weighting_scheme(Xapian::BM25Weight());
                return enquire.get_mset(offset, limit, std::max(kCheckAtLeast, offset + limit));
            } catch (const Xapian::DatabaseModifiedError&) {
                if (attempt > 0) throw;
                db.reopen();
            }
        }
    }
};

Searcher::Searcher(const std::filesystem::path& index_dir) : m_impl(new Impl) {
    try {
        std::error_code ec;
        if (!std::filesystem::is_directory(index_dir, ec)) {
            throw std::runtime_error("no index at " + index_dir.string() +
                                     ": run `vanthu index` first");
        }
        try {
            m_impl->db = Xapian::Database(index_dir.string());
        } catch (const Xapian::DatabaseVersionError& e) {
            throw std::runtime_error("the index at " + index_dir.string() +
                                     " was written by another Xapian version (" + e.get_msg() +
                                     "): run `vanthu index --full` to rebuild it");
        } catch (const Xapian::DatabaseOpeningError&) {
            throw std::runtime_error("no index at " + index_dir.string() +
                                     ": run `vanthu index` first");
        }
        const std::string version = m_impl->db.get_metadata(std::string(schema::kMetaSchemaKey));
        if (version != schema::kSchemaVersion) {
            throw std::runtime_error(
                "the index at " + index_dir.string() + " was written by " +
                (version.empty() ? std::string("another program or an older vanthu")
                                 : "vanthu schema version " + version) +
                ", this build needs schema version " + std::string(schema::kSchemaVersion) +
                ": run `vanthu index --full` to rebuild it");
        }
    } catch (const Xapian::Error& e) {
        delete m_impl;
        throw std::runtime_error("cannot open the index at " + index_dir.string() + ": " +
                                 e.get_description());
    } catch (...) {
        delete m_impl;
        throw;
    }
}

Searcher::~Searcher() { delete m_impl; }

SearchResult Searcher::search(const std::string& query, const SearchOptions& options) {
    SearchResult result;
    result.query = query;
    const ParsedQuery parsed = m_impl->parser.parse(query);
    result.parsed = parsed.query.get_description();
    try {
        // Xapian counts documents in 32 bits; no index here comes near the clamp.
        constexpr std::size_t kMaxCount = 1u << 30;
        const auto offset = static_cast<Xapian::doccount>(std::min(options.offset, kMaxCount));
        const auto limit = static_cast<Xapian::doccount>(std::min(options.limit, kMaxCount));
        Xapian::MSet mset = m_impl->run(parsed.query, offset, limit);
        // No document has every word: show those with some, and say so. (An empty page past
        // the end is relaxed only when the first page would be.)
        if (parsed.relaxed && mset.empty() &&
            ((offset == 0 && limit > 0) || m_impl->run(parsed.query, 0, 1).empty())) {
            result.relaxed = true;
            result.parsed = parsed.relaxed->get_description();
            mset = m_impl->run(*parsed.relaxed, offset, limit);
        }
        result.estimated = mset.get_matches_estimated();
        result.exact_count = mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
        for (auto it = mset.begin(); it != mset.end(); ++it) {
            result.hits.push_back(
                make_hit(it, m_impl->analyzer, parsed.highlight, options.snippet_chars));
        }
    } catch (const Xapian::Error& e) {
        // Xapian errors are not std::exception; main() reports std::runtime_error.
        throw std::runtime_error("search failed: " + e.get_description());
    }
    return result;
}

}  // namespace vanthu::query
