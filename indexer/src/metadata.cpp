// Reading metadata off the page: the header blocks (issuer, number, place and date, type,
// subject), the footer (recipients, signing block), stamps and the citations in the body.
//
// The extractors give the header blocks in different orders (OCR order, DOCX table cells left
// then right, PDF columns with wrapped lines), so every field is found by what its lines look
// like, not by where they are: only "before the number" (the issuer sits above the number in
// the same column) and "after the type line" (the subject) are positional. See
// docs/metadata.md for the rules and their limits.
#include "vanthu/indexer/metadata.hpp"

#include <unicode/uchar.h>

#include <algorithm>
#include <array>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "vanthu/core/date.hpp"
#include "vanthu/core/docnumber.hpp"
#include "vanthu/core/text.hpp"
#include "vanthu/core/utf8.hpp"
#include "vanthu/core/vocabulary.hpp"

namespace vanthu::indexer {

namespace {

using core::utf8::decode;

// The header is at most this many non-empty lines / bytes from the top; the body starts
// before that in every document we have seen.
constexpr std::size_t kHeaderMaxLines = 40;
constexpr std::size_t kHeaderMaxBytes = 4000;
// "Kính gửi" comes after the header blocks of a letter, a little further down.
constexpr std::size_t kAddresseeMaxLines = 60;
// A line this long is a body paragraph, never a header line or a subject.
constexpr std::size_t kBodyLineBytes = 400;
// The signing block and the recipients are within this many non-empty lines from the end
// (lines that start with a digit, i.e. footnotes that DOCX puts after the body, not counted).
constexpr std::size_t kFooterMaxLines = 80;
// Lines searched for the signer's name when the document has neither position lines nor a
// "Nơi nhận" list.
constexpr std::size_t kBareNameLines = 12;
constexpr std::size_t kMaxSubjectLines = 10;
constexpr std::size_t kMaxSubjectBytes = 1000;
// A trích yếu written as one paragraph can be long; a line after it that is longer than this
// is a paragraph of its own, not a wrapped piece of it (PDF and OCR wraps are short).
constexpr std::size_t kMaxSubjectFirstLineBytes = 1000;
constexpr std::size_t kMaxSubjectWrapBytes = 200;
constexpr std::size_t kMaxIssuerQuoteLines = 6;
constexpr std::size_t kMaxSentenceBytes = 400;
// How far a citation's sentence is looked for on each side of the number.
constexpr std::size_t kSentenceReach = 320;
constexpr std::size_t kMaxIssuerWords = 16;

// ---------------------------------------------------------------------------------------
// Characters and small string helpers

bool is_space(char c) noexcept { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
bool is_ascii_upper(char c) noexcept { return c >= 'A' && c <= 'Z'; }
bool is_ascii_lower(char c) noexcept { return c >= 'a' && c <= 'z'; }

bool cp_upper(char32_t cp) noexcept { return u_isupper(static_cast<UChar32>(cp)) != 0; }
bool cp_lower(char32_t cp) noexcept { return u_islower(static_cast<UChar32>(cp)) != 0; }
bool cp_letter(char32_t cp) noexcept { return u_isalpha(static_cast<UChar32>(cp)) != 0; }
bool cp_mark(char32_t cp) noexcept {
    return (U_GET_GC_MASK(static_cast<UChar32>(cp)) & U_GC_MN_MASK) != 0;
}
bool cp_word(char32_t cp) noexcept { return cp_letter(cp) || cp_mark(cp); }

// Superscript digits: footnote markers in OCR text ("¹ Kế hoạch số …").
bool cp_superscript_digit(char32_t cp) noexcept {
    return cp == 0x00B9 || cp == 0x00B2 || cp == 0x00B3 || (cp >= 0x2070 && cp <= 0x2079);
}

char32_t first_cp(std::string_view s) noexcept { return s.empty() ? 0 : decode(s, 0).cp; }

// Start of the code point that ends just before `pos`.
std::size_t prev_cp_start(std::string_view s, std::size_t pos) noexcept {
    std::size_t p = pos - 1;
    while (p > 0 && (static_cast<unsigned char>(s[p]) & 0xC0) == 0x80 && pos - p < 4) --p;
    return p;
}

// Largest code point boundary <= pos, so that cutting there never splits a character.
std::size_t cp_floor(std::string_view s, std::size_t pos) noexcept {
    if (pos >= s.size()) return s.size();
    while (pos > 0 && (static_cast<unsigned char>(s[pos]) & 0xC0) == 0x80) --pos;
    return pos;
}

std::string_view trim(std::string_view s) noexcept {
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    return s;
}

// A value as it is stored: white space collapsed, markdown emphasis ('*' from the OCR seeds)
// removed, trimmed. '*' never carries meaning in these documents.
std::string clean(std::string_view s) {
    std::string without_stars;
    without_stars.reserve(s.size());
    for (char c : s) {
        if (c != '*') without_stars += c;
    }
    return core::collapse_spaces(without_stars);
}

std::string folded(std::string_view s) { return core::fold_text(s); }

// True when folded text `f` starts with the words `prefix` (not a longer word).
bool starts_with_words(std::string_view f, std::string_view prefix) {
    if (f.substr(0, prefix.size()) != prefix) return false;
    if (f.size() == prefix.size()) return true;
    const char c = f[prefix.size()];
    return !is_ascii_lower(c) && !is_digit(c) && static_cast<unsigned char>(c) < 0x80;
}

// Folded start of a line, enough to recognise the words that open it.
std::string folded_head(std::string_view s, std::size_t bytes = 48) {
    return folded(s.substr(0, cp_floor(s, std::min(bytes, s.size()))));
}

// A line in capitals: at least two upper-case letters and no lower-case one
// ("BAN TUYÊN GIÁO", "KT.CHỦ TỊCH"; not "V/v …", "Số: 12/UBND").
bool is_caps(std::string_view s) {
    std::size_t upper = 0;
    for (std::size_t i = 0; i < s.size();) {
        const auto d = decode(s, i);
        i += d.length;
        if (cp_lower(d.cp)) return false;
        if (cp_upper(d.cp)) ++upper;
    }
    return upper >= 2;
}

bool has_letter(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        const auto d = decode(s, i);
        i += d.length;
        if (cp_letter(d.cp)) return true;
    }
    return false;
}

std::vector<std::string_view> split_words(std::string_view s) {
    std::vector<std::string_view> words;
    std::size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && is_space(s[i])) ++i;
        const std::size_t b = i;
        while (i < s.size() && !is_space(s[i])) ++i;
        if (i > b) words.push_back(s.substr(b, i - b));
    }
    return words;
}

std::string join(const std::vector<std::string>& parts) {
    std::string out;
    for (const auto& p : parts) {
        if (p.empty()) continue;
        if (!out.empty()) out += ' ';
        out += p;
    }
    return out;
}

// Removes list punctuation at the end of an item: "Thường trực Tỉnh ủy;" -> "Thường trực
// Tỉnh ủy".
std::string strip_trailing_punct(std::string s) {
    while (!s.empty() &&
           (s.back() == ';' || s.back() == ',' || s.back() == '.' || is_space(s.back()))) {
        s.pop_back();
    }
    return s;
}

// "I- CÔNG TÁC …", "II. NỘI DUNG", "1. Mục đích", "2.1. Ban …", "3) …", "Điều 1.".
bool is_numbered_heading(std::string_view t) {
    std::size_t i = 0;
    while (i < t.size() && (t[i] == 'I' || t[i] == 'V' || t[i] == 'X' || t[i] == 'L')) ++i;
    if (i > 0 && i <= 6 && i < t.size() &&
        (t[i] == '.' || t[i] == '-' || t[i] == ')' || t[i] == ':') &&
        (i + 1 == t.size() || t[i + 1] == ' ')) {
        return true;
    }
    i = 0;
    for (;;) {
        const std::size_t b = i;
        while (i < t.size() && is_digit(t[i])) ++i;
        if (i == b || i - b > 3) break;
        if (i < t.size() && (t[i] == '.' || t[i] == ')')) {
            ++i;
            if (i == t.size() || t[i] == ' ') return true;
            continue;
        }
        break;
    }
    const std::string f = folded_head(t, 16);
    return starts_with_words(f, "dieu") && f.size() > 5 && is_digit(f[5]);
}

// The first line of the body: a numbered heading, a paragraph that opens with the words
// bodies open with, or a line too long to be part of a header.
bool opens_body_text(std::string_view t) {
    if (is_numbered_heading(t)) return true;
    // A paragraph opens with a capital: "thực hiện …", "xét nghiệm …" in lower case are the
    // wrapped middle of a phrase.
    if (!cp_upper(first_cp(t))) return false;
    const std::string f = folded_head(t);
    for (std::string_view p : {"thuc hien", "can cu", "theo", "xet", "kinh gui", "noi nhan"}) {
        if (starts_with_words(f, p)) return true;
    }
    return false;
}

