#pragma once
// `vanthu serve`: the HTTP query server and web search page over one index (docs/api.md).
#include <cstddef>
#include <filesystem>
#include <functional>
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

namespace vanthu::server {

struct ServerOptions {
    std::filesystem::path index_dir;
    std::string bind = "127.0.0.1";
    int port = 8080;       // 0: any free port (the one chosen is Server::port())
    unsigned threads = 0;  // worker threads; 0: a default from the number of cores
    // Folders whose files may be served by /api/documents/{id}/file. Empty: the roots recorded
    // in the index (metadata "vanthu.roots").
    std::vector<std::filesystem::path> roots;
    bool show_secret = false;         // serve documents stamped MẬT / TỐI MẬT / TUYỆT MẬT
    std::filesystem::path token_file;  // when set, every /api request needs this bearer token
    double query_time_limit = 2.0;     // seconds of matching per query (Xapian time limit)
    bool access_log = true;            // one line per request on the log stream
};

class Server {
  public:
    // Checks that the index opens (throws std::runtime_error with a clear message otherwise)
    // and binds; does not serve yet. `log` receives the access log and errors.
    Server(ServerOptions options, std::ostream& log);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    [[nodiscard]] int port() const;  // the bound port
    void run();                      // serves until stop(); blocks
    void stop();                     // thread-safe; run() returns soon after

  private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace vanthu::server
