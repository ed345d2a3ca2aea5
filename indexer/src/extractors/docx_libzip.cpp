// DOCX (Office Open XML) with libzip and pugixml.
//
// The archive is hostile input: entries are found by name only, their stored sizes are never
// trusted (every byte actually inflated counts against the limits), and XML is parsed without
// DOCTYPE processing so custom entities are never expanded.
#include <zip.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <climits>
#include <cstdio>
#include <cstring>
#include <exception>
#include <map>
#include <memory>
#include <new>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <pugixml.hpp>

#include "file_checks.hpp"
#include "vanthu/indexer/extractor.hpp"

namespace vanthu::indexer {
namespace {

constexpr std::string_view kWordMainNs =
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
constexpr std::string_view kWordStrictNs = "http://purl.oclc.org/ooxml/wordprocessingml/main";
constexpr std::string_view kMarkupCompatNs =
    "http://schemas.openxmlformats.org/markup-compatibility/2006";

struct ZipDiscard {
    void operator()(zip_t* z) const { zip_discard(z); }
};
struct ZipFileClose {
    void operator()(zip_file_t* f) const { zip_fclose(f); }
};

std::string zip_error_text(int code) {
    zip_error_t err;
    zip_error_init_with_code(&err, code);
    std::string text = zip_error_strerror(&err);
    zip_error_fini(&err);
    return text;
}

std::string_view local_name(std::string_view qname) {
    const auto colon = qname.find(':');
    return colon == std::string_view::npos ? qname : qname.substr(colon + 1);
}

std::string_view prefix_of(std::string_view qname) {
    const auto colon = qname.find(':');
    return colon == std::string_view::npos ? std::string_view{} : qname.substr(0, colon);
}

std::string trim(std::string_view s) {
    const auto is_space = [](char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
    };
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    return std::string(s);
}

bool xml_true(const pugi::xml_attribute& a) {
    const std::string_view v = a.value();
    return v == "1" || v == "true" || v == "on";
}

// Reads entries of one archive, counting the bytes really inflated against the limits.
class ZipReader {
  public:
    ZipReader(zip_t* zip, const ExtractLimits& limits) : m_zip(zip), m_limits(limits) {}

    [[nodiscard]] bool has(const std::string& name) const { return locate(name) >= 0; }

    // nullopt + no error: the entry does not exist.
    [[nodiscard]] std::optional<std::string> read(const std::string& name,
                                                  std::optional<ExtractError>& error) {
        const zip_int64_t index = locate(name);
        if (index < 0) return std::nullopt;
        std::unique_ptr<zip_file_t, ZipFileClose> file(
            zip_fopen_index(m_zip, static_cast<zip_uint64_t>(index), 0));
        if (!file) {
            const int code = zip_error_code_zip(zip_get_error(m_zip));
            if (code == ZIP_ER_NOPASSWD || code == ZIP_ER_WRONGPASSWD ||
                code == ZIP_ER_ENCRNOTSUPP) {
                error = ExtractError{"encrypted", name + " is encrypted"};
            } else {
                error = ExtractError{"corrupt", "cannot open " + name + ": " + zip_strerror(m_zip)};
            }
            return std::nullopt;
        }
        std::string data;
        char buf[64 * 1024];
        for (;;) {
            const zip_int64_t got = zip_fread(file.get(), buf, sizeof buf);
            if (got < 0) {
                error = ExtractError{"corrupt",
                                     "cannot read " + name + ": " + zip_file_strerror(file.get())};
                return std::nullopt;
            }
            if (got == 0) break;
            data.append(buf, static_cast<std::size_t>(got));
            m_total += static_cast<std::uint64_t>(got);
            if (data.size() > m_limits.max_entry_bytes) {
                error = ExtractError{"too-large", name + " inflates to more than " +
                                                      std::to_string(m_limits.max_entry_bytes) +
                                                      " bytes (zip bomb?)"};
                return std::nullopt;
            }
            if (m_total > m_limits.max_total_uncompressed) {
                error =
                    ExtractError{"too-large", "archive inflates to more than " +
                                                  std::to_string(m_limits.max_total_uncompressed) +
                                                  " bytes (zip bomb?)"};
                return std::nullopt;
            }
        }
        return data;
    }

  private:
    [[nodiscard]] zip_int64_t locate(const std::string& name) const {
        const zip_int64_t exact = zip_name_locate(m_zip, name.c_str(), 0);
        // OPC part names are case-insensitive; some converters write "Word/Document.xml".
        return exact >= 0 ? exact : zip_name_locate(m_zip, name.c_str(), ZIP_FL_NOCASE);
    }

