#include "vanthu/indexer/sidecar.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <utility>

#include "vanthu/core/date.hpp"
#include "vanthu/core/docnumber.hpp"
#include "vanthu/core/text.hpp"
#include "vanthu/core/vocabulary.hpp"

namespace vanthu::indexer {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr std::string_view kManifestName = "manifest.csv";
constexpr std::string_view kMetaSuffix = ".meta.json";

// Sidecars are small hand-made files. Anything bigger is a data file that happens to carry the
// name, and reading it whole would only cost memory.
constexpr std::uintmax_t kMaxMetaBytes = 1u << 20;
constexpr std::uintmax_t kMaxManifestBytes = 64u << 20;

enum class Key { Title, Author, Unit, Domain, Date, Type, Number, Issuer, Signer, File, Unknown };

// Keys as people write them in JSON and in spreadsheet headers: English or Vietnamese, any case,
// with or without marks, with spaces, '-' or '_' between words ("Tác giả", "tac_gia",
// "Lĩnh vực"). Folding the key makes all of these one spelling.
Key key_for(std::string_view raw) {
    std::string folded = core::fold_text(core::lower_text(core::normalize_text(raw)));
    std::string key;
    for (char c : folded) {
        bool separator = c == ' ' || c == '-' || c == '_' || c == '\t';
        if (separator) {
            if (!key.empty() && key.back() != '_') key += '_';
        } else {
            key += c;
        }
    }
    while (!key.empty() && key.back() == '_') key.pop_back();
    static constexpr std::array<std::pair<std::string_view, Key>, 24> kKeys = {{
        {"title", Key::Title},       {"tieu_de", Key::Title},   {"author", Key::Author},
        {"tac_gia", Key::Author},    {"unit", Key::Unit},       {"don_vi", Key::Unit},
        {"field", Key::Domain},      {"domain", Key::Domain},   {"linh_vuc", Key::Domain},
        {"date", Key::Date},         {"ngay", Key::Date},       {"type", Key::Type},
        {"loai", Key::Type},         {"number", Key::Number},   {"so", Key::Number},
        {"so_ky_hieu", Key::Number}, {"issuer", Key::Issuer},   {"co_quan", Key::Issuer},
        {"signer", Key::Signer},     {"nguoi_ky", Key::Signer}, {"file", Key::File},
        {"ten_file", Key::File},     {"tep", Key::File},        {"ten_tep", Key::File},
    }};
    for (const auto& [name, k] : kKeys) {
        if (key == name) return k;
    }
    return Key::Unknown;
}

using Field = std::optional<std::string> Sidecar::*;

// The Sidecar member a key fills, or nullptr for keys that are not values ("file", unknown).
Field field_for(Key key) {
    switch (key) {
        case Key::Title:
            return &Sidecar::title;
        case Key::Author:
            return &Sidecar::author;
        case Key::Unit:
            return &Sidecar::unit;
        case Key::Domain:
            return &Sidecar::domain;
        case Key::Date:
            return &Sidecar::date;
        case Key::Type:
            return &Sidecar::type;
        case Key::Number:
            return &Sidecar::number;
        case Key::Issuer:
            return &Sidecar::issuer;
        case Key::Signer:
            return &Sidecar::signer;
        case Key::File:
        case Key::Unknown:
            break;
    }
    return nullptr;
}

constexpr std::array<Field, 9> kFields = {&Sidecar::title,  &Sidecar::author, &Sidecar::unit,
                                          &Sidecar::domain, &Sidecar::date,   &Sidecar::type,
                                          &Sidecar::number, &Sidecar::issuer, &Sidecar::signer};

// Cells typed in spreadsheets carry line breaks, NBSPs and NFD text pasted from elsewhere.
std::string clean_value(std::string_view raw) {
    return core::collapse_spaces(core::normalize_text(raw));
}

// Stores one value; empty values leave the field unset (an empty cell says nothing). A value
// that cannot be used is left out and described in `problem`.
void set_value(Sidecar& s, Key key, std::string_view raw, std::string_view key_name,
               std::vector<std::string>& problems) {
    Field field = field_for(key);
    if (field == nullptr) return;
    std::string value = clean_value(raw);
    if (value.empty()) return;
    if (key == Key::Date) {
        auto date = core::parse_date(value);
        if (!date) {
            problems.push_back(std::string(key_name) + " \"" + value + "\" is not a date");
            return;
        }
        value = date->iso();
    }
    s.*field = std::move(value);
}

// Copies every value `over` has into `base`.
void overlay(Sidecar& base, const Sidecar& over) {
    for (Field field : kFields) {
        if (over.*field) base.*field = over.*field;
    }
}

struct FileStamp {
    bool exists = false;
    std::uintmax_t size = 0;
    std::int64_t mtime_ns = 0;
    friend bool operator==(const FileStamp&, const FileStamp&) = default;
};

FileStamp stamp_of(const fs::path& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return {};
    return FileStamp{
        true, static_cast<std::uintmax_t>(st.st_size),
        static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec};
}

// Reads a whole sidecar; false with a reason when it cannot be read or is too big to be one.
bool read_whole(const fs::path& path, std::uintmax_t max_bytes, std::string& out,
                std::string& error) {
    std::error_code ec;
    std::uintmax_t size = fs::file_size(path, ec);
    if (ec) {
        error = "cannot read it (" + ec.message() + ")";
        return false;
    }
    if (size > max_bytes) {
        error = "too large for a sidecar (" + std::to_string(size) + " bytes)";
        return false;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        error = std::string("cannot read it (") + std::strerror(errno) + ")";
        return false;
    }
    out.assign(std::istreambuf_iterator<char>(in), {});
    if (in.bad()) {
        error = "cannot read it (read error)";
        return false;
    }
    return true;
}

// nlohmann's messages start with "[json.exception.parse_error.101] parse error at …".
std::string json_reason(const json::exception& e) {
    std::string what = e.what();
    std::size_t close = what.find("] ");
    if (what.starts_with("[json.exception.") && close != std::string::npos)
        what.erase(0, close + 2);
    return "not valid JSON: " + what;
}

struct ParsedMeta {
    std::optional<Sidecar> values;  // std::nullopt when the file is broken
    std::string error;              // why it is broken
    std::vector<std::string> problems;
};

ParsedMeta parse_meta_json(const fs::path& path) {
    ParsedMeta out;
    std::string content;
    if (!read_whole(path, kMaxMetaBytes, content, out.error)) return out;
    json j;
    try {
        j = json::parse(content);
    } catch (const json::exception& e) {
        out.error = json_reason(e);
        return out;
    }
    if (!j.is_object()) {
        out.error = "not a JSON object ({\"title\": …, \"author\": …})";
        return out;
    }
    Sidecar s;
    for (const auto& [name, value] : j.items()) {
        Key key = key_for(name);
        // Unknown keys are the office's own bookkeeping (ids, notes): not an error.
        if (key == Key::Unknown || key == Key::File || value.is_null()) continue;
        if (!value.is_string()) {
            out.problems.push_back("\"" + name + "\" is not text");
            continue;
        }
        set_value(s, key, value.get_ref<const std::string&>(), name, out.problems);
    }
    s.source = path;
    out.values = std::move(s);
    return out;
}

// Appends `text` and a separator that cannot occur in it, so that ("ab","c") and ("a","bc")
// hash differently.
void feed(std::uint64_t& hash, std::string_view text) {
    for (unsigned char c : text) {
        hash ^= c;
        hash *= 0x100000001b3ULL;
    }
    hash ^= 0x1e;
    hash *= 0x100000001b3ULL;
}

std::string hex64(std::uint64_t value) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out(16, '0');
    for (std::size_t i = 0; i < 16; ++i) {
        out[15 - i] = kHex[value & 0xf];
        value >>= 4;
    }
    return out;
}

