#pragma once
// One file at a time in an extraction worker process, under the time and memory limits of
// `vanthu index` (docs/operations.md), for the commands that read files outside an index
// (`vanthu extract`, `vanthu check`): there too a file that hangs Poppler, runs away with memory
// or crashes it is an error for that file, not a command that never returns.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "vanthu/indexer/extractor.hpp"

namespace vanthu::indexer {

class WorkerProcess;

// The defaults of --timeout and --max-memory, for `vanthu index` as for the other commands.
inline constexpr double kDefaultTimeoutSeconds = 60;
inline constexpr std::uint64_t kDefaultMaxMemoryMb = 2048;

struct Isolation {
    std::filesystem::path worker_program;  // the vanthu binary; empty: read in this process
    double timeout_seconds = kDefaultTimeoutSeconds;    // wall time for one file; 0: no limit
    std::uint64_t max_memory_mb = kDefaultMaxMemoryMb;  // of the worker; 0: no limit

    // The timeout as the worker waits for it (0: no limit).
    [[nodiscard]] std::chrono::milliseconds timeout() const {
        return std::chrono::milliseconds(
            static_cast<std::int64_t>(std::max(0.0, timeout_seconds) * 1000.0));
    }
};

class IsolatedReader {
  public:
    explicit IsolatedReader(Isolation isolation);
    ~IsolatedReader();
    IsolatedReader(const IsolatedReader&) = delete;
    IsolatedReader& operator=(const IsolatedReader&) = delete;

    // Reads `file` with `extractor` (the worker uses its own extractor of the same name). Never
    // throws for a bad file: a limit tripped or a crash is the result's error ("timeout",
    // "memory", "crash"), and the next file gets a new worker. When no worker can be started,
    // the file is read in this process and take_warning() says so, once.
    [[nodiscard]] ExtractResult extract(const std::filesystem::path& file,
                                        const Extractor& extractor, const ExtractLimits& limits);

    // What the caller should tell the user about how files are read, or "" (then cleared).
    [[nodiscard]] std::string take_warning();

  private:
    Isolation m_isolation;
    std::unique_ptr<WorkerProcess> m_worker;  // null: read in this process
    std::string m_warning;
};

}  // namespace vanthu::indexer
