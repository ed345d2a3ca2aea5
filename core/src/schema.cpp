#include "vanthu/core/schema.hpp"

#include <cstdint>

namespace vanthu::schema {

namespace {

// Paths up to this length are used as they are, so the id stays readable in `delve` output;
// with the one-byte prefix this keeps well under Xapian's 245-byte term limit.
constexpr std::size_t kMaxPlainUidBytes = 200;

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

}  // namespace vanthu::schema
