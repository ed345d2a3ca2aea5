// Resolving citations against the documents that carry a number (docs/citations.md).
#include "vanthu/query/citations.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <utility>

#include "stored.hpp"
#include "vanthu/core/date.hpp"
#include "vanthu/core/schema.hpp"
#include "vanthu/core/text.hpp"
#include "vanthu/core/utf8.hpp"
#include "vanthu/core/vocabulary.hpp"

namespace vanthu::query {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr std::array<std::string_view, kCitationStatusCount> kStatusNames = {
    "found", "ambiguous", "date-mismatch", "issuer-mismatch", "typo", "not-in-archive"};

// --- issuers -------------------------------------------------------------------------------------

// The kinds of issuing body a citation names ("của HĐND tỉnh") or a header prints. Only what is
// needed to see a clear conflict: anything not recognised is Unknown, which conflicts with
// nothing.
enum class BodyKind {
    Unknown,
    PeopleCommittee,  // Ủy ban nhân dân (and its Chủ tịch, Văn phòng)
    PeopleCouncil,    // Hội đồng nhân dân (and its Thường trực)
    Party,  // a Party committee: Tỉnh ủy, its Ban Thường vụ / Ban Chấp hành, Bộ Chính trị
    PartyBoard,  // an advisory board of one: Ban Tuyên giáo, Ban Tổ chức, Ủy ban Kiểm tra …
    Department,         // Sở …
    Ministry,           // Bộ … (not Bộ Chính trị)
    Government,         // Chính phủ
    PrimeMinister,      // Thủ tướng (Chính phủ)
    NationalAssembly,   // Quốc hội, Ủy ban Thường vụ Quốc hội
    Front,              // Mặt trận Tổ quốc
    ElectionCommittee,  // Ủy ban bầu cử
};

enum class Level { Unknown, Central, Province, District };

struct Body {
    BodyKind kind = BodyKind::Unknown;
    Level level = Level::Unknown;  // Party bodies only: Trung ương / Tỉnh ủy / Huyện ủy
    std::vector<std::string> detail{};  // a board's or a Sở's / Bộ's name, folded words
};

struct Pattern {
    std::string_view words;  // folded words, space separated
    BodyKind kind;
    Level level;
    std::string_view detail;  // for boards: their name, compared as a whole
};

// Matched on folded words, the longest pattern at the leftmost position winning: the body named
// first is the issuer ("Ban Tuyên giáo Tỉnh ủy" is a board of Tỉnh ủy, not Tỉnh ủy).
constexpr std::array<Pattern, 28> kPatterns = {{
    {"uy ban thuong vu quoc hoi", BodyKind::NationalAssembly, Level::Unknown, ""},
    {"uy ban thuong vu", BodyKind::NationalAssembly, Level::Unknown, ""},
    {"quoc hoi", BodyKind::NationalAssembly, Level::Unknown, ""},
    {"thu tuong", BodyKind::PrimeMinister, Level::Unknown, ""},
    {"chinh phu", BodyKind::Government, Level::Unknown, ""},
    {"uy ban nhan dan", BodyKind::PeopleCommittee, Level::Unknown, ""},
    {"hoi dong nhan dan", BodyKind::PeopleCouncil, Level::Unknown, ""},
    {"uy ban bau cu", BodyKind::ElectionCommittee, Level::Unknown, ""},
    {"uy ban mat tran to quoc", BodyKind::Front, Level::Unknown, ""},
    {"mat tran to quoc", BodyKind::Front, Level::Unknown, ""},
    {"ban tuyen giao", BodyKind::PartyBoard, Level::Unknown, "tuyen giao"},
    {"ban to chuc", BodyKind::PartyBoard, Level::Unknown, "to chuc"},
    {"ban dan van", BodyKind::PartyBoard, Level::Unknown, "dan van"},
    {"ban noi chinh", BodyKind::PartyBoard, Level::Unknown, "noi chinh"},
    {"uy ban kiem tra", BodyKind::PartyBoard, Level::Unknown, "kiem tra"},
    {"ban thuong vu", BodyKind::Party, Level::Unknown, ""},
    {"ban chap hanh", BodyKind::Party, Level::Unknown, ""},
    {"thuong truc tinh uy", BodyKind::Party, Level::Province, ""},
    {"ban bi thu", BodyKind::Party, Level::Central, ""},
    {"bo chinh tri", BodyKind::Party, Level::Central, ""},
    {"trung uong", BodyKind::Party, Level::Central, ""},
    {"tinh uy", BodyKind::Party, Level::Province, ""},
    {"huyen uy", BodyKind::Party, Level::District, ""},
    {"thi uy", BodyKind::Party, Level::District, ""},
    // A city's committee is provincial (Hà Nội) or not (Buôn Ma Thuột): level unknown.
    {"thanh uy", BodyKind::Party, Level::Unknown, ""},
    {"dang uy", BodyKind::Party, Level::Unknown, ""},
    {"dang bo", BodyKind::Party, Level::Unknown, ""},
    {"dang cong san", BodyKind::Party, Level::Unknown, ""},
}};

// Level words anywhere in a Party body's name ("Ban Thường vụ Tỉnh ủy").
constexpr std::array<std::pair<std::string_view, Level>, 7> kLevels = {{
    {"trung uong", Level::Central},
    {"bo chinh tri", Level::Central},
    {"ban bi thu", Level::Central},
    {"tinh uy", Level::Province},
    {"dang bo tinh", Level::Province},
    {"huyen uy", Level::District},
    {"dang bo huyen", Level::District},
}};

// Words that end a Sở's or Bộ's name ("Sở Nội vụ tỉnh Đắk Lắk") or carry no meaning in it.
bool ends_name(std::string_view folded) {
    return folded == "tinh" || folded == "huyen" || folded == "thanh" || folded == "thi" ||
           folded == "quan" || folded == "xa" || folded == "phuong" || folded == "cua" ||
           folded == "ve" || folded == "nam" || folded == "ngay";
}

struct Words {
    std::vector<std::string> lower;   // case-folded, diacritics kept
    std::vector<std::string> folded;  // no diacritics
};

Words split_words(std::string_view text) {
    Words w;
    const std::string lowered = core::lower_text(core::normalize_text(text));
    std::string current;
    auto flush = [&] {
        if (current.empty()) return;
        w.folded.push_back(core::fold_word(current));
        w.lower.push_back(std::move(current));
        current.clear();
    };
    for (std::size_t i = 0; i < lowered.size();) {
        const auto d = core::utf8::decode(lowered, i);
        const bool ascii_word = d.cp < 0x80 && std::isalnum(static_cast<unsigned char>(d.cp));
        // Every non-ASCII character of an issuer's name is a Vietnamese letter or mark; quotes
        // and dashes typed as Unicode punctuation split words like ASCII punctuation.
        const bool punct = d.cp == 0x201C || d.cp == 0x201D || d.cp == 0x2013 || d.cp == 0x2014 ||
                           d.cp == 0x2018 || d.cp == 0x2019 || d.cp == 0x2026 || !d.valid;
        if (ascii_word || (d.cp >= 0x80 && !punct)) {
            current.append(lowered, i, d.length);
        } else {
            flush();
        }
        i += d.length;
    }
    flush();
    return w;
}

bool matches_at(const Words& w, std::size_t at, std::string_view pattern, std::size_t& length) {
    std::size_t k = at;
    std::size_t begin = 0;
    while (begin < pattern.size()) {
        std::size_t end = pattern.find(' ', begin);
        if (end == std::string_view::npos) end = pattern.size();
        if (k >= w.folded.size() || w.folded[k] != pattern.substr(begin, end - begin)) {
            return false;
        }
        ++k;
        begin = end + 1;
    }
    length = k - at;
    return true;
}

std::vector<std::string> name_after(const Words& w, std::size_t at) {
    std::vector<std::string> out;
    for (std::size_t k = at; k < w.folded.size() && !ends_name(w.folded[k]); ++k) {
        if (w.folded[k] != "va") out.push_back(w.folded[k]);
    }
    return out;
}

Body classify(std::string_view text) {
    const Words w = split_words(core::expand_abbreviations(core::normalize_text(text)));
    Body body;
    for (std::size_t at = 0; at < w.folded.size() && body.kind == BodyKind::Unknown; ++at) {
        std::size_t best = 0;
        for (const auto& p : kPatterns) {
            std::size_t length = 0;
            if (matches_at(w, at, p.words, length) && length > best) {
                best = length;
                body.kind = p.kind;
                body.level = p.level;
                body.detail.clear();
                if (!p.detail.empty()) body.detail.emplace_back(p.detail);
            }
        }
        // "Sở" and "Bộ" are compared with their marks: "so", "bo" are many other words.
        if (best == 0 && (w.lower[at] == "sở" || w.lower[at] == "bộ")) {
            body.kind = w.lower[at] == "sở" ? BodyKind::Department : BodyKind::Ministry;
            body.detail = name_after(w, at + 1);
        }
    }
    if ((body.kind == BodyKind::Party || body.kind == BodyKind::PartyBoard) &&
        body.level == Level::Unknown) {
        for (std::size_t at = 0; at < w.folded.size() && body.level == Level::Unknown; ++at) {
            for (const auto& [words, level] : kLevels) {
                std::size_t length = 0;
                if (matches_at(w, at, words, length)) {
                    body.level = level;
                    break;
                }
            }
        }
    }
    return body;
}

// The body a number's issuer code names: "UBND" in 461/KH-UBND, "TU" in 152-KH/TU, "TTg",
// "QH11". Only codes of the abbreviation table say anything; "BTC" (Ban Tổ chức or Bộ Tài
// chính) and unit codes stay unknown.
Body classify_code(std::string_view number) {
    const auto n = core::parse_doc_number(number);
    if (!n || n->issuer_code.empty()) return {};
    std::string code = n->issuer_code;
    if (n->family == core::NumberFamily::State) code = code.substr(0, code.find('-'));
    // Laws: QH11, QH13 (the legislature's term).
    while (code.size() > 2 && std::isdigit(static_cast<unsigned char>(code.back()))) {
        code.pop_back();
    }
    const std::string expanded = core::expand_abbreviations(code);
    if (expanded == code) return {};  // not an abbreviation: its words say nothing
    return classify(expanded);
}

bool share_word(const std::vector<std::string>& a, const std::vector<std::string>& b) {
    for (const auto& x : a) {
        if (std::find(b.begin(), b.end(), x) != b.end()) return true;
    }
    return false;
}

// Lenient: only bodies of clearly different kinds, Party bodies of different levels, or two
// boards / Sở / Bộ with nothing in common in their names conflict.
bool compatible(const Body& a, const Body& b) {
    if (a.kind == BodyKind::Unknown || b.kind == BodyKind::Unknown) return true;
    auto government = [](BodyKind k) {
        return k == BodyKind::Government || k == BodyKind::PrimeMinister;
    };
    if (government(a.kind) && government(b.kind)) return true;
    if (a.kind != b.kind) return false;
    if ((a.kind == BodyKind::Party || a.kind == BodyKind::PartyBoard) &&
        a.level != Level::Unknown && b.level != Level::Unknown && a.level != b.level) {
        return false;
    }
    if (!a.detail.empty() && !b.detail.empty() && !share_word(a.detail, b.detail)) return false;
    return true;
}

std::string json_string(const json& j, const char* key) {
    if (!j.is_object()) return {};
    auto it = j.find(key);
    if (it == j.end() || !it->is_string()) return {};
    return it->get<std::string>();
}

json stored_meta(const StoredDocument& d) {
    const json data = json::parse(d.data, nullptr, false);
    if (data.is_object()) {
        if (auto it = data.find("meta"); it != data.end() && it->is_object()) return *it;
    }
    return json::object();
}

// The bodies that may have issued a document: its unit, its parent body (a citation naming
// the parent, "của UBND tỉnh" for a Sở's document, is loose but not clearly wrong), and the
// body its number's code names.
std::vector<Body> document_bodies(const std::string& unit, const std::string& parent,
                                  const std::string& number) {
    std::vector<Body> out;
    for (Body b : {classify(unit), classify(parent), classify_code(number)}) {
        if (b.kind != BodyKind::Unknown) out.push_back(std::move(b));
    }
    return out;
}

// The folded words of an issuer's name, abbreviations expanded.
std::set<std::string> issuer_words(std::string_view text) {
    const Words w = split_words(core::expand_abbreviations(core::normalize_text(text)));
    return {w.folded.begin(), w.folded.end()};
}

bool compatible_with(const Body& cited, const std::vector<Body>& bodies) {
    if (cited.kind == BodyKind::Unknown || bodies.empty()) return true;
    return std::any_of(bodies.begin(), bodies.end(),
                       [&](const Body& b) { return compatible(cited, b); });
}

// --- numbers -------------------------------------------------------------------------------------

// A key split where numbers restart: "152-kh/tu" -> {"152", "", "-kh/tu"},
// "91/2017/nđ-cp" -> {"91", "2017", "/nđ-cp"}.
struct KeyParts {
    std::string serial;
    std::string year;
    std::string rest;
};

KeyParts split_key(std::string_view key) {
    KeyParts p;
    std::size_t i = 0;
    while (i < key.size() && std::isdigit(static_cast<unsigned char>(key[i]))) ++i;
    p.serial = std::string(key.substr(0, i));
    if (i + 6 <= key.size() && key[i] == '/' && key[i + 5] == '/' &&
        std::all_of(key.begin() + static_cast<std::ptrdiff_t>(i) + 1,
                    key.begin() + static_cast<std::ptrdiff_t>(i) + 5,
                    [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; })) {
        p.year = std::string(key.substr(i + 1, 4));
        i += 5;
    }
    p.rest = std::string(key.substr(i));
    return p;
}

std::u32string code_points(std::string_view s) {
    std::u32string out;
    for (std::size_t i = 0; i < s.size();) {
        const auto d = core::utf8::decode(s, i);
        // '/' and '-' are both separators: 152/KH-TU typed for 152-KH/TU is one slip, not two.
        out += d.cp == '/' ? U'-' : d.cp;
        i += d.length;
    }
    return out;
}

// Optimal string alignment distance (Levenshtein plus adjacent transpositions: "TU"/"UT").
std::size_t edit_distance(const std::u32string& a, const std::u32string& b) {
    std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
    for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
    for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
            }
        }
    }
    return d[a.size()][b.size()];
}