std::string warning_line(const fs::path& source, std::string_view reason,
                         std::string_view consequence) {
    return source.string() + ": warning: " + std::string(reason) + "; " + std::string(consequence);
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// CSV

std::optional<std::vector<CsvRecord>> parse_csv(std::string_view text, std::string* error) {
    if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);

    // The separator is decided by the header alone, outside quotes.
    char separator = ',';
    {
        std::size_t commas = 0, semicolons = 0;
        bool quoted = false;
        for (char c : text) {
            if (c == '"') quoted = !quoted;
            if (quoted) continue;
            if (c == '\n' || c == '\r') break;
            commas += c == ',';
            semicolons += c == ';';
        }
        if (commas == 0 && semicolons > 0) separator = ';';
    }

    std::vector<CsvRecord> records;
    CsvRecord record;
    std::string field;
    std::size_t line = 1;
    std::size_t i = 0;
    record.line = 1;
    bool field_started = false;  // the current record has content (blank lines are dropped)

    auto end_field = [&] {
        record.fields.push_back(std::move(field));
        field.clear();
    };
    auto end_record = [&] {
        end_field();
        bool blank = record.fields.size() == 1 && record.fields[0].empty() && !field_started;
        if (!blank) records.push_back(std::move(record));
        record = CsvRecord{};
        record.line = line;
        field_started = false;
    };
    // Consumes a line end at `i` (CRLF, LF or CR); false when there is none.
    auto line_end = [&]() -> bool {
        if (text[i] == '\r') {
            i += (i + 1 < text.size() && text[i + 1] == '\n') ? 2 : 1;
        } else if (text[i] == '\n') {
            ++i;
        } else {
            return false;
        }
        ++line;
        return true;
    };

    while (i < text.size()) {
        if (text[i] == '"' && field.empty()) {
            // A quoted field: separators and line breaks inside are data, "" is a quote.
            field_started = true;
            const std::size_t opened_on = line;
            ++i;
            bool closed = false;
            while (i < text.size()) {
                char c = text[i];
                if (c == '"') {
                    if (i + 1 < text.size() && text[i + 1] == '"') {
                        field += '"';
                        i += 2;
                        continue;
                    }
                    ++i;
                    closed = true;
                    break;
                }
                if (c == '\r' || c == '\n') {
                    // Keep the line break as LF, whatever the file used.
                    line_end();
                    field += '\n';
                    continue;
                }
                field += c;
                ++i;
            }
            if (!closed) {
                if (error != nullptr) {
                    *error =
                        "line " + std::to_string(opened_on) + ": a quoted field is never closed";
                }
                return std::nullopt;
            }
            // Text after the closing quote ("a"b) is kept as spreadsheets do, not refused.
            continue;
        }
        if (text[i] == separator) {
            field_started = true;
            end_field();
            ++i;
            continue;
        }
        if (line_end()) {
            end_record();
            continue;
        }
        field_started = true;
        field += text[i];
        ++i;
    }
    if (field_started || !field.empty() || !record.fields.empty()) end_record();
    return records;
}

