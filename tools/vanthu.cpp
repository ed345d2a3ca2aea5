// vanthu: full-text search and archive indexer for Vietnamese administrative documents.
// One binary, one subcommand per task. Exceptions reaching here are environment failures
// (an index that will not open, a disk that is full) or bugs: reported once, exit status 2.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "vanthu/indexer/index_run.hpp"
#include "vanthu/query/search.hpp"

namespace {

constexpr int kExitOk = 0;
constexpr int kExitFilesFailed = 1;  // the run went on, but some files could not be read
constexpr int kExitError = 2;        // bad usage, bad query, or an index that cannot be used

int cmd_index(const vanthu::indexer::IndexOptions& options) {
    auto summary = vanthu::indexer::run_index(options, std::cerr);
    return summary.failed.empty() ? kExitOk : kExitFilesFailed;
}

// Terminal highlighting: <mark> from the snippet becomes bold, other HTML is unescaped.
std::string snippet_for_terminal(const std::string& html, bool color) {
    std::string out;
    for (std::size_t i = 0; i < html.size();) {
        auto starts = [&](std::string_view s) { return html.compare(i, s.size(), s) == 0; };
        if (starts("<mark>")) {
            out += color ? "\x1b[1;33m" : "[";
            i += 6;
        } else if (starts("</mark>")) {
            out += color ? "\x1b[0m" : "]";
            i += 7;
        } else if (starts("&lt;")) {
            out += '<';
            i += 4;
        } else if (starts("&gt;")) {
            out += '>';
            i += 4;
        } else if (starts("&quot;")) {
            out += '"';
            i += 6;
        } else if (starts("&#39;")) {
            out += '\'';
            i += 5;
        } else if (starts("&amp;")) {
            out += '&';
            i += 5;
        } else {
            out += html[i++];
        }
    }
    return out;
}

int cmd_search(const std::string& index_dir, const std::string& query_text,
               const vanthu::query::SearchOptions& options, bool as_json) {
    vanthu::query::Searcher searcher(index_dir);
    vanthu::query::SearchResult result;
    try {
        result = searcher.search(query_text, options);
    } catch (const vanthu::query::QueryError& e) {
        if (as_json) {
            std::cout << nlohmann::json{{"error", "bad query"}, {"detail", e.what()}}.dump(2)
                      << "\n";
        } else {
            std::cerr << "vanthu: bad query: " << e.what() << "\n";
        }
        return kExitError;
    }
    if (as_json) {
        nlohmann::json hits = nlohmann::json::array();
        for (const auto& h : result.hits) {
            nlohmann::json j{
                {"rank", h.rank},     {"docid", h.docid},   {"score", h.score},
                {"path", h.path},     {"title", h.title},   {"number", h.number},
                {"format", h.format}, {"status", h.status}, {"snippet", h.snippet_html}};
            if (!h.error.empty()) j["error"] = h.error;
            hits.push_back(std::move(j));
        }
        nlohmann::json out{{"query", result.query},
                           {"parsed", result.parsed},
                           {"relaxed", result.relaxed},
                           {"estimated", result.estimated},
                           {"exact_count", result.exact_count},
                           {"offset", options.offset},
                           {"limit", options.limit},
                           {"hits", hits}};
        std::cout << out.dump(2) << "\n";
        return kExitOk;
    }
    const bool color = isatty(STDOUT_FILENO) && std::getenv("NO_COLOR") == nullptr;
    if (result.hits.empty()) {
        std::cout << "No documents match \"" << result.query << "\".\n";
        return kExitOk;
    }
    std::cout << (result.exact_count ? "" : "about ") << result.estimated << " document"
              << (result.estimated == 1 ? "" : "s") << " match";
    if (result.relaxed) std::cout << " some of the words (none has them all)";
    std::cout << "; showing " << options.offset + 1 << "-" << options.offset + result.hits.size()
              << "\n\n";
    for (const auto& h : result.hits) {
        std::cout << h.rank << ". " << (color ? "\x1b[1m" : "") << h.title
                  << (color ? "\x1b[0m" : "");
        if (!h.number.empty()) std::cout << "  [" << h.number << "]";
        std::cout << "\n   " << h.path << "  (" << h.format << ")\n";
        if (h.status == "failed") {
            std::cout << "   (could not be read: " << h.error << "; found by its name)\n";
        } else if (!h.snippet_html.empty()) {
            std::cout << "   " << snippet_for_terminal(h.snippet_html, color) << "\n";
        }
        std::cout << "\n";
    }
    return kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"vanthu: search Vietnamese administrative documents (PDF, DOCX, text)"};
    app.require_subcommand(1);
    app.set_version_flag("--version", "vanthu 0.1.0");
    std::string index_dir = vanthu::indexer::default_index_dir().string();

    // vanthu index
    vanthu::indexer::IndexOptions index_options;
    std::vector<std::string> roots;
    auto* index = app.add_subcommand("index", "Index files and folders (incremental)");
    index->add_option("paths", roots, "Files or folders to index (default: current folder)");
    index->add_option("--index", index_dir, "Index folder")->capture_default_str();
    index->add_option("--jobs,-j", index_options.jobs, "Extraction threads (0: one per core)")
        ->capture_default_str();
    index->add_flag("--full", index_options.full, "Rebuild the index from scratch");
    index->add_flag(
        "--no-progress", [&](std::int64_t) { index_options.progress = false; },
        "Never draw a progress bar");
    index->add_option("--batch", index_options.batch_size, "Documents per commit")
        ->check(CLI::Range(1, 1000000))
        ->capture_default_str();

    // vanthu search
    std::string query_text;
    vanthu::query::SearchOptions search_options;
    bool as_json = false;
    auto* search = app.add_subcommand("search", "Search the index");
    search->add_option("query", query_text, "Query: words, \"phrases\", AND/OR/NOT, numbers")
        ->required();
    search->add_option("--index", index_dir, "Index folder")->capture_default_str();
    search->add_option("--limit,-n", search_options.limit, "Hits per page")
        ->check(CLI::Range(1, 10000))
        ->capture_default_str();
    search->add_option("--offset", search_options.offset, "Hits to skip")->capture_default_str();
    search->add_flag("--json", as_json, "Print JSON");

    CLI11_PARSE(app, argc, argv);

    try {
        if (index->parsed()) {
            if (roots.empty()) roots.emplace_back(".");
            for (const auto& r : roots) index_options.roots.emplace_back(r);
            index_options.index_dir = index_dir;
            return cmd_index(index_options);
        }
        if (search->parsed()) {
            return cmd_search(index_dir, query_text, search_options, as_json);
        }
    } catch (const std::exception& e) {
        std::cerr << "vanthu: error: " << e.what() << "\n";
        return kExitError;
    }
    return kExitError;
}
