// Searching by field, filters, sorting, facets and look-ups on a small database written here
// with the term scheme of docs/schema.md (see test_db.hpp).
#include <gtest/gtest.h>
#include <xapian.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "test_db.hpp"
#include "vanthu/core/docnumber.hpp"
#include "vanthu/query/lookup.hpp"
#include "vanthu/query/search.hpp"

namespace {

using vanthu::query::QueryError;
using vanthu::query::SearchOptions;
using vanthu::query::SortOrder;
using vanthu::test::FieldDoc;
using Names = std::vector<std::string>;
using NameSet = std::set<std::string>;

class FieldSearch : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        s_dir = new vanthu::test::TempDir();
        Xapian::WritableDatabase db(s_dir->path().string(), Xapian::DB_CREATE_OR_OVERWRITE);
        auto add = [&](const FieldDoc& d) { s_docids[d.name] = add_field_document(db, d); };
        // Modelled on the seeds: a plan with its own number and a citation of a law, two
        // documents citing 152-KH/TU, the plan 152-KH/TU itself, an undated plan, a proposal,
        // and a table that lists 152-KH/TU without citing it.
        add({.name = "kh2022.txt",
             .body = "Kế hoạch phát động phong trào thi đua, Hiến kế. Nghị quyết số 22/2003/QH11",
             .number = "461/KH-UBND",
             .cited = {"22/2003/QH11"},
             .type_code = "KH",
             .issuer = "UBND tỉnh Đắk Nông",
             .signer = "Hồ Văn Mười",
             .date = "2022-08-11"});
        add({.name = "bc2020.txt",
             .body = "Báo cáo kết quả Cuộc vận động Hiến kế theo Kế hoạch số 152-KH/TU",
             .number = "01-BC/BTC",
             .cited = {"152-KH/TU"},
             .type_code = "BC",
             .issuer = "BAN TỔ CHỨC CUỘC VẬN ĐỘNG",
             .issuer_parent = "TỈNH ỦY ĐẮK LẮK",
             .date = "2020-10-30"});
        add({.name = "cv2020.txt",
             .body = "Đẩy mạnh tuyên truyền Hiến kế, thực hiện Kế hoạch số 152-KH/TU",
             .number = "853-CV/BTGTU",
             .cited = {"152-KH/TU"},
             .type_code = "CV",
             .issuer = "BAN TUYÊN GIÁO",
             .issuer_parent = "TỈNH ỦY ĐẮK LẮK",
             .date = "2020-06-22"});
        add({.name = "kh152.txt",
             .body = "Kế hoạch tổ chức Cuộc vận động Hiến kế xây dựng tỉnh",
             .number = "152-KH/TU",
             .type_code = "KH",
             .issuer = "BAN THƯỜNG VỤ",
             .issuer_parent = "TỈNH ỦY ĐẮK LẮK",
             .date = "2020-02-26"});
        add({.name = "kh-nodate.txt",
             .body = "Kế hoạch tuyên truyền Hiến kế sau Đại hội",
             .type_code = "KH",
             .issuer = "UBND tỉnh"});
        add({.name = "proposal.txt",
             .body = "Đề xuất Hiến kế phát triển cây cà phê",
             .author = "Nguyễn Văn An",
             .unit = "UBND huyện Krông Pắc",
             .domain = "kinh tế",
             .title = "Phát triển cà phê bền vững",
             .date = "2020-09-15"});
        add({.name = "mention.txt", .body = "Danh mục văn bản: 152-KH/TU, Hiến kế"});
        vanthu::test::mark_schema(db);
        db.commit();
    }

    static void TearDownTestSuite() {
        delete s_dir;
        s_dir = nullptr;
    }

    // File names of the hits, in rank order.
    Names names(const std::string& query, SearchOptions options = {}) {
        vanthu::query::Searcher searcher(s_dir->path());
        options.limit = 100;
        m_last = searcher.search(query, options);
        Names out;
        for (const auto& h : m_last.hits) {
            out.push_back(std::filesystem::path(h.path).filename().string());
        }
        return out;
    }

    NameSet set(const std::string& query, const SearchOptions& options = {}) {
        const Names n = names(query, options);
        return {n.begin(), n.end()};
    }

    static inline vanthu::test::TempDir* s_dir = nullptr;
    static inline std::map<std::string, Xapian::docid> s_docids;
    vanthu::query::SearchResult m_last;
};

TEST_F(FieldSearch, NumberFieldRanksCarrierThenCitingThenMentions) {
    const Names hits = names("so:152-KH/TU");
    ASSERT_EQ(hits.size(), 4u);
    EXPECT_EQ(hits[0], "kh152.txt");
    EXPECT_EQ((NameSet{hits[1], hits[2]}), (NameSet{"bc2020.txt", "cv2020.txt"}));
    EXPECT_EQ(hits[3], "mention.txt");
    // The same documents as the bare number, which ranks by occurrences only.
    EXPECT_EQ(set("152-KH/TU"), set("number:152-kh/tu"));
    EXPECT_EQ(set("so:461/KH-UBND"), (NameSet{"kh2022.txt"}));
    EXPECT_EQ(set("so:22/2003/QH11"), (NameSet{"kh2022.txt"}));
    EXPECT_TRUE(names("so:999-KH/TU").empty());
}