    zip_t* m_zip;
    const ExtractLimits& m_limits;
    std::uint64_t m_total = 0;
};

struct ParsedXml {
    std::string data;  // parsed in place: the DOM points into it
    pugi::xml_document doc;
    std::string error;  // empty when parsed
};

// pugixml never expands entities other than the five predefined ones and character
// references, so "billion laughs" and external entities stay a few bytes of text. A DOCTYPE is
// refused all the same: Office Open XML forbids DTDs, Word refuses such files, and only a
// crafted file has one.
// Whitespace-only text is kept only when it is an element's sole child: that is exactly
// <w:t xml:space="preserve"> </w:t>, the space between two words split across runs.
void parse_xml(std::string data, ParsedXml& out) {
    constexpr unsigned kOptions =
        pugi::parse_default | pugi::parse_ws_pcdata_single | pugi::parse_doctype;
    out.data = std::move(data);
    const pugi::xml_parse_result r = out.doc.load_buffer_inplace(out.data.data(), out.data.size(),
                                                                 kOptions, pugi::encoding_auto);
    if (!r) {
        out.error = std::string(r.description()) + " at offset " + std::to_string(r.offset);
        return;
    }
    for (const pugi::xml_node& child : out.doc.children()) {
        if (child.type() == pugi::node_doctype) {
            out.error = "DOCTYPE declaration (DTDs and entities are not allowed in DOCX)";
            return;
        }
    }
}

// Namespace prefixes as declared on the root element; Word declares all of them there.
struct Prefixes {
    std::string w = "w";
    std::string mc = "mc";

    static Prefixes from_root(const pugi::xml_node& root) {
        Prefixes p;
        for (const pugi::xml_attribute& a : root.attributes()) {
            const std::string_view name = a.name();
            if (!name.starts_with("xmlns")) continue;
            const std::string_view prefix =
                name.size() > 6 && name[5] == ':' ? name.substr(6) : std::string_view{};
            const std::string_view uri = a.value();
            if (uri == kWordMainNs || uri == kWordStrictNs) p.w = prefix;
            if (uri == kMarkupCompatNs) p.mc = prefix;
        }
        return p;
    }
};

// Turns WordprocessingML content into lines: one paragraph per line, table cells in document
// order (so each cell of the two-column header table stays together, left then right).
class ContentWalker {
  public:
    // The tree is walked recursively; `max_depth` keeps a crafted file from exhausting the
    // stack.
    ContentWalker(Prefixes prefixes, int max_depth)
        : m_ns(std::move(prefixes)), m_max_depth(max_depth) {}

    void walk_children(const pugi::xml_node& node, int depth = 0) {
        if (depth > m_max_depth) {
            m_too_deep = true;
            return;
        }
        for (const pugi::xml_node& child : node.children()) {
            if (child.type() == pugi::node_element) visit(child, depth + 1);
        }
    }

    [[nodiscard]] std::string take_text() { return std::move(m_out); }

    // The failure for a part nested deeper than the limit, if this one was.
    [[nodiscard]] std::optional<ExtractError> depth_error(const std::string& part) const {
        if (!m_too_deep) return std::nullopt;
        return ExtractError{"too-deep", part + ": XML nested deeper than " +
                                            std::to_string(m_max_depth) +
                                            " levels (--max-xml-depth)"};
    }

    // Note ids in the order their references appear; decides the displayed numbers.
    std::vector<std::string> footnote_refs;
    std::vector<std::string> endnote_refs;

  private:
    struct Paragraph {
        std::string text;
        std::string nested;  // lines of text boxes anchored in this paragraph
    };

