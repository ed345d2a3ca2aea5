// `vanthu serve`: plumbing. Routing, limits, authentication, metrics and the access log around
// the JSON handlers of api.cpp; the web page's files from web_assets.hpp.
#include "vanthu/server/server.hpp"

#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <deque>
#include <fstream>
#include <functional>
#include <mutex>
#include <ostream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "api.hpp"
#include "files.hpp"
#include "http.hpp"
#include "index_pool.hpp"
#include "metrics.hpp"
#include "vanthu/core/text.hpp"
#include "web_assets.hpp"

namespace vanthu::server {
namespace {

using Clock = std::chrono::steady_clock;
using httplib::Request;
using httplib::Response;
using HandlerResponse = httplib::Server::HandlerResponse;

// httplib gives each accepted connection to a task queue; this one has a bounded set of workers
// and a bounded queue. A worker serves one connection for as long as it is kept alive, so the
// pool grows, one thread at a time, whenever a connection arrives and no worker is idle, up to
// `max_threads`: connections are served side by side (sharing the cores) rather than left
// waiting behind kept-alive ones. Past that, when the queue is full as well, the accepting
// thread waits here, so further connections wait in the kernel's listen backlog instead of
// piling up in memory (a flood of connections cannot exhaust the process).
class WorkerPool final : public httplib::TaskQueue {
  public:
    WorkerPool(std::size_t first_threads, std::size_t max_threads, std::size_t max_waiting,
               const std::atomic<bool>& stopping)
        : m_max_threads(std::max<std::size_t>(1, max_threads)),
          m_max_waiting(max_waiting),
          m_stopping(stopping) {
        std::lock_guard lock(m_mutex);
        for (std::size_t i = 0; i < std::min(first_threads, m_max_threads); ++i) add_thread();
    }
    ~WorkerPool() override = default;
    WorkerPool(const WorkerPool&) = delete;
    WorkerPool& operator=(const WorkerPool&) = delete;

    void enqueue(std::function<void()> fn) override {
        std::unique_lock lock(m_mutex);
        // Polled: a stop() must not wait for a worker to finish its connection.
        while (m_jobs.size() >= m_max_waiting && !m_shutdown && !m_stopping.load()) {
            m_space.wait_for(lock, std::chrono::milliseconds(50));
        }
        m_jobs.push_back(std::move(fn));
        if (m_idle < m_jobs.size() && m_threads.size() < m_max_threads && !m_shutdown) {
            add_thread();
        }
        m_ready.notify_one();
    }

    void shutdown() override {
        std::vector<std::thread> threads;
        {
            std::lock_guard lock(m_mutex);
            m_shutdown = true;
            threads.swap(m_threads);
        }
        m_ready.notify_all();
        m_space.notify_all();
        for (auto& t : threads) t.join();
    }

  private:
    void add_thread() {  // with m_mutex held
        m_threads.emplace_back([this] { work(); });
    }

    void work() {
        for (;;) {
            std::function<void()> fn;
            {
                std::unique_lock lock(m_mutex);
                ++m_idle;
                m_ready.wait(lock, [&] { return !m_jobs.empty() || m_shutdown; });
                --m_idle;
                if (m_jobs.empty()) return;
                fn = std::move(m_jobs.front());
                m_jobs.pop_front();
            }
            m_space.notify_one();
            try {
                fn();  // serves one connection, then closes it
            } catch (...) {
                // httplib catches what handlers throw; nothing else may end a worker.
            }
        }
    }

