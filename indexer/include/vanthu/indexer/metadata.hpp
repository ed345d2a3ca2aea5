#pragma once
// Metadata read off the page of a Vietnamese administrative document (Nghị định
// 30/2020/NĐ-CP layout for state bodies, Hướng dẫn 36-HD/VPTW for Party bodies), plus what a
// sidecar adds for proposals. Pure functions of the text: no file or database access.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace vanthu::indexer {

// A reference to another document: "Kế hoạch số 152-KH/TU, ngày 26/02/2020 của Ban Thường vụ
// Tỉnh ủy về …", "Chỉ thị số 19/CT-TTg ngày 16/7/2021 của Thủ tướng Chính phủ",
// "Quyết định 19/2020/QĐ-UBND".
struct Citation {
    std::string type;    // canonical type name written before the number ("Kế hoạch"), or ""
    std::string number;  // canonical number ("152-KH/TU")
    std::string key;     // DocNumber::key, for look-ups
    std::string date;    // ISO date the citation gives, or ""
    std::string issuer;  // issuer as written after "của" ("Ban Thường vụ Tỉnh ủy"), or ""
    std::string sentence;  // the sentence (or list item) that cites it, trimmed
};

// The signing block: "KT. TRƯỞNG BAN / PHÓ TRƯỞNG BAN / Nguyễn Cảnh".
struct Signature {
    std::string authority;  // "TM.", "KT.", "TL.", "TUQ.", "Q." or "" (as written, e.g. "K/T")
    std::string position;   // "PHÓ TRƯỞNG BAN" (the signer's own position, last position line)
    std::string name;       // "Nguyễn Cảnh"
};

struct DocMeta {
    std::string number;         // own number, canonical ("01-BC/BTC"), or ""
    std::string type;           // canonical type name ("Báo cáo"; "Công văn" for V/v letters)
    std::string type_code;      // "BC", "CV" …, or ""
    std::string issuer;         // issuing unit, header lines joined by a space, as written
    std::string issuer_parent;  // parent body line ("TỈNH ỦY ĐẮK LẮK"), or ""
    std::string place;          // place of issue ("Đắk Lắk")
    std::string date;           // ISO date of issue, or ""
    std::string subject;        // trích yếu; for a công văn the text after "V/v"
    std::vector<std::string> recipients;  // "Nơi nhận" / "Kính gửi" items, dashes removed
    Signature signature;
    std::string secrecy;              // "MẬT", "TỐI MẬT", "TUYỆT MẬT" or ""
    std::string urgency;              // "KHẨN", "THƯỢNG KHẨN", "HỎA TỐC" or ""
    std::vector<std::string> stamps;  // "LƯU HÀNH NỘI BỘ", "XEM XONG TRẢ LẠI"
    std::vector<Citation> citations;  // in text order; the own number is never a citation

    // From a sidecar (proposals); they override what was read off the page.
    std::string title;
    std::string author;
    std::string unit;
    std::string domain;  // lĩnh vực ("kinh tế", "văn hóa - xã hội")

    [[nodiscard]] nlohmann::json to_json() const;
    [[nodiscard]] static DocMeta from_json(const nlohmann::json& j);
};

// Reads every field it can find from a document's normalised text (core::normalize_text of
// join_blocks()). Header blocks may come in any order (PDF columns, DOCX tables, OCR text);
// a field that cannot be found stays empty and is never guessed from unrelated text.
[[nodiscard]] DocMeta parse_metadata(std::string_view text);

// The citations in a normalised text, in order, without the document's own number.
[[nodiscard]] std::vector<Citation> find_citations(std::string_view text,
                                                   std::string_view own_number_key = {});

// Sidecar metadata for a file: NAME.meta.json beside it (NAME = the full file name, e.g.
// "hien-ke-01.pdf.meta.json", or the name without its extension, "hien-ke-01.meta.json"), or
// its row in a manifest.csv in the same folder (columns: file,title,author,unit,field,date;
// header row required, UTF-8, quoted fields allowed). A .meta.json wins over the manifest.
struct Sidecar {
    std::optional<std::string> title, author, unit, domain, date, type, number, issuer, signer;
    std::filesystem::path source;  // the sidecar file that supplied the values
};

// std::nullopt when the file has no sidecar. A sidecar that cannot be read or parsed is
// reported through `warning` (one line) and ignored.
[[nodiscard]] std::optional<Sidecar> read_sidecar(const std::filesystem::path& file,
                                                  std::string* warning = nullptr);

// Applies a sidecar's values over what was read off the page.
void apply_sidecar(DocMeta& meta, const Sidecar& sidecar);

// True for files that are sidecars themselves (never indexed as documents).
[[nodiscard]] bool is_sidecar_file(const std::filesystem::path& file);

}  // namespace vanthu::indexer
