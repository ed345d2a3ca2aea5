#include "vanthu/core/schema.hpp"

#include "vanthu/core/analyzer.hpp"

#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <memory>

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

struct TextReader::Impl {
    std::string packed;
    std::unique_ptr<char[]> buffer;  // the whole text's room, filled from the start
    std::size_t size = 0;            // the text's length as the header gives it
    std::size_t have = 0;            // bytes of buffer read so far
    std::string_view raw;            // a text kept as it is (kPackedRaw)
    z_stream stream{};
    bool inflating = false;  // the stream is initialised and not finished

    ~Impl() {
        if (inflating) inflateEnd(&stream);
    }

    void start() {
        if (packed.empty()) return;
        if (packed.front() == kPackedRaw) {
            raw = std::string_view(packed).substr(1);
            return;
        }
        if (packed.front() != kPackedDeflate || packed.size() < kDeflateHeader) return;
        std::uint32_t length = 0;
        for (std::size_t i = 0; i < 4; ++i) {
            length |= static_cast<std::uint32_t>(static_cast<unsigned char>(packed[1 + i]))
                      << (8 * i);
        }
        if (length == 0 || length > kMaxStoredText) return;  // damaged, as unpack_text()
        if (inflateInit(&stream) != Z_OK) return;
        inflating = true;
        size = length;
        buffer.reset(new char[size]);
        stream.next_in = reinterpret_cast<Bytef*>(packed.data() + kDeflateHeader);
        stream.avail_in = static_cast<uInt>(packed.size() - kDeflateHeader);
    }

    // Inflates until `want` bytes are read, the text ends or the data is damaged.
    void fill(std::size_t want) {
        // Small steps cost a call each; a step of at least 4 KiB keeps them few.
        constexpr std::size_t kStep = 4096;
        want = std::min(size, std::max(want, have + kStep));
        while (inflating && have < want) {
            stream.next_out = reinterpret_cast<Bytef*>(buffer.get() + have);
            stream.avail_out = static_cast<uInt>(want - have);
            const int rc = inflate(&stream, Z_SYNC_FLUSH);
            have = want - stream.avail_out;
            if (rc == Z_OK && stream.avail_out == 0) continue;
            // The end of the data, damaged data, or no progress: nothing more to read.
            inflateEnd(&stream);
            inflating = false;
            size = have;
        }
        if (inflating && have == size) {
            inflateEnd(&stream);
            inflating = false;
        }
    }
};

TextReader::TextReader(std::string packed) : m_impl(std::make_unique<Impl>()) {
    m_impl->packed = std::move(packed);
    m_impl->start();
}

TextReader::~TextReader() = default;
TextReader::TextReader(TextReader&&) noexcept = default;
TextReader& TextReader::operator=(TextReader&&) noexcept = default;

std::string_view TextReader::prefix(std::size_t bytes) {
    Impl& d = *m_impl;
    if (!d.raw.empty()) return d.raw.substr(0, bytes);
    if (bytes > d.have) d.fill(bytes);
    return {d.buffer.get(), std::min(bytes, d.have)};
}

std::string_view TextReader::read() const {
    const Impl& d = *m_impl;
    if (!d.raw.empty()) return d.raw;
    return {d.buffer.get(), d.have};
}

namespace {
void assign_pair(std::string& out, std::string_view first, std::string_view second) {
    out.assign(kPrefixPair).append(first).append(1, ' ').append(second);
}
}  // namespace

std::string pair_term(std::string_view first, std::string_view second) {
    std::string t;
    assign_pair(t, first, second);
    return t;
}

Xapian::termpos index_words(const core::Analyzer& analyzer, Xapian::Document& doc,
                            std::string_view text, Xapian::termpos pos) {
    std::string previous;  // the folded word before this one ("" at the start)
    std::string folded;
    std::string pair;  // (buffers reused: a document has many thousand words)
    analyzer.tokenize(text, [&](const core::Token& token) {
        ++pos;
        if (!previous.empty()) {
            assign_pair(pair, previous, token.folded);
            if (pair.size() <= kMaxTermBytes) doc.add_term(pair);
        }
        previous = token.folded;
        if (token.folded == token.exact) {
            if (token.exact.size() <= kMaxTermBytes) doc.add_posting(token.exact, pos);
            return;
        }
        // Positions go to the folded term only (docs/schema.md: "Positions").
        if (token.exact.size() <= kMaxTermBytes) doc.add_term(token.exact);
        folded.assign(kPrefixFolded).append(token.folded);
        if (folded.size() <= kMaxTermBytes) doc.add_posting(folded, pos);
    });
    return pos;
}

}  // namespace vanthu::schema
