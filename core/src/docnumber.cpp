#include "vanthu/core/docnumber.hpp"

#include <unicode/uchar.h>

#include <algorithm>

#include "vanthu/core/text.hpp"
#include "vanthu/core/utf8.hpp"
#include "vanthu/core/vocabulary.hpp"
#include "vietnamese.hpp"

namespace vanthu::core {

namespace {

// Document number codes use ASCII letters, digits, '&', ',' and the letter Đ/đ (U+0110/0111,
// UTF-8 C4 90 / C4 91). Nothing else: a vowel with a tone mark means we ran into a word.
constexpr unsigned char kLead = 0xC4;
constexpr unsigned char kDUpper = 0x90;
constexpr unsigned char kDLower = 0x91;

constexpr std::size_t kMaxSerialDigits = 6;
constexpr std::size_t kMaxStraySpaces = 2;

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_lower(char c) { return c >= 'a' && c <= 'z'; }

class Scanner {
  public:
    Scanner(std::string_view text, ScanMode mode) : m_text(text), m_mode(mode) {}

    // Parses a number whose serial starts at `pos`. Returns the end offset, or npos.
    std::size_t parse_at(std::size_t pos, DocNumber& out) const {
        std::size_t p = pos;
        std::size_t digits = 0;
        while (p < m_text.size() && is_digit(m_text[p])) {
            ++p;
            ++digits;
        }
        if (digits == 0 || digits > kMaxSerialDigits) return npos;
        out = DocNumber{};
        out.number.assign(m_text.substr(pos, digits));

        std::size_t q = skip_spaces(p);
        if (q >= m_text.size()) return npos;
        std::vector<char> seps;  // separator written before each code
        if (m_text[q] == '-' && q + 1 < m_text.size() && m_text[q + 1] == '/') {
            // "77-/STTTT": OCR lost the type code; read it as N/ISSUER.
            out.family = NumberFamily::State;
            q += 2;
        } else if (m_text[q] == '/') {
            out.family = NumberFamily::State;
            q += 1;
        } else if (m_text[q] == '-') {
            out.family = NumberFamily::Party;
            q += 1;
        } else {
            return npos;
        }
        std::size_t gap = count_gap_after_separator(q);
        q += gap;
        bool wrapped = gap > 0 && m_text.substr(q - gap, gap).find('\n') != std::string_view::npos;

        // Normative documents: N/YYYY/TYPE-ISSUER.
        if (out.family == NumberFamily::State && q + 4 < m_text.size() &&
            std::all_of(m_text.begin() + static_cast<std::ptrdiff_t>(q),
                        m_text.begin() + static_cast<std::ptrdiff_t>(q + 4), is_digit) &&
            (m_text.compare(q, 2, "19") == 0 || m_text.compare(q, 2, "20") == 0)) {
            std::size_t r = skip_spaces(q + 4);
            if (r < m_text.size() && (m_text[r] == '/' || m_text[r] == '-')) {
                out.year.assign(m_text.substr(q, 4));
                gap = count_gap_after_separator(r + 1);
                wrapped = m_text.substr(r + 1, gap).find('\n') != std::string_view::npos;
                q = r + 1 + gap;
            }
        }

        // After a line wrap ("05-" / "CT/TW" in PDF text) only a clean code continues it.
        std::size_t code_end = read_code(q, /*clean=*/wrapped);
        if (code_end == npos) return npos;
        out.codes.emplace_back(m_text.substr(q, code_end - q));
        std::size_t end = code_end;

        // Further codes: "-UBND", "/TU", "-VP-KT"; stray spaces only before a clean code.
        while (end < m_text.size()) {
            std::size_t s = end;
            std::size_t spaces_before = count_spaces(s);
            s += spaces_before;
            if (s >= m_text.size() || (m_text[s] != '-' && m_text[s] != '/')) break;
            const char sep = m_text[s];
            std::size_t c = s + 1;
            std::size_t spaces_after = count_gap_after_separator(c);
            c += spaces_after;
            const bool stray = spaces_before + spaces_after > 0;
            std::size_t e = read_code(c, stray);
            if (e == npos) break;
            seps.push_back(sep);
            out.codes.emplace_back(m_text.substr(c, e - c));
            end = e;
        }
        if (!followed_by_boundary(end)) return npos;
        if (out.family == NumberFamily::Party && out.codes.size() < 2) return npos;
        std::size_t letters = 0;
        for (const auto& code : out.codes) {
            for (char ch : code) {
                if (is_upper(ch) || is_lower(ch) || static_cast<unsigned char>(ch) == kLead) {
                    ++letters;
                }
            }
        }
        if (letters < 2) return npos;
        build_forms(out, seps);
        return end;
    }

