#include "vanthu/core/date.hpp"

#include <unicode/uchar.h>

#include <cctype>
#include <cstdio>

#include "vanthu/core/text.hpp"
#include "vanthu/core/utf8.hpp"

namespace vanthu::core {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n'; }

// Reads 1..max_digits digits at p; returns the count read (0 when none, or too many).
std::size_t read_int(std::string_view s, std::size_t p, std::size_t max_digits, int& value) {
    std::size_t n = 0;
    value = 0;
    while (p + n < s.size() && is_digit(s[p + n])) {
        if (n == max_digits) return 0;
        value = value * 10 + (s[p + n] - '0');
        ++n;
    }
    return n;
}

std::size_t skip_spaces(std::string_view s, std::size_t p) {
    while (p < s.size() && is_space(s[p])) ++p;
    return p;
}

// The word (letters and combining marks) starting at p, folded ("Tháng" -> "thang");
// `end` gets its end.
std::string folded_word_at(std::string_view s, std::size_t p, std::size_t& end) {
    std::size_t q = p;
    while (q < s.size()) {
        auto d = utf8::decode(s, q);
        if (!d.valid) break;
        const auto mask = U_GET_GC_MASK(static_cast<UChar32>(d.cp));
        if (!(mask & (U_GC_L_MASK | U_GC_MN_MASK))) break;
        q += d.length;
    }
    end = q;
    return fold_word(s.substr(p, q - p));
}

bool boundary_before(std::string_view s, std::size_t p) {
    if (p == 0) return true;
    const char c = s[p - 1];
    return !(is_digit(c) || c == '/' || c == '.' || c == '-' || (c >= 'a' && c <= 'z') ||
             (c >= 'A' && c <= 'Z'));
}

bool boundary_after(std::string_view s, std::size_t p) {
    if (p >= s.size()) return true;
    const char c = s[p];
    if (is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return false;
    // "30/10/2020/QĐ" is part of a number, not a date.
    if ((c == '/' || c == '-') && p + 1 < s.size() && !is_space(s[p + 1])) return false;
    return true;
}

// A date whose day starts at p. Returns the end offset or npos.
std::size_t date_at(std::string_view s, std::size_t p, Date& out) {
    constexpr auto npos = std::string_view::npos;
    int day = 0;
    std::size_t n = read_int(s, p, 2, day);
    if (n == 0) return npos;
    std::size_t q = p + n;
    int month = 0;
    int year = 0;
    if (q < s.size() && (s[q] == '/' || s[q] == '-' || s[q] == '.')) {
        // 30/10/2020, 4/3/2020, 30-10-2020, 30.10.2020 (one separator kind throughout)
        const char sep = s[q];
        std::size_t m = read_int(s, q + 1, 2, month);
        if (m == 0) return npos;
        q += 1 + m;
        if (q >= s.size() || s[q] != sep) return npos;
        std::size_t y = read_int(s, q + 1, 4, year);
        if (y != 4) return npos;
        q += 1 + y;
    } else {
        // 30 tháng 10 năm 2020
        q = skip_spaces(s, q);
        std::size_t word_end = 0;
        if (folded_word_at(s, q, word_end) != "thang") return npos;
        q = skip_spaces(s, word_end);
        std::size_t m = read_int(s, q, 2, month);
        if (m == 0) return npos;
        q = skip_spaces(s, q + m);
        if (folded_word_at(s, q, word_end) != "nam") return npos;
        q = skip_spaces(s, word_end);
        std::size_t y = read_int(s, q, 4, year);
        if (y != 4) return npos;
        q += y;
    }
    if (!boundary_after(s, q) || !valid_date(year, month, day)) return npos;
    out = Date{year, month, day};
    return q;
}

}  // namespace

std::string Date::iso() const {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
    return buf;
}

std::string Date::compact() const {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d%02d%02d", year, month, day);
    return buf;
}

bool valid_date(int year, int month, int day) noexcept {
    if (year < 1900 || year > 2100 || month < 1 || month > 12 || day < 1) return false;
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int max = kDays[month - 1];
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    if (month == 2 && leap) max = 29;
    return day <= max;
}

std::vector<DateMatch> find_dates(std::string_view text) {
    std::vector<DateMatch> out;
    std::size_t i = 0;
    while (i < text.size()) {
        if (!is_digit(text[i]) || !boundary_before(text, i)) {
            ++i;
            continue;
        }
        Date d;
        const std::size_t end = date_at(text, i, d);
        if (end == std::string_view::npos) {
            while (i < text.size() && is_digit(text[i])) ++i;
            continue;
        }
        // Take in a preceding "ngày" / "ngay" so the match covers the phrase as written.
        std::size_t begin = i;
        std::size_t back = i;
        while (back > 0 && is_space(text[back - 1])) --back;
        for (std::string_view word : {"ngày", "Ngày", "NGÀY", "ngay", "Ngay", "NGAY"}) {
            if (back >= word.size() && text.substr(back - word.size(), word.size()) == word &&
                (back == word.size() ||
                 !std::isalpha(static_cast<unsigned char>(text[back - word.size() - 1])))) {
                begin = back - word.size();
                break;
            }
        }
        out.push_back({begin, end, d});
        i = end;
    }
    return out;
}

std::optional<Date> parse_date(std::string_view input) {
    const std::string text = normalize_text(input);
    std::string_view s = text;
    while (!s.empty() && (is_space(s.front()) || s.front() == ',')) s.remove_prefix(1);
    while (!s.empty() && (is_space(s.back()) || s.back() == '.' || s.back() == ',')) {
        s.remove_suffix(1);
    }
    // ISO 8601, as typed in ranges: 2020-10-30
    if (s.size() == 10 && s[4] == '-' && s[7] == '-') {
        int y = 0, m = 0, d = 0;
        if (read_int(s, 0, 4, y) == 4 && read_int(s, 5, 2, m) == 2 && read_int(s, 8, 2, d) == 2 &&
            valid_date(y, m, d)) {
            return Date{y, m, d};
        }
        return std::nullopt;
    }
    auto found = find_dates(s);
    if (found.size() != 1 || found[0].begin != 0 || found[0].end != s.size()) return std::nullopt;
    return found[0].date;
}

}  // namespace vanthu::core