// ---------------------------------------------------------------------------------------------
// Manifests

struct SidecarReader::Manifest {
    FileStamp stamp;
    fs::path path;
    std::string error;  // the whole manifest is ignored when set
    struct Row {
        Sidecar values;
        std::vector<std::string> problems;  // "line 5: date "x" is not a date"
    };
    std::map<std::string, Row> rows;           // by file name, NFC
    std::map<std::string, std::string> lower;  // lower-cased file name -> key in rows

    void parse();

    [[nodiscard]] const Row* find(const std::string& file_name) const {
        std::string name = core::normalize_text(file_name);
        if (auto it = rows.find(name); it != rows.end()) return &it->second;
        // Names typed into a spreadsheet often differ from the file only in case.
        if (auto it = lower.find(core::lower_text(name)); it != lower.end()) {
            return &rows.at(it->second);
        }
        return nullptr;
    }
};

void SidecarReader::Manifest::parse() {
    std::string content;
    if (!read_whole(path, kMaxManifestBytes, content, error)) return;
    if (!core::is_valid_utf8(content)) {
        error = "not UTF-8 (save it as \"CSV UTF-8\")";
        return;
    }
    std::string csv_error;
    auto records = parse_csv(content, &csv_error);
    if (!records) {
        error = csv_error;
        return;
    }
    if (records->empty()) {
        error = "empty (a header row is required: file,title,author,unit,field,date)";
        return;
    }
    const CsvRecord& header = records->front();
    std::vector<Key> columns;
    std::optional<std::size_t> file_column;
    std::vector<bool> seen(static_cast<std::size_t>(Key::Unknown) + 1, false);
    for (std::size_t c = 0; c < header.fields.size(); ++c) {
        Key key = key_for(header.fields[c]);
        // A repeated column would make it unclear which one counts: the first does.
        if (key != Key::Unknown && seen[static_cast<std::size_t>(key)]) key = Key::Unknown;
        seen[static_cast<std::size_t>(key)] = true;
        if (key == Key::File && !file_column) file_column = c;
        columns.push_back(key);
    }
    if (!file_column) {
        error = "the header row has no \"file\" column";
        return;
    }
    for (std::size_t r = 1; r < records->size(); ++r) {
        const CsvRecord& record = (*records)[r];
        if (*file_column >= record.fields.size()) continue;
        std::string file = clean_value(record.fields[*file_column]);
        while (file.starts_with("./")) file.erase(0, 2);
        if (file.empty() || rows.count(file) != 0) continue;  // the first row for a file counts
        Row row;
        std::vector<std::string> problems;
        for (std::size_t c = 0; c < columns.size() && c < record.fields.size(); ++c) {
            set_value(row.values, columns[c], record.fields[c], header.fields[c], problems);
        }
        for (auto& p : problems) {
            row.problems.push_back("line " + std::to_string(record.line) + ": " + std::move(p));
        }
        row.values.source = path;
        lower.emplace(core::lower_text(file), file);
        rows.emplace(std::move(file), std::move(row));
    }
}

