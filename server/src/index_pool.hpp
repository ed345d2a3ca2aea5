#pragma once
// The server's view of the index: one read-only Xapian::Database per worker thread, reopened at
// the latest commit at the start of every request, and one Suggester per index revision shared
// by all threads, rebuilt in the background after a commit.
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include <xapian.h>

#include "http.hpp"
#include "vanthu/query/citations.hpp"
#include "vanthu/query/lookup.hpp"
#include "vanthu/query/search.hpp"
#include "vanthu/query/suggest.hpp"

namespace vanthu::server {

// One worker thread's handles. Used by that thread only.
struct ThreadIndex {
    // `database` is a handle on the index at `index_dir` (the searcher may open a second one,
    // for matching in two threads when the server is otherwise idle).
    ThreadIndex(Xapian::Database database, const std::filesystem::path& index_dir);

    Xapian::Database db;  // the handle below share it: a reopen() here is seen by all
    query::Searcher searcher;
    query::DocumentLookup lookup;
    Xapian::rev revision = 0;
    Xapian::doccount documents = 0;  // shown by the server (secret ones left out when hidden)
    std::string roots;               // the index's "vanthu.roots" metadata at this revision
    bool hide_secret = true;

    // The resolver keeps a map of the own numbers for its lifetime: a new one per revision.
    query::CitationResolver& citations();
    // True when the server must not show `docid` (a secret document, unless --show-secret).
    [[nodiscard]] bool hidden(Xapian::docid docid);

    std::unique_ptr<query::CitationResolver> resolver;
};

struct IndexStats {
    Xapian::rev revision = 0;
    Xapian::doccount documents = 0;
    std::uint64_t reopens = 0;
};

class IndexPool {
  public:
    // Opens the index once to check it (throws std::runtime_error otherwise) and starts
    // building the first Suggester in the background.
    IndexPool(std::filesystem::path index_dir, bool show_secret, Log& log);
    ~IndexPool();
    IndexPool(const IndexPool&) = delete;
    IndexPool& operator=(const IndexPool&) = delete;

    // The calling thread's handles, at the latest commit. Throws IndexUnavailable when the
    // index cannot be opened or reopened.
    ThreadIndex& acquire();

    // The Suggester of the latest revision built so far; null before the first is ready.
    [[nodiscard]] std::shared_ptr<const query::Suggester> suggester() const;

    [[nodiscard]] IndexStats stats() const;
    [[nodiscard]] const std::filesystem::path& index_dir() const { return m_dir; }

  private:
    void refresh(ThreadIndex& t, bool first);
    void want_suggester(Xapian::rev revision);
    void build_suggesters();

    std::filesystem::path m_dir;
    bool m_show_secret;
    Log& m_log;

    mutable std::mutex m_threads_mutex;
    std::unordered_map<std::thread::id, std::unique_ptr<ThreadIndex>> m_threads;

    // Latest revision seen by a request, its document count, and the Suggesters: at most one
    // build at a time, on m_builder; the old Suggester serves meanwhile.
    mutable std::mutex m_state_mutex;
    Xapian::rev m_revision = 0;
    Xapian::doccount m_documents = 0;
    std::atomic<std::uint64_t> m_reopens{0};
    std::shared_ptr<const query::Suggester> m_suggester;
    Xapian::rev m_suggester_revision = 0;
    Xapian::rev m_wanted = 0;                      // newest revision seen by a request
    std::optional<Xapian::rev> m_failed_revision;  // a build failed there: not retried
    bool m_building = false;
    bool m_stopping = false;
    std::thread m_builder;
};

}  // namespace vanthu::server
