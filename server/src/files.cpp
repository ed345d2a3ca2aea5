// Safe file serving and display paths (see files.hpp).
#include "files.hpp"

#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <optional>
#include <system_error>

#include "http.hpp"
#include "vanthu/core/text.hpp"

namespace vanthu::server {
namespace {

namespace fs = std::filesystem;

bool is_folder(std::string_view root) { return !root.empty() && root.back() == '/'; }

// realpath(3); std::nullopt with errno set when it fails.
std::optional<std::string> real_path(const std::string& path) {
    char buffer[PATH_MAX];
    if (::realpath(path.c_str(), buffer) == nullptr) return std::nullopt;
    return std::string(buffer);
}

bool under(const std::string& resolved, std::string_view root, bool folder) {
    if (!folder) return resolved == root;
    std::string prefix(root);
    if (prefix.back() != '/') prefix += '/';
    return resolved.size() > prefix.size() && resolved.compare(0, prefix.size(), prefix) == 0;
}

bool under_a_root(const std::string& resolved, const Roots& roots) {
    for (const std::string& root : roots) {
        const bool folder = is_folder(root);
        // The root itself may have become (or always been) a symlink: compare real paths.
        std::string trimmed = root;
        if (folder && trimmed.size() > 1) trimmed.pop_back();
        const auto real = real_path(trimmed);
        if (real && under(resolved, *real, folder)) return true;
    }
    return false;
}

}  // namespace

Roots parse_roots(std::string_view metadata) {
    Roots out;
    std::size_t start = 0;
    while (start <= metadata.size()) {
        std::size_t end = metadata.find('\n', start);
        if (end == std::string_view::npos) end = metadata.size();
        std::string_view line = metadata.substr(start, end - start);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (!line.empty() && line.front() == '/') out.emplace_back(line);
        start = end + 1;
    }
    return out;
}

Roots roots_from_paths(const std::vector<fs::path>& paths) {
    Roots out;
    for (const auto& p : paths) {
        std::error_code ec;
        fs::path absolute = fs::absolute(p, ec);
        if (ec) continue;
        const fs::path canonical = fs::weakly_canonical(absolute, ec);
        if (!ec) absolute = canonical;
        std::string root = absolute.lexically_normal().string();
        if (fs::is_directory(absolute, ec) && (root.empty() || root.back() != '/')) root += '/';
        out.push_back(std::move(root));
    }
    return out;
}

std::string display_path(const std::string& path, const Roots& roots) {
    const std::string* best = nullptr;
    for (const std::string& root : roots) {
        if (under(path, root, is_folder(root)) && (best == nullptr || root.size() > best->size())) {
            best = &root;
        }
    }
    const std::string name = fs::path(path).filename().string();
    if (best == nullptr) return name;
    if (!is_folder(*best)) return name;
    // "/srv/archive/seeds/" holding "/srv/archive/seeds/a/b.pdf" -> "seeds/a/b.pdf".
    const std::string folder = fs::path(best->substr(0, best->size() - 1)).filename().string();
    const std::string rest = path.substr(best->size());
    return folder.empty() ? rest : folder + "/" + rest;
}

OpenFile::~OpenFile() {
    if (m_fd >= 0) ::close(m_fd);
}

std::shared_ptr<OpenFile> open_served_file(const std::string& path, const Roots& roots) {
    const ApiError gone(404, "not-found", "the file of this document is gone from the disk");
    const ApiError forbidden(403, "forbidden",
                             "the file of this document is not under a served root");
    if (path.empty() || path.front() != '/') throw gone;
    const auto resolved = real_path(path);
    if (!resolved) {
        if (errno == EACCES) throw forbidden;
        throw gone;
    }
    if (!under_a_root(*resolved, roots)) throw forbidden;
    // O_NOFOLLOW: the last component may have been swapped for a symlink since realpath().
    const int fd =
        ::open(resolved->c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd < 0) {
        if (errno == ELOOP || errno == EACCES || errno == EPERM) throw forbidden;
        throw gone;
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        ::close(fd);
        throw gone;
    }
    auto file = std::make_shared<OpenFile>(fd, static_cast<std::uint64_t>(st.st_size));
    if (!S_ISREG(st.st_mode)) throw forbidden;
    // A folder on the way may have been swapped too: what was opened must be what was checked.
    const std::string link = "/proc/self/fd/" + std::to_string(fd);
    char opened[PATH_MAX];
    const ssize_t n = ::readlink(link.c_str(), opened, sizeof opened - 1);
    if (n > 0 && std::string_view(opened, static_cast<std::size_t>(n)) != *resolved) {
        throw forbidden;
    }
    return file;
}

std::string content_type_for(std::string_view format, std::string_view name) {
    std::string f(format);
    if (f.empty()) {
        const auto dot = name.rfind('.');
        if (dot != std::string_view::npos) f = core::lower_text(name.substr(dot + 1));
    }
    if (f == "pdf") return "application/pdf";
    if (f == "docx") {
        return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    }
    if (f == "txt") return "text/plain; charset=utf-8";
    return "application/octet-stream";
}

std::string content_disposition(std::string_view name, bool as_inline) {
    // Browsers that ignore filename* get the name without diacritics ("Kế hoạch.pdf" ->
    // "ke hoach.pdf"); anything still not plain printable ASCII, quotes and backslashes
    // become '_'.
    std::string ascii = core::fold_text(name);
    for (char& c : ascii) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u >= 0x7f || c == '"' || c == '\\') c = '_';
    }
    if (ascii.empty()) ascii = "file";
    return std::string(as_inline ? "inline" : "attachment") + "; filename=\"" + ascii +
           "\"; filename*=UTF-8''" + percent_encode_attr(name);
}

}  // namespace vanthu::server
