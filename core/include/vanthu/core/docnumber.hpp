#pragma once
// Vietnamese document numbers ("số, ký hiệu"): 152-KH/TU, 461/KH-UBND, 91/2017/NĐ-CP,
// 22/2003/QH11, 12/UBND-VX ... See docs/schema.md and ../shared/docs/domain.md.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vanthu::core {

enum class NumberFamily {
    State,  // N/TYPE-ISSUER, N/ISSUER-UNIT (công văn), N/YYYY/TYPE-ISSUER, N/YYYY/QHnn
    Party,  // N-TYPE/ISSUER (Hướng dẫn 36-HD/VPTW)
};

struct DocNumber {
    NumberFamily family = NumberFamily::State;
    std::string number;              // serial as written, leading zeros kept: "01"
    std::string year;                // "2017" for normative documents, else empty
    std::vector<std::string> codes;  // code parts as written (Ð -> Đ): {"NĐ", "CP"}
    // "KH" in 461/KH-UBND and 152-KH/TU; "" for a công văn (12/UBND-VX) and for laws.
    std::string type_code;
    // The codes after the type: "UBND", "TU", "UBND-VX" (issuer and unit), "QH11".
    std::string issuer_code;
    std::string canonical;   // display form, no stray spaces: "91/2017/NĐ-CP"
    std::string key;         // search key: case-folded, no leading zeros: "91/2017/nđ-cp"
    std::string folded_key;  // key without diacritics, đ -> d: "91/2017/nd-cp"
};

// Parses a string that should be exactly one document number, with an optional
// "Số:", "Số", "SỐ/" prefix and stray spaces around separators. std::nullopt when it is not
// a document number.
[[nodiscard]] std::optional<DocNumber> parse_doc_number(std::string_view text);

struct NumberMatch {
    std::size_t begin = 0;  // byte offsets of the number itself (prefix "Số" excluded)
    std::size_t end = 0;
    DocNumber number;
};

enum class ScanMode {
    Text,   // documents: code parts must look like codes (mostly capitals)
    Query,  // typed queries: any case accepted ("152-kh/tu")
};

// Every document number inside a normalised text, left to right, non-overlapping.
[[nodiscard]] std::vector<NumberMatch> find_doc_numbers(std::string_view text,
                                                        ScanMode mode = ScanMode::Text);

}  // namespace vanthu::core