    std::size_t m_max_threads;
    std::size_t m_max_waiting;
    const std::atomic<bool>& m_stopping;
    std::mutex m_mutex;
    std::condition_variable m_ready;
    std::condition_variable m_space;
    std::deque<std::function<void()>> m_jobs;
    std::size_t m_idle = 0;  // workers waiting for a connection
    bool m_shutdown = false;
    std::vector<std::thread> m_threads;
};

// Connections the kernel queues before the server accepts them.
constexpr int kListenBacklog = 1024;

// When the request being answered on this thread started (set before routing; a request that
// httplib refused before routing has none).
thread_local Clock::time_point t_request_start;
thread_local bool t_request_started = false;

std::string read_token(const std::filesystem::path& file) {
    std::ifstream in(file);
    if (!in) throw std::runtime_error("cannot read the token file " + file.string());
    std::string line;
    std::getline(in, line);
    const auto first = line.find_first_not_of(" \t\r\n");
    const auto last = line.find_last_not_of(" \t\r\n");
    if (first == std::string::npos) {
        throw std::runtime_error("the token file " + file.string() +
                                 " is empty: its first line is the token");
    }
    return line.substr(first, last - first + 1);
}

std::string utc_now() {
    const auto now = std::chrono::system_clock::now();
    const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() %
        1000;
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    char buffer[80];
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                  static_cast<int>(ms));
    return buffer;
}

bool expects_body(const Request& req) {
    const std::string length = req.get_header_value("Content-Length");
    return req.has_header("Transfer-Encoding") || (!length.empty() && length != "0");
}

void method_not_allowed(const Request& req, Response& res) {
    res.set_header("Allow", "GET, HEAD");
    send_error(res, 405, "method-not-allowed",
               loggable(req.method, 20) + " is not allowed here: use GET or HEAD");
}

}  // namespace

struct Server::Impl {
    struct Asset {
        const WebAsset* asset;
        std::string etag;
    };

    ServerOptions options;
    Log log;
    IndexPool pool;
    Api api;
    Metrics metrics;
    std::string token;  // empty: no authentication
    std::vector<Asset> assets;
    httplib::Server http;
    int port = 0;
    socket_t listen_socket = INVALID_SOCKET;
    std::atomic<bool> stopping{false};
    std::atomic<bool> running{false};

    Impl(ServerOptions o, std::ostream& out)
        : options(std::move(o)),
          log(out),
          pool(options.index_dir, options.show_secret, log),
          api(pool, options) {
        if (!options.token_file.empty()) token = read_token(options.token_file);
        for (const WebAsset& a : web_assets()) {
            char etag[24];
            std::snprintf(etag, sizeof etag, "\"%016llx\"",
                          static_cast<unsigned long long>(fnv1a(a.body)));
            assets.push_back({&a, etag});
        }
        configure();
        bind();
    }

    void configure() {
        const std::size_t threads = options.threads == 0 ? kDefaultThreads : options.threads;
        http.new_task_queue = [this, threads] {
            return new WorkerPool(std::min<std::size_t>(threads, kFirstThreads), threads,
                                  threads * 4, stopping);
        };
        auto seconds = [](double s) {
            return std::chrono::microseconds(static_cast<long long>(s * 1e6));
        };
        http.set_read_timeout(seconds(options.read_timeout));
        http.set_write_timeout(seconds(options.write_timeout));
        http.set_keep_alive_timeout(
            std::max<std::time_t>(1, static_cast<std::time_t>(options.keep_alive_timeout)));
        http.set_keep_alive_max_count(std::max<std::size_t>(1, options.keep_alive_requests));
        // Nothing here takes a body; a request with one is read (up to this) only to say 405.
        http.set_payload_max_length(64 * 1024);
        // Headers and body go out in separate writes: without this, Nagle's algorithm and
        // delayed ACKs stall every kept-alive answer by tens of milliseconds.
        http.set_tcp_nodelay(true);
        // SO_REUSEADDR only: httplib's default SO_REUSEPORT would let a second server bind the
        // same port without an error.
        http.set_socket_options([this](socket_t sock) {
            int yes = 1;
            ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
            listen_socket = sock;  // the last one made is the one that binds
        });
        http.set_default_headers({{"X-Content-Type-Options", "nosniff"}});

        http.set_pre_routing_handler([this](const Request& req, Response& res) {
            t_request_start = Clock::now();
            t_request_started = true;
            return dispatch(req, res);
        });
        // Requests with a body reach these after httplib read it (or refused it as too large).
        const auto refuse = [](const Request& req, Response& res) { method_not_allowed(req, res); };
        http.Post(".*", refuse);
        http.Put(".*", refuse);
        http.Patch(".*", refuse);
        http.Delete(".*", refuse);
        http.set_error_handler(httplib::Server::HandlerWithResponse(error_body));
        http.set_exception_handler(
            [this](const Request& req, Response& res, std::exception_ptr ep) {
                std::string what = "unknown exception";
                try {
                    if (ep) std::rethrow_exception(ep);
                } catch (const std::exception& e) {
                    what = e.what();
                } catch (...) {
                }
                internal_error(req, res, what);
            });
        http.set_logger([this](const Request& req, const Response& res) { after(req, res); });
    }