TEST_F(FieldSearch, TypeByNameOrCode) {
    const NameSet plans{"kh2022.txt", "kh152.txt", "kh-nodate.txt"};
    EXPECT_EQ(set("loai:KH"), plans);
    EXPECT_EQ(set("type:kh"), plans);
    EXPECT_EQ(set("loai:\"kế hoạch\""), plans);
    EXPECT_EQ(set("loai:\"ke hoach\""), plans);
    EXPECT_EQ(set("loai:\"KẾ HOẠCH\""), plans);
    EXPECT_EQ(set("loai:BC"), (NameSet{"bc2020.txt"}));
    EXPECT_EQ(set("type:\"công văn\""), (NameSet{"cv2020.txt"}));
    EXPECT_TRUE(names("loai:QĐ").empty());
    // The body word "Kế hoạch" in bc2020 and cv2020 is not their type.
    EXPECT_EQ(set("loai:\"kế hoạch\" nam:2022"), (NameSet{"kh2022.txt"}));
    EXPECT_TRUE(names("loai:\"kế hoạch\" nam:2021").empty());
}

TEST_F(FieldSearch, IssuerWordsAbbreviationsAndOrder) {
    EXPECT_EQ(set("coquan:\"ban tuyên giáo\""), (NameSet{"cv2020.txt"}));
    EXPECT_EQ(set("issuer:\"ban tuyen giao\""), (NameSet{"cv2020.txt"}));
    // Written the way people do, parent last or first: every word must be there.
    EXPECT_EQ(set("coquan:\"Ban Tuyên giáo Tỉnh ủy\""), (NameSet{"cv2020.txt"}));
    EXPECT_EQ(set("coquan:BTGTU"), (NameSet{"cv2020.txt"}));
    EXPECT_EQ(set("coquan:\"tỉnh ủy đắk lắk\""),
              (NameSet{"bc2020.txt", "cv2020.txt", "kh152.txt"}));
    const NameSet ubnd{"kh2022.txt", "kh-nodate.txt"};
    EXPECT_EQ(set("coquan:UBND"), ubnd);
    EXPECT_EQ(set("coquan:\"Ủy ban nhân dân\""), ubnd);
    EXPECT_EQ(set("coquan:\"UBND tỉnh Đắk Nông\""), (NameSet{"kh2022.txt"}));
    EXPECT_EQ(set("coquan:\"Ủy ban nhân dân tỉnh Đắk Nông\""), (NameSet{"kh2022.txt"}));
    // The proposal's unit is UBND huyện, but that is its unit, not an issuer.
    EXPECT_EQ(set("donvi:UBND"), (NameSet{"proposal.txt"}));
    EXPECT_EQ(set("unit:\"Krông Pắc\""), (NameSet{"proposal.txt"}));
}

TEST_F(FieldSearch, PeopleDomainAndTitle) {
    EXPECT_EQ(set("nguoiky:\"Hồ Văn Mười\""), (NameSet{"kh2022.txt"}));
    EXPECT_EQ(set("signer:\"ho van muoi\""), (NameSet{"kh2022.txt"}));
    EXPECT_TRUE(names("nguoiky:\"Mười Văn Hồ\"").empty());
    EXPECT_EQ(set("tacgia:\"Nguyễn Văn An\""), (NameSet{"proposal.txt"}));
    EXPECT_EQ(set("linhvuc:\"kinh tế\""), (NameSet{"proposal.txt"}));
    EXPECT_EQ(set("field:\"kinh te\""), (NameSet{"proposal.txt"}));
    EXPECT_EQ(set("tieude:\"cà phê\""), (NameSet{"proposal.txt"}));
    EXPECT_EQ(set("title:ca"), (NameSet{"proposal.txt"}));
    // Body words are not in the title field.
    EXPECT_TRUE(names("tieude:hiến").empty());
}

TEST_F(FieldSearch, YearsAndDates) {
    const NameSet in2020{"bc2020.txt", "cv2020.txt", "kh152.txt", "proposal.txt"};
    EXPECT_EQ(set("nam:2020"), in2020);
    EXPECT_EQ(set("year:2019..2020"), in2020);
    EXPECT_EQ(set("nam:..2020"), in2020);
    EXPECT_EQ(set("nam:2021.."), (NameSet{"kh2022.txt"}));
    EXPECT_EQ(set("nam:2020..2022").size(), 5u);  // everything dated
    EXPECT_EQ(set("ngay:30/10/2020"), (NameSet{"bc2020.txt"}));
    EXPECT_EQ(set("ngay:2020-10-30"), (NameSet{"bc2020.txt"}));
    EXPECT_EQ(set("ngay:2020-06-01..2020-12-31"),
              (NameSet{"bc2020.txt", "cv2020.txt", "proposal.txt"}));
    EXPECT_EQ(set("ngay:..2020-06-30"), (NameSet{"kh152.txt", "cv2020.txt"}));
    EXPECT_EQ(set("ngay:2021-01-01.."), (NameSet{"kh2022.txt"}));
    EXPECT_EQ(set("ngay:2020-06"), (NameSet{"cv2020.txt"}));
    // Undated documents match no date: kh-nodate is never found by a date.
    EXPECT_EQ(set("hiến -nam:..2100"), (NameSet{"kh-nodate.txt", "mention.txt"}));
}