bool is_body_start(std::string_view t) { return t.size() > kBodyLineBytes || opens_body_text(t); }

// ---------------------------------------------------------------------------------------
// Lines

struct Line {
    std::size_t begin = 0;  // offset of the raw line in the text
    std::string text;       // clean()ed
};

std::vector<Line> split_lines(std::string_view text) {
    std::vector<Line> lines;
    std::size_t b = 0;
    while (b <= text.size()) {
        std::size_t e = text.find('\n', b);
        if (e == std::string_view::npos) e = text.size();
        lines.push_back({b, clean(text.substr(b, e - b))});
        b = e + 1;
    }
    return lines;
}

// ---------------------------------------------------------------------------------------
// Header pieces

// The motto lines of the right-hand header block (possibly wrapped).
// The motto lines of the right-hand block, also wrapped ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT" /
// "NAM"): a line that is the start or the end of a motto. Not any piece of it: "XÃ HỘI" or
// "HỘI" alone are the wrapped end of an issuer ("NGÂN HÀNG CHÍNH SÁCH XÃ" / "HỘI").
bool is_motto(std::string_view t) {
    const std::string f = folded(trim(t));
    if (f.empty()) return false;
    static constexpr std::array<std::string_view, 3> kMottos = {
        "cong hoa xa hoi chu nghia viet nam",
        "dang cong san viet nam",
        "doc lap - tu do - hanh phuc",
    };
    for (std::string_view m : kMottos) {
        if (starts_with_words(m, f)) return true;
        if (m.size() > f.size() && m.substr(m.size() - f.size()) == f &&
            m[m.size() - f.size() - 1] == ' ') {
            return true;
        }
        if (m == f) return true;
    }
    return starts_with_words(f, "doc lap");
}

// "Số: 461/KH-UBND", "Số 01 -BC/BTC", "SỐ/853-CV/BTGTU", or a number alone on its line.
std::optional<core::DocNumber> own_number_in(std::string_view t) {
    // Capital S only: a line starting with "số 22/2003/QH11 …" is a wrapped citation.
    static constexpr std::array<std::string_view, 2> kPrefixes = {"Số", "SỐ"};
    for (auto prefix : kPrefixes) {
        if (t.substr(0, prefix.size()) != prefix) continue;
        std::string_view rest = t.substr(prefix.size());
        // "SỐ/853-CV/BTGTU": a slash right after "Số" only. In a draft's blank number
        // ("Số:      /2021/QĐ-UBND") the slash after the gap belongs to the unfilled serial.
        if (!rest.empty() && rest.front() == '/') rest.remove_prefix(1);
        while (!rest.empty() &&
               (rest.front() == ':' || rest.front() == '.' || rest.front() == ' ')) {
            rest.remove_prefix(1);
        }
        if (rest.empty() || !is_digit(rest.front())) return std::nullopt;
        auto found = core::find_doc_numbers(rest);
        if (!found.empty() && found.front().begin == 0) return found.front().number;
        return std::nullopt;
    }
    if (t.empty() || !is_digit(t.front())) return std::nullopt;
    auto found = core::find_doc_numbers(t);
    if (found.size() != 1 || found.front().begin != 0) return std::nullopt;
    for (std::size_t i = found.front().end; i < t.size(); ++i) {
        if (!is_space(t[i]) && t[i] != '.' && t[i] != ',' && t[i] != ';') return std::nullopt;
    }
    return found.front().number;
}

// A place that can open a place-date line: "Đắk Lắk", "TP. Hồ Chí Minh", "Hà Nội".
bool looks_like_place(std::string_view p) {
    if (p.empty() || p.size() > 48 || !cp_upper(first_cp(p))) return false;
    if (std::any_of(p.begin(), p.end(), is_digit)) return false;
    return split_words(p).size() <= 6;
}

struct PlaceDate {
    std::string place;
    std::string date;
};

// "Đắk Lắk, ngày 30 tháng 10 năm 2020" at line i, the date possibly wrapped onto the next
// lines ("… tháng 10 năm" / "2020").
std::optional<PlaceDate> place_date_at(const std::vector<Line>& lines, std::size_t i) {
    const std::string& t = lines[i].text;
    const std::size_t comma = t.find(',');
    if (comma == std::string::npos) return std::nullopt;
    const std::string_view place = trim(std::string_view(t).substr(0, comma));
    const std::string_view after = trim(std::string_view(t).substr(comma + 1));
    if (!starts_with_words(folded_head(after, 8), "ngay") || !looks_like_place(place)) {
        return std::nullopt;
    }
    std::string candidate(after);
    for (std::size_t k = i + 1, taken = 0; k < lines.size() && taken < 2; ++k) {
        if (lines[k].text.empty()) continue;
        if (lines[k].text.size() > 40) break;
        candidate += ' ';
        candidate += lines[k].text;
        ++taken;
    }
    PlaceDate pd;
    auto dates = core::find_dates(candidate);
    if (!dates.empty() && dates.front().begin == 0) {
        pd.date = dates.front().date.iso();
    } else {
        // A date left blank to be filled in by hand ("ngày    tháng    năm 2024") still
        // gives the place; anything else is not a place-date line.
        const std::string f = folded(after);
        if (f.find("thang") == std::string::npos || f.find("nam") == std::string::npos) {
            return std::nullopt;
        }
    }
    pd.place = std::string(place);
    return pd;
}

// Stamps are lines of their own: "MẬT", "KHẨN", "HỎA TỐC", "LƯU HÀNH NỘI BỘ" …
enum class StampKind { None, Secrecy, Urgency, Other };

std::pair<StampKind, std::string> stamp_of(std::string_view t) {
    // Drop a box drawn around the stamp.
    while (!t.empty() && (t.front() == '[' || t.front() == '(' || t.front() == '|')) {
        t.remove_prefix(1);
    }
    while (!t.empty() && (t.back() == ']' || t.back() == ')' || t.back() == '|' ||
                          t.back() == '.' || t.back() == ' ')) {
        t.remove_suffix(1);
    }
    t = trim(t);
    if (t.empty() || !is_caps(t)) return {StampKind::None, {}};
    static constexpr std::array<std::pair<std::string_view, StampKind>, 10> kStamps = {{
        {"MẬT", StampKind::Secrecy},
        {"TỐI MẬT", StampKind::Secrecy},
        {"TUYỆT MẬT", StampKind::Secrecy},
        {"KHẨN", StampKind::Urgency},
        {"THƯỢNG KHẨN", StampKind::Urgency},
        {"HỎA TỐC", StampKind::Urgency},
        {"HOẢ TỐC", StampKind::Urgency},  // the other tone placement, stored as "HỎA TỐC"
        {"LƯU HÀNH NỘI BỘ", StampKind::Other},
        {"XEM XONG TRẢ LẠI", StampKind::Other},
        {"DỰ THẢO", StampKind::Other},  // a draft's mark, never part of the issuer
    }};
    std::string collapsed = clean(t);
    for (const auto& [name, kind] : kStamps) {
        if (collapsed == name) {
            return {kind, name == "HOẢ TỐC" ? std::string("HỎA TỐC") : std::string(name)};
        }
    }
    return {StampKind::None, {}};
}

// "V/v đẩy mạnh …" -> "đẩy mạnh …"; nullopt when the line is not a V/v line.
std::optional<std::string> vv_subject(std::string_view t) {
    if (t.size() < 3) return std::nullopt;
    const char a = t[0];
    const char c = t[2];
    if (!((a == 'V' || a == 'v') && t[1] == '/' && (c == 'v' || c == 'V'))) return std::nullopt;
    std::string_view rest = t.substr(3);
    if (!rest.empty() && rest.front() != ' ' && rest.front() != ':' && rest.front() != '.') {
        return std::nullopt;
    }
    while (!rest.empty() && (rest.front() == ' ' || rest.front() == ':' || rest.front() == '.')) {
        rest.remove_prefix(1);
    }
    return std::string(rest);
}

bool opens_in_lower_case(std::string_view t) {
    const char32_t c = first_cp(t);
    // "- 2030, giai đoạn I …": a range "2021 - 2030" wrapped before its dash.
    const bool range = t.size() > 2 && t[0] == '-' && t[1] == ' ' && is_digit(t[2]);
    return cp_lower(c) || c == U'(' || c == U'“' || c == U'"' || c == U'[' ||
           (!t.empty() && is_digit(t[0])) || range;
}

// A line that ends a sentence or a clause ("… thiệt hại.", "… như sau:", "… Hiến pháp;",
// "… thiệt hại.1" with a footnote marker): never part of a trích yếu.
bool ends_sentence(std::string_view t) {
    while (!t.empty() && is_digit(t.back())) t.remove_suffix(1);
    if (t.empty()) return false;
    const char last = t.back();
    return last == '.' || last == ':' || last == ';' || last == '!' || last == '?';
}

