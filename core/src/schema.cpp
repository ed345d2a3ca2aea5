#include "vanthu/core/schema.hpp"

#include <zlib.h>

#include <cstdint>

namespace vanthu::schema {

namespace {

// Paths up to this length are used as they are, so the id stays readable in `delve` output;
// with the one-byte prefix this keeps well under Xapian's 245-byte term limit.
constexpr std::size_t kMaxPlainUidBytes = 200;

// The first byte of a packed text: what follows.
constexpr char kPackedRaw = 'T';      // the text itself
constexpr char kPackedDeflate = 'Z';  // its length (4 bytes, little-endian), then zlib data
constexpr std::size_t kDeflateHeader = 5;

std::uint64_t fnv1a_64(std::string_view bytes) {
    std::uint64_t hash = 0xcbf29ce484222325ULL;
    for (unsigned char c : bytes) {
        hash ^= c;
        hash *= 0x100000001b3ULL;
    }
    return hash;
}

}  // namespace

std::string uid_term(std::string_view absolute_path) {
    if (absolute_path.size() <= kMaxPlainUidBytes) return term(kPrefixUid, absolute_path);
    static constexpr char kHex[] = "0123456789abcdef";
    std::uint64_t hash = fnv1a_64(absolute_path);
    std::string out = term(kPrefixUid, "#");
    out.resize(out.size() + 16);
    for (std::size_t i = 0; i < 16; ++i) {
        out[out.size() - 1 - i] = kHex[hash & 0xf];
        hash >>= 4;
    }
    return out;
}

std::filesystem::path first_build_dir(const std::filesystem::path& index_dir) {
    std::filesystem::path dir = index_dir;
    // "/srv/index/" names the folder "index" too.
    if (!dir.has_filename() && dir.has_parent_path()) dir = dir.parent_path();
    dir += ".partial";
    return dir;
}

std::string pack_text(std::string_view text) {
    if (text.empty()) return {};
    std::string out;
    if (text.size() <= kMaxStoredText) {
        uLongf room = compressBound(static_cast<uLong>(text.size()));
        out.resize(kDeflateHeader + room);
        const int rc = compress2(reinterpret_cast<Bytef*>(out.data() + kDeflateHeader), &room,
                                 reinterpret_cast<const Bytef*>(text.data()),
                                 static_cast<uLong>(text.size()), Z_BEST_SPEED);
        if (rc == Z_OK && kDeflateHeader + room < 1 + text.size()) {
            out[0] = kPackedDeflate;
            const auto size = static_cast<std::uint32_t>(text.size());
            for (std::size_t i = 0; i < 4; ++i) {
                out[1 + i] = static_cast<char>((size >> (8 * i)) & 0xff);
            }
            out.resize(kDeflateHeader + room);
            return out;
        }
    }
    out.assign(1, kPackedRaw);
    out.append(text);
    return out;
}

std::string unpack_text(std::string_view packed) {
    if (packed.empty()) return {};
    if (packed.front() == kPackedRaw) return std::string(packed.substr(1));
    if (packed.front() != kPackedDeflate || packed.size() < kDeflateHeader) return {};
    std::uint32_t size = 0;
    for (std::size_t i = 0; i < 4; ++i) {
        size |= static_cast<std::uint32_t>(static_cast<unsigned char>(packed[1 + i])) << (8 * i);
    }
    // A length beyond what pack_text() writes is a damaged value, not a request for memory.
    if (size > kMaxStoredText) return {};
    std::string out(size, '\0');
    uLongf got = size;
    const int rc = uncompress(reinterpret_cast<Bytef*>(out.data()), &got,
                              reinterpret_cast<const Bytef*>(packed.data() + kDeflateHeader),
                              static_cast<uLong>(packed.size() - kDeflateHeader));
    if (rc != Z_OK || got != size) return {};
    return out;
}

}  // namespace vanthu::schema
