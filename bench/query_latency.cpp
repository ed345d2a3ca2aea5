// query_latency: in-process search latency of one index, over a list of real queries.
//
//   query_latency INDEX QUERIES [--limit N] [--facets] [--warmup N] [--passes N] [--max N]
//                 [--json FILE] [--slowest N] [--suggest] [--parallel auto|never|always]
//
// QUERIES holds one query per line, optionally "class<TAB>query" (bench/corpora.py queries
// writes the ALQAC questions with and without diacritics, phrases of real subjects and real
// document numbers). One Searcher is opened, as the server does; every query is run --warmup
// times untimed (so that the figures are for a warm page cache, as on a server that has been
// up for a while), then --passes times timed. Each call of Searcher::search is timed on its
// own: parsing, matching, reading the stored fields and building the snippets of the first
// page (--limit, default 10), and the facets with --facets. One query at a time; its matching
// takes a second thread as SearchOptions::parallel says (--parallel; auto, the default, is
// what the CLI and an otherwise idle server do).
//
// Prints, per class and for all queries: count, mean, p50, p90, p99, max (ms) of the elapsed
// time, p50 and p99 of the CPU time the process used (both threads when matching took two;
// on a machine shared with other work the elapsed time includes waiting for a core, the CPU
// time does not), and the rate one caller sustains; with --slowest N, the N slowest queries (CPU
// time, worst pass) with their class, to see what to profile. Queries the parser refuses are
// counted as errors (and timed: the user waits for the message too). Exit status 0, or 2 for usage
// errors and an index that cannot be opened.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "vanthu/query/search.hpp"
#include "vanthu/query/suggest.hpp"

namespace {

struct Query {
    std::string cls;
    std::string text;
};

struct Stats {
    std::vector<double> ms;
    std::vector<double> cpu_ms;  // CPU time of the process (the search's threads)
    std::size_t errors = 0;
    std::size_t empty = 0;  // no hit at all
};

[[nodiscard]] double percentile(std::vector<double> sorted, double p) {
    if (sorted.empty()) return 0;
    std::sort(sorted.begin(), sorted.end());
    // Nearest rank: the smallest value with at least p % of the values at or below it.
    auto rank = static_cast<std::size_t>(p / 100.0 * static_cast<double>(sorted.size()) + 0.999999);
    rank = std::clamp<std::size_t>(rank, 1, sorted.size());
    return sorted[rank - 1];
}

[[nodiscard]] nlohmann::json summary(const Stats& s, double wall_s) {
    double sum = 0;
    for (double v : s.ms) sum += v;
    const double n = static_cast<double>(s.ms.size());
    return {{"count", s.ms.size()},
            {"errors", s.errors},
            {"no_hits", s.empty},
            {"mean_ms", n > 0 ? sum / n : 0},
            {"p50_ms", percentile(s.ms, 50)},
            {"p90_ms", percentile(s.ms, 90)},
            {"p99_ms", percentile(s.ms, 99)},
            {"max_ms", s.ms.empty() ? 0 : *std::max_element(s.ms.begin(), s.ms.end())},
            {"cpu_p50_ms", percentile(s.cpu_ms, 50)},
            {"cpu_p99_ms", percentile(s.cpu_ms, 99)},
            {"qps_one_thread", wall_s > 0 ? n / wall_s : 0}};
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"In-process search latency over a list of queries"};
    std::string index_dir;
    std::string queries_file;
    std::string json_out;
    std::size_t limit = 10;
    bool facets = false;
    int warmup = 1;
    int passes = 1;
    std::size_t max_queries = 0;
    std::size_t slowest = 0;
    bool suggest = false;
    std::string parallel = "auto";
    app.add_option("index", index_dir, "Index folder")->required();
    app.add_option("queries", queries_file, "Queries, one per line or class<TAB>query")->required();
    app.add_option("--limit", limit, "Hits per page (as the server's default page)");
    app.add_flag("--facets", facets, "Count the facets too (as /api/search does)");
    app.add_option("--warmup", warmup, "Untimed passes over every query first");
    app.add_option("--passes", passes, "Timed passes over every query");
    app.add_option("--max", max_queries, "Use only the first N queries (0: all)");
    app.add_option("--json", json_out, "Write the figures to this file as JSON");
    app.add_option("--slowest", slowest, "Also list the N slowest queries");
    app.add_flag("--suggest", suggest,
                 "Also ask for a corrected query (as /api/search does), timed with the search");
    app.add_option("--parallel", parallel,
                   "Matching in two threads: auto (the default, as the CLI and an idle server), "
                   "never or always")
        ->check(CLI::IsMember({"auto", "never", "always"}));
    CLI11_PARSE(app, argc, argv);

    std::vector<Query> queries;
    {
        std::ifstream in(queries_file);
        if (!in) {
            std::cerr << "query_latency: cannot read " << queries_file << "\n";
            return 2;
        }
        std::string line;
        while (std::getline(in, line)) {
            if (line.empty()) continue;
            const auto tab = line.find('\t');
            if (tab == std::string::npos) {
                queries.push_back({"all", line});
            } else {
                queries.push_back({line.substr(0, tab), line.substr(tab + 1)});
            }
            if (max_queries != 0 && queries.size() == max_queries) break;
        }
    }
    if (queries.empty()) {
        std::cerr << "query_latency: no queries in " << queries_file << "\n";
        return 2;
    }