    void bind() {
        errno = 0;
        if (options.port == 0) {
            port = http.bind_to_any_port(options.bind);
        } else {
            port = http.bind_to_port(options.bind, options.port) ? options.port : -1;
        }
        if (port <= 0) {
            const int error = errno;
            throw std::runtime_error(
                "cannot listen on " + options.bind + ":" + std::to_string(options.port) +
                (error != 0 ? std::string(": ") + std::strerror(error) : std::string()));
        }
        // Debian's cpp-httplib listens with a backlog of 5: clients reconnecting at once (a
        // kept-alive connection is closed after its 100th request) then lose their SYN and
        // retry a second later. Listening again on the same socket only sets a longer queue.
        if (listen_socket != INVALID_SOCKET) (void)::listen(listen_socket, kListenBacklog);
    }

    // httplib's own answers (malformed request, too large, no route) have no body: give them
    // the JSON every error has. Answers made by dispatch() already have theirs.
    static HandlerResponse error_body(const Request& req, Response& res) {
        if (!res.body.empty() || res.content_length_ > 0 || res.content_provider_) {
            return HandlerResponse::Unhandled;
        }
        const int status = res.status;
        std::string code = "bad-request";
        std::string detail = "malformed request";
        if (status == 404) {
            code = "not-found";
            detail = "no such page";
        } else if (status == 405) {
            code = "method-not-allowed";
            detail = "use GET or HEAD";
        } else if (status == 413 || status == 414 || status == 431) {
            code = "request-too-large";
            detail = status == 414 ? "the request line is too long" : "the request is too large";
        } else if (status == 416) {
            code = "bad-range";
            detail = "the Range header cannot be satisfied";
        } else if (status >= 500) {
            code = "internal";
            detail = "internal error";
        }
        (void)req;
        send_error(res, status, code, detail);
        return HandlerResponse::Handled;
    }

    void internal_error(const Request& req, Response& res, const std::string& what) {
        log.line("vanthu: internal error on " + loggable(req.method, 20) + " " +
                 loggable(req.target, 300) + ": " + what);
        res.headers.erase("Content-Disposition");
        send_error(res, 500, "internal", "internal error (the server's log has the details)");
    }

    HandlerResponse dispatch(const Request& req, Response& res) {
        if (req.method != "GET" && req.method != "HEAD") {
            if (expects_body(req) && (req.method == "POST" || req.method == "PUT" ||
                                      req.method == "PATCH" || req.method == "DELETE")) {
                return HandlerResponse::Unhandled;  // read the body, then refuse it
            }
            method_not_allowed(req, res);
            return HandlerResponse::Handled;
        }
        // Byte ranges make sense for files only; httplib would cut JSON answers too.
        if (route_of(req.path) != Route::File) const_cast<Request&>(req).ranges.clear();
        try {
            // A commit between the reopen at the start and a read: once more, reopened.
            try {
                route(req, res);
            } catch (const Xapian::DatabaseModifiedError&) {
                route(req, res);
            }
        } catch (const ApiError& e) {
            res.headers.erase("Content-Disposition");
            send_error(res, e.status(), e.code(), e.what());
        } catch (const IndexUnavailable& e) {
            log.line(std::string("vanthu: ") + e.what());
            send_error(res, 503, "index-unavailable", e.what());
        } catch (const Xapian::Error& e) {
            internal_error(req, res, e.get_description());
        } catch (const std::exception& e) {
            internal_error(req, res, e.what());
        } catch (...) {
            internal_error(req, res, "unknown exception");
        }
        return HandlerResponse::Handled;
    }

    void authorize(const Request& req, Response& res) const {
        if (token.empty()) return;
        const std::string header = req.get_header_value("Authorization");
        constexpr std::string_view scheme = "bearer ";
        std::string_view given;
        if (header.size() > scheme.size() &&
            core::lower_text(header.substr(0, scheme.size())) == scheme) {
            given = std::string_view(header).substr(scheme.size());
            while (!given.empty() && given.front() == ' ') given.remove_prefix(1);
            while (!given.empty() && given.back() == ' ') given.remove_suffix(1);
        }
        if (given.empty()) {
            res.set_header("WWW-Authenticate", "Bearer realm=\"vanthu\"");
            throw ApiError(401, "unauthorized",
                           "this server needs a token: Authorization: Bearer TOKEN");
        }
        if (!constant_time_equal(given, token)) {
            res.set_header("WWW-Authenticate", "Bearer realm=\"vanthu\", error=\"invalid_token\"");
            throw ApiError(401, "unauthorized", "wrong token");
        }
    }

