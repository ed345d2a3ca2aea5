// The query language: real queries -> Xapian queries, errors -> messages, and what the queries
// match in a small database built here with the term scheme of docs/schema.md.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <xapian.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "test_db.hpp"
#include "vanthu/core/analyzer.hpp"
#include "vanthu/core/schema.hpp"
#include "vanthu/query/query_parser.hpp"
#include "vanthu/query/search.hpp"

namespace {

using vanthu::core::Analyzer;
using vanthu::query::ParsedQuery;
using vanthu::query::QueryError;
using vanthu::query::QueryParser;

ParsedQuery parse(std::string_view text) {
    static const Analyzer analyzer;
    return QueryParser(analyzer).parse(text);
}

std::string describe(std::string_view text) { return parse(text).query.get_description(); }

std::set<std::string> terms_of(const Xapian::Query& q) {
    return {q.get_unique_terms_begin(), q.get_unique_terms_end()};
}

// The message of the QueryError that parsing `text` throws ("" when it parses).
std::string error_of(std::string_view text) {
    try {
        (void)parse(text);
    } catch (const QueryError& e) {
        return e.what();
    }
    return "";
}

// --- queries ---------------------------------------------------------------------------------

TEST(QueryParser, UnaccentedWordMatchesEverySpelling) {
    EXPECT_EQ(describe("hien"), "Query((XFhien SYNONYM hien))");
}

TEST(QueryParser, AccentedWordPrefersExactSpelling) {
    EXPECT_EQ(describe("hiến"), "Query((2 * hiến OR (XFhien SYNONYM hien)))");
    // Upper case and decomposed input give the same terms.
    EXPECT_EQ(describe("HIẾN"), describe("hiến"));
    EXPECT_EQ(describe("hi\u0065\u0302\u0301n"), describe("hiến"));
}

TEST(QueryParser, ToneMarkPlacementIsCanonical) {
    EXPECT_EQ(describe("hoà"), describe("hòa"));
    EXPECT_EQ(describe("Tỉnh uỷ"), describe("Tỉnh ủy"));
    EXPECT_EQ(describe("khoá"), describe("khóa"));
}

TEST(QueryParser, AdjacentWordsGetAPhraseBoost) {
    // Every word matches, in any order; their pair ranks where they stand together (in
    // documents with the words in the spelling typed); the phrase is looked for among the best
    // matches (Searcher re-ranks them), with the folded terms that stand at every spelling's
    // position.
    const ParsedQuery p = parse("tuyên truyền");
    EXPECT_EQ(p.query.get_description(),
              "Query((((2 * tuyên OR (XFtuyen SYNONYM tuyen)) AND (2 * truyền OR (XFtruyen "
              "SYNONYM truyen))) AND_MAYBE (XPtuyen truyen FILTER (tuyên AND truyền))))");
    ASSERT_EQ(p.boost_phrases.size(), 1u);
    EXPECT_EQ(p.boost_phrases[0], (std::vector<std::vector<std::string>>{{"XFtuyen", "tuyen"},
                                                                         {"XFtruyen", "truyen"}}));
    ASSERT_EQ(p.highlight.phrases.size(), 1u);
    EXPECT_EQ(p.highlight.phrases[0], (std::vector<std::string>{"tuyen", "truyen"}));
    ASSERT_TRUE(p.relaxed.has_value());
    EXPECT_EQ(p.relaxed->get_description(),
              "Query(((2 * tuyên OR (XFtuyen SYNONYM tuyen)) OR (2 * truyền OR (XFtruyen "
              "SYNONYM truyen))))");
    EXPECT_EQ(p.term_count, 2u);
    // A single word, words joined by OR and words under NOT are no phrase.
    EXPECT_TRUE(parse("tuyên").boost_phrases.empty());
    EXPECT_TRUE(parse("tuyên OR truyền").boost_phrases.empty());
    EXPECT_TRUE(parse("kế -(tuyên truyền)").boost_phrases.empty());
}

TEST(QueryParser, UnaccentedWordsStillGetThePhraseBoost) {
    const ParsedQuery p = parse("hien ke");
    const std::string d = p.query.get_description();
    // Without diacritics, every spelling's pair ranks.
    EXPECT_EQ(d, "Query((((XFhien SYNONYM hien) AND (XFke SYNONYM ke)) AND_MAYBE XPhien ke))");
    // Only the words typed with diacritics must be in that spelling.
    EXPECT_NE(describe("hiến ke").find("AND_MAYBE (XPhien ke FILTER hiến)"), std::string::npos)
        << describe("hiến ke");
    ASSERT_EQ(p.boost_phrases.size(), 1u);
    EXPECT_EQ(p.boost_phrases[0],
              (std::vector<std::vector<std::string>>{{"XFhien", "hien"}, {"XFke", "ke"}}));
}

TEST(QueryParser, QuotedPhrase) {
    const ParsedQuery p = parse("\"Hiến kế xây dựng\"");
    const std::string d = p.query.get_description();
    // The positions are read only where every pair of neighbouring words is.
    EXPECT_NE(d.find("FILTER (XPhien ke AND XPke xay AND XPxay dung AND ((XFhien OR hien) "
                     "PHRASE 4 (XFke OR ke) PHRASE 4 (XFxay OR xay) PHRASE 4 (XFdung OR dung)))"),
              std::string::npos)
        << d;
    EXPECT_NE(d.find("2 * hiến OR (XFhien SYNONYM hien)"), std::string::npos) << d;
    EXPECT_FALSE(p.relaxed.has_value());  // a phrase is never relaxed
    // With a phrase to check, words beside it are not ranked by pairs (their weight would
    // keep the matcher checking the phrase's positions in nearly every document).
    const std::string beside = describe("định nghĩa \"người lao động\"");
    EXPECT_EQ(beside.find("AND_MAYBE"), std::string::npos) << beside;
    EXPECT_NE(beside.find("XPnguoi lao AND XPlao dong AND"), std::string::npos) << beside;
    ASSERT_EQ(p.highlight.phrases.size(), 1u);
    EXPECT_EQ(p.highlight.phrases[0], (std::vector<std::string>{"hien", "ke", "xay", "dung"}));
    // Typographic quotes pasted from Word work the same way.
    EXPECT_EQ(describe("\u201CHiến kế xây dựng\u201D"), d);
}

TEST(QueryParser, HyphenatedWordIsAPhrase) {
    const std::string d = describe("Đắk-Lắk");
    EXPECT_NE(d.find("(XFdak OR dak) PHRASE 2 (XFlak OR lak)"), std::string::npos) << d;
    EXPECT_EQ(describe("kinh-tế").find("AND_NOT"), std::string::npos);
}

TEST(QueryParser, DocumentNumbers) {
    // A bare number is the same query as so:NUMBER: own number, then citations, then any
    // mention, each exact (weighted) or folded.
    const std::string d = describe("152-KH/TU");
    EXPECT_EQ(d, describe("so:152-KH/TU"));
    EXPECT_NE(d.find("8 * (2 * XO152-kh/tu OR (XO152-kh/tu SYNONYM XOF152-kh/tu))"),
              std::string::npos)
        << d;
    EXPECT_NE(d.find("3 * (2 * XC152-kh/tu OR (XC152-kh/tu SYNONYM XCF152-kh/tu))"),
              std::string::npos)
        << d;
    EXPECT_NE(d.find("(2 * XN152-kh/tu OR (XN152-kh/tu SYNONYM XNF152-kh/tu))"), std::string::npos)
        << d;
    // Typed in lower case, as people do.
    EXPECT_EQ(describe("152-kh/tu"), describe("152-KH/TU"));
    // Typed without Đ: matches the folded key, so NĐ-CP documents are found.
    EXPECT_NE(describe("91/2017/ND-CP").find("(XN91/2017/nd-cp SYNONYM XNF91/2017/nd-cp)"),
              std::string::npos);
    EXPECT_NE(describe("91/2017/NĐ-CP")
                  .find("2 * XN91/2017/nđ-cp OR (XN91/2017/nđ-cp SYNONYM "
                        "XNF91/2017/nd-cp)"),
              std::string::npos);
    // "Ð" (U+00D0, Icelandic eth) typed for "Đ".
    EXPECT_EQ(describe("91/2017/N\u00D0-CP"), describe("91/2017/NĐ-CP"));
}

TEST(QueryParser, NumberWithStraySpaceIsNotANegation) {
    const std::string d = describe("1758 -CV/BTGTU");
    EXPECT_EQ(d, describe("1758-CV/BTGTU"));
    EXPECT_EQ(d.find("AND_NOT"), std::string::npos) << d;
}

TEST(QueryParser, NumberNextToWords) {
    const ParsedQuery p = parse("Kế hoạch số 152-KH/TU");
    EXPECT_TRUE(terms_of(p.query).count("XN152-kh/tu"));
    EXPECT_TRUE(terms_of(p.query).count("XFhoach"));
    EXPECT_FALSE(p.relaxed.has_value());  // not only words
    EXPECT_EQ(p.highlight.number_keys, (std::set<std::string>{"152-kh/tu"}));
}

TEST(QueryParser, NumberInsideQuotesSplitsThePhrase) {
    const std::string d = describe("\"Nghị định số 91/2017/NĐ-CP ngày\"");
    EXPECT_NE(d.find("PHRASE 3"), std::string::npos) << d;  // nghị định số
    EXPECT_NE(d.find("XN91/2017/nđ-cp"), std::string::npos) << d;
}

TEST(QueryParser, BooleanOperators) {
    EXPECT_EQ(describe("(a OR b) NOT c"),
              "Query((((XFa SYNONYM a) OR (XFb SYNONYM b)) AND_NOT (XFc SYNONYM c)))");
    EXPECT_EQ(describe("a AND b"), "Query(((XFa SYNONYM a) AND (XFb SYNONYM b)))");
    // Explicit AND: no phrase boost, no relaxation.
    EXPECT_FALSE(parse("a AND b").relaxed.has_value());
    EXPECT_EQ(describe("a -b"), "Query(((XFa SYNONYM a) AND_NOT (XFb SYNONYM b)))");
    EXPECT_EQ(describe("+a b"), "Query(((XFa SYNONYM a) AND (XFb SYNONYM b)))");
    EXPECT_EQ(describe("a OR b c"),
              "Query(((XFa SYNONYM a) OR (((XFb SYNONYM b) AND (XFc SYNONYM c)) AND_MAYBE XPb "
              "c)))");
    // Words apart, or joined by an explicit AND, have no pair to rank by.
    EXPECT_EQ(describe("a b -c d").find("XPb c"), std::string::npos);
    EXPECT_NE(describe("a b -c d").find("AND_MAYBE XPa b"), std::string::npos);
    EXPECT_EQ(describe("a AND b").find("XP"), std::string::npos);
    EXPECT_EQ(parse("a OR b c").boost_phrases,
              (std::vector<std::vector<std::vector<std::string>>>{{{"XFb", "b"}, {"XFc", "c"}}}));
    EXPECT_TRUE(parse("a AND b").boost_phrases.empty());
}

TEST(QueryParser, NegationAlone) {
    EXPECT_EQ(describe("NOT a"), "Query((<alldocuments> AND_NOT (XFa SYNONYM a)))");
    EXPECT_EQ(describe("-a"), describe("NOT a"));
    EXPECT_EQ(describe("-\"a b\"").find("<alldocuments> AND_NOT"), 7u);
    // Negated words are not highlighted.
    const ParsedQuery p = parse("tuyên NOT truyền");
    EXPECT_EQ(p.highlight.folded, (std::set<std::string>{"tuyen"}));
}

TEST(QueryParser, LowerCaseOperatorsAreWords) {
    EXPECT_EQ(terms_of(parse("hoa or la").query).count("or"), 1u);
    EXPECT_EQ(terms_of(parse("not").query).count("not"), 1u);
}

TEST(QueryParser, PunctuationIsIgnored) {
    EXPECT_EQ(describe("tuyên , truyền ..."), describe("tuyên truyền"));
    EXPECT_EQ(describe("- a"), describe("a"));
}

TEST(QueryParser, HighlightTerms) {
    const ParsedQuery p = parse("Hiến kế 91/2017/ND-CP");
    EXPECT_EQ(p.highlight.exact, (std::set<std::string>{"hiến", "kế"}));
    EXPECT_EQ(p.highlight.folded, (std::set<std::string>{"hien", "ke"}));
    EXPECT_EQ(p.highlight.number_folded_keys, (std::set<std::string>{"91/2017/nd-cp"}));
}

TEST(QueryParser, InvalidUtf8IsRepairedNotFatal) {
    EXPECT_NO_THROW((void)parse("tuy\xC3\xAAn \xFF\xFE truy\xE1\xBB"));
}

// --- errors ----------------------------------------------------------------------------------

struct ErrorCase {
    std::string query;
    std::string message_part;
};

TEST(QueryParser, ErrorsSayWhatIsWrongAndWhere) {
    const std::vector<ErrorCase> cases = {
        {"", "the query is empty"},
        {"   \t ", "the query is empty"},
        {"...", "no words to search for"},
        {"(tuyen", "the '(' at character 1 is never closed"},
        {"tuyen)", "the ')' at character 6 has no matching '('"},
        {"(a OR (b)", "the '(' at character 1 is never closed"},
        {"\"Hiến kế", "the quotation mark at character 1 is never closed"},
        {"tuyên \"", "the quotation mark at character 7 is never closed"},
        {"tuyen AND", "'AND' at character 7 has nothing after it"},
        {"OR x", "'OR' at character 1 has nothing before it"},
        {"a OR OR b", "'OR' at character 3 has nothing after it"},
        {"a AND OR b", "'AND' at character 3 has nothing after it"},
        {"()", "empty parentheses at character 1"},
        {"a ( )", "empty parentheses at character 3"},
        {"NOT", "'NOT' at character 1 has nothing after it"},
        {"tuyên NOT", "'NOT' at character 7 has nothing after it"},
        {"\"\"", "nothing to search for between the quotation marks"},
        {"- NOT x", ""},  // "-" alone is punctuation: this is NOT x
        {"-NOT x", "unexpected 'NOT' at character 2 after '-'"},
    };
    for (const auto& c : cases) {
        const std::string message = error_of(c.query);
        if (c.message_part.empty()) {
            EXPECT_EQ(message, "") << "query: " << c.query;
        } else {
            EXPECT_NE(message.find(c.message_part), std::string::npos)
                << "query: [" << c.query << "] message: [" << message << "]";
        }
    }
}

TEST(QueryParser, SizeLimits) {
    std::string long_query;
    while (long_query.size() <= vanthu::query::kMaxQueryBytes) long_query += "tuyên ";
    EXPECT_NE(error_of(long_query).find("too long"), std::string::npos);

    std::string many;
    for (int i = 0; i < 201; ++i) many += "a ";
    EXPECT_NE(error_of(many).find("too many words (201; at most 200)"), std::string::npos);
    std::string enough;
    for (int i = 0; i < 200; ++i) enough += "a ";
    EXPECT_EQ(error_of(enough), "");
}

TEST(QueryParser, HostileInputNeverCrashes) {
    const std::vector<std::string> inputs = {
        "((((((((((a", "))))",  "\"\"\"", "NOT NOT NOT a", "- - - -",
        "+",           "-",     "AND",    "a OR",          std::string("a\0b", 3),
        "\xE2\x80",    "((a))", "\u201C", "a--b",          "+-a",
        "-(a OR b)",
    };
    for (const auto& s : inputs) {
        try {
            (void)parse(s);
        } catch (const QueryError&) {
        }
    }
    EXPECT_EQ(describe("((a))"), describe("a"));
    EXPECT_EQ(describe("NOT NOT a"),
              "Query((<alldocuments> AND_NOT (<alldocuments> AND_NOT (XFa SYNONYM a))))");
}

// --- matching, on a real database ------------------------------------------------------------

using vanthu::test::TempDir;

// Writes documents with the same terms as indexer/src/doc_builder.cpp (docs/schema.md).
void add_document(Xapian::WritableDatabase& db, const std::string& name, std::string_view raw) {
    static const Analyzer analyzer;
    namespace schema = vanthu::schema;
    const std::string text = analyzer.normalize(raw);
    Xapian::Document doc;
    schema::index_words(analyzer, doc, text, 0);
    for (const auto& m : analyzer.numbers(text)) {
        doc.add_term(schema::term(schema::kPrefixNumber, m.number.key));
        doc.add_term(schema::term(schema::kPrefixNumberFolded, m.number.folded_key));
    }
    const std::string path = "/corpus/" + name;
    doc.add_boolean_term(schema::uid_term(path));
    doc.add_boolean_term(schema::term(schema::kPrefixStatus, schema::kStatusOk));
    doc.add_value(schema::kSlotPath, path);
    doc.add_value(schema::kSlotText, schema::pack_text(text));
    doc.set_data(nlohmann::json{
        {"path", path}, {"name", name}, {"format", "txt"}, {"status", "ok"}, {"title", name}}
                     .dump());
    db.add_document(doc);
}

class SearchTest : public ::testing::Test {
  protected:
    void SetUp() override {
        Xapian::WritableDatabase db(m_dir.path().string(), Xapian::DB_CREATE_OR_OVERWRITE);
        // Same length and words, differing only in spelling, so that ranking shows the
        // spelling preference and nothing else.
        add_document(db, "exact.txt", "Cuộc vận động Hiến kế xây dựng tỉnh nhà");
        add_document(db, "ocr.txt", "Cuộc vận động Hiển kế xây dựng tỉnh nhà");
        add_document(db, "plain.txt", "Cuoc van dong hien ke xay dung tinh nha");
        add_document(db, "swapped.txt", "Cuộc vận động kế hiến xây dựng tỉnh nhà");
        add_document(db, "dak.txt", "tỉnh Đắk Lắk giàu đẹp, văn minh");
        add_document(db, "dak-ocr.txt", "tỉnh Đăk Lăk giàu đẹp, văn minh");
        add_document(db, "nd.txt", "Nghị định số 91/2017/NĐ-CP ngày 31/7/2017 của Chính phủ");
        add_document(db, "nd-plain.txt", "Nghi dinh so 91/2017/ND-CP ngay 31/7/2017 cua Chinh phu");
        add_document(db, "phrase.txt", "công tác tuyên truyền về cuộc vận động năm nay");
        add_document(db, "apart.txt", "công tác truyền thông về tuyên dương năm nay");
        db.set_metadata(std::string(vanthu::schema::kMetaSchemaKey),
                        std::string(vanthu::schema::kSchemaVersion));
        db.commit();
    }

