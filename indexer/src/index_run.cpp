#include "vanthu/indexer/index_run.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <xapian.h>
#include <algorithm>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <iomanip>
#include <memory>
#include <mutex>
#include <optional>
#include <ostream>
#include <set>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <unordered_set>

#include "process_file.hpp"
#include "vanthu/core/analyzer.hpp"
#include "vanthu/core/schema.hpp"
#include "vanthu/indexer/doc_builder.hpp"
#include "vanthu/indexer/extractor.hpp"
#include "vanthu/indexer/metadata.hpp"
#include "vanthu/indexer/sidecar.hpp"
#include "worker_process.hpp"

namespace vanthu::indexer {

namespace {

namespace fs = std::filesystem;
namespace schema = vanthu::schema;

// At most this many failures are repeated in the closing list; each one was already printed
// when it happened.
constexpr std::size_t kMaxListedFailures = 20;

struct Task {
    FileInfo info;
    const Extractor* extractor = nullptr;
};

// Bounded so that fast extractors cannot pile up documents faster than the writer commits.
class OutcomeQueue {
  public:
    OutcomeQueue(std::size_t capacity, std::size_t producers)
        : m_capacity(capacity), m_producers(producers) {}

    // False when the run was cancelled: the producer should stop.
    bool push(Outcome outcome) {
        std::unique_lock lock(m_mutex);
        m_not_full.wait(lock, [&] { return m_cancelled || m_items.size() < m_capacity; });
        if (m_cancelled) return false;
        m_items.push_back(std::move(outcome));
        m_not_empty.notify_one();
        return true;
    }

    // std::nullopt once every producer is done and the queue is drained.
    std::optional<Outcome> pop() {
        std::unique_lock lock(m_mutex);
        m_not_empty.wait(lock, [&] { return !m_items.empty() || m_producers == 0; });
        if (m_items.empty()) return std::nullopt;
        Outcome outcome = std::move(m_items.front());
        m_items.pop_front();
        m_not_full.notify_one();
        return outcome;
    }

    void producer_done() {
        std::lock_guard lock(m_mutex);
        --m_producers;
        m_not_empty.notify_all();
    }

    void cancel() {
        std::lock_guard lock(m_mutex);
        m_cancelled = true;
        m_not_full.notify_all();
    }

    [[nodiscard]] bool cancelled() {
        std::lock_guard lock(m_mutex);
        return m_cancelled;
    }

  private:
    std::mutex m_mutex;
    std::condition_variable m_not_full;
    std::condition_variable m_not_empty;
    std::deque<Outcome> m_items;
    std::size_t m_capacity;
    std::size_t m_producers;
    bool m_cancelled = false;
};

// Joins the workers however the writer leaves (including by a database exception), after
// telling them to stop.
class WorkerThreads {
  public:
    explicit WorkerThreads(OutcomeQueue& queue) : m_queue(queue) {}
    WorkerThreads(const WorkerThreads&) = delete;
    WorkerThreads& operator=(const WorkerThreads&) = delete;
    ~WorkerThreads() {
        m_queue.cancel();
        for (auto& t : m_threads) t.join();
    }
    template <class F>
    void start(F&& body) {
        m_threads.emplace_back(std::forward<F>(body));
    }

  private:
    OutcomeQueue& m_queue;
    std::vector<std::thread> m_threads;
};

// "[#####     ] 123/456 files  12.3 files/s" on one terminal line, redrawn at most 10x/s.
class Progress {
  public:
    Progress(std::ostream& out, bool enabled, std::size_t total)
        : m_out(out),
          m_enabled(enabled && total > 0),
          m_total(total),
          m_start(std::chrono::steady_clock::now()) {}
    Progress(const Progress&) = delete;
    Progress& operator=(const Progress&) = delete;
    ~Progress() { clear(); }

