// Searching: parse, filter, match with BM25 (or sort by date), relax an all-words query that
// matches nothing, count facets, and turn each hit's stored data into a Hit with a snippet.
#include "vanthu/query/search.hpp"

#include <xapian.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdint>
#include <exception>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <queue>
#include <string>
#include <system_error>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "stored.hpp"
#include "vanthu/core/analyzer.hpp"
#include "vanthu/core/schema.hpp"
#include "vanthu/query/fields.hpp"
#include "vanthu/query/query_parser.hpp"
#include "vanthu/query/snippet.hpp"

namespace vanthu::query {
namespace {

using Q = Xapian::Query;

// Counting is exact up to this many matches (cheap at archive sizes, and "218 documents"
// reads better than "about 200").
constexpr Xapian::doccount kCheckAtLeast = 1000;

// BM25 with Robertson's usual length normalisation (b = 0.75; Xapian's default is 0.5), other
// parameters Xapian's defaults. A long official letter should not win by its length alone: on
// the ALQAC questions b = 0.75 gives MRR@10 0.748 against 0.741 (0.720 against 0.698 without
// diacritics); docs/benchmarks.md.
Xapian::BM25Weight bm25() { return {1.0, 0.0, 1.0, 0.75, 0.5}; }

// Documents without a date sort after every real date (YYYYMMDD) in ascending order.
const std::string kNoDateLast = "99999999";

struct FacetSlot {
    const char* name;
    Xapian::valueno slot;
};
constexpr FacetSlot kFacetSlots[] = {
    {"type", schema::kSlotType},
    {"issuer", schema::kSlotIssuer},
    {"year", schema::kSlotYear},
    {"domain", schema::kSlotDomain},
};

// Relevance ranking looks for the phrases of words typed next to each other among this many
// best matches, and ranks those containing them higher (a document containing every phrase
// weighs twice its words' weight).
constexpr Xapian::doccount kPhraseWindow = 100;
// ... and among this many for a best-match query (a long question ranked by any of its words):
// its any-word matcher gets slower the more matches it must keep (with 100, 10 % more time at
// 100,000 documents), and on the ALQAC questions the phrases lifted nothing from below 30.
constexpr Xapian::doccount kBestMatchPhraseWindow = 30;

// A best-match query (matched by pairs of neighbouring words) with fewer matches than this is
// widened to any of its words: a page's worth.
constexpr Xapian::doccount kWidenBelow = 10;

using Phrase = std::vector<std::vector<std::string>>;

// The position lists the re-ranking reads. Each list read costs a B-tree descent in the
// position table (Xapian opens a fresh cursor for each list: a pread per level below the root,
// two at 10,000 and at 100,000 documents), which made the re-ranking most
// of a long question's time: a term no document holds is never looked up, a list read once is
// kept (a long question repeats its words), and a phrase is checked from its rarest word on, so
// that a document without it is ruled out after one or two lists.
class PositionReader {
  public:
    explicit PositionReader(const Xapian::Database& db) : m_db(db) {}

    // How many documents hold any of a word's terms (an upper bound: a document may hold both).
    Xapian::doccount documents_with(const std::vector<std::string>& terms) {
        Xapian::doccount n = 0;
        for (const auto& term : terms) n += termfreq(term);
        return n;
    }

    // Positions of any of a word's `terms` in document `did`, sorted.
    const std::vector<Xapian::termpos>& positions(Xapian::docid did,
                                                  const std::vector<std::string>& terms) {
        auto key = std::make_pair(did, terms.front());
        if (auto it = m_lists.find(key); it != m_lists.end()) return it->second;
        std::vector<Xapian::termpos> out;
        for (const auto& term : terms) {
            if (termfreq(term) == 0) continue;
            for (auto p = m_db.positionlist_begin(did, term); p != m_db.positionlist_end(did, term);
                 ++p) {
                out.push_back(*p);
            }
        }
        if (terms.size() > 1) std::sort(out.begin(), out.end());
        return m_lists.emplace(std::move(key), std::move(out)).first->second;
    }

  private:
    Xapian::doccount termfreq(const std::string& term) {
        if (auto it = m_termfreq.find(term); it != m_termfreq.end()) return it->second;
        return m_termfreq.emplace(term, m_db.get_termfreq(term)).first->second;
    }

