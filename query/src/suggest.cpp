// Suggestions (see suggest.hpp and docs/query-language.md, "Suggestions").
//
// Built once per index revision: the vocabulary of exact body words grouped by folded form
// (with document frequencies), the documents' own numbers and the issuers. Titles are not
// copied: the title field (S/SF terms) already is an index of them, so completions ask Xapian.
// Pair evidence for "did you mean" comes from phrase queries on the caller's handle, so that
// nothing mutable is shared between threads.
#include "vanthu/query/suggest.hpp"

#include <xapian.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "stored.hpp"
#include "vanthu/core/analyzer.hpp"
#include "vanthu/core/docnumber.hpp"
#include "vanthu/core/schema.hpp"
#include "vanthu/core/text.hpp"
#include "vanthu/core/utf8.hpp"
#include "vanthu/core/vocabulary.hpp"
#include "vanthu/query/fields.hpp"
#include "vanthu/query/lookup.hpp"

namespace vanthu::query {
namespace {

using Q = Xapian::Query;

// Longest input looked at: the query parser refuses more than 1000 bytes anyway.
constexpr std::size_t kMaxQueryBytes = 1000;
constexpr std::size_t kMaxPrefixBytes = 200;
// Words whose spelling may change in one call, and accented forms tried for each.
constexpr std::size_t kMaxWords = 12;
constexpr std::size_t kMaxCandidates = 4;
// Words a prefix being typed stands for in a title look-up.
constexpr std::size_t kTitlePrefixWords = 16;
// A spelling this many times rarer than the most frequent one of its folded form is not tried.
constexpr std::uint64_t kRareShare = 200;
// Word pairs counted in one call; pairs beyond it count as unseen.
constexpr int kMaxPairs = 64;
// Documents holding both words of a pair whose positions are read (see PairCounter).
constexpr Xapian::doccount kPairSample = 16;
// Pair counts remembered per revision of the index (PairMemo): emptied when this many.
constexpr std::size_t kMaxRememberedPairs = 1u << 16;
// Longest word (bytes) kept in the vocabulary; longer runs are not words people type.
constexpr std::size_t kMaxWordBytes = 40;
// Shortest folded word that may be corrected as a typo: shorter ones have too many neighbours.
constexpr std::size_t kMinTypoBytes = 3;
// Pair evidence outweighs word frequency: two words seen next to each other in the archive say
// more about what was meant than how common each is on its own.
constexpr double kPairWeight = 10.0;

const std::string kMiddleDot = " \u00B7 ";

bool is_ascii_lower_word(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s) {
        if (c < 'a' || c > 'z') return false;
    }
    return true;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// "20201030" -> "2020-10-30"; anything else -> "".
std::string iso_from_compact(const std::string& compact) {
    if (compact.size() != 8) return {};
    for (char c : compact) {
        if (c < '0' || c > '9') return {};
    }
    return compact.substr(0, 4) + "-" + compact.substr(4, 2) + "-" + compact.substr(6, 2);
}

std::string join_detail(const std::string& a, const std::string& b) {
    if (a.empty()) return b;
    if (b.empty()) return a;
    return a + kMiddleDot + b;
}

// Upper case of the letters Vietnamese uses (ICU is private to vanthu_core, and these few
// ranges are all a restored word can contain).
char32_t upper_letter(char32_t c) {
    if (c >= U'a' && c <= U'z') return c - 32;
    if (c >= 0xE0 && c <= 0xFE && c != 0xF7) return c - 0x20;
    if (c == 0x0103 || c == 0x0111 || c == 0x0129 || c == 0x0169) return c - 1;
    if (c == 0x01A1) return 0x01A0;
    if (c == 0x01B0) return 0x01AF;
    if (c >= 0x1EA1 && c <= 0x1EF9 && (c & 1) == 1) return c - 1;
    return c;
}

bool is_upper_letter(char32_t c) {
    if (c >= U'A' && c <= U'Z') return true;
    if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return true;
    if (c == 0x0102 || c == 0x0110 || c == 0x0128 || c == 0x0168 || c == 0x01A0 || c == 0x01AF) {
        return true;
    }
    return c >= 0x1EA0 && c <= 0x1EF8 && (c & 1) == 0;
}

bool is_letter_cp(char32_t c) {
    return (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z') || c >= 0xC0;
}

// `word` (lower case) written with the capitals of `typed`: "Hien" -> "Hiến", "HIEN" -> "HIẾN".
std::string with_case_of(std::string_view typed, const std::string& word) {
    std::size_t letters = 0;
    std::size_t upper = 0;
    bool first_upper = false;
    for (std::size_t i = 0; i < typed.size();) {
        const auto d = core::utf8::decode(typed, i);
        i += d.length;
        if (!is_letter_cp(d.cp)) continue;
        const bool up = is_upper_letter(d.cp);
        if (letters == 0) first_upper = up;
        ++letters;
        if (up) ++upper;
    }
    if (!first_upper) return word;
    const bool all = letters > 1 && upper == letters;
    std::string out;
    out.reserve(word.size() + 4);
    bool done_first = false;
    for (std::size_t i = 0; i < word.size();) {
        const auto d = core::utf8::decode(word, i);
        i += d.length;
        char32_t c = d.cp;
        if (all || !done_first) c = upper_letter(c);
        done_first = true;
        core::utf8::append(out, c);
    }
    return out;
}

// Lower-case folded words of a text: "BAN TUYÊN GIÁO – TỈNH ỦY" -> ban tuyen giao tinh uy.
std::vector<std::string> folded_words(std::string_view text) {
    const std::string folded = core::fold_text(text);
    std::vector<std::string> out;
    std::string cur;
    for (std::size_t i = 0; i <= folded.size(); ++i) {
        const char c = i < folded.size() ? folded[i] : ' ';
        const auto u = static_cast<unsigned char>(c);
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || u >= 0x80) {
            cur += (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
        } else if (c >= 'A' && c <= 'Z') {
            cur += static_cast<char>(c + 32);
        } else if (!cur.empty()) {
            out.push_back(std::move(cur));
            cur.clear();
        }
    }
    return out;
}

bool starts_with(std::string_view s, std::string_view prefix) {
    return s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}

// The search key of a typed (partial) number: case-folded, folded, no spaces, no leading
// zeros in the serial, as the index keys are ("01 -BC" -> "1-bc").
std::string typed_number_key(std::string_view typed) {
    std::string out;
    for (char c : core::fold_text(typed)) {
        if (is_space(c)) continue;
        out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
    }
    std::size_t zeros = 0;
    while (zeros + 1 < out.size() && out[zeros] == '0' && out[zeros + 1] >= '0' &&
           out[zeros + 1] <= '9') {
        ++zeros;
    }
    return out.substr(zeros);
}

struct Form {
    std::string exact;
    std::uint32_t df = 0;
};

struct Group {
    std::string fold;
    std::uint32_t begin = 0;
    std::uint32_t count = 0;
    std::uint64_t total = 0;  // sum of the forms' document frequencies
};

// Kept small: there is one per document carrying a number (100k in a large archive).
struct NumberEntry {
    std::string key;  // folded key, "152-kh/tu"
    std::string canonical;
    Xapian::docid docid = 0;
    std::uint32_t date = 0;  // YYYYMMDD, 0 when unknown
    std::uint32_t type = 0;  // index into Impl::type_names
};

// A number cited by documents of the index, whether or not one of them carries it.
struct CitedEntry {
    std::string key;        // folded key
    std::string exact_key;  // the XC term's key ("Đ" kept)
    std::uint32_t citing = 0;
};

struct IssuerEntry {
    std::string text;
    std::size_t count = 0;
    std::vector<std::string> words;  // folded words of the value and of its expansion
};

// One word of a query being rewritten.
struct Cand {
    std::string exact;
    std::uint32_t df = 0;
};

struct Slot {
    std::size_t begin = 0;  // bytes in the normalised query
    std::size_t end = 0;
    std::string exact;        // the token's exact form
    bool changeable = false;  // typed without diacritics, or unknown: may be rewritten
    std::vector<Cand> cands;  // never empty
};

// Pair counts already made on one revision of the index. A count depends on the index alone,
// and a search box's queries share their pairs of words ("uy ban", "ke hoach"): a server asks
// for the same pairs again and again, from all its threads. The first revision asked about
// after a commit replaces the counts of the one before.
class PairMemo {
  public:
    std::optional<double> find(const detail::Revision& revision, const std::string& pair) const {
        const std::lock_guard<std::mutex> lock(m_mutex);
        if (revision != m_revision) return std::nullopt;
        const auto it = m_counts.find(pair);
        if (it == m_counts.end()) return std::nullopt;
        return it->second;
    }

    void keep(const detail::Revision& revision, std::string pair, double count) {
        const std::lock_guard<std::mutex> lock(m_mutex);
        if (revision != m_revision || m_counts.size() >= kMaxRememberedPairs) {
            m_counts.clear();
            m_revision = revision;
        }
        m_counts.emplace(std::move(pair), count);
    }

  private:
    mutable std::mutex m_mutex;
    detail::Revision m_revision;
    std::unordered_map<std::string, double> m_counts;
};

}  // namespace

struct Suggester::Impl {
    SuggestOptions options;
    Xapian::rev revision = 0;
    core::Analyzer analyzer;

