// Search by field in the query language: field names, values that are dates and years, and
// the Xapian queries every prefix becomes (docs/query-language.md, "Fields").
#include <gtest/gtest.h>
#include <xapian.h>

#include <set>
#include <string>
#include <vector>

#include "vanthu/core/analyzer.hpp"
#include "vanthu/query/fields.hpp"
#include "vanthu/query/query_parser.hpp"
#include "vanthu/query/search.hpp"

namespace {

using vanthu::core::Analyzer;
using vanthu::query::Field;
using vanthu::query::ParsedQuery;
using vanthu::query::QueryError;
using vanthu::query::QueryParser;

const Analyzer& analyzer() {
    static const Analyzer a;
    return a;
}

ParsedQuery parse(std::string_view text) { return QueryParser(analyzer()).parse(text); }

std::string describe(std::string_view text) { return parse(text).query.get_description(); }

std::set<std::string> terms_of(std::string_view text) {
    const Xapian::Query q = parse(text).query;
    return {q.get_unique_terms_begin(), q.get_unique_terms_end()};
}

std::string error_of(std::string_view text) {
    try {
        (void)parse(text);
    } catch (const QueryError& e) {
        return e.what();
    }
    return "";
}

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

// --- field names ------------------------------------------------------------------------------

TEST(FieldNames, VietnameseEnglishAnyCaseWithOrWithoutDiacritics) {
    struct Case {
        std::string name;
        std::optional<Field> field;
    };
    const std::vector<Case> cases = {
        {"so", Field::Number},      {"number", Field::Number}, {"Số", Field::Number},
        {"SỐ", Field::Number},      {"loai", Field::Type},     {"loại", Field::Type},
        {"TYPE", Field::Type},      {"coquan", Field::Issuer}, {"issuer", Field::Issuer},
        {"nguoiky", Field::Signer}, {"signer", Field::Signer}, {"tacgia", Field::Author},
        {"author", Field::Author},  {"donvi", Field::Unit},    {"unit", Field::Unit},
        {"linhvuc", Field::Domain}, {"field", Field::Domain},  {"tieude", Field::Title},
        {"title", Field::Title},    {"nam", Field::Year},      {"năm", Field::Year},
        {"year", Field::Year},      {"ngay", Field::Date},     {"ngày", Field::Date},
        {"date", Field::Date},      {"https", std::nullopt},   {"foo", std::nullopt},
        {"", std::nullopt},         {"co quan", std::nullopt},
    };
    for (const auto& c : cases) {
        EXPECT_EQ(vanthu::query::field_for_name(c.name), c.field) << c.name;
    }
    EXPECT_EQ(vanthu::query::field_label(Field::Issuer), "coquan");
    EXPECT_EQ(vanthu::query::field_names().size(), 10u);
}

// --- date and year values ---------------------------------------------------------------------

std::string range_text(const vanthu::query::DateRange& r) {
    return (r.from ? r.from->iso() : "*") + ".." + (r.to ? r.to->iso() : "*") +
           (r.single_day ? " day" : "");
}

TEST(DateRange, FormsAndRanges) {
    using vanthu::query::parse_date_range;
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"2020-10-30", "2020-10-30..2020-10-30 day"},
        {"30/10/2020", "2020-10-30..2020-10-30 day"},
        {"4/3/2020", "2020-03-04..2020-03-04 day"},
        {"ngày 30 tháng 10 năm 2020", "2020-10-30..2020-10-30 day"},
        {"2020-02", "2020-02-01..2020-02-29"},  // a month stands for all its days
        {"2/2021", "2021-02-01..2021-02-28"},
        {"2020", "2020-01-01..2020-12-31"},
        {"2020-01-01..2020-12-31", "2020-01-01..2020-12-31"},
        {"2020-06-01..2020-12-31", "2020-06-01..2020-12-31"},
        {"..2020-06-30", "*..2020-06-30"},
        {"2021-01-01..", "2021-01-01..*"},
        {"1/6/2020..31/12/2020", "2020-06-01..2020-12-31"},
        {"2020..2021", "2020-01-01..2021-12-31"},
        {"2020-10-30..2020-10-30", "2020-10-30..2020-10-30"},
        {" 2020-10-30 ", "2020-10-30..2020-10-30 day"},
    };
    for (const auto& [value, expected] : cases) {
        EXPECT_EQ(range_text(parse_date_range(value)), expected) << value;
    }
}