// The serial as printed ("01"), or "" when the stored number cannot be parsed.
std::string written_serial(const std::string& number) {
    const auto n = core::parse_doc_number(number);
    return n ? n->number : std::string();
}

std::string group_of(const StoredDocument& d) {
    const fs::path p(d.path);
    return (p.parent_path() / p.stem()).string() + '\n' + d.date;
}

void sort_by_path(std::vector<StoredDocument>& docs) {
    std::sort(docs.begin(), docs.end(), [](const StoredDocument& a, const StoredDocument& b) {
        return a.path != b.path ? a.path < b.path : a.docid < b.docid;
    });
}

// One document, whatever the number of formats it was indexed in (a.docx, a.pdf, a.txt are
// the same document: same folder, same name, same date).
struct Unit {
    StoredDocument doc;
    std::vector<StoredDocument> copies;
    std::vector<Body> bodies;
    std::set<std::string> words;  // issuer_words() of its unit and parent
};

Unit make_unit(StoredDocument d) {
    Unit u;
    const json meta = stored_meta(d);
    std::string unit = json_string(meta, "issuer");
    const std::string parent = json_string(meta, "issuer_parent");
    if (unit.empty() && parent.empty()) unit = d.issuer;
    u.bodies = document_bodies(unit, parent, d.number);
    u.words = issuer_words(unit + " " + parent);
    u.doc = std::move(d);
    return u;
}