SidecarReader::SidecarReader() = default;
SidecarReader::~SidecarReader() = default;

const SidecarReader::Manifest& SidecarReader::manifest_for(const fs::path& folder) {
    const fs::path path = folder / kManifestName;
    const FileStamp stamp = stamp_of(path);
    auto& cached = m_manifests[folder.string()];
    if (cached && cached->stamp == stamp) return *cached;

    auto m = std::make_shared<Manifest>();
    m->stamp = stamp;
    m->path = path;
    if (stamp.exists) {
        ++m_manifests_parsed;
        m->parse();
    }
    cached = std::move(m);
    return *cached;
}

SidecarLookup SidecarReader::lookup(const fs::path& file) {
    SidecarLookup out;
    const fs::path folder = file.parent_path();
    const std::string name = file.filename().string();
    std::vector<std::string> sources;

    // Names are matched case-sensitively, like every file name on this system; is_sidecar_file
    // uses the same rule, so a file it skips is always one that is read here.
    // NAME.meta.json for this file only, then STEM.meta.json, which may describe the same
    // document saved in several formats (a.pdf and a.docx).
    std::optional<Sidecar> from_json;
    std::string previous;
    for (std::string candidate :
         {name + std::string(kMetaSuffix), file.stem().string() + std::string(kMetaSuffix)}) {
        if (candidate == previous) continue;  // a name without an extension
        previous = candidate;
        const fs::path path = folder / candidate;
        if (!stamp_of(path).exists) continue;
        ParsedMeta parsed = parse_meta_json(path);
        if (!parsed.values) {
            out.warnings.push_back(warning_line(path, parsed.error, "its values are ignored"));
            continue;
        }
        for (const auto& p : parsed.problems) {
            out.warnings.push_back(warning_line(path, p, "value ignored"));
        }
        from_json = std::move(parsed.values);
        break;
    }

    std::optional<Sidecar> merged;
    const Manifest& manifest = manifest_for(folder);
    if (manifest.stamp.exists) {
        if (!manifest.error.empty()) {
            out.warnings.push_back(
                warning_line(manifest.path, manifest.error, "the manifest is ignored"));
        } else if (const Manifest::Row* row = manifest.find(name)) {
            merged = row->values;
            sources.push_back(manifest.path.string());
            for (const auto& p : row->problems) {
                out.warnings.push_back(warning_line(manifest.path, p, "value ignored"));
            }
        }
    }
    if (from_json) {
        sources.push_back(from_json->source.string());
        if (merged) {
            overlay(*merged, *from_json);
            merged->source = from_json->source;
        } else {
            merged = std::move(from_json);
        }
    }
    out.sidecar = std::move(merged);

    if (out.sidecar || !out.warnings.empty()) {
        std::uint64_t hash = 0xcbf29ce484222325ULL;
        if (out.sidecar) {
            Sidecar& s = *out.sidecar;
            for (Field field : kFields) {
                feed(hash, (s.*field) ? "=" + *(s.*field) : std::string("-"));
            }
        }
        for (const auto& s : sources) feed(hash, s);
        for (const auto& w : out.warnings) feed(hash, w);
        out.signature = "1:" + hex64(hash);
    }
    return out;
}

