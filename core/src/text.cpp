#include "vanthu/core/text.hpp"

#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <array>
#include <cstdint>
#include <mutex>
#include <stdexcept>
#include <unordered_map>

#include "vanthu/core/utf8.hpp"
#include "vietnamese.hpp"

namespace vanthu::core {

namespace {

const icu::Normalizer2& nfc() {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* n = icu::Normalizer2::getNFCInstance(status);
    if (U_FAILURE(status) || n == nullptr) {
        throw std::runtime_error(std::string("ICU NFC normaliser unavailable: ") +
                                 u_errorName(status));
    }
    return *n;
}

// Characters removed outright: they carry no text and split words when left in.
bool is_invisible(char32_t cp) {
    switch (cp) {
        case 0xFEFF:  // BOM / zero-width no-break space
        case 0x200B:  // zero-width space
        case 0x200C:  // zero-width non-joiner
        case 0x200D:  // zero-width joiner
        case 0x2060:  // word joiner
        case 0x00AD:  // soft hyphen
        case 0xFFFE:
            return true;
        default:
            return false;
    }
}

bool is_space_like(char32_t cp) {
    return cp == 0x00A0 || cp == 0x2007 || cp == 0x202F || (cp >= 0x2000 && cp <= 0x200A) ||
           cp == 0x3000 || cp == 0x1680 || cp == 0x205F;
}

}  // namespace

bool is_valid_utf8(std::string_view bytes) noexcept {
    return first_invalid_utf8(bytes) == std::string_view::npos;
}

std::size_t first_invalid_utf8(std::string_view bytes) noexcept {
    std::size_t i = 0;
    while (i < bytes.size()) {
        auto d = utf8::decode(bytes, i);
        if (!d.valid) return i;
        i += d.length;
    }
    return std::string_view::npos;
}

std::string normalize_text(std::string_view bytes) {
    std::string clean;
    clean.reserve(bytes.size());
    bool all_ascii = true;
    for (std::size_t i = 0; i < bytes.size();) {
        const unsigned char b = static_cast<unsigned char>(bytes[i]);
        if (b < 0x80) {
            // ASCII fast path: only control characters need attention.
            if (b == '\r') {
                clean += '\n';
                if (i + 1 < bytes.size() && bytes[i + 1] == '\n') ++i;
            } else if (b == '\f' || b == '\v') {
                clean += '\n';
            } else if (b < 0x20 && b != '\n' && b != '\t') {
                clean += ' ';
            } else if (b == 0x7F) {
                clean += ' ';
            } else {
                clean += static_cast<char>(b);
            }
            ++i;
            continue;
        }
        auto d = utf8::decode(bytes, i);
        char32_t cp = d.valid ? d.cp : 0xFFFD;
        i += d.length;
        if (is_invisible(cp)) continue;
        if (is_space_like(cp)) {
            clean += ' ';
            continue;
        }
        if (cp == 0x2028 || cp == 0x2029 || cp == 0x0085) {
            clean += '\n';
            continue;
        }
        if (cp == 0x00D0) cp = 0x0110;  // Ð (eth) typed for Đ
        if (cp == 0x00F0) cp = 0x0111;  // ð (eth) typed for đ
        if (cp >= 0x80 && cp < 0xA0) {  // C1 controls
            clean += ' ';
            continue;
        }
        all_ascii = false;
        utf8::append(clean, cp);
    }
    if (all_ascii) return clean;
    const icu::Normalizer2& n = nfc();
    UErrorCode status = U_ZERO_ERROR;
    if (n.isNormalizedUTF8(clean, status) && U_SUCCESS(status)) return clean;
    status = U_ZERO_ERROR;
    std::string out;
    out.reserve(clean.size());
    icu::StringByteSink<std::string> sink(&out, static_cast<int32_t>(clean.size()));
    n.normalizeUTF8(0, clean, sink, nullptr, status);
    if (U_FAILURE(status)) {
        // normalizeUTF8 only fails on resource problems; fall back to the UTF-16 path.
        icu::UnicodeString u = icu::UnicodeString::fromUTF8(clean);
        status = U_ZERO_ERROR;
        icu::UnicodeString normalized = n.normalize(u, status);
        if (U_FAILURE(status)) return clean;
        out.clear();
        normalized.toUTF8String(out);
    }
    return out;
}

std::string collapse_spaces(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    bool pending_space = false;
    for (char c : text) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
            pending_space = !out.empty();
            continue;
        }
        if (pending_space) out += ' ';
        pending_space = false;
        out += c;
    }
    return out;
}

std::string lower_text(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        auto d = utf8::decode(text, i);
        i += d.length;
        char32_t cp = d.valid ? d.cp : 0xFFFD;
        utf8::append(out, vn::lower(cp));
    }
    return out;
}

std::string fold_text(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const unsigned char b = static_cast<unsigned char>(text[i]);
        if (b < 0x80) {
            out += static_cast<char>(b >= 'A' && b <= 'Z' ? b + 32 : b);
            ++i;
            continue;
        }
        auto d = utf8::decode(text, i);
        i += d.length;
        char32_t cp = d.valid ? d.cp : 0xFFFD;
        if (vn::is_combining_mark(cp)) continue;
        utf8::append(out, vn::fold(cp));
    }
    return out;
}

std::string fold_word(std::string_view word) { return fold_text(word); }

std::string canonical_word(std::string_view word) {
    // ASCII words cannot carry a tone mark: lower-case and done (the common case for numbers
    // and for unaccented syllables).
    bool ascii = true;
    for (char c : word) {
        if (static_cast<unsigned char>(c) >= 0x80) {
            ascii = false;
            break;
        }
    }
    if (ascii) {
        std::string out(word);
        for (char& c : out) {
            if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
        }
        return out;
    }
    return vn::canonical_syllable(word);
}

}  // namespace vanthu::core
