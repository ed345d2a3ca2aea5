// CitationResolver on a small archive written by hand with the indexer's term scheme
// (test_db.hpp): every status, the two 01-QĐ/BTC of seed 000, Đ/D, leading zeros, TW/TU, and
// the issuer families.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "test_db.hpp"
#include "vanthu/query/citations.hpp"

namespace vanthu::query {
namespace {

using test::FieldDoc;

struct Cited {
    std::string number;
    std::string date;
    std::string issuer;
    std::string sentence;
};

// add_field_document() stores citations with their number only; a citing document needs the
// date, issuer and sentence the parser would have read.
Xapian::docid add_citing(Xapian::WritableDatabase& db, FieldDoc doc,
                         const std::vector<Cited>& cited) {
    for (const auto& c : cited) doc.cited.push_back(c.number);
    const Xapian::docid id = test::add_field_document(db, doc);
    Xapian::Document d = db.get_document(id);
    nlohmann::json data = nlohmann::json::parse(d.get_data());
    nlohmann::json list = nlohmann::json::array();
    for (const auto& c : cited) {
        const auto n = core::parse_doc_number(c.number);
        list.push_back({{"number", n->canonical},
                        {"key", n->key},
                        {"date", c.date},
                        {"issuer", c.issuer},
                        {"sentence", c.sentence}});
    }
    data["meta"]["citations"] = list;
    d.set_data(data.dump());
    db.replace_document(id, d);
    return id;
}

class Citations : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        s_dir = new test::TempDir();
        Xapian::WritableDatabase db(s_dir->path().string(), Xapian::DB_CREATE_OR_OVERWRITE);
        test::mark_schema(db);
        const std::string tinh_uy = "TỈNH ỦY ĐẮK LẮK";
        const std::string ubnd = "ỦY BAN NHÂN DÂN TỈNH ĐẮK LẮK";
        auto add = [&](const std::string& name, const std::string& number, const std::string& date,
                       const std::string& issuer, const std::string& parent = "") {
            FieldDoc d;
            d.name = name;
            d.body = "Văn bản số " + number;
            d.number = number;
            d.date = date;
            d.issuer = issuer;
            d.issuer_parent = parent;
            test::add_field_document(db, d);
        };
        add("kh-152-tu.txt", "152-KH/TU", "2020-02-26", tinh_uy);
        add("kh-152-hu.txt", "152-KH/HU", "2021-01-05", "HUYỆN ỦY KRÔNG PẮC");
        // Seed 000 cites two different 01-QĐ/BTC.
        add("qd-01-btc-a.txt", "01-QĐ/BTC", "2020-03-11", "BAN TỔ CHỨC CUỘC VẬN ĐỘNG", tinh_uy);
        add("qd-01-btc-b.txt", "01-QĐ/BTC", "2020-05-19", "BAN TỔ CHỨC CUỘC VẬN ĐỘNG", tinh_uy);
        add("nd-91.txt", "91/2017/NĐ-CP", "2017-07-31", "CHÍNH PHỦ");
        add("qd-12-ubnd.txt", "12/QĐ-UBND", "2021-01-04", ubnd);
        // The same number and date in two provinces, and again the next year.
        add("ag/kh-57.txt", "57/KH-UBND", "2021-03-01", "ỦY BAN NHÂN DÂN TỈNH AN GIANG");
        add("dl/kh-57.txt", "57/KH-UBND", "2021-03-01", ubnd);
        add("dl/kh-57-2022.txt", "57/KH-UBND", "2022-02-10", ubnd);
        // One document indexed in two formats.
        add("nq-15.txt", "15/NQ-HĐND", "2020-12-10", "HỘI ĐỒNG NHÂN DÂN TỈNH ĐẮK LẮK");
        add("nq-15.docx", "15/NQ-HĐND", "2020-12-10", "HỘI ĐỒNG NHÂN DÂN TỈNH ĐẮK LẮK");
        add("ttr-55.txt", "55/TTr-STTTT", "2021-06-17", "SỞ THÔNG TIN VÀ TRUYỀN THÔNG", ubnd);
        add("cv-853.txt", "853-CV/BTGTU", "2020-06-22", "BAN TUYÊN GIÁO", tinh_uy);
        add("ct-19.txt", "19/CT-TTg", "2021-07-16", "THỦ TƯỚNG CHÍNH PHỦ");