    void visit(const pugi::xml_node& node, int depth) {
        const std::string_view qname = node.name();
        const std::string_view prefix = prefix_of(qname);
        const std::string_view local = local_name(qname);

        if (prefix == m_ns.mc) {
            if (local == "AlternateContent") visit_alternate(node, depth);
            // Anything else in mc: (Ignorable markup) carries no text of its own.
            return;
        }
        if (prefix != m_ns.w) {
            // Drawings, VML shapes, custom XML: their text, if any, sits in w:txbxContent.
            walk_children(node, depth);
            return;
        }

        // Property elements (pPr, rPr, sectPr, tblPr, sdtPr …) hold tab stops, revision marks
        // and placeholders, never document text.
        if (local.ends_with("Pr")) return;

        if (local == "p") {
            m_paragraphs.emplace_back();
            walk_children(node, depth);
            Paragraph done = std::move(m_paragraphs.back());
            m_paragraphs.pop_back();
            std::string line = std::move(done.text);
            line += '\n';
            line += done.nested;
            // A text box lives inside a run of its anchor paragraph; its lines follow that
            // paragraph instead of cutting it in two.
            if (m_paragraphs.empty()) {
                m_out += line;
            } else {
                m_paragraphs.back().nested += line;
            }
        } else if (local == "t") {
            append(node.text().get());
        } else if (local == "tab" || local == "ptab") {
            append("\t");
        } else if (local == "br" || local == "cr") {
            append("\n");
        } else if (local == "noBreakHyphen") {
            append("-");
        } else if (local == "del" || local == "moveFrom" || local == "delText" ||
                   local == "instrText" || local == "delInstrText" || local == "softHyphen" ||
                   local == "sym" || local == "fldData") {
            // Deleted revisions and field codes are not the text a reader sees.
        } else if (local == "footnoteReference" || local == "endnoteReference") {
            // A custom mark is typed as text right after the reference and is not numbered.
            if (xml_true(node.attribute((m_ns.w + ":customMarkFollows").c_str()))) return;
            auto& refs = local == "footnoteReference" ? footnote_refs : endnote_refs;
            refs.emplace_back(node.attribute((m_ns.w + ":id").c_str()).value());
        } else {
            // Runs, hyperlinks, w:ins, w:moveTo, w:sdt/w:sdtContent, tables, rows, cells,
            // smart tags, w:fldSimple, w:txbxContent …
            walk_children(node, depth);
        }
    }

    // The same content in several renderings (DrawingML text box and its VML fallback):
    // take exactly one, the first Choice, else the Fallback.
    void visit_alternate(const pugi::xml_node& node, int depth) {
        pugi::xml_node chosen;
        for (const pugi::xml_node& child : node.children()) {
            if (child.type() != pugi::node_element) continue;
            if (prefix_of(child.name()) != m_ns.mc) continue;
            const std::string_view local = local_name(child.name());
            if (local == "Choice") {
                chosen = child;
                break;
            }
            if (local == "Fallback" && !chosen) chosen = child;
        }
        if (chosen) walk_children(chosen, depth);
    }

    void append(std::string_view s) {
        if (m_paragraphs.empty()) {
            m_out += s;
        } else {
            m_paragraphs.back().text += s;
        }
    }