    const Xapian::Database& m_db;
    std::map<std::string, Xapian::doccount> m_termfreq;
    std::map<std::pair<Xapian::docid, std::string>, std::vector<Xapian::termpos>> m_lists;
};

// A phrase's words, rarest first (indices into the phrase); empty when a word is in no
// document, so that the phrase is in none either.
std::vector<std::size_t> checking_order(PositionReader& reader, const Phrase& phrase) {
    std::vector<std::pair<Xapian::doccount, std::size_t>> by_rarity;
    for (std::size_t w = 0; w < phrase.size(); ++w) {
        const Xapian::doccount n = reader.documents_with(phrase[w]);
        if (n == 0) return {};
        by_rarity.emplace_back(n, w);
    }
    std::sort(by_rarity.begin(), by_rarity.end());
    std::vector<std::size_t> order;
    for (const auto& [n, w] : by_rarity) order.push_back(w);
    return order;
}

// Whether document `did` contains the phrase: where it would start, from the positions of its
// rarest word, narrowed word by word in `order` until none is left.
bool contains_phrase(PositionReader& reader, Xapian::docid did, const Phrase& phrase,
                     const std::vector<std::size_t>& order) {
    if (order.empty()) return false;
    const std::size_t first = order.front();
    std::vector<Xapian::termpos> starts;
    for (Xapian::termpos p : reader.positions(did, phrase[first])) {
        if (p > first) starts.push_back(p - static_cast<Xapian::termpos>(first));
    }
    for (std::size_t k = 1; k < order.size() && !starts.empty(); ++k) {
        const std::size_t w = order[k];
        const std::vector<Xapian::termpos>& at = reader.positions(did, phrase[w]);
        std::erase_if(starts, [&](Xapian::termpos p) {
            return !std::binary_search(at.begin(), at.end(), p + static_cast<Xapian::termpos>(w));
        });
    }
    return !starts.empty();
}

// One match in the making of a page: its document and its (re-ranked) weight.
struct Ranked {
    Xapian::docid did = 0;
    double weight = 0;
};

// What to re-rank by phrases: the first `window` matches, by `phrases`, for a page ending at
// the `needed`-th. Empty phrases: no re-ranking.
struct PhraseRerank {
    std::vector<Phrase> phrases;
    std::size_t window = 0;
    std::size_t needed = 0;
};

// The matches (in the matcher's order), the first `window` re-ranked by the phrases they contain,
// so that the first `needed` are those a re-ranking of the whole window puts first, in its order.
//
// A document's weight is multiplied by 1 + (phrases it contains) / (phrases), at most 2, and the
// matches come in descending weight. So the documents are checked in that order, and the checking
// stops at the first whose doubled weight cannot pass the `needed`-th best re-ranked weight
// found so far: neither can any after it, and on a tie the one matched earlier stays first.
// Reading a position list costs a B-tree descent in the position table (a pread per level
// below the root, with a fresh cursor for each list): for words found in most documents, which
// most of the first documents contain as a phrase, this reads the lists of the first page's
// documents and a few more rather than of the whole window.
std::vector<Ranked> rank_by_phrases(const Xapian::Database& db, std::vector<Ranked> out,
                                    const PhraseRerank& rerank) {
    const std::vector<Phrase>& phrases = rerank.phrases;
    const std::size_t needed = rerank.needed;
    if (phrases.empty() || needed == 0) return out;
    const std::size_t window = std::min<std::size_t>(out.size(), rerank.window);
    PositionReader reader(db);
    std::vector<std::vector<std::size_t>> orders;
    for (const auto& phrase : phrases) orders.push_back(checking_order(reader, phrase));
    constexpr double kMostBoost = 2.0;  // every phrase found
    // The `needed` best re-ranked weights so far, the smallest on top.
    std::priority_queue<double, std::vector<double>, std::greater<>> best;
    std::size_t checked = 0;
    for (; checked < window; ++checked) {
        Ranked& doc = out[checked];
        if (best.size() == needed && doc.weight * kMostBoost <= best.top()) break;
        std::size_t found = 0;
        for (std::size_t p = 0; p < phrases.size(); ++p) {
            if (contains_phrase(reader, doc.did, phrases[p], orders[p])) ++found;
        }
        doc.weight *= 1.0 + static_cast<double>(found) / static_cast<double>(phrases.size());
        best.push(doc.weight);
        if (best.size() > needed) best.pop();
    }
    std::stable_sort(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(checked),
                     [](const Ranked& a, const Ranked& b) { return a.weight > b.weight; });
    return out;
}

Hit make_hit(const Xapian::Database& db, const Ranked& ranked, int rank,
             const core::Analyzer& analyzer, const HighlightTerms& terms,
             const SearchOptions& options) {
    const Xapian::Document doc = db.get_document(ranked.did, Xapian::DOC_ASSUME_VALID);
    Hit hit;
    StoredDocument stored = detail::read_stored(doc, options.hit_meta ? &hit.meta : nullptr);
    hit.docid = ranked.did;
    hit.score = ranked.weight;
    hit.rank = rank;
    hit.path = std::move(stored.path);
    hit.title = std::move(stored.title);
    hit.number = std::move(stored.number);
    hit.format = std::move(stored.format);
    hit.status = std::move(stored.status);
    hit.error = std::move(stored.error);
    hit.type = std::move(stored.type);
    hit.issuer = std::move(stored.issuer);
    hit.date = std::move(stored.date);
    schema::TextReader text(doc.get_value(schema::kSlotText));
    hit.snippet_html = make_snippet(analyzer, text, terms, options.snippet_chars);
    return hit;
}

constexpr std::size_t kFacetCount = std::size(kFacetSlots);

// The facet values of every document of one revision of a database, numbered per facet: what
// a server counts facets from, instead of reading four values for each match of each query
// (reading them was most of the facets' cost, and the facets about a third of a search-box
// query's time). Built from the value streams, which keep each slot's values in docid order.
class FacetTable {
  public:
    explicit FacetTable(const Xapian::Database& db) {
        const Xapian::docid last = db.get_lastdocid();
        for (std::size_t k = 0; k < kFacetCount; ++k) {
            std::vector<std::uint32_t>& ids = m_ids[k];
            ids.assign(static_cast<std::size_t>(last) + 1, 0);
            std::unordered_map<std::string, std::uint32_t> numbered;
            const Xapian::valueno slot = kFacetSlots[k].slot;
            for (auto v = db.valuestream_begin(slot); v != db.valuestream_end(slot); ++v) {
                const Xapian::docid did = v.get_docid();
                if (did > last) continue;  // only with a database changed meanwhile
                std::string value = *v;
                if (value.empty()) continue;
                auto [it, added] = numbered.try_emplace(value, 0);
                if (added) {
                    m_values[k].push_back(std::move(value));
                    it->second = static_cast<std::uint32_t>(m_values[k].size());
                }
                ids[did] = it->second;
            }
        }
    }