        FieldDoc report;
        report.name = "bc-01.txt";
        report.body = "Báo cáo";
        report.number = "01-BC/BTC";
        report.date = "2020-10-30";
        report.issuer = "BAN TỔ CHỨC CUỘC VẬN ĐỘNG";
        report.issuer_parent = tinh_uy;
        add_citing(db, report,
                   {{"152-KH/TU", "2020-02-26", "Ban Thường vụ Tỉnh ủy",
                     "Thực hiện Kế hoạch số 152-KH/TU, ngày 26/02/2020 của Ban Thường vụ Tỉnh ủy"},
                    {"01-QĐ/BTC", "2020-03-11", "", "Quyết định số 01-QĐ/BTC ngày 11/3/2020"},
                    {"01-QĐ/BTC", "2020-05-19", "", "Quyết định số 01-QĐ/BTC ngày 19/5/2020"},
                    {"91/2017/ND-CP", "", "", "Nghị định 91/2017/ND-CP"}});
        FieldDoc draft;
        draft.name = "cv-200.txt";
        draft.body = "Công văn";
        draft.number = "200/UBND-VX";
        draft.date = "2021-02-01";
        draft.issuer = ubnd;
        add_citing(db, draft,
                   {{"152-KH/TU", "2020-02-20", "", "theo Kế hoạch số 152-KH/TU ngày 20/02/2020"}});
        db.commit();
    }

    static void TearDownTestSuite() {
        delete s_dir;
        s_dir = nullptr;
    }

    static CitationResolution resolve(const std::string& number, const std::string& date = "",
                                      const std::string& issuer = "") {
        CitationResolver resolver(s_dir->path());
        return resolver.resolve({"", number, "", date, issuer, ""});
    }

    static std::string file(const std::optional<StoredDocument>& d) {
        return d ? std::filesystem::path(d->path).filename().string() : "(none)";
    }

    static std::vector<std::string> files(const std::vector<StoredDocument>& docs) {
        std::vector<std::string> out;
        for (const auto& d : docs) out.push_back(d.path.substr(std::string("/corpus/").size()));
        return out;
    }

    static inline test::TempDir* s_dir = nullptr;
};

using Files = std::vector<std::string>;

TEST(CitationStatusNames, RoundTrip) {
    for (const char* name :
         {"found", "ambiguous", "date-mismatch", "issuer-mismatch", "typo", "not-in-archive"}) {
        const auto status = status_from_name(name);
        ASSERT_TRUE(status.has_value()) << name;
        EXPECT_EQ(status_name(*status), name);
    }
    EXPECT_FALSE(status_from_name("missing").has_value());
    EXPECT_EQ(typo_kind_name(TypoKind::LeadingZero), "leading-zero");
}

TEST_F(Citations, FoundWithAndWithoutDateAndIssuer) {
    auto r = resolve("152-KH/TU", "2020-02-26", "Ban Thường vụ Tỉnh ủy");
    EXPECT_EQ(r.status, CitationStatus::Found) << r.note;
    EXPECT_EQ(file(r.document), "kh-152-tu.txt");
    EXPECT_TRUE(r.note.empty()) << r.note;
    r = resolve("152-KH/TU");
    EXPECT_EQ(r.status, CitationStatus::Found) << r.note;
    EXPECT_EQ(file(r.document), "kh-152-tu.txt");
    // Case and a date written the Vietnamese way do not matter.
    r = resolve("152-kh/tu", "26/02/2020");
    EXPECT_EQ(r.status, CitationStatus::Found) << r.note;
}

