#include "vanthu/indexer/doc_builder.hpp"

#include <algorithm>
#include <array>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <unordered_set>

#include "vanthu/core/date.hpp"
#include "vanthu/core/docnumber.hpp"
#include "vanthu/core/schema.hpp"
#include "vanthu/core/text.hpp"
#include "vanthu/core/utf8.hpp"
#include "vanthu/core/vocabulary.hpp"
#include "vanthu/indexer/metadata.hpp"

namespace vanthu::indexer {

namespace {

namespace schema = vanthu::schema;
using nlohmann::json;

// Xapian (glass) rejects longer terms when the document is written, which would look like a
// database error to the writer; such terms are dropped here instead.
using schema::kMaxTermBytes;

// Keeps phrases from matching across the body/name/title boundaries.
constexpr Xapian::termpos kFieldGap = 10;

// Display titles longer than this (in characters) are cut at a word boundary: a subject line
// can run to a paragraph, and a hit list needs one or two lines.
constexpr std::size_t kMaxTitleChars = 160;

void add_term(Xapian::Document& doc, const std::string& term) {
    if (term.size() <= kMaxTermBytes) doc.add_term(term);
}

void add_boolean(Xapian::Document& doc, const std::string& term) {
    if (term.size() <= kMaxTermBytes) doc.add_boolean_term(term);
}

std::string ascii_lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

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
    // Compared by index_run: a sidecar edit must re-index the file even when the file itself
    // is unchanged.
    if (!file.sidecar.signature.empty()) {
        doc.add_value(schema::kSlotSidecar, file.sidecar.signature);
    }
}

void add_posting(Xapian::Document& doc, const std::string& term, Xapian::termpos pos) {
    if (term.size() <= kMaxTermBytes) doc.add_posting(term, pos);
}

// A text field (docs/schema.md): the words of `text` analysed like body words, under the
// field's prefixes, with positions from 1 so that phrase queries work inside the field.
void index_field(const core::Analyzer& analyzer, Xapian::Document& doc,
                 const schema::FieldPrefix& prefix, std::string_view text) {
    if (text.empty()) return;
    Xapian::termpos pos = 0;
    analyzer.tokenize(analyzer.normalize(text), [&](const core::Token& token) {
        ++pos;
        if (!token.has_diacritics()) {
            add_posting(doc, schema::term(prefix.exact, token.exact), pos);
            return;
        }
        add_term(doc, schema::term(prefix.exact, token.exact));
        add_posting(doc, schema::term(prefix.folded, token.folded), pos);
    });
}

// "TỐI MẬT" -> "toi-mat", "HỎA TỐC" -> "hoa-toc": stamps as boolean term values, whatever the
// case and tone placement on the page.
std::string stamp_value(std::string_view stamp) {
    std::string folded = core::fold_text(core::lower_text(stamp));
    std::string out;
    for (char c : folded) {
        if (is_space(c) || c == '-') {
            if (!out.empty() && out.back() != '-') out += '-';
        } else {
            out += c;
        }
    }
    while (!out.empty() && out.back() == '-') out.pop_back();
    return out;
}

// Upper case for the letters a Vietnamese sentence can start with; others are left alone
// (capitalising a title's first letter only needs these, and ICU is core's private business).
char32_t upper_letter(char32_t cp) {
    if (cp >= 'a' && cp <= 'z') return cp - ('a' - 'A');
    if (cp >= 0xE0 && cp <= 0xFE && cp != 0xF7) return cp - 0x20;                 // à..þ
    if (cp == 0x103 || cp == 0x111 || cp == 0x129 || cp == 0x169) return cp - 1;  // ă đ ĩ ũ
    if (cp == 0x1A1 || cp == 0x1B0) return cp - 1;                                // ơ ư
    if (cp >= 0x1EA0 && cp <= 0x1EF9 && (cp & 1) != 0) return cp - 1;             // ạ..ỹ
    return cp;
}

std::string capitalise_first(std::string text) {
    if (text.empty()) return text;
    core::utf8::Decoded first = core::utf8::decode(text, 0);
    if (!first.valid) return text;
    std::string upper;
    core::utf8::append(upper, upper_letter(first.cp));
    return upper + text.substr(first.length);
}

// At most `max_chars` code points, cut before a space when there is one in the second half.
std::string shorten(std::string text, std::size_t max_chars) {
    std::size_t chars = 0;
    std::size_t cut = std::string::npos;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;
        if (chars++ == max_chars) {
            cut = i;
            break;
        }
    }
    if (cut == std::string::npos) return text;
    std::size_t space = text.rfind(' ', cut);
    if (space != std::string::npos && space > cut / 2) cut = space;
    text.resize(cut);
    while (!text.empty() && (is_space(text.back()) || text.back() == ',')) text.pop_back();
    return text + "\u2026";
}