    Prefixes m_ns;
    std::vector<Paragraph> m_paragraphs;
    std::string m_out;
    int m_max_depth;
    bool m_too_deep = false;
};

struct Relationship {
    std::string type;
    std::string target;  // resolved part name inside the archive
};

// Resolves a relationship target against the folder of its source part. ".." is refused:
// nothing we read lives outside the source part's folder, and refusing is simpler than
// proving a normalisation right. A leading "/" is the package root (OPC), which cannot escape
// the archive because parts are only ever looked up by name inside it.
std::optional<std::string> resolve_target(std::string_view base_dir, std::string_view target) {
    if (target.empty() || target.find("..") != std::string_view::npos ||
        target.find('\\') != std::string_view::npos || target.find(':') != std::string_view::npos) {
        return std::nullopt;
    }
    if (target.front() == '/') {
        target.remove_prefix(1);
        if (target.empty() || target.front() == '/') return std::nullopt;
        return std::string(target);
    }
    if (target.starts_with("./")) target.remove_prefix(2);
    return std::string(base_dir) + std::string(target);
}

// Part name → its relationships part: word/document.xml → word/_rels/document.xml.rels.
std::string rels_name_for(std::string_view part) {
    const auto slash = part.rfind('/');
    const std::string_view dir =
        slash == std::string_view::npos ? std::string_view{} : part.substr(0, slash + 1);
    const std::string_view file = slash == std::string_view::npos ? part : part.substr(slash + 1);
    return std::string(dir) + "_rels/" + std::string(file) + ".rels";
}

std::string dir_of(std::string_view part) {
    const auto slash = part.rfind('/');
    return slash == std::string_view::npos ? std::string{} : std::string(part.substr(0, slash + 1));
}

std::vector<Relationship> parse_relationships(const pugi::xml_document& doc,
                                              std::string_view base_dir,
                                              std::vector<std::string>& warnings) {
    std::vector<Relationship> rels;
    for (const pugi::xml_node& node : doc.document_element().children()) {
        if (local_name(node.name()) != "Relationship") continue;
        if (std::string_view(node.attribute("TargetMode").value()) == "External") continue;
        const std::string_view target = node.attribute("Target").value();
        auto resolved = resolve_target(base_dir, target);
        if (!resolved) {
            warnings.push_back("ignored relationship target \"" + std::string(target) + "\"");
            continue;
        }
        rels.push_back({node.attribute("Type").value(), std::move(*resolved)});
    }
    return rels;
}

bool type_is(std::string_view type, std::string_view last_segment) {
    const auto slash = type.rfind('/');
    return slash != std::string_view::npos && type.substr(slash + 1) == last_segment;
}

// An encrypted Office document is not a ZIP at all but an OLE2 compound file holding a stream
// named "EncryptedPackage"; a Word 97 .doc renamed to .docx has the same magic.
std::optional<ExtractError> explain_not_zip(const std::filesystem::path& file) {
    FilePtr f = open_for_reading(file);
    std::string head(1 << 20, '\0');
    head.resize(f ? std::fread(head.data(), 1, head.size(), f.get()) : 0);
    if (!head.starts_with("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")) return std::nullopt;
    const std::string_view stream_name{"E\0n\0c\0r\0y\0p\0t\0e\0d\0P\0a\0c\0k\0a\0g\0e\0", 32};
    if (head.find(stream_name) != std::string::npos) {
        return ExtractError{"encrypted", "DOCX is encrypted (password required)"};
    }
    return ExtractError{"corrupt",
                        "not a DOCX (ZIP) file: an OLE2 file (Word 97-2003 .doc "
                        "renamed to .docx?)"};
}

class DocxExtractor final : public Extractor {
  public:
    std::string_view name() const override { return "docx"; }
    std::string_view mime_type() const override {
        return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    }
    std::vector<std::string_view> extensions() const override { return {"docx", "docm"}; }

    ExtractResult extract(const std::filesystem::path& file,
                          const ExtractLimits& limits) const override {
        try {
            return extract_impl(file, limits);
        } catch (const std::bad_alloc&) {
            throw;  // the caller reports running out of memory as such
        } catch (const std::exception& e) {
            return ExtractResult::failure("corrupt", std::string("cannot read DOCX: ") + e.what());
        }
    }