    // Facet `k`'s value of document `did` as a number from 1, 0 when it has none.
    [[nodiscard]] std::uint32_t id(std::size_t k, Xapian::docid did) const {
        return did < m_ids[k].size() ? m_ids[k][did] : 0;
    }
    [[nodiscard]] const std::string& value(std::size_t k, std::uint32_t id) const {
        return m_values[k][id - 1];
    }
    [[nodiscard]] std::size_t values(std::size_t k) const { return m_values[k].size(); }

  private:
    std::array<std::vector<std::uint32_t>, kFacetCount> m_ids;
    std::array<std::vector<std::string>, kFacetCount> m_values;
};

// Counts the values of every facet slot among the documents the matcher looks at, as one
// Xapian::ValueCountMatchSpy per slot would: from a FacetTable when there is one, else reading
// the values, in one pass per document and with hash maps.
class FacetSpy final : public Xapian::MatchSpy {
  public:
    explicit FacetSpy(const FacetTable* table = nullptr) : m_table(table) {
        if (m_table == nullptr) return;
        for (std::size_t k = 0; k < kFacetCount; ++k) {
            m_id_counts[k].assign(m_table->values(k) + 1, 0);
        }
    }

    void operator()(const Xapian::Document& doc, double /*weight*/) override {
        ++m_seen;
        if (m_table != nullptr) {
            const Xapian::docid did = doc.get_docid();
            for (std::size_t k = 0; k < kFacetCount; ++k) ++m_id_counts[k][m_table->id(k, did)];
            return;
        }
        for (std::size_t k = 0; k < kFacetCount; ++k) {
            std::string value = doc.get_value(kFacetSlots[k].slot);
            if (!value.empty()) ++m_counts[k][std::move(value)];
        }
    }
    [[nodiscard]] Xapian::MatchSpy* clone() const override { return new FacetSpy(m_table); }
    [[nodiscard]] std::string name() const override { return "vanthu::FacetSpy"; }

    [[nodiscard]] Xapian::doccount seen() const { return m_seen; }

    // Adds the counts of `other` (another part of the same matches, with the same table).
    void merge(const FacetSpy& other) {
        m_seen += other.m_seen;
        for (std::size_t k = 0; k < kFacetCount; ++k) {
            for (std::size_t id = 0; id < other.m_id_counts[k].size(); ++id) {
                m_id_counts[k][id] += other.m_id_counts[k][id];
            }
            for (const auto& [value, count] : other.m_counts[k]) m_counts[k][value] += count;
        }
    }

    // The `keep` most frequent values of facet `k`, ties in value order.
    [[nodiscard]] std::vector<FacetValue> top(std::size_t k, std::size_t keep) const {
        std::vector<FacetValue> values;
        if (m_table != nullptr) {
            for (std::uint32_t id = 1; id < m_id_counts[k].size(); ++id) {
                if (m_id_counts[k][id] > 0) {
                    values.push_back(FacetValue{m_table->value(k, id), m_id_counts[k][id]});
                }
            }
        } else {
            values.reserve(m_counts[k].size());
            for (const auto& [value, count] : m_counts[k]) {
                values.push_back(FacetValue{value, count});
            }
        }
        auto before = [](const FacetValue& a, const FacetValue& b) {
            return a.count != b.count ? a.count > b.count : a.value < b.value;
        };
        if (values.size() > keep) {
            std::partial_sort(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(keep),
                              values.end(), before);
            values.resize(keep);
        } else {
            std::sort(values.begin(), values.end(), before);
        }
        return values;
    }