TEST_F(Citations, TwoDocumentsWithOneNumberAreToldApartByDate) {
    auto a = resolve("01-QĐ/BTC", "2020-03-11", "Ban Tổ chức Cuộc vận động");
    EXPECT_EQ(a.status, CitationStatus::Found) << a.note;
    EXPECT_EQ(file(a.document), "qd-01-btc-a.txt");
    auto b = resolve("01-QĐ/BTC", "2020-05-19");
    EXPECT_EQ(b.status, CitationStatus::Found) << b.note;
    EXPECT_EQ(file(b.document), "qd-01-btc-b.txt");
    EXPECT_NE(b.note.find("chosen by its date among 2 documents"), std::string::npos) << b.note;

    auto none = resolve("01-QĐ/BTC");
    EXPECT_EQ(none.status, CitationStatus::Ambiguous);
    EXPECT_FALSE(none.document.has_value());
    EXPECT_EQ(files(none.candidates), (Files{"qd-01-btc-a.txt", "qd-01-btc-b.txt"}));
    EXPECT_NE(none.note.find("gives no date"), std::string::npos) << none.note;

    auto wrong = resolve("01-QĐ/BTC", "2020-06-01");
    EXPECT_EQ(wrong.status, CitationStatus::DateMismatch);
    EXPECT_FALSE(wrong.document.has_value());
    EXPECT_EQ(files(wrong.candidates), (Files{"qd-01-btc-a.txt", "qd-01-btc-b.txt"}));
    EXPECT_NE(wrong.note.find("2020-03-11, 2020-05-19"), std::string::npos) << wrong.note;
}

TEST_F(Citations, SameNumberAndDateInTwoProvinces) {
    auto r = resolve("57/KH-UBND", "2021-03-01");
    EXPECT_EQ(r.status, CitationStatus::Ambiguous) << r.note;
    EXPECT_EQ(files(r.candidates), (Files{"ag/kh-57.txt", "dl/kh-57.txt"}));
    // "UBND tỉnh" fits both; naming the province picks one.
    EXPECT_EQ(resolve("57/KH-UBND", "2021-03-01", "UBND tỉnh").status, CitationStatus::Ambiguous);
    r = resolve("57/KH-UBND", "1/3/2021", "UBND tỉnh An Giang");
    EXPECT_EQ(r.status, CitationStatus::Found) << r.note;
    EXPECT_EQ(files({*r.document}), (Files{"ag/kh-57.txt"}));
    // Without a date three documents carry it.
    r = resolve("57/KH-UBND");
    EXPECT_EQ(r.status, CitationStatus::Ambiguous);
    EXPECT_EQ(r.candidates.size(), 3u);
    r = resolve("57/KH-UBND", "2022-02-10");
    EXPECT_EQ(r.status, CitationStatus::Found) << r.note;
    EXPECT_EQ(files({*r.document}), (Files{"dl/kh-57-2022.txt"}));
}

TEST_F(Citations, FormatsOfOneFileAreOneDocument) {
    auto r = resolve("15/NQ-HĐND");
    EXPECT_EQ(r.status, CitationStatus::Found) << r.note;
    EXPECT_EQ(file(r.document), "nq-15.docx");
    ASSERT_EQ(r.other_formats.size(), 1u);
    EXPECT_EQ(std::filesystem::path(r.other_formats[0].path).filename(), "nq-15.txt");
}

TEST_F(Citations, DateMismatchReportsTheArchivedDate) {
    auto r = resolve("152-KH/TU", "2020-02-20", "Ban Thường vụ Tỉnh ủy");
    EXPECT_EQ(r.status, CitationStatus::DateMismatch);
    EXPECT_EQ(file(r.document), "kh-152-tu.txt");
    EXPECT_EQ(r.archived_date, "2020-02-26");
    EXPECT_NE(r.note.find("dated 2020-02-26, not 2020-02-20"), std::string::npos) << r.note;
    // Day and month swapped: said so.
    r = resolve("12/QĐ-UBND", "2021-04-01");
    EXPECT_EQ(r.status, CitationStatus::DateMismatch);
    EXPECT_EQ(r.archived_date, "2021-01-04");
    EXPECT_NE(r.note.find("swapped"), std::string::npos) << r.note;
}