// Own number, citations, text fields, boolean terms and values from the metadata.
void add_metadata(const core::Analyzer& analyzer, Xapian::Document& doc, const DocMeta& meta,
                  std::string_view title_field) {
    if (!meta.number.empty()) {
        if (auto number = core::parse_doc_number(meta.number)) {
            add_term(doc, schema::term(schema::kPrefixOwnNumber, number->key));
            add_term(doc, schema::term(schema::kPrefixOwnNumberFolded, number->folded_key));
        }
    }
    for (const auto& citation : meta.citations) {
        auto number = core::parse_doc_number(citation.number);
        std::string key = number ? number->key : citation.key;
        std::string folded = number ? number->folded_key : core::fold_text(citation.key);
        if (key.empty()) continue;
        add_term(doc, schema::term(schema::kPrefixCitedNumber, key));
        add_term(doc, schema::term(schema::kPrefixCitedNumberFolded, folded));
    }

    index_field(analyzer, doc, schema::kFieldTitle, title_field);
    index_field(analyzer, doc, schema::kFieldType, meta.type);
    // Expanded so that "UBND tỉnh" and "Ủy ban nhân dân tỉnh" give the same field words; the
    // query side expands issuer queries the same way.
    std::string issuer = meta.issuer;
    if (!meta.issuer_parent.empty()) issuer += (issuer.empty() ? "" : " ") + meta.issuer_parent;
    index_field(analyzer, doc, schema::kFieldIssuer, core::expand_abbreviations(issuer));
    index_field(analyzer, doc, schema::kFieldSigner, meta.signature.name);
    index_field(analyzer, doc, schema::kFieldAuthor, meta.author);
    index_field(analyzer, doc, schema::kFieldUnit, core::expand_abbreviations(meta.unit));
    index_field(analyzer, doc, schema::kFieldDomain, meta.domain);

    if (auto date = core::parse_date(meta.date)) {
        add_boolean(doc, schema::term(schema::kPrefixYear, std::to_string(date->year)));
        add_boolean(doc, schema::term(schema::kPrefixDate, date->compact()));
        doc.add_value(schema::kSlotDate, date->compact());
        doc.add_value(schema::kSlotYear, std::to_string(date->year));
    }
    if (!meta.type_code.empty()) {
        add_boolean(doc, schema::term(schema::kPrefixTypeCode, core::lower_text(meta.type_code)));
    }
    if (std::string v = stamp_value(meta.secrecy); !v.empty()) {
        add_boolean(doc, schema::term(schema::kPrefixSecrecy, v));
    }
    if (std::string v = stamp_value(meta.urgency); !v.empty()) {
        add_boolean(doc, schema::term(schema::kPrefixUrgency, v));
    }

    if (!meta.type.empty()) doc.add_value(schema::kSlotType, meta.type);
    if (std::string display = issuer_display(meta); !display.empty()) {
        doc.add_value(schema::kSlotIssuer, display);
    }
    if (!meta.domain.empty()) doc.add_value(schema::kSlotDomain, meta.domain);
    if (!meta.number.empty()) doc.add_value(schema::kSlotNumber, meta.number);
}

// Sidecar values are not in the text, yet the search box should find a proposal by its
// author, unit or title: their words go after the body like the file name's.
Xapian::termpos index_sidecar_words(const core::Analyzer& analyzer, Xapian::Document& doc,
                                    const SidecarLookup& lookup, Xapian::termpos pos) {
    if (!lookup.sidecar) return pos;
    const Sidecar& s = *lookup.sidecar;
    for (const auto* value :
         {&s.title, &s.author, &s.unit, &s.domain, &s.type, &s.issuer, &s.signer}) {
        if (*value)
            pos = schema::index_words(analyzer, doc, analyzer.normalize(**value), pos + kFieldGap);
    }
    return pos;
}

void add_sidecar_data(json& data, const SidecarLookup& lookup) {
    if (!lookup.sidecar && lookup.warnings.empty()) return;
    json sidecar = json::object();
    if (lookup.sidecar) sidecar["source"] = lookup.sidecar->source.string();
    if (!lookup.warnings.empty()) sidecar["warnings"] = lookup.warnings;
    data["sidecar"] = std::move(sidecar);
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
    std::string title = core::collapse_spaces(core::normalize_text(property_title));
    std::string lowered = core::lower_text(title);
    std::string name = core::lower_text(file_name);
    std::string stem =
        core::lower_text(std::filesystem::path(std::string(file_name)).stem().string());
    bool junk = title.empty() || !has_letter(title) || lowered == name || lowered == stem ||
                (lowered.starts_with("microsoft ") && lowered.find(" - ") != std::string::npos) ||
                ends_with_file_extension(lowered) || is_placeholder_title(lowered);
    return junk ? std::string(file_name) : title;
}

