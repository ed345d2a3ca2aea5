// Opening an index and reading stored documents (see stored.hpp).
#include "stored.hpp"

#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <system_error>
#include <utility>

#include "data_fields.hpp"
#include "vanthu/core/schema.hpp"

namespace vanthu::query::detail {
namespace {

std::string json_string(const nlohmann::json& j, const char* key) {
    auto it = j.find(key);
    if (it == j.end() || !it->is_string()) return {};
    return it->get<std::string>();
}

// "20201030" -> "2020-10-30"; anything else -> "".
std::string iso_from_compact(const std::string& compact) {
    if (compact.size() != 8) return {};
    for (char c : compact) {
        if (c < '0' || c > '9') return {};
    }
    return compact.substr(0, 4) + "-" + compact.substr(4, 2) + "-" + compact.substr(6, 2);
}

}  // namespace

Xapian::Database open_index(const std::filesystem::path& index_dir) {
    try {
        std::error_code ec;
        if (!std::filesystem::is_directory(index_dir, ec) ||
            std::filesystem::is_empty(index_dir, ec)) {
            const std::filesystem::path partial = schema::first_build_dir(index_dir);
            if (std::filesystem::is_directory(partial, ec)) {
                throw std::runtime_error(
                    "no index at " + index_dir.string() +
                    " yet: a first `vanthu index` run is writing it in " + partial.string() +
                    " and moves it there when it ends (a run that was "
                    "interrupted is finished by running `vanthu index` again)");
            }
            throw std::runtime_error("no index at " + index_dir.string() +
                                     ": run `vanthu index` first");
        }
        Xapian::Database db;
        try {
            db = Xapian::Database(index_dir.string());
        } catch (const Xapian::DatabaseVersionError& e) {
            throw std::runtime_error("the index at " + index_dir.string() +
                                     " was written by another Xapian version (" + e.get_msg() +
                                     "): run `vanthu index --full` to rebuild it");
        } catch (const Xapian::DatabaseOpeningError&) {
            throw std::runtime_error("no index at " + index_dir.string() +
                                     ": run `vanthu index` first");
        }
        const std::string version = db.get_metadata(std::string(schema::kMetaSchemaKey));
        if (version != schema::kSchemaVersion) {
            throw std::runtime_error(
                "the index at " + index_dir.string() + " was written by " +
                (version.empty() ? std::string("another program or an older vanthu")
                                 : "vanthu schema version " + version) +
                ", this build needs schema version " + std::string(schema::kSchemaVersion) +
                ": run `vanthu index --full` to rebuild it");
        }
        return db;
    } catch (const Xapian::Error& e) {
        throw std::runtime_error("cannot open the index at " + index_dir.string() + ": " +
                                 e.get_description());
    }
}

namespace {

// The fields of the stored data through the full JSON parser, and the "meta" object as
// compact JSON into `meta_json` when given.
DataFields parse_data(const std::string& text, std::string* meta_json) {
    DataFields f;
    const nlohmann::json data = nlohmann::json::parse(text, nullptr, false);
    if (!data.is_object()) return f;
    f.path = json_string(data, "path");
    f.name = json_string(data, "name");
    f.title = json_string(data, "title");
    f.number = json_string(data, "number");
    f.format = json_string(data, "format");
    f.status = json_string(data, "status");
    f.date = json_string(data, "date");
    if (auto e = data.find("error"); e != data.end() && e->is_object()) {
        f.error = json_string(*e, "message");
    }
    if (auto s = data.find("size"); s != data.end() && s->is_number_unsigned()) {
        f.size = s->get<std::uint64_t>();
    }
    if (auto m = data.find("meta"); m != data.end() && m->is_object()) {
        f.has_meta = true;
        f.meta_type = json_string(*m, "type");
        f.meta_issuer = json_string(*m, "issuer");
        f.meta_date = json_string(*m, "date");
        f.meta_number = json_string(*m, "number");
        if (meta_json != nullptr) {
            *meta_json = m->dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        }
    }
    return f;
}

}  // namespace

StoredDocument read_stored(const Xapian::Document& doc, std::string* meta_json) {
    StoredDocument out;
    out.docid = doc.get_docid();
    out.data = doc.get_data();
    // The metadata's text, when asked for, is taken from compact data as it is; from other
    // data it is printed again by the full parser.
    std::optional<DataFields> read = read_data_fields(out.data);
    if (read && meta_json != nullptr && !read->compact) read.reset();
    DataFields f = read ? std::move(*read) : parse_data(out.data, meta_json);
    if (read && meta_json != nullptr && f.has_meta) *meta_json = f.meta_text;
    out.path = std::move(f.path);
    out.name = std::move(f.name);
    out.title = std::move(f.title);
    out.number = std::move(f.number);
    out.format = std::move(f.format);
    out.status = std::move(f.status);
    out.date = std::move(f.date);
    out.error = std::move(f.error);
    out.size = f.size;
    // Values are what facets and sorting use; the metadata is the fallback for data written
    // before the values were.
    out.type = doc.get_value(schema::kSlotType);
    out.issuer = doc.get_value(schema::kSlotIssuer);
    if (out.type.empty()) out.type = f.meta_type;
    if (out.issuer.empty()) out.issuer = f.meta_issuer;
    if (out.date.empty()) out.date = iso_from_compact(doc.get_value(schema::kSlotDate));
    if (out.date.empty()) out.date = f.meta_date;
    if (out.number.empty()) out.number = doc.get_value(schema::kSlotNumber);
    if (out.number.empty()) out.number = f.meta_number;
    if (out.path.empty()) out.path = doc.get_value(schema::kSlotPath);
    if (out.name.empty()) out.name = std::filesystem::path(out.path).filename().string();
    if (out.title.empty()) out.title = out.name;
    if (out.status.empty()) out.status = std::string(schema::kStatusOk);
    if (out.size == 0) {
        const std::string size = doc.get_value(schema::kSlotSize);
        if (!size.empty() && size.find_first_not_of("0123456789") == std::string::npos &&
            size.size() < 20) {
            out.size = std::stoull(size);
        }
    }
    return out;
}

std::optional<Revision> revision_of(const Xapian::Database& db) {
    try {
        Revision r{db.get_uuid(), db.get_revision()};
        if (r.first.empty()) return std::nullopt;
        return r;
    } catch (const Xapian::Error&) {
        return std::nullopt;
    }
}

}  // namespace vanthu::query::detail
