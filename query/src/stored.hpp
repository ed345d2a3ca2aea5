#pragma once
// Internal to vanthu_query: opening an index and reading a stored document, shared by the
// searcher and the look-ups so both report the same fields the same way.
#include <filesystem>
#include <optional>
#include <string>
#include <utility>

#include <xapian.h>

#include "vanthu/query/lookup.hpp"

namespace vanthu::query::detail {

// Opens the index read-only. Throws std::runtime_error saying what to do when there is no
// index there, it was written by another Xapian, or its schema is not this build's.
[[nodiscard]] Xapian::Database open_index(const std::filesystem::path& index_dir);

// The stored fields of `doc`. Data written by another build may be anything: whatever cannot
// be read stays empty, and the path falls back to the value slot.
// `meta`, when given, receives the "meta" object as compact JSON ("" when there is none), so
// that callers who want it do not parse the data a second time.
[[nodiscard]] StoredDocument read_stored(const Xapian::Document& doc, std::string* meta = nullptr);

// Which revision of which database something read from it is of: the UUID (a rebuilt index
// has a new one) and the revision number.
using Revision = std::pair<std::string, Xapian::rev>;

// The revision of `db`; none for several shards or a remote database, which have no single one.
[[nodiscard]] std::optional<Revision> revision_of(const Xapian::Database& db);

}  // namespace vanthu::query::detail
