#include "process_file.hpp"

#include <sys/stat.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <exception>
#include <new>
#include <stdexcept>
#include <utility>

#include "vanthu/core/schema.hpp"

namespace vanthu::indexer {

namespace {

namespace schema = vanthu::schema;

// The sidecar values, in wire order.
constexpr std::array<std::optional<std::string> Sidecar::*, 9> kSidecarFields = {
    &Sidecar::title, &Sidecar::author, &Sidecar::unit,   &Sidecar::domain, &Sidecar::date,
    &Sidecar::type,  &Sidecar::number, &Sidecar::issuer, &Sidecar::signer};

std::int64_t mtime_ns_of(const struct stat& st) {
    return static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
}

class Writer {
  public:
    void u64(std::uint64_t v) {
        for (int i = 0; i < 8; ++i) m_out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
    }
    void str(std::string_view s) {
        u64(s.size());
        m_out.append(s);
    }
    void opt(const std::optional<std::string>& s) {
        u64(s ? 1 : 0);
        if (s) str(*s);
    }
    [[nodiscard]] std::string take() { return std::move(m_out); }

  private:
    std::string m_out;
};

class Reader {
  public:
    explicit Reader(std::string_view in) : m_in(in) {}
    std::uint64_t u64() {
        need(8);
        std::uint64_t v = 0;
        for (int i = 0; i < 8; ++i) {
            v |= static_cast<std::uint64_t>(static_cast<unsigned char>(m_in[m_at + i])) << (8 * i);
        }
        m_at += 8;
        return v;
    }
    std::string str() {
        const std::uint64_t n = u64();
        need(n);
        std::string s(m_in.substr(m_at, n));
        m_at += n;
        return s;
    }
    std::optional<std::string> opt() {
        if (u64() == 0) return std::nullopt;
        return str();
    }
    void finish() const {
        if (m_at != m_in.size()) throw std::runtime_error("extraction worker: trailing bytes");
    }