    std::vector<Form> forms;                // grouped by fold, most frequent first
    std::vector<Group> groups;              // sorted by fold: its forms in `forms`
    std::vector<NumberEntry> numbers;       // sorted by key
    std::vector<std::string> type_names;    // NumberEntry::type; [0] is ""
    std::vector<CitedEntry> cited;          // sorted by key
    std::vector<IssuerEntry> issuers;       // most documents first
    std::vector<std::string> secret_terms;  // "XMmat", … present in the index
    mutable PairMemo pair_memo;             // did-you-mean's pair counts

    // ---- building ----------------------------------------------------------------------

    void build(Xapian::Database& db) {
        revision = db.get_revision();
        for (auto it = db.allterms_begin(std::string(schema::kPrefixSecrecy));
             it != db.allterms_end(std::string(schema::kPrefixSecrecy)); ++it) {
            secret_terms.push_back(*it);
        }
        std::vector<Xapian::docid> secret;
        if (options.hide_secret) {
            for (const auto& t : secret_terms) {
                for (auto p = db.postlist_begin(t); p != db.postlist_end(t); ++p) {
                    secret.push_back(*p);
                }
            }
            std::sort(secret.begin(), secret.end());
            secret.erase(std::unique(secret.begin(), secret.end()), secret.end());
        }
        // Terms of secret documents, walked through their term lists (they are few): body
        // words and cited numbers, whose document frequencies must not count them.
        std::unordered_map<std::string, std::uint32_t> hidden;
        const std::string cited_prefix(schema::kPrefixCitedNumber);
        for (Xapian::docid id : secret) {
            for (auto t = db.termlist_begin(id); t != db.termlist_end(id); ++t) {
                const std::string& term = *t;
                if (term.empty()) continue;
                if (static_cast<unsigned char>(term[0]) >= 'a' || starts_with(term, cited_prefix)) {
                    ++hidden[term];
                }
            }
        }
        build_vocabulary(db, hidden);
        build_numbers(db, secret);
        build_cited(db, hidden);
        build_issuers(db, secret);
    }

    static std::uint32_t visible_df(const std::unordered_map<std::string, std::uint32_t>& hidden,
                                    const std::string& term, std::uint32_t df) {
        if (hidden.empty()) return df;
        auto h = hidden.find(term);
        if (h == hidden.end()) return df;
        return df > h->second ? df - h->second : 0;
    }

    static bool is_secret(const std::vector<Xapian::docid>& secret, Xapian::docid id) {
        return std::binary_search(secret.begin(), secret.end(), id);
    }

    void build_vocabulary(Xapian::Database& db,
                          const std::unordered_map<std::string, std::uint32_t>& hidden) {
        struct Raw {
            std::string fold;
            Form form;
        };
        std::vector<Raw> raw;
        // Prefixes are upper-case ASCII and digits sort before them: every term from "a" on is
        // an unprefixed body word (lower-case ASCII or starting with a non-ASCII letter).
        auto it = db.allterms_begin();
        it.skip_to("a");
        for (; it != db.allterms_end(); ++it) {
            const std::string term = *it;
            if (term.size() > kMaxWordBytes) continue;
            bool ascii = true;
            bool letters = true;
            for (char c : term) {
                const auto u = static_cast<unsigned char>(c);
                if (u >= 0x80) {
                    ascii = false;
                } else if (c < 'a' || c > 'z') {
                    letters = false;
                    break;
                }
            }
            if (!letters) continue;
            const std::uint32_t df = visible_df(hidden, term, it.get_termfreq());
            if (df == 0) continue;
            std::string fold = ascii ? term : core::fold_word(term);
            if (!is_ascii_lower_word(fold)) continue;  // other scripts: not typed unaccented
            raw.push_back(Raw{std::move(fold), Form{term, df}});
        }
        std::sort(raw.begin(), raw.end(), [](const Raw& a, const Raw& b) {
            if (a.fold != b.fold) return a.fold < b.fold;
            if (a.form.df != b.form.df) return a.form.df > b.form.df;
            return a.form.exact < b.form.exact;
        });
        forms.reserve(raw.size());
        for (std::size_t i = 0; i < raw.size();) {
            std::size_t j = i;
            Group g;
            g.begin = static_cast<std::uint32_t>(forms.size());
            while (j < raw.size() && raw[j].fold == raw[i].fold) {
                g.total += raw[j].form.df;
                forms.push_back(std::move(raw[j].form));
                ++j;
            }
            g.count = static_cast<std::uint32_t>(j - i);
            g.fold = std::move(raw[i].fold);
            groups.push_back(std::move(g));
            i = j;
        }
    }

