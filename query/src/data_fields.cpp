// Reading a hit's fields out of its stored data without parsing all of it (data_fields.hpp).
#include "data_fields.hpp"

#include <cmath>
#include <cstdlib>
#include <initializer_list>
#include <string>
#include <utility>

#include "vanthu/core/text.hpp"
#include "vanthu/core/utf8.hpp"

namespace vanthu::query::detail {
namespace {

// Deeper nesting than the indexer ever writes: left to the full parser.
constexpr int kMaxDepth = 64;

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// A strict reader of JSON text: any step that meets something unexpected returns false, and
// the caller gives up (the full parser then decides).
class Reader {
  public:
    explicit Reader(std::string_view text) : m_text(text) {}

    void space() {
        while (m_at < m_text.size() && (m_text[m_at] == ' ' || m_text[m_at] == '\t' ||
                                        m_text[m_at] == '\n' || m_text[m_at] == '\r')) {
            ++m_at;
            m_spaced = true;
        }
    }
    // Where the reader is, and whether it has met white space between tokens so far.
    [[nodiscard]] std::size_t at() const { return m_at; }
    [[nodiscard]] bool spaced() const { return m_spaced; }
    // Whether the next character (after whitespace) is `c`; taken when it is.
    bool take(char c) {
        space();
        if (m_at < m_text.size() && m_text[m_at] == c) {
            ++m_at;
            return true;
        }
        return false;
    }
    bool next_is(char c) {
        space();
        return m_at < m_text.size() && m_text[m_at] == c;
    }
    [[nodiscard]] bool at_end() {
        space();
        return m_at == m_text.size();
    }

    // A string, decoded into `out` (replacing it) unless out is nullptr.
    bool string(std::string* out) {
        if (!take('"')) return false;
        if (out != nullptr) out->clear();
        while (m_at < m_text.size()) {
            // The run up to the next quote, backslash or control character, in one piece.
            std::size_t end = m_at;
            while (end < m_text.size() && m_text[end] != '"' && m_text[end] != '\\' &&
                   static_cast<unsigned char>(m_text[end]) >= 0x20) {
                ++end;
            }
            if (out != nullptr) out->append(m_text, m_at, end - m_at);
            m_at = end;
            if (m_at == m_text.size()) return false;
            const char c = m_text[m_at++];
            if (c == '"') return true;
            if (c != '\\') return false;  // a control character
            if (!escape(out)) return false;
        }
        return false;
    }

    // Any value, read and dropped.
    bool skip(int depth = 0) {
        if (depth > kMaxDepth) return false;
        space();
        if (m_at == m_text.size()) return false;
        const char c = m_text[m_at];
        if (c == '"') return string(nullptr);
        if (c == '{' || c == '[') {
            ++m_at;
            const char close = c == '{' ? '}' : ']';
            if (take(close)) return true;
            do {
                if (c == '{' && (!string(nullptr) || !take(':'))) return false;
                if (!skip(depth + 1)) return false;
            } while (take(','));
            return take(close);
        }
        return scalar().has_value();
    }

    // A literal or a number; its text.
    std::optional<std::string_view> scalar() {
        space();
        const std::size_t begin = m_at;
        while (m_at < m_text.size() &&
               std::string_view(",}] \t\n\r").find(m_text[m_at]) == std::string_view::npos) {
            ++m_at;
        }
        const std::string_view token = m_text.substr(begin, m_at - begin);
        if (token == "true" || token == "false" || token == "null" ||
            (is_number(token) && is_finite_number(token))) {
            return token;
        }
        return std::nullopt;
    }

    // An object whose string members named in `fields` go to their targets (emptied first,
    // and left empty when the member is not a string); other members are skipped.
    bool object(std::initializer_list<std::pair<std::string_view, std::string*>> fields) {
        for (const auto& [name, target] : fields) target->clear();
        if (!take('{')) return false;
        if (take('}')) return true;
        std::string key;
        do {
            if (!string(&key) || !take(':')) return false;
            std::string* target = nullptr;
            for (const auto& [name, t] : fields) {
                if (key == name) target = t;
            }
            if (target != nullptr && next_is('"')) {
                if (!string(target)) return false;
            } else {
                if (target != nullptr) target->clear();
                if (!skip(1)) return false;
            }
        } while (take(','));
        return take('}');
    }

  private:
    // JSON's number grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
    static bool is_number(std::string_view t) {
        std::size_t i = 0;
        if (i < t.size() && t[i] == '-') ++i;
        if (i == t.size() || !is_digit(t[i])) return false;
        if (t[i] == '0') {
            ++i;
        } else {
            while (i < t.size() && is_digit(t[i])) ++i;
        }
        if (i < t.size() && t[i] == '.') {
            ++i;
            if (i == t.size() || !is_digit(t[i])) return false;
            while (i < t.size() && is_digit(t[i])) ++i;
        }
        if (i < t.size() && (t[i] == 'e' || t[i] == 'E')) {
            ++i;
            if (i < t.size() && (t[i] == '+' || t[i] == '-')) ++i;
            if (i == t.size() || !is_digit(t[i])) return false;
            while (i < t.size() && is_digit(t[i])) ++i;
        }
        return i == t.size();
    }