TEST_F(FieldSearch, FiltersNarrowWithoutChangingWeights) {
    const Names all = names("hiến kế");
    ASSERT_EQ(all.size(), 7u);
    std::map<std::string, double> scores;
    for (const auto& h : m_last.hits) scores[h.path] = h.score;

    SearchOptions o;
    o.filters.type = "KH";
    EXPECT_EQ(set("hiến kế", o), (NameSet{"kh2022.txt", "kh152.txt", "kh-nodate.txt"}));
    for (const auto& h : m_last.hits) EXPECT_DOUBLE_EQ(h.score, scores[h.path]) << h.path;

    o.filters.year = "2022";
    EXPECT_EQ(set("hiến kế", o), (NameSet{"kh2022.txt"}));

    SearchOptions issuer;
    issuer.filters.issuer = "UBND";
    EXPECT_EQ(set("hiến kế", issuer), (NameSet{"kh2022.txt", "kh-nodate.txt"}));
    issuer.filters.type = "Kế hoạch";
    EXPECT_EQ(set("hiến kế", issuer), (NameSet{"kh2022.txt", "kh-nodate.txt"}));

    SearchOptions dates;
    dates.filters.date_from = "2020-06-01";
    EXPECT_EQ(set("hiến kế", dates),
              (NameSet{"bc2020.txt", "cv2020.txt", "proposal.txt", "kh2022.txt"}));
    dates.filters.date_to = "31/12/2020";
    EXPECT_EQ(set("hiến kế", dates), (NameSet{"bc2020.txt", "cv2020.txt", "proposal.txt"}));
    dates.filters.date_from.clear();
    dates.filters.date_to = "2020-06";  // a month: up to its last day
    EXPECT_EQ(set("hiến kế", dates), (NameSet{"kh152.txt", "cv2020.txt"}));

    SearchOptions years;
    years.filters.year = "2021..2022";
    EXPECT_EQ(set("hiến kế", years), (NameSet{"kh2022.txt"}));

    SearchOptions domain;
    domain.filters.domain = "kinh tế";
    EXPECT_EQ(set("hiến kế", domain), (NameSet{"proposal.txt"}));

    // A relaxed query is filtered too.
    SearchOptions relaxed;
    relaxed.filters.type = "BC";
    EXPECT_EQ(set("hiến xyzzy", relaxed), (NameSet{"bc2020.txt"}));
    EXPECT_TRUE(m_last.relaxed);
}

TEST_F(FieldSearch, BlankQueryWithFiltersBrowses) {
    SearchOptions o;
    o.filters.type = "KH";
    EXPECT_EQ(set("", o), (NameSet{"kh2022.txt", "kh152.txt", "kh-nodate.txt"}));
    EXPECT_THROW(names(""), QueryError);  // no filter: still an empty query
}

TEST_F(FieldSearch, BadFiltersAreQueryErrors) {
    for (auto setter : std::vector<void (*)(SearchOptions&)>{
             [](SearchOptions& o) { o.filters.year = "abc"; },
             [](SearchOptions& o) { o.filters.year = "2022..2020"; },
             [](SearchOptions& o) { o.filters.date_from = "31/02/2020"; },
             [](SearchOptions& o) {
                 o.filters.date_from = "2021-01-01";
                 o.filters.date_to = "2020-01-01";
             },
         }) {
        SearchOptions o;
        setter(o);
        EXPECT_THROW(names("hiến", o), QueryError);
    }
    // Messages name the filter.
    SearchOptions o;
    o.filters.date_to = "31/02/2020";
    try {
        names("hiến", o);
        ADD_FAILURE();
    } catch (const QueryError& e) {
        EXPECT_TRUE(std::string(e.what()).starts_with("to: \"31/02/2020\" is not a date"))
            << e.what();
    }
    o = {};
    o.filters.year = "abc";
    try {
        names("hiến", o);
        ADD_FAILURE();
    } catch (const QueryError& e) {
        EXPECT_TRUE(std::string(e.what()).starts_with("year: \"abc\"")) << e.what();
    }
}

TEST_F(FieldSearch, SortByDate) {
    SearchOptions newest;
    newest.sort = SortOrder::DateDesc;
    const Names desc = names("hiến kế", newest);
    ASSERT_EQ(desc.size(), 7u);
    EXPECT_EQ((Names{desc.begin(), desc.begin() + 5}),
              (Names{"kh2022.txt", "bc2020.txt", "proposal.txt", "cv2020.txt", "kh152.txt"}));
    // Undated last.
    EXPECT_EQ((NameSet{desc[5], desc[6]}), (NameSet{"kh-nodate.txt", "mention.txt"}));
    EXPECT_EQ(m_last.hits.front().date, "2022-08-11");

    SearchOptions oldest;
    oldest.sort = SortOrder::DateAsc;
    const Names asc = names("hiến kế", oldest);
    ASSERT_EQ(asc.size(), 7u);
    EXPECT_EQ((Names{asc.begin(), asc.begin() + 5}),
              (Names{"kh152.txt", "cv2020.txt", "proposal.txt", "bc2020.txt", "kh2022.txt"}));
    EXPECT_EQ((NameSet{asc[5], asc[6]}), (NameSet{"kh-nodate.txt", "mention.txt"}));

    // Paging keeps the order.
    SearchOptions page = newest;
    page.offset = 1;
    vanthu::query::Searcher searcher(s_dir->path());
    page.limit = 2;
    const auto r = searcher.search("hiến kế", page);
    ASSERT_EQ(r.hits.size(), 2u);
    EXPECT_EQ(std::filesystem::path(r.hits[0].path).filename(), "bc2020.txt");
    EXPECT_EQ(r.hits[0].rank, 2);

    EXPECT_EQ(vanthu::query::sort_order_from_name("date"), SortOrder::DateDesc);
    EXPECT_EQ(vanthu::query::sort_order_from_name("date-asc"), SortOrder::DateAsc);
    EXPECT_EQ(vanthu::query::sort_order_from_name("relevance"), SortOrder::Relevance);
    EXPECT_FALSE(vanthu::query::sort_order_from_name("size").has_value());
}