bool opens_with_place(std::string_view lower);

// A name cut at a line end: "… tỉnh Kiên" / "Giang …" (one syllable of a place name after a
// place word), "… biển Phú" / "Quốc, tỉnh …", "… ủy ban nhân dân tỉnh Kiên" / "Giang".
bool ends_name_cut(std::string_view sofar, std::string_view next) {
    const auto words = split_words(sofar);
    if (words.empty() || !cp_upper(first_cp(words.back())) || is_caps(words.back())) {
        return false;
    }
    const auto next_words = split_words(next);
    if (next_words.size() <= 2) return true;
    const char end_of_first = next_words.front().back();
    if (end_of_first == ',' || end_of_first == ';') return true;
    if (words.size() < 2) return false;
    const std::string before = core::lower_text(words[words.size() - 2]);
    return opens_with_place(before) && before.find(' ') == std::string::npos;
}

// Whether lines[i] carries on subject `sofar` (a wrapped trích yếu) rather than starting the
// body. Wrapped lines open in lower case or with a bracket. A capitalised line ("tỉnh An" /
// "Giang …", "lần thứ" / "XVII và …", "vật nuôi khi" / "Nhà nước …") is a wrap when the block
// it opens, down to a blank line, the body's first line or a line in capitals, holds no
// sentence end and is short: a body paragraph ends its sentences ("Tháng 11/2003, Quốc hội …
// đã ban hành …" in seed 003). At the end of the text nothing is known, so nothing is joined.
bool continues_subject(const std::vector<Line>& lines, std::size_t i, std::string_view sofar) {
    const std::string& next = lines[i].text;
    if (next.empty() || opens_body_text(next)) return false;
    // (Before the test for capitals: "19/2020/QĐ-UBND" ending a subject has no lower case.)
    if (opens_in_lower_case(next)) return next.size() <= kMaxSubjectFirstLineBytes;
    if (is_caps(next) || next.size() > kMaxSubjectWrapBytes || ends_sentence(next)) return false;
    if (ends_name_cut(sofar, next)) return true;
    // "… về dự thảo" / "Nghị quyết về chính sách …": a wrap that names a document ("Hợp đồng
    // là …" opens a sentence instead).
    const auto words = split_words(next);
    if (words.size() >= 3 &&
        core::type_for_name(std::string(words[0]) + " " + std::string(words[1])) &&
        (words[2] == "về" || words[2] == "số" || words[2] == "của")) {
        return true;
    }
    std::size_t bytes = sofar.size() + next.size();
    std::size_t k = i + 1;
    for (; k < lines.size(); ++k) {
        const std::string& t = lines[k].text;
        if (t.empty() || opens_body_text(t) || is_caps(t)) break;
        bytes += t.size();
        if (ends_sentence(t) || bytes > kMaxSubjectBytes) return false;
    }
    return k < lines.size();
}

// ---------------------------------------------------------------------------------------
// Issuer block

bool starts_with_any(std::string_view f, std::initializer_list<std::string_view> words) {
    for (auto w : words) {
        if (starts_with_words(f, w)) return true;
    }
    return false;
}

// Folded words that open the name of a body ("BAN TUYÊN GIÁO", "SỞ …", "ỦY BAN …").
bool opens_body(std::string_view f) {
    return starts_with_any(f, {"ban",        "so",         "phong",     "uy ban",
                               "ubnd",       "hoi dong",   "hdnd",      "van phong",
                               "cuc",        "chi cuc",    "tong cuc",  "trung tam",
                               "dang uy",    "dang bo",    "huyen uy",  "thanh uy",
                               "tinh uy",    "thi uy",     "quan uy",   "bo",
                               "vien",       "truong",     "cong an",   "bo chi huy",
                               "doan",       "hoi",        "lien doan", "lien hiep",
                               "mat tran",   "thanh tra",  "kho bac",   "chi nhanh",
                               "benh vien",  "dai",        "bao",       "toa an",
                               "cong ty",    "quy",        "chi bo",    "tinh doan",
                               "huyen doan", "thanh doan", "bch",       "uy ban mat tran",
                               "thuong truc"});
}

// Place words, compared in lower case with their marks: folded, "QUẢN" (as in "BAN QUẢN LÝ")
// would be "QUẬN".
bool opens_with_place(std::string_view lower) {
    return starts_with_any(
        lower, {"tỉnh", "huyện", "thành phố", "thị xã", "xã", "phường", "quận", "thị trấn"});
}

// A body that already names its place ("TỈNH ỦY ĐẮK LẮK", "UBND TỈNH AN GIANG"): a following
// line that starts with a place word is then a second body, not its continuation.
bool is_complete_body(std::string_view lower) {
    if (starts_with_any(
            lower, {"tỉnh ủy", "tỉnh uỷ", "huyện ủy", "huyện uỷ", "thành ủy", "thành uỷ", "thị ủy",
                    "thị uỷ", "quận ủy", "quận uỷ", "đảng ủy", "đảng uỷ"})) {
        return true;
    }
    const std::string padded = " " + std::string(lower) + " ";
    for (std::string_view place : {" tỉnh ", " huyện ", " thành phố ", " thị xã ", " quận "}) {
        if (padded.find(place) != std::string::npos) return true;
    }
    return false;
}

bool ends_with_connector(std::string_view t) {
    t = trim(t);
    if (t.empty()) return false;
    if (t.back() == '-' || t.back() == ',' || t.back() == '&') return true;
    const auto words = split_words(t);
    return !words.empty() && (words.back() == "VÀ" || words.back() == "và");
}

struct Issuer {
    std::string issuer;
    std::string parent;
};

std::string_view authority_prefix(std::string_view t);

// Groups the capital lines above the number into bodies: one body may be wrapped over
// several lines ("ỦY BAN NHÂN DÂN" / "TỈNH AN GIANG", "SỞ THÔNG TIN VÀ" / "TRUYỀN THÔNG",
// "BAN TỔ CHỨC CUỘC VẬN" / "ĐỘNG"); a line that opens a new body ("BAN TUYÊN GIÁO" under
// "TỈNH ỦY ĐẮK LẮK") starts the next one. A quoted name under a body ("“Hiến kế …”") is part
// of it.
Issuer read_issuer(const std::vector<Line>& lines, std::size_t end, const std::vector<bool>& skip) {
    std::vector<std::string> bodies;
    std::string last_line;  // last capital line of the current body
    bool can_quote = false;
    for (std::size_t i = 0; i < end; ++i) {
        const std::string& t = lines[i].text;
        if (t.empty() || skip[i]) continue;
        const char32_t c = first_cp(t);
        if (can_quote && (c == U'“' || c == U'"') && !bodies.empty()) {
            // The quoted name runs until its closing quote, possibly over several lines.
            std::string quoted = t;
            std::size_t k = i;
            auto closed = [](std::string_view q) {
                return q.find("”") != std::string_view::npos ||
                       std::count(q.begin(), q.end(), '"') >= 2;
            };
            while (!closed(quoted) && k + 1 < end && k + 1 - i < kMaxIssuerQuoteLines &&
                   !lines[k + 1].text.empty() && !is_caps(lines[k + 1].text)) {
                ++k;
                quoted += ' ';
                quoted += lines[k].text;
            }
            bodies.back() += ' ';
            bodies.back() += quoted;
            i = k;
            can_quote = false;
            continue;
        }
        if (!is_caps(t) || is_motto(t) || stamp_of(t).first != StampKind::None ||
            core::type_for_name(t) || !authority_prefix(t).empty()) {
            continue;  // not a body: the signing block of a short document is no issuer
        }
        const std::string f = folded(t);
        const std::string lower = core::lower_text(t);
        bool joins = false;
        if (!bodies.empty() && !last_line.empty()) {
            const std::size_t space = lower.find(' ');
            if (ends_with_connector(last_line)) {
                joins = true;
            } else if (opens_with_place(lower) && !opens_body(f)) {
                joins = !is_complete_body(core::lower_text(bodies.back()));
            } else {
                // A single word is a wrapped end ("MÔI" / "TRƯỜNG"), never a body of its own;
                // nor is a body word followed by a place ("… BIÊN" / "PHÒNG TỈNH AN GIANG").
                const bool place_after =
                    space != std::string::npos && opens_with_place(lower.substr(space + 1));
                joins = !opens_body(f) || space == std::string::npos || place_after;
            }
        }
        if (joins) {
            bodies.back() += ' ';
            bodies.back() += t;
        } else {
            bodies.push_back(t);
        }
        last_line = t;
        can_quote = true;
    }
    Issuer out;
    if (!bodies.empty()) out.issuer = bodies.back();
    if (bodies.size() >= 2) out.parent = bodies[bodies.size() - 2];
    return out;
}

