// Snippet selection and highlighting. Offsets are byte offsets into the (normalised) stored
// text; lengths the user sees are counted in code points.
#include "vanthu/query/snippet.hpp"

#include <algorithm>
#include <functional>
#include <iterator>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include "vanthu/core/text.hpp"

namespace vanthu::query {
namespace {

// Above this many matches, later ones are not considered as window anchors: enough to find a
// good window, and it bounds the work for a 512 KiB text full of a common word.
constexpr std::size_t kMaxMarks = 20000;

constexpr std::string_view kEllipsis = "\u2026";

// Gives a text's first n bytes, fewer at its end.
using TextPrefix = std::function<std::string_view(std::size_t)>;

struct Mark {
    std::size_t begin = 0;
    std::size_t end = 0;
    std::size_t term = 0;  // which distinct query term (Terms): a folded word or a number key
    std::size_t token_index = 0;
    bool is_number = false;
    std::size_t cp_begin = 0;  // code point offsets, filled in later
    std::size_t cp_end = 0;
};

bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// Moves forward `n` code points from byte `pos`.
std::size_t advance_cps(std::string_view s, std::size_t pos, std::size_t n) {
    while (n > 0 && pos < s.size()) {
        ++pos;
        while (pos < s.size() && is_continuation(s[pos])) ++pos;
        --n;
    }
    return pos;
}

// Moves back `n` code points from byte `pos`.
std::size_t retreat_cps(std::string_view s, std::size_t pos, std::size_t n) {
    while (n > 0 && pos > 0) {
        --pos;
        while (pos > 0 && is_continuation(s[pos])) --pos;
        --n;
    }
    return pos;
}

std::size_t count_cps(std::string_view s) {
    std::size_t n = 0;
    for (char c : s) n += is_continuation(c) ? 0 : 1;
    return n;
}

bool has_visible(std::string_view s) {
    return s.find_first_not_of(" \t\n") != std::string_view::npos;
}

void append_escaped(std::string& out, char c) {
    switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&#39;";
            break;
        default:
            out += c;
    }
}

// Appends `s` HTML-escaped, with every run of whitespace as one space.
void append_text(std::string& out, std::string_view s, bool& last_was_space) {
    for (char c : s) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            if (!last_was_space) out += ' ';
            last_was_space = true;
            continue;
        }
        last_was_space = false;
        append_escaped(out, c);
    }
}

// The query's terms numbered: its folded words first, then the folded keys of its numbers
// (more when a text's number matches by its key only), and the pairs of words that follow each
// other in a query phrase.
class Terms {
  public:
    explicit Terms(const HighlightTerms& terms) {
        for (const std::string& w : terms.folded) m_ids.emplace(w, m_ids.size());
        m_words = m_ids.size();
        for (const std::string& k : terms.number_folded_keys) number(k);
        std::set<std::string> distinct_pairs;
        for (const auto& p : terms.phrases) {
            for (std::size_t i = 1; i < p.size(); ++i) {
                distinct_pairs.insert(p[i - 1] + '\x1f' + p[i]);
                const auto a = m_ids.find(p[i - 1]);
                const auto b = m_ids.find(p[i]);
                if (a != m_ids.end() && b != m_ids.end() && a->second < m_words &&
                    b->second < m_words) {
                    m_pairs.emplace(a->second, b->second);
                }
            }
        }
        m_pair_count = distinct_pairs.size();
    }

    // The id of a folded word of the query, or none.
    [[nodiscard]] std::optional<std::size_t> word(const std::string& folded) const {
        const auto it = m_ids.find(folded);
        if (it == m_ids.end() || it->second >= m_words) return std::nullopt;
        return it->second;
    }
    std::size_t number(const std::string& folded_key) {
        const auto it = m_ids.find("\x1fn" + folded_key);
        if (it != m_ids.end()) return it->second;
        return m_ids.emplace("\x1fn" + folded_key, m_ids.size()).first->second;
    }
    [[nodiscard]] bool pair(std::size_t a, std::size_t b) const {
        return m_pairs.count({a, b}) > 0;
    }
    [[nodiscard]] std::size_t count() const { return m_ids.size(); }
    // How many distinct pairs the query's phrases have.
    [[nodiscard]] std::size_t pairs() const { return m_pair_count; }

