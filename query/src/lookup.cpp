// Document look-ups by docid, path and document number.
#include "vanthu/query/lookup.hpp"

#include <algorithm>
#include <set>
#include <stdexcept>
#include <string>
#include <system_error>
#include <utility>

#include "stored.hpp"
#include "vanthu/core/schema.hpp"

namespace vanthu::query {
namespace {

namespace fs = std::filesystem;

void sort_by_path(std::vector<StoredDocument>& docs) {
    std::sort(docs.begin(), docs.end(), [](const StoredDocument& a, const StoredDocument& b) {
        return a.path != b.path ? a.path < b.path : a.docid < b.docid;
    });
}

}  // namespace

Xapian::Database open_index(const fs::path& index_dir) { return detail::open_index(index_dir); }

const std::vector<std::string>& secrecy_terms() {
    // The values doc_builder's stamp_value() gives the three secrecy stamps.
    static const std::vector<std::string> terms = {
        schema::term(schema::kPrefixSecrecy, "mat"),
        schema::term(schema::kPrefixSecrecy, "toi-mat"),
        schema::term(schema::kPrefixSecrecy, "tuyet-mat"),
    };
    return terms;
}

bool is_secret(const Xapian::Database& db, Xapian::docid docid) {
    for (const std::string& term : secrecy_terms()) {
        auto it = db.postlist_begin(term);
        if (it == db.postlist_end(term)) continue;
        it.skip_to(docid);
        if (it != db.postlist_end(term) && *it == docid) return true;
    }
    return false;
}

struct DocumentLookup::Impl {
    std::string where;  // for messages: the index folder, or "(database)"
    Xapian::Database db;

    template <class F>
    auto retrying(F&& f) -> decltype(f()) {
        try {
            return retry_if_modified(db, std::forward<F>(f));
        } catch (const Xapian::DocNotFoundError&) {
            throw;
        } catch (const Xapian::Error& e) {
            // Xapian errors are not std::exception; main() reports std::runtime_error.
            throw std::runtime_error("cannot read the index at " + where + ": " +
                                     e.get_description());
        }
    }

    // Documents indexed with `term`, not already in `seen`, sorted by path.
    std::vector<StoredDocument> with_term(const std::string& term, std::set<Xapian::docid>& seen) {
        return retrying([&] {
            std::vector<StoredDocument> out;
            for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it) {
                if (seen.insert(*it).second)
                    out.push_back(detail::read_stored(db.get_document(*it)));
            }
            sort_by_path(out);
            return out;
        });
    }
};

DocumentLookup::DocumentLookup(const fs::path& index_dir) : m_impl(std::make_unique<Impl>()) {
    m_impl->where = index_dir.string();
    m_impl->db = detail::open_index(index_dir);
}

DocumentLookup::DocumentLookup(Xapian::Database db) : m_impl(std::make_unique<Impl>()) {
    m_impl->where = "(database)";
    m_impl->db = std::move(db);
}

DocumentLookup::~DocumentLookup() = default;

std::optional<StoredDocument> DocumentLookup::by_docid(Xapian::docid docid) {
    if (docid == 0) return std::nullopt;
    try {
        return m_impl->retrying(
            [&] { return detail::read_stored(m_impl->db.get_document(docid)); });
    } catch (const Xapian::DocNotFoundError&) {
        return std::nullopt;
    }
}

std::optional<StoredDocument> DocumentLookup::by_path(const fs::path& path) {
    // The indexer stores canonical absolute paths; a path typed by hand may be relative or go
    // through a symlink, and a file removed since indexing can only be matched as written.
    std::vector<std::string> candidates;
    std::error_code ec;
    const fs::path canonical = fs::weakly_canonical(path, ec);
    if (!ec) candidates.push_back(canonical.string());
    const fs::path absolute = fs::absolute(path, ec);
    if (!ec) candidates.push_back(absolute.lexically_normal().string());
    candidates.push_back(path.string());
    for (const auto& c : candidates) {
        const std::string term = schema::uid_term(c);
        auto found = m_impl->retrying([&]() -> std::optional<StoredDocument> {
            auto it = m_impl->db.postlist_begin(term);
            if (it == m_impl->db.postlist_end(term)) return std::nullopt;
            return detail::read_stored(m_impl->db.get_document(*it));
        });
        if (found) return found;
    }
    return std::nullopt;
}

NumberDocuments DocumentLookup::by_number(const core::DocNumber& number) {
    NumberDocuments out;
    out.number = number;
    std::set<Xapian::docid> seen;
    auto add = [&](std::vector<StoredDocument>& to, std::string_view prefix,
                   const std::string& key) {
        auto docs = m_impl->with_term(schema::term(prefix, key), seen);
        to.insert(to.end(), docs.begin(), docs.end());
    };
    // Exact keys before folded ones within each group, as in search ranking.
    add(out.carriers, schema::kPrefixOwnNumber, number.key);
    add(out.carriers, schema::kPrefixOwnNumberFolded, number.folded_key);
    add(out.citing, schema::kPrefixCitedNumber, number.key);
    add(out.citing, schema::kPrefixCitedNumberFolded, number.folded_key);
    add(out.mentioning, schema::kPrefixNumber, number.key);
    add(out.mentioning, schema::kPrefixNumberFolded, number.folded_key);
    sort_by_path(out.citing);
    sort_by_path(out.mentioning);
    return out;
}

}  // namespace vanthu::query
