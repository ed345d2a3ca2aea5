// Per-thread database handles and the shared Suggester (see index_pool.hpp).
#include "index_pool.hpp"

#include <exception>
#include <stdexcept>
#include <string>
#include <utility>

#include "vanthu/core/schema.hpp"

namespace vanthu::server {

ThreadIndex::ThreadIndex(Xapian::Database database, const std::filesystem::path& index_dir)
    : db(std::move(database)), searcher(db, index_dir), lookup(db) {}

query::CitationResolver& ThreadIndex::citations() {
    if (!resolver) resolver = std::make_unique<query::CitationResolver>(db);
    return *resolver;
}

bool ThreadIndex::hidden(Xapian::docid docid) {
    if (!hide_secret) return false;
    return query::retry_if_modified(db, [&] { return query::is_secret(db, docid); });
}

IndexPool::IndexPool(std::filesystem::path index_dir, bool show_secret, Log& log)
    : m_dir(std::move(index_dir)), m_show_secret(show_secret), m_log(log) {
    // Fails here, with the message `vanthu serve` prints, rather than on the first request.
    ThreadIndex probe(query::open_index(m_dir), m_dir);
    probe.hide_secret = !m_show_secret;
    refresh(probe, true);
}

IndexPool::~IndexPool() {
    {
        std::lock_guard lock(m_state_mutex);
        m_stopping = true;
    }
    if (m_builder.joinable()) m_builder.join();
}

ThreadIndex& IndexPool::acquire() {
    const auto id = std::this_thread::get_id();
    ThreadIndex* t = nullptr;
    {
        std::lock_guard lock(m_threads_mutex);
        if (auto it = m_threads.find(id); it != m_threads.end()) t = it->second.get();
    }
    if (t != nullptr) {
        refresh(*t, false);
        return *t;
    }
    std::unique_ptr<ThreadIndex> created;
    try {
        created = std::make_unique<ThreadIndex>(query::open_index(m_dir), m_dir);
    } catch (const std::runtime_error& e) {
        throw IndexUnavailable(e.what());
    }
    created->hide_secret = !m_show_secret;
    refresh(*created, true);
    std::lock_guard lock(m_threads_mutex);
    t = created.get();
    m_threads[id] = std::move(created);
    return *t;
}

void IndexPool::refresh(ThreadIndex& t, bool first) {
    try {
        // Cheap when nothing changed: reads the revision the last commit wrote.
        if (!first) t.db.reopen();
        if (!first && t.db.get_revision() == t.revision) return;
        Xapian::rev revision = 0;
        Xapian::doccount documents = 0;
        std::string roots;
        query::retry_if_modified(t.db, [&] {
            revision = t.db.get_revision();
            documents = t.db.get_doccount();
            if (t.hide_secret) {
                // A document has at most one secrecy stamp (doc_builder writes meta.secrecy).
                for (const std::string& term : query::secrecy_terms()) {
                    const Xapian::doccount n = t.db.get_termfreq(term);
                    documents = n < documents ? documents - n : 0;
                }
            }
            roots = t.db.get_metadata(std::string(schema::kMetaRootsKey));
            return 0;
        });
        t.revision = revision;
        t.documents = documents;
        t.roots = std::move(roots);
        t.resolver.reset();
        if (!first) ++m_reopens;
        {
            std::lock_guard lock(m_state_mutex);
            if (revision >= m_revision) {
                m_revision = revision;
                m_documents = documents;
            }
        }
        want_suggester(revision);
    } catch (const Xapian::Error& e) {
        throw IndexUnavailable("cannot read the index at " + m_dir.string() + ": " +
                               e.get_description());
    }
}

std::shared_ptr<const query::Suggester> IndexPool::suggester() const {
    std::lock_guard lock(m_state_mutex);
    return m_suggester;
}

IndexStats IndexPool::stats() const {
    std::lock_guard lock(m_state_mutex);
    return IndexStats{m_revision, m_documents, m_reopens.load()};
}

void IndexPool::want_suggester(Xapian::rev revision) {
    std::lock_guard lock(m_state_mutex);
    if (revision > m_wanted) m_wanted = revision;
    if (m_building || m_stopping) return;
    if (m_suggester_revision >= m_wanted && m_suggester) return;
    if (m_failed_revision && *m_failed_revision == m_wanted)
        return;                                  // said once; tried again after the next commit
    if (m_builder.joinable()) m_builder.join();  // finished: it cleared m_building
    m_building = true;
    m_builder = std::thread([this] { build_suggesters(); });
}

void IndexPool::build_suggesters() {
    for (;;) {
        std::shared_ptr<const query::Suggester> built;
        Xapian::rev revision = 0;
        std::string error;
        try {
            Xapian::Database db = query::open_index(m_dir);
            revision = db.get_revision();
            built = std::make_shared<const query::Suggester>(
                db, query::SuggestOptions{.hide_secret = !m_show_secret});
        } catch (const std::exception& e) {
            error = e.what();
        } catch (const Xapian::Error& e) {
            error = e.get_description();
        } catch (...) {
            error = "unknown error";
        }
        std::lock_guard lock(m_state_mutex);
        if (built) {
            m_suggester = std::move(built);
            m_suggester_revision = revision;
        } else {
            m_failed_revision = m_wanted;
            m_log.line("vanthu: suggestions unavailable: " + error);
        }
        if (!error.empty() || m_stopping || revision >= m_wanted) {
            m_building = false;
            return;
        }
    }
}

}  // namespace vanthu::server
