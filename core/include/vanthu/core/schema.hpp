#pragma once
// The index schema: every term prefix and value slot used by vanthu, in one place.
// docs/schema.md is the same table in prose; keep them together.
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include <xapian.h>

namespace vanthu::core {
class Analyzer;
}

namespace vanthu::schema {

// Bumped when documents written by an older build can no longer be searched correctly.
inline constexpr std::string_view kSchemaVersion = "4";
inline constexpr std::string_view kMetaSchemaKey = "vanthu.schema";
// The folders (ending in '/') and single files ever given to `vanthu index` for this index,
// absolute and symlink-free, one per line, sorted. Only files under them may be served.
inline constexpr std::string_view kMetaRootsKey = "vanthu.roots";

// Term prefixes. Body words are unprefixed (exact form) so that other Xapian tools see them.
inline constexpr std::string_view kPrefixFolded = "XF";         // folded word, when != exact
inline constexpr std::string_view kPrefixNumber = "XN";         // document number key
inline constexpr std::string_view kPrefixNumberFolded = "XNF";  // folded document number key
inline constexpr std::string_view kPrefixUid = "Q";             // one per source file
inline constexpr std::string_view kPrefixFormat = "XT";         // "pdf", "docx", "txt"
inline constexpr std::string_view kPrefixStatus = "XS";         // "ok", "failed"
inline constexpr std::string_view kPrefixExt = "E";             // file extension, lower case
inline constexpr std::string_view kPrefixPair = "XP";           // two neighbouring folded words

// Metadata read off the page (issue: metadata and search by field).
inline constexpr std::string_view kPrefixOwnNumber = "XO";         // the document's own number key
inline constexpr std::string_view kPrefixOwnNumberFolded = "XOF";  // ... folded
inline constexpr std::string_view kPrefixCitedNumber = "XC";       // a number it cites, key
inline constexpr std::string_view kPrefixCitedNumberFolded = "XCF";
inline constexpr std::string_view kPrefixYear = "XY";       // "2020": year of the document date
inline constexpr std::string_view kPrefixDate = "XD";       // "20201030": document date
inline constexpr std::string_view kPrefixSecrecy = "XM";    // "mat", "toi-mat", "tuyet-mat"
inline constexpr std::string_view kPrefixUrgency = "XW";    // "khan", "thuong-khan", "hoa-toc"
inline constexpr std::string_view kPrefixTypeCode = "XKC";  // type code, case-folded: "kh"

// Text fields: words are indexed like body words (exact form, with positions from 1 within
// the field) under the field's prefix, and their folded form under the prefix + "F" when it
// differs. Field values are analysed like text, so they are accent-insensitive.
struct FieldPrefix {
    std::string_view exact;
    std::string_view folded;
};
inline constexpr FieldPrefix kFieldTitle{"S", "SF"};   // title / subject line (trích yếu)
inline constexpr FieldPrefix kFieldType{"XK", "XKF"};  // type name: "kế hoạch"
inline constexpr FieldPrefix kFieldIssuer{"XI",
                                          "XIF"};  // issuing body + parent, abbreviations expanded
inline constexpr FieldPrefix kFieldSigner{"XG", "XGF"};  // signer's name
inline constexpr FieldPrefix kFieldAuthor{"A", "AF"};    // author (proposals, sidecar)
inline constexpr FieldPrefix kFieldUnit{"XU", "XUF"};    // author's unit (proposals, sidecar)
inline constexpr FieldPrefix kFieldDomain{"XL", "XLF"};  // lĩnh vực (field of a proposal)

inline constexpr std::string_view kStatusOk = "ok";
inline constexpr std::string_view kStatusFailed = "failed";

// Value slots.
enum Slot : Xapian::valueno {
    kSlotMtime = 0,     // file mtime, nanoseconds since the epoch, decimal string
    kSlotSize = 1,      // file size in bytes, decimal string
    kSlotPath = 2,      // absolute source path
    kSlotDate = 3,      // document date YYYYMMDD when known (sortable)
    kSlotText = 4,      // normalised extracted text (capped), packed: pack_text()
    kSlotType = 5,      // canonical type name, "Kế hoạch" (facets)
    kSlotIssuer = 6,    // issuing body as displayed (facets)
    kSlotYear = 7,      // "2020" (facets)
    kSlotDomain = 8,    // lĩnh vực of a proposal (facets)
    kSlotNumber = 9,    // the document's own number, canonical
    kSlotSidecar = 10,  // signature of the sidecar values the document was built with, or empty
};

// Where a first build of the index at `index_dir` is written: beside it, "<index>.partial",
// compacted into `index_dir` when the run ends (docs/operations.md, "A first build").
[[nodiscard]] std::filesystem::path first_build_dir(const std::filesystem::path& index_dir);

// Longest text kept in kSlotText for snippets.
inline constexpr std::size_t kMaxStoredText = 512 * 1024;

// The stored text as kept in kSlotText: deflated (Xapian stores values as they are, and the
// text is most of a document's bytes), or as it is when that is not shorter. unpack_text()
// gives back the text, or "" for a value that is not a packed text.
[[nodiscard]] std::string pack_text(std::string_view text);
[[nodiscard]] std::string unpack_text(std::string_view packed);

// A packed text read from its start, inflated only as far as asked: a snippet or a phrase
// count usually needs the first few KiB of a text of up to kMaxStoredText. prefix(n) gives the
// first n bytes, fewer when the text ends sooner (fewer than asked: that is the whole text).
// A damaged value reads as its text up to the damage (unpack_text() gives "" for it). Views
// stay valid for the reader's lifetime: the text is inflated into one buffer of its full size.
class TextReader {
  public:
    explicit TextReader(std::string packed);
    ~TextReader();
    TextReader(TextReader&&) noexcept;
    TextReader& operator=(TextReader&&) noexcept;
    TextReader(const TextReader&) = delete;
    TextReader& operator=(const TextReader&) = delete;

    [[nodiscard]] std::string_view prefix(std::size_t bytes);
    [[nodiscard]] std::string_view all() { return prefix(kMaxStoredText + 1); }
    // What has been read so far.
    [[nodiscard]] std::string_view read() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

// Xapian's limit on a term's length is 245 bytes; longer unique ids are hashed.
[[nodiscard]] std::string uid_term(std::string_view absolute_path);

// Xapian refuses longer terms (the whole database write fails): such terms are left out.
inline constexpr std::size_t kMaxTermBytes = 245;

// The term of two neighbouring words, from their folded forms: "XP" + first + " " + second
// ("XPvien chuc"). Most Vietnamese words are two syllables, and a pair is found in far fewer
// documents than either of its syllables: long questions are matched and ranked by their
// pairs (docs/query-language.md).
[[nodiscard]] std::string pair_term(std::string_view first, std::string_view second);

// Indexes the words of `text` (a normalize()d string) as body words from position `pos` + 1
// on, and returns the last position used: each word's exact form, its folded form with the
// position (the word itself when the two are the same), and the pair term of each two
// neighbouring words (docs/schema.md).
Xapian::termpos index_words(const core::Analyzer& analyzer, Xapian::Document& doc,
                            std::string_view text, Xapian::termpos pos);

// Builds "prefix + value".
[[nodiscard]] inline std::string term(std::string_view prefix, std::string_view value) {
    std::string t;
    t.reserve(prefix.size() + value.size());
    t.append(prefix);
    t.append(value);
    return t;
}

}  // namespace vanthu::schema
