#include "vanthu/core/analyzer.hpp"

#include <unicode/uchar.h>

#include <algorithm>
#include <functional>
#include <limits>
#include <string>
#include <unordered_map>

#include "vanthu/core/text.hpp"
#include "vanthu/core/utf8.hpp"

namespace vanthu::core {

namespace {

enum class CharClass { Other, Letter, Digit, Mark };

CharClass classify(char32_t cp) {
    if (cp < 0x80) {
        if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z')) return CharClass::Letter;
        if (cp >= '0' && cp <= '9') return CharClass::Digit;
        return CharClass::Other;
    }
    const auto mask = U_GET_GC_MASK(static_cast<UChar32>(cp));
    if (mask & U_GC_L_MASK) return CharClass::Letter;
    if (mask & U_GC_ND_MASK) return CharClass::Digit;
    if (mask & (U_GC_MN_MASK | U_GC_MC_MASK | U_GC_ME_MASK)) return CharClass::Mark;
    return CharClass::Other;
}

bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }

bool is_ascii(std::string_view s) {
    return std::all_of(s.begin(), s.end(),
                       [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

}  // namespace

Analyzer::Analyzer() {
    (void)normalize_text("Đ\xCC\x81");
    (void)canonical_word("hoà");
}

std::string Analyzer::normalize(std::string_view bytes) const { return normalize_text(bytes); }

namespace {

// What split_words() fills in besides a token's offsets.
enum class Forms { Both, Folded, None };

// A text repeats a few thousand distinct syllables: each thread keeps the forms of the words
// with diacritics it has seen, so that a repeated one is a hash look-up instead of
// canonical_word() and fold_word() again (most of the tokenizer's time when indexing). Both are
// functions of the word's bytes alone, so a remembered form is always the right one. ASCII
// words (numbers, unaccented syllables) are cheap to analyse and are not kept. The table is
// emptied when it reaches kMaxWords, which bounds its memory to about 2 MiB a thread.
class WordForms {
  public:
    struct Entry {
        std::string exact;
        std::string folded;
    };

    const Entry& of(std::string_view raw) {
        if (auto it = m_words.find(raw); it != m_words.end()) return it->second;
        if (m_words.size() >= kMaxWords) m_words.clear();
        Entry entry{canonical_word(raw), fold_word(raw)};
        return m_words.emplace(std::string(raw), std::move(entry)).first->second;
    }

  private:
    static constexpr std::size_t kMaxWords = 16'384;
    struct Hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const noexcept {
            return std::hash<std::string_view>{}(s);
        }
    };
    std::unordered_map<std::string, Entry, Hash, std::equal_to<>> m_words;
};

// The word boundaries of tokenize(); Forms::Folded leaves Token::exact empty (folding a word
// does not need its canonical form), Forms::None both forms.
void split_words(std::string_view text, Forms forms,
                 const std::function<void(const Token&)>& on_token,
                 std::size_t max_tokens = std::numeric_limits<std::size_t>::max()) {
    Token token;
    std::size_t i = 0;
    std::size_t tokens = 0;
    const std::size_t n = text.size();
    while (i < n && tokens < max_tokens) {
        auto d = utf8::decode(text, i);
        CharClass c = classify(d.valid ? d.cp : 0xFFFD);
        if (c != CharClass::Letter && c != CharClass::Digit) {
            i += d.length;
            continue;
        }
        const std::size_t begin = i;
        bool all_digits = true;
        while (i < n) {
            auto e = utf8::decode(text, i);
            CharClass k = classify(e.valid ? e.cp : 0xFFFD);
            if (k == CharClass::Letter || k == CharClass::Mark) {
                all_digits = false;
                i += e.length;
            } else if (k == CharClass::Digit) {
                i += e.length;
            } else if (all_digits && (text[i] == '.' || text[i] == ',') && i + 1 < n &&
                       is_ascii_digit(text[i + 1]) && i > begin && is_ascii_digit(text[i - 1])) {
                // Vietnamese digit grouping and decimals stay one token: 1.860.728, 6.509,27
                i += 1;
            } else {
                break;
            }
        }
        const std::size_t end = i;
        if (end - begin > Analyzer::kMaxTokenBytes) continue;
        const std::string_view raw = text.substr(begin, end - begin);
        if (forms == Forms::Both && !is_ascii(raw)) {
            // Only here (indexing, and a query's few words): the folded forms alone, which
            // snippets ask for on every server thread, are cheap enough to compute again
            // rather than keep a table per thread.
            thread_local WordForms known;
            const WordForms::Entry& entry = known.of(raw);
            token.exact = entry.exact;
            token.folded = entry.folded;
        } else {
            if (forms == Forms::Both) token.exact = canonical_word(raw);
            if (forms != Forms::None) token.folded = fold_word(raw);
        }
        token.begin = begin;
        token.end = end;
        ++tokens;
        on_token(token);
    }
}

}  // namespace

void Analyzer::tokenize(std::string_view text,
                        const std::function<void(const Token&)>& on_token) const {
    split_words(text, Forms::Both, on_token);
}

void Analyzer::tokenize_folded(std::string_view text,
                               const std::function<void(const Token&)>& on_token) const {
    split_words(text, Forms::Folded, on_token);
}

std::vector<std::pair<std::size_t, std::size_t>> Analyzer::word_spans(std::string_view text,
                                                                      std::size_t max_words) const {
    std::vector<std::pair<std::size_t, std::size_t>> out;
    split_words(
        text, Forms::None, [&](const Token& t) { out.emplace_back(t.begin, t.end); }, max_words);
    return out;
}

std::vector<Token> Analyzer::tokens(std::string_view text) const {
    std::vector<Token> out;
    tokenize(text, [&](const Token& t) { out.push_back(t); });
    return out;
}

}  // namespace vanthu::core