// True when every word of the cited issuer is in the document's issuer ("UBND tỉnh An Giang"
// in "ỦY BAN NHÂN DÂN TỈNH AN GIANG"): what tells apart two provinces' documents that share
// a number and a date.
bool names_all_words(const std::set<std::string>& cited, const Unit& u) {
    return !cited.empty() &&
           std::includes(u.words.begin(), u.words.end(), cited.begin(), cited.end());
}

std::vector<Unit> group_units(std::vector<StoredDocument> docs) {
    sort_by_path(docs);
    std::vector<Unit> units;
    std::unordered_map<std::string, std::size_t> index;
    for (auto& d : docs) {
        const std::string g = group_of(d);
        if (auto it = index.find(g); it != index.end()) {
            units[it->second].copies.push_back(std::move(d));
            continue;
        }
        index.emplace(g, units.size());
        units.push_back(make_unit(std::move(d)));
    }
    return units;
}

std::vector<StoredDocument> docs_of(const std::vector<const Unit*>& units) {
    std::vector<StoredDocument> out;
    for (const Unit* u : units) out.push_back(u->doc);
    return out;
}

std::string dates_of(const std::vector<const Unit*>& units) {
    std::string out;
    for (const Unit* u : units) {
        out += (out.empty() ? "" : ", ") + (u->doc.date.empty() ? "undated" : u->doc.date);
    }
    return out;
}

