// PDF with poppler-cpp.
#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <exception>
#include <memory>
#include <mutex>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-page.h>

#include "file_checks.hpp"
#include "vanthu/core/utf8.hpp"
#include "vanthu/indexer/extractor.hpp"

namespace vanthu::indexer {
namespace {

// A damaged PDF can make poppler complain once per object; a few lines are enough to say why.
constexpr std::size_t kMaxPopplerWarnings = 20;

// Poppler's error hook is process-wide, while files are extracted on several threads at once:
// the hook writes to whichever collector the calling thread has installed.
class MessageCollector;
thread_local MessageCollector* t_collector = nullptr;

// Collects poppler's messages for the current thread during one extraction.
class MessageCollector {
  public:
    MessageCollector() {
        static std::once_flag installed;
        std::call_once(installed, [] { poppler::set_debug_error_function(&hook, nullptr); });
        m_previous = t_collector;
        t_collector = this;
    }
    ~MessageCollector() { t_collector = m_previous; }
    MessageCollector(const MessageCollector&) = delete;
    MessageCollector& operator=(const MessageCollector&) = delete;

    [[nodiscard]] const std::vector<std::string>& messages() const { return m_messages; }

    [[nodiscard]] std::vector<std::string> take() {
        if (m_dropped > 0) {
            m_messages.push_back(std::to_string(m_dropped) + " more messages");
            m_dropped = 0;
        }
        for (std::string& m : m_messages) m.insert(0, "poppler: ");
        return std::move(m_messages);
    }

  private:
    static void hook(const std::string& message, void* /*closure*/) {
        MessageCollector* self = t_collector;
        if (self == nullptr) return;  // outside extract(): nobody to tell
        if (self->m_messages.size() < kMaxPopplerWarnings) {
            self->m_messages.push_back(message);
        } else {
            ++self->m_dropped;
        }
    }

    std::vector<std::string> m_messages;
    std::size_t m_dropped = 0;
    MessageCollector* m_previous = nullptr;
};

// poppler's UTF-16 to UTF-8. ustring::to_utf8() opens an iconv converter on every call, and
// this runs once per word of every page. A lone surrogate becomes U+FFFD.
std::string to_utf8(const poppler::ustring& s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        char32_t cp = s[i];
        if (cp >= 0xD800 && cp <= 0xDFFF) {
            const bool pair =
                cp <= 0xDBFF && i + 1 < s.size() && s[i + 1] >= 0xDC00 && s[i + 1] <= 0xDFFF;
            if (pair) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (s[i + 1] - 0xDC00);
                ++i;
            } else {
                cp = 0xFFFD;
            }
        }
        core::utf8::append(out, cp);
    }
    while (!out.empty() && out.back() == '\0') out.pop_back();
    return out;
}

// Poppler gives (time_t)-1 when the date is missing or unparsable.
std::string iso_8601(std::time_t t) {
    if (t == static_cast<std::time_t>(-1)) return {};
    std::tm tm{};
    if (gmtime_r(&t, &tm) == nullptr) return {};
    char buf[32];
    const std::size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return std::string(buf, n);
}

bool has_visible_text(std::string_view s) {
    for (const char c : s) {
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v') {
            return true;
        }
    }
    return false;
}

// First or last code point of a word, decoded leniently (poppler's output is valid UTF-8).
char32_t edge_code_point(std::string_view s, bool last) {
    if (s.empty()) return 0;
    std::size_t i = 0;
    if (last) {
        i = s.size() - 1;
        while (i > 0 && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) --i;
    }
    const auto b0 = static_cast<unsigned char>(s[i]);
    const auto cont = [&](std::size_t k) -> char32_t {
        return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) & 0x3F : 0;
    };
    if (b0 < 0x80) return b0;
    if (b0 < 0xE0) return (char32_t(b0 & 0x1F) << 6) | cont(1);
    if (b0 < 0xF0) return (char32_t(b0 & 0x0F) << 12) | (cont(1) << 6) | cont(2);
    return (char32_t(b0 & 0x07) << 18) | (cont(1) << 12) | (cont(2) << 6) | cont(3);
}

// Letters and digits of the scripts our documents use; punctuation and symbols are not.
bool is_word_char(char32_t c) {
    if (c < 0x80) return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
    if (c == 0xD7 || c == 0xF7) return false;
    return (c >= 0xC0 && c < 0x2000) || c >= 0x3000;
}