// ---------------------------------------------------------------------------------------
// Lists: "Kính gửi:" and "Nơi nhận:"

bool is_item_line(std::string_view t) {
    if (t.empty()) return false;
    const char32_t c = first_cp(t);
    return c == U'-' || c == U'+' || c == U'•' || c == U'–' || c == U'—';
}

// "- Thường trực Tỉnh ủy," -> "Thường trực Tỉnh ủy"; an OCR'd brace with a note ("- } (để
// b/c)") is no recipient.
std::optional<std::string> clean_item(std::string_view t) {
    if (is_item_line(t)) t.remove_prefix(decode(t, 0).length);
    t = trim(t);
    while (!t.empty() && (t.front() == '}' || t.front() == '{' || t.front() == ' ')) {
        t.remove_prefix(1);
    }
    std::string item = strip_trailing_punct(std::string(trim(t)));
    if (item.empty() || !has_letter(item)) return std::nullopt;
    if (item.front() == '(' && item.back() == ')') return std::nullopt;
    return item;
}

bool ends_item(std::string_view t) {
    t = trim(t);
    return !t.empty() && (t.back() == ';' || t.back() == '.');
}

bool looks_like_name(std::string_view t);

enum class ListKind { Addressees, Recipients };

// What may follow the recipients after the signature: an appendix or an attached text.
bool opens_annex(std::string_view t) {
    if (!is_caps(t)) return false;
    const std::string f = folded_head(t, 24);
    return starts_with_any(f, {"phu luc", "danh muc", "danh sach", "bieu", "mau"}) ||
           core::type_for_name(t).has_value();
}

// Items after a "Kính gửi:" / "Nơi nhận:" label at line `label`. Wrapped items (PDF) are
// joined; in the recipients list the signing block may be interleaved (PDF columns), so
// capital lines and the signer's name are stepped over.
// Joins a wrapped line to the text before it; "…/NQ-" + "HĐND …" closes up again.
void append_wrapped(std::string& text, std::string_view line) {
    const std::size_t n = text.size();
    const bool hyphen_wrap = n >= 2 && text[n - 1] == '-' && !is_space(text[n - 2]) &&
                             !line.empty() && is_ascii_upper(line[0]);
    if (!hyphen_wrap && !text.empty()) text += ' ';
    text += line;
}

std::vector<std::string> read_list(const std::vector<Line>& lines, std::size_t label,
                                   ListKind kind) {
    std::vector<std::string> items;
    std::string last_raw;       // the last item as written, so a wrapped one is joined as written
    bool next_to_item = false;  // the previous non-blank line was the last item (or its wrap)
    bool open = false;          // the last item has not ended with ';' or '.'
    bool blank = false;
    bool first = true;
    auto add = [&](std::string_view t) {
        open = !ends_item(t);
        if (auto item = clean_item(t)) {
            items.push_back(std::move(*item));
            last_raw = std::string(t);
            next_to_item = true;
        } else {
            next_to_item = false;
            open = false;
        }
    };
    auto join_wrapped = [&](std::string_view t) {
        append_wrapped(last_raw, t);
        if (auto item = clean_item(last_raw)) items.back() = std::move(*item);
        open = !ends_item(t);
        next_to_item = true;
    };
    // An item opens with a dash and a capital: "- xã hội trên địa bàn.", "- 2020) tỉnh …"
    // are wrapped lines of running text (a footnote in PDF), not recipients.
    auto is_item = [](std::string_view t) {
        if (!is_item_line(t)) return false;
        std::string_view rest = trim(t.substr(decode(t, 0).length));
        return !rest.empty() && cp_upper(first_cp(rest));
    };
    // Items on the label's own line: "Kính gửi: Sở Tư pháp." / "Nơi nhận: - Như trên;".
    {
        const std::string& t = lines[label].text;
        const std::size_t colon = t.find(':');
        if (colon != std::string::npos) {
            const std::string_view rest = trim(std::string_view(t).substr(colon + 1));
            if (!rest.empty()) {
                add(rest);
                first = false;
            }
        }
    }
    for (std::size_t i = label + 1; i < lines.size(); ++i) {
        const std::string& t = lines[i].text;
        if (t.empty()) {
            blank = true;
            continue;
        }
        const bool short_plain = !is_caps(t) && !is_digit(t[0]) &&
                                 t.size() <= kMaxSubjectWrapBytes && !looks_like_name(t);
        // A wrap right under its item ("- Báo Đắk Lắk, Tạp chí Chư Yang Sin," / "Đài …").
        const bool wraps = next_to_item && !blank && open && short_plain;
        if (is_item(t)) {
            add(t);
        } else if (is_item_line(t)) {
            next_to_item = false;  // a dash but no recipient: "- } (để b/c)", "- 2020) tỉnh …"
            open = false;
        } else if (is_numbered_heading(t) || opens_body_text(t) || opens_annex(t)) {
            break;  // a heading, the body, an appendix
        } else if (kind == ListKind::Addressees) {
            if (wraps) {
                join_wrapped(t);
            } else if (first && !is_caps(t) && !is_digit(t[0]) && t.size() < 160) {
                add(t);  // a single addressee written without a dash
            } else {
                break;
            }
        } else if (wraps || (open && short_plain && opens_in_lower_case(t))) {
            // The second form: the rest of an item after the signing block that a PDF column
            // put in between ("- Cục Kiểm tra … xử lý vi" / "CHỦ TỊCH" / "phạm hành chính …").
            join_wrapped(t);
        } else if (is_caps(t) || looks_like_name(t) || split_words(t).size() <= 3) {
            next_to_item = false;  // the signing block beside the list, the signer's name
        } else {
            // Other text (in PDF the footnotes at the bottom of a page the list runs over):
            // stepped over, and no item continues after it.
            next_to_item = false;
            open = false;
        }
        first = false;
        blank = false;
    }
    return items;
}

// ---------------------------------------------------------------------------------------
// Signing block

// "Huỳnh Thị Chiến Hòa", "Nguyễn Cảnh", "Y Biêr Niê", "H'Yim Kđoh": 2–5 words, each a
// capital followed by lower-case letters; not a line of capitals, not an organisation.
bool looks_like_name(std::string_view t) {
    const auto words = split_words(t);
    if (words.size() < 2 || words.size() > 5) return false;
    bool any_lower = false;
    for (auto w : words) {
        std::size_t i = 0;
        bool first = true;
        bool after_apostrophe = false;
        while (i < w.size()) {
            const auto d = decode(w, i);
            i += d.length;
            if (d.cp == U'\'' || d.cp == U'’') {
                if (first || after_apostrophe) return false;
                after_apostrophe = true;
                continue;
            }
            if (first || after_apostrophe) {
                if (!cp_upper(d.cp)) return false;
                first = false;
                after_apostrophe = false;
                continue;
            }
            if (cp_lower(d.cp)) {
                any_lower = true;
            } else if (!cp_mark(d.cp)) {
                return false;
            }
        }
        if (after_apostrophe) return false;
    }
    if (!any_lower) return false;
    // Compared with their marks: folded, "Đảng" would be "Đặng", "Trường" "Trương", "Tổng"
    // "Tống", "Chủ" "Chu", all of them surnames.
    static constexpr std::array<std::string_view, 40> kNotFirst = {
        "ban",   "sở",   "phòng", "ủy",   "uỷ",   "hội",    "văn", "trung",  "cục",    "bộ",
        "tổng",  "chi",  "đảng",  "công", "cổng", "thường", "nơi", "noi",    "kính",   "tỉnh",
        "huyện", "xã",   "thành", "thị",  "đài",  "báo",    "nhà", "trường", "trưởng", "chủ",
        "phó",   "giám", "như",   "các",  "đã",   "đắk",    "đăk", "việt",   "cộng",   "độc"};
    const std::string first = core::lower_text(words.front());
    return std::find(kNotFirst.begin(), kNotFirst.end(), first) == kNotFirst.end();
}

// "TM.", "KT.", "K/T", "TL.", "TUQ.", "Q." … at the start of a line, as written.
std::string_view authority_prefix(std::string_view t) {
    static constexpr std::array<std::string_view, 13> kPrefixes = {
        "T.U.Q.", "TUQ.", "T.M.", "TM.", "T/M", "K.T.", "KT.",
        "K/T",    "T.L.", "TL.",  "T/L", "Q.",  "KT "};
    for (auto p : kPrefixes) {
        if (t.substr(0, p.size()) != p) continue;
        if (p == "KT ") return "KT";
        if (t.size() == p.size() || t[p.size()] == ' ' || is_ascii_upper(t[p.size()]) ||
            static_cast<unsigned char>(t[p.size()]) >= 0x80) {
            return t.substr(0, p.size());
        }
    }
    return {};
}