std::string plural(std::size_t n, std::string_view word) {
    return std::to_string(n) + " " + std::string(word) + (n == 1 ? "" : "s");
}

// "2020-02-26" and "2020-26-02" swapped: worth saying, real data has such slips.
bool day_month_swapped(const std::string& a, const std::string& b) {
    if (a.size() != 10 || b.size() != 10) return false;
    return a.substr(0, 4) == b.substr(0, 4) && a.substr(5, 2) == b.substr(8, 2) &&
           a.substr(8, 2) == b.substr(5, 2) && a != b;
}

struct TypoCandidate {
    const Unit* unit = nullptr;
    TypoKind kind = TypoKind::None;
    std::size_t distance = 0;
    bool date_match = false;
    bool issuer_ok = true;
};

}  // namespace

std::string_view status_name(CitationStatus status) {
    return kStatusNames[static_cast<std::size_t>(status)];
}

std::optional<CitationStatus> status_from_name(std::string_view name) {
    for (std::size_t i = 0; i < kStatusNames.size(); ++i) {
        if (kStatusNames[i] == name) return static_cast<CitationStatus>(i);
    }
    return std::nullopt;
}

std::string_view typo_kind_name(TypoKind kind) {
    switch (kind) {
        case TypoKind::None:
            return "";
        case TypoKind::Diacritic:
            return "diacritic";
        case TypoKind::LeadingZero:
            return "leading-zero";
        case TypoKind::Code:
            return "code";
    }
    return "";
}

