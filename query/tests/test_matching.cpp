// Matching in two threads (SearchOptions::parallel) gives the hits, weights, counts and facets
// of one thread.
#include <gtest/gtest.h>
#include <xapian.h>

#include <cmath>
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "test_db.hpp"
#include "vanthu/core/text.hpp"
#include "vanthu/query/search.hpp"

namespace {

using vanthu::query::ParallelMatch;
using vanthu::query::SearchOptions;
using vanthu::query::SearchResult;

std::vector<nlohmann::json> read_jsonl(const std::string& name, std::size_t most) {
    std::ifstream in(std::filesystem::path(VANTHU_SHARED_DIR) / "data/alqac" / name);
    std::vector<nlohmann::json> out;
    std::string line;
    while (out.size() < most && std::getline(in, line)) {
        if (!line.empty()) out.push_back(nlohmann::json::parse(line));
    }
    return out;
}

// Without diacritics, as people type on a phone.
std::string unaccented(const std::string& text) {
    return vanthu::core::fold_text(vanthu::test::test_analyzer().normalize(text));
}

// A set of real ALQAC articles, some deleted again so that the document ids have gaps (the
// split is by id), and the questions asked about them.
class TwoThreads : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        s_dir = new vanthu::test::TempDir();
        Xapian::WritableDatabase db(s_dir->path().string(), Xapian::DB_CREATE_OR_OVERWRITE);
        const char* issuers[] = {"Quốc hội", "UBND tỉnh An Giang", "Sở Tư pháp"};
        std::size_t k = 0;
        std::vector<Xapian::docid> ids;
        for (const auto& article : read_jsonl("corpus.jsonl", 700)) {
            ids.push_back(vanthu::test::add_field_document(
                db,
                {.name = "a" + std::to_string(k) + ".txt",
                 .body = article.at("text").get<std::string>(),
                 .type_code = k % 4 == 0 ? "QĐ" : "KH",
                 .issuer = issuers[k % 3],
                 .date = "20" + std::to_string(10 + k % 12) + "-05-1" + std::to_string(k % 10)}));
            ++k;
        }
        for (std::size_t d = 0; d < ids.size(); d += 7) db.delete_document(ids[d]);
        vanthu::test::mark_schema(db);
        db.commit();
        for (const auto& q : read_jsonl("queries.jsonl", 60)) {
            s_queries.push_back(q.at("text").get<std::string>());
            s_queries.push_back(unaccented(s_queries.back()));
        }
        for (const char* q : {"quyền dân sự", "hop dong lao dong", "\"cơ quan nhà nước\"",
                              "pháp nhân NOT thương mại", "tài sản OR thừa kế", "bồi thường"}) {
            s_queries.emplace_back(q);
        }
    }
    static void TearDownTestSuite() {
        delete s_dir;
        s_dir = nullptr;
    }

    static inline vanthu::test::TempDir* s_dir = nullptr;
    static inline std::vector<std::string> s_queries;
};

// Everything a caller sees of a result, the weights compared to the last few bits (the two
// threads' Xapian queries add the same weights, possibly in another order).
void expect_same(const SearchResult& one, const SearchResult& two, const std::string& label) {
    ASSERT_EQ(one.hits.size(), two.hits.size()) << label;
    for (std::size_t k = 0; k < one.hits.size(); ++k) {
        EXPECT_EQ(one.hits[k].docid, two.hits[k].docid) << label << ", hit " << k;
        EXPECT_EQ(one.hits[k].rank, two.hits[k].rank) << label << ", hit " << k;
        EXPECT_NEAR(one.hits[k].score, two.hits[k].score, 1e-9 * std::abs(one.hits[k].score))
            << label << ", hit " << k;
        EXPECT_EQ(one.hits[k].snippet_html, two.hits[k].snippet_html) << label << ", hit " << k;
    }
    EXPECT_EQ(one.relaxed, two.relaxed) << label;
    EXPECT_EQ(one.best_match, two.best_match) << label;
    // Counts are Xapian's estimates beyond what it checked (two threads check as many matches
    // each as one thread does, and stop on their own): exact ones must agree.
    if (one.exact_count && two.exact_count) {
        EXPECT_EQ(one.estimated, two.estimated) << label;
    }
    // Facets are exact when every match was looked at, which two threads do whenever one does.
    if (one.facets_exact) {
        EXPECT_TRUE(two.facets_exact) << label;
    }
    if (one.facets_exact && two.facets_exact) {
        ASSERT_EQ(one.facets.size(), two.facets.size()) << label;
        for (std::size_t f = 0; f < one.facets.size(); ++f) {
            ASSERT_EQ(one.facets[f].values.size(), two.facets[f].values.size()) << label;
            for (std::size_t v = 0; v < one.facets[f].values.size(); ++v) {
                EXPECT_EQ(one.facets[f].values[v].value, two.facets[f].values[v].value) << label;
                EXPECT_EQ(one.facets[f].values[v].count, two.facets[f].values[v].count) << label;
            }
        }
    }
}