  private:
    const FacetTable* m_table;
    Xapian::doccount m_seen = 0;
    std::array<std::unordered_map<std::string, Xapian::doccount>, kFacetCount> m_counts;
    std::array<std::vector<Xapian::doccount>, kFacetCount> m_id_counts;
};

using detail::Revision;

// The FacetTables in use, shared by every Searcher of the process (a server has one per
// worker thread): each is built once per revision, and dropped when no Searcher holds it.
class FacetTables {
  public:
    static std::shared_ptr<const FacetTable> find(const Revision& revision) {
        const std::lock_guard<std::mutex> lock(s_mutex);
        const auto it = s_tables.find(revision);
        return it == s_tables.end() ? nullptr : it->second.lock();
    }
    static std::shared_ptr<const FacetTable> build(const Xapian::Database& db,
                                                   const Revision& revision) {
        const std::lock_guard<std::mutex> lock(s_mutex);
        std::erase_if(s_tables, [](const auto& entry) { return entry.second.expired(); });
        if (auto it = s_tables.find(revision); it != s_tables.end()) {
            if (auto table = it->second.lock()) return table;
        }
        auto table = std::make_shared<const FacetTable>(db);
        s_tables[revision] = table;
        return table;
    }

  private:
    static inline std::mutex s_mutex;
    static inline std::map<Revision, std::weak_ptr<const FacetTable>> s_tables;
};

// The document ids from `first` to `last`: what one part of a split match filters by. Only
// for a local database, and for the handle and thread it was made for.
class DocRange final : public Xapian::PostingSource {
  public:
    DocRange(Xapian::docid first, Xapian::docid last) : m_first(first), m_last(last) {}

    [[nodiscard]] Xapian::doccount get_termfreq_min() const override { return 0; }
    [[nodiscard]] Xapian::doccount get_termfreq_est() const override { return m_count; }
    [[nodiscard]] Xapian::doccount get_termfreq_max() const override { return m_count; }
    void init(const Xapian::Database& db) override {
        m_at = 0;
        // Ids without a document are skipped by the query's terms; count only the others.
        const Xapian::docid lastdocid = db.get_lastdocid();
        const Xapian::docid last = std::min(m_last, lastdocid);
        const double share =
            last >= m_first && lastdocid > 0
                ? static_cast<double>(last - m_first + 1) / static_cast<double>(lastdocid)
                : 0.0;
        m_count = static_cast<Xapian::doccount>(share * db.get_doccount() + 0.5);
    }
    void next(double /*min_wt*/) override { m_at = m_at == 0 ? m_first : m_at + 1; }
    void skip_to(Xapian::docid did, double /*min_wt*/) override {
        m_at = std::max({m_at, did, m_first});
    }
    bool check(Xapian::docid did, double min_wt) override {
        skip_to(did, min_wt);
        return true;
    }
    [[nodiscard]] bool at_end() const override { return m_at > m_last; }
    [[nodiscard]] Xapian::docid get_docid() const override { return m_at; }
    [[nodiscard]] DocRange* clone() const override { return new DocRange(m_first, m_last); }

  private:
    Xapian::docid m_first;
    Xapian::docid m_last;
    Xapian::docid m_at = 0;  // 0: before the first
    Xapian::doccount m_count = 0;
};

// How many matches a run found: Xapian's estimate and bounds.
struct Counts {
    Xapian::doccount estimated = 0;
    Xapian::doccount lower = 0;
    Xapian::doccount upper = 0;
};

struct RunResult {
    std::vector<Ranked> ranked;  // the matches, the phrase window re-ranked
    Counts counts;
    std::vector<Facet> facets;
    bool facets_exact = false;
    unsigned threads = 1;  // that matched
};

// Searches matching at this moment in this process (a server's workers): a search takes a
// second thread only when it is alone.
std::atomic<unsigned> s_matching{0};

class Matching {
  public:
    Matching() { ++s_matching; }
    ~Matching() { --s_matching; }
    Matching(const Matching&) = delete;
    Matching& operator=(const Matching&) = delete;
    [[nodiscard]] static bool alone() { return s_matching.load() == 1; }
};

// Below this many postings in all (the sum of the query's terms' document counts), matching
// takes a few milliseconds, and a second thread (its start, a second set of posting lists
// opened, two matches to merge) costs about what it saves: at 10,000 documents, where no
// query comes near it, matching every query in two threads was 5-10 % slower; at 100,000,
// queries of 300,000 postings and more gained 25-30 % (docs/benchmarks.md).
constexpr Xapian::doccount kParallelFromPostings = 500000;

}  // namespace

std::optional<SortOrder> sort_order_from_name(std::string_view name) {
    if (name == "relevance") return SortOrder::Relevance;
    if (name == "date" || name == "date-desc" || name == "newest") return SortOrder::DateDesc;
    if (name == "date-asc" || name == "oldest") return SortOrder::DateAsc;
    return std::nullopt;
}

struct Searcher::Impl {
    Xapian::Database db;
    core::Analyzer analyzer;
    QueryParser parser{analyzer};

