#pragma once
// `vanthu index`: walk the sources, extract in parallel, write (a first build: one part per
// job, merged at the end; later runs: one writer, in place).
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <string>
#include <vector>

#include "vanthu/indexer/extractor.hpp"
#include "vanthu/indexer/isolated_reader.hpp"

namespace vanthu::indexer {

struct IndexOptions {
    std::vector<std::filesystem::path> roots;  // files or folders
    std::filesystem::path index_dir;
    unsigned jobs = 0;             // 0: hardware concurrency
    bool full = false;             // rebuild the index from scratch
    bool progress = true;          // draw a progress bar when stderr is a terminal
    std::size_t batch_size = 100;  // documents per commit
    bool retry_failed = false;     // read again the unchanged files whose earlier failure stands

    // Per-file limits checked by the extractors (sizes, pages, ZIP entries, XML depth).
    ExtractLimits limits;
    // When `isolation.worker_program` is set, files are read by that many long-lived child
    // processes (`worker_program extract-worker`), one per job, each under the memory limit and
    // stopped after the timeout on one file; a file that trips a limit or crashes its worker is
    // a recorded failure ("timeout", "memory", "crash") and the worker is restarted. Empty:
    // files are read on threads of this process, without time or memory limits.
    Isolation isolation;
};

struct Failure {
    std::string path;
    std::string code;
    std::string message;
};

struct IndexSummary {
    std::size_t seen = 0;          // supported files found under the roots
    std::size_t indexed = 0;       // extracted and written this run (new or changed)
    std::size_t unchanged = 0;     // skipped: same size and mtime as recorded
    std::size_t still_failed = 0;  // unchanged files whose earlier failure stands (not retried)
    std::size_t removed = 0;       // documents whose file is gone
    std::size_t unsupported = 0;   // files with no extractor (ignored)
    std::vector<Failure> failed;   // failed this run
    std::size_t total_docs = 0;    // documents in the index afterwards
};

// The hidden `vanthu extract-worker` command: reads requests from `fd` (a socket to the
// indexer), extracts and builds each file's document, writes the answer back, until the
// indexer closes the socket. `max_memory_mb` (0: none) caps the process's address space above
// its start-up size. Returns the process exit status.
[[nodiscard]] int run_extract_worker(int fd, std::uint64_t max_memory_mb);

// Runs one indexing pass. Per-file problems end up in the summary, never as exceptions;
// throws only when the index itself cannot be used (locked, corrupt, unwritable).
[[nodiscard]] IndexSummary run_index(const IndexOptions& options, std::ostream& log);

// The default index folder: $VANTHU_INDEX, else $XDG_DATA_HOME/vanthu/index (when absolute),
// else $HOME/.local/share/vanthu/index, else ./.vanthu-index.
[[nodiscard]] std::filesystem::path default_index_dir();

}  // namespace vanthu::indexer