// Folding is not used here: "PHÓ" (deputy) and "PHỐ" (street, in "THÀNH PHỐ") fold alike.
bool has_position_word(std::string_view t) {
    const std::string f = " " + core::lower_text(t) + " ";
    for (std::string_view w :
         {" trưởng ", " phó ", " chánh ", " chủ tịch ", " giám đốc ", " bí thư ", " ủy viên ",
          " uỷ viên ", " thủ tướng ", " thư ký ", " chủ nhiệm ", " tổng biên tập ", " chỉ huy "}) {
        if (f.find(w) != std::string::npos) return true;
    }
    return false;
}

struct PositionGroup {
    std::string authority;
    std::string text;
    std::size_t last_line = 0;
};

Signature read_signature(const std::vector<Line>& lines, std::size_t tail_begin,
                         std::optional<std::size_t> recipients_label) {
    std::vector<PositionGroup> groups;
    bool prev_position = false;
    for (std::size_t i = tail_begin; i < lines.size(); ++i) {
        const std::string& t = lines[i].text;
        if (t.empty() || !is_caps(t) || is_numbered_heading(t) || is_motto(t) ||
            stamp_of(t).first != StampKind::None) {
            prev_position = false;
            continue;
        }
        const std::string_view auth = authority_prefix(t);
        if (!auth.empty()) {
            groups.push_back(
                {std::string(auth), clean(std::string_view(t).substr(auth.size())), i});
            prev_position = true;
        } else if (has_position_word(t)) {
            groups.push_back({{}, t, i});
            prev_position = true;
        } else if (prev_position) {
            // A wrapped position: "PHÓ TRƯỞNG BAN TỔ CHỨC" / "CUỘC VẬN ĐỘNG".
            groups.back().text += ' ';
            groups.back().text += t;
            groups.back().last_line = i;
        }
    }

    Signature sig;
    for (const auto& g : groups) {
        if (!g.authority.empty()) sig.authority = g.authority;
    }
    if (!groups.empty()) sig.position = groups.back().text;

    auto last_name_in = [&](std::size_t from, std::size_t to) -> std::optional<std::size_t> {
        std::optional<std::size_t> found;
        for (std::size_t i = from; i < to; ++i) {
            const std::string& t = lines[i].text;
            if (!t.empty() && !is_item_line(t) && looks_like_name(t)) found = i;
        }
        return found;
    };
    std::optional<std::size_t> name;
    if (!groups.empty()) {
        // The name under the signer's position: the first one after it.
        for (std::size_t i = groups.back().last_line + 1; i < lines.size() && !name; ++i) {
            const std::string& t = lines[i].text;
            if (!t.empty() && !is_item_line(t) && looks_like_name(t)) name = i;
        }
    }
    if (!name && recipients_label) name = last_name_in(*recipients_label + 1, lines.size());
    if (!name) {
        std::size_t from = lines.size();
        for (std::size_t seen = 0; from > tail_begin && seen < kBareNameLines; --from) {
            if (!lines[from - 1].text.empty()) ++seen;
        }
        name = last_name_in(from, lines.size());
    }
    if (name) sig.name = lines[*name].text;
    return sig;
}

// ---------------------------------------------------------------------------------------
// Citations

// Offset of the start of the word (letters and marks) that ends at `end`.
std::size_t word_start_before(std::string_view s, std::size_t end) {
    std::size_t p = end;
    while (p > 0) {
        const std::size_t q = prev_cp_start(s, p);
        if (!cp_word(decode(s, q).cp)) break;
        p = q;
    }
    return p;
}

// Steps back over white space, but not over a blank line.
std::size_t skip_space_back(std::string_view s, std::size_t p) {
    int newlines = 0;
    while (p > 0 && is_space(s[p - 1])) {
        if (s[p - 1] == '\n' && ++newlines > 1) break;
        --p;
    }
    return p;
}

std::size_t skip_space_forward(std::string_view s, std::size_t p) {
    int newlines = 0;
    while (p < s.size() && is_space(s[p])) {
        if (s[p] == '\n' && ++newlines > 1) break;
        ++p;
    }
    return p;
}

// The type written before a number: "Kế hoạch số", "Quyết định", "Tờ trình số", "Công văn
// Số", possibly wrapped over a line end ("Quyết" / "định số").
std::string type_before(std::string_view s, std::size_t number_begin) {
    std::size_t p = skip_space_back(s, number_begin);
    if (p > 0 && s[p - 1] == ':') p = skip_space_back(s, p - 1);
    std::size_t w = word_start_before(s, p);
    if (w < p && folded(s.substr(w, p - w)) == "so") p = skip_space_back(s, w);
    std::vector<std::string_view> words;  // nearest first
    while (words.size() < 3 && p > 0) {
        w = word_start_before(s, p);
        if (w == p) break;
        words.push_back(s.substr(w, p - w));
        const std::size_t q = skip_space_back(s, w);
        if (q == w) break;  // punctuation before the word
        p = q;
    }
    for (std::size_t k = words.size(); k > 0; --k) {
        std::string name;
        for (std::size_t j = k; j > 0; --j) {
            if (!name.empty()) name += ' ';
            name += words[j - 1];
        }
        if (auto t = core::type_for_name(name)) return std::string(t->name);
    }
    return {};
}

// Lower-case syllables that occur inside issuer names ("Ủy ban nhân dân tỉnh", "Ban Thường vụ
// Tỉnh ủy", "Ủy ban bầu cử", "Bộ Chính trị khóa XII"). A verb after the issuer ("về", "ban
// hành", "tổ chức", "hủy bỏ") is not among them and ends it.
bool issuer_lower_word(std::string_view w) {
    static constexpr std::array<std::string_view, 82> kWords = {
        "nhân", "dân", "đồng", "vụ", "ủy", "uỷ", "ban", "chức", "vận", "động", "hóa", "hoá", "lịch",
        "thao", "tin", "thông", "hành", "phủ", "trị", "tướng", "bầu", "cử", "tỉnh", "huyện", "xã",
        "thành", "phố", "thị", "trấn", "quận", "phường", "khóa", "khoá", "trực", "thường", "ương",
        "sự", "quốc", "trận", "giáo", "thư", "trưởng", "phòng", "tra", "sát", "đua", "thưởng",
        "chính", "pháp", "tư", "nghiệp", "tế", "dục", "tạo", "trường", "nguyên", "hội", "binh",
        "học", "nghệ", "ninh", "đảng",
        // Departments and boards: "Sở Xây dựng", "Sở Kế hoạch và Đầu tư", "Sở Giao thông vận
        // tải", "Sở Nông nghiệp và Phát triển nông thôn", "Ban Quản lý khu kinh tế", "Đài Phát
        // thanh và Truyền hình", "Hội Liên hiệp phụ nữ".
        "dựng", "hoạch", "tải", "triển", "thôn", "nông", "quản", "lý", "khu", "kinh", "truyền",
        "hình", "thanh", "niên", "phụ", "nữ", "hiệp", "y", "môi", "tài"};
    return std::find(kWords.begin(), kWords.end(), w) != kWords.end();
}

struct IssuerScan {
    std::string issuer;
    std::size_t end = 0;
};