TEST(DateRange, BadValuesSayWhy) {
    using vanthu::query::parse_date_range;
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"31/02/2020", "ngay: \"31/02/2020\" is not a date"},
        {"2020-13-01", "is not a date"},
        {"2020-13", "is not a date"},
        {"abc", "is not a date (write 2020-10-30 or 30/10/2020"},
        {"1800", "is not a date"},
        {"2020-12-31..2020-01-01", "ends before it starts"},
        {"..", "has no ends"},
        {"", "no date given"},
        {"2020-01-01..xyz", "\"xyz\" is not a date"},
    };
    for (const auto& [value, message] : cases) {
        try {
            (void)parse_date_range(value);
            ADD_FAILURE() << value << " parsed";
        } catch (const QueryError& e) {
            EXPECT_TRUE(contains(e.what(), message)) << value << ": " << e.what();
        }
    }
    try {
        (void)parse_date_range("x", "date");
    } catch (const QueryError& e) {
        EXPECT_TRUE(std::string(e.what()).starts_with("date: ")) << e.what();
    }
}

TEST(YearRange, FormsAndErrors) {
    using vanthu::query::parse_year_range;
    auto r = parse_year_range("2020");
    EXPECT_TRUE(r.single());
    EXPECT_EQ(*r.from, 2020);
    r = parse_year_range("2020..2022");
    EXPECT_EQ(*r.from, 2020);
    EXPECT_EQ(*r.to, 2022);
    EXPECT_FALSE(r.single());
    r = parse_year_range("..2020");
    EXPECT_FALSE(r.from.has_value());
    EXPECT_EQ(*r.to, 2020);
    r = parse_year_range("2021..");
    EXPECT_EQ(*r.from, 2021);
    EXPECT_FALSE(r.to.has_value());
    for (const std::string bad : {"abc", "20", "1800", "2020..abc", "..", "2020-10"}) {
        EXPECT_THROW((void)parse_year_range(bad), QueryError) << bad;
    }
    try {
        (void)parse_year_range("2022..2020");
        ADD_FAILURE();
    } catch (const QueryError& e) {
        EXPECT_EQ(std::string(e.what()), "nam: the range \"2022..2020\" ends before it starts");
    }
}

// --- prefixes in queries ------------------------------------------------------------------------

TEST(FieldQuery, VietnameseAndEnglishPrefixesAreTheSame) {
    const std::vector<std::pair<std::string, std::string>> pairs = {
        {"so:152-KH/TU", "number:152-KH/TU"},
        {"loai:KH", "type:KH"},
        {"loai:\"kế hoạch\"", "type:\"kế hoạch\""},
        {"coquan:UBND", "issuer:UBND"},
        {"nguoiky:\"Hồ Văn Mười\"", "signer:\"Hồ Văn Mười\""},
        {"tacgia:Nguyễn", "author:Nguyễn"},
        {"donvi:UBND", "unit:UBND"},
        {"linhvuc:\"kinh tế\"", "field:\"kinh tế\""},
        {"tieude:\"cà phê\"", "title:\"cà phê\""},
        {"nam:2020", "year:2020"},
        {"nam:2020..2022", "year:2020..2022"},
        {"ngay:2020-10-30", "date:2020-10-30"},
        {"ngay:..2020-06-30", "date:..2020-06-30"},
        // Prefixes typed with diacritics or in capitals.
        {"so:152-KH/TU", "Số:152-KH/TU"},
        {"loai:KH", "LOẠI:KH"},
        {"ngay:2020-10-30", "ngày:2020-10-30"},
    };
    for (const auto& [vi, en] : pairs) EXPECT_EQ(describe(vi), describe(en)) << vi << " / " << en;
}

