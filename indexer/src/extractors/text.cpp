// Plain text: UTF-8 (with or without BOM) and UTF-16 with a BOM. Anything else is reported,
// never guessed: a wrong guess between TCVN3, VNI and windows-1258 would index garbage that
// looks like Vietnamese.
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <exception>
#include <memory>
#include <new>
#include <string>
#include <string_view>
#include <system_error>

#include "file_checks.hpp"
#include "vanthu/core/text.hpp"
#include "vanthu/core/utf8.hpp"
#include "vanthu/indexer/extractor.hpp"

namespace vanthu::indexer {
namespace {

std::string legacy_hint() {
    return "not UTF-8 or UTF-16 with BOM; probably a legacy Vietnamese encoding "
           "(TCVN3/VNI/windows-1258): convert it to UTF-8";
}

struct Decoded {
    std::string text;
    std::optional<ExtractError> error;
};

// `data` starts after the BOM; `base` is the BOM length, so offsets name bytes of the file.
Decoded decode_utf16(std::string_view data, bool big_endian, std::size_t base) {
    Decoded d;
    if (data.size() % 2 != 0) {
        d.error = ExtractError{"encoding", "UTF-16 file has an odd number of bytes (truncated?)"};
        return d;
    }
    d.text.reserve(data.size() * 3 / 2);
    const auto* p = reinterpret_cast<const unsigned char*>(data.data());
    auto unit_at = [&](std::size_t i) -> char16_t {
        return big_endian ? static_cast<char16_t>((p[i] << 8) | p[i + 1])
                          : static_cast<char16_t>((p[i + 1] << 8) | p[i]);
    };
    for (std::size_t i = 0; i < data.size(); i += 2) {
        const char16_t u = unit_at(i);
        if (u >= 0xD800 && u <= 0xDBFF) {
            if (i + 3 < data.size()) {
                const char16_t v = unit_at(i + 2);
                if (v >= 0xDC00 && v <= 0xDFFF) {
                    core::utf8::append(
                        d.text, 0x10000 + ((char32_t(u) - 0xD800) << 10) + (char32_t(v) - 0xDC00));
                    i += 2;
                    continue;
                }
            }
            d.error = ExtractError{"encoding", "invalid UTF-16 (unpaired surrogate) at byte " +
                                                   std::to_string(base + i)};
            return d;
        }
        if (u >= 0xDC00 && u <= 0xDFFF) {
            d.error = ExtractError{"encoding", "invalid UTF-16 (unpaired surrogate) at byte " +
                                                   std::to_string(base + i)};
            return d;
        }
        core::utf8::append(d.text, u);
    }
    return d;
}

bool only_whitespace(std::string_view s) {
    for (const char c : s) {
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v') {
            return false;
        }
    }
    return true;
}

class TextExtractor final : public Extractor {
  public:
    std::string_view name() const override { return "txt"; }
    std::string_view mime_type() const override { return "text/plain"; }
    std::vector<std::string_view> extensions() const override { return {"txt"}; }

    ExtractResult extract(const std::filesystem::path& file,
                          const ExtractLimits& limits) const override {
        try {
            return extract_impl(file, limits);
        } catch (const std::bad_alloc&) {
            throw;  // the caller reports running out of memory as such
        } catch (const std::exception& e) {
            return ExtractResult::failure("corrupt", std::string("cannot read text: ") + e.what());
        }
    }

  private:
    static ExtractResult extract_impl(const std::filesystem::path& file,
                                      const ExtractLimits& limits) {
        FilePtr f = open_for_reading(file);
        if (!f) return ExtractResult::failure("unreadable", std::strerror(errno));

        // The size is checked up front to fail fast, and again while reading because it can
        // change under us (and a FIFO has none).
        std::error_code ec;
        if (const auto size = std::filesystem::file_size(file, ec);
            !ec && size > limits.max_file_bytes) {
            return ExtractResult::failure(
                "too-large",
                "file is larger than " + std::to_string(limits.max_file_bytes) + " bytes");
        }
        std::string raw;
        char buf[64 * 1024];
        for (;;) {
            const std::size_t got = std::fread(buf, 1, sizeof buf, f.get());
            raw.append(buf, got);
            if (raw.size() > limits.max_file_bytes) {
                return ExtractResult::failure(
                    "too-large",
                    "file is larger than " + std::to_string(limits.max_file_bytes) + " bytes");
            }
            if (got < sizeof buf) {
                if (std::ferror(f.get())) {
                    return ExtractResult::failure("unreadable", std::strerror(errno));
                }
                break;
            }
        }

        std::string_view view = raw;
        std::string text;
        if (view.starts_with("\xEF\xBB\xBF")) {
            view.remove_prefix(3);
            if (auto bad = core::first_invalid_utf8(view); bad != std::string_view::npos) {
                return ExtractResult::failure("encoding",
                                              "invalid UTF-8 at byte " + std::to_string(bad + 3) +
                                                  " after a UTF-8 BOM; " + legacy_hint());
            }
            text.assign(view);
        } else if (view.starts_with("\xFF\xFE") || view.starts_with("\xFE\xFF")) {
            const bool big_endian = view[0] == '\xFE';
            view.remove_prefix(2);
            Decoded d = decode_utf16(view, big_endian, 2);
            if (d.error) return ExtractResult{std::nullopt, std::move(d.error)};
            text = std::move(d.text);
        } else {
            // NUL never occurs in a real text file: it means UTF-16 without a BOM or a binary
            // file named .txt. Checked first because UTF-16 text may also look like bad UTF-8.
            if (auto nul = view.find('\0'); nul != std::string_view::npos) {
                return ExtractResult::failure("encoding",
                                              "NUL byte at byte " + std::to_string(nul) +
                                                  ": UTF-16 without BOM or not a text file");
            }
            if (auto bad = core::first_invalid_utf8(view); bad != std::string_view::npos) {
                return ExtractResult::failure(
                    "encoding",
                    "invalid UTF-8 at byte " + std::to_string(bad) + "; " + legacy_hint());
            }
            text.assign(view);
        }

        if (only_whitespace(text)) return ExtractResult::failure("empty", "file has no text");

        Extracted doc;
        doc.blocks.push_back(TextBlock{BlockKind::Body, std::move(text), 0});
        return ExtractResult::success(std::move(doc));
    }
};

}  // namespace

std::unique_ptr<Extractor> make_text_extractor() { return std::make_unique<TextExtractor>(); }

}  // namespace vanthu::indexer