std::string display_title(const DocMeta& meta, std::string_view fallback) {
    if (!meta.title.empty()) return core::collapse_spaces(meta.title);
    std::string subject = core::collapse_spaces(meta.subject);
    if (subject.empty()) return std::string(fallback);
    subject = capitalise_first(shorten(std::move(subject), kMaxTitleChars));
    // The type says what kind of document it is, which the subject line alone does not
    // ("Tổ chức phát động phong trào…" could be a plan, a decision or a report).
    if (meta.type.empty() || core::fold_text(core::lower_text(subject))
                                 .starts_with(core::fold_text(core::lower_text(meta.type)))) {
        return subject;
    }
    return meta.type + ": " + subject;
}

std::string issuer_display(const DocMeta& meta) {
    std::string issuer = core::collapse_spaces(meta.issuer);
    std::string parent = core::collapse_spaces(meta.issuer_parent);
    if (issuer.empty()) return parent;
    if (parent.empty()) return issuer;
    return issuer + " \u2013 " + parent;
}

Xapian::Document DocBuilder::build(const FileInfo& file, const Extracted& extracted) const {
    Xapian::Document doc;
    const std::filesystem::path path(file.path);
    const std::string name = path.filename().string();

    std::string text = m_analyzer.normalize(join_blocks(extracted));
    DocMeta meta = parse_metadata(text);
    if (file.sidecar.sidecar) apply_sidecar(meta, *file.sidecar.sidecar);

    Xapian::termpos pos = schema::index_words(m_analyzer, doc, text, 0);
    pos = schema::index_words(m_analyzer, doc, m_analyzer.normalize(path.stem().string()),
                              pos + kFieldGap);
    std::string property_title = choose_title(extracted.properties.title, name);
    if (property_title != name) {
        pos = schema::index_words(m_analyzer, doc, property_title, pos + kFieldGap);
    }
    pos = index_sidecar_words(m_analyzer, doc, file.sidecar, pos);

    auto matches = m_analyzer.numbers(text);
    json numbers = json::array();
    std::unordered_set<std::string> listed;
    for (const auto& match : matches) {
        add_term(doc, schema::term(schema::kPrefixNumber, match.number.key));
        add_term(doc, schema::term(schema::kPrefixNumberFolded, match.number.folded_key));
        if (listed.insert(match.number.canonical).second) numbers.push_back(match.number.canonical);
    }

    // The title field: what the sheet calls it, else the subject line, else a meaningful title
    // property (the seeds' DOCX files carry the subject there).
    std::string title_field = !meta.title.empty()      ? meta.title
                              : !meta.subject.empty()  ? meta.subject
                              : property_title != name ? property_title
                                                       : std::string();
    add_metadata(m_analyzer, doc, meta, title_field);
    add_common(doc, file, schema::kStatusOk);
    doc.add_value(schema::kSlotText, schema::pack_text(utf8_prefix(text, schema::kMaxStoredText)));

    json data = base_data(file, schema::kStatusOk, display_title(meta, property_title));
    if (!meta.number.empty()) data["number"] = meta.number;
    if (!meta.date.empty()) data["date"] = meta.date;
    data["numbers"] = std::move(numbers);
    data["meta"] = meta.to_json();
    const auto& props = extracted.properties;
    data["properties"] = json{{"title", m_analyzer.normalize(props.title)},
                              {"author", m_analyzer.normalize(props.author)},
                              {"created", props.created},
                              {"modified", props.modified},
                              {"pages", props.pages}};
    add_sidecar_data(data, file.sidecar);
    doc.set_data(dump_data(data));
    return doc;
}

Xapian::Document DocBuilder::build_failed(const FileInfo& file, const ExtractError& error) const {
    Xapian::Document doc;
    const std::filesystem::path path(file.path);
    Xapian::termpos pos =
        schema::index_words(m_analyzer, doc, m_analyzer.normalize(path.stem().string()), 0);
    index_sidecar_words(m_analyzer, doc, file.sidecar, pos);
    DocMeta meta;
    if (file.sidecar.sidecar) {
        apply_sidecar(meta, *file.sidecar.sidecar);
        add_metadata(m_analyzer, doc, meta, meta.title);
    }
    add_common(doc, file, schema::kStatusFailed);

    json data =
        base_data(file, schema::kStatusFailed, display_title(meta, path.filename().string()));
    if (!meta.number.empty()) data["number"] = meta.number;
    if (!meta.date.empty()) data["date"] = meta.date;
    if (file.sidecar.sidecar) data["meta"] = meta.to_json();
    data["error"] = json{{"code", error.code}, {"message", error.message}};
    add_sidecar_data(data, file.sidecar);
    doc.set_data(dump_data(data));
    return doc;
}

}  // namespace vanthu::indexer
