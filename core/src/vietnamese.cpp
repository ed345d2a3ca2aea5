#include "vietnamese.hpp"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <array>
#include <cstdint>
#include <unordered_map>
#include <vector>

#include "vanthu/core/utf8.hpp"

namespace vanthu::core::vn {

namespace {

// Tone marks in the order Vietnamese grammar names them; 0 means "no tone" (thanh ngang).
enum Tone : std::uint8_t { kNoTone = 0, kGrave, kAcute, kTilde, kHook, kDot };
// Vowel quality marks, as bits.
enum Quality : std::uint8_t { kCircumflex = 1, kBreve = 2, kHorn = 4 };

constexpr char32_t kTableEnd = 0x1F00;  // Latin, Latin-1, Extended-A/B and Extended Additional
constexpr char32_t kDStroke = 0x0111;   // đ

struct Entry {
    char32_t lower = 0;
    char32_t fold = 0;  // base letter without marks (ASCII or đ->d), 0 when not a Latin letter
    char32_t base = 0;  // ASCII base letter for Vietnamese letters, or đ
    std::uint8_t quality = 0;
    std::uint8_t tone = kNoTone;
    bool vietnamese = false;  // base + at most one quality mark + at most one tone mark
};

int tone_of_mark(char32_t m) {
    switch (m) {
        case 0x0300:
            return kGrave;
        case 0x0301:
            return kAcute;
        case 0x0303:
            return kTilde;
        case 0x0309:
            return kHook;
        case 0x0323:
            return kDot;
        default:
            return -1;
    }
}

int quality_of_mark(char32_t m) {
    switch (m) {
        case 0x0302:
            return kCircumflex;
        case 0x0306:
            return kBreve;
        case 0x031B:
            return kHorn;
        default:
            return -1;
    }
}

constexpr std::uint32_t compose_key(char32_t base, std::uint8_t quality, std::uint8_t tone) {
    return (static_cast<std::uint32_t>(base) << 8) | (static_cast<std::uint32_t>(quality) << 3) |
           tone;
}

struct Tables {
    std::vector<Entry> entries;
    std::unordered_map<std::uint32_t, char32_t> compose;  // (base, quality, tone) -> lower cp

