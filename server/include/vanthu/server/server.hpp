#pragma once
// `vanthu serve`: the HTTP query server and web search page over one index (docs/api.md).
#include <cstddef>
#include <filesystem>
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

namespace vanthu::server {

struct ServerOptions {
    std::filesystem::path index_dir;
    std::string bind = "127.0.0.1";
    int port = 8080;  // 0: any free port (the one chosen is Server::port())
    unsigned threads =
        0;  // worker threads at most (= connections served at once); 0: kDefaultThreads
    // Folders whose files may be served by /api/documents/{id}/file. Empty: the roots recorded
    // in the index (metadata "vanthu.roots"), as they are at each commit.
    std::vector<std::filesystem::path> roots;
    bool show_secret = false;  // serve documents stamped MẬT / TỐI MẬT / TUYỆT MẬT
    std::filesystem::path token_file;  // when set, every /api request needs this bearer token
    double query_time_limit = 2.0;     // seconds of matching per query (Xapian time limit)
    bool access_log = true;            // one line per request on the log stream
    // Connection limits: a client that sends nothing for read_timeout seconds (or cannot take
    // the answer for write_timeout) is dropped; a kept-alive connection is closed after
    // keep_alive_requests requests or keep_alive_timeout idle seconds, so that idle clients
    // do not hold the workers. Accepted connections beyond the workers wait in a queue of
    // `threads` × 4; past that, in the kernel's backlog.
    double read_timeout = 5.0;
    double write_timeout = 10.0;
    double keep_alive_timeout = 2.0;
    std::size_t keep_alive_requests = 100;
};

// Default number of worker threads at most: every connection (kept alive) holds one while it
// is served, so connections beyond it wait (docs/api.md, "Limits"). The pool starts with
// kFirstThreads and grows when a connection finds no idle worker.
inline constexpr unsigned kDefaultThreads = 128;
inline constexpr unsigned kFirstThreads = 8;

class Server {
  public:
    // Opens the index (throws std::runtime_error with a clear message when it cannot), reads
    // the token file, and binds; does not serve yet. `log` receives the access log and errors
    // (written under a lock, one line at a time).
    Server(ServerOptions options, std::ostream& log);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    [[nodiscard]] int port() const;  // the bound port
    // Documents the server shows (secret ones left out unless show_secret), at start.
    [[nodiscard]] std::size_t documents() const;
    // "http://127.0.0.1:8080/" ("http://[::1]:8080/" for an IPv6 address).
    [[nodiscard]] std::string url() const;

    void run();   // serves until stop(); blocks. Call at most once.
    void stop();  // thread-safe, also before run(); run() returns soon after

  private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace vanthu::server