bool issuer_compatible(std::string_view cited_issuer, std::string_view unit,
                       std::string_view parent, std::string_view number) {
    return compatible_with(
        classify(cited_issuer),
        document_bodies(std::string(unit), std::string(parent), std::string(number)));
}

std::vector<CitationRef> stored_citations(const StoredDocument& document) {
    std::vector<CitationRef> out;
    const json meta = stored_meta(document);
    auto it = meta.find("citations");
    if (it == meta.end() || !it->is_array()) return out;
    for (const auto& c : *it) {
        if (!c.is_object()) continue;
        out.push_back({json_string(c, "type"), json_string(c, "number"), json_string(c, "key"),
                       json_string(c, "date"), json_string(c, "issuer"),
                       json_string(c, "sentence")});
    }
    return out;
}

struct CitationResolver::Impl {
    Xapian::Database db;
    std::string where;  // for messages: the index folder, or "the database"
    // Own-number keys by serial and year ("152|", "91|2017"), read once, for the typo search.
    std::unordered_map<std::string, std::vector<std::string>> keys_by_serial;
    bool keys_loaded = false;
    // Carriers by key, grouped into documents; a check resolves the same numbers repeatedly.
    // Units are pointed to during one resolve(), so the cache is only ever cleared between
    // calls (begin_call): after the database was reopened, or when it grew too big.
    std::unordered_map<std::string, std::vector<Unit>> units_by_key;
    bool stale = false;
    static constexpr std::size_t kMaxCachedKeys = 4096;

    void begin_call() {
        if (stale || units_by_key.size() > kMaxCachedKeys) units_by_key.clear();
        if (stale) {
            keys_by_serial.clear();
            keys_loaded = false;
        }
        stale = false;
    }

    template <class F>
    auto retrying(F&& f) -> decltype(f()) {
        try {
            return retry_if_modified(db, std::forward<F>(f), [&] { stale = true; });
        } catch (const Xapian::DatabaseModifiedError&) {
            throw std::runtime_error("the index at " + where + " keeps changing while it is read");
        } catch (const Xapian::Error& e) {
            // Xapian errors are not std::exception; main() reports std::runtime_error.
            throw std::runtime_error("cannot read the index at " + where + ": " +
                                     e.get_description());
        }
    }