    void advance() {
        ++m_done;
        if (!m_enabled) return;
        auto now = std::chrono::steady_clock::now();
        if (m_drawn && m_done < m_total && now - m_last_draw < std::chrono::milliseconds(100)) {
            return;
        }
        m_last_draw = now;
        constexpr std::size_t kWidth = 30;
        std::size_t filled = m_done * kWidth / m_total;
        double seconds = std::chrono::duration<double>(now - m_start).count();
        double rate = seconds > 0 ? static_cast<double>(m_done) / seconds : 0.0;
        std::ostringstream line;
        line << '[' << std::string(filled, '#') << std::string(kWidth - filled, ' ') << "] "
             << m_done << '/' << m_total << " files  " << std::fixed << std::setprecision(1) << rate
             << " files/s";
        std::string text = line.str();
        m_out << '\r' << text;
        if (text.size() < m_width) m_out << std::string(m_width - text.size(), ' ');
        m_out << std::flush;
        m_width = std::max(m_width, text.size());
        m_drawn = true;
    }

    // Before printing a message line, so that it does not end up after the bar.
    void clear() {
        if (!m_drawn) return;
        m_out << '\r' << std::string(m_width, ' ') << '\r' << std::flush;
        m_drawn = false;
    }

  private:
    std::ostream& m_out;
    bool m_enabled;
    std::size_t m_total;
    std::size_t m_done = 0;
    std::size_t m_width = 0;
    bool m_drawn = false;
    std::chrono::steady_clock::time_point m_start;
    std::chrono::steady_clock::time_point m_last_draw;
};

// What walking the roots found.
struct WalkResult {
    std::vector<fs::path> files;
    std::vector<std::string> folder_roots;  // each ends with '/'
    std::vector<std::string> file_roots;
    std::vector<std::string> unreadable;  // folders we could not list, each ending with '/'
    std::vector<Failure> failures;        // links that cannot be followed (loops)
};

std::string with_slash(std::string dir) {
    if (dir.empty() || dir.back() != '/') dir += '/';
    return dir;
}

// Hidden files and folders (".git", ".cache") and Office's "~$name.docx" owner files are
// never documents; following them only produces noise and failures.
bool is_skipped_name(const std::string& name) {
    return name.starts_with('.') || name.starts_with("~$");
}

void walk_folder(const fs::path& root, WalkResult& walk, std::ostream& log) {
    std::vector<fs::path> pending{root};
    while (!pending.empty()) {
        fs::path dir = std::move(pending.back());
        pending.pop_back();
        std::error_code ec;
        fs::directory_iterator it(dir, ec);
        const fs::directory_iterator end;
        if (ec) {
            log << dir.string() << ": warning: cannot read folder (" << ec.message()
                << "); skipped, its documents are kept\n";
            walk.unreadable.push_back(with_slash(dir.string()));
            continue;
        }
        while (it != end) {
            const fs::directory_entry& entry = *it;
            if (!is_skipped_name(entry.path().filename().string())) {
                std::error_code sec;
                fs::file_status own = entry.symlink_status(sec);
                if (!sec && fs::is_symlink(own)) {
                    // File links are followed; folder links are not, since they can loop.
                    fs::file_status target = entry.status(sec);
                    if (!sec && fs::is_regular_file(target)) walk.files.push_back(entry.path());
                    // A link that leads back to itself is reported; one that leads nowhere
                    // is like a file that is not there.
                    if (sec == std::errc::too_many_symbolic_link_levels) {
                        const std::string path = entry.path().string();
                        log << path << ": skipped: symbolic link loop\n";
                        walk.failures.push_back(
                            Failure{path, "symlink-loop", "symbolic link loop"});
                    }
                } else if (!sec && fs::is_directory(own)) {
                    pending.push_back(entry.path());
                } else if (!sec && fs::is_regular_file(own)) {
                    walk.files.push_back(entry.path());
                }
            }
            it.increment(ec);
            if (ec) {
                log << dir.string() << ": warning: stopped reading folder (" << ec.message()
                    << "); its remaining documents are kept\n";
                walk.unreadable.push_back(with_slash(dir.string()));
                break;
            }
        }
    }
}

bool under_any(const std::string& path, const std::vector<std::string>& folders) {
    return std::any_of(folders.begin(), folders.end(),
                       [&](const std::string& f) { return path.starts_with(f); });
}

bool has_term(const Xapian::Document& doc, const std::string& term) {
    Xapian::TermIterator t = doc.termlist_begin();
    t.skip_to(term);
    return t != doc.termlist_end() && *t == term;
}

void print_summary(const IndexSummary& s, const std::string& index_dir, std::ostream& log) {
    if (s.indexed == 0 && s.removed == 0 && s.failed.empty()) {
        if (s.seen == 0) {
            log << "nothing to index: no supported files found";
            if (s.unsupported > 0) log << " (" << s.unsupported << " unsupported)";
            log << "; " << s.total_docs << " documents in " << index_dir << "\n";
            return;
        }
        log << "nothing to do: " << s.unchanged << (s.unchanged == 1 ? " file" : " files")
            << " unchanged";
        if (s.still_failed > 0) {
            log << " (" << s.still_failed << " failed earlier, not retried until they change)";
        }
        log << "\n";
        return;
    }
    log << "indexed " << s.indexed << ", unchanged " << s.unchanged << ", removed " << s.removed
        << ", failed " << s.failed.size();
    if (s.still_failed > 0) log << " (not retried until they change: " << s.still_failed << ")";
    log << ", unsupported " << s.unsupported << "; " << s.total_docs << " documents in "
        << index_dir << "\n";
    std::size_t listed = 0;
    for (const auto& f : s.failed) {
        if (listed++ == kMaxListedFailures) {
            log << "failed: ... and " << s.failed.size() - kMaxListedFailures << " more\n";
            break;
        }
        log << "failed: " << f.path << ": " << f.message << "\n";
    }
}

Xapian::WritableDatabase open_index(const fs::path& dir, bool full) {
    std::error_code ec;
    fs::create_directories(dir.parent_path(), ec);
    if (ec) {
        throw std::runtime_error("cannot create the folder for the index " + dir.string() + ": " +
                                 ec.message());
    }
    try {
        return Xapian::WritableDatabase(
            dir.string(), full ? Xapian::DB_CREATE_OR_OVERWRITE : Xapian::DB_CREATE_OR_OPEN);
    } catch (const Xapian::DatabaseLockError&) {
        throw std::runtime_error("another `vanthu index` is writing to " + dir.string() +
                                 " (the index is locked); wait for it to finish");
    }
}

// Every root this index was ever built from (docs/schema.md, "vanthu.roots"): what the server
// may serve. A root that no longer exists stays listed, like its documents.
void record_roots(Xapian::WritableDatabase& db, const WalkResult& walk, bool& dirty) {
    const std::string key(schema::kMetaRootsKey);
    const std::string old = db.get_metadata(key);
    std::set<std::string> roots;
    std::istringstream lines(old);
    for (std::string line; std::getline(lines, line);) {
        if (!line.empty()) roots.insert(line);
    }
    roots.insert(walk.folder_roots.begin(), walk.folder_roots.end());
    roots.insert(walk.file_roots.begin(), walk.file_roots.end());
    std::string joined;
    for (const auto& r : roots) joined += r + "\n";
    if (joined != old) {
        db.set_metadata(key, joined);
        dirty = true;
    }
}

// A database from another build would be searched with the wrong terms.
void check_schema(Xapian::WritableDatabase& db, const fs::path& dir, bool& dirty) {
    const std::string key(schema::kMetaSchemaKey);
    std::string version = db.get_metadata(key);
    if (version.empty()) {
        if (db.get_doccount() > 0) {
            throw std::runtime_error(dir.string() +
                                     " is not a vanthu index (no schema version); rebuild it with "
                                     "`vanthu index --full`");
        }
        db.set_metadata(key, std::string(schema::kSchemaVersion));
        dirty = true;
    } else if (version != schema::kSchemaVersion) {
        throw std::runtime_error("the index " + dir.string() + " has schema version " + version +
                                 ", this vanthu needs " + std::string(schema::kSchemaVersion) +
                                 "; rebuild it with `vanthu index --full`");
    }
}

// Whether `dir` holds no index yet (missing, or an empty folder).
bool no_index_at(const fs::path& dir) {
    std::error_code ec;
    if (!fs::exists(dir, ec)) return true;
    return fs::is_directory(dir, ec) && fs::is_empty(dir, ec);
}

// A first build's new documents are written by the jobs themselves, each into a database of
// its own (a "part", "<index>.partial/parts/<n>"), and merged by the compaction that ends the
// build. Xapian's writer (its inverter and B-tree updates) then works on every core, instead of
// on one thread that every job waits for (docs/benchmarks.md, "A writer per job"). The ids of
// the new files are fixed beforehand, in the order of their paths, and each part holds one
// interval of them, so the parts merge without renumbering: ids follow the paths as with one
// writer. A run on an existing index writes in place, with this thread as the one writer.
fs::path parts_dir(const fs::path& work) { return work / "parts"; }

std::vector<fs::path> list_parts(const fs::path& work) {
    std::vector<fs::path> parts;
    std::error_code ec;
    for (fs::directory_iterator it(parts_dir(work), ec), end; !ec && it != end; it.increment(ec)) {
        if (it->is_directory(ec)) parts.push_back(it->path());
    }
    std::sort(parts.begin(), parts.end());
    return parts;
}

// Removes the parts folder: renamed first (one step), so that a run killed while deleting leaves
// "parts.removing", which the next run removes, rather than half a part that would be read as
// documents.
void remove_parts(const fs::path& work) {
    const fs::path parts = parts_dir(work);
    fs::path removing = parts;
    removing += ".removing";
    std::error_code ec;
    fs::remove_all(removing, ec);
    if (!fs::exists(parts, ec)) return;
    fs::rename(parts, removing, ec);
    fs::remove_all(ec ? parts : removing, ec);
}

// What a first build killed midway left in its parts is copied into the work database under the
// same ids (so that copying again, after another kill, changes nothing), then the parts are
// removed. A part that cannot be read (killed before its first commit) holds nothing committed:
// its files are simply read again. `discard` (--full): the parts are removed unread.
void take_in_parts(Xapian::WritableDatabase& db, const fs::path& work, bool discard) {
    bool copied = false;
    for (const fs::path& dir : discard ? std::vector<fs::path>{} : list_parts(work)) {
        try {
            const Xapian::Database part(dir.string());
            for (auto p = part.postlist_begin(""); p != part.postlist_end(""); ++p) {
                db.replace_document(*p, part.get_document(*p));
                copied = true;
            }
        } catch (const Xapian::DatabaseError&) {
            continue;  // what was not copied is not in the index: extracted again
        }
    }
    if (copied) db.commit();
    remove_parts(work);
}

// Hands out the files to extract (task indexes, in path order) to the jobs. For a first build
// (`split`), each job starts with an equal interval and takes it in order, and a job that runs
// out takes the second half of the largest interval left: every interval is written into a
// part of its own. Otherwise all the jobs take from one interval, in path order.
class RangeClaims {
  public:
    struct Claim {
        std::size_t task;
        std::size_t range;  // the part the task's document goes to
    };