    // `count_at_least`: how many matches to count exactly at least (more is slower: the
    // matcher cannot skip documents that cannot reach the page until it has seen that many).
    // `facets_up_to`: with facets, look at this many matches at least (all of them up to
    // that many, so that the counts are exact). `rerank`: re-rank the first matches by
    // phrases (relevance order only).
    RunResult run(const Q& query, Xapian::doccount offset, Xapian::doccount limit,
                  const SearchOptions& options, const PhraseRerank& rerank = {},
                  Xapian::doccount count_at_least = kCheckAtLeast,
                  Xapian::doccount facets_up_to = kFacetExactUpTo) {
        RunResult out = run_once(query, offset, limit, options, count_at_least, facets_up_to);
        out.ranked = rank_by_phrases(db, std::move(out.ranked), rerank);
        return out;
    }

    // One Xapian match: of `query` over `handle`, the hits from `offset`.
    struct Part {
        std::vector<Ranked> ranked;
        Counts counts;
        unsigned threads = 1;
    };
    static Part match(Xapian::Database& handle, const Q& query, Xapian::doccount offset,
                      Xapian::doccount limit, Xapian::doccount check_at_least,
                      const SearchOptions& options, FacetSpy* spy) {
        Xapian::Enquire enquire(handle);
        enquire.set_query(query);
        enquire.set_weighting_scheme(bm25());
        if (options.time_limit > 0) enquire.set_time_limit(options.time_limit);
        // Declared before use and kept alive until get_mset() returns: Enquire holds pointers.
        Xapian::MultiValueKeyMaker oldest_first;
        switch (options.sort) {
            case SortOrder::Relevance:
                break;
            case SortOrder::DateDesc:
                // Descending order puts empty values (no date) last by itself.
                enquire.set_sort_by_value_then_relevance(schema::kSlotDate, true);
                break;
            case SortOrder::DateAsc:
                oldest_first.add_value(schema::kSlotDate, false, kNoDateLast);
                enquire.set_sort_by_key_then_relevance(&oldest_first, false);
                break;
        }
        if (spy != nullptr) enquire.add_matchspy(spy);
        const Xapian::MSet mset = enquire.get_mset(offset, limit, check_at_least);
        Part out;
        out.ranked.reserve(mset.size());
        for (auto it = mset.begin(); it != mset.end(); ++it) {
            out.ranked.push_back(Ranked{*it, it.get_weight()});
        }
        out.counts = Counts{mset.get_matches_estimated(), mset.get_matches_lower_bound(),
                            mset.get_matches_upper_bound()};
        return out;
    }

    RunResult run_once(const Q& query, Xapian::doccount offset, Xapian::doccount limit,
                       const SearchOptions& options, Xapian::doccount count_at_least,
                       Xapian::doccount facets_up_to) {
        const Matching matching;
        const std::shared_ptr<const FacetTable> table =
            options.facets ? facet_table() : std::shared_ptr<const FacetTable>();
        FacetSpy spy(table.get());
        Xapian::doccount check_at_least = std::max(count_at_least, offset + limit);
        // Match spies only see the documents the matcher looks at: make it look at all of
        // them, up to the limit, so the counts are exact.
        if (options.facets) check_at_least = std::max(check_at_least, facets_up_to);
        FacetSpy* const counting = options.facets ? &spy : nullptr;
        RunResult out;
        const Xapian::docid middle = split_point(query, options);
        Part part = middle != 0
                        ? match_in_two(query, middle, offset, limit, check_at_least, options, table,
                                       counting)
                        : match(db, query, offset, limit, check_at_least, options, counting);
        out.ranked = std::move(part.ranked);
        out.counts = part.counts;
        out.threads = part.threads;
        if (options.facets) {
            for (std::size_t k = 0; k < kFacetCount; ++k) {
                out.facets.push_back(Facet{kFacetSlots[k].name, spy.top(k, options.facet_values)});
            }
            out.facets_exact =
                spy.seen() == out.counts.lower && out.counts.lower == out.counts.upper;
            if (!table) m_facets.read_directly += spy.seen();
        }
        return out;
    }

    // Matching in two threads. The index folder (when the Searcher was given it) and a second
    // handle on it, opened when first needed; no second handle when it could not be opened.
    std::optional<std::filesystem::path> index_dir;
    std::optional<Xapian::Database> helper;
    bool helper_failed = false;
    std::optional<bool> local_folder;  // whether index_dir holds one local database

    // Document counts of terms, kept for one revision of one database (UUID and revision
    // number: a rebuilt index is another): a look-up in the index costs more than a search's
    // words are worth otherwise, and a server's queries share most of their words. Without a
    // known revision (shards, a remote database) each is read from the index.
    std::unordered_map<std::string, Xapian::doccount> termfreqs;
    std::optional<detail::Revision> termfreqs_revision;
    Xapian::doccount termfreq(const std::string& term, const std::optional<detail::Revision>& now) {
        constexpr std::size_t kMostKept = 100000;
        if (!now) return db.get_termfreq(term);
        if (now != termfreqs_revision || termfreqs.size() > kMostKept) {
            termfreqs.clear();
            termfreqs_revision = now;
        }
        auto it = termfreqs.find(term);
        if (it == termfreqs.end()) it = termfreqs.emplace(term, db.get_termfreq(term)).first;
        return it->second;
    }
    // The sum of the document counts of `terms`, up to kParallelFromPostings.
    Xapian::doccount postings(const std::vector<std::string>& terms) {
        const std::optional<detail::Revision> now = detail::revision_of(db);
        Xapian::doccount sum = 0;
        for (const auto& term : terms) {
            sum += termfreq(term, now);
            if (sum >= kParallelFromPostings) break;
        }
        return sum;
    }

