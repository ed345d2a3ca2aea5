// Snippet selection and highlighting. Offsets are byte offsets into the (normalised) stored
// text; lengths the user sees are counted in code points.
#include "vanthu/query/snippet.hpp"

#include <algorithm>
#include <iterator>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "vanthu/core/text.hpp"

namespace vanthu::query {
namespace {

// Above this many matches, later ones are not considered as window anchors: enough to find a
// good window, and it bounds the work for a 512 KiB text full of a common word.
constexpr std::size_t kMaxMarks = 20000;

constexpr std::string_view kEllipsis = "\u2026";

struct Mark {
    std::size_t begin = 0;
    std::size_t end = 0;
    std::string term;    // what counts as one distinct query term: "w:" folded / "n:" key
    std::string folded;  // folded word, for phrase detection ("" for numbers)
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

std::vector<Mark> find_marks(const core::Analyzer& analyzer, std::string_view text,
                             const HighlightTerms& terms,
                             std::vector<std::pair<std::size_t, std::size_t>>& token_spans) {
    std::vector<Mark> words;
    // Every exact query word has its folded form in terms.folded too: the folded form decides.
    analyzer.tokenize_folded(text, [&](const core::Token& t) {
        token_spans.emplace_back(t.begin, t.end);
        if (terms.folded.count(t.folded) > 0) {
            Mark m;
            m.begin = t.begin;
            m.end = t.end;
            m.term = "w:" + t.folded;
            m.folded = t.folded;
            m.token_index = token_spans.size() - 1;
            words.push_back(std::move(m));
        }
    });
    std::vector<Mark> numbers;
    if (!terms.number_keys.empty() || !terms.number_folded_keys.empty()) {
        for (const auto& n : analyzer.numbers(text)) {
            if (terms.number_keys.count(n.number.key) > 0 ||
                terms.number_folded_keys.count(n.number.folded_key) > 0) {
                Mark m;
                m.begin = n.begin;
                m.end = n.end;
                m.term = "n:" + n.number.folded_key;
                m.is_number = true;
                numbers.push_back(std::move(m));
            }
        }
    }
    // A number is highlighted as a whole; the word marks inside it ("tu" of "152-KH/TU") go.
    std::vector<Mark> marks;
    std::size_t k = 0;
    for (auto& w : words) {
        while (k < numbers.size() && numbers[k].end <= w.begin)
            marks.push_back(std::move(numbers[k++]));
        if (k < numbers.size() && numbers[k].begin < w.end) continue;  // overlaps a number
        marks.push_back(std::move(w));
    }
    while (k < numbers.size()) marks.push_back(std::move(numbers[k++]));
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

// Pairs of folded words that follow each other in a query phrase, "a\x1f" "b".
std::set<std::string> phrase_pairs(const HighlightTerms& terms) {
    std::set<std::string> pairs;
    for (const auto& p : terms.phrases) {
        for (std::size_t i = 1; i < p.size(); ++i) pairs.insert(p[i - 1] + '\x1f' + p[i]);
    }
    return pairs;
}

// The best window of marks [first, last] fitting in max_chars: the most distinct query terms,
// then the most query phrases in order, then the most marks; the earliest of equals.
struct Window {
    std::size_t distinct = 0;
    std::size_t in_phrase = 0;
    std::size_t first = 0;
    std::size_t last = 0;
};
Window best_window(const std::vector<Mark>& marks, const std::set<std::string>& pairs,
                   std::size_t max_chars) {
    Window best;
    std::tuple<std::size_t, std::size_t, std::size_t> best_score{0, 0, 0};
    for (std::size_t a = 0; a < marks.size(); ++a) {
        std::set<std::string_view> distinct{marks[a].term};
        std::size_t in_phrase = 0;
        std::size_t b = a;
        while (b + 1 < marks.size() && marks[b + 1].cp_end - marks[a].cp_begin <= max_chars) {
            const Mark& prev = marks[b];
            const Mark& next = marks[b + 1];
            if (!prev.is_number && !next.is_number && next.token_index == prev.token_index + 1 &&
                pairs.count(prev.folded + '\x1f' + next.folded) > 0) {
                ++in_phrase;
            }
            distinct.insert(next.term);
            ++b;
        }
        const std::tuple<std::size_t, std::size_t, std::size_t> score{distinct.size(), in_phrase,
                                                                      b - a + 1};
        if (score > best_score) {
            best_score = score;
            best = Window{distinct.size(), in_phrase, a, b};
        }
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

}  // namespace

std::string html_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) append_escaped(out, c);
    return out;
}

std::string make_snippet(const core::Analyzer& analyzer, std::string_view stored,
                         const HighlightTerms& terms, std::size_t max_chars) {
    if (stored.empty() || max_chars == 0) return {};
    // The indexer stores normalised text, but the slot is capped by bytes and may end inside
    // a UTF-8 sequence; normalising again repairs that (and is a no-op otherwise). Only the
    // part scanned is checked (cuts fall on spaces, so parts are checked independently).
    std::string repaired;
    std::string_view whole = stored;
    std::string_view text = stored;
    const std::set<std::string> pairs = phrase_pairs(terms);
    const std::size_t all_terms = terms.folded.size() + terms.number_folded_keys.size();
    std::vector<std::pair<std::size_t, std::size_t>> tokens;
    std::vector<Mark> marks;
    std::size_t checked = 0;  // whole[0, checked) is valid UTF-8
    for (std::size_t cut = scan_cut(whole, kFirstScanBytes);;) {
        if (repaired.empty() && !core::is_valid_utf8(whole.substr(checked, cut - checked))) {
            repaired = analyzer.normalize(stored);
            whole = repaired;
            checked = whole.size();
            cut = scan_cut(whole, kFirstScanBytes);
        }
        checked = std::max(checked, cut);
        tokens.clear();
        text = whole.substr(0, cut);
        marks = find_marks(analyzer, text, terms, tokens);
        if (cut == whole.size()) break;
        locate_marks(text, marks);
        const Window w = best_window(marks, pairs, max_chars);
        if (!marks.empty() && w.distinct >= all_terms && w.in_phrase >= pairs.size()) {
            // Nothing later can beat this window: scan just far enough for its context.
            const std::size_t need = marks[w.last].end + 4 * max_chars;
            if (cut >= need) break;
            cut = scan_cut(whole, need);
        } else {
            cut = scan_cut(whole, cut * kScanGrowth);
        }
    }

    std::size_t start = 0;
    std::size_t end = 0;
    std::size_t first = 0;  // marks[first, last) are inside the window
    std::size_t last = 0;
    if (marks.empty()) {
        end = advance_cps(text, 0, max_chars);
    } else {
        locate_marks(text, marks);
        const Window best = best_window(marks, pairs, max_chars);
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
    if (end < text.size() || text.size() < whole.size()) {
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
    const bool cut_after = end < whole.size() && has_visible(whole.substr(end));
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

}  // namespace vanthu::query