TEST(FieldQuery, NumberCarriersFirstThenCitingThenAnyOccurrence) {
    EXPECT_EQ(describe("so:152-KH/TU"),
              "Query((8 * (2 * XO152-kh/tu OR (XO152-kh/tu SYNONYM XOF152-kh/tu)) OR 3 * (2 * "
              "XC152-kh/tu OR (XC152-kh/tu SYNONYM XCF152-kh/tu)) OR (2 * XN152-kh/tu OR "
              "(XN152-kh/tu SYNONYM XNF152-kh/tu))))");
    // The forms a bare number accepts: lower case, no Đ, stray spaces, quotes, leading zeros.
    EXPECT_EQ(describe("so:152-kh/tu"), describe("so:152-KH/TU"));
    EXPECT_EQ(describe("so:\"152-KH/TU\""), describe("so:152-KH/TU"));
    EXPECT_EQ(describe("so:1758 -CV/BTGTU"), describe("so:1758-CV/BTGTU"));
    EXPECT_EQ(describe("so:1-QĐ/BTC"), describe("so:01-QĐ/BTC"));
    EXPECT_TRUE(terms_of("so:91/2017/ND-CP").count("XOF91/2017/nd-cp"));
    EXPECT_TRUE(terms_of("so:91/2017/NĐ-CP").count("XO91/2017/nđ-cp"));
    const ParsedQuery p = parse("so:152-KH/TU");
    EXPECT_EQ(p.highlight.number_keys, (std::set<std::string>{"152-kh/tu"}));
    EXPECT_FALSE(p.relaxed.has_value());
}

TEST(FieldQuery, TypeByNameOrCode) {
    // A code becomes the type's name in the type field, or the code term itself.
    const auto kh = terms_of("loai:KH");
    EXPECT_TRUE(kh.count("XKCkh"));
    EXPECT_TRUE(kh.count("XKkế") && kh.count("XKFhoach"));
    EXPECT_EQ(describe("loai:kh"), describe("loai:KH"));
    const auto qd = terms_of("type:QĐ");
    EXPECT_TRUE(qd.count("XKCqđ"));
    EXPECT_TRUE(qd.count("XKquyết"));
    // Typed without Đ: the vocabulary's folded match.
    EXPECT_EQ(describe("type:QD"), describe("type:QĐ"));
    // Quy định has two codes (state QyĐ, Party QĐi): both count.
    const auto qdi = terms_of("loai:QĐi");
    EXPECT_TRUE(qdi.count("XKCqyđ") && qdi.count("XKCqđi"));
    // A name is a phrase in the type field, any spelling.
    const std::string name = describe("loai:\"kế hoạch\"");
    EXPECT_TRUE(contains(name, "(XKFke OR XKke) PHRASE 2 (XKFhoach OR XKhoach)")) << name;
    EXPECT_FALSE(contains(name, "XKC")) << name;
    EXPECT_FALSE(terms_of("loai:\"ke hoach\"").count("XKCkh"));
    // A word that is no code stays a word.
    EXPECT_EQ(terms_of("loai:hoạch"), (std::set<std::string>{"XKhoạch", "XKFhoach", "XKhoach"}));
}

TEST(FieldQuery, IssuerExpandsAbbreviationsAndNeedsEveryWord) {
    EXPECT_EQ(describe("coquan:UBND"), describe("coquan:\"Ủy ban nhân dân\""));
    EXPECT_EQ(describe("coquan:ubnd"), describe("coquan:\"Uỷ ban nhân dân\""));
    EXPECT_EQ(describe("coquan:\"UBND tỉnh\""), describe("coquan:\"Ủy ban nhân dân tỉnh\""));
    EXPECT_EQ(describe("coquan:BTGTU"), describe("coquan:\"Ban Tuyên giáo Tỉnh ủy\""));
    // Every word (AND), not a strict phrase; the phrase is ranked up afterwards.
    const std::string d = describe("coquan:\"ban tuyên giáo\"");
    EXPECT_TRUE(d.starts_with("Query(((XIFban SYNONYM XIban) AND (2 * XItuyên")) << d;
    EXPECT_FALSE(contains(d, "PHRASE")) << d;
    EXPECT_EQ(parse("coquan:\"ban tuyên giáo\"").boost_phrases,
              (std::vector<std::vector<std::vector<std::string>>>{
                  {{"XIFban", "XIban"}, {"XIFtuyen", "XItuyen"}, {"XIFgiao", "XIgiao"}}}));
    // The unit of a proposal is expanded the same way.
    EXPECT_TRUE(terms_of("donvi:UBND").count("XUủy"));
    EXPECT_EQ(describe("donvi:UBND"), describe("donvi:\"Ủy ban nhân dân\""));
}

