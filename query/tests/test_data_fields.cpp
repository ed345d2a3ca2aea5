// The fields a hit shows, read out of the stored data without parsing all of it, against
// nlohmann::json's full parse: on the data the indexer writes for the seeds, the proposals
// and broken files, on JSON written to be awkward, and on damaged copies of the real data.
#include <gtest/gtest.h>
#include <xapian.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "../src/data_fields.hpp"
#include "test_db.hpp"
#include "vanthu/indexer/index_run.hpp"

namespace {

namespace fs = std::filesystem;
using vanthu::query::detail::DataFields;
using vanthu::query::detail::read_data_fields;

std::string text_of(const nlohmann::json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// What the full parser gives, with "meta" printed again, or nullopt when the data is not a
// JSON object.
struct InFull : DataFields {
    std::string meta_dump;
};

std::optional<InFull> parsed_in_full(const std::string& data) {
    const nlohmann::json j = nlohmann::json::parse(data, nullptr, false);
    if (!j.is_object()) return std::nullopt;
    InFull f;
    f.path = text_of(j, "path");
    f.name = text_of(j, "name");
    f.title = text_of(j, "title");
    f.number = text_of(j, "number");
    f.format = text_of(j, "format");
    f.status = text_of(j, "status");
    f.date = text_of(j, "date");
    if (auto e = j.find("error"); e != j.end() && e->is_object()) f.error = text_of(*e, "message");
    if (auto s = j.find("size"); s != j.end() && s->is_number_unsigned()) {
        f.size = s->get<std::uint64_t>();
    }
    if (auto m = j.find("meta"); m != j.end() && m->is_object()) {
        f.has_meta = true;
        f.meta_type = text_of(*m, "type");
        f.meta_issuer = text_of(*m, "issuer");
        f.meta_date = text_of(*m, "date");
        f.meta_number = text_of(*m, "number");
        f.meta_dump = m->dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    }
    return f;
}

// The reader's text of "meta" holds the same JSON value as the full parse's.
bool same_meta(const DataFields& got, const InFull& expected) {
    if (got.has_meta != expected.has_meta) return false;
    if (!got.has_meta) return got.meta_text.empty();
    return nlohmann::json::parse(got.meta_text, nullptr, false) ==
           nlohmann::json::parse(expected.meta_dump);
}

std::string show(const DataFields& f) {
    std::ostringstream out;
    out << f.path << '|' << f.name << '|' << f.title << '|' << f.number << '|' << f.format << '|'
        << f.status << '|' << f.date << '|' << f.error << '|' << f.size << '|' << f.has_meta << '|'
        << f.meta_type << '|' << f.meta_issuer << '|' << f.meta_date << '|' << f.meta_number;
    return out.str();
}

// The stored data of every document of the seeds, the proposals and two broken files (whose
// data carries an "error" object), as the indexer writes it.
const std::vector<std::string>& real_data() {
    static const std::vector<std::string> data = [] {
        const vanthu::test::TempDir tmp;
        const fs::path src = VANTHU_SOURCE_DIR;
        const fs::path broken = tmp.path() / "broken";
        fs::create_directories(broken);
        for (const char* name : {"truncated.pdf", "not-a-zip.docx"}) {
            fs::copy_file(src / "corpus/broken" / name, broken / name);
        }
        vanthu::indexer::IndexOptions options;
        options.roots = {src / "corpus/seeds", src / "corpus/proposals", broken};
        options.index_dir = tmp.path() / "index";
        options.jobs = 2;
        options.progress = false;
        std::ostringstream log;
        (void)vanthu::indexer::run_index(options, log);
        std::vector<std::string> out;
        const Xapian::Database db(options.index_dir.string());
        for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
            out.push_back(db.get_document(*it).get_data());
        }
        return out;
    }();
    return data;
}

TEST(DataFields, TheIndexersDataReadsAsInFull) {
    const auto& data = real_data();
    ASSERT_GE(data.size(), 20U);
    std::size_t with_meta = 0;
    std::size_t with_error = 0;
    for (const std::string& d : data) {
        const auto expected = parsed_in_full(d);
        ASSERT_TRUE(expected) << d;
        const auto got = read_data_fields(d);
        ASSERT_TRUE(got) << d;
        EXPECT_EQ(show(*got), show(*expected));
        // Written by nlohmann::json: compact, and "meta" as it would be printed again.
        EXPECT_TRUE(got->compact);
        EXPECT_EQ(got->meta_text, expected->meta_dump);
        EXPECT_FALSE(got->path.empty());
        with_meta += got->has_meta && !got->meta_type.empty() ? 1 : 0;
        with_error += got->error.empty() ? 0 : 1;
    }
    EXPECT_GE(with_meta, 5U);
    EXPECT_EQ(with_error, 2U);
}

TEST(DataFields, AwkwardJsonReadsAsInFull) {
    const std::vector<std::string> cases = {
        R"({})",
        " \n{ \"title\" : \"Kế hoạch\" ,\t\"size\":12 }\r\n",
        R"({"title":"a\"b\\c\/d\n\t\u1ea1\u0110\ud83d\ude00 end"})",
        R"({"title":"first","title":"second"})",
        R"({"title":"text","title":5})",
        R"({"title":["Kế", "hoạch"],"name":{"a":[1,2,{"b":null}]},"path":"/p"})",
        R"({"size":-1})",
        R"({"size":1.5})",
        R"({"size":1e3})",
        R"({"size":0})",
        R"({"size":18446744073709551615})",
        R"({"size":18446744073709551616})",
        R"({"size":-9223372036854775809})",
        R"({"size":1e-999})",
        R"({"size":1.7e308})",
        std::string("{\"size\":") + std::string(300, '7') + "}",
        R"({"size":"12"})",
        R"({"size":true,"status":null})",
        R"({"error":"not an object","meta":[1]})",
        R"({"error":{"message":"hỏng","code":3},"error":{"code":4}})",
        R"({"meta":{"type":"Kế hoạch","citations":[{"number":"1/KH","sentence":"x \"y\""}],)"
        R"("number":"152-KH/TU","issuer":7,"date":"2020-02-26"}})",
        R"({"meta":{"type":"A"},"meta":{"issuer":"B"}})",
        R"({"meta":{"type":"A"},"meta":null})",
    };
    for (const std::string& c : cases) {
        const auto expected = parsed_in_full(c);
        ASSERT_TRUE(expected) << c;
        const auto got = read_data_fields(c);
        ASSERT_TRUE(got) << c;
        EXPECT_EQ(show(*got), show(*expected)) << c;
        EXPECT_TRUE(same_meta(*got, *expected)) << c << " -> " << got->meta_text;
    }
    // White space between tokens anywhere, including inside "meta", is not compact; inside
    // strings it is.
    EXPECT_FALSE(read_data_fields(R"({"meta":{"type": "A"}})")->compact);
    EXPECT_FALSE(read_data_fields(" {\"meta\":{}}")->compact);
    EXPECT_TRUE(read_data_fields(R"({"meta":{"type":"A B"},"title":"x y"})")->compact);
}