    void build_numbers(Xapian::Database& db, const std::vector<Xapian::docid>& secret) {
        // Carriers of an own number (XO terms; XOF are their folded twins).
        const std::string prefix(schema::kPrefixOwnNumber);
        std::unordered_map<Xapian::docid, std::string> carrier_key;
        for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix); ++it) {
            const std::string term = *it;
            if (term.size() <= prefix.size() || term[prefix.size()] < '0' ||
                term[prefix.size()] > '9') {
                continue;  // XOF…: keys start with the serial's digits
            }
            const std::string key = core::fold_text(term.substr(prefix.size()));
            for (auto p = db.postlist_begin(term); p != db.postlist_end(term); ++p) {
                if (!is_secret(secret, *p)) carrier_key.emplace(*p, key);
            }
        }
        if (carrier_key.empty()) return;
        // Canonical text, type and date of the carriers, from the value streams (much cheaper
        // than opening each document).
        std::unordered_map<Xapian::docid, NumberEntry> entries;
        entries.reserve(carrier_key.size());
        for (auto& [id, key] : carrier_key) entries[id].key = std::move(key);
        auto stream = [&](Xapian::valueno slot, auto&& store) {
            for (auto v = db.valuestream_begin(slot); v != db.valuestream_end(slot); ++v) {
                auto e = entries.find(v.get_docid());
                if (e != entries.end()) store(e->second, *v);
            }
        };
        type_names.assign(1, std::string());
        std::unordered_map<std::string, std::uint32_t> type_index;
        stream(schema::kSlotNumber, [](NumberEntry& e, const std::string& v) { e.canonical = v; });
        stream(schema::kSlotDate, [](NumberEntry& e, const std::string& v) {
            if (!iso_from_compact(v).empty()) e.date = static_cast<std::uint32_t>(std::stoul(v));
        });
        stream(schema::kSlotType, [&](NumberEntry& e, const std::string& v) {
            auto [it, added] = type_index.emplace(v, static_cast<std::uint32_t>(type_names.size()));
            if (added) type_names.push_back(v);
            e.type = it->second;
        });
        numbers.reserve(entries.size());
        for (auto& [id, e] : entries) {
            if (e.canonical.empty()) continue;
            e.docid = id;
            numbers.push_back(std::move(e));
        }
        // Each format of a file is a document: one entry per number and date, the first id.
        std::sort(numbers.begin(), numbers.end(), [](const NumberEntry& a, const NumberEntry& b) {
            if (a.key != b.key) return a.key < b.key;
            if (a.date != b.date) return a.date > b.date;
            if (a.canonical != b.canonical) return a.canonical < b.canonical;
            return a.docid < b.docid;
        });
        numbers.erase(std::unique(numbers.begin(), numbers.end(),
                                  [](const NumberEntry& a, const NumberEntry& b) {
                                      return a.key == b.key && a.date == b.date &&
                                             a.canonical == b.canonical;
                                  }),
                      numbers.end());
        numbers.shrink_to_fit();
    }