    // An all-words query fitted to the counts of the index. (1) Without the words found in
    // every document: they narrow nothing, and BM25 weighs such a word at about 0.25 / N
    // (log(1 + 0.5 * 0.5 / (N + 0.5)) by Xapian's formula), so they cannot change the order
    // either, while their posting lists (every document, in several spellings) are most of the
    // matcher's work. At least one word stays; the phrases are still looked for with every
    // word. (2) Ranked by the pairs of neighbouring words found in some documents, at most
    // half of them: a pair in more weighs little (BM25's idf, at most log 2) and its list, as
    // long as the words', would cost about a third more matching. The pairs of a word found
    // everywhere stay when they are rarer.
    // (Called where the search reads the index: the counts are those of the revision read.)
    Q fitted_to_index(const ParsedQuery& parsed) {
        if (!parsed.relaxed || parsed.plain_words.size() < 2) return parsed.query;
        const std::optional<detail::Revision> now = detail::revision_of(db);
        if (!now) return parsed.query;  // a look-up per word on every shard is not worth it
        const Xapian::doccount documents = db.get_doccount();
        std::vector<Q> kept;
        for (const auto& word : parsed.plain_words) {
            const bool everywhere =
                termfreq(schema::term(schema::kPrefixFolded, word.folded), now) == documents ||
                termfreq(word.folded, now) == documents || termfreq(word.exact, now) == documents;
            if (!everywhere) kept.push_back(QueryParser::word_query(word));
        }
        if (kept.empty()) kept.push_back(QueryParser::word_query(parsed.plain_words.front()));
        std::vector<std::string> pairs = QueryParser::pair_terms(parsed.plain_words);
        std::erase_if(pairs, [&](const std::string& pair) {
            const Xapian::doccount n = termfreq(pair, now);
            return n == 0 || n > documents / 2;
        });
        return QueryParser::ranked_by_pairs(
            kept.size() == 1 ? kept.front() : Q(Q::OP_AND, kept.begin(), kept.end()),
            parsed.plain_words, pairs);
    }

    // Where to split the document ids for matching `query` in two threads (the first part
    // ends there), 0 for matching in one. Only for one local database of a known folder
    // (a remote database has a stub file there, shards a stub or their own folders), in
    // relevance order (sort keys would merge too, but those orders are not worth it), with
    // the second handle at the same revision.
    Xapian::docid split_point(const Q& query, const SearchOptions& options) {
        if (options.parallel == ParallelMatch::Never || options.sort != SortOrder::Relevance ||
            !index_dir || helper_failed || db.size() != 1) {
            return 0;
        }
        if (!local_folder) {
            // A remote database or shards have a stub file there; a local database a folder.
            std::error_code ec;
            local_folder = std::filesystem::is_regular_file(*index_dir / "iamglass", ec);
        }
        if (!*local_folder) return 0;
        if (options.parallel == ParallelMatch::Auto) {
            // (hardware_concurrency() reads a file of /sys at each call.)
            static const unsigned cores = std::thread::hardware_concurrency();
            if (cores < 2 || !Matching::alone()) return 0;
            // Each term's count costs a B-tree look-up: none when even every term in every
            // document would be too few.
            std::vector<std::string> terms(query.get_unique_terms_begin(),
                                           query.get_unique_terms_end());
            const double at_most = static_cast<double>(terms.size()) * db.get_doccount();
            if (at_most < kParallelFromPostings) return 0;
            if (postings(terms) < kParallelFromPostings) return 0;
        }
        const Xapian::docid last = db.get_lastdocid();
        if (last < 2) return 0;
        if (!helper) {
            try {
                helper = detail::open_index(*index_dir);
            } catch (const std::exception&) {
                helper_failed = true;
                return 0;
            } catch (const Xapian::Error&) {
                helper_failed = true;
                return 0;
            }
        }
        try {
            // A commit since: catch up (the search itself reopens `db` if it is the one behind).
            if (helper->get_revision() != db.get_revision()) helper->reopen();
            if (helper->get_revision() == db.get_revision() &&
                helper->get_uuid() == db.get_uuid()) {
                return last / 2;
            }
        } catch (const Xapian::Error&) {
            // The folder replaced meanwhile (a first build moving into place): open it again
            // next time.
            helper.reset();
        }
        return 0;
    }