    static constexpr std::size_t npos = std::string_view::npos;

  private:
    std::size_t skip_spaces(std::size_t p) const { return p + count_spaces(p); }

    std::size_t count_spaces(std::size_t p) const {
        std::size_t k = 0;
        while (p + k < m_text.size() && m_text[p + k] == ' ' && k <= kMaxStraySpaces) ++k;
        return k > kMaxStraySpaces ? 0 : k;
    }

    // Spaces after a separator, with at most one line break among them: PDF text wraps long
    // numbers after their '-' or '/'.
    std::size_t count_gap_after_separator(std::size_t p) const {
        std::size_t k = 0;
        bool newline = false;
        while (p + k < m_text.size() && k <= kMaxStraySpaces) {
            const char c = m_text[p + k];
            if (c == '\n' && !newline) {
                newline = true;
            } else if (c != ' ') {
                break;
            }
            ++k;
        }
        return k > kMaxStraySpaces ? 0 : k;
    }

    // A code: starts with a letter, then letters, digits, '&' and ',' (a comma only when a
    // letter follows at once: "XDCQ,CTTN&BĐG", not "TU, ngày"). Returns its end or npos.
    // In text mode codes must look like codes: upper case dominates ("NgV", "TTr", "QĐi");
    // `clean` (after stray spaces) asks for capitals and digits only.
    std::size_t read_code(std::size_t p, bool clean) const {
        std::size_t q = p;
        std::size_t upper = 0;
        std::size_t lower = 0;
        bool first = true;
        while (q < m_text.size()) {
            const char c = m_text[q];
            const auto uc = static_cast<unsigned char>(c);
            if (is_upper(c)) {
                ++upper;
                ++q;
            } else if (is_lower(c)) {
                ++lower;
                ++q;
            } else if (uc == kLead && q + 1 < m_text.size() &&
                       (static_cast<unsigned char>(m_text[q + 1]) == kDUpper ||
                        static_cast<unsigned char>(m_text[q + 1]) == kDLower)) {
                if (static_cast<unsigned char>(m_text[q + 1]) == kDUpper) {
                    ++upper;
                } else {
                    ++lower;
                }
                q += 2;
            } else if (!first && (is_digit(c) || c == '&')) {
                ++q;
            } else if (!first && c == ',' && q + 1 < m_text.size() && is_upper(m_text[q + 1])) {
                ++q;
            } else {
                break;
            }
            first = false;
        }
        if (q == p) return npos;
        if (m_mode == ScanMode::Text && upper < lower) return npos;
        if (clean && (lower > 0 || upper < 2)) return npos;
        if (m_mode == ScanMode::Text && !is_upper(m_text[p]) &&
            static_cast<unsigned char>(m_text[p]) != kLead) {
            return npos;
        }
        // A code running straight into a non-code letter ("KH/Tỉnh") is part of a word.
        if (!followed_by_boundary(q)) return npos;
        return q;
    }

    bool followed_by_boundary(std::size_t p) const {
        if (p >= m_text.size()) return true;
        const auto d = utf8::decode(m_text, p);
        if (!d.valid) return true;
        const char32_t cp = d.cp;
        if (cp < 0x80) {
            const char c = static_cast<char>(cp);
            return !(is_digit(c) || is_upper(c) || is_lower(c) || c == '_');
        }
        return !u_isalnum(static_cast<UChar32>(cp)) && !vn::is_combining_mark(cp);
    }

    static void build_forms(DocNumber& n, const std::vector<char>& seps) {
        std::string canon = n.number;
        if (n.family == NumberFamily::State) {
            if (!n.year.empty()) canon += "/" + n.year;
            canon += "/";
            for (std::size_t i = 0; i < n.codes.size(); ++i) {
                if (i > 0) canon += '-';  // "QĐ/UBND" written for "QĐ-UBND"
                canon += n.codes[i];
            }
        } else {
            canon += "-" + n.codes[0];
            for (std::size_t i = 1; i < n.codes.size(); ++i) {
                // The first separator after the type code is always '/' in Party numbers.
                canon += (i == 1) ? '/' : seps[i - 1];
                canon += n.codes[i];
            }
        }
        n.canonical = canon;
        split_codes(n);
        std::string serial = n.number;
        const auto nz = serial.find_first_not_of('0');
        serial = nz == std::string::npos ? "0" : serial.substr(nz);
        n.key = lower_text(serial + canon.substr(n.number.size()));
        n.folded_key = fold_text(n.key);
    }