    void build_cited(Xapian::Database& db,
                     const std::unordered_map<std::string, std::uint32_t>& hidden) {
        const std::string prefix(schema::kPrefixCitedNumber);
        for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix); ++it) {
            const std::string term = *it;
            if (term.size() <= prefix.size() || term[prefix.size()] < '0' ||
                term[prefix.size()] > '9') {
                continue;  // XCF…
            }
            const std::uint32_t df = visible_df(hidden, term, it.get_termfreq());
            if (df == 0) continue;
            std::string key = term.substr(prefix.size());
            cited.push_back(CitedEntry{core::fold_text(key), std::move(key), df});
        }
        std::sort(cited.begin(), cited.end(), [](const CitedEntry& a, const CitedEntry& b) {
            return a.key != b.key ? a.key < b.key : a.citing > b.citing;
        });
        cited.shrink_to_fit();
    }

    void build_issuers(Xapian::Database& db, const std::vector<Xapian::docid>& secret) {
        std::map<std::string, std::size_t> counts;
        const auto slot = schema::kSlotIssuer;
        for (auto v = db.valuestream_begin(slot); v != db.valuestream_end(slot); ++v) {
            if ((*v).empty() || is_secret(secret, v.get_docid())) continue;
            ++counts[*v];
        }
        for (auto& [text, count] : counts) {
            IssuerEntry e;
            e.text = text;
            e.count = count;
            e.words = folded_words(text);
            for (auto& w : folded_words(core::expand_abbreviations(text))) {
                e.words.push_back(std::move(w));
            }
            std::sort(e.words.begin(), e.words.end());
            e.words.erase(std::unique(e.words.begin(), e.words.end()), e.words.end());
            issuers.push_back(std::move(e));
        }
        std::sort(issuers.begin(), issuers.end(), [](const IssuerEntry& a, const IssuerEntry& b) {
            return a.count != b.count ? a.count > b.count : a.text < b.text;
        });
    }

    // ---- vocabulary look-ups -----------------------------------------------------------

    const Group* group_of(const std::string& fold) const {
        auto it = std::lower_bound(groups.begin(), groups.end(), fold,
                                   [](const Group& g, const std::string& f) { return g.fold < f; });
        return it == groups.end() || it->fold != fold ? nullptr : &*it;
    }

    std::uint32_t df_of(const std::string& exact, const std::string& fold) const {
        const Group* g = group_of(fold);
        if (!g) return 0;
        for (std::uint32_t k = 0; k < g->count; ++k) {
            if (forms[g->begin + k].exact == exact) return forms[g->begin + k].df;
        }
        return 0;
    }

    // The most frequent spellings of a group, leaving out those hundreds of times rarer than
    // the first (stray OCR slips): they would cost pair counts and never win.
    void add_forms(const Group& g, std::size_t max, std::vector<Cand>& out) const {
        const std::uint64_t top = g.count > 0 ? forms[g.begin].df : 0;
        for (std::uint32_t k = 0; k < g.count && k < max; ++k) {
            const Form& f = forms[g.begin + k];
            if (k > 0 && std::uint64_t(f.df) * kRareShare < top) break;
            out.push_back(Cand{f.exact, f.df});
        }
    }

    // Folded words one edit away (delete, transpose, replace, insert) that the index knows,
    // most frequent first.
    std::vector<const Group*> near_groups(const std::string& fold) const {
        std::vector<const Group*> found;
        auto probe = [&](const std::string& s) {
            if (const Group* g = group_of(s)) {
                if (std::find(found.begin(), found.end(), g) == found.end()) found.push_back(g);
            }
        };
        std::string s;
        for (std::size_t i = 0; i < fold.size(); ++i) {
            s = fold;
            s.erase(i, 1);
            probe(s);
            if (i + 1 < fold.size() && fold[i] != fold[i + 1]) {
                s = fold;
                std::swap(s[i], s[i + 1]);
                probe(s);
            }
            for (char c = 'a'; c <= 'z'; ++c) {
                if (c == fold[i]) continue;
                s = fold;
                s[i] = c;
                probe(s);
            }
        }
        for (std::size_t i = 0; i <= fold.size(); ++i) {
            for (char c = 'a'; c <= 'z'; ++c) {
                s = fold;
                s.insert(i, 1, c);
                probe(s);
            }
        }
        std::sort(found.begin(), found.end(), [](const Group* a, const Group* b) {
            return a->total != b->total ? a->total > b->total : a->fold < b->fold;
        });
        return found;
    }

    // The most frequent folded words starting with `prefix` (a word being typed).
    std::vector<const Group*> groups_with_prefix(const std::string& prefix, std::size_t max) const {
        std::vector<const Group*> found;
        auto it = std::lower_bound(groups.begin(), groups.end(), prefix,
                                   [](const Group& g, const std::string& p) { return g.fold < p; });
        // A one-letter prefix spans thousands of words: a bounded slice is enough to find
        // frequent ones.
        constexpr std::size_t kScan = 50000;
        for (std::size_t n = 0; it != groups.end() && n < kScan && starts_with(it->fold, prefix);
             ++it, ++n) {
            found.push_back(&*it);
        }
        const auto by_total = [](const Group* a, const Group* b) {
            return a->total != b->total ? a->total > b->total : a->fold < b->fold;
        };
        if (found.size() > max) {
            std::partial_sort(found.begin(), found.begin() + static_cast<std::ptrdiff_t>(max),
                              found.end(), by_total);
            found.resize(max);
        }
        return found;
    }

    // ---- did you mean ------------------------------------------------------------------

    Q secret_filter() const { return Q(Q::OP_OR, secret_terms.begin(), secret_terms.end()); }

    // Documents where `a b` occur as a phrase: up to kPairSample documents holding both words
    // are read, the rest estimated from the share of those that do. Xapian's own OP_PHRASE
    // would read the positions of every document holding both words when the pair is rare, and
    // two frequent words that seldom touch ("hiện", "kế" when "hiến kế" was meant) are the
    // usual case here; the sample bounds a pair to 2 * kPairSample position lists.
    //
    // Positions are indexed on folded forms only (docs/schema.md), so the lists say where the
    // folded words touch: "hien ke" stands for "hiến kế" and for the "hiện kế" of "thực hiện
    // kế hoạch". Where each word is the only spelling of its folded form in the document (the
    // usual case: its count equals the folded form's), touching is the answer; otherwise the
    // words at the touching places are read from the document's stored text.
    class PairCounter {
      public:
        PairCounter(const Impl& impl, Xapian::Database& db)
            : m_impl(impl), m_db(db), m_revision(detail::revision_of(db)) {}

        // The pair's count, made once per revision of the index.
        double count(const std::string& a, const std::string& b) {
            if (!m_revision) return count_now(a, b);
            std::string pair = a + '\0' + b;
            if (auto known = m_impl.pair_memo.find(*m_revision, pair)) return *known;
            const double n = count_now(a, b);
            m_impl.pair_memo.keep(*m_revision, std::move(pair), n);
            return n;
        }

      private:
        double count_now(const std::string& a, const std::string& b) {
            const Word wa = word(a);
            const Word wb = word(b);
            // No document has the two next to each other in any spelling (their pair term,
            // docs/schema.md): the count is 0 without reading a position.
            if (m_db.get_termfreq(schema::pair_term(wa.folded, wb.folded)) == 0) return 0;
            Q q(Q::OP_AND, Q(a), Q(b));
            if (m_impl.options.hide_secret && !m_impl.secret_terms.empty()) {
                q = Q(Q::OP_AND_NOT, q, m_impl.secret_filter());
            }
            Xapian::Enquire enquire(m_db);
            enquire.set_query(q);
            enquire.set_weighting_scheme(Xapian::BoolWeight());
            const Xapian::MSet mset = enquire.get_mset(0, kPairSample, kPairSample);
            if (mset.empty()) return 0;
            m_docs.clear();
            for (auto it = mset.begin(); it != mset.end(); ++it) m_docs.push_back(*it);
            std::sort(m_docs.begin(), m_docs.end());
            std::size_t adjacent = 0;
            for (Xapian::docid id : m_docs) {
                if (touch(wa, wb, id)) ++adjacent;
            }
            const double checked = static_cast<double>(mset.size());
            const double all = std::max(checked, double(mset.get_matches_estimated()));
            return static_cast<double>(adjacent) * all / checked;
        }

        // An exact body word, the term carrying its positions, and its folded form.
        struct Word {
            std::string exact;
            std::string positional;  // the word itself, or XF + its folded form
            std::string folded;
        };

        static Word word(const std::string& exact) {
            std::string fold = core::fold_word(exact);
            if (fold == exact) return Word{exact, exact, fold};
            return Word{exact, schema::term(schema::kPrefixFolded, fold), fold};
        }

        // The stored text of a document, read as far as its first words are needed, and
        // where those words are.
        struct Text {
            explicit Text(std::string packed) : reader(std::move(packed)) {}
            schema::TextReader reader;
            std::vector<std::pair<std::size_t, std::size_t>> spans;
            bool all = false;      // spans holds every word of the text
            std::size_t read = 0;  // where the words in spans end: the text read on from there
        };

        // Whether `a b` occurs in document `id`.
        bool touch(const Word& a, const Word& b, Xapian::docid id) {
            const auto& pa = positions(a.positional, id);
            const auto& pb = positions(b.positional, id);
            std::vector<Xapian::termpos> places;
            std::size_t j = 0;
            for (Xapian::termpos p : pa) {
                while (j < pb.size() && pb[j] <= p) ++j;
                if (j < pb.size() && pb[j] == p + 1) places.push_back(p);
            }
            if (places.empty()) return false;
            if (only_spelling(a, id) && only_spelling(b, id)) return true;
            for (Xapian::termpos p : places) {
                // Position p is the p-th word; past the stored text (a text cut at
                // kMaxStoredText, or a file name after the body) the words are unknown. The
                // text is read only as far as the place checked: the first place often has
                // the pair.
                const Text& doc = text(id, p + 1);
                if (p + 1 > doc.spans.size()) return true;
                if (word_at(doc, p) == a.exact && word_at(doc, p + 1) == b.exact) return true;
            }
            return false;
        }

        static std::string word_at(const Text& doc, Xapian::termpos p) {
            const auto& [begin, end] = doc.spans[p - 1];
            return core::canonical_word(doc.reader.read().substr(begin, end - begin));
        }

        // Whether every word of the document folding like `w` is `w` (counts are equal).
        bool only_spelling(const Word& w, Xapian::docid id) {
            return w.positional == w.exact || wdf(w.exact, id) == wdf(w.positional, id);
        }

        // The term's count in document `id`. The first time a term is asked for, its counts
        // in all the pair's documents are read in one pass along its posting list.
        Xapian::termcount wdf(const std::string& term, Xapian::docid id) {
            if (auto it = m_wdf.find(std::make_pair(term, id)); it != m_wdf.end()) {
                return it->second;
            }
            Xapian::PostingIterator p = m_db.postlist_begin(term);
            const Xapian::PostingIterator end = m_db.postlist_end(term);
            for (Xapian::docid d : m_docs) {
                if (p != end) p.skip_to(d);
                m_wdf.emplace(std::make_pair(term, d), p != end && *p == d ? p.get_wdf() : 0);
            }
            return m_wdf.emplace(std::make_pair(term, id), 0).first->second;
        }

        // The document's stored text with the spans of (at least) its first `words` words.
        const Text& text(Xapian::docid id, std::size_t words) {
            auto it = m_texts.find(id);
            if (it == m_texts.end()) {
                it = m_texts.emplace(id, Text(m_db.get_document(id).get_value(schema::kSlotText)))
                         .first;
            }
            Text& t = it->second;
            // Read on (twice as far each time) until spans holds `words` words or the text
            // ends. A part's last word may be cut short by the part's end: it is dropped, and
            // the next part is read from where the words kept end.
            for (std::size_t bytes = std::max(t.reader.read().size() * 2, words * 8);
                 !t.all && t.spans.size() < words; bytes *= 2) {
                const std::string_view part = t.reader.prefix(bytes);
                const bool whole = part.size() < bytes;
                auto more = m_impl.analyzer.word_spans(part.substr(t.read));
                if (!whole && !more.empty()) more.pop_back();
                for (const auto& [begin, end] : more) {
                    t.spans.emplace_back(t.read + begin, t.read + end);
                }
                if (!t.spans.empty()) t.read = t.spans.back().second;
                t.all = whole;
            }
            return t;
        }

        // Several pairs share a word and its documents: each position list is read once.
        const std::vector<Xapian::termpos>& positions(const std::string& term, Xapian::docid id) {
            auto key = std::make_pair(term, id);
            auto it = m_cache.find(key);
            if (it != m_cache.end()) return it->second;
            std::vector<Xapian::termpos> pos;
            for (auto p = m_db.positionlist_begin(id, term); p != m_db.positionlist_end(id, term);
                 ++p) {
                pos.push_back(*p);
            }
            return m_cache.emplace(std::move(key), std::move(pos)).first->second;
        }

        const Impl& m_impl;
        Xapian::Database& m_db;
        std::map<std::pair<std::string, Xapian::docid>, std::vector<Xapian::termpos>> m_cache;
        std::map<std::pair<std::string, Xapian::docid>, Xapian::termcount> m_wdf;
        std::map<Xapian::docid, Text> m_texts;
        std::vector<Xapian::docid> m_docs;           // the documents of the pair being counted
        std::optional<detail::Revision> m_revision;  // none: nothing is remembered
    };

    // Protected byte ranges of the query: document numbers, operators, field prefixes and the
    // values of fields that are not words (so:, nam:, ngay:), URLs.
    static std::vector<std::pair<std::size_t, std::size_t>> protected_ranges(
        const std::string& text, const std::vector<core::NumberMatch>& nums) {
        std::vector<std::pair<std::size_t, std::size_t>> out;
        for (const auto& m : nums) out.emplace_back(m.begin, m.end);
        auto is_quote = [&](std::size_t i) {
            return text[i] == '"' || text.compare(i, 3, "\u201C") == 0 ||
                   text.compare(i, 3, "\u201D") == 0 || text.compare(i, 3, "\u201E") == 0;
        };
        auto value_end = [&](std::size_t i) {
            // A parenthesised group or a quoted value runs to its end; a word to a space.
            if (i < text.size() && text[i] == '(') {
                int depth = 0;
                for (std::size_t j = i; j < text.size(); ++j) {
                    if (text[j] == '(') ++depth;
                    if (text[j] == ')' && --depth == 0) return j + 1;
                }
                return text.size();
            }
            if (i < text.size() && is_quote(i)) {
                const std::size_t q = text[i] == '"' ? 1 : 3;
                for (std::size_t j = i + q; j < text.size(); ++j) {
                    if (is_quote(j)) return j + (text[j] == '"' ? 1 : 3);
                }
                return text.size();
            }
            std::size_t j = i;
            while (j < text.size() && !is_space(text[j]) && text[j] != ')') ++j;
            return j;
        };
        std::size_t i = 0;
        while (i < text.size()) {
            if (is_space(text[i]) || text[i] == '(' || text[i] == ')' || text[i] == '"') {
                ++i;
                continue;
            }
            std::size_t j = i;
            while (j < text.size() && !is_space(text[j]) && text[j] != '(' && text[j] != ')' &&
                   text[j] != '"') {
                ++j;
            }
            const std::string_view chunk(text.data() + i, j - i);
            if (chunk == "AND" || chunk == "OR" || chunk == "NOT" ||
                chunk.find("://") != std::string_view::npos) {
                out.emplace_back(i, j);
            } else if (const auto colon = chunk.find(':'); colon != std::string_view::npos) {
                std::size_t name = 0;
                while (name < colon && (chunk[name] == '-' || chunk[name] == '+')) ++name;
                if (auto field = field_for_name(chunk.substr(name, colon - name))) {
                    const std::size_t value = i + colon + 1;
                    std::size_t end = value;
                    if (*field == Field::Number || *field == Field::Year || *field == Field::Date) {
                        end = value_end(value);
                    }
                    out.emplace_back(i, end);
                    if (end > j) j = end;
                }
            }
            i = j;
        }
        return out;
    }

    // The rewritten query, or nullopt. `last_partial`: the last word may be unfinished (being
    // typed), so it is only restored when it is a known word, never corrected.
    std::optional<std::string> rewrite(const std::string& query, Xapian::Database& db,
                                       bool last_partial) const {
        if (query.size() > kMaxQueryBytes) return std::nullopt;
        const std::string text = core::normalize_text(query);
        const auto nums = core::find_doc_numbers(text, core::ScanMode::Query);
        const auto prot = protected_ranges(text, nums);
        std::vector<core::Token> tokens = analyzer.tokens(text);
        if (tokens.empty()) return std::nullopt;

        std::vector<Slot> slots;
        std::vector<bool> linked;  // linked[k]: slots[k] follows slots[k-1] as a pair
        bool any_accented = false;
        bool all_known = true;
        std::size_t changeable = 0;
        for (std::size_t t = 0; t < tokens.size(); ++t) {
            const core::Token& tok = tokens[t];
            bool fixed = false;
            for (const auto& [b, e] : prot) {
                if (tok.begin < e && tok.end > b) {
                    fixed = true;
                    break;
                }
            }
            if (fixed) continue;
            Slot s;
            s.begin = tok.begin;
            s.end = tok.end;
            s.exact = tok.exact;
            const bool word = is_ascii_lower_word(tok.folded) && tok.exact.size() <= kMaxWordBytes;
            const bool accented = tok.has_diacritics();
            const std::uint32_t df = word ? df_of(tok.exact, tok.folded) : 0;
            if (accented) any_accented = true;
            if (word && df == 0) all_known = false;
            const bool last = t + 1 == tokens.size() && last_partial;
            if (word && changeable < kMaxWords && (!accented || df == 0)) {
                if (const Group* g = group_of(tok.folded)) {
                    add_forms(*g, kMaxCandidates, s.cands);
                } else if (!last && tok.folded.size() >= kMinTypoBytes) {
                    for (const Group* n : near_groups(tok.folded)) {
                        if (s.cands.size() >= kMaxCandidates) break;
                        add_forms(*n, 2, s.cands);
                    }
                    if (s.cands.size() > kMaxCandidates) s.cands.resize(kMaxCandidates);
                }
                if (!s.cands.empty()) {
                    s.changeable = true;
                    ++changeable;
                }
            }
            if (s.cands.empty()) s.cands.push_back(Cand{tok.exact, df});
            // Words form a pair only when nothing but spaces (or a hyphen inside a word, as
            // in "kinh-te") separates them: quotes, operators, numbers and commas break it.
            bool link = false;
            if (!slots.empty()) {
                const std::size_t gap_begin = slots.back().end;
                const std::string_view gap(text.data() + gap_begin, tok.begin - gap_begin);
                link =
                    gap == "-" || (!gap.empty() && std::all_of(gap.begin(), gap.end(), is_space));
                for (const auto& [b, e] : prot) {
                    if (b < tok.begin && e > gap_begin) link = false;
                }
            }
            linked.push_back(link);
            slots.push_back(std::move(s));
        }
        if (changeable == 0) return std::nullopt;
        if (any_accented && all_known) return std::nullopt;

        choose(db, slots, linked);

        std::string out;
        std::size_t pos = 0;
        for (const Slot& s : slots) {
            if (!s.changeable || s.cands.front().exact == s.exact) continue;
            out.append(text, pos, s.begin - pos);
            out += with_case_of(std::string_view(text).substr(s.begin, s.end - s.begin),
                                s.cands.front().exact);
            pos = s.end;
        }
        if (pos == 0) return std::nullopt;
        out.append(text, pos, std::string::npos);
        if (out == text) return std::nullopt;
        return out;
    }

    // Viterbi over each run of linked words: word frequency plus pair evidence. Leaves the
    // chosen candidate first in each slot.
    void choose(Xapian::Database& db, std::vector<Slot>& slots,
                const std::vector<bool>& linked) const {
        int budget = kMaxPairs;
        PairCounter counter(*this, db);
        std::map<std::pair<std::string, std::string>, double> seen;
        auto edge = [&](const Cand& a, const Cand& b) -> double {
            if (a.df == 0 || b.df == 0) return 0;
            const auto key = std::make_pair(a.exact, b.exact);
            if (auto it = seen.find(key); it != seen.end()) return it->second;
            double score = 0;
            if (budget > 0) {
                --budget;
                const double pair = counter.count(a.exact, b.exact);
                // Scaled by how much the two words belong together (Dice), so that a very
                // common word ("hiện") does not win on its frequency alone when a rarer one
                // ("hiến") occurs next to its neighbour just as often.
                const double dice = std::min(1.0, 2.0 * pair / (double(a.df) + double(b.df)));
                score = kPairWeight * std::log1p(pair * (0.5 + 0.5 * dice));
            }
            seen.emplace(key, score);
            return score;
        };
        auto node = [](const Cand& c) { return std::log1p(static_cast<double>(c.df)); };

        std::size_t start = 0;
        while (start < slots.size()) {
            std::size_t end = start + 1;
            while (end < slots.size() && linked[end]) ++end;
            bool any = false;
            for (std::size_t i = start; i < end; ++i) any = any || slots[i].changeable;
            if (any) {
                const std::size_t n = end - start;
                std::vector<std::vector<double>> best(n);
                std::vector<std::vector<std::size_t>> back(n);
                for (std::size_t i = 0; i < n; ++i) {
                    const Slot& s = slots[start + i];
                    best[i].assign(s.cands.size(), 0);
                    back[i].assign(s.cands.size(), 0);
                    for (std::size_t k = 0; k < s.cands.size(); ++k) {
                        double score = node(s.cands[k]);
                        if (i > 0) {
                            const Slot& p = slots[start + i - 1];
                            const bool varies = p.cands.size() > 1 || s.cands.size() > 1;
                            double top = -1e300;
                            for (std::size_t j = 0; j < p.cands.size(); ++j) {
                                const double v =
                                    best[i - 1][j] + (varies ? edge(p.cands[j], s.cands[k]) : 0);
                                if (v > top) {
                                    top = v;
                                    back[i][k] = j;
                                }
                            }
                            score += top;
                        }
                        best[i][k] = score;
                    }
                }
                std::size_t k = static_cast<std::size_t>(
                    std::max_element(best[n - 1].begin(), best[n - 1].end()) - best[n - 1].begin());
                for (std::size_t i = n; i-- > 0;) {
                    Slot& s = slots[start + i];
                    const std::size_t prev = back[i][k];
                    std::swap(s.cands[0], s.cands[k]);
                    k = prev;
                }
            }
            start = end;
        }
    }

    // ---- completions -------------------------------------------------------------------

    // How well a key matches a typed prefix: 0 the whole number, 1 the prefix ends at a
    // boundary ("152" in "152-kh/tu"), 2 inside a part ("152" in "1520/…").
    static int number_rank(const std::string& key, const std::string& typed) {
        if (key.size() == typed.size()) return 0;
        const auto digit = [](char c) { return c >= '0' && c <= '9'; };
        return (!digit(key[typed.size()]) || !digit(typed.back())) ? 1 : 2;
    }

    // The number as a citing document writes it, with the citation's type and date.
    std::optional<Completion> cited_completion(const CitedEntry& e, Xapian::Database& db) const {
        Q q(std::string(schema::kPrefixCitedNumber) + e.exact_key);
        if (options.hide_secret && !secret_terms.empty()) q = Q(Q::OP_AND_NOT, q, secret_filter());
        Xapian::Enquire enquire(db);
        enquire.set_query(q);
        enquire.set_weighting_scheme(Xapian::BoolWeight());
        const Xapian::MSet mset = enquire.get_mset(0, 1);
        if (mset.empty()) return std::nullopt;
        Completion c;
        c.kind = "number";
        c.count = e.citing;
        const nlohmann::json data =
            nlohmann::json::parse(mset.begin().get_document().get_data(), nullptr, false);
        const nlohmann::json* citations = nullptr;
        if (data.is_object()) {
            if (auto m = data.find("meta"); m != data.end() && m->is_object()) {
                if (auto cs = m->find("citations"); cs != m->end() && cs->is_array()) {
                    citations = &*cs;
                }
            }
        }
        auto str = [](const nlohmann::json& j, const char* k) {
            auto it = j.find(k);
            return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
        };
        if (citations) {
            for (const auto& cit : *citations) {
                if (!cit.is_object()) continue;
                const std::string number = str(cit, "number");
                std::string key = str(cit, "key");
                if (key.empty()) {
                    if (auto n = core::parse_doc_number(number)) key = n->key;
                }
                if (key != e.exact_key || number.empty()) continue;
                c.text = number;
                c.detail = join_detail(str(cit, "type"), str(cit, "date"));
                break;
            }
        }
        if (c.text.empty()) {
            // Not in the stored citations (data from another build): the key in capitals.
            for (std::size_t i = 0; i < e.exact_key.size();) {
                const auto d = core::utf8::decode(e.exact_key, i);
                i += d.length;
                core::utf8::append(c.text, upper_letter(d.cp));
            }
        }
        return c;
    }

    // Document numbers starting with what was typed: those documents carry first (their own
    // number, with the document), then numbers only cited (docid 0, count = citing documents).
    std::vector<Completion> complete_numbers(const std::string& text, std::size_t limit,
                                             Xapian::Database& db) const {
        std::vector<Completion> out;
        // "so:15" keeps its prefix; otherwise the whole text when it starts with a digit, else
        // its last chunk when that does ("ke hoach 15").
        std::string field;
        std::string_view typed = text;
        if (auto colon = typed.find(':'); colon != std::string_view::npos && colon > 0) {
            if (field_for_name(typed.substr(0, colon)) == Field::Number) {
                field = std::string(typed.substr(0, colon + 1));
                typed.remove_prefix(colon + 1);
            }
        }
        if (typed.empty()) return out;
        if (typed[0] < '0' || typed[0] > '9') {
            const auto space = typed.find_last_of(" \t\n");
            if (space == std::string_view::npos) return out;
            typed.remove_prefix(space + 1);
            if (typed.empty() || typed[0] < '0' || typed[0] > '9') return out;
        }
        const std::string key = typed_number_key(typed);
        if (key.empty()) return out;

        // Short prefixes ("1") match thousands of numbers: look at a bounded slice of each.
        constexpr std::size_t kScan = 20000;
        struct Own {
            const NumberEntry* e;
            int rank;
        };
        std::vector<Own> own;
        auto it =
            std::lower_bound(numbers.begin(), numbers.end(), key,
                             [](const NumberEntry& e, const std::string& k) { return e.key < k; });
        for (std::size_t n = 0; it != numbers.end() && n < kScan && starts_with(it->key, key);
             ++it, ++n) {
            own.push_back(Own{&*it, number_rank(it->key, key)});
        }
        std::stable_sort(own.begin(), own.end(), [](const Own& a, const Own& b) {
            if (a.rank != b.rank) return a.rank < b.rank;
            if (a.e->key.size() != b.e->key.size()) return a.e->key.size() < b.e->key.size();
            return a.e->date > b.e->date;
        });
        if (own.size() > limit) own.resize(limit);

        struct Cited {
            const CitedEntry* e;
            int rank;
        };
        std::vector<Cited> only_cited;
        auto ct =
            std::lower_bound(cited.begin(), cited.end(), key,
                             [](const CitedEntry& e, const std::string& k) { return e.key < k; });
        for (std::size_t n = 0; ct != cited.end() && n < kScan && starts_with(ct->key, key);
             ++ct, ++n) {
            const auto own_it = std::lower_bound(
                numbers.begin(), numbers.end(), ct->key,
                [](const NumberEntry& e, const std::string& k) { return e.key < k; });
            const bool carried = own_it != numbers.end() && own_it->key == ct->key;
            if (!carried) only_cited.push_back(Cited{&*ct, number_rank(ct->key, key)});
        }
        std::stable_sort(only_cited.begin(), only_cited.end(), [](const Cited& a, const Cited& b) {
            if (a.rank != b.rank) return a.rank < b.rank;
            if (a.e->citing != b.e->citing) return a.e->citing > b.e->citing;
            return a.e->key.size() < b.e->key.size();
        });

        // Merged by how well they match; a carried number before a cited one of equal rank.
        std::size_t i = 0;
        std::size_t j = 0;
        while (out.size() < limit && (i < own.size() || j < only_cited.size())) {
            if (i < own.size() && (j >= only_cited.size() || own[i].rank <= only_cited[j].rank)) {
                const NumberEntry& e = *own[i++].e;
                Completion c;
                c.kind = "number";
                c.text = field + e.canonical;
                c.docid = e.docid;
                c.detail = join_detail(type_names[e.type],
                                       e.date ? iso_from_compact(std::to_string(e.date)) : "");
                out.push_back(std::move(c));
            } else if (auto c = cited_completion(*only_cited[j++].e, db)) {
                c->text = field + c->text;
                out.push_back(std::move(*c));
            }
        }
        return out;
    }

    std::vector<Completion> complete_issuers(const std::vector<std::string>& words) const {
        std::vector<Completion> out;
        if (words.empty()) return out;
        for (const auto& e : issuers) {
            bool all = true;
            for (const auto& w : words) {
                bool found = false;
                for (const auto& iw : e.words) {
                    if (starts_with(iw, w)) {
                        found = true;
                        break;
                    }
                }
                if (!found) {
                    all = false;
                    break;
                }
            }
            if (!all) continue;
            Completion c;
            c.kind = "issuer";
            c.text = e.text;
            c.count = e.count;
            out.push_back(std::move(c));
            if (out.size() >= 20) break;
        }
        return out;
    }

    std::vector<Completion> complete_titles(const std::vector<std::string>& words,
                                            bool last_is_prefix, std::size_t limit,
                                            Xapian::Database& db) const {
        std::vector<Completion> out;
        if (words.empty() || limit == 0) return out;
        const std::string exact(schema::kFieldTitle.exact);
        const std::string folded(schema::kFieldTitle.folded);
        std::vector<Q> parts;
        for (std::size_t i = 0; i < words.size(); ++i) {
            const std::string& w = words[i];
            if (i + 1 == words.size() && last_is_prefix) {
                // The most frequent words of the index starting so: their folded title terms
                // ("SFtuyen") and their unaccented exact ones ("Sban"). Cheaper than
                // OP_WILDCARD, which reads every term with the prefix to pick the frequent.
                std::vector<std::string> terms;
                for (const Group* g : groups_with_prefix(w, kTitlePrefixWords)) {
                    terms.push_back(folded + g->fold);
                    terms.push_back(exact + g->fold);
                }
                if (terms.empty()) return out;
                parts.push_back(Q(Q::OP_OR, terms.begin(), terms.end()));
            } else {
                parts.push_back(Q(Q::OP_OR, Q(exact + w), Q(folded + w)));
            }
        }
        Q q(Q::OP_AND, parts.begin(), parts.end());
        if (options.hide_secret && !secret_terms.empty()) q = Q(Q::OP_AND_NOT, q, secret_filter());
        Xapian::Enquire enquire(db);
        enquire.set_query(q);
        // Several formats of one file share a title: ask for more than needed.
        const Xapian::MSet mset = enquire.get_mset(0, static_cast<Xapian::doccount>(limit * 4));
        for (auto it = mset.begin(); it != mset.end() && out.size() < limit; ++it) {
            const StoredDocument s = detail::read_stored(it.get_document());
            if (s.title.empty()) continue;
            const bool dup = std::any_of(out.begin(), out.end(),
                                         [&](const Completion& c) { return c.text == s.title; });
            if (dup) continue;
            Completion c;
            c.kind = "title";
            c.text = s.title;
            c.docid = *it;
            c.detail = join_detail(s.type, s.date);
            out.push_back(std::move(c));
        }
        return out;
    }

    std::vector<Completion> complete(const std::string& prefix, std::size_t limit,
                                     Xapian::Database& db) const {
        std::vector<Completion> result;
        if (limit == 0 || prefix.size() > kMaxPrefixBytes) return result;
        const std::string text = core::collapse_spaces(core::normalize_text(prefix));
        if (text.empty()) return result;
        const bool typing = !prefix.empty() && !is_space(prefix.back());
        const bool digit_first = text[0] >= '0' && text[0] <= '9';

        std::vector<Completion> numbers_found = complete_numbers(text, limit, db);
        std::vector<std::string> words;
        for (const auto& tok : analyzer.tokens(text)) {
            if (words.size() >= 8) break;
            words.push_back(tok.folded);
        }
        std::vector<Completion> issuers_found = complete_issuers(words);
        std::vector<Completion> titles_found = complete_titles(words, typing, limit, db);
        std::vector<Completion> query_found;
        if (auto restored = rewrite(text, db, typing)) {
            Completion c;
            c.kind = "query";
            c.text = std::move(*restored);
            query_found.push_back(std::move(c));
        }

        // Numbers lead when the text starts with one; the restored query is always offered
        // when there is one; issuers are few and short, so a few of them come before titles.
        std::vector<std::vector<Completion>*> order;
        if (digit_first) {
            order = {&numbers_found, &query_found, &issuers_found, &titles_found};
        } else {
            order = {&query_found, &numbers_found, &issuers_found, &titles_found};
        }
        std::vector<std::size_t> quota(order.size());
        for (std::size_t k = 0; k < order.size(); ++k) {
            const auto* list = order[k];
            if (list == &query_found) {
                quota[k] = 1;
            } else if (list == &numbers_found) {
                quota[k] = digit_first ? limit : std::max<std::size_t>(1, limit / 4);
            } else if (list == &issuers_found) {
                quota[k] = std::max<std::size_t>(2, limit / 3);
            } else {
                quota[k] = limit;
            }
        }
        std::vector<std::vector<Completion>> picked(order.size());
        std::vector<std::size_t> next(order.size(), 0);
        std::size_t total = 0;
        auto take = [&](std::size_t k, std::size_t max) {
            auto& list = *order[k];
            while (next[k] < list.size() && picked[k].size() < max && total < limit) {
                Completion& c = list[next[k]++];
                bool dup = false;
                for (const auto& p : picked) {
                    for (const auto& x : p) dup = dup || (x.text == c.text);
                }
                if (dup) continue;
                picked[k].push_back(std::move(c));
                ++total;
            }
        };
        for (std::size_t k = 0; k < order.size(); ++k) take(k, quota[k]);
        // Room left (a kind had fewer than its share): fill in the same order.
        for (std::size_t k = 0; k < order.size(); ++k) take(k, limit);
        for (auto& p : picked) {
            for (auto& c : p) result.push_back(std::move(c));
        }
        return result;
    }
};

