// The one place that knows which extractors this build has.
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <initializer_list>
#include <string>

#include "extractors/file_checks.hpp"
#include "vanthu/indexer/extractor.hpp"

namespace vanthu::indexer {

std::optional<ExtractResult> check_readable_file(const std::filesystem::path& file,
                                                 const ExtractLimits& limits) {
    if (!open_for_reading(file)) return ExtractResult::failure("unreadable", std::strerror(errno));
    std::error_code ec;
    const auto size = std::filesystem::file_size(file, ec);
    if (ec) return ExtractResult::failure("unreadable", ec.message());
    if (size == 0) return ExtractResult::failure("empty", "file is empty");
    if (size > limits.max_file_bytes) {
        return ExtractResult::failure(
            "too-large", "file is larger than " + std::to_string(limits.max_file_bytes) + " bytes");
    }
    return std::nullopt;
}

ExtractorRegistry::ExtractorRegistry() {
    m_all.push_back(make_text_extractor());
#ifdef VANTHU_HAVE_DOCX
    m_all.push_back(make_docx_extractor());
#endif
#ifdef VANTHU_HAVE_PDF
    m_all.push_back(make_pdf_extractor());
#endif
}

const Extractor* ExtractorRegistry::for_path(const std::filesystem::path& file) const {
    std::string ext = file.extension().string();
    if (ext.size() < 2) return nullptr;
    ext.erase(0, 1);
    // ASCII only on purpose: extensions we handle are ASCII, and std::tolower on UTF-8 bytes
    // depends on the locale.
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) {
        return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    });
    for (const auto& extractor : m_all) {
        for (const std::string_view e : extractor->extensions()) {
            if (e == ext) return extractor.get();
        }
    }
    return nullptr;
}

std::string join_blocks(const Extracted& doc) {
    std::string out;
    auto append = [&out](const std::string& text) {
        if (text.empty()) return;
        if (!out.empty()) out += "\n\n";
        out += text;
    };
    // Body first so that positions (and snippets) start with the document's own text; running
    // heads repeat on every page and notes interrupt sentences, so they go last.
    for (const TextBlock& b : doc.blocks) {
        if (b.kind == BlockKind::Body) append(b.text);
    }
    for (const TextBlock& b : doc.blocks) {
        if (b.kind == BlockKind::Header || b.kind == BlockKind::Footer) append(b.text);
    }
    for (const BlockKind kind : {BlockKind::Footnote, BlockKind::Endnote}) {
        for (const TextBlock& b : doc.blocks) {
            if (b.kind != kind) continue;
            append(b.number > 0 ? std::to_string(b.number) + " " + b.text : b.text);
        }
    }
    // Comments are reviewers' remarks, not the document's text: left out on purpose.
    return out;
}

}  // namespace vanthu::indexer