  private:
    std::unordered_map<std::string, std::size_t> m_ids;
    std::size_t m_words = 0;
    std::set<std::pair<std::size_t, std::size_t>> m_pairs;
    std::size_t m_pair_count = 0;
};

// The words of a text read so far and the query's words among them, read on from where the
// last part ended: parts end at scan_cut() places, where no word is split.
struct WordScan {
    std::size_t scanned = 0;
    std::vector<std::pair<std::size_t, std::size_t>> tokens;
    std::vector<Mark> words;

    void extend(const core::Analyzer& analyzer, std::string_view text, const Terms& terms) {
        if (text.size() <= scanned) return;
        const std::size_t base = scanned;
        analyzer.tokenize_folded(text.substr(base), [&](const core::Token& t) {
            tokens.emplace_back(base + t.begin, base + t.end);
            if (const auto id = terms.word(t.folded)) {
                Mark m;
                m.begin = base + t.begin;
                m.end = base + t.end;
                m.term = *id;
                m.token_index = tokens.size() - 1;
                words.push_back(m);
            }
        });
        scanned = text.size();
    }
};

// The marks of `text`: the query's words (from `scan`, which has read all of `text`) and
// numbers, a number highlighted as a whole.
std::vector<Mark> find_marks(const core::Analyzer& analyzer, std::string_view text,
                             const HighlightTerms& query, Terms& terms, const WordScan& scan) {
    std::vector<Mark> numbers;
    if (!query.number_keys.empty() || !query.number_folded_keys.empty()) {
        for (const auto& n : analyzer.numbers(text)) {
            if (query.number_keys.count(n.number.key) > 0 ||
                query.number_folded_keys.count(n.number.folded_key) > 0) {
                Mark m;
                m.begin = n.begin;
                m.end = n.end;
                m.term = terms.number(n.number.folded_key);
                m.is_number = true;
                numbers.push_back(m);
            }
        }
    }
    // The word marks inside a number ("tu" of "152-KH/TU") go.
    std::vector<Mark> marks;
    marks.reserve(scan.words.size() + numbers.size());
    std::size_t k = 0;
    for (const Mark& w : scan.words) {
        while (k < numbers.size() && numbers[k].end <= w.begin) marks.push_back(numbers[k++]);
        if (k < numbers.size() && numbers[k].begin < w.end) continue;  // overlaps a number
        marks.push_back(w);
    }
    while (k < numbers.size()) marks.push_back(numbers[k++]);
    if (marks.size() > kMaxMarks) marks.resize(kMaxMarks);
    return marks;
}

// Fills Mark::cp_begin / cp_end in one pass over the text (marks are sorted, disjoint).
void locate_marks(std::string_view text, std::vector<Mark>& marks) {
    std::size_t pos = 0;
    std::size_t cps = 0;
    auto walk_to = [&](std::size_t target) {
        cps += count_cps(text.substr(pos, target - pos));
        pos = target;
    };
    for (auto& m : marks) {
        walk_to(m.begin);
        m.cp_begin = cps;
        walk_to(m.end);
        m.cp_end = cps;
    }
}

// The best window of marks [first, last] fitting in max_chars: the most distinct query terms,
// then the most query phrases in order, then the most marks; the earliest of equals. One pass:
// the window's end only moves on as its start does.
struct Window {
    std::size_t distinct = 0;
    std::size_t in_phrase = 0;
    std::size_t first = 0;
    std::size_t last = 0;
};
Window best_window(const std::vector<Mark>& marks, const Terms& terms, std::size_t max_chars) {
    const std::size_t n = marks.size();
    // joins[i]: marks i and i + 1 are adjacent words of a query phrase.
    std::vector<char> joins(n, 0);
    for (std::size_t i = 0; i + 1 < n; ++i) {
        const Mark& prev = marks[i];
        const Mark& next = marks[i + 1];
        joins[i] = !prev.is_number && !next.is_number && next.token_index == prev.token_index + 1 &&
                   terms.pair(prev.term, next.term);
    }
    Window best;
    std::tuple<std::size_t, std::size_t, std::size_t> best_score{0, 0, 0};
    std::vector<std::size_t> count(terms.count(), 0);
    std::size_t distinct = 0;
    std::size_t in_phrase = 0;  // joins inside the window
    std::size_t end = 0;        // the window is marks[a, end)
    for (std::size_t a = 0; a < n; ++a) {
        auto take = [&](std::size_t i) {
            if (count[marks[i].term]++ == 0) ++distinct;
        };
        if (end == a) take(end++);
        while (end < n && marks[end].cp_end - marks[a].cp_begin <= max_chars) {
            take(end);
            in_phrase += joins[end - 1];
            ++end;
        }
        const std::tuple<std::size_t, std::size_t, std::size_t> score{distinct, in_phrase, end - a};
        if (score > best_score) {
            best_score = score;
            best = Window{distinct, in_phrase, a, end - 1};
        }
        if (--count[marks[a].term] == 0) --distinct;
        if (end > a + 1) in_phrase -= joins[a];
    }
    return best;
}