Suggester::Suggester(Xapian::Database db, SuggestOptions options) : m_impl(new Impl) {
    m_impl->options = options;
    try {
        // A commit that discards the revision being read: built again from the latest.
        retry_if_modified(db, [&] {
            auto fresh = std::make_unique<Impl>();
            fresh->options = options;
            fresh->build(db);
            m_impl = std::move(fresh);
        });
    } catch (const Xapian::Error& e) {
        // Xapian errors are not std::exception; callers report std::runtime_error.
        throw std::runtime_error("cannot read suggestions from the index: " + e.get_description());
    }
}

Suggester::~Suggester() = default;

std::optional<std::string> Suggester::did_you_mean(const std::string& query,
                                                   Xapian::Database& db) const {
    // One retry: a writer may commit while the phrase counts are read.
    for (int attempt = 0; attempt < 2; ++attempt) {
        try {
            return m_impl->rewrite(query, db, false);
        } catch (const Xapian::DatabaseModifiedError&) {
            try {
                db.reopen();
            } catch (...) {
                return std::nullopt;
            }
        } catch (...) {
            // A suggestion is optional: whatever goes wrong, there is simply none.
            return std::nullopt;
        }
    }
    return std::nullopt;
}

std::vector<Completion> Suggester::complete(const std::string& prefix, std::size_t limit,
                                            Xapian::Database& db) const {
    for (int attempt = 0; attempt < 2; ++attempt) {
        try {
            return m_impl->complete(prefix, limit, db);
        } catch (const Xapian::DatabaseModifiedError&) {
            try {
                db.reopen();
            } catch (...) {
                return {};
            }
        } catch (...) {
            return {};
        }
    }
    return {};
}

Xapian::rev Suggester::revision() const { return m_impl->revision; }

}  // namespace vanthu::query
