#pragma once
// The indexer's side of one extraction worker: a child process (`PROGRAM extract-worker`) that
// reads files for it, so that a library call that hangs, runs away with memory or crashes
// costs one file and a restart, not the run.
#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "process_file.hpp"

namespace vanthu::indexer {

// Exit status of a worker that ran out of memory outside C++ allocation (a library's malloc
// wrapper that aborts).
inline constexpr int kWorkerExitOutOfMemory = 86;

class WorkerProcess {
  public:
    WorkerProcess(std::filesystem::path program, std::uint64_t max_memory_mb);
    ~WorkerProcess();
    WorkerProcess(const WorkerProcess&) = delete;
    WorkerProcess& operator=(const WorkerProcess&) = delete;

    // Starts the worker unless it runs already; std::nullopt when it runs, else why it cannot.
    [[nodiscard]] std::optional<std::string> start();
    [[nodiscard]] bool running() const { return m_pid > 0; }

    // Asks the worker (which must be running) to extract one file; receive() gives the result.
    // The two are apart so that the worker reads the next file while the caller builds the
    // document of the previous one.
    void send(const FileInfo& file, const ExtractLimits& limits);

    // The result of the file sent last. A file that takes longer than `timeout` (zero: no
    // limit; counted from this call, so the worker always had at least that long), makes the
    // worker use more than its memory limit, or kills it, is an error ("timeout", "memory",
    // "crash"); the worker is then stopped, and start() runs a new one.
    [[nodiscard]] ExtractResult receive(std::chrono::milliseconds timeout);

    // Closes the worker's socket and waits for it to exit (killing it if it does not).
    void stop();

  private:
    [[nodiscard]] bool send_frame(const std::string& payload);
    // Kills the worker (when `kill_it`) and reaps it; returns its wait status.
    int reap(bool kill_it);
    [[nodiscard]] std::uint64_t resident_bytes() const;

    std::filesystem::path m_program;
    std::uint64_t m_max_memory_mb;
    pid_t m_pid = -1;
    int m_fd = -1;
    bool m_send_failed = false;
};

}  // namespace vanthu::indexer