    // Matches `query` over the ids up to `middle` here and over those after it in a second
    // thread on the second handle, and merges the two in the matcher's order (descending
    // weight, then ascending id: the first part's on a tie). Each part keeps its first
    // offset + limit; the weights are the same as one match's, since both handles read the
    // same revision and the filter adds no weight.
    Part match_in_two(const Q& query, Xapian::docid middle, Xapian::doccount offset,
                      Xapian::doccount limit, Xapian::doccount check_at_least,
                      const SearchOptions& options, const std::shared_ptr<const FacetTable>& table,
                      FacetSpy* counting) {
        // Xapian::Query counts its references without atomics: the other thread gets a copy
        // of its own, which shares nothing with this one. (Every query the parser makes can be
        // copied so; should one not, it is matched in one thread.)
        Q copy;
        try {
            copy = Q::unserialise(query.serialise());
        } catch (const Xapian::Error&) {
            return match(db, query, offset, limit, check_at_least, options, counting);
        }
        const Xapian::doccount wanted = offset + limit;
        DocRange low_ids(1, middle);
        DocRange high_ids(middle + 1, db.get_lastdocid());
        const Q low(Q::OP_FILTER, query, Q(&low_ids));
        const Q high(Q::OP_FILTER, copy, Q(&high_ids));
        FacetSpy high_spy(table.get());
        Part high_part;
        std::exception_ptr failed;
        std::thread other;
        try {
            other = std::thread([&] {
                try {
                    high_part = match(*helper, high, 0, wanted, check_at_least, options,
                                      counting != nullptr ? &high_spy : nullptr);
                } catch (...) {
                    failed = std::current_exception();
                }
            });
        } catch (const std::system_error&) {  // no thread to be had: one will do
            return match(db, query, offset, limit, check_at_least, options, counting);
        }
        Part low_part;
        try {
            low_part = match(db, low, 0, wanted, check_at_least, options, counting);
        } catch (...) {
            other.join();
            throw;
        }
        other.join();
        if (failed) std::rethrow_exception(failed);
        if (counting != nullptr) counting->merge(high_spy);

        Part out;
        out.threads = 2;
        const std::vector<Ranked>& a = low_part.ranked;
        const std::vector<Ranked>& b = high_part.ranked;
        std::size_t i = 0;
        std::size_t j = 0;
        for (Xapian::doccount n = 0; n < wanted && (i < a.size() || j < b.size()); ++n) {
            const bool from_low = j == b.size() || (i < a.size() && a[i].weight >= b[j].weight);
            const Ranked& next = from_low ? a[i++] : b[j++];
            if (n >= offset) out.ranked.push_back(next);
        }
        out.counts = Counts{low_part.counts.estimated + high_part.counts.estimated,
                            low_part.counts.lower + high_part.counts.lower,
                            low_part.counts.upper + high_part.counts.upper};
        return out;
    }

    // Facets are counted from a FacetTable of the database's revision once this Searcher has
    // read as many documents' values directly since the revision changed as the table holds
    // (so a one-off search never pays for a table, and a server soon stops reading values),
    // or at once when another Searcher built it. Not for several shards or a remote
    // database, which have no single revision: their values are read as they come.
    struct FacetState {
        std::optional<Revision> revision;
        std::uint64_t read_directly = 0;
        std::shared_ptr<const FacetTable> table;
    };
    FacetState m_facets;

    std::shared_ptr<const FacetTable> facet_table() {
        const std::optional<Revision> revision = detail::revision_of(db);
        if (!revision) return nullptr;  // several shards, or a remote database
        const Revision& now = *revision;
        if (m_facets.revision != now) m_facets = FacetState{now, 0, FacetTables::find(now)};
        if (!m_facets.table && m_facets.read_directly >= db.get_doccount()) {
            m_facets.table = FacetTables::build(db, now);
        }
        return m_facets.table;
    }