TEST_F(TwoThreads, GiveTheHitsCountsAndFacetsOfOne) {
    vanthu::query::Searcher searcher(s_dir->path());
    std::size_t split = 0;
    for (const auto& query : s_queries) {
        for (const bool facets : {false, true}) {
            for (const auto& [offset, limit] : std::vector<std::pair<std::size_t, std::size_t>>{
                     {0, 10}, {0, 1}, {7, 25}, {40, 5}}) {
                SearchOptions options;
                options.facets = facets;
                options.offset = offset;
                options.limit = limit;
                options.parallel = ParallelMatch::Never;
                const SearchResult one = searcher.search(query, options);
                ASSERT_EQ(one.match_threads, 1u);
                options.parallel = ParallelMatch::Always;
                const SearchResult two = searcher.search(query, options);
                split += two.match_threads == 2 ? 1 : 0;
                expect_same(
                    one, two,
                    query + (facets ? " (facets)" : "") + " from " + std::to_string(offset));
            }
        }
    }
    // Every search here is in relevance order over one local database: all of them split.
    EXPECT_EQ(split, s_queries.size() * 2 * 4);
}

TEST_F(TwoThreads, FiltersAndBrowsingToo) {
    vanthu::query::Searcher searcher(s_dir->path());
    SearchOptions options;
    options.limit = 50;
    options.facets = true;
    options.filters.type = "KH";
    options.filters.year = "2012..2016";
    for (const std::string query : {"", "quyền và nghĩa vụ", "to chuc"}) {
        options.parallel = ParallelMatch::Never;
        const SearchResult one = searcher.search(query, options);
        options.parallel = ParallelMatch::Always;
        const SearchResult two = searcher.search(query, options);
        EXPECT_EQ(two.match_threads, 2u) << query;
        EXPECT_FALSE(one.hits.empty()) << query;
        expect_same(one, two, "filtered: " + query);
    }
}

// Sorting by date, a Searcher over a database it was not given the folder of, and (in Auto)
// queries over short posting lists keep to one thread; the hits are the same either way.
TEST_F(TwoThreads, OnlyWhereItCan) {
    vanthu::query::Searcher searcher(s_dir->path());
    SearchOptions options;
    options.parallel = ParallelMatch::Always;
    options.sort = vanthu::query::SortOrder::DateDesc;
    EXPECT_EQ(searcher.search("quyền dân sự", options).match_threads, 1u);

    Xapian::Database db(s_dir->path().string());
    vanthu::query::Searcher without_folder(db);
    options.sort = vanthu::query::SortOrder::Relevance;
    const SearchResult one = without_folder.search("quyền dân sự", options);
    EXPECT_EQ(one.match_threads, 1u);
    vanthu::query::Searcher with_folder(db, s_dir->path());
    const SearchResult two = with_folder.search("quyền dân sự", options);
    EXPECT_EQ(two.match_threads, 2u);
    expect_same(one, two, "quyền dân sự");

    // 600 documents: no query's lists come near the postings that make a second thread pay.
    options.parallel = ParallelMatch::Auto;
    EXPECT_EQ(searcher.search("quyền dân sự", options).match_threads, 1u);
}

// After a commit, the second handle catches up with the searcher's: the two threads read the
// same revision, and the new document is found.
TEST(TwoThreadsAfterACommit, ReadTheSameRevision) {
    vanthu::test::TempDir dir;
    Xapian::WritableDatabase writer(dir.path().string(), Xapian::DB_CREATE_OR_OVERWRITE);
    for (int k = 0; k < 40; ++k) {
        vanthu::test::add_field_document(
            writer, {.name = "kh" + std::to_string(k) + ".txt",
                     .body = "Kế hoạch tuyên truyền năm " + std::to_string(2000 + k)});
    }
    vanthu::test::mark_schema(writer);
    writer.commit();
    Xapian::Database reader(dir.path().string());
    vanthu::query::Searcher searcher(reader, dir.path());
    SearchOptions options;
    options.parallel = ParallelMatch::Always;
    options.limit = 100;
    EXPECT_EQ(searcher.search("kế hoạch", options).hits.size(), 40u);
    vanthu::test::add_field_document(writer,
                                     {.name = "new.txt", .body = "Kế hoạch mới về chuyển đổi số"});
    writer.commit();
    reader.reopen();
    const SearchResult after = searcher.search("kế hoạch", options);
    EXPECT_EQ(after.match_threads, 2u);
    EXPECT_EQ(after.hits.size(), 41u);
    const SearchResult news = searcher.search("chuyển đổi số", options);
    ASSERT_EQ(news.hits.size(), 1u);
    EXPECT_EQ(std::filesystem::path(news.hits[0].path).filename(), "new.txt");
}

}  // namespace
