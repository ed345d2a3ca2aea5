#pragma once
// Reading one file the way the indexer does (extractor, join_blocks, normalisation, metadata,
// sidecar), for the commands that look at files outside the index: `extract` and `check`.
#include <filesystem>
#include <string>
#include <utility>

#include "vanthu/core/analyzer.hpp"
#include "vanthu/indexer/extractor.hpp"
#include "vanthu/indexer/isolated_reader.hpp"
#include "vanthu/indexer/metadata.hpp"

namespace vanthu::tools {

struct FileReading {
    std::string error;      // why the file could not be read, one line; empty when it was
    std::string format;     // the extractor that read it: "pdf", "docx", "txt"
    std::string text;       // normalised text, as the indexer stores it
    indexer::DocMeta meta;  // read off the page, sidecar applied
    std::string warning;    // a sidecar problem (the file was still read), or ""
    [[nodiscard]] bool ok() const { return error.empty(); }
};

// Holds the extractors, the analyser and the extraction worker, built once for a run over many
// files. Files are read in the worker when `isolation` names the program, as `vanthu index`
// reads them (time and memory limits, a crash costs the file).
class FileReader {
  public:
    explicit FileReader(indexer::Isolation isolation = {}) : m_reader(std::move(isolation)) {}

    // Never throws for a bad file: every problem with it is FileReading::error.
    [[nodiscard]] FileReading read(const std::filesystem::path& file);

  private:
    indexer::ExtractorRegistry m_registry;
    core::Analyzer m_analyzer;
    indexer::ExtractLimits m_limits;
    indexer::IsolatedReader m_reader;
};

}  // namespace vanthu::tools