const vanthu::query::Facet* facet(const vanthu::query::SearchResult& r, const std::string& name) {
    for (const auto& f : r.facets) {
        if (f.name == name) return &f;
    }
    return nullptr;
}

using Counts = std::vector<std::pair<std::string, std::size_t>>;

Counts counts(const vanthu::query::Facet* f) {
    Counts out;
    if (f == nullptr) return out;
    for (const auto& v : f->values) out.emplace_back(v.value, v.count);
    return out;
}

TEST_F(FieldSearch, FacetsCountEveryMatch) {
    SearchOptions o;
    o.facets = true;
    o.limit = 1;  // counts do not depend on the page
    vanthu::query::Searcher searcher(s_dir->path());
    const auto r = searcher.search("hiến kế", o);
    ASSERT_EQ(r.hits.size(), 1u);
    EXPECT_TRUE(r.facets_exact);
    ASSERT_EQ(r.facets.size(), 4u);
    // By count, then by value.
    EXPECT_EQ(counts(facet(r, "type")), (Counts{{"Kế hoạch", 3}, {"Báo cáo", 1}, {"Công văn", 1}}));
    EXPECT_EQ(counts(facet(r, "year")), (Counts{{"2020", 4}, {"2022", 1}}));
    EXPECT_EQ(counts(facet(r, "issuer")), (Counts{{"BAN THƯỜNG VỤ", 1},
                                                  {"BAN TUYÊN GIÁO", 1},
                                                  {"BAN TỔ CHỨC CUỘC VẬN ĐỘNG", 1},
                                                  {"UBND tỉnh", 1},
                                                  {"UBND tỉnh Đắk Nông", 1}}));
    EXPECT_EQ(counts(facet(r, "domain")), (Counts{{"kinh tế", 1}}));

    // Top N per facet.
    o.facet_values = 1;
    const auto top = searcher.search("hiến kế", o);
    EXPECT_EQ(counts(facet(top, "type")), (Counts{{"Kế hoạch", 3}}));

    // Facets follow the query and the filters.
    o.facet_values = 10;
    o.filters.year = "2020";
    const auto filtered = searcher.search("hiến kế", o);
    EXPECT_EQ(counts(facet(filtered, "type")),
              (Counts{{"Báo cáo", 1}, {"Công văn", 1}, {"Kế hoạch", 1}}));

    // Not asked for: not computed.
    EXPECT_TRUE(searcher.search("hiến kế", {}).facets.empty());
}

TEST_F(FieldSearch, HitsCarryTypeIssuerDateAndMetadata) {
    names("so:22/2003/QH11");
    ASSERT_EQ(m_last.hits.size(), 1u);
    const auto& h = m_last.hits.front();
    EXPECT_EQ(h.type, "Kế hoạch");
    EXPECT_EQ(h.issuer, "UBND tỉnh Đắk Nông");
    EXPECT_EQ(h.date, "2022-08-11");
    EXPECT_EQ(h.number, "461/KH-UBND");
    const auto meta = nlohmann::json::parse(h.meta);
    EXPECT_EQ(meta["signature"]["name"], "Hồ Văn Mười");
    EXPECT_EQ(meta["citations"][0]["number"], "22/2003/QH11");
    // The number is highlighted in the snippet as written.
    EXPECT_NE(h.snippet_html.find("<mark>22/2003/QH11</mark>"), std::string::npos)
        << h.snippet_html;
}

// --- look-ups ---------------------------------------------------------------------------------

std::vector<std::string> paths(const std::vector<vanthu::query::StoredDocument>& docs) {
    std::vector<std::string> out;
    for (const auto& d : docs) out.push_back(d.path);
    return out;
}

TEST_F(FieldSearch, LookupByDocidAndPath) {
    vanthu::query::DocumentLookup lookup(s_dir->path());
    const auto doc = lookup.by_docid(s_docids["kh2022.txt"]);
    ASSERT_TRUE(doc.has_value());
    EXPECT_EQ(doc->path, "/corpus/kh2022.txt");
    EXPECT_EQ(doc->number, "461/KH-UBND");
    EXPECT_EQ(doc->type, "Kế hoạch");
    EXPECT_EQ(doc->date, "2022-08-11");
    EXPECT_GT(doc->size, 0u);
    EXPECT_NE(doc->data.find("\"meta\""), std::string::npos);
    EXPECT_FALSE(lookup.by_docid(0).has_value());
    EXPECT_FALSE(lookup.by_docid(99999).has_value());

    const auto by_path = lookup.by_path("/corpus/kh2022.txt");
    ASSERT_TRUE(by_path.has_value());
    EXPECT_EQ(by_path->docid, s_docids["kh2022.txt"]);
    EXPECT_TRUE(lookup.by_path("/corpus/../corpus/kh2022.txt").has_value());
    EXPECT_FALSE(lookup.by_path("/corpus/none.txt").has_value());
}

