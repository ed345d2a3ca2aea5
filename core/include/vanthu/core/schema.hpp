#pragma once
// The index schema: every term prefix and value slot used by vanthu, in one place.
// docs/schema.md is the same table in prose; keep them together.
#include <string>
#include <string_view>

#include <xapian.h>

namespace vanthu::schema {

// Bumped when documents written by an older build can no longer be searched correctly.
inline constexpr std::string_view kSchemaVersion = "1";
inline constexpr std::string_view kMetaSchemaKey = "vanthu.schema";

// Term prefixes. Body words are unprefixed (exact form) so that other Xapian tools see them.
inline constexpr std::string_view kPrefixFolded = "XF";         // folded word, when != exact
inline constexpr std::string_view kPrefixNumber = "XN";         // document number key
inline constexpr std::string_view kPrefixNumberFolded = "XNF";  // folded document number key
inline constexpr std::string_view kPrefixUid = "Q";             // one per source file
inline constexpr std::string_view kPrefixFormat = "XT";         // "pdf", "docx", "txt"
inline constexpr std::string_view kPrefixStatus = "XS";         // "ok", "failed"
inline constexpr std::string_view kPrefixExt = "E";             // file extension, lower case

inline constexpr std::string_view kStatusOk = "ok";
inline constexpr std::string_view kStatusFailed = "failed";

// Value slots.
enum Slot : Xapian::valueno {
    kSlotMtime = 0,  // file mtime, nanoseconds since the epoch, decimal string
    kSlotSize = 1,   // file size in bytes, decimal string
    kSlotPath = 2,   // absolute source path
    kSlotDate = 3,   // document date YYYYMMDD when known (sortable)
    kSlotText = 4,   // normalised extracted text (capped), for snippets
};

// Longest text kept in kSlotText for snippets.
inline constexpr std::size_t kMaxStoredText = 512 * 1024;

// Xapian's limit on a term's length is 245 bytes; longer unique ids are hashed.
[[nodiscard]] std::string uid_term(std::string_view absolute_path);

// Builds "prefix + value".
[[nodiscard]] inline std::string term(std::string_view prefix, std::string_view value) {
    std::string t;
    t.reserve(prefix.size() + value.size());
    t.append(prefix);
    t.append(value);
    return t;
}

}  // namespace vanthu::schema
