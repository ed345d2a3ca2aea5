#pragma once
// Reading one file the way the indexer does (extractor, join_blocks, normalisation, metadata,
// sidecar), for the commands that look at files outside the index: `extract` and `check`.
#include <filesystem>
#include <string>

#include "vanthu/core/analyzer.hpp"
#include "vanthu/indexer/extractor.hpp"
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

// Holds the extractors and the analyser, built once for a run over many files.
class FileReader {
  public:
    // Never throws for a bad file: every problem with it is FileReading::error.
    [[nodiscard]] FileReading read(const std::filesystem::path& file) const;

  private:
    indexer::ExtractorRegistry m_registry;
    core::Analyzer m_analyzer;
    indexer::ExtractLimits m_limits;
};

}  // namespace vanthu::tools