    Tables() : entries(kTableEnd) {
        UErrorCode status = U_ZERO_ERROR;
        const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
        for (char32_t cp = 0; cp < kTableEnd; ++cp) {
            Entry& e = entries[cp];
            e.lower =
                static_cast<char32_t>(u_foldCase(static_cast<UChar32>(cp), U_FOLD_CASE_DEFAULT));
            const char32_t lc = e.lower;
            if (lc == kDStroke) {
                e.fold = U'd';
                e.base = kDStroke;
                e.vietnamese = true;
                continue;
            }
            if (lc < 0x80) {
                if (lc >= U'a' && lc <= U'z') {
                    e.fold = lc;
                    e.base = lc;
                    e.vietnamese = true;
                }
                continue;
            }
            if (nfd == nullptr || U_FAILURE(status)) continue;
            icu::UnicodeString d;
            if (!nfd->getDecomposition(static_cast<UChar32>(lc), d) || d.length() == 0) continue;
            const char32_t base = static_cast<char32_t>(d.char32At(0));
            if (base >= 0x80 || !(base >= U'a' && base <= U'z')) continue;
            e.fold = base;
            int tones = 0;
            int qualities = 0;
            bool only_vietnamese_marks = true;
            for (int32_t k = d.moveIndex32(0, 1); k < d.length(); k = d.moveIndex32(k, 1)) {
                const char32_t m = static_cast<char32_t>(d.char32At(k));
                if (int t = tone_of_mark(m); t >= 0) {
                    e.tone = static_cast<std::uint8_t>(t);
                    ++tones;
                } else if (int q = quality_of_mark(m); q >= 0) {
                    e.quality = static_cast<std::uint8_t>(e.quality | q);
                    ++qualities;
                } else {
                    only_vietnamese_marks = false;
                }
            }
            if (only_vietnamese_marks && tones <= 1 && qualities <= 1) {
                e.base = base;
                e.vietnamese = true;
            } else {
                e.tone = kNoTone;
                e.quality = 0;
            }
        }
        for (char32_t cp = 0; cp < kTableEnd; ++cp) {
            const Entry& e = entries[cp];
            if (e.vietnamese && e.lower == cp) {
                compose.emplace(compose_key(e.base, e.quality, e.tone), cp);
            }
        }
    }
};

const Tables& tables() {
    static const Tables t;
    return t;
}

bool is_vowel(char32_t base) {
    switch (base) {
        case U'a':
        case U'e':
        case U'i':
        case U'o':
        case U'u':
        case U'y':
            return true;
        default:
            return false;
    }
}

struct Letter {
    char32_t base;
    std::uint8_t quality;
    std::uint8_t tone;
};

// Index of the letter that carries the tone in the traditional placement, or -1 when the
// word is not shaped like one Vietnamese syllable.
int tone_position(const std::vector<Letter>& letters) {
    const int n = static_cast<int>(letters.size());
    int i = 0;
    while (i < n && !is_vowel(letters[i].base)) ++i;
    if (i == n) return -1;
    // "qu" and "gi" + vowel: the u / i belongs to the initial consonant (quý, già, giữ).
    if (i >= 1 && i + 1 < n && is_vowel(letters[i + 1].base)) {
        const char32_t prev = letters[i - 1].base;
        if ((prev == U'q' && letters[i].base == U'u') ||
            (prev == U'g' && letters[i].base == U'i' && letters[i].quality == 0 && i == 1)) {
            ++i;
        }
    }
    const int start = i;
    int end = start;
    while (end < n && is_vowel(letters[end].base)) ++end;
    for (int k = end; k < n; ++k) {
        if (is_vowel(letters[k].base)) return -1;  // two vowel groups: not one syllable
    }
    const bool has_final = end < n;
    int marked = -1;
    for (int k = start; k < end; ++k) {
        if (letters[k].quality != 0) marked = k;
    }
    if (marked >= 0) return marked;  // ư ơ ô ê â ă carry the tone (ươ: on ơ)
    const int len = end - start;
    if (has_final) return end - 1;  // toán, hoàng, huỳnh
    if (len == 1) return start;
    if (len == 2) return start;      // hòa, thủy, khóa, mía, mái (traditional style)
    if (len == 3) return start + 1;  // ngoài, khuỷu, ngoẹo
    return -1;
}

}  // namespace

char32_t lower(char32_t cp) noexcept {
    if (cp < kTableEnd) return tables().entries[cp].lower;
    return static_cast<char32_t>(u_foldCase(static_cast<UChar32>(cp), U_FOLD_CASE_DEFAULT));
}

char32_t fold(char32_t cp) noexcept {
    if (cp < kTableEnd) {
        const Entry& e = tables().entries[cp];
        return e.fold != 0 ? e.fold : e.lower;
    }
    return static_cast<char32_t>(u_foldCase(static_cast<UChar32>(cp), U_FOLD_CASE_DEFAULT));
}

bool is_combining_mark(char32_t cp) noexcept {
    return (U_GET_GC_MASK(static_cast<UChar32>(cp)) & (U_GC_MN_MASK | U_GC_ME_MASK)) != 0;
}

std::string canonical_syllable(std::string_view word) {
    const Tables& t = tables();
    std::string lowered;
    lowered.reserve(word.size());
    std::vector<Letter> letters;
    letters.reserve(word.size());
    bool shaped = true;  // every character is a Vietnamese letter (or a tone mark on one)
    int tones = 0;
    for (std::size_t i = 0; i < word.size();) {
        auto d = utf8::decode(word, i);
        i += d.length;
        const char32_t cp = d.valid ? d.cp : 0xFFFD;
        const char32_t lc = lower(cp);
        utf8::append(lowered, lc);
        if (!shaped) continue;
        if (lc < kTableEnd && t.entries[lc].vietnamese) {
            const Entry& e = t.entries[lc];
            letters.push_back({e.base, e.quality, e.tone});
            if (e.tone != kNoTone) ++tones;
            continue;
        }
        // A lone tone mark left uncomposed by NFC belongs to the letter before it.
        if (int tone = tone_of_mark(lc);
            tone > 0 && !letters.empty() && letters.back().tone == kNoTone) {
            letters.back().tone = static_cast<std::uint8_t>(tone);
            ++tones;
            continue;
        }
        shaped = false;
    }
    if (!shaped || tones != 1) return lowered;
    const int pos = tone_position(letters);
    if (pos < 0) return lowered;
    std::uint8_t tone = kNoTone;
    for (auto& l : letters) {
        if (l.tone != kNoTone) {
            tone = l.tone;
            l.tone = kNoTone;
        }
    }
    letters[static_cast<std::size_t>(pos)].tone = tone;
    std::string out;
    out.reserve(lowered.size());
    for (const auto& l : letters) {
        auto it = t.compose.find(compose_key(l.base, l.quality, l.tone));
        if (it == t.compose.end()) return lowered;
        utf8::append(out, it->second);
    }
    return out;
}

}  // namespace vanthu::core::vn
