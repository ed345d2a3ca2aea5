#pragma once
// One file through extraction and document building, the same in an indexer thread and in an
// extraction worker process, and the wire format between the indexer and its workers.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <xapian.h>

#include "vanthu/indexer/doc_builder.hpp"
#include "vanthu/indexer/extractor.hpp"
#include "vanthu/indexer/index_run.hpp"

namespace vanthu::indexer {

// What extracting one file gives the writer.
struct Outcome {
    std::string uid;
    Xapian::Document doc;
    bool has_doc = false;  // false: nothing to write (no record could be built, file vanished)
    std::optional<Failure> failure;
};

// Extracts `file`. Never throws: whatever goes wrong (including a bug it triggers, or running
// out of memory: "memory") becomes the result's error.
[[nodiscard]] ExtractResult extract_file(const FileInfo& file, const Extractor& extractor,
                                         const ExtractLimits& limits);

// Builds the document of an extracted file, or its failure record. Never throws. A file that
// changed or disappeared while it was read is reported as such ("changed", "vanished"), since
// what was read is not what the walker saw.
[[nodiscard]] Outcome build_outcome(const FileInfo& file, ExtractResult result,
                                    const DocBuilder& builder);

// extract_file() then build_outcome(): one file in this process.
[[nodiscard]] Outcome process_file(const FileInfo& file, const Extractor& extractor,
                                   const DocBuilder& builder, const ExtractLimits& limits);

// The failure outcome for a file whose extraction was stopped from outside (time, memory,
// crash of the worker), with its record so that it is not retried until it changes.
[[nodiscard]] Outcome failed_outcome(const FileInfo& file, const DocBuilder& builder,
                                     ExtractError error);

// Wire format (both directions are frames: 8-byte little-endian length, then the payload). The
// worker only extracts; the indexer's threads build the documents, so that what crosses the
// socket is text (cheap to copy) rather than a serialised Xapian document (costly to decode).
[[nodiscard]] std::string encode_request(const FileInfo& file, const ExtractLimits& limits);
// The decoders throw std::runtime_error on a malformed payload.
void decode_request(std::string_view payload, FileInfo& file, ExtractLimits& limits);
[[nodiscard]] std::string encode_result(const ExtractResult& result);
[[nodiscard]] ExtractResult decode_result(std::string_view payload);

}  // namespace vanthu::indexer
