// vanthu: full-text search and archive indexer for Vietnamese administrative documents.
// One binary, one subcommand per task. Exceptions reaching here are environment failures
// (an index that will not open, a disk that is full) or bugs: reported once, exit status 2.
#include <pthread.h>
#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "check.hpp"
#include "cites.hpp"
#include "extract.hpp"
#include "show.hpp"
#include "vanthu/indexer/index_run.hpp"
#include "vanthu/query/lookup.hpp"
#include "vanthu/query/search.hpp"
#include "vanthu/query/suggest.hpp"
#include "vanthu/server/server.hpp"

namespace {

constexpr int kExitOk = 0;
constexpr int kExitFilesFailed = 1;  // the run went on, but some files could not be read
constexpr int kExitError = 2;        // bad usage, bad query, or an index that cannot be used

int cmd_index(const vanthu::indexer::IndexOptions& options) {
    auto summary = vanthu::indexer::run_index(options, std::cerr);
    return summary.failed.empty() ? kExitOk : kExitFilesFailed;
}

// The running binary, which extraction workers run as `vanthu extract-worker` (even if it is
// replaced on disk meanwhile); empty when it cannot be found (files are then read in-process).
std::filesystem::path this_program() {
    std::error_code ec;
    std::filesystem::path program = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (ec) program.clear();
    return program;
}

// How files are read, for `vanthu index`, `extract` and `check`: in extraction workers under a
// time and a memory limit, or in this process (docs/operations.md).
struct IsolationFlags {
    vanthu::indexer::Isolation isolation;
    bool no_isolation = false;
};

void add_isolation_options(CLI::App* command, IsolationFlags& flags) {
    command
        ->add_option("--timeout", flags.isolation.timeout_seconds,
                     "Seconds one file may take (0: no limit)")
        ->check(CLI::Range(0.0, 1e6))
        ->capture_default_str();
    command
        ->add_option("--max-memory", flags.isolation.max_memory_mb,
                     "MB of memory an extraction worker may use (0: no limit)")
        ->capture_default_str();
    command->add_flag("--no-isolation", flags.no_isolation,
                      "Read files in this process, not in extraction workers: no time or memory "
                      "limit (debugging)");
}

vanthu::indexer::Isolation isolation_from(const IsolationFlags& flags) {
    vanthu::indexer::Isolation isolation = flags.isolation;
    if (!flags.no_isolation) isolation.worker_program = this_program();
    return isolation;
}

// The per-file limits of `vanthu index`, in the units people type (docs/operations.md).
struct IndexLimitFlags {
    IsolationFlags isolation;
    std::uint64_t max_file_mb = 0;
    std::uint64_t max_uncompressed_mb = 0;
    std::uint64_t max_zip_entries = 0;
    int max_pages = 0;
    int max_xml_depth = 0;
};

void add_index_limit_options(CLI::App* index, vanthu::indexer::IndexOptions& options,
                             IndexLimitFlags& flags) {
    const auto& limits = options.limits;
    flags.isolation.isolation = options.isolation;
    flags.max_file_mb = limits.max_file_bytes >> 20;
    flags.max_uncompressed_mb = limits.max_total_uncompressed >> 20;
    flags.max_zip_entries = limits.max_zip_entries;
    flags.max_pages = limits.max_pages;
    flags.max_xml_depth = limits.max_xml_depth;
    index->add_flag("--retry-failed", options.retry_failed,
                    "Read again the unchanged files that failed before (after raising a limit)");
    add_isolation_options(index, flags.isolation);
    index->add_option("--max-file-size", flags.max_file_mb, "Largest file read, in MB")
        ->check(CLI::Range(1, 1 << 20))
        ->capture_default_str();
    index
        ->add_option("--max-uncompressed", flags.max_uncompressed_mb,
                     "MB a DOCX may inflate to (zip bombs)")
        ->check(CLI::Range(1, 1 << 20))
        ->capture_default_str();
    index->add_option("--max-zip-entries", flags.max_zip_entries, "Most entries in a DOCX")
        ->check(CLI::Range(1, 100000000))
        ->capture_default_str();
    index->add_option("--max-pages", flags.max_pages, "Most pages in a PDF")
        ->check(CLI::Range(1, 100000000))
        ->capture_default_str();
    index->add_option("--max-xml-depth", flags.max_xml_depth, "Deepest XML nesting in a DOCX")
        ->check(CLI::Range(1, 100000))
        ->capture_default_str();
}

void apply_index_limits(const IndexLimitFlags& flags, vanthu::indexer::IndexOptions& options) {
    options.isolation = isolation_from(flags.isolation);
    options.limits.max_file_bytes = flags.max_file_mb << 20;
    // One flag for both: an operator thinks of "how big may a DOCX get", not of its entries.
    options.limits.max_total_uncompressed = flags.max_uncompressed_mb << 20;
    options.limits.max_entry_bytes = flags.max_uncompressed_mb << 20;
    options.limits.max_zip_entries = flags.max_zip_entries;
    options.limits.max_pages = flags.max_pages;
    options.limits.max_xml_depth = flags.max_xml_depth;
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

// A better query ("hien ke" -> "hiến kế"), or nothing: a nicety that never fails the search.
std::optional<std::string> did_you_mean(Xapian::Database& db, const std::string& query_text) {
    if (query_text.find_first_not_of(" \t\r\n") == std::string::npos) return std::nullopt;
    try {
        const vanthu::query::Suggester suggester(db);
        return suggester.did_you_mean(query_text, db);
    } catch (const std::exception&) {
        return std::nullopt;
    } catch (const Xapian::Error&) {
        return std::nullopt;
    }
}

int cmd_search(const std::string& index_dir, const std::string& query_text,
               const vanthu::query::SearchOptions& options, bool as_json) {
    Xapian::Database db = vanthu::query::open_index(index_dir);
    vanthu::query::Searcher searcher(db, index_dir);
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
    const std::optional<std::string> suggestion = did_you_mean(db, query_text);
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
        nlohmann::json out{
            {"query", result.query},
            {"parsed", result.parsed},
            {"suggestion", suggestion ? nlohmann::json(*suggestion) : nlohmann::json(nullptr)},
            {"relaxed", result.relaxed},
            {"best_match", result.best_match},
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
    if (suggestion) std::cout << "Có phải bạn muốn tìm: " << *suggestion << "\n\n";
    if (result.hits.empty()) {
        std::cout << "No documents match \"" << result.query << "\".\n";
        return kExitOk;
    }
    std::cout << (result.exact_count ? "" : "about ") << result.estimated << " document"
              << (result.estimated == 1 ? "" : "s") << " match";
    if (result.relaxed) std::cout << " some of the words (none has them all)";
    if (result.best_match)
        std::cout << " some of the words (a long query: documents with most of its pairs of "
                     "neighbouring words first)";
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

// Every worker keeps its own database handle (a few files each): make room for many threads.
void raise_open_files_limit() {
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        (void)setrlimit(RLIMIT_NOFILE, &limit);
    }
}

int cmd_serve(const vanthu::server::ServerOptions& options) {
    // SIGINT and SIGTERM are blocked in every thread (the server's threads inherit the mask)
    // and taken by one waiting thread, which stops the server cleanly.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    raise_open_files_limit();
    vanthu::server::Server server(options, std::cerr);
    std::error_code ec;
    const std::filesystem::path index = std::filesystem::absolute(options.index_dir, ec);
    // Scripts and tests wait for this exact line and read the port from it (docs/api.md).
    std::cerr << "vanthu: serving " << (ec ? options.index_dir : index).string() << " ("
              << server.documents() << " documents) on " << server.url() << std::endl;
    std::atomic<bool> signalled{false};
    std::thread waiter([&] {
        int signal = 0;
        sigwait(&signals, &signal);
        signalled = true;
        server.stop();
    });
    server.run();
    if (!signalled) pthread_kill(waiter.native_handle(), SIGTERM);
    waiter.join();
    std::cerr << "vanthu: stopped\n";
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
    IndexLimitFlags index_limits;
    add_index_limit_options(index, index_options, index_limits);

    // vanthu extract-worker (hidden): the process `vanthu index` reads files in.
    std::uint64_t worker_memory_mb = 0;
    auto* worker = app.add_subcommand("extract-worker", "")->group("");
    worker->add_option("--max-memory-mb", worker_memory_mb);

    // vanthu search
    std::string query_text;
    vanthu::query::SearchOptions search_options;
    search_options.hit_meta = false;  // not printed: `vanthu show` prints a document's metadata
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
    IsolationFlags check_isolation;
    add_isolation_options(check, check_isolation);

    // vanthu extract
    std::vector<std::string> extract_files;
    bool text_only = false;
    auto* extract = app.add_subcommand(
        "extract",
        "Print what the indexer reads from files (text and metadata), without any index");
    extract->add_option("files", extract_files, "PDF, DOCX or text files")->required();
    extract->add_flag("--json", as_json, "Print JSON");
    extract->add_flag("--text", text_only, "Print only the normalised text");
    IsolationFlags extract_isolation;
    add_isolation_options(extract, extract_isolation);

    // vanthu serve
    vanthu::server::ServerOptions serve_options;
    std::vector<std::string> serve_roots;
    bool quiet = false;
    std::string token_file;
    auto* serve = app.add_subcommand(
        "serve", "Serve the web search page and the JSON API (docs/api.md) over one index");
    serve->add_option("--index", index_dir, "Index folder")->capture_default_str();
    serve->add_option("--bind", serve_options.bind, "Address to listen on")->capture_default_str();
    serve->add_option("--port", serve_options.port, "Port (0: any free port)")
        ->check(CLI::Range(0, 65535))
        ->capture_default_str();
    serve
        ->add_option("--threads", serve_options.threads,
                     "Worker threads at most = connections served at once (0: " +
                         std::to_string(vanthu::server::kDefaultThreads) + ")")
        ->check(CLI::Range(0, 1024))
        ->capture_default_str();
    serve->add_option("--root", serve_roots,
                      "Serve original files only from under this folder (repeatable; default: "
                      "the folders given to `vanthu index`)");
    serve->add_flag("--show-secret", serve_options.show_secret,
                    "Also show documents stamped MẬT, TỐI MẬT or TUYỆT MẬT");
    serve->add_option("--token-file", token_file,
                      "Require `Authorization: Bearer TOKEN` for the API, TOKEN being the "
                      "file's first line");
    serve->add_flag("--quiet,-q", quiet, "No access log");

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
            apply_index_limits(index_limits, index_options);
            return cmd_index(index_options);
        }
        if (worker->parsed()) return vanthu::indexer::run_extract_worker(3, worker_memory_mb);
        if (search->parsed()) {
            search_options.sort =
                vanthu::query::sort_order_from_name(sort_name).value_or(search_options.sort);
            return cmd_search(index_dir, query_text, search_options, as_json);
        }
        if (serve->parsed()) {
            serve_options.index_dir = index_dir;
            for (const auto& r : serve_roots) serve_options.roots.emplace_back(r);
            serve_options.token_file = token_file;
            serve_options.access_log = !quiet;
            return cmd_serve(serve_options);
        }
        if (extract->parsed()) {
            return vanthu::tools::extract(extract_files, as_json, text_only,
                                          isolation_from(extract_isolation), std::cout, std::cerr);
        }
        if (cites->parsed()) {
            return vanthu::tools::cites(index_dir, cites_number, as_json, std::cout, std::cerr);
        }
        if (check->parsed()) {
            check_options.index_dir = index_dir;
            check_options.isolation = isolation_from(check_isolation);
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
