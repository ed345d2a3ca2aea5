#pragma once
// `vanthu extract`: what the indexer reads from a file, without touching any index. For
// checking a file before archiving it, and for reporting a wrong field with its evidence.
#include <iosfwd>
#include <string>
#include <vector>

#include "vanthu/indexer/isolated_reader.hpp"

namespace vanthu::tools {

// Prints each file's normalised text and the metadata read off it (sidecar applied), the files
// read as `isolation` says. Returns 0 when every file was read, 1 when some could not be, 2 for
// bad usage.
[[nodiscard]] int extract(const std::vector<std::string>& files, bool as_json, bool text_only,
                          const indexer::Isolation& isolation, std::ostream& out,
                          std::ostream& err);

}  // namespace vanthu::tools