TEST_F(FieldSearch, LookupByNumber) {
    vanthu::query::DocumentLookup lookup(s_dir->path());
    auto number = [](const char* s) { return *vanthu::core::parse_doc_number(s); };
    const auto n152 = lookup.by_number(number("152-KH/TU"));
    EXPECT_EQ(paths(n152.carriers), (std::vector<std::string>{"/corpus/kh152.txt"}));
    EXPECT_EQ(paths(n152.citing),
              (std::vector<std::string>{"/corpus/bc2020.txt", "/corpus/cv2020.txt"}));
    EXPECT_EQ(paths(n152.mentioning), (std::vector<std::string>{"/corpus/mention.txt"}));
    // Typed in lower case: the same.
    EXPECT_EQ(paths(lookup.by_number(number("152-kh/tu")).carriers), paths(n152.carriers));

    // Cited, carried by nothing in the index.
    const auto law = lookup.by_number(number("22/2003/QH11"));
    EXPECT_TRUE(law.carriers.empty());
    EXPECT_EQ(paths(law.citing), (std::vector<std::string>{"/corpus/kh2022.txt"}));
    EXPECT_TRUE(law.mentioning.empty());

    const auto none = lookup.by_number(number("999-KH/TU"));
    EXPECT_TRUE(none.carriers.empty() && none.citing.empty() && none.mentioning.empty());
}

TEST(DocumentLookup, MissingIndexSaysWhatToDo) {
    vanthu::test::TempDir dir;
    try {
        vanthu::query::DocumentLookup lookup(dir.path() / "none");
        FAIL() << "opened a missing index";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("run `vanthu index` first"), std::string::npos);
    }
}

TEST(DocumentLookup, AnIndexBeingBuiltSaysSo) {
    vanthu::test::TempDir dir;
    // A first build writes "<index>.partial" and moves it into place when it ends.
    std::filesystem::create_directories(dir.path() / "index.partial");
    for (const auto& index : {dir.path() / "index", dir.path() / "index/"}) {
        try {
            vanthu::query::Searcher searcher(index);
            FAIL() << "opened an index still being built";
        } catch (const std::runtime_error& e) {
            const std::string what = e.what();
            EXPECT_NE(what.find("a first `vanthu index` run is writing it in " +
                                (dir.path() / "index.partial").string()),
                      std::string::npos)
                << what;
        }
    }
}

}  // namespace

namespace {

// Words typed next to each other: the documents where they stand as the phrase are ranked up
// among the best matches, even above documents where the words weigh more apart.
class PhraseRanking : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        s_dir = new vanthu::test::TempDir();
        Xapian::WritableDatabase db(s_dir->path().string(), Xapian::DB_CREATE_OR_OVERWRITE);
        const std::string filler = " Nội dung khác của văn bản về công tác cán bộ năm 2023.";
        // The words apart, three times each: BM25 weighs them above a single phrase.
        vanthu::test::add_field_document(
            db, {.name = "apart.txt",
                 .body = "Tuyên dương tập thể. Truyền thống cách mạng. Tuyên "
                         "dương cá nhân. Truyền thống quê hương. Tuyên dương, "
                         "truyền thống."});
        vanthu::test::add_field_document(
            db, {.name = "phrase.txt", .body = "Đẩy mạnh tuyên truyền về Hiến kế." + filler});
        vanthu::test::add_field_document(
            db, {.name = "unaccented.txt", .body = "Day manh tuyen truyen ve Hien ke." + filler});
        // Enough documents with the words apart that the re-ranked window (100) is not all.
        for (int k = 0; k < 140; ++k) {
            vanthu::test::add_field_document(
                db, {.name = "other" + std::to_string(k) + ".txt",
                     .body = "Truyền đạt ý kiến số " + std::to_string(k) + ", tuyên bố kết quả." +
                             filler});
        }
        vanthu::test::mark_schema(db);
        db.commit();
    }
    static void TearDownTestSuite() {
        delete s_dir;
        s_dir = nullptr;
    }

    static Names names(const std::string& query, std::size_t offset, std::size_t limit) {
        vanthu::query::Searcher searcher(s_dir->path());
        SearchOptions options;
        options.offset = offset;
        options.limit = limit;
        Names out;
        for (const auto& h : searcher.search(query, options).hits) {
            out.push_back(std::filesystem::path(h.path).filename().string());
        }
        return out;
    }

    static inline vanthu::test::TempDir* s_dir = nullptr;
};

TEST_F(PhraseRanking, PhraseAboveWordsThatWeighMoreApart) {
    // Without a phrase to look for, the words apart weigh most.
    EXPECT_EQ(names("tuyên OR truyền", 0, 1), (Names{"apart.txt"}));
    // Typed next to each other: the phrase first (the unaccented copy stays below, its
    // spelling is not the one typed).
    EXPECT_EQ(names("tuyên truyền", 0, 2), (Names{"phrase.txt", "apart.txt"}));
    // Typed without diacritics: both spellings of the phrase first.
    const Names unaccented = names("tuyen truyen", 0, 3);
    ASSERT_EQ(unaccented.size(), 3u);
    EXPECT_EQ(NameSet(unaccented.begin(), unaccented.begin() + 2),
              (NameSet{"phrase.txt", "unaccented.txt"}));
    EXPECT_EQ(unaccented[2], "apart.txt");
    // In the reverse order the words are no phrase.
    EXPECT_EQ(names("truyền tuyên", 0, 1), (Names{"apart.txt"}));
}