    // nlohmann::json reads a number that is not a 64-bit integer as a double, and refuses one
    // too large for a double ("1e999"): so must this reader.
    static bool is_finite_number(std::string_view t) {
        const std::size_t digits = t.size() - (t.front() == '-' ? 1 : 0);
        if (digits <= 18 && t.find_first_of(".eE") == std::string_view::npos) return true;
        const std::string copy(t);
        return std::isfinite(std::strtod(copy.c_str(), nullptr));
    }

    std::optional<char32_t> hex4() {
        if (m_at + 4 > m_text.size()) return std::nullopt;
        char32_t v = 0;
        for (int k = 0; k < 4; ++k) {
            const char c = m_text[m_at++];
            v <<= 4;
            if (is_digit(c)) {
                v |= static_cast<char32_t>(c - '0');
            } else if (c >= 'a' && c <= 'f') {
                v |= static_cast<char32_t>(c - 'a' + 10);
            } else if (c >= 'A' && c <= 'F') {
                v |= static_cast<char32_t>(c - 'A' + 10);
            } else {
                return std::nullopt;
            }
        }
        return v;
    }

    // After a backslash.
    bool escape(std::string* out) {
        if (m_at == m_text.size()) return false;
        const char c = m_text[m_at++];
        char plain = 0;
        switch (c) {
            case '"':
            case '\\':
            case '/':
                plain = c;
                break;
            case 'b':
                plain = '\b';
                break;
            case 'f':
                plain = '\f';
                break;
            case 'n':
                plain = '\n';
                break;
            case 'r':
                plain = '\r';
                break;
            case 't':
                plain = '\t';
                break;
            case 'u': {
                auto cp = hex4();
                if (!cp) return false;
                if (*cp >= 0xDC00 && *cp <= 0xDFFF) return false;  // a lone low surrogate
                if (*cp >= 0xD800 && *cp <= 0xDBFF) {
                    if (m_at + 2 > m_text.size() || m_text[m_at] != '\\' ||
                        m_text[m_at + 1] != 'u') {
                        return false;
                    }
                    m_at += 2;
                    auto low = hex4();
                    if (!low || *low < 0xDC00 || *low > 0xDFFF) return false;
                    *cp = 0x10000 + ((*cp - 0xD800) << 10) + (*low - 0xDC00);
                }
                if (out != nullptr) core::utf8::append(*out, *cp);
                return true;
            }
            default:
                return false;
        }
        if (out != nullptr) *out += plain;
        return true;
    }

    std::string_view m_text;
    std::size_t m_at = 0;
    bool m_spaced = false;
};

// "size" as nlohmann::json's is_number_unsigned() sees it: digits only, within 64 bits.
std::uint64_t unsigned_size(std::string_view token) {
    if (token.empty() || token.size() > 20) return 0;
    std::uint64_t v = 0;
    for (char c : token) {
        if (!is_digit(c)) return 0;
        const auto d = static_cast<std::uint64_t>(c - '0');
        if (v > (UINT64_MAX - d) / 10) return 0;  // a float to nlohmann::json
        v = v * 10 + d;
    }
    return v;
}

}  // namespace

std::optional<DataFields> read_data_fields(std::string_view data) {
    // The full parser rejects invalid UTF-8 anywhere in the text.
    if (!core::is_valid_utf8(data)) return std::nullopt;
    DataFields f;
    Reader in(data);
    if (!in.take('{')) return std::nullopt;
    if (!in.take('}')) {
        std::string key;
        do {
            if (!in.string(&key) || !in.take(':')) return std::nullopt;
            std::string* text = nullptr;
            if (key == "path") text = &f.path;
            if (key == "name") text = &f.name;
            if (key == "title") text = &f.title;
            if (key == "number") text = &f.number;
            if (key == "format") text = &f.format;
            if (key == "status") text = &f.status;
            if (key == "date") text = &f.date;
            bool read = false;
            if (text != nullptr) {
                if (in.next_is('"')) {
                    read = in.string(text);
                } else {
                    text->clear();
                    read = in.skip(1);
                }
            } else if (key == "size") {
                f.size = 0;
                if (in.next_is('{') || in.next_is('[') || in.next_is('"')) {
                    read = in.skip(1);
                } else if (auto token = in.scalar()) {
                    f.size = unsigned_size(*token);
                    read = true;
                }
            } else if (key == "error") {
                read = in.next_is('{') ? in.object({{"message", &f.error}})
                                       : (f.error.clear(), in.skip(1));
            } else if (key == "meta") {
                f.has_meta = in.next_is('{');
                const std::size_t begin = in.at();
                read = f.has_meta ? in.object({{"type", &f.meta_type},
                                               {"issuer", &f.meta_issuer},
                                               {"date", &f.meta_date},
                                               {"number", &f.meta_number}})
                                  : in.skip(1);
                if (!f.has_meta) f.meta_type = f.meta_issuer = f.meta_date = f.meta_number = "";
                f.meta_text = f.has_meta ? data.substr(begin, in.at() - begin) : std::string_view();
            } else {
                read = in.skip(1);
            }
            if (!read) return std::nullopt;
        } while (in.take(','));
        if (!in.take('}')) return std::nullopt;
    }
    if (!in.at_end()) return std::nullopt;
    f.compact = !in.spaced();
    return f;
}

}  // namespace vanthu::query::detail
