// Document look-ups by docid, path and document number.
#include "vanthu/query/lookup.hpp"

#include <algorithm>
#include <set>
#include <stdexcept>
#include <string>
#include <system_error>

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

struct DocumentLookup::Impl {
    fs::path dir;
    Xapian::Database db;

    // One retry: a writer may commit while we read (Xapian's documented recovery).
    template <class F>
    auto retrying(F&& f) -> decltype(f()) {
        for (int attempt = 0;; ++attempt) {
            try {
                return f();
            } catch (const Xapian::DatabaseModifiedError&) {
                if (attempt > 0) throw;
                db.reopen();
            } catch (const Xapian::DocNotFoundError&) {
                throw;
            } catch (const Xapian::Error& e) {
                // Xapian errors are not std::exception; main() reports std::runtime_error.
                throw std::runtime_error("cannot read the index at " + dir.string() + ": " +
                                         e.get_description());
            }
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
    m_impl->dir = index_dir;
    m_impl->db = detail::open_index(index_dir);
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