TEST_F(PhraseRanking, PagesFollowTheReRankedOrder) {
    const Names all = names("tuyên truyền", 0, 200);
    ASSERT_EQ(all.size(), 143u);
    EXPECT_EQ(NameSet(all.begin(), all.end()).size(), all.size());  // no duplicates
    // Pages of 7, across the end of the re-ranked window, give the same order.
    Names paged;
    for (std::size_t offset = 0; offset < all.size(); offset += 7) {
        const Names page = names("tuyên truyền", offset, 7);
        paged.insert(paged.end(), page.begin(), page.end());
    }
    EXPECT_EQ(paged, all);
    EXPECT_EQ(names("tuyên truyền", 1, 1), (Names{"apart.txt"}));

    // A long query (ranked by any pair of neighbouring words, re-ranked among its 30 best)
    // pages the same way. Its pair "tuyên truyền" ranks the two documents with it (in either
    // spelling: pairs are folded) above those with more of its other words.
    const std::string long_query = "tuyên truyền nội dung khác của văn bản về công tác";
    const Names best = names(long_query, 0, 200);
    // Every document but apart.txt (none of the pairs) has pairs of it: more than enough.
    ASSERT_EQ(best.size(), 142u);
    EXPECT_EQ(std::find(best.begin(), best.end(), "apart.txt"), best.end());
    EXPECT_EQ(NameSet(best.begin(), best.begin() + 2), (NameSet{"phrase.txt", "unaccented.txt"}));
    Names best_paged;
    for (std::size_t offset = 0; offset < best.size(); offset += 7) {
        const Names page = names(long_query, offset, 7);
        best_paged.insert(best_paged.end(), page.begin(), page.end());
    }
    EXPECT_EQ(best_paged, best);
}

// A new database in `dir` of `docs` (file name, body), committed; the writer stays open for
// more.
Xapian::WritableDatabase write_documents(
    const vanthu::test::TempDir& dir,
    const std::vector<std::pair<std::string, std::string>>& docs) {
    Xapian::WritableDatabase writer(dir.path().string(), Xapian::DB_CREATE_OR_OVERWRITE);
    for (const auto& [name, body] : docs) {
        vanthu::test::add_field_document(writer, {.name = name, .body = body});
    }
    vanthu::test::mark_schema(writer);
    writer.commit();
    return writer;
}

// The file names of a search's hits, in order, and the query it ran (SearchResult::parsed).
std::pair<Names, std::string> hits_and_query(vanthu::query::Searcher& searcher,
                                             const std::string& query) {
    const auto result = searcher.search(query, {});
    Names out;
    for (const auto& h : result.hits) out.push_back(std::filesystem::path(h.path).filename());
    return {out, result.parsed};
}

// A word found in every document is left out of an all-words query's matching (it narrows
// nothing and BM25 gives it next to no weight): the same documents in the same order, read
// from the revision searched.
TEST(WordsInEveryDocument, LeftOutOfMatchingNotOfTheMatches) {
    vanthu::test::TempDir dir;
    Xapian::WritableDatabase writer = write_documents(
        dir, {{"kh.txt", "Ngày 12 tháng 3 năm 2020. Kế hoạch tuyên truyền về phòng chống dịch."},
              {"bc.txt", "Ngày 5 tháng 6 năm 2021. Báo cáo kết quả tuyên truyền, tuyên truyền."},
              {"hk.txt", "Ngày 1 tháng 1 năm 2022. Cuộc vận động hiến kế xây dựng tỉnh nhà."},
              {"tt.txt", "Ngày 9 năm 2023. Thông báo về truyền hình và tuyên dương."}});
    Xapian::Database reader(dir.path().string());
    vanthu::query::Searcher searcher(reader);
    const auto run = [&](const std::string& query) { return hits_and_query(searcher, query); };
    // "ngày" and "năm" are in all four: matched without them, same hits as with them (an
    // explicit AND is taken at its word).
    const auto [hits, parsed] = run("ngày tuyên truyền năm");
    EXPECT_EQ(parsed.find("XFngay"), std::string::npos) << parsed;
    EXPECT_EQ(parsed.find("XFnam"), std::string::npos) << parsed;
    EXPECT_NE(parsed.find("XFtuyen"), std::string::npos) << parsed;
    const auto [all_words, explicit_parsed] = run("ngày AND tuyên AND truyền AND năm");
    EXPECT_NE(explicit_parsed.find("XFngay"), std::string::npos) << explicit_parsed;
    // The same matches. The order differs by the pair "tuyên truyền" alone (an explicit AND
    // has no pairs): kh.txt has it, tt.txt has the words apart.
    EXPECT_EQ(NameSet(hits.begin(), hits.end()), NameSet(all_words.begin(), all_words.end()));
    EXPECT_EQ(NameSet(hits.begin(), hits.end()), (NameSet{"kh.txt", "bc.txt", "tt.txt"}));
    EXPECT_EQ(hits, (Names{"bc.txt", "kh.txt", "tt.txt"}));  // bc.txt: the pair twice
    // Every word in every document: one of them is kept, every document matches.
    const auto [everything, one_word] = run("ngày năm");
    EXPECT_NE(one_word.find("XFngay"), std::string::npos) << one_word;
    EXPECT_EQ(one_word.find("XFnam"), std::string::npos) << one_word;
    EXPECT_EQ(everything.size(), 4u);
    // "tháng" is not in tt.txt: kept.
    const auto [months, with_month] = run("tháng tuyên");
    EXPECT_NE(with_month.find("XFthang"), std::string::npos) << with_month;
    EXPECT_EQ(NameSet(months.begin(), months.end()), (NameSet{"kh.txt", "bc.txt"}));

    // A document without "ngày" committed: the same Searcher, once reopened, keeps the word.
    vanthu::test::add_field_document(writer, {.name = "new.txt", .body = "Tuyên truyền năm nay."});
    writer.commit();
    reader.reopen();
    const auto [after, parsed_after] = run("ngày tuyên truyền năm");
    EXPECT_NE(parsed_after.find("XFngay"), std::string::npos) << parsed_after;
    EXPECT_EQ(parsed_after.find("XFnam"), std::string::npos) << parsed_after;
    EXPECT_EQ(NameSet(after.begin(), after.end()), (NameSet{"kh.txt", "bc.txt", "tt.txt"}));
}