    RangeClaims(std::size_t tasks, unsigned jobs, bool split) : m_current(jobs, 0) {
        const unsigned ranges = split ? jobs : 1;
        for (unsigned r = 0; r < ranges; ++r) {
            m_ranges.push_back(Range{tasks * r / ranges, tasks * (r + 1) / ranges});
            if (split) m_current[r] = r;
        }
    }

    // std::nullopt: nothing left for anyone.
    std::optional<Claim> next(unsigned job) {
        std::lock_guard lock(m_mutex);
        Range& own = m_ranges[m_current[job]];
        if (own.next < own.end) return Claim{own.next++, m_current[job]};
        std::size_t largest = 0;
        std::size_t left = 0;
        for (std::size_t r = 0; r < m_ranges.size(); ++r) {
            if (m_ranges[r].end - m_ranges[r].next > left) {
                largest = r;
                left = m_ranges[r].end - m_ranges[r].next;
            }
        }
        if (left == 0) return std::nullopt;
        Range& victim = m_ranges[largest];
        const std::size_t middle = victim.next + left / 2;
        const std::size_t end = victim.end;
        victim.end = middle;
        m_ranges.push_back(Range{middle + 1, end});
        m_current[job] = m_ranges.size() - 1;
        return Claim{middle, m_current[job]};
    }