    std::vector<StoredDocument> with_term(const std::string& term) {
        return retrying([&] {
            std::vector<StoredDocument> out;
            for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it) {
                out.push_back(detail::read_stored(db.get_document(*it)));
            }
            sort_by_path(out);
            return out;
        });
    }

    // The documents carrying `key` (any serial spelling), one Unit per file.
    const std::vector<Unit>& units(const std::string& key) {
        if (auto it = units_by_key.find(key); it != units_by_key.end()) return it->second;
        auto docs = with_term(schema::term(schema::kPrefixOwnNumber, key));
        return units_by_key.emplace(key, group_units(std::move(docs))).first->second;
    }

    void load_keys() {
        if (keys_loaded) return;
        retrying([&] {
            keys_by_serial.clear();
            const std::string prefix(schema::kPrefixOwnNumber);
            for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix); ++it) {
                const std::string term = *it;
                // "XOF…" shares the prefix; own-number keys start with their serial's digits.
                if (term.size() <= prefix.size() ||
                    !std::isdigit(static_cast<unsigned char>(term[prefix.size()]))) {
                    continue;
                }
                const std::string key = term.substr(prefix.size());
                const KeyParts parts = split_key(key);
                keys_by_serial[parts.serial + '|' + parts.year].push_back(key);
            }
            return 0;
        });
        keys_loaded = true;
    }

    // Documents whose number differs from `n` only by a typo (docs/citations.md), best first.
    std::vector<TypoCandidate> typo_candidates(const core::DocNumber& n, const std::string& date,
                                               const Body& cited) {
        load_keys();
        const KeyParts wanted = split_key(n.key);
        auto bucket = keys_by_serial.find(wanted.serial + '|' + wanted.year);
        if (bucket == keys_by_serial.end()) return {};
        const std::u32string wanted_rest = code_points(wanted.rest);
        const std::vector<std::string> keys = bucket->second;  // units() may reload the map
        std::vector<TypoCandidate> out;
        for (const std::string& key : keys) {
            TypoCandidate c;
            std::size_t max_distance = 0;
            if (key == n.key) {
                c.kind = TypoKind::LeadingZero;
            } else if (core::fold_text(key) == n.folded_key) {
                c.kind = TypoKind::Diacritic;
            } else {
                c.kind = TypoKind::Code;
                const std::u32string rest = code_points(split_key(key).rest);
                c.distance = edit_distance(rest, wanted_rest);
                // Two edits only in long codes of the same type ("/STTTT-TTBCXB"): in short ones
                // two edits make another code altogether (KH/TU -> CT/TU).
                max_distance = 1;
                const auto other = core::parse_doc_number(key);
                if (rest.size() >= 8 && wanted_rest.size() >= 8 && other &&
                    core::lower_text(other->type_code) == core::lower_text(n.type_code)) {
                    max_distance = 2;
                }
                if (c.distance > max_distance) continue;
            }
            for (const Unit& u : units(key)) {
                if (c.kind == TypoKind::LeadingZero && written_serial(u.doc.number) == n.number) {
                    continue;  // the exact number: not a typo
                }
                TypoCandidate t = c;
                t.unit = &u;
                t.date_match = !date.empty() && u.doc.date == date;
                t.issuer_ok = compatible_with(cited, u.bodies);
                // A code a letter away is a typo only when nothing else contradicts it: with a
                // date, only a document of that date; with an issuer, only a fitting one.
                if (t.kind == TypoKind::Code &&
                    (!t.issuer_ok || (!date.empty() && !t.date_match))) {
                    continue;
                }
                out.push_back(t);
            }
        }
        std::stable_sort(out.begin(), out.end(),
                         [](const TypoCandidate& a, const TypoCandidate& b) {
                             if (a.date_match != b.date_match) return a.date_match;
                             if (a.issuer_ok != b.issuer_ok) return a.issuer_ok;
                             const bool strong_a = a.kind != TypoKind::Code;
                             const bool strong_b = b.kind != TypoKind::Code;
                             if (strong_a != strong_b) return strong_a;
                             if (a.distance != b.distance) return a.distance < b.distance;
                             return a.unit->doc.path < b.unit->doc.path;
                         });
        return out;
    }
};

CitationResolver::CitationResolver(Xapian::Database db) : m_impl(std::make_unique<Impl>()) {
    m_impl->db = std::move(db);
    m_impl->where = "(database)";
}