// Words typed next to each other rank the documents where they also stand next to each other
// (their pair terms) above those with more of the words apart, with the same matches; pairs
// found in no document, or in more than half of them, are left out.
TEST(PairsOfTypedWords, RankWhereTheWordsStandTogether) {
    vanthu::test::TempDir dir;
    Xapian::WritableDatabase writer = write_documents(
        dir, {// The pairs "kế hoạch" and "tuyên truyền", not the four words in a row.
              {"together.txt", "Kế hoạch số 5 về tuyên truyền trên địa bàn."},
              {"unaccented.txt", "Ke hoach so 5 ve tuyen truyen tren dia ban."},
              // Each word twice, none of the pairs.
              {"apart.txt",
               "Truyền hình tuyên dương kế toán hoạch định. Truyền hình tuyên dương kế "
               "toán hoạch định trên địa bàn."},
              {"a.txt", "Báo cáo trên địa bàn."},
              {"b.txt", "Thông báo trên địa bàn huyện."},
              {"c.txt", "Quyết định về nhân sự."}});
    Xapian::Database reader(dir.path().string());
    vanthu::query::Searcher searcher(reader);
    const auto run = [&](const std::string& query) { return hits_and_query(searcher, query); };
    // Without pairs (an explicit AND), the words twice weigh more.
    const auto [words_only, and_parsed] = run("tuyên AND truyền AND kế AND hoạch");
    EXPECT_EQ(and_parsed.find("XP"), std::string::npos) << and_parsed;
    ASSERT_FALSE(words_only.empty());
    EXPECT_EQ(words_only.front(), "apart.txt");
    // Typed next to each other: the pairs rank together.txt first, its unaccented copy (not
    // the spelling typed) below it.
    const auto [typed, parsed] = run("tuyên truyền kế hoạch");
    EXPECT_NE(parsed.find("XPtuyen truyen"), std::string::npos) << parsed;
    EXPECT_NE(parsed.find("XPke hoach"), std::string::npos) << parsed;
    EXPECT_EQ(parsed.find("XPtruyen ke"), std::string::npos) << parsed;  // in no document
    EXPECT_EQ(NameSet(typed.begin(), typed.end()),
              (NameSet{"together.txt", "unaccented.txt", "apart.txt"}));
    EXPECT_EQ(typed.front(), "together.txt");
    EXPECT_LT(std::find(typed.begin(), typed.end(), "together.txt"),
              std::find(typed.begin(), typed.end(), "unaccented.txt"));
    // Without diacritics, both spellings' pairs rank.
    const auto [folded, folded_parsed] = run("tuyen truyen ke hoach");
    ASSERT_EQ(folded.size(), 3u);
    EXPECT_EQ(folded.back(), "apart.txt") << folded_parsed;
    // "trên địa bàn" is in five documents of six: its pairs are left out, its words kept.
    const auto [common, common_parsed] = run("trên địa bàn");
    EXPECT_EQ(common_parsed.find("XP"), std::string::npos) << common_parsed;
    EXPECT_EQ(common.size(), 5u);
}

}  // namespace

// The re-ranking stops checking documents once none left can reach the page: every page, of
// any size and from any offset, is the slice of the fully re-ranked order (the full order is
// asked for with a page larger than the window, which checks every document of it).
TEST(PhraseRankingEarlyStop, EveryPageIsASliceOfTheFullOrder) {
    vanthu::test::TempDir dir;
    {
        Xapian::WritableDatabase db(dir.path().string(), Xapian::DB_CREATE_OR_OVERWRITE);
        const std::string filler = " Nội dung khác của văn bản về công tác cán bộ năm 2023.";
        for (int k = 0; k < 90; ++k) {
            std::string body;
            if (k % 3 == 0) {
                // The words apart, often: high weights, no phrase.
                for (int r = 0; r <= k % 4; ++r) body += "Tuyên dương tập thể. Truyền thống. ";
            } else {
                // The phrase, once or twice, in documents of different lengths.
                body = "Đẩy mạnh tuyên truyền về Hiến kế.";
                if (k % 2 == 0) body += " Công tác tuyên truyền năm " + std::to_string(k) + ".";
            }
            for (int r = 0; r < k % 5; ++r) body += filler;
            vanthu::test::add_field_document(
                db, {.name = "doc" + std::to_string(k) + ".txt", .body = body});
        }
        vanthu::test::mark_schema(db);
        db.commit();
    }
    vanthu::query::Searcher searcher(dir.path());
    auto names = [&](std::size_t offset, std::size_t limit) {
        SearchOptions options;
        options.offset = offset;
        options.limit = limit;
        Names out;
        for (const auto& h : searcher.search("tuyên truyền", options).hits) {
            out.push_back(std::filesystem::path(h.path).filename().string());
        }
        return out;
    };
    const Names all = names(0, 200);
    ASSERT_EQ(all.size(), 90u);
    // The words apart weigh most without a phrase to look for; typed next to each other, the
    // phrase lifts its documents above them, so the checking goes past the first matches.
    auto is_apart = [](const std::string& name) { return std::stoi(name.substr(3)) % 3 == 0; };
    SearchOptions one;
    one.limit = 1;
    const auto any_word = searcher.search("tuyên OR truyền", one).hits;
    ASSERT_EQ(any_word.size(), 1u);
    EXPECT_TRUE(is_apart(std::filesystem::path(any_word.front().path).filename().string()));
    EXPECT_EQ(std::count_if(all.begin(), all.begin() + 40, is_apart), 0);
    for (const std::size_t limit : {1u, 3u, 10u}) {
        for (std::size_t offset = 0; offset < all.size(); offset += limit) {
            const Names page = names(offset, limit);
            const auto from = all.begin() + static_cast<std::ptrdiff_t>(offset);
            const Names want(
                from, from + static_cast<std::ptrdiff_t>(std::min(limit, all.size() - offset)));
            EXPECT_EQ(page, want) << "offset " << offset << ", limit " << limit;
        }
    }
}