TEST(FieldQuery, TextFieldsUseTheirPrefixes) {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"nguoiky:Mười", "XGmười"}, {"tacgia:Nguyễn", "Anguyễn"}, {"donvi:Sở", "XUsở"},
        {"linhvuc:tế", "XLtế"},     {"tieude:phê", "Sphê"},       {"loai:hoạch", "XKhoạch"},
        {"coquan:giáo", "XIgiáo"},
    };
    for (const auto& [query, term] : cases) {
        EXPECT_TRUE(terms_of(query).count(term)) << query;
    }
    // Accent-insensitive like body words, exact spellings weighted up.
    EXPECT_EQ(describe("nguoiky:Mười"), "Query((2 * XGmười OR (XGFmuoi SYNONYM XGmuoi)))");
    EXPECT_EQ(describe("nguoiky:muoi"), "Query((XGFmuoi SYNONYM XGmuoi))");
    // A phrase in a name field is a strict phrase.
    const std::string d = describe("nguoiky:\"Hồ Văn Mười\"");
    EXPECT_TRUE(contains(d, "FILTER ((XGFho OR XGho) PHRASE 3")) << d;
    EXPECT_FALSE(contains(d, "AND_MAYBE")) << d;
    // A document number in a text field is words there, as the indexer writes titles.
    EXPECT_TRUE(terms_of("tieude:152-KH/TU").count("S152"));
    EXPECT_FALSE(terms_of("tieude:152-KH/TU").count("XN152-kh/tu"));
    // Highlighting includes field words.
    EXPECT_TRUE(parse("nguoiky:\"Hồ Văn Mười\"").highlight.folded.count("muoi"));
}

TEST(FieldQuery, YearsAreTermsOrValueRanges) {
    EXPECT_EQ(describe("nam:2020"), "Query(0 * XY2020)");
    EXPECT_EQ(describe("nam:2020..2022"), "Query(VALUE_RANGE 7 2020 2022)");
    EXPECT_EQ(describe("nam:..2020"), "Query(VALUE_LE 7 2020)");
    EXPECT_EQ(describe("nam:2021.."), "Query(VALUE_GE 7 2021)");
    EXPECT_EQ(describe("nam:(2020 OR 2022)"), "Query((0 * XY2020 OR 0 * XY2022))");
}

TEST(FieldQuery, DatesAreTermsOrValueRanges) {
    EXPECT_EQ(describe("ngay:2020-10-30"), "Query(0 * XD20201030)");
    EXPECT_EQ(describe("ngay:30/10/2020"), "Query(0 * XD20201030)");
    EXPECT_EQ(describe("ngay:\"ngày 30 tháng 10 năm 2020\""), "Query(0 * XD20201030)");
    EXPECT_EQ(describe("ngay:2020-01-01..2020-12-31"), "Query(VALUE_RANGE 3 20200101 20201231)");
    EXPECT_EQ(describe("ngay:..2020-06-30"), "Query(VALUE_LE 3 20200630)");
    EXPECT_EQ(describe("ngay:2021-01-01.."), "Query(VALUE_GE 3 20210101)");
    EXPECT_EQ(describe("ngay:2020-02"), "Query(VALUE_RANGE 3 20200201 20200229)");
    EXPECT_EQ(describe("ngay:2020"), "Query(VALUE_RANGE 3 20200101 20201231)");
}

TEST(FieldQuery, FieldsCombineWithWordsAndOperators) {
    EXPECT_EQ(describe("loai:\"kế hoạch\" nam:2022"),
              "Query(((((2 * XKkế OR (XKFke SYNONYM XKke)) AND (2 * XKhoạch OR (XKFhoach "
              "SYNONYM XKhoach))) FILTER ((XKFke OR XKke) PHRASE 2 (XKFhoach OR XKhoach))) AND 0 * "
              "XY2022))");
    EXPECT_EQ(describe("hiến -nam:2020"),
              "Query(((2 * hiến OR (XFhien SYNONYM hien)) AND_NOT XY2020))");
    EXPECT_EQ(describe("NOT loai:KH").find("Query((<alldocuments> AND_NOT"), 0u);
    // A parenthesised group takes the field; what follows it does not.
    const auto group = terms_of("coquan:(UBND OR HĐND) tỉnh");
    EXPECT_TRUE(group.count("XIủy") && group.count("XIhội"));
    EXPECT_TRUE(group.count("tỉnh"));
    EXPECT_FALSE(group.count("XItỉnh"));
    EXPECT_EQ(describe("coquan:(ban tuyên giáo)"), describe("coquan:\"ban tuyên giáo\""));
    EXPECT_TRUE(terms_of("so:(152-KH/TU OR 461/KH-UBND)").count("XO461/kh-ubnd"));
    // Fields never relax: a field query means what it says.
    EXPECT_FALSE(parse("nguoiky:muoi xyz").relaxed.has_value());
}