// The issuer after "của": capitalised words and the lower-case syllables of names, joined by
// "-" or "và" when another name follows; it ends at punctuation or at the first other word.
IssuerScan issuer_after(std::string_view s, std::size_t pos) {
    IssuerScan out;
    std::vector<std::string> words;
    std::vector<std::size_t> ends;
    std::size_t p = pos;
    // The next word, over a line end when the line is only wrapped (PDF), and over a page
    // break (a blank line in PDF text) in the middle of a phrase; not into the next
    // paragraph.
    auto next_word = [&](std::size_t from, std::size_t& b, std::size_t& e) {
        b = from;
        int newlines = 0;
        while (b < s.size() && is_space(s[b])) {
            if (s[b] == '\n') ++newlines;
            ++b;
        }
        e = b;
        if (newlines > 0) {
            const std::size_t head_end = cp_floor(s, std::min(s.size(), b + 60));
            const std::string head = clean(s.substr(b, head_end - b));
            std::size_t last = from;
            while (last > 0 && is_space(s[last - 1])) --last;
            const char before = last > 0 ? s[last - 1] : '.';
            if (newlines > 2 || head.empty() || is_body_start(head) || is_item_line(head) ||
                is_digit(head[0]) || cp_superscript_digit(first_cp(head)) ||
                (newlines == 2 && (before == '.' || before == ';' || before == ':'))) {
                return std::string_view();
            }
        }
        while (e < s.size() && !is_space(s[e])) ++e;
        return s.substr(b, e - b);
    };
    auto capitalised = [](std::string_view w) {
        const char32_t c = first_cp(w);
        return cp_upper(c);
    };
    while (words.size() < kMaxIssuerWords) {
        std::size_t b = 0;
        std::size_t e = 0;
        std::string_view tok = next_word(p, b, e);
        if (tok.empty()) break;
        // Opening bracket or quote: a title or a note, not the issuer.
        const char32_t c0 = first_cp(tok);
        if (c0 == U'(' || c0 == U'“' || c0 == U'"') break;
        bool stop_after = false;
        std::size_t core_len = tok.size();
        while (core_len > 0) {
            const char ch = tok[core_len - 1];
            if (ch == ',' || ch == ';' || ch == '.' || ch == ':' || ch == ')' || ch == '"') {
                --core_len;
                stop_after = true;
                continue;
            }
            const std::size_t q = prev_cp_start(tok, core_len);
            if (decode(tok, q).cp == U'”') {
                core_len = q;
                stop_after = true;
                continue;
            }
            break;
        }
        const std::string_view word = tok.substr(0, core_len);
        if (word.empty()) break;
        bool ok = false;
        if (word == "-" || word == "–" || word == "và" || word == "&") {
            // Only between two names: "Sở Thông tin - Truyền thông", "Sở Văn hóa, Thể thao và
            // Du lịch"; never "… và Kế hoạch này".
            std::size_t b2 = 0;
            std::size_t e2 = 0;
            const std::string_view next = next_word(e, b2, e2);
            std::size_t b3 = 0;
            std::size_t e3 = 0;
            const std::string_view next2 = next_word(e2, b3, e3);
            const std::string two = std::string(next) + " " + std::string(next2);
            ok = !stop_after && !next.empty() && capitalised(next) && !core::type_for_name(next) &&
                 !core::type_for_name(two);
        } else if (capitalised(word)) {
            ok = true;
        } else if (issuer_lower_word(word)) {
            // "ban hành", "thành lập" are verbs.
            std::size_t b2 = 0;
            std::size_t e2 = 0;
            const std::string_view next = next_word(e, b2, e2);
            ok = !((word == "ban" && next.substr(0, 5) == "hành") ||
                   (word == "thành" && next.substr(0, 4) == "lập"));
        }
        if (!ok) break;
        words.emplace_back(word);
        ends.push_back(b + core_len);
        p = e;
        if (stop_after && core_len + 1 == tok.size() && tok.back() == ',') {
            // A comma inside a name is followed by capitalised words and a "và": "Sở Văn
            // hóa, Thể thao và Du lịch".
            std::size_t b2 = 0;
            std::size_t e2 = 0;
            const std::string_view w1 = next_word(e, b2, e2);
            std::size_t b3 = 0;
            std::size_t e3 = 0;
            const std::string_view w2 = next_word(e2, b3, e3);
            std::size_t b4 = 0;
            std::size_t e4 = 0;
            const std::string_view w3 = next_word(e3, b4, e4);
            if (!w1.empty() && capitalised(w1) && !core::type_for_name(w1) &&
                !core::type_for_name(std::string(w1) + " " + std::string(w2)) &&
                (w2 == "và" || w3 == "và")) {
                words.back() += ',';
                stop_after = false;
            }
        }
        if (stop_after) break;
    }
    while (!words.empty() && (words.back() == "-" || words.back() == "–" || words.back() == "và" ||
                              words.back() == "&")) {
        words.pop_back();
        ends.pop_back();
    }
    if (words.empty()) return out;
    out.issuer = join(words);
    out.end = ends.back();
    return out;
}

// True when s[from, to) holds only white space and commas (what separates a number from
// its date: "152-KH/TU, ngày 26/02/2020").
bool only_separators(std::string_view s, std::size_t from, std::size_t to) {
    if (to < from || to - from > 16) return false;
    for (std::size_t i = from; i < to; ++i) {
        if (!is_space(s[i]) && s[i] != ',') return false;
    }
    return true;
}

bool is_lone_number(std::string_view t) {
    t = trim(t);
    return !t.empty() && t.size() <= 3 && std::all_of(t.begin(), t.end(), is_digit);
}

// A line end that ends a clause: after sentence punctuation, before a blank line, a list
// item, a heading, the body's first line or a footnote (a marker line "2", "1 Kế hoạch …",
// "¹ …"), and around a line of capitals (a title). Other line ends are wraps (PDF).
bool line_break_ends_clause(std::string_view s, std::size_t nl) {
    std::size_t b = nl;
    while (b > 0 && (s[b - 1] == ' ' || s[b - 1] == '\t')) --b;
    if (b == 0) return true;
    const char prev = s[b - 1];
    if (prev == '.' || prev == ';' || prev == ':' || prev == '!' || prev == '?' || prev == '\n') {
        return true;
    }
    std::size_t a = nl + 1;
    while (a < s.size() && (s[a] == ' ' || s[a] == '\t')) ++a;
    if (a >= s.size() || s[a] == '\n') return true;
    std::size_t next_end = s.find('\n', a);
    if (next_end == std::string_view::npos) next_end = s.size();
    const std::string_view next = s.substr(a, next_end - a);
    const std::size_t prev_begin = nl == 0 ? 0 : s.rfind('\n', nl - 1);
    const std::string_view prev_line = prev_begin == std::string_view::npos
                                           ? s.substr(0, nl)
                                           : s.substr(prev_begin + 1, nl - prev_begin - 1);
    const std::string head = clean(next.substr(0, cp_floor(next, 80)));
    if (is_item_line(head) || is_numbered_heading(head) || is_body_start(head) ||
        cp_superscript_digit(first_cp(head)) || is_lone_number(head) || is_lone_number(prev_line)) {
        return true;
    }
    // "1 Kế hoạch số …": a footnote as DOCX text gives it.
    std::size_t d = 0;
    while (d < head.size() && is_digit(head[d])) ++d;
    if (d > 0 && d <= 3 && d + 1 < head.size() && head[d] == ' ' &&
        cp_upper(first_cp(std::string_view(head).substr(d + 1)))) {
        return true;
    }
    return is_caps(next) || is_caps(prev_line);
}

// A '.' that ends a sentence, not the one in "TP. Hồ Chí Minh" or "TT. HĐND".
bool period_ends_sentence(std::string_view s, std::size_t dot) {
    if (dot + 1 < s.size() && !is_space(s[dot + 1])) return false;
    const std::size_t w = word_start_before(s, dot);
    const std::string_view word = s.substr(w, dot - w);
    return !(word.size() <= 3 && !word.empty() && is_ascii_upper(word[0]));
}

// The clause or sentence around s[b, e): split on ';', sentence periods and line ends that
// end a clause.
std::string sentence_around(std::string_view s, std::size_t b, std::size_t e) {
    std::size_t start = b;
    const std::size_t min_start = b > kSentenceReach ? b - kSentenceReach : 0;
    while (start > min_start) {
        const char c = s[start - 1];
        if (c == ';') break;
        if (c == '\n' && line_break_ends_clause(s, start - 1)) break;
        if (c == '.' && period_ends_sentence(s, start - 1)) break;
        --start;
    }
    std::size_t end = e;
    const std::size_t max_end = std::min(s.size(), e + kSentenceReach);
    while (end < max_end) {
        const char c = s[end];
        if (c == ';') break;
        if (c == '\n' && line_break_ends_clause(s, end)) break;
        if (c == '.' && period_ends_sentence(s, end)) {
            ++end;
            break;
        }
        ++end;
    }
    start = cp_floor(s, start);
    end = cp_floor(s, end);
    if (end - start > kMaxSentenceBytes) {
        // Keep a window around the number, cut at word boundaries.
        std::size_t ws = b > start + 150 ? b - 150 : start;
        std::size_t we = std::min(end, ws + kMaxSentenceBytes);
        ws = cp_floor(s, ws);
        we = cp_floor(s, we);
        while (ws < b && !is_space(s[ws])) ++ws;
        while (we > e && !is_space(s[we - 1])) --we;
        start = ws;
        end = we;
    }
    std::string_view clause = trim(s.substr(start, end - start));
    // Footnote markers and list dashes that open the clause.
    for (;;) {
        if (clause.empty()) break;
        const auto d = decode(clause, 0);
        if (cp_superscript_digit(d.cp) || d.cp == U'-' || d.cp == U'+' || d.cp == U'•') {
            clause = trim(clause.substr(d.length));
            continue;
        }
        break;
    }
    return clean(clause);
}