    using Clock = std::chrono::steady_clock;
    const auto open_start = Clock::now();
    std::unique_ptr<vanthu::query::Searcher> searcher;
    try {
        searcher = std::make_unique<vanthu::query::Searcher>(index_dir);
    } catch (const std::exception& e) {
        std::cerr << "query_latency: " << e.what() << "\n";
        return 2;
    }
    const double open_ms =
        std::chrono::duration<double, std::milli>(Clock::now() - open_start).count();
    // The server builds its suggester once, in the background; built here before timing.
    Xapian::Database suggest_db;
    std::unique_ptr<vanthu::query::Suggester> suggester;
    if (suggest) {
        suggest_db = Xapian::Database(index_dir);
        suggester = std::make_unique<vanthu::query::Suggester>(suggest_db);
    }

    vanthu::query::SearchOptions options;
    options.limit = limit;
    options.facets = facets;
    options.hit_meta = false;  // as the server and the CLI, which do not show it
    options.parallel = parallel == "never"    ? vanthu::query::ParallelMatch::Never
                       : parallel == "always" ? vanthu::query::ParallelMatch::Always
                                              : vanthu::query::ParallelMatch::Auto;

    auto process_cpu_ms = [] {
        timespec ts{};
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
        return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
    };
    auto run_one = [&](const Query& q, Stats* stats) {
        const double cpu_start = process_cpu_ms();
        const auto start = Clock::now();
        bool error = false;
        bool empty = false;
        try {
            const auto result = searcher->search(q.text, options);
            empty = result.hits.empty();
            if (suggester) (void)suggester->did_you_mean(q.text, suggest_db);
        } catch (const vanthu::query::QueryError&) {
            error = true;
        }
        const double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
        const double cpu = process_cpu_ms() - cpu_start;
        if (stats != nullptr) {
            stats->ms.push_back(ms);
            stats->cpu_ms.push_back(cpu);
            stats->errors += error ? 1 : 0;
            stats->empty += empty ? 1 : 0;
        }
    };

    for (int pass = 0; pass < warmup; ++pass) {
        for (const auto& q : queries) run_one(q, nullptr);
    }
    std::map<std::string, Stats> by_class;
    Stats all;
    std::vector<double> worst_cpu(queries.size(), 0.0);  // per query, its slowest pass
    const auto timed_start = Clock::now();
    for (int pass = 0; pass < passes; ++pass) {
        for (std::size_t k = 0; k < queries.size(); ++k) {
            const Query& q = queries[k];
            Stats one;
            run_one(q, &one);
            worst_cpu[k] = std::max(worst_cpu[k], one.cpu_ms.front());
            for (auto* s : {&by_class[q.cls], &all}) {
                s->ms.push_back(one.ms.front());
                s->cpu_ms.push_back(one.cpu_ms.front());
                s->errors += one.errors;
                s->empty += one.empty;
            }
        }
    }
    const double wall_s = std::chrono::duration<double>(Clock::now() - timed_start).count();

    nlohmann::json out{{"index", index_dir}, {"queries", queries.size()}, {"passes", passes},
                       {"limit", limit},     {"facets", facets},          {"open_ms", open_ms}};
    std::printf("%-22s %6s %6s %7s %8s %8s %8s %8s %8s %8s %8s\n", "class", "n", "errors", "no-hit",
                "mean ms", "p50 ms", "p90 ms", "p99 ms", "max ms", "cpu p50", "cpu p99");
    auto print_row = [&](const std::string& name, const Stats& s) {
        double class_s = 0;
        for (double v : s.ms) class_s += v / 1000.0;
        const auto j = summary(s, class_s);
        std::printf("%-22s %6zu %6zu %7zu %8.2f %8.2f %8.2f %8.2f %8.2f %8.2f %8.2f\n",
                    name.c_str(), s.ms.size(), s.errors, s.empty, j["mean_ms"].get<double>(),
                    j["p50_ms"].get<double>(), j["p90_ms"].get<double>(), j["p99_ms"].get<double>(),
                    j["max_ms"].get<double>(), j["cpu_p50_ms"].get<double>(),
                    j["cpu_p99_ms"].get<double>());
        return j;
    };
    for (const auto& [name, s] : by_class) out["classes"][name] = print_row(name, s);
    out["all"] = print_row("all", all);
    out["all"]["qps_one_thread"] = static_cast<double>(all.ms.size()) / wall_s;
    std::printf("open %.1f ms; %zu timed searches in %.2f s: %.0f queries/s on one thread%s\n",
                open_ms, all.ms.size(), wall_s, static_cast<double>(all.ms.size()) / wall_s,
                facets ? " (with facets)" : "");
    if (slowest > 0) {
        std::vector<std::size_t> order(queries.size());
        for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
        std::sort(order.begin(), order.end(),
                  [&](std::size_t a, std::size_t b) { return worst_cpu[a] > worst_cpu[b]; });
        order.resize(std::min(slowest, order.size()));
        std::printf("slowest (CPU ms, class, query):\n");
        for (std::size_t k : order) {
            std::printf("%8.2f  %-20s %s\n", worst_cpu[k], queries[k].cls.c_str(),
                        queries[k].text.c_str());
        }
    }
    if (!json_out.empty()) {
        std::ofstream(json_out) << out.dump(1) << "\n";
    }
    return 0;
}