    // The filters as one query, std::nullopt when there are none.
    std::optional<Q> filters(const SearchFilters& f) const {
        std::vector<Q> parts;
        auto add = [&](Field field, const std::string& value) {
            if (!value.empty()) parts.push_back(parser.parse_field(field, value).query);
        };
        add(Field::Type, f.type);
        add(Field::Issuer, f.issuer);
        add(Field::Domain, f.domain);
        add(Field::Year, f.year);
        if (!f.date_from.empty() || !f.date_to.empty()) {
            // Each end checked on its own first, so that a message names the option the
            // user typed ("from: …"); then one range, written the way ngay: takes it.
            if (!f.date_from.empty()) (void)parse_date_range(f.date_from, "from");
            if (!f.date_to.empty()) (void)parse_date_range(f.date_to, "to");
            add(Field::Date, f.date_from + ".." + f.date_to);
        }
        if (parts.empty()) return std::nullopt;
        return Q(Q::OP_AND, parts.begin(), parts.end());
    }
};

Searcher::Searcher(const std::filesystem::path& index_dir) : m_impl(std::make_unique<Impl>()) {
    m_impl->db = detail::open_index(index_dir);
    m_impl->index_dir = index_dir;
}

Searcher::Searcher(Xapian::Database db) : m_impl(std::make_unique<Impl>()) {
    m_impl->db = std::move(db);
}

Searcher::Searcher(Xapian::Database db, const std::filesystem::path& index_dir)
    : Searcher(std::move(db)) {
    m_impl->index_dir = index_dir;
}

Searcher::~Searcher() = default;

SearchResult Searcher::search(const std::string& query, const SearchOptions& options) {
    SearchResult result;
    result.query = query;
    const std::optional<Q> filter = m_impl->filters(options.filters);
    // Browsing by filter alone ("every Kế hoạch of 2022") needs no words.
    const bool blank = query.find_first_not_of(" \t\r\n") == std::string::npos;
    ParsedQuery parsed;
    if (blank && filter) {
        parsed.query = Q::MatchAll;
    } else {
        parsed = m_impl->parser.parse(query);
    }
    // OP_FILTER: the filters restrict the matches but add nothing to their weight.
    // Secret documents go with AND_NOT, which (like OP_FILTER) leaves the weights alone.
    const std::vector<std::string>& secret = secrecy_terms();
    const Q hidden(Q::OP_OR, secret.begin(), secret.end());
    auto filtered = [&](const Q& q) {
        Q out = filter ? Q(Q::OP_FILTER, q, *filter) : q;
        return options.hide_secret ? Q(Q::OP_AND_NOT, out, hidden) : out;
    };
    // Everything read from the index, the hits' documents included, comes from one revision:
    // when a commit discards it meanwhile, all of it is read again from the latest.
    const SearchResult before_matching = result;
    auto match = [&] {
        SearchResult result = before_matching;
        const Q main_query = filtered(m_impl->fitted_to_index(parsed));
        result.parsed = main_query.get_description();
        // Xapian counts documents in 32 bits; no index here comes near the clamp.
        constexpr std::size_t kMaxCount = 1u << 30;
        const auto offset = static_cast<Xapian::doccount>(std::min(options.offset, kMaxCount));
        const auto limit = static_cast<Xapian::doccount>(std::min(options.limit, kMaxCount));
        // Re-ranking by phrase needs the whole window from the first match on.
        const Xapian::doccount window = parsed.best_match ? kBestMatchPhraseWindow : kPhraseWindow;
        const bool rerank = !parsed.boost_phrases.empty() && options.sort == SortOrder::Relevance &&
                            offset < window;
        Xapian::doccount first = rerank ? 0 : offset;
        const Xapian::doccount wanted = rerank ? std::max(window, offset + limit) : limit;
        PhraseRerank by_phrases;
        if (rerank) by_phrases = {parsed.boost_phrases, window, offset + limit};
        // A long query ranked by any of its words matches most of an archive, as a relaxed one
        // does: counted and faceted the same way (below).
        // (A best-match query counts exactly up to kWidenBelow, below.)
        RunResult run = parsed.best_match
                            ? m_impl->run(main_query, first, wanted, options, by_phrases,
                                          kWidenBelow, kCheckAtLeast)
                            : m_impl->run(main_query, first, wanted, options, by_phrases);
        // Fewer than kWidenBelow documents have a pair of the question's words: rank by any
        // of its words too. (Decided on the count, not on the page asked for, so that every
        // page comes from the same query.)
        if (parsed.widened && run.counts.upper < kWidenBelow) {
            const Q widened = filtered(*parsed.widened);
            result.parsed = widened.get_description();
            run = m_impl->run(widened, first, wanted, options, by_phrases, 0, kCheckAtLeast);
        }
        // No document has every word: show those with some, and say so. (An empty page past
        // the end is relaxed only when the first page would be.)
        if (parsed.relaxed && run.ranked.empty()) {
            SearchOptions probe = options;
            probe.facets = false;
            if ((offset == 0 && limit > 0) || m_impl->run(main_query, 0, 1, probe).ranked.empty()) {
                const Q relaxed = filtered(*parsed.relaxed);
                result.relaxed = true;
                result.parsed = relaxed.get_description();
                // Some of many words matches most of the archive: counting it (or its
                // facets) exactly would cost more than the page itself, and "about N" is all
                // anyone reads there; the facets count the first kCheckAtLeast matches. No
                // document has every word, so none has their phrase: no re-ranking.
                run = m_impl->run(relaxed, offset, limit, options, {}, 0, kCheckAtLeast);
                first = offset;
            }
        }
        result.best_match = parsed.best_match;
        result.estimated = run.counts.estimated;
        result.exact_count = run.counts.lower == run.counts.upper;
        result.facets = std::move(run.facets);
        result.facets_exact = run.facets_exact;
        result.match_threads = run.threads;
        const std::vector<Ranked>& ranked = run.ranked;
        // The matches start at `first`; the page at `offset`.
        for (std::size_t k = offset - first; k < ranked.size() && result.hits.size() < limit; ++k) {
            result.hits.push_back(make_hit(m_impl->db, ranked[k], static_cast<int>(first + k) + 1,
                                           m_impl->analyzer, parsed.highlight, options));
        }
        return result;
    };
    try {
        result = retry_if_modified(m_impl->db, match);
    } catch (const Xapian::Error& e) {
        // Xapian errors are not std::exception; main() reports std::runtime_error.
        throw std::runtime_error("search failed: " + e.get_description());
    }
    return result;
}

}  // namespace vanthu::query
