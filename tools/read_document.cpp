#include "read_document.hpp"

#include <string>

namespace vanthu::tools {

FileReading FileReader::read(const std::filesystem::path& file) {
    FileReading r;
    const indexer::Extractor* extractor = m_registry.for_path(file);
    if (extractor == nullptr) {
        r.error = "no extractor for this kind of file";
        return r;
    }
    r.format = std::string(extractor->name());
    const indexer::ExtractResult result = m_reader.extract(file, *extractor, m_limits);
    r.warning = m_reader.take_warning();
    if (!result.ok()) {
        r.error = result.error ? result.error->message : std::string("could not be read");
        return r;
    }
    r.text = m_analyzer.normalize(indexer::join_blocks(*result.document));
    r.meta = indexer::parse_metadata(r.text);
    std::string sidecar_warning;
    if (auto sidecar = indexer::read_sidecar(file, &sidecar_warning)) {
        indexer::apply_sidecar(r.meta, *sidecar);
    }
    if (!sidecar_warning.empty()) {
        r.warning += (r.warning.empty() ? "" : "; ") + sidecar_warning;
    }
    return r;
}

}  // namespace vanthu::tools