// What the reader is not sure of it leaves to the full parser, which mostly rejects it.
TEST(DataFields, AnythingElseIsLeftToTheFullParser) {
    const std::vector<std::string> cases = {
        "",
        "[]",
        "\"text\"",
        R"({"title":"a"} x)",
        R"({"title":"a",})",
        R"({"title":"a")",
        R"({"title":"a\q"})",
        R"({"title":"\ud83d"})",
        R"({"title":"\ude00"})",
        "{\"title\":\"tab\there\"}",
        R"({"size":01})",
        R"({"size":-})",
        R"({"size":tru})",
        // Beyond a double: nlohmann::json refuses the whole text.
        R"({"size":1e999})",
        R"({"size":-2.5E+400,"title":"a"})",
        R"({"size":9990038757600059e8966657})",
        std::string("{\"size\":") + std::string(400, '7') + "}",
        "{\"title\":\"\xC3\x28\"}",
        std::string("{\"a\":") + std::string(200, '[') + std::string(200, ']') + "}",
    };
    for (const std::string& c : cases) EXPECT_FALSE(read_data_fields(c)) << c;
}

// Damaged copies of the real data (cut short, a byte changed or dropped): whenever the reader
// reads one, the full parser reads the same fields.
TEST(DataFields, DamagedDataIsNeverReadDifferently) {
    std::size_t read = 0;
    std::size_t tried = 0;
    for (const std::string& d : real_data()) {
        for (std::size_t at = 0; at < d.size(); at += 1 + d.size() / 40) {
            for (const std::string& damaged :
                 {d.substr(0, at), d.substr(0, at) + d.substr(at + 1),
                  d.substr(0, at) + std::string(1, "\",:{}[]\\0 x"[at % 11]) + d.substr(at + 1)}) {
                ++tried;
                const auto got = read_data_fields(damaged);
                if (!got) continue;
                ++read;
                const auto expected = parsed_in_full(damaged);
                ASSERT_TRUE(expected) << damaged;
                EXPECT_EQ(show(*got), show(*expected)) << damaged;
                EXPECT_TRUE(same_meta(*got, *expected)) << damaged;
            }
        }
    }
    EXPECT_GT(tried, 1000U);
    EXPECT_GT(read, 100U);  // a changed letter inside a string still reads
}

}  // namespace