// A searcher that has counted facets over as many documents as the index holds counts them from
// a table of every document's facet values instead: the counts stay those of the values, and
// follow the index when a commit changes it (a new revision, a new table).
TEST(FacetTable, CountsAreTheValuesAndFollowEveryCommit) {
    vanthu::test::TempDir dir;
    Xapian::WritableDatabase writer(dir.path().string(), Xapian::DB_CREATE_OR_OVERWRITE);
    const char* issuers[] = {"UBND tỉnh Đắk Nông", "BAN TUYÊN GIÁO", "Sở Y tế"};
    std::vector<Xapian::docid> ids;
    for (int k = 0; k < 30; ++k) {
        ids.push_back(vanthu::test::add_field_document(
            writer, {.name = "kh" + std::to_string(k) + ".txt",
                     .body = std::string("Kế hoạch tuyên truyền năm nay.") +
                             (k == 7 ? " Việc khẩn cấp." : ""),
                     .type_code = k % 2 == 0 ? "KH" : "BC",
                     .issuer = issuers[k % 3],
                     .date = k % 5 == 0 ? ""
                                        : "202" + std::to_string(k % 4) + "-03-0" +
                                              std::to_string(1 + k % 9)}));
    }
    vanthu::test::mark_schema(writer);
    writer.commit();

    Xapian::Database reader(dir.path().string());
    vanthu::query::Searcher searcher(reader);
    SearchOptions o;
    o.facets = true;
    o.limit = 1;
    auto all_facets = [&](const std::string& query) {
        std::vector<Counts> out;
        const auto r = searcher.search(query, o);
        EXPECT_TRUE(r.facets_exact) << query;
        for (const char* name : {"type", "issuer", "year", "domain"}) {
            out.push_back(counts(facet(r, name)));
        }
        return out;
    };
    // The first searches read the values (30 documents' worth), the later ones use the table.
    const auto read = all_facets("tuyên truyền");
    EXPECT_EQ(read[0], (Counts{{"Báo cáo", 15}, {"Kế hoạch", 15}}));
    EXPECT_EQ(read[1],
              (Counts{{"BAN TUYÊN GIÁO", 10}, {"Sở Y tế", 10}, {"UBND tỉnh Đắk Nông", 10}}));
    EXPECT_EQ(read[2], (Counts{{"2020", 6}, {"2021", 6}, {"2022", 6}, {"2023", 6}}));
    EXPECT_TRUE(read[3].empty());
    const auto few = all_facets("khẩn cấp");  // one document with every word
    for (int pass = 0; pass < 3; ++pass) {
        EXPECT_EQ(all_facets("tuyên truyền"), read) << "pass " << pass;
        EXPECT_EQ(all_facets("khẩn cấp"), few) << "pass " << pass;
    }
    EXPECT_EQ(few[0], (Counts{{"Báo cáo", 1}}));
    EXPECT_EQ(few[1], (Counts{{"BAN TUYÊN GIÁO", 1}}));

    // A commit deletes one document and adds another with a new issuer and a domain.
    writer.delete_document(ids[0]);
    vanthu::test::add_field_document(writer, {.name = "new.txt",
                                              .body = "Kế hoạch tuyên truyền mới.",
                                              .type_code = "KH",
                                              .issuer = "Sở Nội vụ",
                                              .domain = "y tế",
                                              .date = "2024-01-01"});
    writer.commit();
    reader.reopen();
    for (int pass = 0; pass < 3; ++pass) {
        const auto now = all_facets("tuyên truyền");
        EXPECT_EQ(now[0], (Counts{{"Báo cáo", 15}, {"Kế hoạch", 15}})) << "pass " << pass;
        EXPECT_EQ(now[1], (Counts{{"BAN TUYÊN GIÁO", 10},
                                  {"Sở Y tế", 10},
                                  {"UBND tỉnh Đắk Nông", 9},
                                  {"Sở Nội vụ", 1}}))
            << "pass " << pass;
        EXPECT_EQ(now[2], (Counts{{"2020", 6}, {"2021", 6}, {"2022", 6}, {"2023", 6}, {"2024", 1}}))
            << "pass " << pass;
        EXPECT_EQ(now[3], (Counts{{"y tế", 1}})) << "pass " << pass;
    }
}
