#include "vanthu/indexer/doc_builder.hpp"

#include <algorithm>
#include <array>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <unordered_set>

#include "vanthu/core/schema.hpp"
#include "vanthu/core/text.hpp"

namespace vanthu::indexer {

namespace {

namespace schema = vanthu::schema;
using nlohmann::json;

// Xapian (glass) rejects longer terms when the document is written, which would look like a
// database error to the writer; such terms are dropped here instead.
constexpr std::size_t kMaxTermBytes = 245;

// Keeps phrases from matching across the body/name/title boundaries.
constexpr Xapian::termpos kFieldGap = 10;

// The header (issuer, number, motto, date) sits in the first lines of a document.
constexpr std::size_t kHeaderBytes = 1500;

void add_term(Xapian::Document& doc, const std::string& term) {
    if (term.size() <= kMaxTermBytes) doc.add_term(term);
}

void add_boolean(Xapian::Document& doc, const std::string& term) {
    if (term.size() <= kMaxTermBytes) doc.add_boolean_term(term);
}

// Indexes the words of `text` (already normalised) from position `pos` + 1 on; returns the
// last position used.
Xapian::termpos index_words(const core::Analyzer& analyzer, Xapian::Document& doc,
                            std::string_view text, Xapian::termpos pos) {
    analyzer.tokenize(text, [&](const core::Token& token) {
        ++pos;
        if (token.exact.size() <= kMaxTermBytes) doc.add_posting(token.exact, pos);
        if (token.folded != token.exact) {
            std::string folded = schema::term(schema::kPrefixFolded, token.folded);
            if (folded.size() <= kMaxTermBytes) doc.add_posting(folded, pos);
        }
    });
    return pos;
}

std::string ascii_lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Collapses runs of white space (titles may carry line breaks) and trims.
std::string collapse_spaces(std::string_view s) {
    std::string out;
    bool pending_space = false;
    for (char c : s) {
        if (is_space(c)) {
            pending_space = !out.empty();
            continue;
        }
        if (pending_space) out += ' ';
        pending_space = false;
        out += c;
    }
    return out;
}

bool ends_with_file_extension(std::string_view lowered) {
    static constexpr std::array<std::string_view, 10> kExtensions = {
        ".doc", ".docx", ".pdf", ".txt", ".rtf", ".odt", ".xls", ".xlsx", ".ppt", ".pptx"};
    return std::any_of(kExtensions.begin(), kExtensions.end(),
                       [&](std::string_view ext) { return lowered.ends_with(ext); });
}

// Placeholders that word processors and PDF printers put in the title field.
bool is_placeholder_title(std::string_view lowered) {
    static constexpr std::array<std::string_view, 5> kPlaceholders = {
        "untitled", "title", "no title", "document", "tiêu đề"};
    if (std::find(kPlaceholders.begin(), kPlaceholders.end(), lowered) != kPlaceholders.end()) {
        return true;
    }
    if (lowered.starts_with("untitled")) return true;
    // "Document1", "Doc2": Word's names for unsaved documents.
    for (std::string_view word : {std::string_view("document"), std::string_view("doc")}) {
        if (lowered.starts_with(word) && lowered.size() > word.size() &&
            std::all_of(lowered.begin() + static_cast<std::ptrdiff_t>(word.size()), lowered.end(),
                        [](char c) { return c >= '0' && c <= '9'; })) {
            return true;
        }
    }
    return false;
}

// Bytes >= 0x80 are counted as letters: every Vietnamese letter with marks is one.
bool has_letter(std::string_view s) {
    return std::any_of(s.begin(), s.end(), [](char c) {
        auto u = static_cast<unsigned char>(c);
        return u >= 0x80 || (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z');
    });
}

std::string extension_of(const std::filesystem::path& path) {
    std::string ext = path.extension().string();
    if (!ext.empty() && ext.front() == '.') ext.erase(0, 1);
    return ascii_lower(ext);
}

json base_data(const FileInfo& file, std::string_view status, std::string_view title) {
    return json{
        {"path", file.path},     {"name", std::filesystem::path(file.path).filename().string()},
        {"format", file.format}, {"size", file.size},
        {"mtime", file.mtime},   {"status", status},
        {"title", title}};
}

// Terms and values that every document gets, read or not.
void add_common(Xapian::Document& doc, const FileInfo& file, std::string_view status) {
    add_boolean(doc, schema::uid_term(file.path));
    if (!file.format.empty()) add_boolean(doc, schema::term(schema::kPrefixFormat, file.format));
    std::string ext = extension_of(file.path);
    if (!ext.empty()) add_boolean(doc, schema::term(schema::kPrefixExt, ext));
    add_boolean(doc, schema::term(schema::kPrefixStatus, status));
    doc.add_value(schema::kSlotMtime, std::to_string(file.mtime_ns));
    doc.add_value(schema::kSlotSize, std::to_string(file.size));
    doc.add_value(schema::kSlotPath, file.path);
}

// File paths are bytes on Linux and property strings come from the file, so neither is
// guaranteed to be UTF-8; invalid bytes become U+FFFD instead of an exception.
std::string dump_data(const json& data) {
    return data.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace

std::string_view utf8_prefix(std::string_view text, std::size_t max_bytes) {
    if (text.size() <= max_bytes) return text;
    std::size_t cut = max_bytes;
    // Step back over continuation bytes so the cut falls before a lead byte.
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    return text.substr(0, cut);
}

std::string choose_title(std::string_view property_title, std::string_view file_name) {
    std::string title = collapse_spaces(core::normalize_text(property_title));
    std::string lowered = core::lower_text(title);
    std::string name = core::lower_text(file_name);
    std::string stem =
        core::lower_text(std::filesystem::path(std::string(file_name)).stem().string());
    bool junk = title.empty() || !has_letter(title) || lowered == name || lowered == stem ||
                (lowered.starts_with("microsoft ") && lowered.find(" - ") != std::string::npos) ||
                ends_with_file_extension(lowered) || is_placeholder_title(lowered);
    return junk ? std::string(file_name) : title;
}

std::optional<std::string> own_number(std::string_view text,
                                      const std::vector<core::NumberMatch>& matches) {
    static constexpr std::string_view kSo = "S\u1ED1";       // Số
    static constexpr std::string_view kSoUpper = "S\u1ED0";  // SỐ
    for (const auto& match : matches) {
        if (match.begin >= kHeaderBytes || match.begin > text.size()) break;
        std::size_t line_start = text.rfind('\n', match.begin == 0 ? 0 : match.begin - 1);
        line_start = (line_start == std::string_view::npos) ? 0 : line_start + 1;
        if (line_start > match.begin) line_start = match.begin;
        std::string_view before = text.substr(line_start, match.begin - line_start);
        // "Số: 461/KH-UBND", "Số 01 -BC/BTC", "SỐ/853-CV/BTGTU"
        while (!before.empty() &&
               (is_space(before.back()) || before.back() == ':' || before.back() == '/')) {
            before.remove_suffix(1);
        }
        bool at_line_start = before.empty();
        bool after_so = false;
        if (before.ends_with(kSo) || before.ends_with(kSoUpper)) {
            std::string_view rest = before.substr(0, before.size() - kSo.size());
            // "Số" must be a word of its own, not the end of a longer one.
            after_so = rest.empty() || is_space(rest.back()) || rest.back() == '(' ||
                       rest.back() == '*' || rest.back() == '-';
        }
        if (at_line_start || after_so) return match.number.canonical;
    }
    return std::nullopt;
}

Xapian::Document DocBuilder::build(const FileInfo& file, const Extracted& extracted) const {
    Xapian::Document doc;
    const std::filesystem::path path(file.path);
    const std::string name = path.filename().string();

    std::string text = m_analyzer.normalize(join_blocks(extracted));
    Xapian::termpos pos = index_words(m_analyzer, doc, text, 0);
    pos = index_words(m_analyzer, doc, m_analyzer.normalize(path.stem().string()), pos + kFieldGap);
    std::string title = choose_title(extracted.properties.title, name);
    if (title != name) pos = index_words(m_analyzer, doc, title, pos + kFieldGap);

    auto matches = m_analyzer.numbers(text);
    json numbers = json::array();
    std::unordered_set<std::string> listed;
    for (const auto& match : matches) {
        add_term(doc, schema::term(schema::kPrefixNumber, match.number.key));
        add_term(doc, schema::term(schema::kPrefixNumberFolded, match.number.folded_key));
        if (listed.insert(match.number.canonical).second) numbers.push_back(match.number.canonical);
    }

    add_common(doc, file, schema::kStatusOk);
    doc.add_value(schema::kSlotText, std::string(utf8_prefix(text, schema::kMaxStoredText)));

    json data = base_data(file, schema::kStatusOk, title);
    if (auto number = own_number(text, matches)) data["number"] = *number;
    data["numbers"] = std::move(numbers);
    const auto& props = extracted.properties;
    data["properties"] = json{{"title", m_analyzer.normalize(props.title)},
                              {"author", m_analyzer.normalize(props.author)},
                              {"created", props.created},
                              {"modified", props.modified},
                              {"pages", props.pages}};
    doc.set_data(dump_data(data));
    return doc;
}

Xapian::Document DocBuilder::build_failed(const FileInfo& file, const ExtractError& error) const {
    Xapian::Document doc;
    const std::filesystem::path path(file.path);
    index_words(m_analyzer, doc, m_analyzer.normalize(path.stem().string()), 0);
    add_common(doc, file, schema::kStatusFailed);

    json data = base_data(file, schema::kStatusFailed, path.filename().string());
    data["error"] = json{{"code", error.code}, {"message", error.message}};
    doc.set_data(dump_data(data));
    return doc;
}

}  // namespace vanthu::indexer
