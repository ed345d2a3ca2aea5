// Counters and histograms for GET /metrics (see metrics.hpp).
#include "metrics.hpp"

#include <cstdio>

namespace vanthu::server {

std::string_view route_name(Route route) {
    switch (route) {
        case Route::Search:
            return "search";
        case Route::Document:
            return "document";
        case Route::File:
            return "file";
        case Route::Cites:
            return "cites";
        case Route::Suggest:
            return "suggest";
        case Route::Healthz:
            return "healthz";
        case Route::Metrics:
            return "metrics";
        case Route::Page:
            return "page";
        case Route::Other:
            return "other";
    }
    return "other";
}

Route route_of(std::string_view path) {
    if (path == "/api/search") return Route::Search;
    if (path == "/api/cites") return Route::Cites;
    if (path == "/api/suggest") return Route::Suggest;
    if (path == "/healthz") return Route::Healthz;
    if (path == "/metrics") return Route::Metrics;
    constexpr std::string_view documents = "/api/documents/";
    if (path.starts_with(documents)) {
        const std::string_view rest = path.substr(documents.size());
        const auto slash = rest.find('/');
        if (slash == std::string_view::npos) return Route::Document;
        if (rest.substr(slash) == "/file") return Route::File;
        return Route::Other;
    }
    if (path == "/" || path == "/index.html" || path == "/app.js" || path == "/style.css" ||
        path == "/favicon.ico") {
        return Route::Page;
    }
    return Route::Other;
}

void Metrics::record(Route route, int status, double seconds) {
    Histogram& h = m_latency[static_cast<std::size_t>(route)];
    std::size_t bucket = 0;
    while (bucket < kBuckets.size() && seconds > kBuckets[bucket]) ++bucket;
    h.counts[bucket].fetch_add(1, std::memory_order_relaxed);
    h.micros.fetch_add(static_cast<std::uint64_t>(seconds * 1e6), std::memory_order_relaxed);
    std::lock_guard lock(m_mutex);
    ++m_requests[{route, status}];
}

namespace {

// Bucket bounds as written in kBuckets ("0.0025"); sums with microseconds kept.
std::string number(double v, const char* format = "%g") {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, format, v);
    return buffer;
}

}  // namespace

std::string Metrics::render(const IndexStats& index) const {
    std::string out;
    out +=
        "# HELP vanthu_http_requests_total HTTP requests answered, by route and status.\n"
        "# TYPE vanthu_http_requests_total counter\n";
    {
        std::lock_guard lock(m_mutex);
        for (const auto& [key, count] : m_requests) {
            out += "vanthu_http_requests_total{route=\"";
            out += route_name(key.first);
            out +=
                "\",status=\"" + std::to_string(key.second) + "\"} " + std::to_string(count) + "\n";
        }
    }
    out +=
        "# HELP vanthu_http_request_duration_seconds Time from the request to the end of the "
        "answer, by route.\n"
        "# TYPE vanthu_http_request_duration_seconds histogram\n";
    for (std::size_t r = 0; r < kRouteCount; ++r) {
        const Histogram& h = m_latency[r];
        const std::string label =
            "route=\"" + std::string(route_name(static_cast<Route>(r))) + "\"";
        std::uint64_t cumulative = 0;
        for (std::size_t b = 0; b <= kBuckets.size(); ++b) {
            cumulative += h.counts[b].load(std::memory_order_relaxed);
            const std::string le = b < kBuckets.size() ? number(kBuckets[b]) : "+Inf";
            out += "vanthu_http_request_duration_seconds_bucket{" + label + ",le=\"" + le + "\"} " +
                   std::to_string(cumulative) + "\n";
        }
        out += "vanthu_http_request_duration_seconds_sum{" + label + "} " +
               number(static_cast<double>(h.micros.load(std::memory_order_relaxed)) / 1e6, "%.6f") +
               "\n";
        out += "vanthu_http_request_duration_seconds_count{" + label + "} " +
               std::to_string(cumulative) + "\n";
    }
    out +=
        "# HELP vanthu_index_documents Documents in the index that the server shows.\n"
        "# TYPE vanthu_index_documents gauge\n"
        "vanthu_index_documents " +
        std::to_string(index.documents) +
        "\n"
        "# HELP vanthu_index_revision Revision (commit) of the index last seen.\n"
        "# TYPE vanthu_index_revision gauge\n"
        "vanthu_index_revision " +
        std::to_string(index.revision) +
        "\n"
        "# HELP vanthu_index_reopens_total Database handles reopened at a new commit.\n"
        "# TYPE vanthu_index_reopens_total counter\n"
        "vanthu_index_reopens_total " +
        std::to_string(index.reopens) + "\n";
    return out;
}

}  // namespace vanthu::server