// Where a long text may be cut for scanning: at whitespace at or after `pos`, but not beside
// a separator, so that no word and no document number ("152-KH/ TU") is split. text.size()
// when there is no such place.
std::size_t scan_cut(std::string_view text, std::size_t pos) {
    auto separator = [](char c) { return c == '/' || c == '-' || c == '.' || c == ','; };
    for (std::size_t i = std::max<std::size_t>(pos, 1); i + 1 < text.size(); ++i) {
        const char c = text[i];
        if ((c == ' ' || c == '\n') && !separator(text[i - 1]) && !separator(text[i + 1]) &&
            text[i + 1] != ' ' && text[i + 1] != '\n') {
            return i;
        }
    }
    return text.size();
}

// Texts are analysed from the start in growing prefixes: most documents show every query term
// early, and analysing the rest of a long text (up to 512 KiB) would cost far more than the
// hit itself.
constexpr std::size_t kFirstScanBytes = 2048;
constexpr std::size_t kScanGrowth = 4;
// More than any stored text (schema::kMaxStoredText): "the whole text".
constexpr std::size_t kMaxTextBytes = std::size_t{1} << 30;

// Whether anything but whitespace follows the text's first `pos` bytes, read a little at a
// time.
template <typename View>
bool visible_after(const View& view, std::size_t pos) {
    for (std::size_t ahead = 256;; ahead *= 8) {
        const std::string_view part = view(pos + ahead);
        if (part.size() > pos && has_visible(part.substr(pos))) return true;
        if (part.size() < pos + ahead) return false;
    }
}

}  // namespace

std::string html_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) append_escaped(out, c);
    return out;
}

