#pragma once
// Request counters and latency histograms, shown by GET /metrics (Prometheus text format).
#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

#include "index_pool.hpp"

namespace vanthu::server {

enum class Route {
    Search,
    Document,
    File,
    Cites,
    Suggest,
    Healthz,
    Metrics,
    Page,   // the web page's own files
    Other,  // unknown routes, malformed requests
};
inline constexpr std::size_t kRouteCount = 9;

[[nodiscard]] std::string_view route_name(Route route);
// The route a request path belongs to (for the metrics' labels).
[[nodiscard]] Route route_of(std::string_view path);

class Metrics {
  public:
    void record(Route route, int status, double seconds);
    // The text of GET /metrics.
    [[nodiscard]] std::string render(const IndexStats& index) const;

  private:
    static constexpr std::array<double, 13> kBuckets = {
        0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
    struct Histogram {
        std::array<std::atomic<std::uint64_t>, kBuckets.size() + 1> counts{};  // last: +Inf
        std::atomic<std::uint64_t> micros{0};                                  // sum
    };
    std::array<Histogram, kRouteCount> m_latency{};
    mutable std::mutex m_mutex;
    std::map<std::pair<Route, int>, std::uint64_t> m_requests;
};

}  // namespace vanthu::server