// A copy of the text in which a document number broken at a line end after '-' or '/'
// ("03-" / "KH/BTCCVĐ", how LibreOffice breaks lines in a PDF; also over a page break, which
// is a blank line) is joined again: the line ends become spaces, which the number scanner
// accepts as stray spaces (two at most), so offsets are kept.
std::string join_broken_numbers(std::string_view text) {
    std::string work(text);
    for (std::size_t i = 2; i + 1 < work.size(); ++i) {
        if (work[i] != '\n' || (work[i - 1] != '-' && work[i - 1] != '/')) continue;
        const char before = work[i - 2];
        const bool d_before = i >= 3 && static_cast<unsigned char>(work[i - 3]) == 0xC4 &&
                              (static_cast<unsigned char>(before) == 0x90 ||
                               static_cast<unsigned char>(before) == 0x91);  // "QĐ-"
        if (!(is_digit(before) || is_ascii_upper(before) || is_ascii_lower(before) || d_before)) {
            continue;
        }
        const std::size_t j = work[i + 1] == '\n' ? i + 2 : i + 1;  // over one blank line
        if (j >= work.size()) continue;
        const char next = work[j];
        const bool upper_d = static_cast<unsigned char>(next) == 0xC4 && j + 1 < work.size() &&
                             static_cast<unsigned char>(work[j + 1]) == 0x90;
        if (is_ascii_upper(next) || upper_d) {
            for (std::size_t k = i; k < j; ++k) work[k] = ' ';
        }
    }
    return work;
}

}  // namespace

// ---------------------------------------------------------------------------------------

std::vector<Citation> find_citations(std::string_view text, std::string_view own_number_key) {
    const std::string work = join_broken_numbers(text);
    const std::string_view s = work;
    const auto numbers = core::find_doc_numbers(s);
    if (numbers.empty()) return {};
    const auto dates = core::find_dates(s);

    auto date_at = [&](std::size_t from) -> const core::DateMatch* {
        auto it = std::lower_bound(
            dates.begin(), dates.end(), from,
            [](const core::DateMatch& d, std::size_t pos) { return d.begin < pos; });
        if (it == dates.end() || !only_separators(s, from, it->begin)) return nullptr;
        return &*it;
    };
    // A numeric date glued to the next word ("ngày 18/11/2021của", An Giang records), which
    // the date scanner rightly refuses in running text but which is plain here.
    auto glued_date_at = [&](std::size_t from) -> std::optional<core::DateMatch> {
        std::size_t p = skip_space_forward(s, from);
        while (p < s.size() && s[p] == ',') p = skip_space_forward(s, p + 1);
        const std::size_t begin = p;
        std::size_t w = p;
        while (w < s.size() && cp_word(decode(s, w).cp)) w += decode(s, w).length;
        if (folded(s.substr(p, w - p)) == "ngay") p = skip_space_forward(s, w);
        const std::size_t run = p;
        while (p < s.size() && (is_digit(s[p]) || s[p] == '/' || s[p] == '.' || s[p] == '-')) {
            ++p;
        }
        if (p == run || p >= s.size() || !cp_letter(decode(s, p).cp)) return std::nullopt;
        auto d = core::parse_date(s.substr(run, p - run));
        if (!d) return std::nullopt;
        return core::DateMatch{begin, p, *d};
    };

    std::vector<Citation> out;
    std::unordered_map<std::string, std::vector<std::size_t>> by_key;  // key -> indices in out
    for (const auto& m : numbers) {
        if (!own_number_key.empty() && m.number.key == own_number_key) continue;
        Citation c;
        c.number = m.number.canonical;
        c.key = m.number.key;
        c.type = type_before(s, m.begin);
        std::size_t after = m.end;
        if (const auto* d = date_at(m.end)) {
            c.date = d->date.iso();
            after = d->end;
        } else if (auto g = glued_date_at(m.end)) {
            c.date = g->date.iso();
            after = g->end;
        }
        // "… của Ban Thường vụ Tỉnh ủy về …"
        std::size_t p = skip_space_forward(s, after);
        while (p < s.size() && s[p] == ',') p = skip_space_forward(s, p + 1);
        const std::size_t w = p;
        while (p < s.size() && !is_space(s[p]) && s[p] != ',') ++p;
        if (folded(s.substr(w, p - w)) == "cua") {
            auto scan = issuer_after(s, p);
            c.issuer = std::move(scan.issuer);
            if (c.date.empty() && !c.issuer.empty()) {
                // "Chỉ thị số 05-CT/TW của Bộ Chính trị ngày 15/5/2016"
                if (const auto* d = date_at(scan.end)) c.date = d->date.iso();
            }
        }
        c.sentence = sentence_around(text, m.begin, m.end);

        // A number is not unique: keep each number + date once. A repeat without a date
        // refers to a document already cited; a repeat fills what the first one lacked.
        auto& same_key = by_key[c.key];
        Citation* target = nullptr;
        for (std::size_t idx : same_key) {
            if (out[idx].date == c.date) target = &out[idx];
        }
        if (!target && c.date.empty() && !same_key.empty()) target = &out[same_key.front()];
        if (!target && !c.date.empty()) {
            // "Kế hoạch số 28-KH/TU của …" first, "Kế hoạch số 28-KH/TU, ngày 19/5/2021" later.
            for (std::size_t idx : same_key) {
                if (out[idx].date.empty()) {
                    target = &out[idx];
                    target->date = c.date;
                    break;
                }
            }
        }
        if (target) {
            if (target->type.empty()) target->type = std::move(c.type);
            if (target->issuer.empty()) target->issuer = std::move(c.issuer);
            continue;
        }
        same_key.push_back(out.size());
        out.push_back(std::move(c));
    }
    return out;
}