namespace {

// The snippet of a text read through `source`, which gives the text's first n bytes (fewer at
// its end): the whole text is read only when the query's terms are not found together sooner.
std::string snippet_of(const core::Analyzer& analyzer, const TextPrefix& source,
                       const HighlightTerms& terms, std::size_t max_chars) {
    if (max_chars == 0 || source(1).empty()) return {};
    // The indexer stores normalised text, but the slot is capped by bytes and may end inside
    // a UTF-8 sequence; normalising again repairs that (and is a no-op otherwise). Only the
    // part scanned is checked (cuts fall on spaces, so parts are checked independently).
    std::string repaired;
    bool is_repaired = false;
    auto view = [&](std::size_t n) -> std::string_view {
        return is_repaired ? std::string_view(repaired).substr(0, n) : source(n);
    };
    // Whether the text goes on after its first n bytes.
    auto goes_on = [&](std::size_t n) { return view(n + 1).size() > n; };
    // scan_cut() at or after `pos`, reading ahead only as far as it needs.
    auto cut_at = [&](std::size_t pos) {
        for (std::size_t ahead = 4096;; ahead *= 4) {
            const std::string_view part = view(pos + ahead);
            const std::size_t cut = scan_cut(part, pos);
            if (cut < part.size() || part.size() < pos + ahead) return cut;
        }
    };
    Terms ids(terms);
    const std::size_t all_terms = terms.folded.size() + terms.number_folded_keys.size();
    WordScan scan;
    std::vector<Mark> marks;
    std::string_view text;
    std::size_t checked = 0;  // the text's first `checked` bytes are valid UTF-8
    for (std::size_t cut = cut_at(kFirstScanBytes);;) {
        if (!is_repaired && !core::is_valid_utf8(view(cut).substr(checked))) {
            repaired = analyzer.normalize(source(kMaxTextBytes));
            is_repaired = true;
            checked = repaired.size();
            scan = WordScan{};  // offsets in the repaired text differ
            cut = cut_at(kFirstScanBytes);
        }
        checked = std::max(checked, cut);
        text = view(cut);
        scan.extend(analyzer, text, ids);
        marks = find_marks(analyzer, text, terms, ids, scan);
        if (!goes_on(cut)) break;
        locate_marks(text, marks);
        const Window w = best_window(marks, ids, max_chars);
        if (!marks.empty() && w.distinct >= all_terms && w.in_phrase >= ids.pairs()) {
            // Nothing later can beat this window: scan just far enough for its context.
            const std::size_t need = marks[w.last].end + 4 * max_chars;
            if (cut >= need) break;
            cut = cut_at(need);
        } else {
            cut = cut_at(cut * kScanGrowth);
        }
    }
    const std::vector<std::pair<std::size_t, std::size_t>>& tokens = scan.tokens;
    // Views of the text stay valid: `source` keeps what it has read, and `repaired` is not
    // changed again.

    std::size_t start = 0;
    std::size_t end = 0;
    std::size_t first = 0;  // marks[first, last) are inside the window
    std::size_t last = 0;
    if (marks.empty()) {
        end = advance_cps(text, 0, max_chars);
    } else {
        locate_marks(text, marks);
        const Window best = best_window(marks, ids, max_chars);
        const std::size_t best_a = best.first;
        const std::size_t best_b = best.last;
        first = best_a;
        last = best_b + 1;
        // Widen with context: a third of the room before the matches, the rest after; room
        // that cannot be used on one side (start or end of text) goes to the other.
        const std::size_t span = marks[best_b].cp_end - marks[best_a].cp_begin;
        const std::size_t room = max_chars > span ? max_chars - span : 0;
        std::size_t before = std::min(room / 3, marks[best_a].cp_begin);
        std::size_t after_end = advance_cps(text, marks[best_b].end, room - before);
        const std::size_t after_got =
            count_cps(text.substr(marks[best_b].end, after_end - marks[best_b].end));
        if (after_got < room - before) {
            before = std::min(room - after_got, marks[best_a].cp_begin);
        }
        start = retreat_cps(text, marks[best_a].begin, before);
        end = after_end;
        // Cut on word boundaries: start at a word, end after a word, never losing a match.
        auto first_token =
            std::lower_bound(tokens.begin(), tokens.end(), std::make_pair(start, std::size_t{0}));
        if (start > 0 && first_token != tokens.end()) {
            start = std::min(first_token->first, marks[best_a].begin);
        }
    }
    if (end < text.size() || goes_on(text.size())) {
        // The last word that ends inside the window.
        auto after =
            std::upper_bound(tokens.begin(), tokens.end(), end,
                             [](std::size_t pos, const auto& span) { return pos < span.second; });
        std::size_t cut = after == tokens.begin() ? end : std::prev(after)->second;
        if (last > first) cut = std::max(cut, marks[last - 1].end);
        if (cut > start) end = cut;
    }
    if (start > end) start = end;

    std::string out;
    const bool cut_before = start > 0 && has_visible(text.substr(0, start));
    const bool cut_after = visible_after(view, end);
    if (cut_before) out += kEllipsis;
    bool last_was_space = true;  // drops leading whitespace
    std::size_t pos = start;
    for (const Mark& m : marks) {  // every match inside the window, context included
        if (m.begin < pos || m.end > end) continue;
        append_text(out, text.substr(pos, m.begin - pos), last_was_space);
        out += "<mark>";
        append_text(out, text.substr(m.begin, m.end - m.begin), last_was_space);
        out += "</mark>";
        last_was_space = false;
        pos = m.end;
    }
    append_text(out, text.substr(pos, end - pos), last_was_space);
    while (!out.empty() && out.back() == ' ') out.pop_back();
    if (cut_after) out += kEllipsis;
    return out;
}

}  // namespace

std::string make_snippet(const core::Analyzer& analyzer, std::string_view text,
                         const HighlightTerms& terms, std::size_t max_chars) {
    return snippet_of(
        analyzer, [text](std::size_t n) { return text.substr(0, n); }, terms, max_chars);
}

std::string make_snippet(const core::Analyzer& analyzer, schema::TextReader& text,
                         const HighlightTerms& terms, std::size_t max_chars) {
    return snippet_of(
        analyzer, [&text](std::size_t n) { return text.prefix(n); }, terms, max_chars);
}

}  // namespace vanthu::query
