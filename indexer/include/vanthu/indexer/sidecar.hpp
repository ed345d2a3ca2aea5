#pragma once
// Sidecars in an indexing run: the registering office's metadata for proposals (author, unit,
// lĩnh vực, title …), kept beside the files in NAME.meta.json or in one manifest.csv per folder.
// The file-level API (read_sidecar, apply_sidecar, is_sidecar_file) is in metadata.hpp; this is
// what index_run needs on top of it: a manifest parsed once per folder, and a signature that
// changes when what a file gets from its sidecars changes.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "vanthu/indexer/metadata.hpp"

namespace vanthu::indexer {

// What a file gets from its sidecars.
struct SidecarLookup {
    // The values: a .meta.json's keys win over its manifest row, key by key. std::nullopt when
    // neither gives the file anything.
    std::optional<Sidecar> sidecar;
    // Stable text that changes whenever the values, their sources or the warnings change; empty
    // when the file has no sidecar and no warning. index_run compares it with the one stored in
    // schema::kSlotSidecar, so that editing a sidecar re-indexes exactly the files it affects.
    std::string signature;
    // One line each, "SIDECAR_PATH: warning: REASON; …ignored": a broken .meta.json, a broken
    // manifest, a value that could not be used (a date that is not a date).
    std::vector<std::string> warnings;
};

// Looks up sidecars for files, parsing each folder's manifest.csv once and again only when its
// size or mtime changes. Not thread-safe: index_run uses one from its walking thread.
class SidecarReader {
  public:
    SidecarReader();
    ~SidecarReader();
    SidecarReader(const SidecarReader&) = delete;
    SidecarReader& operator=(const SidecarReader&) = delete;

    [[nodiscard]] SidecarLookup lookup(const std::filesystem::path& file);

    // How many times a manifest was parsed (tests check that it is once per folder).
    [[nodiscard]] std::size_t manifests_parsed() const { return m_manifests_parsed; }

  private:
    struct Manifest;
    const Manifest& manifest_for(const std::filesystem::path& folder);

    std::map<std::string, std::shared_ptr<const Manifest>> m_manifests;  // by folder path
    std::size_t m_manifests_parsed = 0;
};

// One CSV record: its fields and the line it starts on (1-based), for messages.
struct CsvRecord {
    std::size_t line = 0;
    std::vector<std::string> fields;
};

// RFC 4180 as spreadsheets write it: fields separated by ',' (or by ';' when the first record
// has no ',' but has ';', as Excel does in locales whose decimal mark is ','), quoted fields
// that may hold separators, line breaks and doubled quotes, CRLF, LF or CR line ends, a UTF-8
// BOM skipped. Blank lines are dropped. std::nullopt, with a one-line reason in `error`, when
// a quoted field is never closed.
[[nodiscard]] std::optional<std::vector<CsvRecord>> parse_csv(std::string_view text,
                                                              std::string* error = nullptr);

}  // namespace vanthu::indexer
