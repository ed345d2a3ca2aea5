// The real server on an ephemeral port, over a real index of the repository's corpus (seeds,
// proposals, the citation archive) plus a scratch folder with secret documents, symlinks and
// files changed after indexing. Every endpoint and every error path of docs/api.md.
#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xapian.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "vanthu/core/text.hpp"
#include "vanthu/indexer/index_run.hpp"
#include "vanthu/server/server.hpp"

extern char** environ;

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using vanthu::server::Server;
using vanthu::server::ServerOptions;

const fs::path kSource = VANTHU_SOURCE_DIR;
const fs::path kBinary = VANTHU_BINARY;

// Words that occur only in the secret documents: none of them may ever reach a client.
// (777-KH/NCTU is not one: a public document cites it.)
const std::vector<std::string> kSecretMarkers = {"plughxyzzy", "quuxwidget", "XYZZY",
                                                 "QUUX",       "09-BC",      "Bíxyzzy"};

class TempDir {
  public:
    TempDir() {
        std::string templ = (fs::temp_directory_path() / "vanthu-server-XXXXXX").string();
        if (mkdtemp(templ.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
        // The indexer stores symlink-free paths: compare with those.
        m_path = fs::canonical(templ);
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(m_path, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    [[nodiscard]] const fs::path& path() const { return m_path; }

  private:
    fs::path m_path;
};

void write_file(const fs::path& p, const std::string& content) {
    fs::create_directories(p.parent_path());
    std::ofstream out(p, std::ios::binary);
    out << content;
}

std::string read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

vanthu::indexer::IndexSummary build_index(const std::vector<fs::path>& roots, const fs::path& dir) {
    vanthu::indexer::IndexOptions options;
    options.roots = roots;
    options.index_dir = dir;
    options.jobs = 2;
    options.progress = false;
    std::ostringstream log;
    return vanthu::indexer::run_index(options, log);
}

// The secret documents cite 152-KH/TU and carry numbers a public document cites.
const char* const kSecretMat = R"(TỈNH ỦY QUẢNG TRỊ
BAN NỘI CHÍNH XYZZY

MẬT

Số 777-KH/NCTU

ĐẢNG CỘNG SẢN VIỆT NAM

Quảng Trị, ngày 05 tháng 01 năm 2021

KẾ HOẠCH
triển khai dự án plughxyzzy về hiến kế

Căn cứ Kế hoạch số 152-KH/TU, ngày 26/02/2020 của Ban Thường vụ Tỉnh ủy về tổ chức Cuộc vận động hiến kế.

Nội dung dự án plughxyzzy gồm các bước triển khai hiến kế tại địa phương.

T/M BAN THƯỜNG VỤ
Nguyễn Văn Bíxyzzy
)";

const char* const kSecretTuyetMat = R"(TỈNH ỦY QUẢNG TRỊ
BAN KINH TẾ QUUX

TUYỆT MẬT

Số 09-BC/QUUX

ĐẢNG CỘNG SẢN VIỆT NAM

Quảng Trị, ngày 12 tháng 03 năm 2021

BÁO CÁO
kết quả thí điểm quuxwidget trong cuộc vận động hiến kế

Thực hiện Kế hoạch số 152-KH/TU, ngày 26/02/2020 của Ban Thường vụ Tỉnh ủy về tổ chức Cuộc vận động hiến kế, Ban báo cáo kết quả thí điểm quuxwidget.

T/M BAN THƯỜNG VỤ
Trần Văn Quux
)";

const char* const kPublicCitingSecret = R"(TỈNH ỦY QUẢNG TRỊ
VĂN PHÒNG

Số 15-CV/VPTU

ĐẢNG CỘNG SẢN VIỆT NAM

Quảng Trị, ngày 20 tháng 01 năm 2021

V/v góp ý công khai về hiến kế

Căn cứ Kế hoạch số 777-KH/NCTU, ngày 05/01/2021 của Ban Nội chính Tỉnh ủy, Văn phòng Tỉnh ủy đề nghị các đơn vị góp ý.

T/L BAN THƯỜNG VỤ
CHÁNH VĂN PHÒNG
Lê Văn Công
)";

// Built once for the whole program: the index of the corpus and a scratch folder.
struct Corpus {
    TempDir dir;
    fs::path index = dir.path() / "index";
    fs::path extra = dir.path() / "extra";
    fs::path outside = dir.path() / "outside";
    std::string big;  // content of extra/big.txt

    Corpus() {
        write_file(extra / "mat.txt", kSecretMat);
        write_file(extra / "tuyet-mat.txt", kSecretTuyetMat);
        write_file(extra / "cong-van-cong-khai.txt", kPublicCitingSecret);
        write_file(extra / "Kế hoạch lưu trữ.txt",
                   "Kế hoạch lưu trữ tài liệu tênđặcbiệt của văn phòng.\n");
        write_file(outside / "passwd.txt", "root:x:0:0:outsidecontent:/root:/bin/bash\n");
        write_file(outside / "sub" / "doc.txt", "root:x:0:0:outsidecontent in a folder\n");
        fs::create_symlink(outside / "passwd.txt", extra / "link-out.txt");
        write_file(extra / "swap.txt", "Văn bản sẽ bị thay bằng liên kết swapword.\n");
        write_file(extra / "sub" / "doc.txt", "Văn bản trong thư mục con subfolderword.\n");
        write_file(extra / "gone.txt", "Văn bản sẽ bị xóa goneword.\n");
        // Streamed, not loaded whole: several MB, with bytes that show any offset error.
        std::string line;
        for (int i = 0; i < 60000; ++i) {
            line = "dòng " + std::to_string(i) + " của tệp lớn bigfileword\n";
            big += line;
        }
        write_file(extra / "big.txt", big);
        const auto summary =
            build_index({kSource / "corpus" / "seeds", kSource / "corpus" / "proposals",
                         kSource / "corpus" / "citations" / "archive", extra},
                        index);
        if (summary.total_docs < 40) throw std::runtime_error("the corpus index is too small");
        // After indexing: a file swapped for a symlink leading outside, a folder swapped the
        // same way, and a file deleted.
        fs::remove(extra / "swap.txt");
        fs::create_symlink(outside / "passwd.txt", extra / "swap.txt");
        fs::rename(extra / "sub", extra / "sub-moved");
        fs::create_directory_symlink(outside / "sub", extra / "sub");
        fs::remove(extra / "gone.txt");
    }
};

const Corpus& corpus() {
    static const Corpus c;
    return c;
}

struct Reply {
    int status = 0;  // 0: no answer at all
    std::string body;
    httplib::Headers headers;

    [[nodiscard]] json js() const {
        json j = json::parse(body, nullptr, false);
        return j;
    }
    [[nodiscard]] std::string header(const std::string& name) const {
        auto it = headers.find(name);
        return it == headers.end() ? std::string() : it->second;
    }
};

httplib::Client make_client(int port) {
    httplib::Client c("127.0.0.1", port);
    c.set_connection_timeout(10, 0);
    c.set_read_timeout(30, 0);
    return c;
}

Reply to_reply(const httplib::Result& r) {
    Reply out;
    if (!r) return out;
    out.status = r->status;
    out.body = r->body;
    out.headers = r->headers;
    return out;
}

Reply get(int port, const std::string& target, const httplib::Headers& headers = {}) {
    auto c = make_client(port);
    return to_reply(c.Get(target, headers));
}

// Percent-encodes a parameter value (everything but unreserved characters).
std::string enc(std::string_view s) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

// Sends raw bytes and reads one answer (status line, headers, Content-Length bytes of body),
// or whatever came before the server closed. "" when nothing came.
std::string raw(int port, const std::string& bytes, int timeout_ms = 15000) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        ::close(fd);
        return "";
    }
    (void)::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    std::string in;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    for (;;) {
        const auto head_end = in.find("\r\n\r\n");
        if (head_end != std::string::npos) {
            std::smatch m;
            const std::string head = in.substr(0, head_end);
            static const std::regex length_re("Content-Length: (\\d+)", std::regex::icase);
            const std::size_t length = std::regex_search(head, m, length_re) ? std::stoul(m[1]) : 0;
            if (in.size() >= head_end + 4 + length) break;
        }
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                              deadline - std::chrono::steady_clock::now())
                              .count();
        if (left <= 0) break;
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, static_cast<int>(left)) <= 0) break;
        char buffer[8192];
        const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
        if (n <= 0) break;
        in.append(buffer, static_cast<std::size_t>(n));
    }
    ::close(fd);
    return in;
}

