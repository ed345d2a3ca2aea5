#include "read_document.hpp"

namespace vanthu::tools {

FileReading FileReader::read(const std::filesystem::path& file) const {
    FileReading r;
    const indexer::Extractor* extractor = m_registry.for_path(file);
    if (extractor == nullptr) {
        r.error = "no extractor for this kind of file";
        return r;
    }
    r.format = std::string(extractor->name());
    const indexer::ExtractResult result = extractor->extract(file, m_limits);
    if (!result.ok()) {
        r.error = result.error ? result.error->message : std::string("could not be read");
        return r;
    }
    r.text = m_analyzer.normalize(indexer::join_blocks(*result.document));
    r.meta = indexer::parse_metadata(r.text);
    if (auto sidecar = indexer::read_sidecar(file, &r.warning)) {
        indexer::apply_sidecar(r.meta, *sidecar);
    }
    return r;
}

}  // namespace vanthu::tools
