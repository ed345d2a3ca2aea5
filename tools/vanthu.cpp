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

#include "check.hpp"
#include "cites.hpp"
#include "extract.hpp"
#include "show.hpp"
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

nlohmann::json facets_json(const vanthu::query::SearchResult& result) {
    nlohmann::json facets = nlohmann::json::object();
    for (const auto& f : result.facets) {
        nlohmann::json values = nlohmann::json::array();
        for (const auto& v : f.values) values.push_back({{"value", v.value}, {"count", v.count}});
        facets[f.name] = std::move(values);
    }
    return facets;
}

void print_facets(const vanthu::query::SearchResult& result) {
    bool any = false;
    for (const auto& f : result.facets) {
        if (f.values.empty()) continue;
        if (!any) {
            std::cout << (result.facets_exact ? "Counts" : "Counts (of the first matches)")
                      << ":\n";
        }
        any = true;
        std::cout << "  " << f.name << ":";
        for (std::size_t k = f.name.size(); k < 7; ++k) std::cout << ' ';
        for (std::size_t k = 0; k < f.values.size(); ++k) {
            std::cout << (k == 0 ? " " : " · ") << f.values[k].value << " (" << f.values[k].count
                      << ")";
        }
        std::cout << "\n";
    }
    if (any) std::cout << "\n";
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
                {"format", h.format}, {"status", h.status}, {"snippet", h.snippet_html},
                {"type", h.type},     {"issuer", h.issuer}, {"date", h.date}};
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
        if (options.facets) {
            out["facets"] = facets_json(result);
            out["facets_exact"] = result.facets_exact;
        }
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
    print_facets(result);
    for (const auto& h : result.hits) {
        std::cout << h.rank << ". " << (color ? "\x1b[1m" : "") << h.title
                  << (color ? "\x1b[0m" : "");
        if (!h.number.empty()) std::cout << "  [" << h.number << "]";
        std::cout << "\n";
        std::string about;
        for (const std::string* part : {&h.type, &h.issuer, &h.date}) {
            if (!part->empty()) about += (about.empty() ? "" : " · ") + *part;
        }
        if (!about.empty()) std::cout << "   " << about << "\n";
        std::cout << "   " << h.path << "  (" << h.format << ")  #" << h.docid << "\n";
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
    std::string sort_name = "relevance";
    search
        ->add_option("--sort", sort_name,
                     "Order: relevance, date (newest first) or date-asc (oldest first)")
        ->check(CLI::IsMember({"relevance", "date", "date-asc"}))
        ->capture_default_str();
    search->add_flag("--facets", search_options.facets,
                     "Count the matches by type, issuer, year and field");
    search
        ->add_option("--facet-values", search_options.facet_values,
                     "Values shown per facet (the most frequent)")
        ->check(CLI::Range(1, 1000))
        ->capture_default_str();
    auto& filters = search_options.filters;
    search->add_option("--type", filters.type,
                       "Only this type: a name (\"Kế hoạch\") or code (KH)");
    search->add_option("--issuer", filters.issuer, "Only this issuer (\"UBND tỉnh\")");
    search->add_option("--year", filters.year, "Only this year (2020) or range (2020..2022)");
    search->add_option("--from", filters.date_from, "Only documents dated on or after this day");
    search->add_option("--to", filters.date_to, "Only documents dated on or before this day");
    search->add_option("--field", filters.domain, "Only this lĩnh vực (\"kinh tế\")");

    // vanthu show
    std::string show_what;
    auto* show = app.add_subcommand(
        "show",
        "Show a document's metadata (by id or path), or the documents that carry or cite a "
        "document number. Exit status: 0 found, 1 not found, 2 bad input or unusable index");
    show->add_option("what", show_what, "Document id (digits), file path, or document number")
        ->required();
    show->add_option("--index", index_dir, "Index folder")->capture_default_str();
    show->add_flag("--json", as_json, "Print JSON");

    // vanthu cites
    std::string cites_number;
    auto* cites = app.add_subcommand(
        "cites",
        "List the documents carrying a document number, then every document citing it with the "
        "citing sentence and date. Exit status: 0 something found, 1 nothing, 2 bad input");
    cites->add_option("number", cites_number, "Document number (152-KH/TU, 91/2017/NĐ-CP)")
        ->required();
    cites->add_option("--index", index_dir, "Index folder")->capture_default_str();
    cites->add_flag("--json", as_json, "Print JSON");

    // vanthu check
    vanthu::tools::CheckOptions check_options;
    bool check_csv = false;
    auto* check = app.add_subcommand(
        "check",
        "Check that every document a draft cites is in the archive, with the right number, date "
        "and issuer. Exit status: 0 all found, 1 some citation to check, 2 bad usage, unusable "
        "index or unreadable file");
    check->add_option("files", check_options.files, "Drafts: PDF, DOCX or text files");
    check->add_flag("--all", check_options.all,
                    "Check the citations of every document in the archive (stored metadata)");
    check->add_option("--index", index_dir, "Index folder (the archive)")->capture_default_str();
    auto* check_json = check->add_flag("--json", as_json, "Print JSON");
    check->add_flag("--csv", check_csv, "Print CSV (RFC 4180), one row per citation")
        ->excludes(check_json);

    // vanthu extract
    std::vector<std::string> extract_files;
    bool text_only = false;
    auto* extract = app.add_subcommand(
        "extract",
        "Print what the indexer reads from files (text and metadata), without any index");
    extract->add_option("files", extract_files, "PDF, DOCX or text files")->required();
    extract->add_flag("--json", as_json, "Print JSON");
    extract->add_flag("--text", text_only, "Print only the normalised text");

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        // --help and --version are "errors" with status 0; a wrong command line is status 2
        // like every other usage error (CLI11 would return its own codes, 105 and up).
        return app.exit(e) == 0 ? kExitOk : kExitError;
    }

    try {
        if (index->parsed()) {
            if (roots.empty()) roots.emplace_back(".");
            for (const auto& r : roots) index_options.roots.emplace_back(r);
            index_options.index_dir = index_dir;
            return cmd_index(index_options);
        }
        if (search->parsed()) {
            search_options.sort =
                vanthu::query::sort_order_from_name(sort_name).value_or(search_options.sort);
            return cmd_search(index_dir, query_text, search_options, as_json);
        }
        if (extract->parsed()) {
            return vanthu::tools::extract(extract_files, as_json, text_only, std::cout, std::cerr);
        }
        if (cites->parsed()) {
            return vanthu::tools::cites(index_dir, cites_number, as_json, std::cout, std::cerr);
        }
        if (check->parsed()) {
            check_options.index_dir = index_dir;
            check_options.format = as_json     ? vanthu::tools::CheckFormat::Json
                                   : check_csv ? vanthu::tools::CheckFormat::Csv
                                               : vanthu::tools::CheckFormat::Table;
            return vanthu::tools::check(check_options, std::cout, std::cerr);
        }
        if (show->parsed()) {
            return vanthu::tools::show(index_dir, show_what, as_json, std::cout, std::cerr);
        }
    } catch (const std::exception& e) {
        std::cerr << "vanthu: error: " << e.what() << "\n";
        return kExitError;
    }
    return kExitError;
}
