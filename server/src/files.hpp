#pragma once
// Serving original files safely: only regular files that are, with every symlink resolved,
// under one of the served roots; and showing paths relative to those roots, never absolute.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace vanthu::server {

// A served root: an absolute path; a folder ends in '/', anything else is a single file.
using Roots = std::vector<std::string>;

// The roots of the index metadata "vanthu.roots" (one per line; blank lines ignored).
[[nodiscard]] Roots parse_roots(std::string_view metadata);

// The roots given with --root: made absolute, symlinks resolved when they exist, folders
// marked with a trailing '/'.
[[nodiscard]] Roots roots_from_paths(const std::vector<std::filesystem::path>& paths);

// `path` as shown to clients: relative to the root holding it (the innermost), prefixed by the
// root's folder name ("seeds/000.pdf"); just the file name when no root holds it.
[[nodiscard]] std::string display_path(const std::string& path, const Roots& roots);

// An open file, closed when the last reference goes.
class OpenFile {
  public:
    OpenFile(int fd, std::uint64_t size) : m_fd(fd), m_size(size) {}
    ~OpenFile();
    OpenFile(const OpenFile&) = delete;
    OpenFile& operator=(const OpenFile&) = delete;
    [[nodiscard]] int fd() const { return m_fd; }
    [[nodiscard]] std::uint64_t size() const { return m_size; }

  private:
    int m_fd;
    std::uint64_t m_size;
};

// Opens the file at `path` (as stored in the index) for reading. Throws ApiError: 404 when it
// is gone or unreadable, 403 when it is not a regular file under a root once every symlink is
// resolved (roots resolved too), or when it was swapped for a symlink after that check.
[[nodiscard]] std::shared_ptr<OpenFile> open_served_file(const std::string& path,
                                                         const Roots& roots);

// Content-Type by the document's format ("pdf", "docx", "txt"), else by the name's extension.
[[nodiscard]] std::string content_type_for(std::string_view format, std::string_view name);

// `attachment; filename="ascii"; filename*=UTF-8''…` (`inline` instead when asked).
[[nodiscard]] std::string content_disposition(std::string_view name, bool as_inline);

}  // namespace vanthu::server