  private:
    static ExtractResult extract_impl(const std::filesystem::path& file,
                                      const ExtractLimits& limits) {
        if (auto failure = check_readable_file(file, limits)) return std::move(*failure);

        // ZIP_CHECKCONS is not used: it rejects archives with harmless local/central header
        // differences that some converters write, and it buys no safety here because sizes
        // are never trusted and every entry is CRC-checked while it is read.
        int open_error = 0;
        std::unique_ptr<zip_t, ZipDiscard> zip(zip_open(file.c_str(), ZIP_RDONLY, &open_error));
        if (!zip) {
            if (open_error == ZIP_ER_NOZIP) {
                if (auto why = explain_not_zip(file)) return ExtractResult{std::nullopt, why};
                return ExtractResult::failure("corrupt", "not a DOCX (ZIP) file");
            }
            if (open_error == ZIP_ER_OPEN || open_error == ZIP_ER_READ) {
                return ExtractResult::failure("unreadable", zip_error_text(open_error));
            }
            return ExtractResult::failure("corrupt",
                                          "not a DOCX (ZIP) file: " + zip_error_text(open_error));
        }
        const zip_int64_t entries = zip_get_num_entries(zip.get(), 0);
        if (entries < 0 || static_cast<std::uint64_t>(entries) > limits.max_zip_entries) {
            return ExtractResult::failure(
                "too-large", "archive has " + std::to_string(entries) + " entries (limit " +
                                 std::to_string(limits.max_zip_entries) + ")");
        }

        ZipReader reader(zip.get(), limits);
        Extracted out;
        std::optional<ExtractError> error;

        const std::string main_part = find_main_part(reader, out.warnings, error);
        if (error) return ExtractResult{std::nullopt, std::move(error)};
        if (main_part.empty()) {
            return ExtractResult::failure("corrupt", "word/document.xml missing");
        }

        auto main_xml = reader.read(main_part, error);
        if (error) return ExtractResult{std::nullopt, std::move(error)};
        if (!main_xml) return ExtractResult::failure("corrupt", main_part + " missing");
        ParsedXml main;
        parse_xml(std::move(*main_xml), main);
        if (!main.error.empty()) {
            return ExtractResult::failure("corrupt", main_part + ": malformed XML: " + main.error);
        }
        const pugi::xml_node root = main.doc.document_element();
        const Prefixes prefixes = Prefixes::from_root(root);

        ContentWalker body(prefixes, limits.max_xml_depth);
        body.walk_children(root);
        if (auto deep = body.depth_error(main_part)) return ExtractResult{std::nullopt, deep};
        out.blocks.push_back(TextBlock{BlockKind::Body, body.take_text(), 0});

        // Headers and footers come through the main part's relationships: their file names
        // are not fixed, and parts nobody references are not part of the document.
        std::vector<Relationship> rels;
        {
            const std::string rels_name = rels_name_for(main_part);
            auto rels_xml = reader.read(rels_name, error);
            if (error) return ExtractResult{std::nullopt, std::move(error)};
            if (rels_xml) {
                ParsedXml parsed;
                parse_xml(std::move(*rels_xml), parsed);
                if (parsed.error.empty()) {
                    rels = parse_relationships(parsed.doc, dir_of(main_part), out.warnings);
                } else {
                    out.warnings.push_back(rels_name + ": malformed XML (" + parsed.error +
                                           "): headers, footers and notes skipped");
                }
            }
        }

        std::set<std::string> seen_parts;
        std::set<std::pair<bool, std::string>> seen_texts;
        for (const Relationship& rel : rels) {
            const bool header = type_is(rel.type, "header");
            if (!header && !type_is(rel.type, "footer")) continue;
            if (!seen_parts.insert(rel.target).second) continue;
            auto text =
                read_part_text(reader, rel.target, out.warnings, limits.max_xml_depth, error);
            if (error) return ExtractResult{std::nullopt, std::move(error)};
            // First-page, even-page and default headers often say the same thing.
            if (text && !text->empty() && seen_texts.emplace(header, *text).second) {
                out.blocks.push_back(
                    TextBlock{header ? BlockKind::Header : BlockKind::Footer, std::move(*text), 0});
            }
        }

        for (const bool foot : {true, false}) {
            std::string part = dir_of(main_part) + (foot ? "footnotes.xml" : "endnotes.xml");
            for (const Relationship& rel : rels) {
                if (type_is(rel.type, foot ? "footnotes" : "endnotes")) part = rel.target;
            }
            read_notes(reader, part, foot, foot ? body.footnote_refs : body.endnote_refs, out,
                       limits.max_xml_depth, error);
            if (error) return ExtractResult{std::nullopt, std::move(error)};
        }

        read_properties(reader, out, error);
        if (error) return ExtractResult{std::nullopt, std::move(error)};

        const bool any_text = std::any_of(out.blocks.begin(), out.blocks.end(),
                                          [](const TextBlock& b) { return !trim(b.text).empty(); });
        if (!any_text) return ExtractResult::failure("empty", "document has no text");
        return ExtractResult::success(std::move(out));
    }

    // The main part is almost always word/document.xml, but recent Word versions sometimes save
    // word/document2.xml; the package relationships say which.
    static std::string find_main_part(ZipReader& reader, std::vector<std::string>& warnings,
                                      std::optional<ExtractError>& error) {
        static const std::string kDefault = "word/document.xml";
        if (reader.has(kDefault)) return kDefault;
        auto rels_xml = reader.read("_rels/.rels", error);
        if (!rels_xml) return {};
        ParsedXml parsed;
        parse_xml(std::move(*rels_xml), parsed);
        if (!parsed.error.empty()) return {};
        for (const Relationship& rel : parse_relationships(parsed.doc, "", warnings)) {
            if (type_is(rel.type, "officeDocument") && reader.has(rel.target)) return rel.target;
        }
        return {};
    }

    // Text of a secondary part (header, footer). A malformed one costs a warning, not the file.
    static std::optional<std::string> read_part_text(ZipReader& reader, const std::string& part,
                                                     std::vector<std::string>& warnings,
                                                     int max_depth,
                                                     std::optional<ExtractError>& error) {
        auto xml = reader.read(part, error);
        if (!xml) {
            if (!error) warnings.push_back(part + " is referenced but missing");
            return std::nullopt;
        }
        ParsedXml parsed;
        parse_xml(std::move(*xml), parsed);
        if (!parsed.error.empty()) {
            warnings.push_back(part + ": malformed XML (" + parsed.error + "): skipped");
            return std::nullopt;
        }
        const pugi::xml_node root = parsed.doc.document_element();
        ContentWalker walker(Prefixes::from_root(root), max_depth);
        walker.walk_children(root);
        if ((error = walker.depth_error(part))) return std::nullopt;
        return trim(walker.take_text());
    }