CitationResolver::CitationResolver(const fs::path& index_dir) : m_impl(std::make_unique<Impl>()) {
    m_impl->db = detail::open_index(index_dir);
    m_impl->where = index_dir.string();
}

CitationResolver::~CitationResolver() = default;

Xapian::Database& CitationResolver::database() { return m_impl->db; }

CitationResolution CitationResolver::resolve(const CitationRef& citation) {
    m_impl->begin_call();
    CitationResolution r;
    auto n = core::parse_doc_number(citation.number);
    if (!n && !citation.key.empty()) n = core::parse_doc_number(citation.key);
    if (!n) {
        r.note = "\"" + (citation.number.empty() ? citation.key : citation.number) +
                 "\" is not a document number";
        return r;
    }
    std::string date;
    if (auto d = core::parse_date(citation.date)) date = d->iso();
    const Body cited = classify(citation.issuer);
    std::set<std::string> cited_words = issuer_words(citation.issuer);
    cited_words.erase("cua");
    const std::string& number = n->canonical;

    auto take = [&](const Unit& u) {
        r.document = u.doc;
        r.other_formats = u.copies;
    };
    // `carried_on`: the dates of the documents carrying the number as cited, when there are
    // some (but none on the cited date), so that the note does not say nobody carries it.
    auto typo = [&](const std::vector<TypoCandidate>& cands, const std::string& carried_on) {
        const TypoCandidate& best = cands.front();
        r.status = CitationStatus::Typo;
        r.typo = best.kind;
        take(*best.unit);
        r.intended = best.unit->doc.number;
        for (std::size_t k = 1; k < cands.size(); ++k) r.candidates.push_back(cands[k].unit->doc);
        std::string why;
        switch (best.kind) {
            case TypoKind::LeadingZero:
                why = "written with a different leading zero";
                break;
            case TypoKind::Diacritic:
                why = "the same number but for Đ/D";
                break;
            case TypoKind::Code:
                why = "the same serial" + std::string(n->year.empty() ? "" : " and year") +
                      ", a code one slip away";
                break;
            case TypoKind::None:
                break;
        }
        r.note = (carried_on.empty() ? "no document carries " + number
                                     : "the archive's " + number + " is dated " + carried_on) +
                 "; " + r.intended + " (" + why + (best.date_match ? ", same date" : "") +
                 ") is probably meant";
        if (!date.empty() && !best.date_match) {
            r.note += ", though it is dated " +
                      (best.unit->doc.date.empty() ? std::string("nothing") : best.unit->doc.date);
        }
    };

    // Carriers of the key whose serial is written as cited; the others differ by a zero.
    std::vector<const Unit*> exact;
    for (const Unit& u : m_impl->units(n->key)) {
        const std::string serial = written_serial(u.doc.number);
        if (serial.empty() || serial == n->number) exact.push_back(&u);
    }

    if (exact.empty()) {
        const auto cands = m_impl->typo_candidates(*n, date, cited);
        if (!cands.empty()) {
            typo(cands, {});
        } else {
            r.status = CitationStatus::NotInArchive;
            r.note = "no document in the archive carries " + number + " or a number close to it";
        }
        return r;
    }

    auto fitting = [&](const std::vector<const Unit*>& units) {
        std::vector<const Unit*> out;
        for (const Unit* u : units) {
            if (compatible_with(cited, u->bodies)) out.push_back(u);
        }
        return out;
    };
    auto issuer_mismatch = [&](const std::vector<const Unit*>& units) {
        r.status = CitationStatus::IssuerMismatch;
        if (units.size() == 1) {
            take(*units.front());
            r.note = "cited as issued by " + citation.issuer + ", but " + number +
                     (date.empty() ? "" : " of " + date) + " was issued by " +
                     (units.front()->doc.issuer.empty() ? std::string("another body")
                                                        : units.front()->doc.issuer);
        } else {
            r.candidates = docs_of(units);
            r.note = "cited as issued by " + citation.issuer + ", but none of the " +
                     plural(units.size(), "document") + " carrying " + number +
                     (date.empty() ? "" : " on " + date) + " was";
        }
    };
    // Several fit: the one whose issuer has every word the citation gives (its province).
    auto narrow_by_name = [&](std::vector<const Unit*> units) {
        if (units.size() < 2) return units;
        std::vector<const Unit*> named;
        for (const Unit* u : units) {
            if (names_all_words(cited_words, *u)) named.push_back(u);
        }
        return named.size() == 1 ? named : units;
    };
    auto found_or_ambiguous = [&](std::vector<const Unit*> units, std::size_t before) {
        units = narrow_by_name(std::move(units));
        if (units.size() == 1) {
            r.status = CitationStatus::Found;
            take(*units.front());
            if (before > 1) {
                r.note = "chosen by its " + std::string(date.empty() ? "issuer" : "date") +
                         " among " + plural(before, "document") + " carrying " + number;
            }
            return;
        }
        r.status = CitationStatus::Ambiguous;
        r.candidates = docs_of(units);
        r.note = plural(units.size(), "document") + " carry " + number +
                 (date.empty() ? " (dated " + dates_of(units) + ") and the citation gives no date"
                               : " dated " + date) +
                 (citation.issuer.empty() ? "" : ", issuers that fit " + citation.issuer);
    };

    if (date.empty()) {
        const auto fit = fitting(exact);
        if (fit.empty()) {
            issuer_mismatch(exact);
        } else {
            found_or_ambiguous(fit, exact.size());
        }
        return r;
    }

    std::vector<const Unit*> on_date;
    for (const Unit* u : exact) {
        if (u->doc.date == date) on_date.push_back(u);
    }
    if (!on_date.empty()) {
        const auto fit = fitting(on_date);
        if (fit.empty()) {
            issuer_mismatch(on_date);
        } else {
            found_or_ambiguous(fit, exact.size());
        }
        return r;
    }

    // The number exists but not on that date. A near number that has exactly that date and a
    // fitting issuer is the better explanation: the number was mistyped, not the date.
    std::vector<TypoCandidate> dated;
    for (const auto& c : m_impl->typo_candidates(*n, date, cited)) {
        if (c.date_match && c.issuer_ok) dated.push_back(c);
    }
    if (!dated.empty()) {
        typo(dated, dates_of(exact));
        return r;
    }
    r.status = CitationStatus::DateMismatch;
    auto fit = narrow_by_name(fitting(exact));
    if (fit.empty()) fit = exact;
    if (fit.size() == 1) {
        take(*fit.front());
        r.archived_date = fit.front()->doc.date;
        r.note = r.archived_date.empty()
                     ? "the archive's " + number + " has no date to compare with " + date
                     : "the archive's " + number + " is dated " + r.archived_date + ", not " + date;
        if (day_month_swapped(date, r.archived_date)) r.note += " (day and month swapped?)";
    } else {
        r.candidates = docs_of(fit);
        r.note = plural(fit.size(), "document") + " carry " + number + ", dated " + dates_of(fit) +
                 "; none on " + date;
    }
    return r;
}

