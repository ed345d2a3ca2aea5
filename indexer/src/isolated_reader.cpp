#include "vanthu/indexer/isolated_reader.hpp"

#include <system_error>
#include <utility>

#include "process_file.hpp"
#include "worker_process.hpp"

namespace vanthu::indexer {

IsolatedReader::IsolatedReader(Isolation isolation) : m_isolation(std::move(isolation)) {
    if (!m_isolation.worker_program.empty()) {
        m_worker =
            std::make_unique<WorkerProcess>(m_isolation.worker_program, m_isolation.max_memory_mb);
    }
}

IsolatedReader::~IsolatedReader() = default;

ExtractResult IsolatedReader::extract(const std::filesystem::path& file, const Extractor& extractor,
                                      const ExtractLimits& limits) {
    FileInfo info;
    std::error_code ec;
    const std::filesystem::path absolute = std::filesystem::absolute(file, ec);
    info.path = (ec ? file : absolute).string();
    info.format = std::string(extractor.name());
    info.mime_type = std::string(extractor.mime_type());
    if (m_worker && !m_worker->running()) {
        if (auto why = m_worker->start()) {
            m_warning = "warning: " + *why +
                        "; reading files in this process, without the time and memory limits";
            m_worker.reset();
        }
    }
    if (!m_worker) return extract_file(info, extractor, limits);
    m_worker->send(info, limits);
    return m_worker->receive(m_isolation.timeout());
}

std::string IsolatedReader::take_warning() { return std::exchange(m_warning, {}); }

}  // namespace vanthu::indexer