int raw_status(const std::string& answer) {
    if (answer.rfind("HTTP/1.1 ", 0) != 0 || answer.size() < 12) return 0;
    return std::stoi(answer.substr(9, 3));
}

json raw_json(const std::string& answer) {
    const auto head_end = answer.find("\r\n\r\n");
    if (head_end == std::string::npos) return json();
    return json::parse(answer.substr(head_end + 4), nullptr, false);
}

// A Server running on its own thread; stopped and joined when it goes.
class RunningServer {
  public:
    explicit RunningServer(ServerOptions options) {
        if (options.index_dir.empty()) options.index_dir = corpus().index;
        options.port = 0;
        m_server = std::make_unique<Server>(std::move(options), m_log);
        m_thread = std::thread([this] { m_server->run(); });
    }
    RunningServer() : RunningServer(ServerOptions{}) {}
    ~RunningServer() { stop(); }
    RunningServer(const RunningServer&) = delete;
    RunningServer& operator=(const RunningServer&) = delete;

    [[nodiscard]] int port() const { return m_server->port(); }
    [[nodiscard]] Server& server() { return *m_server; }
    void stop() {
        if (m_thread.joinable()) {
            m_server->stop();
            m_thread.join();
        }
    }
    // The log, once stopped (the server writes it from its threads).
    std::string log() {
        stop();
        return m_log.str();
    }