TEST_F(Citations, IssuerMismatchOnlyForAClearConflict) {
    for (const char* other : {"HĐND tỉnh", "Hội đồng nhân dân tỉnh Đắk Lắk", "Thủ tướng Chính phủ",
                              "Ban Thường vụ Tỉnh ủy", "Sở Nội vụ"}) {
        SCOPED_TRACE(other);
        auto r = resolve("12/QĐ-UBND", "2021-01-04", other);
        EXPECT_EQ(r.status, CitationStatus::IssuerMismatch) << r.note;
        EXPECT_EQ(file(r.document), "qd-12-ubnd.txt");
        EXPECT_NE(r.note.find(other), std::string::npos) << r.note;
    }
    for (const char* same : {"UBND tỉnh", "Ủy ban nhân dân tỉnh Đắk Lắk", "Chủ tịch UBND tỉnh",
                             "UBND tỉnh Đăk Lăk", "Ban Chỉ đạo 389 tỉnh"}) {
        SCOPED_TRACE(same);
        EXPECT_EQ(resolve("12/QĐ-UBND", "2021-01-04", same).status, CitationStatus::Found);
    }
    // Without a date the number alone decides, and the issuer still has to fit.
    EXPECT_EQ(resolve("12/QĐ-UBND", "", "HĐND tỉnh").status, CitationStatus::IssuerMismatch);
    // A provincial Party document cited as the Prime Minister's, or a national one as the
    // province's.
    EXPECT_EQ(resolve("152-KH/TU", "2020-02-26", "Thủ tướng Chính phủ").status,
              CitationStatus::IssuerMismatch);
    EXPECT_EQ(resolve("91/2017/NĐ-CP", "2017-07-31", "UBND tỉnh").status,
              CitationStatus::IssuerMismatch);
    EXPECT_EQ(resolve("19/CT-TTg", "16/7/2021", "Chính phủ").status, CitationStatus::Found);
}

TEST_F(Citations, TypoDiacritic) {
    auto r = resolve("91/2017/ND-CP", "2017-07-31", "Chính phủ");
    EXPECT_EQ(r.status, CitationStatus::Typo) << r.note;
    EXPECT_EQ(r.typo, TypoKind::Diacritic);
    EXPECT_EQ(r.intended, "91/2017/NĐ-CP");
    EXPECT_EQ(file(r.document), "nd-91.txt");
}

TEST_F(Citations, TypoLeadingZeroPrefersTheCitedDate) {
    auto r = resolve("1-QĐ/BTC", "19/5/2020");
    EXPECT_EQ(r.status, CitationStatus::Typo) << r.note;
    EXPECT_EQ(r.typo, TypoKind::LeadingZero);
    EXPECT_EQ(r.intended, "01-QĐ/BTC");
    EXPECT_EQ(file(r.document), "qd-01-btc-b.txt");
    r = resolve("1-QĐ/BTC", "2020-03-11");
    EXPECT_EQ(file(r.document), "qd-01-btc-a.txt");
    // An extra zero is a slip too.
    r = resolve("012/QĐ-UBND", "2021-01-04");
    EXPECT_EQ(r.status, CitationStatus::Typo) << r.note;
    EXPECT_EQ(r.intended, "12/QĐ-UBND");
}

TEST_F(Citations, TypoInTheCode) {
    auto r = resolve("152-KH/TW", "2020-02-26", "Ban Thường vụ Tỉnh ủy");
    EXPECT_EQ(r.status, CitationStatus::Typo) << r.note;
    EXPECT_EQ(r.typo, TypoKind::Code);
    EXPECT_EQ(r.intended, "152-KH/TU");
    EXPECT_EQ(file(r.document), "kh-152-tu.txt");
    // Separators swapped: one slip.
    r = resolve("152/KH-TU", "2020-02-26");
    EXPECT_EQ(r.status, CitationStatus::Typo) << r.note;
    EXPECT_EQ(r.intended, "152-KH/TU");
    // A code a letter away with another date, or two letters away, is not the same document.
    EXPECT_EQ(resolve("152-KH/TW", "2019-01-01").status, CitationStatus::NotInArchive);
    EXPECT_EQ(resolve("152-CT/TU", "2020-02-26").status, CitationStatus::NotInArchive);
    // The issuer must fit: 152-KH/TW as the Prime Minister's is not the Tỉnh ủy's plan.
    EXPECT_EQ(resolve("152-KH/TW", "2020-02-26", "Thủ tướng Chính phủ").status,
              CitationStatus::NotInArchive);
}

TEST_F(Citations, NearNumberWithTheCitedDateBeatsADateMismatch) {
    // 152-KH/TU exists (2020), but the cited date is that of 152-KH/HU: the code was mistyped.
    auto r = resolve("152-KH/TU", "2021-01-05", "Ban Thường vụ Huyện ủy");
    EXPECT_EQ(r.status, CitationStatus::Typo) << r.note;
    EXPECT_EQ(r.intended, "152-KH/HU");
    EXPECT_NE(r.note.find("the archive's 152-KH/TU is dated 2020-02-26; 152-KH/HU"),
              std::string::npos)
        << r.note;
    // Without such a near number it is a date mismatch.
    EXPECT_EQ(resolve("152-KH/TU", "2021-01-06").status, CitationStatus::DateMismatch);
}