    void route(const Request& req, Response& res) {
        const std::string& path = req.path;
        if (!core::is_valid_utf8(path)) {
            throw ApiError(400, "invalid-utf8", "the path is not valid UTF-8");
        }
        const bool is_api = path == "/api" || path.starts_with("/api/");
        if (is_api || path == "/metrics") authorize(req, res);
        if (is_api) check_params(req);

        if (path == "/api/search") return api.search(req, res);
        if (path == "/api/cites") return api.cites(req, res);
        if (path == "/api/suggest") return api.suggest(req, res);
        constexpr std::string_view documents = "/api/documents/";
        if (path.starts_with(documents)) {
            const std::string_view rest = std::string_view(path).substr(documents.size());
            const auto slash = rest.find('/');
            if (slash == std::string_view::npos) return api.document(req, res, rest);
            if (rest.substr(slash) == "/file") return api.file(req, res, rest.substr(0, slash));
        }
        if (path == "/healthz") return api.healthz(req, res);
        if (path == "/metrics") {
            res.status = 200;
            res.set_content(metrics.render(pool.stats()),
                            "text/plain; version=0.0.4; charset=utf-8");
            return;
        }
        if (!is_api && serve_asset(req, res, path == "/" ? "/index.html" : path)) return;
        throw ApiError(404, "not-found", "no such page: " + loggable(path, 200));
    }

    bool serve_asset(const Request& req, Response& res, const std::string& path) const {
        for (const Asset& a : assets) {
            if (a.asset->path != path) continue;
            res.set_header("ETag", a.etag);
            // Revalidated every time (the names carry no version); an unchanged file costs a 304.
            res.set_header("Cache-Control", "no-cache");
            const std::string match = req.get_header_value("If-None-Match");
            if (!match.empty() && (match == "*" || match.find(a.etag) != std::string::npos)) {
                res.status = 304;
                return true;
            }
            res.status = 200;
            res.set_content(a.asset->body.data(), a.asset->body.size(),
                            std::string(a.asset->content_type));
            return true;
        }
        return false;
    }

    // After every answer, whatever made it: metrics and the access log.
    void after(const Request& req, const Response& res) {
        const double seconds =
            t_request_started
                ? std::chrono::duration<double>(Clock::now() - t_request_start).count()
                : 0.0;
        t_request_started = false;
        metrics.record(route_of(req.path), res.status, seconds);
        if (!options.access_log) return;
        std::size_t bytes = res.body.empty() ? res.content_length_ : res.body.size();
        if (req.method == "HEAD") bytes = 0;
        char ms[32];
        std::snprintf(ms, sizeof ms, "%.1fms", seconds * 1000);
        log.line(utc_now() + " " + (req.remote_addr.empty() ? "-" : req.remote_addr) + " " +
                 (req.method.empty() ? "-" : loggable(req.method, 20)) + " " +
                 (req.target.empty() ? "-" : loggable(req.target, 300)) + " " +
                 std::to_string(res.status) + " " + std::to_string(bytes) + " " + ms);
    }
};

Server::Server(ServerOptions options, std::ostream& log)
    : m_impl(std::make_unique<Impl>(std::move(options), log)) {}

Server::~Server() { stop(); }

int Server::port() const { return m_impl->port; }

std::size_t Server::documents() const { return m_impl->pool.stats().documents; }

std::string Server::url() const {
    const std::string& host = m_impl->options.bind;
    const bool v6 = host.find(':') != std::string::npos;
    return "http://" + (v6 ? "[" + host + "]" : host) + ":" + std::to_string(m_impl->port) + "/";
}

void Server::run() {
    m_impl->running = true;
    if (!m_impl->stopping) m_impl->http.listen_after_bind();
    m_impl->running = false;
}

void Server::stop() {
    m_impl->stopping = true;
    // httplib's stop() only acts on a server already listening: wait for run() to get there.
    while (m_impl->running && !m_impl->http.is_running()) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    m_impl->http.stop();
}

}  // namespace vanthu::server