DocMeta parse_metadata(std::string_view text) {
    DocMeta meta;
    const std::vector<Line> lines = split_lines(text);
    const std::size_t n = lines.size();

    // The header region: from the top to the first body line, bounded.
    std::size_t header_end = 0;
    {
        std::size_t non_empty = 0;
        std::size_t bytes = 0;
        for (; header_end < n; ++header_end) {
            const std::string& t = lines[header_end].text;
            if (t.empty()) continue;
            // A long V/v line is still the header.
            if (non_empty >= kHeaderMaxLines || bytes >= kHeaderMaxBytes ||
                (is_body_start(t) && !vv_subject(t))) {
                break;
            }
            ++non_empty;
            bytes += t.size();
        }
    }

    std::vector<bool> skip(n, false);  // header lines already used for another field

    // Number.
    std::optional<std::size_t> number_line;
    std::optional<core::DocNumber> own;
    for (std::size_t i = 0; i < header_end && !own; ++i) {
        std::string candidate = lines[i].text;
        // A long number wrapped after a separator (PDF): "Số: 259/SNV-" / "XDCQ,CTTN&BĐG".
        const bool wrapped =
            !candidate.empty() && i + 1 < n &&
            std::string_view("-/,&").find(candidate.back()) != std::string::npos &&
            !lines[i + 1].text.empty() && !is_caps(candidate) &&
            (is_ascii_upper(lines[i + 1].text[0]) || lines[i + 1].text.rfind("Đ", 0) == 0);
        if (wrapped) candidate += lines[i + 1].text;
        if (auto num = own_number_in(candidate)) {
            own = std::move(num);
            number_line = wrapped ? i + 1 : i;
            skip[i] = true;
            if (wrapped) skip[i + 1] = true;
        }
    }
    if (own) meta.number = own->canonical;
    // The footer is looked for below the last header line found, so that a short document
    // (or one without a header) still has its signing block read.
    std::size_t tail_floor = number_line ? *number_line + 1 : 0;

    // Place and date: the first place-date line of the header.
    for (std::size_t i = 0; i < header_end; ++i) {
        if (auto pd = place_date_at(lines, i)) {
            meta.place = std::move(pd->place);
            meta.date = std::move(pd->date);
            skip[i] = true;
            tail_floor = std::max(tail_floor, i + 1);
            break;
        }
    }

    // Stamps: lines of their own in the header (and, for "LƯU HÀNH NỘI BỘ", at the very end).
    auto take_stamp = [&](std::size_t i) {
        auto [kind, name] = stamp_of(lines[i].text);
        if (kind == StampKind::None) return;
        skip[i] = true;
        if (kind == StampKind::Secrecy && meta.secrecy.empty()) meta.secrecy = name;
        if (kind == StampKind::Urgency && meta.urgency.empty()) meta.urgency = name;
        if (kind == StampKind::Other &&
            std::find(meta.stamps.begin(), meta.stamps.end(), name) == meta.stamps.end()) {
            meta.stamps.push_back(name);
        }
    };
    for (std::size_t i = 0; i < header_end; ++i) take_stamp(i);

    // Type line, V/v line.
    std::optional<std::size_t> type_line;
    std::optional<core::DocType> type_of_line;
    std::optional<std::size_t> vv_line;
    std::string vv;
    const std::size_t type_search_end = std::min(n, header_end + 2);
    for (std::size_t i = 0; i < type_search_end; ++i) {
        const std::string& t = lines[i].text;
        if (t.empty() || skip[i]) continue;
        if (!type_line && is_caps(t)) {
            std::string_view name = t;
            while (!name.empty() && (name.back() == ':' || name.back() == '.')) {
                name.remove_suffix(1);
            }
            if (auto dt = core::type_for_name(name)) {
                type_line = i;
                type_of_line = dt;
                skip[i] = true;
                continue;
            }
        }
        if (!vv_line && i < header_end) {
            if (auto sub = vv_subject(t)) {
                vv_line = i;
                vv = std::move(*sub);
                skip[i] = true;
            }
        }
    }

    if (type_of_line) {
        meta.type = std::string(type_of_line->name);
        meta.type_code = std::string(type_of_line->code);
        if (own) {
            // The code as the number writes it ("QĐi" for a Party Quy định, "TTr").
            if (auto name = core::type_name_for_code(own->codes.front());
                name && *name == type_of_line->name) {
                meta.type_code = own->codes.front();
            }
        }
    } else if (own) {
        if (auto name = core::type_name_for_code(own->codes.front())) {
            meta.type = std::string(*name);
            meta.type_code = own->codes.front();
        } else if (vv_line || (own->year.empty() && own->family == core::NumberFamily::State)) {
            meta.type = "Công văn";  // N/ISSUER-UNIT: a letter, no type code in the number
        }
    } else if (vv_line) {
        meta.type = "Công văn";
    }

    // Issuer: capital lines above the number in the left block (or above the type line /
    // V/v line / body when there is no number).
    {
        std::size_t end = header_end;
        if (number_line) {
            end = *number_line;
        } else {
            if (type_line) end = std::min(end, *type_line);
            if (vv_line) end = std::min(end, *vv_line);
        }
        Issuer is = read_issuer(lines, end, skip);
        // Without a number or a place-date line the page has no official header, and a
        // capital heading there ("HIẾN KẾ" over a citizen's proposal) is a title, not a body:
        // an issuer is read only when it opens like one ("BAN …", "SỞ …", "TỈNH ỦY …").
        const bool official = number_line.has_value() || !meta.date.empty();
        if (official || opens_body(folded(is.issuer))) {
            meta.issuer = std::move(is.issuer);
            meta.issuer_parent = std::move(is.parent);
        }
    }

    // Subject: after the type line, or after V/v.
    auto read_subject = [&](std::size_t from, std::string first) {
        std::string subject = std::move(first);
        std::size_t taken = subject.empty() ? 0 : 1;
        std::size_t i = from;
        if (subject.empty()) {
            // The first line after the type line, blank lines and other header lines skipped.
            for (; i < n; ++i) {
                const std::string& t = lines[i].text;
                if (t.empty() || skip[i]) continue;
                const std::string f = folded_head(t);
                if (t.size() > kMaxSubjectFirstLineBytes || is_numbered_heading(t) ||
                    starts_with_any(f, {"can cu", "kinh gui", "noi nhan"})) {
                    return std::string();
                }
                if (is_caps(t) && !starts_with_words(f, "ve")) return std::string();
                subject = t;
                taken = 1;
                ++i;
                break;
            }
        }
        for (; i < n && taken < kMaxSubjectLines && subject.size() < kMaxSubjectBytes; ++i) {
            const std::string& t = lines[i].text;
            if (t.empty() || skip[i] || !continues_subject(lines, i, subject)) break;
            append_wrapped(subject, t);
            ++taken;
        }
        return subject;
    };
    if (type_line) tail_floor = std::max(tail_floor, *type_line + 1);
    if (vv_line) tail_floor = std::max(tail_floor, *vv_line + 1);
    if (vv_line && !type_line) {
        meta.subject = read_subject(*vv_line + 1, vv);
    } else if (type_line) {
        meta.subject = read_subject(*type_line + 1, {});
    }

    // Addressees: "Kính gửi:" near the top.
    {
        std::size_t non_empty = 0;
        for (std::size_t i = 0; i < n && non_empty < kAddresseeMaxLines; ++i) {
            if (lines[i].text.empty()) continue;
            ++non_empty;
            if (starts_with_words(folded_head(lines[i].text, 16), "kinh gui")) {
                meta.recipients = read_list(lines, i, ListKind::Addressees);
                break;
            }
        }
    }

    // The footer: the last lines (footnotes put after the body by DOCX not counted).
    std::size_t tail_begin = n;
    for (std::size_t seen = 0; tail_begin > tail_floor && seen < kFooterMaxLines; --tail_begin) {
        const std::string& t = lines[tail_begin - 1].text;
        if (!t.empty() && !is_digit(t[0])) ++seen;
    }
    std::optional<std::size_t> recipients_label;
    for (std::size_t i = n; i > tail_begin; --i) {
        if (starts_with_words(folded_head(lines[i - 1].text, 16), "noi nhan")) {
            recipients_label = i - 1;
            break;
        }
    }
    if (recipients_label) {
        auto items = read_list(lines, *recipients_label, ListKind::Recipients);
        meta.recipients.insert(meta.recipients.end(), std::make_move_iterator(items.begin()),
                               std::make_move_iterator(items.end()));
    }
    meta.signature = read_signature(lines, tail_begin, recipients_label);
    for (std::size_t i = std::max(tail_begin, n > 10 ? n - 10 : 0); i < n; ++i) {
        if (i >= tail_floor) take_stamp(i);
    }

    meta.citations = find_citations(text, own ? std::string_view(own->key) : std::string_view());
    return meta;
}

// ---------------------------------------------------------------------------------------
// JSON

namespace {

void put(nlohmann::json& j, const char* key, const std::string& value) {
    if (!value.empty()) j[key] = value;
}

std::string get_string(const nlohmann::json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::vector<std::string> get_strings(const nlohmann::json& j, const char* key) {
    std::vector<std::string> out;
    auto it = j.find(key);
    if (it == j.end() || !it->is_array()) return out;
    for (const auto& v : *it) {
        if (v.is_string()) out.push_back(v.get<std::string>());
    }
    return out;
}

}  // namespace

nlohmann::json DocMeta::to_json() const {
    nlohmann::json j = nlohmann::json::object();
    put(j, "number", number);
    put(j, "type", type);
    put(j, "type_code", type_code);
    put(j, "issuer", issuer);
    put(j, "issuer_parent", issuer_parent);
    put(j, "place", place);
    put(j, "date", date);
    put(j, "subject", subject);
    if (!recipients.empty()) j["recipients"] = recipients;
    nlohmann::json sig = nlohmann::json::object();
    put(sig, "authority", signature.authority);
    put(sig, "position", signature.position);
    put(sig, "name", signature.name);
    if (!sig.empty()) j["signature"] = std::move(sig);
    put(j, "secrecy", secrecy);
    put(j, "urgency", urgency);
    if (!stamps.empty()) j["stamps"] = stamps;
    if (!citations.empty()) {
        nlohmann::json list = nlohmann::json::array();
        for (const auto& c : citations) {
            nlohmann::json o = nlohmann::json::object();
            put(o, "type", c.type);
            put(o, "number", c.number);
            put(o, "key", c.key);
            put(o, "date", c.date);
            put(o, "issuer", c.issuer);
            put(o, "sentence", c.sentence);
            list.push_back(std::move(o));
        }
        j["citations"] = std::move(list);
    }
    put(j, "title", title);
    put(j, "author", author);
    put(j, "unit", unit);
    put(j, "domain", domain);
    return j;
}

DocMeta DocMeta::from_json(const nlohmann::json& j) {
    DocMeta m;
    if (!j.is_object()) return m;
    m.number = get_string(j, "number");
    m.type = get_string(j, "type");
    m.type_code = get_string(j, "type_code");
    m.issuer = get_string(j, "issuer");
    m.issuer_parent = get_string(j, "issuer_parent");
    m.place = get_string(j, "place");
    m.date = get_string(j, "date");
    m.subject = get_string(j, "subject");
    m.recipients = get_strings(j, "recipients");
    if (auto it = j.find("signature"); it != j.end() && it->is_object()) {
        m.signature.authority = get_string(*it, "authority");
        m.signature.position = get_string(*it, "position");
        m.signature.name = get_string(*it, "name");
    }
    m.secrecy = get_string(j, "secrecy");
    m.urgency = get_string(j, "urgency");
    m.stamps = get_strings(j, "stamps");
    if (auto it = j.find("citations"); it != j.end() && it->is_array()) {
        for (const auto& o : *it) {
            if (!o.is_object()) continue;
            Citation c;
            c.type = get_string(o, "type");
            c.number = get_string(o, "number");
            c.key = get_string(o, "key");
            c.date = get_string(o, "date");
            c.issuer = get_string(o, "issuer");
            c.sentence = get_string(o, "sentence");
            m.citations.push_back(std::move(c));
        }
    }
    m.title = get_string(j, "title");
    m.author = get_string(j, "author");
    m.unit = get_string(j, "unit");
    m.domain = get_string(j, "domain");
    return m;
}

}  // namespace vanthu::indexer