// How many font sizes high poppler's box of a word is: its font's ascent plus descent, 1.3 for
// every word of the office PDFs measured (LibreOffice's, the test and benchmark corpora), 0.8-0.95
// for TeX's fonts. The word list can give each word's font size itself
// (text_list_include_font), but poppler-cpp then reads every font of the page a second time
// and copies the page's font table into each word: 30 % of a PDF's extraction. The size only
// scales the gaps below (relative to one another, as for a footnote mark, it is exact), and on
// those PDFs the text is the same byte for byte either way.
constexpr double kBoxHeightPerFontSize = 1.3;

// One word of poppler's word list, projected onto its own writing direction: "along" runs with
// the text, "across" from one line to the next.
struct PlacedWord {
    std::string text;
    double along_start, along_end, across_start, across_end;
    int rotation;
    bool space_after;
    double font_size;

    explicit PlacedWord(const poppler::text_box& box) {
        text = to_utf8(box.text());
        const poppler::rectf b = box.bbox();
        rotation = box.rotation();
        space_after = box.has_space_after();
        switch (rotation) {
            case 1:
                along_start = b.top(), along_end = b.bottom(), across_start = b.left(),
                across_end = b.right();
                break;
            case 2:
                along_start = -b.right(), along_end = -b.left(), across_start = b.top(),
                across_end = b.bottom();
                break;
            case 3:
                along_start = -b.bottom(), along_end = -b.top(), across_start = b.left(),
                across_end = b.right();
                break;
            default:
                along_start = b.left(), along_end = b.right(), across_start = b.top(),
                across_end = b.bottom();
        }
        font_size = (across_end - across_start) / kBoxHeightPerFontSize;
    }
    [[nodiscard]] double thickness() const { return across_end - across_start; }
};

// The empty space between two lines, when `next` starts a line below `prev`; negative otherwise.
double line_gap(const PlacedWord& prev, const PlacedWord& next) {
    if (prev.rotation != 0 || next.rotation != 0) return -1;
    return next.across_start - prev.across_end;
}

// What goes between two words that are consecutive in reading order. `leading` is the page's
// usual space between lines, so that 1.5 or double line spacing is not read as paragraphs.
std::string_view separator(const PlacedWord& prev, const PlacedWord& next, double leading) {
    if (prev.rotation != next.rotation) return "\n";
    const double em = std::max(prev.font_size, next.font_size);
    const double overlap =
        std::min(prev.across_end, next.across_end) - std::max(prev.across_start, next.across_start);
    const double gap = next.along_start - prev.along_end;
    // Poppler splits a line into separate blocks where the gap is too wide for a space (table
    // columns, a justified last line); those must not be glued into one word.
    const bool same_line = overlap > 0.5 * std::min(prev.thickness(), next.thickness()) &&
                           gap > -0.5 * em && (prev.space_after || gap < 0.3 * em);
    if (same_line) {
        if (prev.space_after) return " ";
        // A footnote mark is set smaller and touches its word ("động¹"): keep them apart so
        // the word stays a word; punctuation after the mark stays attached.
        const double ratio = std::min(prev.font_size, next.font_size) / em;
        if (ratio < 0.8 && is_word_char(edge_code_point(prev.text, true)) &&
            is_word_char(edge_code_point(next.text, false))) {
            return " ";
        }
        return "";
    }
    // A blank line where the next word starts a new block: further down than the next line
    // would be (an empty paragraph leaves about half a line more than the usual leading), or
    // back up the page (the right column of the header table).
    const double line = std::max(prev.thickness(), next.thickness());
    if (prev.rotation == 0 && (line_gap(prev, next) > leading + 0.5 * line ||
                               next.across_end < prev.across_start - line)) {
        return "\n\n";
    }
    return "\n";
}

// The page in poppler's reading order (the order pdftotext uses without -layout), assembled
// from its word list. page::text() in that mode joins a line ending in '-' to the next and
// drops the '-': right for English hyphenation, wrong for Vietnamese, whose syllables are never
// hyphenated, and it turns "03-KH/BTCCVĐ" broken over two lines into "03KH/BTCCVĐ".
std::string page_text(const poppler::page& page) {
    std::vector<PlacedWord> words;
    for (const poppler::text_box& box : page.text_list()) {
        PlacedWord word(box);
        if (!word.text.empty()) words.push_back(std::move(word));
    }
    // The usual leading: the median space between a line and the next one below it.
    std::vector<double> gaps;
    for (std::size_t i = 1; i < words.size(); ++i) {
        const PlacedWord& a = words[i - 1];
        const PlacedWord& b = words[i];
        // The next line down: glyph boxes of consecutive lines often overlap a little, so
        // the gap may be negative.
        if (a.rotation == 0 && b.rotation == 0 && b.along_start < a.along_end &&
            b.across_start > a.across_start + 0.5 * a.thickness()) {
            gaps.push_back(line_gap(a, b));
        }
    }
    double leading = 0;
    if (!gaps.empty()) {
        auto mid = gaps.begin() + static_cast<std::ptrdiff_t>(gaps.size() / 2);
        std::nth_element(gaps.begin(), mid, gaps.end());
        leading = std::max(0.0, *mid);
    }
    std::string out;
    for (std::size_t i = 0; i < words.size(); ++i) {
        if (i > 0) out += separator(words[i - 1], words[i], leading);
        out += words[i].text;
    }
    return out;
}

