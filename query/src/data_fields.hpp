#pragma once
// Internal to vanthu_query: the few fields of a document's stored data (JSON, docs/schema.md)
// that a hit shows, read without building the whole JSON value. A page of hits reads ten
// documents' data, and most of each is the metadata's citations with their sentences: parsing
// all of it with nlohmann::json took about 45 µs per document.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace vanthu::query::detail {

struct DataFields {
    std::string path, name, title, number, format, status, date;
    std::string error;  // "error": {"message": …}
    std::uint64_t size = 0;
    bool has_meta = false;  // "meta" is an object
    // "meta": {"type", "issuer", "date", "number"}, the fallbacks for empty values.
    std::string meta_type, meta_issuer, meta_date, meta_number;
    // The text of the "meta" object as stored (a view into the data read); and whether the
    // data is compact JSON (no white space between tokens), as the indexer writes it with
    // nlohmann::json::dump(). In compact data meta_text is what nlohmann::json would print for
    // that object again: the same members, values and escapes, at most in another order when
    // another writer wrote them.
    std::string_view meta_text;
    bool compact = false;
};

// The fields of `data` as nlohmann::json would give them (a string field that is not a
// string reads as ""; of repeated keys the last counts; "size" only as an unsigned integer),
// or std::nullopt when `data` is not a JSON object this reader is sure of (invalid UTF-8, bad
// escapes, anything unexpected): the caller then parses it in full.
[[nodiscard]] std::optional<DataFields> read_data_fields(std::string_view data);

}  // namespace vanthu::query::detail