// ---------------------------------------------------------------------------------------------
// The file-level API of metadata.hpp

std::optional<Sidecar> read_sidecar(const fs::path& file, std::string* warning) {
    SidecarReader reader;
    SidecarLookup found = reader.lookup(file);
    if (warning != nullptr) {
        warning->clear();
        for (const auto& w : found.warnings) {
            if (!warning->empty()) *warning += "; ";
            *warning += w;
        }
    }
    return std::move(found.sidecar);
}

void apply_sidecar(DocMeta& meta, const Sidecar& sidecar) {
    if (sidecar.title) meta.title = *sidecar.title;
    if (sidecar.author) meta.author = *sidecar.author;
    if (sidecar.unit) meta.unit = *sidecar.unit;
    if (sidecar.domain) meta.domain = *sidecar.domain;
    if (sidecar.date) {
        // SidecarReader gives ISO already; a Sidecar built by hand may not.
        auto date = core::parse_date(*sidecar.date);
        meta.date = date ? date->iso() : *sidecar.date;
    }
    if (sidecar.type) {
        // "Kế hoạch", "KẾ HOẠCH", "ke hoach" or a code ("KH").
        if (auto type = core::type_for_name(*sidecar.type)) {
            meta.type = std::string(type->name);
            meta.type_code = std::string(type->code);
        } else if (auto name = core::type_name_for_code(*sidecar.type)) {
            meta.type = std::string(*name);
            meta.type_code = *sidecar.type;
            // The code as the table writes it ("tb" -> "TB"), when it is one of the table's.
            const std::string lowered = core::lower_text(*sidecar.type);
            for (const auto& t : core::doc_types()) {
                if (t.name == *name && core::lower_text(t.code) == lowered) {
                    meta.type_code = std::string(t.code);
                    break;
                }
            }
        } else {
            meta.type = *sidecar.type;
            meta.type_code.clear();
        }
    }
    if (sidecar.number) {
        auto number = core::parse_doc_number(*sidecar.number);
        meta.number = number ? number->canonical : *sidecar.number;
    }
    if (sidecar.issuer) {
        // The sheet names the whole body; a parent read off the page would no longer match it.
        meta.issuer = *sidecar.issuer;
        meta.issuer_parent.clear();
    }
    if (sidecar.signer) meta.signature.name = *sidecar.signer;
}

bool is_sidecar_file(const fs::path& file) {
    const std::string name = file.filename().string();
    return name == kManifestName ||
           (name.size() > kMetaSuffix.size() && name.ends_with(kMetaSuffix));
}

}  // namespace vanthu::indexer
