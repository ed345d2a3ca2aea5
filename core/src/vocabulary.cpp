#include "vanthu/core/vocabulary.hpp"

#include <unicode/uchar.h>

#include <array>
#include <string>
#include <vector>

#include "vanthu/core/text.hpp"
#include "vanthu/core/utf8.hpp"

namespace vanthu::core {

namespace {

constexpr std::array<DocType, 40> kTypes = {{
    {"NQ", "Nghị quyết"},
    {"QĐ", "Quyết định"},
    {"CT", "Chỉ thị"},
    {"QC", "Quy chế"},
    {"QyĐ", "Quy định"},
    {"QĐi", "Quy định"},
    {"TC", "Thông cáo"},
    {"TB", "Thông báo"},
    {"HD", "Hướng dẫn"},
    {"CTr", "Chương trình"},
    {"KH", "Kế hoạch"},
    {"PA", "Phương án"},
    {"ĐA", "Đề án"},
    {"DA", "Dự án"},
    {"BC", "Báo cáo"},
    {"BB", "Biên bản"},
    {"TTr", "Tờ trình"},
    {"HĐ", "Hợp đồng"},
    {"CĐ", "Công điện"},
    {"BGN", "Bản ghi nhớ"},
    {"BTT", "Bản thỏa thuận"},
    {"GUQ", "Giấy ủy quyền"},
    {"GM", "Giấy mời"},
    {"GGT", "Giấy giới thiệu"},
    {"GNP", "Giấy nghỉ phép"},
    {"PG", "Phiếu gửi"},
    {"PC", "Phiếu chuyển"},
    {"PB", "Phiếu báo"},
    {"CV", "Công văn"},
    {"KL", "Kết luận"},
    {"NĐ", "Nghị định"},
    {"TT", "Thông tư"},
    {"L", "Luật"},
    {"PL", "Pháp lệnh"},
    {"TTLT", "Thông tư liên tịch"},
    {"VBHN", "Văn bản hợp nhất"},
    // Older codes still found in archives.
    {"GN", "Giấy nghỉ phép"},
    {"TTh", "Tờ trình"},
    {"UQ", "Giấy ủy quyền"},
    {"NP", "Giấy nghỉ phép"},
}};

constexpr std::array<Abbreviation, 22> kAbbreviations = {{
    {"UBND", "Ủy ban nhân dân"},
    {"HĐND", "Hội đồng nhân dân"},
    {"BTGTU", "Ban Tuyên giáo Tỉnh ủy"},
    {"BTCTU", "Ban Tổ chức Tỉnh ủy"},
    {"BDVTU", "Ban Dân vận Tỉnh ủy"},
    {"UBKTTU", "Ủy ban Kiểm tra Tỉnh ủy"},
    {"VPTU", "Văn phòng Tỉnh ủy"},
    {"BTVTU", "Ban Thường vụ Tỉnh ủy"},
    {"BTV", "Ban Thường vụ"},
    {"TU", "Tỉnh ủy"},
    {"HU", "Huyện ủy"},
    {"TW", "Trung ương"},
    {"VPTW", "Văn phòng Trung ương"},
    {"BCH", "Ban Chấp hành"},
    {"MTTQ", "Mặt trận Tổ quốc"},
    {"UBMTTQ", "Ủy ban Mặt trận Tổ quốc"},
    {"CP", "Chính phủ"},
    {"TTg", "Thủ tướng"},
    {"QH", "Quốc hội"},
    {"STTTT", "Sở Thông tin và Truyền thông"},
    {"VP", "Văn phòng"},
    {"TP", "Thành phố"},
}};

bool is_word_char(char32_t cp) {
    return u_isalnum(static_cast<UChar32>(cp)) ||
           (U_GET_GC_MASK(static_cast<UChar32>(cp)) & U_GC_MN_MASK) != 0;
}

std::size_t code_points(std::string_view s) {
    std::size_t n = 0;
    for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return n;
}

// Whether `word` is the abbreviation `short_form`. Written exactly as the abbreviation
// ("TU", "HĐND") it always is. Typed otherwise ("hdnd", "Ubnd") it is only for abbreviations
// of three letters or more: two-letter ones fold like ordinary words ("Tư pháp" -> "tu").
bool expands(std::string_view word, std::string_view short_form) {
    if (word == short_form) return true;
    if (code_points(short_form) < 3) return false;
    return fold_text(word) == fold_text(short_form);
}

}  // namespace

std::span<const DocType> doc_types() { return kTypes; }

std::optional<std::string_view> type_name_for_code(std::string_view code) {
    for (const auto& t : kTypes) {
        if (t.code == code) return t.name;
    }
    const std::string lowered = lower_text(code);
    for (const auto& t : kTypes) {
        if (lower_text(t.code) == lowered) return t.name;
    }
    const std::string folded = fold_text(code);
    for (const auto& t : kTypes) {
        if (fold_text(t.code) == folded) return t.name;
    }
    return std::nullopt;
}

std::optional<DocType> type_for_name(std::string_view name) {
    // Collapse white space so "KẾ  HOẠCH" and "Kế\nhoạch" still match.
    std::string folded;
    bool space = false;
    for (char c : fold_text(name)) {
        if (c == ' ' || c == '\t' || c == '\n') {
            space = !folded.empty();
            continue;
        }
        if (space) folded += ' ';
        space = false;
        folded += c;
    }
    // The types' names folded once: this runs on many lines of every document.
    static const std::vector<std::string> kFoldedNames = [] {
        std::vector<std::string> names;
        for (const auto& t : kTypes) names.push_back(fold_text(t.name));
        return names;
    }();
    for (std::size_t i = 0; i < kTypes.size(); ++i) {
        if (kFoldedNames[i] == folded) return kTypes[i];
    }
    return std::nullopt;
}

std::span<const Abbreviation> issuer_abbreviations() { return kAbbreviations; }

std::string expand_abbreviations(std::string_view text) {
    std::string out;
    out.reserve(text.size() * 2);
    std::size_t i = 0;
    while (i < text.size()) {
        auto d = utf8::decode(text, i);
        if (!d.valid || !is_word_char(d.cp)) {
            out.append(text.substr(i, d.length));
            i += d.length;
            continue;
        }
        std::size_t end = i;
        while (end < text.size()) {
            auto e = utf8::decode(text, end);
            if (!e.valid || !is_word_char(e.cp)) break;
            end += e.length;
        }
        const std::string_view word = text.substr(i, end - i);
        std::string_view replacement = word;
        for (const auto& a : kAbbreviations) {
            if (expands(word, a.short_form)) {
                replacement = a.long_form;
                break;
            }
        }
        out.append(replacement);
        i = end;
    }
    return out;
}

}  // namespace vanthu::core