  private:
    void need(std::uint64_t n) const {
        if (n > m_in.size() - m_at) throw std::runtime_error("extraction worker: short message");
    }
    std::string_view m_in;
    std::size_t m_at = 0;
};

}  // namespace

Outcome failed_outcome(const FileInfo& file, const DocBuilder& builder, ExtractError error) {
    Outcome out;
    out.uid = schema::uid_term(file.path);
    try {
        out.doc = builder.build_failed(file, error);
        out.has_doc = true;
    } catch (...) {
        // Without a record the file is simply retried next run.
        out.doc = Xapian::Document();
        out.has_doc = false;
    }
    out.failure = Failure{file.path, std::move(error.code), std::move(error.message)};
    return out;
}

ExtractResult extract_file(const FileInfo& file, const Extractor& extractor,
                           const ExtractLimits& limits) {
    try {
        ExtractResult result = extractor.extract(file.path, limits);
        if (!result.ok() && !result.error) {
            return ExtractResult::failure("unknown", "the extractor gave no reason");
        }
        return result;
    } catch (const std::bad_alloc&) {
        return ExtractResult::failure("memory", "ran out of memory while reading");
    } catch (const std::exception& e) {
        return ExtractResult::failure("internal",
                                      std::string("internal error while reading: ") + e.what());
    } catch (const Xapian::Error& e) {
        return ExtractResult::failure("internal",
                                      "internal error while reading: " + e.get_description());
    } catch (...) {
        return ExtractResult::failure("internal",
                                      "internal error while reading: unknown exception");
    }
}

Outcome build_outcome(const FileInfo& file, ExtractResult result, const DocBuilder& builder) {
    // What was read must be what the walker saw: its size and mtime are recorded with the
    // document and decide whether the file is read again.
    struct stat st {};
    if (::stat(file.path.c_str(), &st) != 0) {
        if (errno == ENOENT) {
            // Nothing to record: the next run removes whatever the index still has for it.
            Outcome out;
            out.uid = schema::uid_term(file.path);
            out.failure = Failure{file.path, "vanished", "file disappeared while it was indexed"};
            return out;
        }
    } else if (static_cast<std::uint64_t>(st.st_size) != file.size ||
               mtime_ns_of(st) != file.mtime_ns) {
        // Recorded with the size and mtime seen before reading, so the next run reads it again.
        return failed_outcome(
            file, builder,
            ExtractError{"changed",
                         "file changed while it was read; it is read again on the "
                         "next run"});
    }
    if (!result.ok()) return failed_outcome(file, builder, std::move(*result.error));
    Outcome out;
    out.uid = schema::uid_term(file.path);
    try {
        out.doc = builder.build(file, *result.document);
        out.has_doc = true;
    } catch (const std::bad_alloc&) {
        return failed_outcome(file, builder,
                              ExtractError{"memory", "ran out of memory while indexing"});
    } catch (const std::exception& e) {
        return failed_outcome(
            file, builder,
            ExtractError{"internal", std::string("internal error while indexing: ") + e.what()});
    } catch (const Xapian::Error& e) {
        return failed_outcome(
            file, builder,
            ExtractError{"internal", "internal error while indexing: " + e.get_description()});
    }
    return out;
}

Outcome process_file(const FileInfo& file, const Extractor& extractor, const DocBuilder& builder,
                     const ExtractLimits& limits) {
    return build_outcome(file, extract_file(file, extractor, limits), builder);
}

std::string encode_request(const FileInfo& file, const ExtractLimits& limits) {
    Writer w;
    w.str(file.path);
    w.u64(file.size);
    w.u64(static_cast<std::uint64_t>(file.mtime));
    w.str(file.format);
    w.str(file.mime_type);
    w.u64(static_cast<std::uint64_t>(file.mtime_ns));
    const SidecarLookup& sc = file.sidecar;
    w.u64(sc.sidecar ? 1 : 0);
    if (sc.sidecar) {
        for (auto field : kSidecarFields) w.opt((*sc.sidecar).*field);
        w.str(sc.sidecar->source.string());
    }
    w.str(sc.signature);
    w.u64(sc.warnings.size());
    for (const auto& warning : sc.warnings) w.str(warning);
    w.u64(limits.max_file_bytes);
    w.u64(limits.max_entry_bytes);
    w.u64(limits.max_total_uncompressed);
    w.u64(limits.max_zip_entries);
    w.u64(static_cast<std::uint64_t>(limits.max_pages));
    w.u64(static_cast<std::uint64_t>(limits.max_xml_depth));
    return w.take();
}

void decode_request(std::string_view payload, FileInfo& file, ExtractLimits& limits) {
    Reader r(payload);
    file.path = r.str();
    file.size = r.u64();
    file.mtime = static_cast<std::int64_t>(r.u64());
    file.format = r.str();
    file.mime_type = r.str();
    file.mtime_ns = static_cast<std::int64_t>(r.u64());
    SidecarLookup& sc = file.sidecar;
    sc = SidecarLookup{};
    if (r.u64() != 0) {
        Sidecar sidecar;
        for (auto field : kSidecarFields) sidecar.*field = r.opt();
        sidecar.source = r.str();
        sc.sidecar = std::move(sidecar);
    }
    sc.signature = r.str();
    const std::uint64_t warnings = r.u64();
    for (std::uint64_t i = 0; i < warnings; ++i) sc.warnings.push_back(r.str());
    limits.max_file_bytes = r.u64();
    limits.max_entry_bytes = r.u64();
    limits.max_total_uncompressed = r.u64();
    limits.max_zip_entries = r.u64();
    limits.max_pages = static_cast<int>(r.u64());
    limits.max_xml_depth = static_cast<int>(r.u64());
    r.finish();
}

std::string encode_result(const ExtractResult& result) {
    Writer w;
    w.u64(result.ok() ? 1 : 0);
    if (result.ok()) {
        const Extracted& doc = *result.document;
        w.u64(doc.blocks.size());
        for (const TextBlock& b : doc.blocks) {
            w.u64(static_cast<std::uint64_t>(b.kind));
            w.str(b.text);
            w.u64(static_cast<std::uint64_t>(static_cast<std::int64_t>(b.page)));
            w.u64(static_cast<std::uint64_t>(static_cast<std::int64_t>(b.number)));
        }
        const FileProperties& p = doc.properties;
        w.str(p.title);
        w.str(p.author);
        w.str(p.created);
        w.str(p.modified);
        w.u64(static_cast<std::uint64_t>(static_cast<std::int64_t>(p.pages)));
        w.u64(doc.warnings.size());
        for (const auto& warning : doc.warnings) w.str(warning);
    } else {
        const ExtractError error = result.error.value_or(ExtractError{"unknown", ""});
        w.str(error.code);
        w.str(error.message);
    }
    return w.take();
}

ExtractResult decode_result(std::string_view payload) {
    Reader r(payload);
    ExtractResult result;
    if (r.u64() != 0) {
        Extracted doc;
        const std::uint64_t blocks = r.u64();
        for (std::uint64_t i = 0; i < blocks; ++i) {
            TextBlock b;
            const std::uint64_t kind = r.u64();
            if (kind > static_cast<std::uint64_t>(BlockKind::Comment)) {
                throw std::runtime_error("extraction worker: bad block kind");
            }
            b.kind = static_cast<BlockKind>(kind);
            b.text = r.str();
            b.page = static_cast<int>(static_cast<std::int64_t>(r.u64()));
            b.number = static_cast<int>(static_cast<std::int64_t>(r.u64()));
            doc.blocks.push_back(std::move(b));
        }
        FileProperties& p = doc.properties;
        p.title = r.str();
        p.author = r.str();
        p.created = r.str();
        p.modified = r.str();
        p.pages = static_cast<int>(static_cast<std::int64_t>(r.u64()));
        const std::uint64_t warnings = r.u64();
        for (std::uint64_t i = 0; i < warnings; ++i) doc.warnings.push_back(r.str());
        result.document = std::move(doc);
    } else {
        ExtractError error;
        error.code = r.str();
        error.message = r.str();
        result.error = std::move(error);
    }
    r.finish();
    return result;
}

}  // namespace vanthu::indexer