    std::vector<std::string> names(const std::string& query, std::size_t limit = 100,
                                   std::size_t offset = 0) {
        vanthu::query::Searcher searcher(m_dir.path());
        vanthu::query::SearchOptions options;
        options.limit = limit;
        options.offset = offset;
        m_last = searcher.search(query, options);
        std::vector<std::string> out;
        for (const auto& h : m_last.hits) {
            out.push_back(std::filesystem::path(h.path).filename().string());
        }
        return out;
    }

    TempDir m_dir;
    vanthu::query::SearchResult m_last;
};

using Names = std::vector<std::string>;
using NameSet = std::set<std::string>;

TEST_F(SearchTest, OrPhraseSubqueriesWorkInXapian14) {
    // The assumption the phrase code rests on: OP_PHRASE over OR-of-terms subqueries.
    Xapian::Database db(m_dir.path().string());
    Xapian::Enquire enquire(db);
    std::vector<Xapian::Query> parts{
        Xapian::Query(Xapian::Query::OP_OR, Xapian::Query("hiến"), Xapian::Query("XFhien")),
        Xapian::Query(Xapian::Query::OP_OR, Xapian::Query("kế"), Xapian::Query("XFke"))};
    enquire.set_query(Xapian::Query(Xapian::Query::OP_PHRASE, parts.begin(), parts.end()));
    EXPECT_EQ(enquire.get_mset(0, 10).size(), 2u);  // exact.txt, ocr.txt; not swapped.txt
    // ... and why the weighted part lives outside the phrase: OP_SYNONYM is refused there.
    std::vector<Xapian::Query> synonyms{
        Xapian::Query(Xapian::Query::OP_SYNONYM, Xapian::Query("hien"), Xapian::Query("XFhien")),
        Xapian::Query(Xapian::Query::OP_SYNONYM, Xapian::Query("ke"), Xapian::Query("XFke"))};
    EXPECT_THROW(Xapian::Query(Xapian::Query::OP_PHRASE, synonyms.begin(), synonyms.end()),
                 Xapian::UnimplementedError);
}

TEST_F(SearchTest, AccentedQueryFindsEverySpellingExactFirst) {
    const Names hits = names("Hiến kế");
    ASSERT_EQ(hits.size(), 4u);
    EXPECT_EQ(hits[0], "exact.txt");
    // The phrase outranks the swapped words; the OCR slip keeps its exact "kế".
    EXPECT_EQ(hits[1], "ocr.txt");
    EXPECT_EQ((std::set<std::string>(hits.begin(), hits.end())),
              (std::set<std::string>{"exact.txt", "ocr.txt", "plain.txt", "swapped.txt"}));
    EXPECT_TRUE(m_last.exact_count);
    EXPECT_EQ(m_last.estimated, 4u);
}

TEST_F(SearchTest, UnaccentedQueryFindsEverySpelling) {
    EXPECT_EQ(names("hien ke").size(), 4u);
    const Names dak = names("dak lak");
    EXPECT_EQ((std::set<std::string>(dak.begin(), dak.end())),
              (std::set<std::string>{"dak.txt", "dak-ocr.txt"}));
    EXPECT_EQ(names("Đắk Lắk").front(), "dak.txt");
    EXPECT_EQ(names("Đăk Lăk").front(), "dak-ocr.txt");
}

TEST_F(SearchTest, QuotedPhraseKeepsWordOrder) {
    const Names hits = names("\"hiến kế\"");
    EXPECT_EQ((std::set<std::string>(hits.begin(), hits.end())),
              (std::set<std::string>{"exact.txt", "ocr.txt", "plain.txt"}));
    EXPECT_EQ(hits.front(), "exact.txt");
}

TEST_F(SearchTest, AdjacentWordsRankThePhraseFirst) {
    const Names hits = names("tuyên truyền");
    ASSERT_EQ(hits.size(), 2u);
    EXPECT_EQ(hits[0], "phrase.txt");
    EXPECT_EQ(hits[1], "apart.txt");
}

TEST_F(SearchTest, NumbersMatchWithAndWithoutDiacritics) {
    Names hits = names("91/2017/ND-CP");
    EXPECT_EQ((std::set<std::string>(hits.begin(), hits.end())),
              (std::set<std::string>{"nd.txt", "nd-plain.txt"}));
    EXPECT_EQ(hits.front(), "nd-plain.txt");  // typed exactly like that one
    hits = names("91/2017/NĐ-CP");
    ASSERT_EQ(hits.size(), 2u);
    EXPECT_EQ(hits.front(), "nd.txt");
    EXPECT_NE(m_last.hits.front().snippet_html.find("<mark>91/2017/NĐ-CP</mark>"),
              std::string::npos)
        << m_last.hits.front().snippet_html;
}

TEST_F(SearchTest, NotExcludes) {
    const Names hits = names("hiến NOT xây");
    EXPECT_TRUE(hits.empty());
    EXPECT_EQ(names("tỉnh -dak").size(), 4u);  // the four "Hiến kế" documents
    EXPECT_EQ(names("NOT tỉnh").size(), 4u);   // "tinh" in plain.txt is excluded too
}

TEST(QueryParser, MoreThanEightPlainWordsAreABestMatchQuery) {
    const ParsedQuery eight = parse("cuộc vận động hiến kế xây dựng tỉnh");
    EXPECT_FALSE(eight.best_match);
    ASSERT_TRUE(eight.relaxed.has_value());
    EXPECT_NE(eight.query.get_description().find(" AND "), std::string::npos);

    const ParsedQuery nine = parse("cuộc vận động hiến kế xây dựng tỉnh nhà");
    EXPECT_TRUE(nine.best_match);
    EXPECT_FALSE(nine.relaxed.has_value());
    // Matched by any of its eight pairs of neighbouring words, folded.
    const std::string d = nine.query.get_description();
    EXPECT_EQ(d,
              "Query((XPcuoc van OR XPvan dong OR XPdong hien OR XPhien ke OR XPke xay OR "
              "XPxay dung OR XPdung tinh OR XPtinh nha))");
    EXPECT_EQ(nine.boost_phrases.size(), 1u);  // still re-ranked by the phrase
    // Widened, when too few documents have a pair, to any of its words (exact spelling
    // weighted up) as well.
    ASSERT_TRUE(nine.widened.has_value());
    const std::string w = nine.widened->get_description();
    EXPECT_NE(w.find("XPtinh nha"), std::string::npos) << w;
    EXPECT_NE(w.find("2 * hiến"), std::string::npos) << w;
    EXPECT_NE(w.find("XFhien SYNONYM hien"), std::string::npos) << w;
    EXPECT_EQ(w.find(" AND "), std::string::npos) << w;
    EXPECT_FALSE(parse("cuộc vận động hiến kế xây dựng tỉnh").widened.has_value());

    // More than twelve pairs (or words): the twelve that weigh most.
    const ParsedQuery long_one =
        parse("công tác tuyên truyền về cuộc vận động hiến kế xây dựng tỉnh nhà năm nay");
    EXPECT_TRUE(long_one.best_match);
    const std::string l = long_one.query.get_description();
    EXPECT_NE(l.find("XPcong tac ELITE_SET 12 XPtac tuyen"), std::string::npos) << l;
    EXPECT_NE(l.find("XPnam nay"), std::string::npos) << l;
    // Widened: the pairs' elite set or the words' elite set.
    const std::string lw = long_one.widened->get_description();
    EXPECT_NE(lw.find("XPnha nam ELITE_SET 12 XPnam nay"), std::string::npos) << lw;
    EXPECT_NE(lw.find("(XFnam SYNONYM nam)) ELITE_SET 12"), std::string::npos) << lw;

    // Quotes, fields, numbers and operators keep their meaning, however long the query.
    EXPECT_FALSE(parse("\"cuộc vận động hiến kế xây dựng tỉnh nhà\"").best_match);
    EXPECT_FALSE(parse("cuộc vận động hiến kế xây dựng tỉnh nhà loai:KH").best_match);
    EXPECT_FALSE(parse("cuộc vận động hiến kế xây dựng tỉnh OR nhà").best_match);
}

TEST_F(SearchTest, NoDocumentWithAllWordsRelaxesToAny) {
    const Names hits = names("tuyên xyzzy");
    EXPECT_TRUE(m_last.relaxed);
    EXPECT_EQ((std::set<std::string>(hits.begin(), hits.end())),
              (std::set<std::string>{"phrase.txt", "apart.txt"}));
    names("tuyên truyền");
    EXPECT_FALSE(m_last.relaxed);
    // Explicit operators are taken at their word.
    EXPECT_TRUE(names("tuyên AND xyzzy").empty());
    EXPECT_FALSE(m_last.relaxed);
}

TEST_F(SearchTest, ALongQueryIsRankedByItsWords) {
    // Eleven words, no document has them all: ranked from the start, not "relaxed" after an
    // empty all-words search. Fewer than ten documents have one of its pairs, so by its pairs
    // and its words: the document with most of both first, then those with fewer, exact
    // spellings of "hiến kế" before the others.
    const Names hits = names("công tác tuyên truyền về cuộc vận động hiến kế năm nay");
    EXPECT_TRUE(m_last.best_match);
    EXPECT_FALSE(m_last.relaxed);
    ASSERT_GE(hits.size(), 5u);
    EXPECT_EQ(hits[0], "phrase.txt");
    EXPECT_EQ(std::count(hits.begin(), hits.end(), "exact.txt"), 1);
    EXPECT_LT(std::find(hits.begin(), hits.end(), "exact.txt") - hits.begin(),
              std::find(hits.begin(), hits.end(), "plain.txt") - hits.begin());
    // Eight words are still an all-words search.
    names("cuộc vận động hiến kế xây dựng tỉnh");
    EXPECT_FALSE(m_last.best_match);
    EXPECT_FALSE(m_last.relaxed);
}

TEST_F(SearchTest, ALongQueryRankedByPairsWidensToItsWords) {
    // Nine words backwards: one document has one of its pairs of neighbours ("kế hiến"),
    // fewer than a page, so the words rank the others too.
    const Names hits = names("nhà tỉnh dựng xây kế hiến động vận cuộc");
    EXPECT_TRUE(m_last.best_match);
    EXPECT_FALSE(m_last.relaxed);
    ASSERT_GE(hits.size(), 4u);
    EXPECT_EQ(hits[0], "swapped.txt");
    // Among the words, the exact spellings weigh more.
    const auto at = [&](const std::string& name) {
        return std::find(hits.begin(), hits.end(), name) - hits.begin();
    };
    EXPECT_LT(at("exact.txt"), at("plain.txt"));
    EXPECT_LT(at("plain.txt"), static_cast<std::ptrdiff_t>(hits.size()));
    EXPECT_NE(m_last.parsed.find("XFhien"), std::string::npos) << m_last.parsed;
    // In the order typed: four documents have its pairs, fewer than a page, so it is widened
    // too, and those four (every spelling alike) rank first.
    const Names typed = names("cuộc vận động hiến kế xây dựng tỉnh nhà");
    EXPECT_TRUE(m_last.best_match);
    EXPECT_NE(m_last.parsed.find("XFhien"), std::string::npos) << m_last.parsed;
    ASSERT_GT(typed.size(), 4u);
    EXPECT_EQ(NameSet(typed.begin(), typed.begin() + 4),
              (NameSet{"exact.txt", "ocr.txt", "plain.txt", "swapped.txt"}));
    // The same on a page of one: the page does not decide.
    EXPECT_EQ(names("cuộc vận động hiến kế xây dựng tỉnh nhà", 1), Names{typed.front()});
    EXPECT_NE(m_last.parsed.find("XFhien"), std::string::npos) << m_last.parsed;
}

TEST_F(SearchTest, Paging) {
    const Names all = names("hiến", 100);
    ASSERT_EQ(all.size(), 4u);
    const Names page2 = names("hiến", 2, 2);
    EXPECT_EQ(page2, (Names{all[2], all[3]}));
    EXPECT_EQ(m_last.hits.front().rank, 3);
    EXPECT_TRUE(names("hiến", 2, 10).empty());
    EXPECT_EQ(m_last.estimated, 4u);
}

TEST_F(SearchTest, HitsCarryDataAndSnippet) {
    names("Hiến kế");
    const auto& h = m_last.hits.front();
    EXPECT_EQ(h.path, "/corpus/exact.txt");
    EXPECT_EQ(h.title, "exact.txt");
    EXPECT_EQ(h.format, "txt");
    EXPECT_EQ(h.status, "ok");
    EXPECT_EQ(h.snippet_html, "Cuộc vận động <mark>Hiến</mark> <mark>kế</mark> xây dựng tỉnh nhà");
}

TEST_F(SearchTest, BadQueryIsAQueryError) {
    vanthu::query::Searcher searcher(m_dir.path());
    EXPECT_THROW((void)searcher.search("(tuyen", {}), QueryError);
}

TEST(Searcher, MissingIndexSaysWhatToDo) {
    TempDir dir;
    try {
        vanthu::query::Searcher searcher(dir.path() / "nothing-here");
        FAIL() << "opened a missing index";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("run `vanthu index` first"), std::string::npos)
            << e.what();
    }
}

TEST(Searcher, OtherSchemaAsksForFullReindex) {
    TempDir dir;
    {
        Xapian::WritableDatabase db(dir.path().string(), Xapian::DB_CREATE_OR_OVERWRITE);
        db.set_metadata(std::string(vanthu::schema::kMetaSchemaKey), "0");
        db.commit();
    }
    try {
        vanthu::query::Searcher searcher(dir.path());
        FAIL() << "opened an index with another schema";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("vanthu index --full"), std::string::npos) << e.what();
    }
}

}  // namespace