    // Which code is the document type and which name the issuer. A state number's first code
    // is a type only when it is a known type code: "12/UBND-VX" is a công văn of UBND's VX unit.
    static void split_codes(DocNumber& n) {
        std::size_t first_issuer = 0;
        if (n.family == NumberFamily::Party ||
            (n.codes.size() >= 2 && type_name_for_code(n.codes[0]).has_value())) {
            n.type_code = n.codes[0];
            first_issuer = 1;
        }
        const char sep = n.family == NumberFamily::Party ? '/' : '-';
        for (std::size_t i = first_issuer; i < n.codes.size(); ++i) {
            if (i > first_issuer) n.issuer_code += sep;
            n.issuer_code += n.codes[i];
        }
    }

    std::string_view m_text;
    ScanMode m_mode;
};

// True when a serial may start at `pos`: not glued to a word, a decimal or another number.
// "SỐ/853-CV/BTGTU" (the "Số" prefix written with a slash) is the one exception.
bool serial_may_start(std::string_view text, std::size_t pos) {
    if (pos == 0) return true;
    const auto prev = static_cast<unsigned char>(text[pos - 1]);
    if (prev < 0x80) {
        const char c = static_cast<char>(prev);
        if (c == '/') {
            // "Số/", "SỐ/", "số/" just before: U+1ED1 ố = E1 BB 91, U+1ED0 Ố = E1 BB 90.
            if (pos >= 5 && (text[pos - 5] == 'S' || text[pos - 5] == 's') &&
                static_cast<unsigned char>(text[pos - 4]) == 0xE1 &&
                static_cast<unsigned char>(text[pos - 3]) == 0xBB &&
                (static_cast<unsigned char>(text[pos - 2]) == 0x90 ||
                 static_cast<unsigned char>(text[pos - 2]) == 0x91)) {
                return true;
            }
            return false;
        }
        return !(is_digit(c) || is_upper(c) || is_lower(c) || c == '-' || c == '.' || c == ',' ||
                 c == '&' || c == '_');
    }
    // A multi-byte character: find its start and refuse letters ("Đ5").
    std::size_t start = pos - 1;
    while (start > 0 && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) --start;
    const auto d = utf8::decode(text, start);
    if (!d.valid) return true;
    return !u_isalnum(static_cast<UChar32>(d.cp)) && !vn::is_combining_mark(d.cp);
}

}  // namespace

std::vector<NumberMatch> find_doc_numbers(std::string_view text, ScanMode mode) {
    std::vector<NumberMatch> out;
    Scanner scanner(text, mode);
    std::size_t i = 0;
    while (i < text.size()) {
        if (!is_digit(text[i])) {
            ++i;
            continue;
        }
        if (serial_may_start(text, i)) {
            DocNumber n;
            const std::size_t end = scanner.parse_at(i, n);
            if (end != Scanner::npos) {
                out.push_back({i, end, std::move(n)});
                i = end;
                continue;
            }
        }
        while (i < text.size() && is_digit(text[i])) ++i;
    }
    return out;
}

std::optional<DocNumber> parse_doc_number(std::string_view input) {
    const std::string text = normalize_text(input);
    std::string_view s = text;
    auto trim = [](std::string_view v) {
        while (!v.empty() && (v.front() == ' ' || v.front() == '\t' || v.front() == '\n')) {
            v.remove_prefix(1);
        }
        while (!v.empty() && (v.back() == ' ' || v.back() == '\t' || v.back() == '\n' ||
                              v.back() == '.' || v.back() == ',' || v.back() == ';')) {
            v.remove_suffix(1);
        }
        return v;
    };
    s = trim(s);
    // Prefixes: "Số:", "Số", "SỐ/", "So:" (typed without diacritics).
    for (std::string_view prefix : {"Số", "SỐ", "số", "So", "SO", "so"}) {
        if (s.substr(0, prefix.size()) == prefix && s.size() > prefix.size()) {
            std::string_view rest = s.substr(prefix.size());
            if (rest.front() == ':' || rest.front() == '/' || rest.front() == ' ' ||
                is_digit(rest.front())) {
                if (rest.front() == ':' || rest.front() == '/') rest.remove_prefix(1);
                s = trim(rest);
            }
            break;
        }
    }
    if (s.empty() || !is_digit(s.front())) return std::nullopt;
    Scanner scanner(s, ScanMode::Query);
    DocNumber n;
    const std::size_t end = scanner.parse_at(0, n);
    if (end == Scanner::npos || end != s.size()) return std::nullopt;
    return n;
}

}  // namespace vanthu::core