TEST(FieldQuery, UnknownPrefixesAndUrlsAreWords) {
    // A phrase of two words ("foo bar"), so their pair too.
    EXPECT_EQ(terms_of("foo:bar"),
              (std::set<std::string>{"foo", "bar", "XFfoo", "XFbar", "XPfoo bar"}));
    EXPECT_EQ(error_of("https://dangcongsan.vn/a-b?c=1"), "");
    EXPECT_TRUE(terms_of("https://dangcongsan.vn").count("https"));
    EXPECT_TRUE(terms_of("http://x.vn so:152-KH/TU").count("XO152-kh/tu"));
    // A prefix with nothing right after the colon is a word too ("Số: 461/KH-UBND" pasted).
    EXPECT_TRUE(terms_of("nam:").count("nam"));
    EXPECT_TRUE(terms_of("nam: 2020").count("2020"));
    const auto pasted = terms_of("Số: 461/KH-UBND");
    EXPECT_TRUE(pasted.count("XN461/kh-ubnd"));
    EXPECT_TRUE(pasted.count("XO461/kh-ubnd"));  // a bare number ranks its carrier first too
    // Lower-case operators after a prefix are the value, not operators.
    EXPECT_TRUE(terms_of("tieude:or").count("Sor"));
}

TEST(FieldQuery, BadValuesAreErrors) {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"ngay:31/02/2020", "ngay: \"31/02/2020\" is not a date"},
        {"date:31/02/2020", "date: \"31/02/2020\" is not a date"},
        {"nam:abc", "nam: \"abc\" is not a year"},
        {"year:abc", "year: \"abc\" is not a year"},
        {"nam:2022..2020", "nam: the range \"2022..2020\" ends before it starts"},
        {"ngay:2020-12-31..2020-01-01", "ends before it starts"},
        {"ngay:..", "has no ends"},
        {"so:xyz", "so: \"xyz\" is not a document number"},
        {"number:\"hello world\"", "number: \"hello world\" is not a document number"},
        {"so:(152-KH/TU OR abc)", "\"abc\" is not a document number"},
        {"coquan:...", "'coquan:' at character 1 has no value"},
        {"tieude:\"\"", "nothing to search for between the quotation marks"},
        {"ngay:\"30/10/2020", "never closed"},
        {"coquan:(ubnd", "never closed"},
    };
    for (const auto& [query, message] : cases) {
        const std::string e = error_of(query);
        EXPECT_TRUE(contains(e, message)) << "query [" << query << "] message [" << e << "]";
    }
}

TEST(FieldQuery, ParseFieldIsTheFieldOfTheWholeValue) {
    const QueryParser parser(analyzer());
    EXPECT_EQ(parser.parse_field(Field::Issuer, "UBND tỉnh").query.get_description(),
              describe("coquan:(UBND tỉnh)"));
    EXPECT_EQ(parser.parse_field(Field::Type, "KH").query.get_description(), describe("loai:KH"));
    EXPECT_EQ(parser.parse_field(Field::Year, "2020..2022").query.get_description(),
              describe("nam:2020..2022"));
    EXPECT_EQ(parser.parse_field(Field::Date, "2020-06-01..").query.get_description(),
              describe("ngay:2020-06-01.."));
    EXPECT_FALSE(parser.parse_field(Field::Domain, "kinh tế").relaxed.has_value());
    try {
        (void)parser.parse_field(Field::Year, "abc");
        ADD_FAILURE();
    } catch (const QueryError& e) {
        EXPECT_TRUE(std::string(e.what()).starts_with("year: \"abc\"")) << e.what();
    }
    EXPECT_THROW((void)parser.parse_field(Field::Issuer, "  "), QueryError);
}

TEST(FieldQuery, HostileFieldInputNeverCrashes) {
    const std::vector<std::string> inputs = {
        "so:",        "so:(",         "so:)",         "ngay:(..)",    "nam:((2020)",
        "coquan:(",   "coquan:\"",    "loai:-",       "loai:+KH",     "so:so:so:",
        "ngay:..2..", "ngay:9999-99", "nam:99999999", "::::",         "coquan:(a OR (b:c))",
        "Số:",        "số:\u201C",    "ngay:\u201C",  "tieude:(NOT)",
    };
    for (const auto& s : inputs) {
        try {
            (void)parse(s);
        } catch (const QueryError&) {
        }
    }
}

}  // namespace