  private:
    struct Range {
        std::size_t next;
        std::size_t end;
    };
    std::mutex m_mutex;
    std::vector<Range> m_ranges;
    std::vector<std::size_t> m_current;  // per job, its range
};

// A job's part: the database of the interval it is writing, committed every `batch` documents.
class PartWriter {
  public:
    PartWriter(const fs::path& dir, std::size_t batch)
        : m_db(dir.string(), Xapian::DB_CREATE_OR_OVERWRITE), m_batch(batch) {}

    void add(Xapian::docid id, const Xapian::Document& doc) {
        m_db.replace_document(id, doc);
        if (++m_uncommitted >= m_batch) {
            m_db.commit();
            m_uncommitted = 0;
        }
    }

    void finish() {
        m_db.commit();
        m_db.close();
    }

  private:
    Xapian::WritableDatabase m_db;
    std::size_t m_batch;
    std::size_t m_uncommitted = 0;
};

// The end of a first build: the database written in `work` and its parts are compacted (every
// B-tree block full, as xapian-compact does) into a fresh folder beside the index, which is then
// renamed into place. Incremental commits leave blocks half full (a 10,000-document build: 134 MB
// written, 94 MB compacted, docs/benchmarks.md). Only a first build is compacted: nobody can
// have the index open yet, whereas swapping the folder of an index a server reads would leave it
// with the old files. The caller keeps its writer open on `work`, so no other run can take it
// meanwhile.
void publish_first_build(const fs::path& work, const fs::path& index_dir) {
    fs::path compacting = work;
    compacting.replace_extension(".compacting");
    std::error_code ec;
    fs::remove_all(compacting, ec);
    try {
        Xapian::Database all(work.string());
        for (const fs::path& part : list_parts(work))
            all.add_database(Xapian::Database(part.string()));
        all.compact(compacting.string(), Xapian::DBCOMPACT_NO_RENUMBER | Xapian::Compactor::FULL);
    } catch (const Xapian::Error& e) {
        fs::remove_all(compacting, ec);
        throw std::runtime_error("cannot compact the new index " + work.string() + " into " +
                                 compacting.string() + ": " + e.get_description() +
                                 " (the documents are kept there; run `vanthu index` again)");
    }
    // rename(2) replaces an empty folder, so an index folder made beforehand is fine.
    fs::rename(compacting, index_dir, ec);
    if (ec) {
        fs::remove_all(compacting, ec);
        throw std::runtime_error("cannot move the new index into " + index_dir.string() + ": " +
                                 ec.message() + " (the documents are kept in " + work.string() +
                                 "; run `vanthu index` again)");
    }
}

// Where a finished first build's work folder goes to be deleted: renamed there first (one
// atomic step), so that a run killed while deleting leaves "<index>.removing", a folder only
// ever made here and removed by the next run, rather than half a database under the name of
// a first build's work folder, which no later run could tell from one to resume.
fs::path removing_dir(const fs::path& work) {
    fs::path removing = work;
    removing.replace_extension(".removing");
    return removing;
}

void discard_first_build(const fs::path& work) {
    const fs::path removing = removing_dir(work);
    std::error_code ec;
    fs::remove_all(removing, ec);
    fs::rename(work, removing, ec);
    fs::remove_all(ec ? work : removing, ec);
}

// A first build killed after its index was moved into place but before its work folder was
// removed leaves that folder behind, a copy of the index: removed when nothing holds it. A
// run killed while removing one leaves "<index>.removing": removed too.
void remove_stale_first_build(const fs::path& index_dir) {
    const fs::path work = schema::first_build_dir(index_dir);
    std::error_code ec;
    fs::remove_all(removing_dir(work), ec);
    if (!fs::is_directory(work, ec)) return;
    try {
        Xapian::WritableDatabase(work.string(), Xapian::DB_OPEN).close();
    } catch (const Xapian::Error&) {
        return;  // locked (being written), or not a database: not ours to remove
    }
    discard_first_build(work);
}

IndexSummary run(const IndexOptions& options, const fs::path& index_dir, std::ostream& log) {
    IndexSummary summary;
    // A first build goes to "<index>.partial" (where an interrupted first build also resumes)
    // and is moved into place at the end: see publish_first_build().
    const bool first_build = no_index_at(index_dir);
    const fs::path work_dir = first_build ? schema::first_build_dir(index_dir) : index_dir;
    Xapian::WritableDatabase db = open_index(work_dir, options.full);
    if (!first_build) remove_stale_first_build(index_dir);
    // The documents a first build killed midway left in its parts (see parts_dir()).
    if (first_build) take_in_parts(db, work_dir, options.full);
    bool dirty = false;  // commit only real changes: an unchanged run keeps the revision
    check_schema(db, index_dir, dirty);

    // Roots. A missing root is reported but never removes documents: it may be an unmounted
    // drive rather than deleted files.
    WalkResult walk;
    for (const auto& root : options.roots) {
        std::error_code ec;
        fs::path abs = fs::canonical(root, ec);
        std::string message;
        if (ec) {
            message = ec == std::errc::no_such_file_or_directory ? "no such file or folder"
                                                                 : ec.message();
        } else if (fs::is_directory(abs, ec)) {
            walk.folder_roots.push_back(with_slash(abs.string()));
            walk_folder(abs, walk, log);
            continue;
        } else if (fs::is_regular_file(abs, ec)) {
            walk.file_roots.push_back(abs.string());
            walk.files.push_back(abs);
            continue;
        } else {
            message = "not a file or folder";
        }
        log << root.string() << ": skipped: " << message << "\n";
        summary.failed.push_back(Failure{root.string(), "not-found", message});
    }
    std::sort(walk.files.begin(), walk.files.end());
    for (auto& f : walk.failures) summary.failed.push_back(std::move(f));
    record_roots(db, walk, dirty);

    // Decide what needs extracting.
    const ExtractorRegistry registry;
    SidecarReader sidecars;                  // one manifest parse per folder
    std::unordered_set<std::string> warned;  // a broken manifest is reported once, not per file
    std::unordered_set<std::string> seen;
    std::vector<Task> tasks;
    std::vector<Xapian::docid> replaced;  // a first build's older versions of changed files
    const std::string failed_term = schema::term(schema::kPrefixStatus, schema::kStatusFailed);
    for (const auto& file : walk.files) {
        // Sidecars are read with the documents they describe; they are neither documents nor
        // "unsupported" files.
        if (is_sidecar_file(file)) continue;
        const Extractor* extractor = registry.for_path(file);
        if (extractor == nullptr) {
            ++summary.unsupported;
            continue;
        }
        std::string path = file.string();
        std::string uid = schema::uid_term(path);
        if (!seen.insert(uid).second) continue;  // reached through two overlapping roots
        ++summary.seen;
        struct stat st {};
        if (::stat(path.c_str(), &st) != 0) {
            std::string message = std::strerror(errno);
            log << path << ": skipped: " << message << "\n";
            summary.failed.push_back(Failure{path, "stat", message});
            continue;
        }
        FileInfo info;
        info.path = path;
        info.size = static_cast<std::uint64_t>(st.st_size);
        info.mtime = static_cast<std::int64_t>(st.st_mtime);
        info.format = std::string(extractor->name());
        info.mime_type = std::string(extractor->mime_type());
        info.mtime_ns =
            static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
        info.sidecar = sidecars.lookup(file);
        Xapian::PostingIterator p = db.postlist_begin(uid);
        if (p != db.postlist_end(uid)) {
            Xapian::Document old = db.get_document(*p);
            // The sidecar signature covers the values the file gets, so an edited manifest
            // re-indexes the files whose rows changed and leaves the others alone.
            if (old.get_value(schema::kSlotSize) == std::to_string(info.size) &&
                old.get_value(schema::kSlotMtime) == std::to_string(info.mtime_ns) &&
                old.get_value(schema::kSlotSidecar) == info.sidecar.signature) {
                const bool failed = has_term(old, failed_term);
                // --retry-failed: after raising a limit, or when a timeout was bad luck.
                if (!(failed && options.retry_failed)) {
                    ++summary.unchanged;
                    if (failed) ++summary.still_failed;
                    continue;
                }
            }
            // The new version gets a new id in a part (a first build), so the old one goes.
            if (first_build) replaced.push_back(*p);
        }
        // Like failures, sidecar warnings are recorded in the document (data "sidecar") and
        // said again only when something changes.
        for (const auto& warning : info.sidecar.warnings) {
            if (warned.insert(warning).second) log << warning << "\n";
        }
        tasks.push_back(Task{std::move(info), extractor});
    }

    // Files gone from under this run's roots (not from unreadable folders).
    if (!walk.folder_roots.empty() || !walk.file_roots.empty()) {
        std::vector<Xapian::docid> gone;
        const std::string uid_prefix(schema::kPrefixUid);
        for (auto t = db.allterms_begin(uid_prefix); t != db.allterms_end(uid_prefix); ++t) {
            if (seen.count(*t) != 0) continue;
            Xapian::PostingIterator p = db.postlist_begin(*t);
            if (p == db.postlist_end(*t)) continue;
            std::string path = db.get_document(*p).get_value(schema::kSlotPath);
            bool in_run = under_any(path, walk.folder_roots) ||
                          std::find(walk.file_roots.begin(), walk.file_roots.end(), path) !=
                              walk.file_roots.end();
            if (in_run && !under_any(path, walk.unreadable)) gone.push_back(*p);
        }
        for (Xapian::docid id : gone) db.delete_document(id);
        summary.removed = gone.size();
        if (!gone.empty()) dirty = true;
    }
    for (Xapian::docid id : replaced) db.delete_document(id);
    if (!replaced.empty()) dirty = true;

    // A first build's jobs write parts of their own; that starts from what is committed here,
    // so that no part ever holds a file whose older version a kill would leave in this database.
    const bool write_parts = first_build && !tasks.empty();
    if (write_parts && dirty) db.commit();
    const Xapian::docid first_id = db.get_lastdocid() + 1;

    // Extract in parallel. A first build's jobs write their parts; otherwise this thread writes.
    std::size_t in_parts = 0;  // documents written into parts
    if (!tasks.empty()) {
        unsigned jobs = options.jobs != 0 ? options.jobs : std::thread::hardware_concurrency();
        jobs = std::max(1u, jobs);
        jobs = static_cast<unsigned>(std::min<std::size_t>(jobs, tasks.size()));
        const std::size_t batch = std::max<std::size_t>(1, options.batch_size);

        const core::Analyzer analyzer;
        const DocBuilder builder(analyzer);
        const ExtractLimits& limits = options.limits;
        const auto timeout = options.isolation.timeout();

        // One worker process per job when isolation is on; the threads below drive them.
        std::vector<std::unique_ptr<WorkerProcess>> pool;
        if (!options.isolation.worker_program.empty()) {
            for (unsigned j = 0; j < jobs; ++j) {
                pool.push_back(std::make_unique<WorkerProcess>(options.isolation.worker_program,
                                                               options.isolation.max_memory_mb));
                if (auto why = pool.back()->start()) {
                    log << "warning: " << *why
                        << "; reading files in this process, without the time and memory "
                           "limits\n";
                    pool.clear();
                    break;
                }
            }
        }
        std::mutex warn_mutex;
        std::vector<std::string> warnings;  // printed by the writer, between outcomes

        RangeClaims claims(tasks.size(), jobs, write_parts);
        const fs::path parts = parts_dir(work_dir);
        if (write_parts) fs::create_directories(parts);
        std::mutex error_mutex;
        std::exception_ptr write_error;  // the first part that could not be written
        OutcomeQueue queue(4 * static_cast<std::size_t>(jobs), jobs);
        Progress progress(log, options.progress && ::isatty(STDERR_FILENO) == 1, tasks.size());
        {
            WorkerThreads workers(queue);
            for (unsigned j = 0; j < jobs; ++j) {
                WorkerProcess* worker = pool.empty() ? nullptr : pool[j].get();
                workers.start([&, worker, j] {
                    bool isolated = worker != nullptr;
                    auto claim = [&]() -> std::optional<RangeClaims::Claim> {
                        if (queue.cancelled()) return std::nullopt;
                        return claims.next(j);
                    };
                    // This job's part: the database of the range it is writing.
                    std::optional<PartWriter> part;
                    std::size_t part_range = 0;
                    auto write = [&](const RangeClaims::Claim& c, Outcome& outcome) {
                        if (!part || part_range != c.range) {
                            if (part) part->finish();  // its range's files are all written
                            part.emplace(parts / std::to_string(c.range), batch);
                            part_range = c.range;
                        }
                        part->add(first_id + static_cast<Xapian::docid>(c.task), outcome.doc);
                        outcome.doc = Xapian::Document();  // the writer only reports it
                    };
                    // Hands file `i` to the worker; false: read it in this thread instead.
                    auto send = [&](std::size_t i) {
                        if (isolated && !worker->running()) {
                            // The last file killed it (or was stopped): a new one takes over.
                            if (auto why = worker->start()) {
                                std::lock_guard lock(warn_mutex);
                                warnings.push_back("warning: " + *why +
                                                   "; reading files in this process, without "
                                                   "the time and memory limits");
                                isolated = false;
                            }
                        }
                        if (isolated) worker->send(tasks[i].info, limits);
                        return isolated;
                    };
                    try {
                        std::optional<RangeClaims::Claim> current = claim();
                        bool current_sent = current && send(current->task);
                        while (current) {
                            const Task& task = tasks[current->task];
                            ExtractResult result =
                                current_sent ? worker->receive(timeout)
                                             : extract_file(task.info, *task.extractor, limits);
                            // The worker reads the next file while this thread builds and
                            // writes the document.
                            const std::optional<RangeClaims::Claim> following = claim();
                            const bool following_sent = following && send(following->task);
                            Outcome outcome = build_outcome(task.info, std::move(result), builder);
                            if (write_parts && outcome.has_doc) write(*current, outcome);
                            if (!queue.push(std::move(outcome))) break;
                            current = following;
                            current_sent = following_sent;
                        }
                        if (part) part->finish();
                    } catch (...) {
                        // A part that cannot be written (disk full): the run stops, and the
                        // next one takes in what was committed.
                        std::lock_guard lock(error_mutex);
                        if (!write_error) write_error = std::current_exception();
                        queue.cancel();
                    }
                    queue.producer_done();
                });
            }
            std::size_t uncommitted = 0;
            while (auto out = queue.pop()) {
                {
                    std::lock_guard lock(warn_mutex);
                    for (const auto& w : warnings) {
                        progress.clear();
                        log << w << "\n";
                    }
                    warnings.clear();
                }
                if (out->has_doc && write_parts) {
                    ++in_parts;
                } else if (out->has_doc) {
                    db.replace_document(out->uid, out->doc);
                    dirty = true;
                    ++uncommitted;
                }
                if (out->failure) {
                    progress.clear();
                    log << out->failure->path << ": skipped: " << out->failure->message << "\n";
                    summary.failed.push_back(std::move(*out->failure));
                } else {
                    ++summary.indexed;
                }
                progress.advance();
                if (uncommitted >= batch) {
                    db.commit();
                    uncommitted = 0;
                }
            }
        }
        if (write_error) std::rethrow_exception(write_error);
    }

    if (dirty) db.commit();
    summary.total_docs = db.get_doccount() + in_parts;
    std::sort(summary.failed.begin(), summary.failed.end(),
              [](const Failure& a, const Failure& b) { return a.path < b.path; });
    if (first_build) {
        publish_first_build(work_dir, index_dir);
        db.close();
        discard_first_build(work_dir);
    }
    print_summary(summary, index_dir.string(), log);
    return summary;
}

}  // namespace

IndexSummary run_index(const IndexOptions& options, std::ostream& log) {
    fs::path index_dir = options.index_dir.empty() ? default_index_dir() : options.index_dir;
    index_dir = fs::absolute(index_dir).lexically_normal();
    try {
        return run(options, index_dir, log);
    } catch (const Xapian::Error& e) {
        // Xapian's exceptions are not std::exceptions; main() only knows the latter.
        throw std::runtime_error("index " + index_dir.string() + ": " + e.get_description());
    }
}

fs::path default_index_dir() {
    auto env = [](const char* name) -> std::string {
        const char* value = std::getenv(name);
        return value != nullptr ? std::string(value) : std::string();
    };
    if (std::string dir = env("VANTHU_INDEX"); !dir.empty()) return dir;
    // The XDG spec says relative values are invalid and must be ignored.
    if (std::string dir = env("XDG_DATA_HOME"); !dir.empty() && dir.front() == '/') {
        return fs::path(dir) / "vanthu" / "index";
    }
    if (std::string home = env("HOME"); !home.empty()) {
        return fs::path(home) / ".local" / "share" / "vanthu" / "index";
    }
    return fs::path(".vanthu-index");
}

}  // namespace vanthu::indexer