TEST_F(Citations, NotInArchive) {
    auto r = resolve("999-KH/XYZ", "2020-01-01");
    EXPECT_EQ(r.status, CitationStatus::NotInArchive);
    EXPECT_FALSE(r.document.has_value());
    EXPECT_NE(r.note.find("999-KH/XYZ"), std::string::npos) << r.note;
    EXPECT_EQ(resolve("not a number").status, CitationStatus::NotInArchive);
    EXPECT_EQ(resolve("").status, CitationStatus::NotInArchive);
    // A bad date counts as none.
    EXPECT_EQ(resolve("152-KH/TU", "31/02/2020").status, CitationStatus::Found);
}

TEST_F(Citations, IssuersOfDifferentBodies) {
    struct Row {
        const char* cited;
        const char* unit;
        const char* parent;
        const char* number;
        bool compatible;
    };
    const Row rows[] = {
        {"UBND tỉnh", "ỦY BAN NHÂN DÂN TỈNH ĐẮK LẮK", "", "12/QĐ-UBND", true},
        {"HĐND tỉnh", "ỦY BAN NHÂN DÂN TỈNH ĐẮK LẮK", "", "12/QĐ-UBND", false},
        {"HĐND tỉnh", "", "", "12/QĐ-UBND", false},  // the number's code alone
        {"Thường trực HĐND tỉnh", "HỘI ĐỒNG NHÂN DÂN TỈNH", "", "15/NQ-HĐND", true},
        {"Ban Thường vụ Tỉnh ủy", "TỈNH ỦY ĐẮK LẮK", "", "152-KH/TU", true},
        {"Ban Chấp hành Đảng bộ tỉnh", "TỈNH ỦY ĐẮK LẮK", "", "152-KH/TU", true},
        {"Tỉnh ủy", "", "", "152-KH/TU", true},
        {"Bộ Chính trị", "", "", "05-CT/TW", true},
        {"Ban Bí thư", "BAN CHẤP HÀNH TRUNG ƯƠNG", "", "05-CT/TW", true},
        {"Ban Thường vụ Tỉnh ủy", "", "", "05-CT/TW", false},
        {"Bộ Chính trị", "", "", "152-KH/TU", false},
        {"Ban Tuyên giáo Tỉnh ủy", "BAN TUYÊN GIÁO", "TỈNH ỦY ĐẮK LẮK", "853-CV/BTGTU", true},
        {"BTGTU", "", "", "853-CV/BTGTU", true},
        {"Ban Tổ chức Tỉnh ủy", "BAN TUYÊN GIÁO", "TỈNH ỦY ĐẮK LẮK", "853-CV/BTGTU", false},
        // Naming the parent body is loose, not a conflict.
        {"Tỉnh ủy", "BAN TUYÊN GIÁO", "TỈNH ỦY ĐẮK LẮK", "853-CV/BTGTU", true},
        {"Ban Tổ chức Cuộc vận động", "BAN TỔ CHỨC CUỘC VẬN ĐỘNG", "TỈNH ỦY ĐẮK LẮK", "01-QĐ/BTC",
         true},
        {"Sở Thông tin - Truyền thông", "SỞ THÔNG TIN VÀ TRUYỀN THÔNG", "UBND TỈNH", "55/TTr-STTTT",
         true},
        {"Sở Văn hóa, Thể thao và Du lịch", "SỞ THÔNG TIN VÀ TRUYỀN THÔNG", "", "55/TTr-STTTT",
         false},
        {"UBND tỉnh", "SỞ THÔNG TIN VÀ TRUYỀN THÔNG", "UBND TỈNH", "55/TTr-STTTT", true},
        {"Chính phủ", "", "", "91/2017/NĐ-CP", true},
        {"Thủ tướng Chính phủ", "", "", "91/2017/NĐ-CP", true},  // lenient: same government
        {"Quốc hội", "", "", "22/2003/QH11", true},
        {"Ủy ban Thường vụ Quốc hội", "", "", "22/2003/QH11", true},
        {"UBND tỉnh", "", "", "22/2003/QH11", false},
        {"Thủ tướng Chính phủ", "", "", "02/CT-UBND", false},
        {"Ủy ban bầu cử tỉnh Đắk Lắk", "", "", "27/KH-UBBC", true},
        {"Ủy ban bầu cử tỉnh Đắk Lắk", "", "", "12/QĐ-UBND", false},
        // Unknown bodies conflict with nothing.
        {"Ban Chỉ đạo tỉnh", "", "", "12/QĐ-UBND", true},
        {"", "", "", "12/QĐ-UBND", true},
        {"HĐND tỉnh", "", "", "01-BC/BTC", true},
    };
    for (const auto& row : rows) {
        EXPECT_EQ(issuer_compatible(row.cited, row.unit, row.parent, row.number), row.compatible)
            << row.cited << " / " << row.unit << " / " << row.parent << " / " << row.number;
    }
}