// poppler-cpp sets up poppler's global settings (GlobalParams: encodings, font tables) when a
// document is opened while no other one is open, and frees them when the last one is closed:
// once per PDF, 8 % of all the instructions of indexing the mixed benchmark corpus. An empty
// one-page document held open for the extractor's lifetime keeps them.
std::unique_ptr<poppler::document> open_settings_holder() {
    static constexpr char kEmptyPdf[] =
        "%PDF-1.4\n"
        "1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
        "2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n"
        "3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] >>\nendobj\n"
        "xref\n0 4\n"
        "0000000000 65535 f \n"
        "0000000009 00000 n \n"
        "0000000058 00000 n \n"
        "0000000115 00000 n \n"
        "trailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n184\n%%EOF\n";
    return std::unique_ptr<poppler::document>(
        poppler::document::load_from_raw_data(kEmptyPdf, sizeof kEmptyPdf - 1));
}

class PdfExtractor final : public Extractor {
  public:
    PdfExtractor() : m_settings_holder(open_settings_holder()) {}

    std::string_view name() const override { return "pdf"; }
    std::string_view mime_type() const override { return "application/pdf"; }
    std::vector<std::string_view> extensions() const override { return {"pdf"}; }

    ExtractResult extract(const std::filesystem::path& file,
                          const ExtractLimits& limits) const override {
        MessageCollector collector;
        try {
            return extract_impl(file, limits, collector);
        } catch (const std::bad_alloc&) {
            throw;  // the caller reports running out of memory as such
        } catch (const std::exception& e) {
            return ExtractResult::failure("corrupt", std::string("cannot read PDF: ") + e.what());
        }
    }

  private:
    std::unique_ptr<poppler::document> m_settings_holder;

    static ExtractResult extract_impl(const std::filesystem::path& file,
                                      const ExtractLimits& limits, MessageCollector& collector) {
        if (auto failure = check_readable_file(file, limits)) return std::move(*failure);

        std::unique_ptr<poppler::document> doc(poppler::document::load_from_file(file.string()));
        if (!doc) {
            // Poppler's first complaint is the cause; later ones are consequences.
            const auto& messages = collector.messages();
            const std::string why = messages.empty() ? "poppler gave no reason" : messages.front();
            return ExtractResult::failure("corrupt", "not a PDF or damaged: " + why);
        }
        if (doc->is_locked()) {
            return ExtractResult::failure("encrypted", "PDF is encrypted (password required)");
        }

        const int pages = doc->pages();
        if (pages <= 0) return ExtractResult::failure("empty", "PDF has no pages");
        if (pages > limits.max_pages) {
            return ExtractResult::failure("too-large", "PDF has " + std::to_string(pages) +
                                                           " pages (limit " +
                                                           std::to_string(limits.max_pages) + ")");
        }

        Extracted out;
        out.properties.title = to_utf8(doc->get_title());
        out.properties.author = to_utf8(doc->get_author());
        out.properties.created = iso_8601(doc->get_creation_date_t());
        out.properties.modified = iso_8601(doc->get_modification_date_t());
        out.properties.pages = pages;

        bool any_text = false;
        for (int i = 0; i < pages; ++i) {
            std::unique_ptr<poppler::page> page(doc->create_page(i));
            if (!page) {
                out.warnings.push_back("page " + std::to_string(i + 1) + " could not be read");
                continue;
            }
            // Reading order rather than physical layout: physical layout puts the two columns
            // of the header table side by side on each line, mixing issuer and motto.
            std::string text = page_text(*page);
            any_text = any_text || has_visible_text(text);
            out.blocks.push_back(TextBlock{BlockKind::Body, std::move(text), i + 1});
        }
        if (!any_text) {
            return ExtractResult::failure("no-text",
                                          "no text layer (scanned?): OCR is not supported yet");
        }
        for (std::string& m : collector.take()) out.warnings.push_back(std::move(m));
        return ExtractResult::success(std::move(out));
    }
};

}  // namespace

std::unique_ptr<Extractor> make_pdf_extractor() { return std::make_unique<PdfExtractor>(); }

}  // namespace vanthu::indexer