CitedBy CitationResolver::cited_by(const core::DocNumber& number) {
    m_impl->begin_call();
    CitedBy out;
    out.number = number;
    std::set<Xapian::docid> seen;
    auto add = [&](std::vector<StoredDocument>& to, std::string_view prefix,
                   const std::string& key) {
        for (auto& d : m_impl->with_term(schema::term(prefix, key))) {
            if (seen.insert(d.docid).second) to.push_back(std::move(d));
        }
    };
    // Exact keys before folded ones, as in search ranking.
    add(out.carriers, schema::kPrefixOwnNumber, number.key);
    add(out.carriers, schema::kPrefixOwnNumberFolded, number.folded_key);
    std::vector<StoredDocument> citing;
    add(citing, schema::kPrefixCitedNumber, number.key);
    add(citing, schema::kPrefixCitedNumberFolded, number.folded_key);
    sort_by_path(citing);
    for (auto& d : citing) {
        CitingDocument c;
        for (auto& ref : stored_citations(d)) {
            auto cited = core::parse_doc_number(ref.number);
            if (!cited && !ref.key.empty()) cited = core::parse_doc_number(ref.key);
            if (cited && (cited->key == number.key || cited->folded_key == number.folded_key)) {
                c.citations.push_back(std::move(ref));
            }
        }
        c.document = std::move(d);
        out.citing.push_back(std::move(c));
    }
    return out;
}

}  // namespace vanthu::query
