#pragma once
// Small HTTP helpers shared by the server's files: JSON answers, errors as data, encodings.
#include <httplib.h>

#include <cstdint>
#include <iosfwd>
#include <mutex>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <string_view>

namespace vanthu::server {

inline constexpr const char* kJsonType = "application/json; charset=utf-8";

// A user error: answered as `status` with {"error": code, "detail": detail} (docs/api.md).
// Thrown by the handlers, caught once by the dispatcher.
class ApiError : public std::runtime_error {
  public:
    ApiError(int status, std::string code, const std::string& detail)
        : std::runtime_error(detail), m_status(status), m_code(std::move(code)) {}
    [[nodiscard]] int status() const { return m_status; }
    [[nodiscard]] const std::string& code() const { return m_code; }

  private:
    int m_status;
    std::string m_code;
};

// The index cannot be opened or read (deleted, corrupt, wrong schema): 503.
class IndexUnavailable : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// The log stream (access log and errors), shared by every thread: one whole line at a time.
class Log {
  public:
    explicit Log(std::ostream& out) : m_out(out) {}
    void line(std::string_view text);

  private:
    std::mutex m_mutex;
    std::ostream& m_out;
};

// JSON text; invalid UTF-8 in stored data becomes U+FFFD instead of throwing.
[[nodiscard]] std::string dump_json(const nlohmann::json& j);

void send_json(httplib::Response& res, int status, const nlohmann::json& body);
void send_error(httplib::Response& res, int status, std::string_view code, std::string_view detail);

// The request target as it may go into a log line: at most `max` bytes, every byte that is not
// printable ASCII (controls, escapes, UTF-8) written %XX.
[[nodiscard]] std::string loggable(std::string_view text, std::size_t max);

// RFC 5987 value characters kept, every other byte %XX (for filename*=UTF-8''…).
[[nodiscard]] std::string percent_encode_attr(std::string_view text);

// 64-bit FNV-1a: ETags of the embedded page files.
[[nodiscard]] std::uint64_t fnv1a(std::string_view bytes);

// Equal strings, in a time that depends on the lengths only (bearer tokens).
[[nodiscard]] bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace vanthu::server
