// Small HTTP helpers (see http.hpp).
#include "http.hpp"

#include <algorithm>
#include <ostream>

namespace vanthu::server {

void Log::line(std::string_view text) {
    std::lock_guard lock(m_mutex);
    m_out << text << '\n';
    m_out.flush();
}

std::string dump_json(const nlohmann::json& j) {
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void send_json(httplib::Response& res, int status, const nlohmann::json& body) {
    res.status = status;
    res.set_content(dump_json(body), kJsonType);
}

void send_error(httplib::Response& res, int status, std::string_view code,
                std::string_view detail) {
    send_json(res, status, {{"error", code}, {"detail", detail}});
}

namespace {

constexpr char kHex[] = "0123456789ABCDEF";

void append_escaped(std::string& out, unsigned char c) {
    out += '%';
    out += kHex[c >> 4];
    out += kHex[c & 15];
}

}  // namespace

std::string loggable(std::string_view text, std::size_t max) {
    std::string out;
    for (unsigned char c : text) {
        if (out.size() >= max) {
            out += "...";
            break;
        }
        if (c <= 0x20 || c >= 0x7f || c == '%') {
            // '%' stays as it came: the target is already percent-encoded.
            if (c == '%') {
                out += '%';
            } else {
                append_escaped(out, c);
            }
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

std::string percent_encode_attr(std::string_view text) {
    std::string out;
    for (unsigned char c : text) {
        const bool keep =
            (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            std::string_view("!#$&+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
        if (keep) {
            out += static_cast<char>(c);
        } else {
            append_escaped(out, c);
        }
    }
    return out;
}

std::uint64_t fnv1a(std::string_view bytes) {
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (unsigned char c : bytes) {
        h ^= c;
        h *= 0x100000001b3ULL;
    }
    return h;
}

bool constant_time_equal(std::string_view a, std::string_view b) {
    // Every byte of the longer string is looked at whatever the contents; only the lengths
    // (not secret enough to matter for a random token) change the time.
    const std::size_t n = std::max(a.size(), b.size());
    unsigned char diff = a.size() == b.size() ? 0 : 1;
    for (std::size_t i = 0; i < n; ++i) {
        const unsigned char x = i < a.size() ? static_cast<unsigned char>(a[i]) : 0;
        const unsigned char y = i < b.size() ? static_cast<unsigned char>(b[i]) : 0;
        diff |= static_cast<unsigned char>(x ^ y);
    }
    return diff == 0;
}

}  // namespace vanthu::server