    Reply get(const std::string& target, const httplib::Headers& headers = {}) const {
        return ::get(port(), target, headers);
    }
    json search(const std::string& params) const {
        const Reply r = get("/api/search?" + params);
        EXPECT_EQ(r.status, 200) << params << ": " << r.body;
        return r.js();
    }
    // Waits (up to a minute) for the first Suggester, built in the background.
    void wait_for_suggestions() const {
        for (int i = 0; i < 600; ++i) {
            const Reply r = get("/api/suggest?q=ke");
            if (r.status == 200 && !r.js()["suggestions"].empty()) return;
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        ADD_FAILURE() << "no suggestions after a minute";
    }

  private:
    std::ostringstream m_log;
    std::unique_ptr<Server> m_server;
    std::thread m_thread;
};

// The id of the (first) document whose displayed path is `path`, asked through a search.
unsigned id_of(const RunningServer& s, const std::string& query, const std::string& path) {
    const json r = s.search("size=100&facets=0&q=" + enc(query));
    for (const auto& h : r["hits"]) {
        if (h["path"] == path) return h["id"].get<unsigned>();
    }
    ADD_FAILURE() << "no hit " << path << " for " << query << ": " << r.dump();
    return 0;
}

void expect_error(const Reply& r, int status, const std::string& code, const std::string& what) {
    EXPECT_EQ(r.status, status) << what << ": " << r.body;
    const json j = r.js();
    ASSERT_TRUE(j.is_object()) << what << ": " << r.body;
    EXPECT_EQ(j.value("error", ""), code) << what << ": " << r.body;
    EXPECT_TRUE(j.contains("detail")) << what;
    EXPECT_EQ(r.header("Content-Type"), "application/json; charset=utf-8") << what;
}

// ---------------------------------------------------------------------------------------------
// GET /api/search

TEST(Search, FindsSeedsWithoutDiacriticsAndSuggests) {
    RunningServer s;
    s.wait_for_suggestions();
    const json r = s.search("q=hien%20ke");
    EXPECT_EQ(r["query"], "hien ke");
    EXPECT_GT(r["total"].get<int>(), 5);
    EXPECT_EQ(r["page"], 1);
    EXPECT_EQ(r["size"], 10);
    EXPECT_EQ(r["sort"], "relevance");
    EXPECT_EQ(r["hits"].size(), 10u);
    EXPECT_TRUE(r["parsed"].is_string());
    EXPECT_TRUE(r["took_ms"].is_number());
    EXPECT_FALSE(r["relaxed"].get<bool>());
    EXPECT_FALSE(r["best_match"].get<bool>());
    // "hien ke" typed without diacritics: the index's words give them back.
    ASSERT_TRUE(r["suggestion"].is_string()) << r["suggestion"];
    EXPECT_EQ(r["suggestion"], "hiến kế");
    int rank = 0;
    for (const auto& h : r["hits"]) {
        EXPECT_EQ(h["rank"], ++rank);
        for (const char* key : {"id", "score", "number", "type", "issuer", "date", "title", "path",
                                "name", "format", "status", "snippet"}) {
            EXPECT_TRUE(h.contains(key)) << key;
        }
        const std::string path = h["path"];
        // Relative to the root, prefixed by its folder name: never the server's own paths.
        EXPECT_NE(path.front(), '/') << path;
        EXPECT_EQ(path.find(kSource.string()), std::string::npos) << path;
        EXPECT_TRUE(path.starts_with("seeds/") || path.starts_with("proposals/") ||
                    path.starts_with("archive/") || path.starts_with("extra/"))
            << path;
        EXPECT_NE(h["snippet"].get<std::string>().find("<mark>"), std::string::npos);
    }
    for (const char* facet : {"type", "issuer", "year", "field"}) {
        EXPECT_TRUE(r["facets"][facet].is_array()) << facet;
    }
    EXPECT_FALSE(r["facets"]["type"].empty());
    // A query that needs no correction gets null.
    const json exact = s.search("q=" + enc("Hiến kế"));
    EXPECT_TRUE(exact["suggestion"].is_null()) << exact["suggestion"];
}

TEST(Search, DocumentNumberAndFields) {
    RunningServer s;
    const json r = s.search("q=" + enc("so:152-KH/TU") + "&size=50");
    ASSERT_FALSE(r["hits"].empty());
    // The document carrying the number first, then those citing it (seeds 000 and 001).
    EXPECT_EQ(r["hits"][0]["number"], "152-KH/TU");
    EXPECT_EQ(r["hits"][0]["path"], "archive/tinh-uy-dak-lak-152-kh-tu.txt");
    std::set<std::string> paths;
    for (const auto& h : r["hits"]) paths.insert(h["path"]);
    EXPECT_TRUE(paths.contains("seeds/000.txt"));
    EXPECT_TRUE(paths.contains("seeds/001.txt"));

    const json issuer = s.search("q=" + enc("coquan:\"ban tuyên giáo\"") + "&size=50");
    ASSERT_FALSE(issuer["hits"].empty());
    for (const auto& h : issuer["hits"]) {
        EXPECT_NE(vanthu::core::fold_text(h["issuer"].get<std::string>()).find("ban tuyen giao"),
                  std::string::npos)
            << h["issuer"];
    }
}

TEST(Search, FiltersSortAndFacets) {
    RunningServer s;
    const json plans = s.search("q=&type=KH&size=100");
    ASSERT_FALSE(plans["hits"].empty());
    for (const auto& h : plans["hits"]) EXPECT_EQ(h["type"], "Kế hoạch") << h["path"];
    EXPECT_EQ(plans["filters"]["type"], "KH");
    ASSERT_EQ(plans["facets"]["type"].size(), 1u);
    EXPECT_EQ(plans["facets"]["type"][0]["value"], "Kế hoạch");
    EXPECT_EQ(plans["facets"]["type"][0]["count"], plans["total"]);
    EXPECT_TRUE(plans["total_exact"].get<bool>());
    EXPECT_TRUE(plans["facets_exact"].get<bool>());

    auto dates = [&](const std::string& sort) {
        const json r = s.search("q=hien%20ke&size=100&facets=0&sort=" + sort);
        EXPECT_EQ(r["sort"], sort);
        EXPECT_FALSE(r.contains("facets"));
        std::vector<std::string> out;
        for (const auto& h : r["hits"]) {
            if (!h["date"].get<std::string>().empty()) out.push_back(h["date"]);
        }
        return out;
    };
    const auto newest = dates("date");
    ASSERT_GT(newest.size(), 3u);
    EXPECT_TRUE(std::is_sorted(newest.rbegin(), newest.rend()));
    const auto oldest = dates("date-asc");
    EXPECT_TRUE(std::is_sorted(oldest.begin(), oldest.end()));

    const json years = s.search("q=hien%20ke&year=2020&size=100&facets=0");
    for (const auto& h : years["hits"])
        EXPECT_TRUE(h["date"].get<std::string>().starts_with("2020"));
}

TEST(Search, Pagination) {
    RunningServer s;
    const json first = s.search("q=hien%20ke&size=3&page=1&facets=0");
    const json second = s.search("q=hien%20ke&size=3&page=2&facets=0");
    ASSERT_EQ(first["hits"].size(), 3u);
    ASSERT_EQ(second["hits"].size(), 3u);
    EXPECT_EQ(second["page"], 2);
    EXPECT_EQ(second["hits"][0]["rank"], 4);
    const int total = first["total"];
    EXPECT_EQ(first["pages"], (total + 2) / 3);
    std::set<unsigned> ids;
    for (const auto* r : {&first, &second}) {
        for (const auto& h : (*r)["hits"]) EXPECT_TRUE(ids.insert(h["id"].get<unsigned>()).second);
    }
    // Past the end: an empty page, not an error.
    const json past = s.search("q=hien%20ke&size=100&page=100&facets=0");
    EXPECT_TRUE(past["hits"].empty());
}

TEST(Search, UserErrorsAreJson4xx) {
    RunningServer s;
    const std::string long_q(1001, 'a');
    const std::string max_q = "hien%20" + std::string(995, 'a');  // 1,000 bytes once decoded
    struct Case {
        std::string target;
        int status;
        std::string error;
    };
    const std::vector<Case> cases = {
        {"/api/search?q=" + enc("(kế hoạch"), 400, "bad-query"},
        {"/api/search?q=hien%20ke&year=" + enc("2022..2020"), 400, "bad-query"},
        {"/api/search?q=" + enc("ngay:31/02/2020"), 400, "bad-query"},
        {"/api/search?q=", 400, "bad-query"},
        {"/api/search", 400, "bad-query"},
        {"/api/search?q=hien&size=101", 400, "bad-parameter"},
        {"/api/search?q=hien&size=0", 400, "bad-parameter"},
        {"/api/search?q=hien&page=0", 400, "bad-parameter"},
        {"/api/search?q=hien&page=-1", 400, "bad-parameter"},
        {"/api/search?q=hien&page=abc", 400, "bad-parameter"},
        {"/api/search?q=hien&page=99999999999999999999999", 400, "bad-parameter"},
        {"/api/search?q=hien&page=1001&size=10", 400, "bad-parameter"},
        {"/api/search?q=hien&page=101&size=100", 400, "bad-parameter"},
        {"/api/search?q=hien&sort=popular", 400, "bad-parameter"},
        {"/api/search?q=hien&facets=maybe", 400, "bad-parameter"},
        {"/api/search?q=hien&q=ke", 400, "bad-parameter"},
        {"/api/search?q=hien&size=5&size=6", 400, "bad-parameter"},
        {"/api/search?q=" + long_q, 400, "query-too-long"},
        {"/api/search?q=hien&issuer=" + long_q, 400, "query-too-long"},
        {"/api/search?q=%FF%FE", 400, "invalid-utf8"},
        {"/api/search?q=hien&type=%C3", 400, "invalid-utf8"},
        {"/api/search?q=%ED%A0%80", 400, "invalid-utf8"},  // a UTF-16 surrogate
        {"/api/search?q=%C0%AF", 400, "invalid-utf8"},     // overlong '/'
        {"/api/search?%FF=1", 400, "invalid-utf8"},
        {"/api/%FF", 400, "invalid-utf8"},
        {"/api/nothing", 404, "not-found"},
        {"/api", 404, "not-found"},
        {"/nothing.html", 404, "not-found"},
        {"/api/search/", 404, "not-found"},
    };
    for (const auto& c : cases) expect_error(s.get(c.target), c.status, c.error, c.target);
    // At the limit is fine.
    EXPECT_EQ(s.get("/api/search?q=" + max_q).status, 200) << s.get("/api/search?q=" + max_q).body;
    EXPECT_EQ(s.get("/api/search?q=hien&page=100&size=100").status, 200);
}

TEST(Search, MethodsOtherThanGetAndHead) {
    RunningServer s;
    auto c = make_client(s.port());
    expect_error(to_reply(c.Post("/api/search")), 405, "method-not-allowed", "POST");
    expect_error(to_reply(c.Post("/api/search", "q=hien", "application/x-www-form-urlencoded")),
                 405, "method-not-allowed", "POST with a body");
    expect_error(to_reply(c.Put("/api/documents/1", "x", "text/plain")), 405, "method-not-allowed",
                 "PUT");
    expect_error(to_reply(c.Delete("/api/documents/1")), 405, "method-not-allowed", "DELETE");
    expect_error(to_reply(c.Options("/api/search")), 405, "method-not-allowed", "OPTIONS");
    EXPECT_EQ(to_reply(c.Post("/api/search")).header("Allow"), "GET, HEAD");
    // The connection is still usable after a refused body.
    EXPECT_EQ(to_reply(c.Get("/healthz")).status, 200);

    const Reply head = to_reply(c.Head("/api/search?q=hien%20ke"));
    EXPECT_EQ(head.status, 200);
    EXPECT_TRUE(head.body.empty());
    EXPECT_EQ(head.header("Content-Type"), "application/json; charset=utf-8");
    const Reply head_error = to_reply(c.Head("/api/search?size=0"));
    EXPECT_EQ(head_error.status, 400);
    EXPECT_TRUE(head_error.body.empty());
}

// ---------------------------------------------------------------------------------------------
// GET /api/documents/{id}

TEST(Documents, EverythingAboutOneDocument) {
    RunningServer s;
    const unsigned plan = id_of(s, "so:152-KH/TU", "archive/tinh-uy-dak-lak-152-kh-tu.txt");
    const unsigned seed = id_of(s, "so:152-KH/TU", "seeds/000.txt");
    const Reply r = s.get("/api/documents/" + std::to_string(seed));
    ASSERT_EQ(r.status, 200) << r.body;
    const json d = r.js();
    EXPECT_EQ(d["id"], seed);
    EXPECT_EQ(d["path"], "seeds/000.txt");
    EXPECT_EQ(d["name"], "000.txt");
    EXPECT_EQ(d["format"], "txt");
    EXPECT_EQ(d["status"], "ok");
    EXPECT_GT(d["size"].get<int>(), 1000);
    EXPECT_EQ(d["file_url"], "/api/documents/" + std::to_string(seed) + "/file");
    EXPECT_TRUE(d["meta"].is_object());
    EXPECT_EQ(d["meta"]["number"], "01-BC/BTC");
    std::set<std::string> formats;
    for (const auto& o : d["other_formats"]) formats.insert(o["format"]);
    EXPECT_EQ(formats, (std::set<std::string>{"pdf", "docx"}));
    // Seed 000 cites 152-KH/TU: resolved to the plan in the archive.
    bool cites_plan = false;
    for (const auto& c : d["citations"]) {
        for (const char* key : {"number", "type", "date", "issuer", "sentence", "status", "note",
                                "document", "candidates", "intended"}) {
            EXPECT_TRUE(c.contains(key)) << key;
        }
        if (c["number"] == "152-KH/TU") {
            cites_plan = true;
            EXPECT_EQ(c["status"], "found");
            EXPECT_EQ(c["document"]["id"], plan);
            EXPECT_EQ(c["document"]["path"], "archive/tinh-uy-dak-lak-152-kh-tu.txt");
        }
    }
    EXPECT_TRUE(cites_plan);

    // The plan is cited by seeds 000 and 001.
    const json p = s.get("/api/documents/" + std::to_string(plan)).js();
    std::set<std::string> citing;
    for (const auto& c : p["cited_by"]) {
        citing.insert(c["path"]);
        EXPECT_FALSE(c["sentence"].get<std::string>().empty());
        EXPECT_TRUE(c.contains("cited_date"));
    }
    EXPECT_TRUE(citing.contains("seeds/000.txt"));
    EXPECT_TRUE(citing.contains("seeds/001.pdf"));

    expect_error(s.get("/api/documents/999999"), 404, "not-found", "no such id");
    expect_error(s.get("/api/documents/4294967295"), 404, "not-found", "largest id");
    for (const char* bad : {"0", "-1", "abc", "1.5", "01", "4294967296", "99999999999999999999",
                            "0x10", "%2e%2e", "1%00", "%20%31"}) {
        expect_error(s.get(std::string("/api/documents/") + bad), 400, "bad-parameter", bad);
    }
    expect_error(s.get("/api/documents/1/meta"), 404, "not-found", "unknown sub-route");
}

// ---------------------------------------------------------------------------------------------
// GET /api/documents/{id}/file

TEST(Files, ServedWithTypeAndDisposition) {
    RunningServer s;
    struct Case {
        std::string path;
        std::string type;
        std::string magic;
    };
    for (const Case& c : {Case{"seeds/000.pdf", "application/pdf", "%PDF"},
                          Case{"seeds/000.docx",
                               "application/vnd.openxmlformats-officedocument."
                               "wordprocessingml.document",
                               "PK"},
                          Case{"seeds/000.txt", "text/plain; charset=utf-8", ""}}) {
        const unsigned id = id_of(s, "so:152-KH/TU", c.path);
        const Reply r = s.get("/api/documents/" + std::to_string(id) + "/file");
        ASSERT_EQ(r.status, 200) << c.path << ": " << r.body;
        EXPECT_EQ(r.header("Content-Type"), c.type);
        EXPECT_EQ(r.body, read_file(kSource / "corpus" / c.path)) << c.path;
        EXPECT_TRUE(r.body.starts_with(c.magic));
        const std::string name = fs::path(c.path).filename().string();
        EXPECT_EQ(r.header("Content-Disposition"),
                  "attachment; filename=\"" + name + "\"; filename*=UTF-8''" + name);
        const Reply in = s.get("/api/documents/" + std::to_string(id) + "/file?inline=1");
        EXPECT_TRUE(in.header("Content-Disposition").starts_with("inline; ")) << c.path;
    }
    // A Vietnamese name: an ASCII fallback and the exact name percent-encoded.
    // (Raw: httplib's client decodes %XX in every header value it reads.)
    const unsigned viet = id_of(s, "tênđặcbiệt", "extra/Kế hoạch lưu trữ.txt");
    const std::string r =
        raw(s.port(), "GET /api/documents/" + std::to_string(viet) +
                          "/file HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    EXPECT_EQ(raw_status(r), 200) << r;
    EXPECT_NE(
        r.find("\r\nContent-Disposition: attachment; filename=\"ke hoach luu tru.txt\"; "
               "filename*=UTF-8''K%E1%BA%BF%20ho%E1%BA%A1ch%20l%C6%B0u%20tr%E1%BB%AF.txt\r\n"),
        std::string::npos)
        << r;
    EXPECT_EQ(s.get("/api/documents/" + std::to_string(viet) + "/file?inline=2").status, 400);
}

TEST(Files, LargeFileStreamedWithRangesAndHead) {
    RunningServer s;
    const unsigned id = id_of(s, "bigfileword", "extra/big.txt");
    const std::string url = "/api/documents/" + std::to_string(id) + "/file";
    const Reply r = s.get(url);
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(r.body.size(), corpus().big.size());
    EXPECT_TRUE(r.body == corpus().big);
    const Reply part = s.get(url, {{"Range", "bytes=100000-100009"}});
    EXPECT_EQ(part.status, 206);
    EXPECT_EQ(part.body, corpus().big.substr(100000, 10));
    auto c = make_client(s.port());
    const Reply head = to_reply(c.Head(url));
    EXPECT_EQ(head.status, 200);
    EXPECT_TRUE(head.body.empty());
    EXPECT_EQ(head.header("Content-Length"), std::to_string(corpus().big.size()));
}

TEST(Files, NeverOutsideTheRoots) {
    RunningServer s;
    // Ids are plain numbers: nothing else is ever a path (raw requests, as an attacker sends
    // them, without a client normalising the dots).
    for (const std::string target :
         {"/api/documents/../../../../etc/passwd", "/api/documents/..%2f..%2fetc%2fpasswd/file",
          "/api/documents/%2e%2e/%2e%2e/etc/passwd", "/api/documents/%2e%2e/file",
          "/api/documents//etc/passwd/file", "/api/documents/%2fetc%2fpasswd/file",
          "/api/documents/1/file/../../../etc/passwd", "/api/documents/-1/file",
          "/api/documents/4294967296/file", "/api/documents/1%2f..%2f..%2fetc%2fpasswd/file",
          "/api/documents/1/..%2ffile", "/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd",
          "/..%2f..%2fetc%2fpasswd", "/api/documents/0/file", "/api/documents/1/file%00.txt"}) {
        const std::string answer = raw(s.port(), "GET " + target +
                                                     " HTTP/1.1\r\nHost: x\r\nConnection: "
                                                     "close\r\n\r\n");
        const int status = raw_status(answer);
        EXPECT_TRUE(status == 400 || status == 404) << target << ": " << answer;
        EXPECT_EQ(answer.find("root:"), std::string::npos) << target;
        EXPECT_TRUE(raw_json(answer).contains("error")) << target;
    }
    auto file_of = [&](const std::string& word, const std::string& path) {
        const unsigned id = id_of(s, word, path);
        return s.get("/api/documents/" + std::to_string(id) + "/file");
    };
    // A symlink in an indexed folder leading outside: indexed (the indexer follows file
    // links) but never served.
    const Reply link = file_of("outsidecontent", "extra/link-out.txt");
    expect_error(link, 403, "forbidden", "symlink to outside");
    EXPECT_EQ(link.body.find("root:"), std::string::npos);
    // A file swapped for such a symlink after indexing, and a folder swapped the same way.
    expect_error(file_of("swapword", "extra/swap.txt"), 403, "forbidden", "swapped file");
    expect_error(file_of("subfolderword", "extra/sub/doc.txt"), 403, "forbidden", "swapped folder");
    // A file gone from disk.
    expect_error(file_of("goneword", "extra/gone.txt"), 404, "not-found", "deleted file");
}

TEST(Files, OnlyUnderTheRootsGiven) {
    ServerOptions options;
    options.roots = {kSource / "corpus" / "seeds"};
    RunningServer s(options);
    const unsigned seed = id_of(s, "so:152-KH/TU", "seeds/000.txt");
    EXPECT_EQ(s.get("/api/documents/" + std::to_string(seed) + "/file").status, 200);
    // Not under --root: refused, and shown by its name only.
    const json r = s.search("q=" + enc("so:152-KH/TU") + "&size=50&facets=0");
    unsigned plan = 0;
    for (const auto& h : r["hits"]) {
        if (h["number"] == "152-KH/TU") {
            plan = h["id"];
            EXPECT_EQ(h["path"], "tinh-uy-dak-lak-152-kh-tu.txt");
        }
    }
    ASSERT_NE(plan, 0u);
    expect_error(s.get("/api/documents/" + std::to_string(plan) + "/file"), 403, "forbidden",
                 "outside --root");
}

// ---------------------------------------------------------------------------------------------
// GET /api/cites, /api/suggest

TEST(Cites, CarriersThenCitingDocuments) {
    RunningServer s;
    const Reply r = s.get("/api/cites?number=" + enc("152-KH/TU"));
    ASSERT_EQ(r.status, 200) << r.body;
    const json j = r.js();
    EXPECT_EQ(j["number"], "152-KH/TU");
    ASSERT_EQ(j["carriers"].size(), 1u);
    EXPECT_EQ(j["carriers"][0]["path"], "archive/tinh-uy-dak-lak-152-kh-tu.txt");
    EXPECT_EQ(j["carriers"][0]["format"], "txt");
    std::set<std::string> citing;
    for (const auto& c : j["citing"]) {
        citing.insert(c["path"]);
        ASSERT_FALSE(c["citations"].empty());
        EXPECT_NE(c["citations"][0]["sentence"].get<std::string>().find("152-KH/TU"),
                  std::string::npos);
        EXPECT_EQ(c["citations"][0]["date"], "2020-02-26");
    }
    for (const char* seed : {"seeds/000.txt", "seeds/000.pdf", "seeds/000.docx", "seeds/001.txt",
                             "seeds/001.pdf", "seeds/001.docx"}) {
        EXPECT_TRUE(citing.contains(seed)) << seed;
    }
    // Typed without the Đ, with spaces: the same number.
    EXPECT_EQ(s.get("/api/cites?number=" + enc(" 152 - KH/TU ")).js()["number"], "152-KH/TU");
    expect_error(s.get("/api/cites"), 400, "bad-number", "missing");
    expect_error(s.get("/api/cites?number="), 400, "bad-number", "empty");
    expect_error(s.get("/api/cites?number=hien%20ke"), 400, "bad-number", "words");
    expect_error(s.get("/api/cites?number=" + std::string(1001, '1')), 400, "query-too-long",
                 "long");
    expect_error(s.get("/api/cites?number=%FF"), 400, "invalid-utf8", "utf8");
    expect_error(s.get("/api/cites?number=1-KH/TU&number=2-KH/TU"), 400, "bad-parameter", "twice");
}

TEST(Suggest, CompletionsAsTheUserTypes) {
    RunningServer s;
    s.wait_for_suggestions();
    const Reply r = s.get("/api/suggest?q=" + enc("ke hoach 15"));
    ASSERT_EQ(r.status, 200) << r.body;
    const json j = r.js();
    EXPECT_EQ(j["q"], "ke hoach 15");
    ASSERT_FALSE(j["suggestions"].empty());
    bool number = false;
    for (const auto& c : j["suggestions"]) {
        EXPECT_TRUE(c["kind"] == "number" || c["kind"] == "issuer" || c["kind"] == "title" ||
                    c["kind"] == "query")
            << c;
        EXPECT_TRUE(c["text"].is_string());
        if (c["kind"] == "number" && c["text"] == "152-KH/TU") {
            number = true;
            EXPECT_TRUE(c["id"].is_number());
        }
    }
    EXPECT_TRUE(number) << j.dump();
    EXPECT_LE(s.get("/api/suggest?q=ke&limit=2").js()["suggestions"].size(), 2u);
    EXPECT_TRUE(s.get("/api/suggest?q=").js()["suggestions"].empty());
    expect_error(s.get("/api/suggest?q=ke&limit=0"), 400, "bad-parameter", "limit 0");
    expect_error(s.get("/api/suggest?q=ke&limit=21"), 400, "bad-parameter", "limit 21");
    expect_error(s.get("/api/suggest?q=ke&limit=x"), 400, "bad-parameter", "limit x");
    expect_error(s.get("/api/suggest?q=" + std::string(1001, 'a')), 400, "query-too-long", "long");
    expect_error(s.get("/api/suggest?q=%E1%BA"), 400, "invalid-utf8", "utf8");
}

// ---------------------------------------------------------------------------------------------
// Secrecy

// Every answer a client can get about the secret documents' words, numbers and citations,
// with what the server found (the echo of the question left out: it holds the secret words).
std::vector<std::pair<Reply, std::string>> probe_secrets(const RunningServer& s) {
    std::vector<std::pair<Reply, std::string>> out;
    auto add = [&](const std::string& target, std::initializer_list<const char*> found) {
        Reply r = s.get(target);
        const json j = r.js();
        std::string payload;
        for (const char* key : found) payload += j.value(key, json()).dump() + "\n";
        out.emplace_back(std::move(r), std::move(payload));
    };
    const std::initializer_list<const char*> search = {"hits", "total", "facets", "suggestion"};
    for (const std::string q :
         {"plughxyzzy", "quuxwidget", "hien ke", "so:777-KH/NCTU", "777-KH/NCTU", "09-BC/QUUX",
          "coquan:xyzzy", "Bíxyzzy", "plughxyzz", "quuxwidgt", "nguoiky:\"Nguyễn Văn Bíxyzzy\""}) {
        add("/api/search?size=100&q=" + enc(q), search);
    }
    add("/api/search?size=100&q=&year=2021", search);
    add("/api/search?size=100&q=&type=BC&sort=date", search);
    for (const std::string q : {"plugh", "quux", "777", "09-BC", "Ban Nội chính", "xyzzy",
                                "ban kinh te", "ke hoach trien khai du an", "Nguyễn Văn Bí"}) {
        add("/api/suggest?limit=20&q=" + enc(q), {"suggestions"});
    }
    for (const std::string n : {"152-KH/TU", "777-KH/NCTU", "09-BC/QUUX"}) {
        add("/api/cites?number=" + enc(n), {"carriers", "citing"});
    }
    return out;
}

TEST(Secrecy, SecretDocumentsAreInvisible) {
    RunningServer hidden;
    ServerOptions show_options;
    show_options.show_secret = true;
    RunningServer shown(show_options);
    hidden.wait_for_suggestions();
    shown.wait_for_suggestions();

    // With --show-secret both are there (and prove the test finds them).
    const unsigned mat = id_of(shown, "plughxyzzy", "extra/mat.txt");
    const unsigned tuyet = id_of(shown, "quuxwidget", "extra/tuyet-mat.txt");
    ASSERT_NE(mat, 0u);
    ASSERT_NE(tuyet, 0u);
    EXPECT_EQ(shown.get("/api/documents/" + std::to_string(mat)).js()["meta"]["secrecy"], "MẬT");
    EXPECT_EQ(shown.get("/api/documents/" + std::to_string(mat) + "/file").status, 200);
    const json shown_cites = shown.get("/api/cites?number=" + enc("777-KH/NCTU")).js();
    EXPECT_EQ(shown_cites["carriers"].size(), 1u);

    // Without it: no hits, no counts, no facets, no snippets, no suggestions, no citations.
    for (const auto& [r, payload] : probe_secrets(hidden)) {
        EXPECT_EQ(r.status, 200) << r.body;
        for (const std::string& marker : kSecretMarkers) {
            EXPECT_EQ(payload.find(marker), std::string::npos) << marker << " in " << payload;
        }
        for (const auto& h : r.js().value("hits", json::array())) {
            EXPECT_NE(h["id"], mat);
            EXPECT_NE(h["id"], tuyet);
        }
    }
    // The same questions do find them with --show-secret: the probe looks in the right places.
    std::size_t found = 0;
    for (const auto& [r, payload] : probe_secrets(shown)) {
        for (const std::string& marker : kSecretMarkers) {
            found += payload.find(marker) != std::string::npos;
        }
    }
    EXPECT_GT(found, 10u);
    EXPECT_EQ(hidden.search("q=plughxyzzy")["total"], 0);
    EXPECT_EQ(hidden.search("q=quuxwidget")["total"], 0);
    // Totals and facet counts leave them out: two documents fewer, one plan and one report.
    const json h = hidden.search("q=hien%20ke&size=1");
    const json s = shown.search("q=hien%20ke&size=1");
    EXPECT_EQ(h["total"].get<int>() + 2, s["total"].get<int>());
    auto count = [](const json& r, const std::string& facet, const std::string& value) {
        for (const auto& v : r["facets"][facet]) {
            if (v["value"] == value) return v["count"].get<int>();
        }
        return 0;
    };
    EXPECT_EQ(count(h, "year", "2021") + 2, count(s, "year", "2021"));
    EXPECT_EQ(count(h, "type", "Báo cáo") + 1, count(s, "type", "Báo cáo"));
    const std::string issuer = "BAN NỘI CHÍNH XYZZY – TỈNH ỦY QUẢNG TRỊ";
    EXPECT_EQ(count(shown.search("q=" + enc("coquan:\"nội chính\"")), "issuer", issuer), 1);
    EXPECT_EQ(count(hidden.search("q=" + enc("coquan:\"nội chính\"")), "issuer", issuer), 0);
    // Their ids and files answer 404, like ids that do not exist.
    for (unsigned id : {mat, tuyet}) {
        expect_error(hidden.get("/api/documents/" + std::to_string(id)), 404, "not-found", "doc");
        expect_error(hidden.get("/api/documents/" + std::to_string(id) + "/file"), 404, "not-found",
                     "file");
    }
    // Not carriers, not citing documents, not in a document's cited_by.
    const json cites = hidden.get("/api/cites?number=" + enc("777-KH/NCTU")).js();
    EXPECT_TRUE(cites["carriers"].empty());
    EXPECT_FALSE(cites["found"].get<bool>());
    const unsigned plan = id_of(hidden, "so:152-KH/TU", "archive/tinh-uy-dak-lak-152-kh-tu.txt");
    const std::string plan_json = hidden.get("/api/documents/" + std::to_string(plan)).body;
    for (const std::string& marker : kSecretMarkers) {
        EXPECT_EQ(plan_json.find(marker), std::string::npos) << marker;
    }
    EXPECT_NE(shown.get("/api/documents/" + std::to_string(plan)).body.find("extra/mat.txt"),
              std::string::npos);
    // A public document citing the secret plan: its citation resolves to nothing.
    const unsigned letter = id_of(hidden, "so:15-CV/VPTU", "extra/cong-van-cong-khai.txt");
    const json doc = hidden.get("/api/documents/" + std::to_string(letter)).js();
    ASSERT_EQ(doc["citations"].size(), 1u);
    EXPECT_EQ(doc["citations"][0]["status"], "not-in-archive");
    EXPECT_TRUE(doc["citations"][0]["document"].is_null());
    const json doc_shown = shown.get("/api/documents/" + std::to_string(letter)).js();
    EXPECT_EQ(doc_shown["citations"][0]["status"], "found");
    EXPECT_EQ(doc_shown["citations"][0]["document"]["id"], mat);
    // Even the number of documents.
    EXPECT_EQ(hidden.get("/healthz").js()["documents"].get<int>() + 2,
              shown.get("/healthz").js()["documents"].get<int>());
    EXPECT_EQ(hidden.server().documents() + 2, shown.server().documents());
}

// ---------------------------------------------------------------------------------------------
// Token, page, health, metrics, log

TEST(Access, BearerToken) {
    TempDir dir;
    write_file(dir.path() / "token", "  s3cret-token-value \n second line ignored\n");
    ServerOptions options;
    options.token_file = dir.path() / "token";
    RunningServer s(options);
    const Reply missing = s.get("/api/search?q=hien");
    expect_error(missing, 401, "unauthorized", "missing");
    EXPECT_TRUE(missing.header("WWW-Authenticate").starts_with("Bearer"));
    expect_error(s.get("/api/search?q=hien", {{"Authorization", "Bearer wrong"}}), 401,
                 "unauthorized", "wrong");
    expect_error(s.get("/api/search?q=hien", {{"Authorization", "Bearer s3cret-token-valu"}}), 401,
                 "unauthorized", "prefix");
    expect_error(s.get("/api/search?q=hien", {{"Authorization", "Basic s3cret-token-value"}}), 401,
                 "unauthorized", "scheme");
    expect_error(s.get("/api/nothing"), 401, "unauthorized", "unknown api route");
    expect_error(s.get("/metrics"), 401, "unauthorized", "metrics");
    EXPECT_EQ(s.get("/api/search?q=hien", {{"Authorization", "Bearer s3cret-token-value"}}).status,
              200);
    EXPECT_EQ(
        s.get("/api/search?q=hien", {{"Authorization", "bearer  s3cret-token-value "}}).status,
        200);
    EXPECT_EQ(s.get("/metrics", {{"Authorization", "Bearer s3cret-token-value"}}).status, 200);
    // The page and the health check stay open.
    EXPECT_EQ(s.get("/").status, 200);
    EXPECT_EQ(s.get("/healthz").status, 200);

    write_file(dir.path() / "empty", "\n");
    options.token_file = dir.path() / "empty";
    options.index_dir = corpus().index;
    options.port = 0;
    EXPECT_THROW(Server(options, std::cerr), std::runtime_error);
    options.token_file = dir.path() / "missing";
    EXPECT_THROW(Server(options, std::cerr), std::runtime_error);
}

TEST(Page, EmbeddedFilesWithETags) {
    RunningServer s;
    const Reply index = s.get("/");
    ASSERT_EQ(index.status, 200);
    EXPECT_EQ(index.header("Content-Type"), "text/html; charset=utf-8");
    EXPECT_EQ(index.body, read_file(kSource / "server" / "web" / "index.html"));
    const std::string etag = index.header("ETag");
    EXPECT_FALSE(etag.empty());
    EXPECT_EQ(index.header("Cache-Control"), "no-cache");
    EXPECT_EQ(s.get("/", {{"If-None-Match", etag}}).status, 304);
    EXPECT_EQ(s.get("/index.html").body, index.body);
    const Reply js = s.get("/app.js");
    EXPECT_EQ(js.status, 200);
    EXPECT_EQ(js.header("Content-Type"), "text/javascript; charset=utf-8");
    EXPECT_EQ(s.get("/style.css").header("Content-Type"), "text/css; charset=utf-8");
    expect_error(s.get("/web/app.js"), 404, "not-found", "not a page file");
}

TEST(Health, DocumentsAndRevision) {
    RunningServer s;
    const json h = s.get("/healthz").js();
    EXPECT_EQ(h["status"], "ok");
    EXPECT_GT(h["documents"].get<int>(), 40);
    EXPECT_GE(h["revision"].get<int>(), 1);
    ServerOptions missing;
    missing.index_dir = "/nonexistent/index";
    EXPECT_THROW(RunningServer{missing}, std::runtime_error);
}

TEST(Http, MalformedRequestsGetJsonToo) {
    RunningServer s;
    struct Case {
        std::string request;
        std::vector<int> statuses;
    };
    const std::string long_header(20000, 'a');
    const std::string long_target(9000, 'a');
    for (const Case& c : std::vector<Case>{
             {"GARBAGE\r\n\r\n", {400}},
             {"GET\r\n\r\n", {400}},
             {"GET / HTTP/9.9\r\nHost: x\r\n\r\n", {400, 505}},
             {"BREW /api/search HTTP/1.1\r\nHost: x\r\n\r\n", {400, 405}},
             {"TRACE /api/search HTTP/1.1\r\nHost: x\r\n\r\n", {400, 405}},
             {"GET /api/search?q=" + long_target + " HTTP/1.1\r\nHost: x\r\n\r\n", {414}},
             {"GET /healthz HTTP/1.1\r\nX-Big: " + long_header + "\r\n\r\n", {400, 431}},
             {"POST /api/search HTTP/1.1\r\nHost: x\r\nContent-Length: 100000000\r\n\r\nabc",
              {413}},
             {"GET /healthz HTTP/1.1\r\nRange: bytes=zz\r\n\r\n", {416, 200}},
         }) {
        const std::string answer = raw(s.port(), c.request);
        const int status = raw_status(answer);
        EXPECT_TRUE(std::find(c.statuses.begin(), c.statuses.end(), status) != c.statuses.end())
            << c.request.substr(0, 60) << ": " << answer.substr(0, 200);
        if (status >= 400) {
            EXPECT_TRUE(raw_json(answer).contains("error"))
                << c.request.substr(0, 60) << ": " << answer.substr(0, 300);
        }
    }
    // A Range on a JSON answer is ignored rather than cutting the JSON.
    const Reply ranged = s.get("/healthz", {{"Range", "bytes=0-3"}});
    EXPECT_EQ(ranged.status, 200);
    EXPECT_TRUE(ranged.js().is_object());
}

TEST(Metrics, CountsLatenciesAndIndex) {
    RunningServer s;
    (void)s.search("q=hien%20ke");
    (void)s.get("/api/search?size=0");
    (void)s.get("/nothing");
    const std::vector<std::string> lines = {
        "vanthu_http_requests_total{route=\"search\",status=\"200\"} 1",
        "vanthu_http_requests_total{route=\"search\",status=\"400\"} 1",
        "vanthu_http_requests_total{route=\"other\",status=\"404\"} 1",
        "vanthu_http_request_duration_seconds_bucket{route=\"search\",le=\"+Inf\"} 2",
        "vanthu_http_request_duration_seconds_count{route=\"search\"} 2",
        "# TYPE vanthu_http_request_duration_seconds histogram",
        "vanthu_index_documents ",
        "vanthu_index_revision ",
        "vanthu_index_reopens_total 0"};
    auto all_there = [&](const std::string& body) {
        return std::all_of(lines.begin(), lines.end(), [&](const std::string& line) {
            return body.find(line) != std::string::npos;
        });
    };
    // A request is counted once its answer has been sent, so the client may ask for the
    // metrics a moment before its last request is in them: asked again for up to 5 s.
    Reply m = s.get("/metrics");
    for (int i = 0; i < 50 && m.status == 200 && !all_there(m.body); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        m = s.get("/metrics");
    }
    ASSERT_EQ(m.status, 200);
    EXPECT_TRUE(m.header("Content-Type").starts_with("text/plain; version=0.0.4"));
    for (const std::string& line : lines) {
        EXPECT_NE(m.body.find(line), std::string::npos) << line << "\n" << m.body;
    }
}

TEST(Log, OneLinePerRequestUnlessQuiet) {
    {
        RunningServer s;
        (void)s.get("/api/search?q=hien%20ke&size=2");
        (void)s.get("/api/search?q=%FF");
        const std::string log = s.log();
        const std::regex line(
            R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z 127\.0\.0\.1 GET /api/search\?q=hien%20ke&size=2 200 \d+ \d+\.\dms)");
        EXPECT_TRUE(std::regex_search(log, line)) << log;
        EXPECT_NE(log.find("GET /api/search?q=%FF 400 "), std::string::npos) << log;
    }
    {
        ServerOptions quiet;
        quiet.access_log = false;
        RunningServer s(quiet);
        (void)s.get("/api/search?q=hien%20ke");
        EXPECT_EQ(s.log(), "");
    }
}

// ---------------------------------------------------------------------------------------------
// Reopen: a commit is seen by the next request; a writer in progress is not.

TEST(Reopen, NextRequestSeesTheLastCommit) {
    TempDir dir;
    const fs::path a = dir.path() / "a";
    const fs::path b = dir.path() / "b";
    const fs::path idx = dir.path() / "index";
    fs::create_directories(a);
    fs::copy_file(kSource / "corpus" / "seeds" / "000.txt", a / "000.txt");
    write_file(
        b / "moi.txt",
        "ỦY BAN NHÂN DÂN TỈNH AN GIANG\n\nSố: 4321/KH-UBND\n\nAn Giang, ngày 02 tháng 3 "
        "năm 2023\n\nKẾ HOẠCH\nvề việc lateword được lập chỉ mục sau\n\nNội dung lateword.\n");
    (void)build_index({a}, idx);
    ServerOptions options;
    options.index_dir = idx;
    RunningServer s(options);
    // One kept-alive connection: the same worker, whose handle is reopened.
    auto client = make_client(s.port());
    client.set_keep_alive(true);
    auto ask = [&](const std::string& target) { return to_reply(client.Get(target)).js(); };
    const json before = ask("/healthz");
    EXPECT_EQ(before["documents"], 1);
    EXPECT_EQ(ask("/api/search?q=lateword")["total"], 0);

    (void)build_index({a, b}, idx);
    EXPECT_EQ(ask("/api/search?q=lateword")["total"], 1);
    const json after = ask("/healthz");
    EXPECT_EQ(after["documents"], 2);
    EXPECT_GT(after["revision"].get<int>(), before["revision"].get<int>());
    const std::string metrics = to_reply(client.Get("/metrics")).body;
    EXPECT_NE(metrics.find("vanthu_index_reopens_total 1\n"), std::string::npos) << metrics;
    EXPECT_NE(metrics.find("vanthu_index_documents 2\n"), std::string::npos) << metrics;
    // The suggestions catch up in the background.
    bool suggested = false;
    for (int i = 0; i < 600 && !suggested; ++i) {
        suggested = s.get("/api/suggest?q=4321").body.find("4321/KH-UBND") != std::string::npos;
        if (!suggested) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    EXPECT_TRUE(suggested);

    // A writer holding the lock with changes not committed: the server answers from the last
    // commit.
    {
        Xapian::WritableDatabase writer(idx.string(), Xapian::DB_OPEN);
        writer.begin_transaction(false);
        Xapian::Document doc;
        doc.add_term("uncommittedword");
        doc.set_data("{}");
        writer.add_document(doc);
        writer.delete_document(1);
        EXPECT_EQ(s.get("/healthz").js()["documents"], 2);
        EXPECT_EQ(s.search("q=uncommittedword")["total"], 0);
        EXPECT_EQ(s.search("q=lateword")["total"], 1);
        EXPECT_EQ(s.search("q=hien%20ke")["total"], 1);
        writer.cancel_transaction();
    }
    EXPECT_EQ(s.search("q=hien%20ke")["total"], 1);
}

// A real indexer (the binary, in its own process) adds documents in small commits and is
// killed with SIGKILL in the middle: the server answers every request meanwhile, from one commit
// or the next, never fewer documents than before, and catches up with the last commit.
TEST(Reopen, ServesThroughAnIndexRunKilledMidway) {
    TempDir dir;
    const fs::path seed = dir.path() / "seed";
    const fs::path tree = dir.path() / "tree";
    const fs::path idx = dir.path() / "index";
    fs::create_directories(seed);
    fs::copy_file(kSource / "corpus" / "seeds" / "000.txt", seed / "000.txt");
    constexpr int kFiles = 400;
    for (int k = 1; k <= kFiles; ++k) {
        write_file(tree / ("vb" + std::to_string(k) + ".txt"),
                   "ỦY BAN NHÂN DÂN TỈNH AN GIANG\n\nSố: " + std::to_string(k) +
                       "/KH-UBND\n\nKế hoạch tuyên truyền đợt " + std::to_string(k) + ".\n");
    }
    (void)build_index({seed}, idx);
    ServerOptions options;
    options.index_dir = idx;
    options.threads = 4;
    RunningServer s(options);

    std::atomic<bool> stop{false};
    std::atomic<int> answered{0};
    std::atomic<int> failed{0};
    std::atomic<int> went_back{0};
    std::string first_failure;  // written by the poller only, read after it is joined
    std::thread poller([&] {
        int last = 0;
        while (!stop.load()) {
            const Reply health = s.get("/healthz");
            const Reply hit = s.get("/api/search?facets=0&q=hien%20ke");
            if (health.status != 200 || hit.status != 200 || hit.js()["total"] != 1) {
                if (failed++ == 0) {
                    first_failure = std::to_string(health.status) + " " + health.body + " / " +
                                    std::to_string(hit.status) + " " + hit.body;
                }
                continue;
            }
            const int now = health.js()["documents"].get<int>();
            if (now < last) ++went_back;
            last = now;
            ++answered;
        }
    });

    auto spawn_indexer = [&] {
        std::vector<std::string> args = {
            kBinary.string(), "index", seed.string(), tree.string(), "--index",      idx.string(),
            "--batch",        "10",    "--jobs",      "1",           "--no-progress"};
        std::vector<char*> argv;
        for (auto& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
        posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
        pid_t pid = 0;
        EXPECT_EQ(posix_spawn(&pid, kBinary.c_str(), &actions, nullptr, argv.data(), environ), 0);
        posix_spawn_file_actions_destroy(&actions);
        return pid;
    };
    auto committed = [&] { return Xapian::Database(idx.string()).get_doccount(); };

    // Killed once some commits are in, before the last one.
    const pid_t pid = spawn_indexer();
    for (int i = 0; i < 3000 && committed() < 60; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    ::kill(pid, SIGKILL);
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    const Xapian::doccount after_kill = committed();
    EXPECT_GE(after_kill, 60u);
    // The next request sees the last commit.
    EXPECT_EQ(s.get("/healthz").js()["documents"].get<Xapian::doccount>(), after_kill);
    EXPECT_EQ(s.search("facets=0&q=" + enc("1/KH-UBND"))["total"], 1);

    // A run to the end: everything.
    const pid_t again = spawn_indexer();
    ASSERT_EQ(::waitpid(again, &status, 0), again);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
    EXPECT_EQ(s.get("/healthz").js()["documents"], kFiles + 1);
    EXPECT_EQ(s.search("facets=0&q=" + enc(std::to_string(kFiles) + "/KH-UBND"))["total"], 1);
    stop = true;
    poller.join();
    if (failed.load() != 0) {
        ADD_FAILURE() << failed.load() << " failed, the first: " << first_failure << "\n"
                      << s.log();
    }
    EXPECT_EQ(went_back.load(), 0);
    EXPECT_GT(answered.load(), 0);
}

// ---------------------------------------------------------------------------------------------
// A short flood of bad and slow requests: the server keeps answering the good ones.

TEST(Flood, GoodRequestsStillAnswered) {
    ServerOptions options;
    options.threads = 16;
    options.access_log = false;
    options.read_timeout = 1.0;
    RunningServer s(options);
    const int total = s.search("q=hien%20ke&facets=0")["total"];
    std::atomic<bool> done{false};
    std::vector<std::thread> attackers;
    const int port = s.port();
    const std::vector<std::string> junk = {
        "GARBAGE\r\n\r\n",
        "GET /api/search?q=%FF HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET /api/search?q=" + std::string(2000, 'x') + " HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET /api/documents/..%2f..%2fetc/file HTTP/1.1\r\nHost: x\r\n\r\n",
        "POST /api/search HTTP/1.1\r\nContent-Length: 5000\r\n\r\n" + std::string(5000, 'p'),
        "GET /api/search?q=(((( HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET /api/search?q=a&q=b HTTP/1.1\r\nHost: x\r\n\r\n",
    };
    for (int t = 0; t < 4; ++t) {
        attackers.emplace_back([&, t] {
            for (std::size_t i = t; !done; ++i) (void)raw(port, junk[i % junk.size()], 3000);
        });
    }
    // Slow clients: a request line dribbled out a byte at a time, then abandoned.
    for (int t = 0; t < 4; ++t) {
        attackers.emplace_back([&] {
            while (!done) {
                const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
                sockaddr_in addr{};
                addr.sin_family = AF_INET;
                addr.sin_port = htons(static_cast<std::uint16_t>(port));
                addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
                if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
                    const std::string slow = "GET /api/search?q=hien HTTP/1.1\r\n";
                    for (std::size_t i = 0; i < slow.size() && !done; ++i) {
                        (void)::send(fd, slow.data() + i, 1, MSG_NOSIGNAL);
                        std::this_thread::sleep_for(std::chrono::milliseconds(100));
                    }
                }
                ::close(fd);
            }
        });
    }
    const auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(2500);
    int checked = 0;
    while (std::chrono::steady_clock::now() < end) {
        const Reply h = s.get("/healthz");
        EXPECT_EQ(h.status, 200) << h.body;
        const json r = s.search("q=hien%20ke&facets=0");
        EXPECT_EQ(r["total"], total);
        ++checked;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    done = true;
    for (auto& t : attackers) t.join();
    EXPECT_GT(checked, 0);
    EXPECT_EQ(s.get("/healthz").status, 200);
    EXPECT_EQ(s.search("q=hien%20ke&facets=0")["total"], total);
    const std::string metrics = s.get("/metrics").body;
    EXPECT_EQ(metrics.find("status=\"500\""), std::string::npos) << metrics;
}

// ---------------------------------------------------------------------------------------------
// The real binary: `vanthu serve --port 0` says where it listens, and stops on SIGTERM.

TEST(Binary, ServeReadyLineAndSigterm) {
    int err[2];
    ASSERT_EQ(::pipe(err), 0);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, err[1], STDERR_FILENO);
    posix_spawn_file_actions_addclose(&actions, err[0]);
    const std::string index_dir = corpus().index.string();
    std::vector<std::string> args = {kBinary.string(), "serve", "--index", index_dir,
                                     "--port",         "0",     "--quiet"};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_t pid = 0;
    ASSERT_EQ(posix_spawn(&pid, kBinary.c_str(), &actions, nullptr, argv.data(), environ), 0);
    posix_spawn_file_actions_destroy(&actions);
    ::close(err[1]);

    std::string out;
    const std::regex ready(
        R"(vanthu: serving (.+) \((\d+) documents\) on http://127\.0\.0\.1:(\d+)/\n)");
    std::smatch m;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (!std::regex_search(out, m, ready) && std::chrono::steady_clock::now() < deadline) {
        pollfd p{err[0], POLLIN, 0};
        if (::poll(&p, 1, 1000) <= 0) continue;
        char buffer[1024];
        const ssize_t n = ::read(err[0], buffer, sizeof buffer);
        if (n <= 0) break;
        out.append(buffer, static_cast<std::size_t>(n));
    }
    ASSERT_TRUE(std::regex_search(out, m, ready)) << out;
    EXPECT_EQ(m[1].str(), index_dir);
    EXPECT_GT(std::stoi(m[2].str()), 40);
    const int port = std::stoi(m[3].str());
    EXPECT_EQ(get(port, "/healthz").status, 200);
    EXPECT_GT(get(port, "/api/search?q=hien%20ke").js()["total"].get<int>(), 0);

    ::kill(pid, SIGTERM);
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    ::close(err[0]);
    EXPECT_TRUE(WIFEXITED(status)) << status;
    EXPECT_EQ(WEXITSTATUS(status), 0);
}

}  // namespace