    static void read_notes(ZipReader& reader, const std::string& part, bool footnotes,
                           const std::vector<std::string>& refs, Extracted& out, int max_depth,
                           std::optional<ExtractError>& error) {
        auto xml = reader.read(part, error);
        if (!xml) return;
        ParsedXml parsed;
        parse_xml(std::move(*xml), parsed);
        if (!parsed.error.empty()) {
            out.warnings.push_back(part + ": malformed XML (" + parsed.error + "): skipped");
            return;
        }
        const pugi::xml_node root = parsed.doc.document_element();
        const Prefixes prefixes = Prefixes::from_root(root);
        const std::string type_attr = prefixes.w + ":type";
        const std::string id_attr = prefixes.w + ":id";

        // The number a reader sees is the order of first reference in the body, not the id:
        // ids start at 1 in Word, at 2 in LibreOffice (its separators take 0 and 1).
        std::map<std::string, int> number_of;
        for (const std::string& id : refs) {
            number_of.emplace(id, static_cast<int>(number_of.size()) + 1);
        }

        std::vector<TextBlock> notes;
        for (const pugi::xml_node& note : root.children()) {
            const std::string_view local = local_name(note.name());
            if (local != "footnote" && local != "endnote") continue;
            const std::string_view type = note.attribute(type_attr.c_str()).value();
            if (!type.empty() && type != "normal") continue;  // separators, continuation notices
            ContentWalker walker(prefixes, max_depth);
            walker.walk_children(note);
            if ((error = walker.depth_error(part))) return;
            std::string text = trim(walker.take_text());
            if (text.empty()) continue;
            TextBlock block{footnotes ? BlockKind::Footnote : BlockKind::Endnote, std::move(text),
                            0};
            const auto it = number_of.find(note.attribute(id_attr.c_str()).value());
            if (it != number_of.end()) block.number = it->second;
            notes.push_back(std::move(block));
        }
        // In the order a reader meets them; notes nobody references go last.
        std::stable_sort(notes.begin(), notes.end(), [](const TextBlock& a, const TextBlock& b) {
            const int ka = a.number > 0 ? a.number : INT_MAX;
            const int kb = b.number > 0 ? b.number : INT_MAX;
            return ka < kb;
        });
        for (TextBlock& note : notes) out.blocks.push_back(std::move(note));
    }

    static void read_properties(ZipReader& reader, Extracted& out,
                                std::optional<ExtractError>& error) {
        if (auto xml = reader.read("docProps/core.xml", error)) {
            ParsedXml parsed;
            parse_xml(std::move(*xml), parsed);
            if (!parsed.error.empty()) {
                out.warnings.push_back("docProps/core.xml: malformed XML (" + parsed.error +
                                       "): properties skipped");
            } else {
                for (const pugi::xml_node& node : parsed.doc.document_element().children()) {
                    const std::string_view local = local_name(node.name());
                    std::string value = trim(node.text().get());
                    if (local == "title") out.properties.title = std::move(value);
                    if (local == "creator") out.properties.author = std::move(value);
                    if (local == "created") out.properties.created = std::move(value);
                    if (local == "modified") out.properties.modified = std::move(value);
                }
            }
        }
        if (error) return;
        // Word's last-saved page count; approximate, but the only one a DOCX has.
        if (auto xml = reader.read("docProps/app.xml", error)) {
            ParsedXml parsed;
            parse_xml(std::move(*xml), parsed);
            if (!parsed.error.empty()) return;
            const std::string pages =
                trim(parsed.doc.document_element().child("Pages").text().get());
            int n = 0;
            const auto [ptr, ec] = std::from_chars(pages.data(), pages.data() + pages.size(), n);
            if (ec == std::errc{} && ptr == pages.data() + pages.size() && n > 0) {
                out.properties.pages = n;
            }
        }
    }
};

}  // namespace

std::unique_ptr<Extractor> make_docx_extractor() { return std::make_unique<DocxExtractor>(); }

}  // namespace vanthu::indexer
