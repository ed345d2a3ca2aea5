// Extraction in child processes: the worker loop (`vanthu extract-worker`) and the indexer's
// handle on one worker. They talk over a socket pair in frames (8-byte little-endian length,
// then a payload from process_file.hpp): one request, one answer, in turn.
//
// Why processes: a Poppler call that loops, or a file that makes a library allocate without
// end, cannot be stopped from another thread. A process can be killed. Workers live for the
// whole run (no fork per file) and exec the same binary, so that they start clean: no locks
// held by the indexer's threads, no copy of Xapian's or ICU's state.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string_view>
#include <thread>
#include <vector>

#include "process_file.hpp"
#include "worker_process.hpp"

#if defined(__SANITIZE_ADDRESS__)
#define VANTHU_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define VANTHU_ASAN 1
#endif
#endif

namespace vanthu::indexer {

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr std::string_view kHello = "vanthu-extract-worker 1";
constexpr std::uint64_t kMaxFrame = 1ull << 34;  // a sanity bound, far above any document
// How often a waiting indexer looks at its worker's memory.
constexpr std::chrono::milliseconds kWatchInterval{100};
// A worker that starts slower than this is broken (sanitizer builds start in well under 1 s).
constexpr std::chrono::seconds kStartTimeout{30};
constexpr int kWorkerFd = 3;

std::string memory_limit_message(std::uint64_t max_memory_mb) {
    return "reading it needed more than " + std::to_string(max_memory_mb) +
           " MB of memory (--max-memory); it was stopped";
}

std::string header_of(std::uint64_t n) {
    std::string h(8, '\0');
    for (int i = 0; i < 8; ++i) h[i] = static_cast<char>((n >> (8 * i)) & 0xFF);
    return h;
}

std::uint64_t length_of(std::string_view header) {
    std::uint64_t n = 0;
    for (int i = 0; i < 8; ++i) {
        n |= static_cast<std::uint64_t>(static_cast<unsigned char>(header[i])) << (8 * i);
    }
    return n;
}

// ---- worker side ------------------------------------------------------------------------

bool write_all(int fd, std::string_view data) {
    while (!data.empty()) {
        const ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

// false on end of file or error.
bool read_exact(int fd, char* out, std::size_t size) {
    while (size > 0) {
        const ssize_t n = ::read(fd, out, size);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        out += n;
        size -= static_cast<std::size_t>(n);
    }
    return true;
}

std::optional<std::string> read_frame_blocking(int fd) {
    char header[8];
    if (!read_exact(fd, header, sizeof header)) return std::nullopt;
    const std::uint64_t n = length_of(std::string_view(header, 8));
    if (n > kMaxFrame) return std::nullopt;
    std::string payload(n, '\0');
    if (!read_exact(fd, payload.data(), payload.size())) return std::nullopt;
    return payload;
}

bool write_frame(int fd, std::string_view payload) {
    return write_all(fd, header_of(payload.size())) && write_all(fd, payload);
}

// Pages of address space and of resident memory of process `pid` ("self" or a number).
bool read_statm(const char* path, std::uint64_t& size_pages, std::uint64_t& resident_pages) {
    // Plain system calls and hand parsing: also used from a signal handler.
    const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;
    char buf[128];
    const ssize_t n = ::read(fd, buf, sizeof buf - 1);
    ::close(fd);
    if (n <= 0) return false;
    std::uint64_t values[2] = {0, 0};
    int field = 0;
    for (ssize_t i = 0; i < n && field < 2; ++i) {
        if (buf[i] >= '0' && buf[i] <= '9') {
            values[field] = values[field] * 10 + static_cast<std::uint64_t>(buf[i] - '0');
        } else if (buf[i] == ' ') {
            ++field;
        }
    }
    size_pages = values[0];
    resident_pages = values[1];
    return true;
}

#ifndef VANTHU_ASAN
std::uint64_t g_address_limit = 0;  // bytes, 0: none

// Libraries whose allocation wrapper aborts when malloc fails (Poppler's gmalloc does) die of
// SIGABRT, or of SIGSEGV when they use the null pointer. Near the address-space limit that is
// running out of memory, and the indexer is told so by the exit status.
void on_fatal_signal(int sig) {
    std::uint64_t size = 0;
    std::uint64_t resident = 0;
    const auto page = static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
    if (g_address_limit > 0 && read_statm("/proc/self/statm", size, resident) &&
        size * page + (64ull << 20) >= g_address_limit) {
        ::_exit(kWorkerExitOutOfMemory);
    }
    ::signal(sig, SIG_DFL);
    ::raise(sig);
}

void limit_memory(std::uint64_t max_memory_mb) {
    if (max_memory_mb == 0) return;
    std::uint64_t size = 0;
    std::uint64_t resident = 0;
    if (!read_statm("/proc/self/statm", size, resident)) return;
    const auto page = static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
    g_address_limit = size * page + (max_memory_mb << 20);
    struct rlimit rl {};
    rl.rlim_cur = g_address_limit;
    rl.rlim_max = g_address_limit;
    if (::setrlimit(RLIMIT_AS, &rl) != 0) {
        g_address_limit = 0;
        return;
    }
    // The handler needs its own stack: a stack overflow is one way to get SIGSEGV.
    static std::vector<char> alt_stack(64 * 1024);
    stack_t ss{};
    ss.ss_sp = alt_stack.data();
    ss.ss_size = alt_stack.size();
    ::sigaltstack(&ss, nullptr);
    struct sigaction sa {};
    sa.sa_handler = on_fatal_signal;
    sa.sa_flags = SA_ONSTACK;
    ::sigemptyset(&sa.sa_mask);
    for (const int sig : {SIGABRT, SIGSEGV, SIGBUS}) ::sigaction(sig, &sa, nullptr);
}
#else
// AddressSanitizer reserves terabytes of address space for its shadow memory, so an
// address-space limit would stop it from starting: the indexer's resident-memory watch is
// the only memory limit in sanitizer builds.
void limit_memory(std::uint64_t /*max_memory_mb*/) {}
#endif

}  // namespace

int run_extract_worker(int fd, std::uint64_t max_memory_mb) {
    try {
        limit_memory(max_memory_mb);
        const ExtractorRegistry registry;
        if (!write_frame(fd, kHello)) return 1;
        for (;;) {
            std::optional<std::string> request = read_frame_blocking(fd);
            if (!request) return 0;  // the indexer is done (or gone)
            FileInfo file;
            ExtractLimits limits;
            decode_request(*request, file, limits);
            const Extractor* extractor = nullptr;
            for (const auto& e : registry.all()) {
                if (e->name() == file.format) extractor = e.get();
            }
            ExtractResult result =
                extractor == nullptr
                    ? ExtractResult::failure("internal", "no extractor named " + file.format)
                    : extract_file(file, *extractor, limits);
            // Out of memory here means the address-space limit: say which limit.
            if (result.error && result.error->code == "memory" && max_memory_mb > 0) {
                result.error->message = memory_limit_message(max_memory_mb);
            }
            if (!write_frame(fd, encode_result(result))) return 1;
        }
    } catch (const std::bad_alloc&) {
        return kWorkerExitOutOfMemory;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "vanthu extract-worker: %s\n", e.what());
        return 3;
    }
}

// ---- indexer side -----------------------------------------------------------------------

WorkerProcess::WorkerProcess(fs::path program, std::uint64_t max_memory_mb)
    : m_program(std::move(program)), m_max_memory_mb(max_memory_mb) {}

WorkerProcess::~WorkerProcess() { stop(); }

std::optional<std::string> WorkerProcess::start() {
    if (running()) return std::nullopt;
    int sv[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) {
        return std::string("socketpair: ") + std::strerror(errno);
    }
    // Everything the child needs is prepared before fork(): between fork() and exec() in a
    // threaded process only async-signal-safe calls are allowed.
    std::vector<std::string> args{m_program.string(), "extract-worker", "--max-memory-mb",
                                  std::to_string(m_max_memory_mb)};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    const pid_t parent = ::getpid();
    const pid_t pid = ::fork();
    if (pid < 0) {
        const int err = errno;
        ::close(sv[0]);
        ::close(sv[1]);
        return std::string("fork: ") + std::strerror(err);
    }
    if (pid == 0) {
        // A worker must not outlive the indexer (it would keep reading files for nobody).
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (::getppid() != parent) ::_exit(1);
        if (sv[1] == kWorkerFd) {
            ::fcntl(kWorkerFd, F_SETFD, 0);
        } else if (::dup2(sv[1], kWorkerFd) < 0) {
            ::_exit(127);
        }
        ::dup2(STDERR_FILENO, STDOUT_FILENO);  // stray prints must not reach our stdout
        ::close_range(kWorkerFd + 1, ~0U, 0);
        sigset_t none;
        ::sigemptyset(&none);
        ::sigprocmask(SIG_SETMASK, &none, nullptr);
        ::execv(argv[0], argv.data());
        ::_exit(127);
    }
    ::close(sv[1]);
    m_pid = pid;
    m_fd = sv[0];

    // The worker says hello when it is ready.
    std::string got;
    const auto deadline = Clock::now() + kStartTimeout;
    while (got.size() < 8 + kHello.size()) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        pollfd p{m_fd, POLLIN, 0};
        const int r = left.count() > 0 ? ::poll(&p, 1, static_cast<int>(left.count())) : 0;
        if (r < 0 && errno == EINTR) continue;
        char buf[256];
        const ssize_t n = r > 0 ? ::read(m_fd, buf, sizeof buf) : 0;
        if (n <= 0) {
            const int status = reap(/*kill_it=*/true);
            std::string why =
                r == 0 ? "it did not start within " + std::to_string(kStartTimeout.count()) + " s"
                : WIFEXITED(status) && WEXITSTATUS(status) == 127
                    ? "cannot run " + m_program.string()
                    : "it exited at start-up (status " + std::to_string(status) + ")";
            return "cannot start an extraction worker: " + why;
        }
        got.append(buf, static_cast<std::size_t>(n));
    }
    if (got != header_of(kHello.size()) + std::string(kHello)) {
        reap(/*kill_it=*/true);
        return "cannot start an extraction worker: " + m_program.string() +
               " extract-worker did not answer as expected";
    }
    return std::nullopt;
}

