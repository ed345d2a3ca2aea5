#pragma once
// `vanthu index`: walk the sources, extract in parallel, write with one writer.
#include <cstddef>
#include <filesystem>
#include <iosfwd>
#include <string>
#include <vector>

namespace vanthu::indexer {

struct IndexOptions {
    std::vector<std::filesystem::path> roots;  // files or folders
    std::filesystem::path index_dir;
    unsigned jobs = 0;             // 0: hardware concurrency
    bool full = false;             // rebuild the index from scratch
    bool progress = true;          // draw a progress bar when stderr is a terminal
    std::size_t batch_size = 500;  // documents per commit
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

// Runs one indexing pass. Per-file problems end up in the summary, never as exceptions;
// throws only when the index itself cannot be used (locked, corrupt, unwritable).
[[nodiscard]] IndexSummary run_index(const IndexOptions& options, std::ostream& log);

// The default index folder: $VANTHU_INDEX, else $XDG_DATA_HOME/vanthu/index (when absolute),
// else $HOME/.local/share/vanthu/index, else ./.vanthu-index.
[[nodiscard]] std::filesystem::path default_index_dir();

}  // namespace vanthu::indexer
