#pragma once
// Small Xapian databases for the query tests, written with the term scheme of docs/schema.md
// (the same terms, values and data as indexer/src/doc_builder.cpp writes), so that these
// tests do not depend on the indexer or on the metadata parser.
#include <stdlib.h>
#include <xapian.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "vanthu/core/analyzer.hpp"
#include "vanthu/core/date.hpp"
#include "vanthu/core/docnumber.hpp"
#include "vanthu/core/schema.hpp"
#include "vanthu/core/text.hpp"
#include "vanthu/core/vocabulary.hpp"

namespace vanthu::test {

// A temporary folder, removed at the end of the test.
class TempDir {
  public:
    TempDir() {
        std::string templ =
            (std::filesystem::temp_directory_path() / "vanthu-query-XXXXXX").string();
        if (mkdtemp(templ.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
        m_path = templ;
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(m_path, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    [[nodiscard]] const std::filesystem::path& path() const { return m_path; }

  private:
    std::filesystem::path m_path;
};

// One document with the metadata fields the parser helper reads off a page.
struct FieldDoc {
    std::string name{};  // file name; the path is "/corpus/" + name
    std::string body{};
    std::string number{};              // own number as printed, or ""
    std::vector<std::string> cited{};  // numbers it cites, as printed
    std::string type_code{};           // "KH"; the type name comes from the vocabulary
    std::string issuer{};              // unit line
    std::string issuer_parent{};       // parent line
    std::string signer{};
    std::string author{};
    std::string unit{};
    std::string domain{};
    std::string title{};
    std::string date{};  // ISO, or ""
};

inline const core::Analyzer& test_analyzer() {
    static const core::Analyzer analyzer;
    return analyzer;
}

// Words of a field under its prefixes, positions from 1 within the field.
inline void add_field_words(Xapian::Document& doc, schema::FieldPrefix prefix,
                            std::string_view raw) {
    const auto& analyzer = test_analyzer();
    Xapian::termpos pos = 0;
    analyzer.tokenize(analyzer.normalize(raw), [&](const core::Token& t) {
        ++pos;
        // As the indexer does: positions on the folded term only.
        if (t.folded == t.exact) {
            doc.add_posting(schema::term(prefix.exact, t.exact), pos);
        } else {
            doc.add_term(schema::term(prefix.exact, t.exact));
            doc.add_posting(schema::term(prefix.folded, t.folded), pos);
        }
    });
}

inline void add_number_terms(Xapian::Document& doc, std::string_view exact_prefix,
                             std::string_view folded_prefix, std::string_view printed) {
    const auto n = core::parse_doc_number(printed);
    if (!n) throw std::runtime_error("not a document number: " + std::string(printed));
    doc.add_term(schema::term(exact_prefix, n->key));
    doc.add_term(schema::term(folded_prefix, n->folded_key));
}

inline Xapian::docid add_field_document(Xapian::WritableDatabase& db, const FieldDoc& d) {
    namespace fs = std::filesystem;
    const auto& analyzer = test_analyzer();
    const std::string text = analyzer.normalize(d.body);
    Xapian::Document doc;
    schema::index_words(analyzer, doc, text, 0);
    for (const auto& m : analyzer.numbers(text)) {
        doc.add_term(schema::term(schema::kPrefixNumber, m.number.key));
        doc.add_term(schema::term(schema::kPrefixNumberFolded, m.number.folded_key));
    }
    nlohmann::json meta = nlohmann::json::object();
    if (!d.number.empty()) {
        add_number_terms(doc, schema::kPrefixOwnNumber, schema::kPrefixOwnNumberFolded, d.number);
        add_number_terms(doc, schema::kPrefixNumber, schema::kPrefixNumberFolded, d.number);
        const std::string canonical = core::parse_doc_number(d.number)->canonical;
        doc.add_value(schema::kSlotNumber, canonical);
        meta["number"] = canonical;
    }
    nlohmann::json citations = nlohmann::json::array();
    for (const auto& c : d.cited) {
        add_number_terms(doc, schema::kPrefixCitedNumber, schema::kPrefixCitedNumberFolded, c);
        add_number_terms(doc, schema::kPrefixNumber, schema::kPrefixNumberFolded, c);
        citations.push_back({{"number", core::parse_doc_number(c)->canonical}});
    }
    meta["citations"] = citations;
    if (!d.type_code.empty()) {
        const std::string name(*core::type_name_for_code(d.type_code));
        add_field_words(doc, schema::kFieldType, name);
        doc.add_boolean_term(schema::term(schema::kPrefixTypeCode, core::lower_text(d.type_code)));
        doc.add_value(schema::kSlotType, name);
        meta["type"] = name;
        meta["type_code"] = d.type_code;
    }
    if (!d.issuer.empty()) {
        add_field_words(doc, schema::kFieldIssuer,
                        core::expand_abbreviations(d.issuer + " " + d.issuer_parent));
        doc.add_value(schema::kSlotIssuer, d.issuer);
        meta["issuer"] = d.issuer;
        meta["issuer_parent"] = d.issuer_parent;
    }
    if (!d.signer.empty()) {
        add_field_words(doc, schema::kFieldSigner, d.signer);
        meta["signature"] = {{"name", d.signer}};
    }
    if (!d.author.empty()) add_field_words(doc, schema::kFieldAuthor, d.author);
    if (!d.unit.empty()) {
        add_field_words(doc, schema::kFieldUnit, core::expand_abbreviations(d.unit));
    }
    if (!d.domain.empty()) {
        add_field_words(doc, schema::kFieldDomain, d.domain);
        doc.add_value(schema::kSlotDomain, d.domain);
    }
    if (!d.title.empty()) add_field_words(doc, schema::kFieldTitle, d.title);
    meta["author"] = d.author;
    meta["unit"] = d.unit;
    meta["domain"] = d.domain;
    meta["title"] = d.title;
    const std::string path = "/corpus/" + d.name;
    nlohmann::json data{{"path", path},        {"name", d.name},
                        {"format", "txt"},     {"status", "ok"},
                        {"size", text.size()}, {"title", d.title.empty() ? d.name : d.title}};
    if (!d.number.empty()) data["number"] = meta["number"];
    if (!d.date.empty()) {
        const auto date = core::parse_date(d.date);
        if (!date) throw std::runtime_error("not a date: " + d.date);
        doc.add_boolean_term(schema::term(schema::kPrefixDate, date->compact()));
        doc.add_boolean_term(schema::term(schema::kPrefixYear, std::to_string(date->year)));
        doc.add_value(schema::kSlotDate, date->compact());
        doc.add_value(schema::kSlotYear, std::to_string(date->year));
        data["date"] = date->iso();
        meta["date"] = date->iso();
    }
    data["meta"] = meta;
    doc.add_boolean_term(schema::uid_term(path));
    doc.add_boolean_term(schema::term(schema::kPrefixStatus, schema::kStatusOk));
    doc.add_value(schema::kSlotPath, path);
    doc.add_value(schema::kSlotText, schema::pack_text(text));
    doc.set_data(data.dump());
    return db.add_document(doc);
}

inline void mark_schema(Xapian::WritableDatabase& db) {
    db.set_metadata(std::string(schema::kMetaSchemaKey), std::string(schema::kSchemaVersion));
}

}  // namespace vanthu::test