bool WorkerProcess::send_frame(const std::string& payload) {
    return write_all(m_fd, header_of(payload.size())) && write_all(m_fd, payload);
}

int WorkerProcess::reap(bool kill_it) {
    if (m_fd >= 0) {
        ::close(m_fd);
        m_fd = -1;
    }
    int status = 0;
    if (m_pid > 0) {
        if (kill_it) ::kill(m_pid, SIGKILL);
        while (::waitpid(m_pid, &status, 0) < 0 && errno == EINTR) {
        }
        m_pid = -1;
    }
    return status;
}

void WorkerProcess::stop() {
    if (m_pid <= 0) return;
    // End of file tells an idle worker to exit; one that does not is killed.
    ::close(m_fd);
    m_fd = -1;
    for (int i = 0; i < 100; ++i) {
        int status = 0;
        const pid_t r = ::waitpid(m_pid, &status, WNOHANG);
        if (r == m_pid || (r < 0 && errno != EINTR)) {
            m_pid = -1;
            return;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    reap(/*kill_it=*/true);
}

std::uint64_t WorkerProcess::resident_bytes() const {
    const std::string path = "/proc/" + std::to_string(m_pid) + "/statm";
    std::uint64_t size = 0;
    std::uint64_t resident = 0;
    if (!read_statm(path.c_str(), size, resident)) return 0;
    return resident * static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
}

void WorkerProcess::send(const FileInfo& file, const ExtractLimits& limits) {
    m_send_failed = !send_frame(encode_request(file, limits));
}

ExtractResult WorkerProcess::receive(std::chrono::milliseconds timeout) {
    const std::uint64_t max_resident = m_max_memory_mb << 20;
    auto failure = [](std::string code, std::string message) {
        return ExtractResult::failure(std::move(code), std::move(message));
    };
    auto died = [&](int status) {
        if (WIFEXITED(status) && WEXITSTATUS(status) == kWorkerExitOutOfMemory) {
            return failure("memory", memory_limit_message(m_max_memory_mb));
        }
        if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) {
            // Not by us: the kernel's out-of-memory killer is the usual suspect.
            return failure("memory",
                           "the extraction worker was killed by the system while reading it "
                           "(out of memory?)");
        }
        if (WIFSIGNALED(status)) {
            const int sig = WTERMSIG(status);
            const char* name = ::strsignal(sig);
            return failure("crash", "reading it crashed the extractor (signal " +
                                        std::to_string(sig) + ", " +
                                        (name != nullptr ? name : "?") + ")");
        }
        return failure("crash",
                       "the extraction worker exited while reading it (status " +
                           std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : status) + ")");
    };
    auto bad_answer = [&](const std::string& why) {
        reap(/*kill_it=*/true);
        return failure("internal", "the extraction worker sent a bad answer" + why);
    };

    if (m_send_failed) return died(reap(/*kill_it=*/true));
    const auto start = Clock::now();
    std::string buffer;
    std::uint64_t need = 8;
    bool have_header = false;
    for (;;) {
        auto wait = kWatchInterval;
        if (timeout.count() > 0) {
            const auto left = timeout - std::chrono::duration_cast<std::chrono::milliseconds>(
                                            Clock::now() - start);
            if (left.count() <= 0) {
                reap(/*kill_it=*/true);
                char seconds[32];
                std::snprintf(seconds, sizeof seconds, "%g",
                              static_cast<double>(timeout.count()) / 1000.0);
                return failure("timeout", std::string("reading it took longer than ") + seconds +
                                              " s (--timeout); it was stopped");
            }
            wait = std::min(wait, left);
        }
        pollfd p{m_fd, POLLIN, 0};
        const int r = ::poll(&p, 1, static_cast<int>(wait.count()));
        if (r < 0 && errno != EINTR) return died(reap(/*kill_it=*/true));
        if (r > 0) {
            char buf[64 * 1024];
            const ssize_t n = ::read(m_fd, buf, sizeof buf);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) return died(reap(/*kill_it=*/false));
            buffer.append(buf, static_cast<std::size_t>(n));
            if (!have_header && buffer.size() >= 8) {
                need = 8 + length_of(buffer);
                have_header = true;
                if (need - 8 > kMaxFrame) return bad_answer("");
                buffer.reserve(need);
            }
            if (have_header && buffer.size() >= need) {
                if (buffer.size() > need) return bad_answer("");
                try {
                    return decode_result(std::string_view(buffer).substr(8));
                } catch (const std::exception& e) {
                    return bad_answer(std::string(": ") + e.what());
                }
            }
            continue;
        }
        if (max_resident > 0 && resident_bytes() > max_resident) {
            reap(/*kill_it=*/true);
            return failure("memory", memory_limit_message(m_max_memory_mb));
        }
    }
}

}  // namespace vanthu::indexer