TEST_F(Citations, CitedByListsCarriersThenCitingWithTheirCitations) {
    CitationResolver resolver(s_dir->path());
    const CitedBy by = resolver.cited_by(*core::parse_doc_number("152-KH/TU"));
    EXPECT_EQ(files(by.carriers), (Files{"kh-152-tu.txt"}));
    ASSERT_EQ(by.citing.size(), 2u);
    EXPECT_EQ(files({by.citing[0].document}), (Files{"bc-01.txt"}));
    ASSERT_EQ(by.citing[0].citations.size(), 1u);
    EXPECT_EQ(by.citing[0].citations[0].date, "2020-02-26");
    EXPECT_EQ(by.citing[0].citations[0].issuer, "Ban Thường vụ Tỉnh ủy");
    EXPECT_NE(by.citing[0].citations[0].sentence.find("Kế hoạch số 152-KH/TU"), std::string::npos);
    EXPECT_EQ(files({by.citing[1].document}), (Files{"cv-200.txt"}));
    EXPECT_EQ(by.citing[1].citations[0].date, "2020-02-20");

    // Both 01-QĐ/BTC citations of one document; the number typed without Đ still finds them.
    const CitedBy qd = resolver.cited_by(*core::parse_doc_number("1-QD/BTC"));
    EXPECT_EQ(files(qd.carriers), (Files{"qd-01-btc-a.txt", "qd-01-btc-b.txt"}));
    ASSERT_EQ(qd.citing.size(), 1u);
    EXPECT_EQ(qd.citing[0].citations.size(), 2u);

    // A citation written without Đ is found from the number with Đ.
    const CitedBy nd = resolver.cited_by(*core::parse_doc_number("91/2017/NĐ-CP"));
    EXPECT_EQ(files(nd.carriers), (Files{"nd-91.txt"}));
    ASSERT_EQ(nd.citing.size(), 1u);
    EXPECT_EQ(nd.citing[0].citations.at(0).number, "91/2017/ND-CP");

    const CitedBy nothing = resolver.cited_by(*core::parse_doc_number("999-KH/XYZ"));
    EXPECT_TRUE(nothing.carriers.empty());
    EXPECT_TRUE(nothing.citing.empty());
}

TEST_F(Citations, StoredCitationsOfADocument) {
    CitationResolver resolver(s_dir->path());
    const CitedBy by = resolver.cited_by(*core::parse_doc_number("152-KH/TU"));
    ASSERT_FALSE(by.citing.empty());
    const auto refs = stored_citations(by.citing[0].document);
    ASSERT_EQ(refs.size(), 4u);
    EXPECT_EQ(refs[1].number, "01-QĐ/BTC");
    EXPECT_EQ(refs[1].date, "2020-03-11");
    // Resolving a document's own citations: each 01-QĐ/BTC finds its own decision.
    EXPECT_EQ(file(resolver.resolve(refs[1]).document), "qd-01-btc-a.txt");
    EXPECT_EQ(file(resolver.resolve(refs[2]).document), "qd-01-btc-b.txt");
    EXPECT_EQ(resolver.resolve(refs[3]).status, CitationStatus::Typo);
    StoredDocument junk;
    junk.data = "not json";
    EXPECT_TRUE(stored_citations(junk).empty());
}

TEST_F(Citations, AnIndexThatIsNotThereIsAnError) {
    EXPECT_THROW(CitationResolver(s_dir->path() / "none"), std::runtime_error);
}

}  // namespace
}  // namespace vanthu::query
