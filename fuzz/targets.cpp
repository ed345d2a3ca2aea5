#include "targets.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <cstdlib>
#include <memory>
#include <stdexcept>
#include <string>

#include <xapian.h>
#include <nlohmann/json.hpp>

#include "../query/src/data_fields.hpp"
#include "vanthu/core/analyzer.hpp"
#include "vanthu/core/date.hpp"
#include "vanthu/core/docnumber.hpp"
#include "vanthu/core/text.hpp"
#include "vanthu/indexer/doc_builder.hpp"
#include "vanthu/indexer/extractor.hpp"
#include "vanthu/indexer/metadata.hpp"
#include "vanthu/query/fields.hpp"
#include "vanthu/query/query_parser.hpp"
#include "vanthu/query/search.hpp"

namespace vanthu::fuzz {

namespace {

std::string_view as_text(const std::uint8_t* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

void require(bool ok) {
    if (!ok) std::abort();
}

const core::Analyzer& analyzer() {
    static const core::Analyzer a;
    return a;
}

// A file holding the input, for extractors that take a path: an in-memory file rewritten for
// each input, so no disk I/O and nothing left behind.
class InputFile {
  public:
    InputFile() : m_fd(::memfd_create("vanthu-fuzz", 0)) {
        if (m_fd < 0) throw std::runtime_error("memfd_create failed");
        m_path = "/proc/self/fd/" + std::to_string(m_fd);
    }
    const std::string& write(const std::uint8_t* data, std::size_t size) {
        require(::ftruncate(m_fd, 0) == 0);
        std::size_t done = 0;
        while (done < size) {
            const ssize_t n = ::pwrite(m_fd, data + done, size - done, static_cast<off_t>(done));
            require(n > 0);
            done += static_cast<std::size_t>(n);
        }
        return m_path;
    }

  private:
    int m_fd;
    std::string m_path;
};

void check_numbers(std::string_view text, core::ScanMode mode) {
    std::size_t last_end = 0;
    for (const auto& m : core::find_doc_numbers(text, mode)) {
        require(m.begin < m.end && m.end <= text.size() && m.begin >= last_end);
        last_end = m.end;
        require(!m.number.canonical.empty() && !m.number.key.empty());
    }
}

}  // namespace

void docnumber(const std::uint8_t* data, std::size_t size) {
    const std::string_view raw = as_text(data, size);
    (void)core::parse_doc_number(raw);
    const std::string text = core::normalize_text(raw);
    if (auto n = core::parse_doc_number(text)) {
        require(!n->canonical.empty() && !n->key.empty() && !n->folded_key.empty());
    }
    check_numbers(text, core::ScanMode::Text);
    check_numbers(text, core::ScanMode::Query);
}

void date(const std::uint8_t* data, std::size_t size) {
    const std::string_view raw = as_text(data, size);
    (void)core::parse_date(raw);
    const std::string text = core::normalize_text(raw);
    if (auto d = core::parse_date(text)) {
        require(core::valid_date(d->year, d->month, d->day));
        require(d->iso().size() == 10 && d->compact().size() == 8);
        // A date written the ISO way reads back as itself.
        require(core::parse_date(d->iso()) == d);
    }
    std::size_t last_end = 0;
    for (const auto& m : core::find_dates(text)) {
        require(m.begin < m.end && m.end <= text.size() && m.begin >= last_end);
        require(core::valid_date(m.date.year, m.date.month, m.date.day));
        last_end = m.end;
    }
}

void header(const std::uint8_t* data, std::size_t size) {
    const std::string text = core::normalize_text(as_text(data, size));
    const indexer::DocMeta meta = indexer::parse_metadata(text);
    // What the index stores must survive its own round trip.
    const indexer::DocMeta back = indexer::DocMeta::from_json(meta.to_json());
    require(back.number == meta.number && back.date == meta.date &&
            back.citations.size() == meta.citations.size());
    (void)indexer::display_title(meta, "tên tệp");
    (void)indexer::issuer_display(meta);
}

void query(const std::uint8_t* data, std::size_t size) {
    static const query::QueryParser parser(analyzer());
    const std::string_view text = as_text(data, size);
    try {
        const query::ParsedQuery q = parser.parse(text);
        (void)q.query.get_description();
        require(q.term_count <= query::kMaxQueryTerms);
    } catch (const query::QueryError&) {
        // A message for the user: the expected outcome for most inputs.
    }
    for (const auto field : {query::Field::Number, query::Field::Type, query::Field::Issuer,
                             query::Field::Date, query::Field::Year, query::Field::Title}) {
        try {
            (void)parser.parse_field(field, text);
        } catch (const query::QueryError&) {
        }
    }
}

void docx(const std::uint8_t* data, std::size_t size) {
    static InputFile file;
    static const std::unique_ptr<indexer::Extractor> extractor = indexer::make_docx_extractor();
    static const indexer::DocBuilder builder(analyzer());
    indexer::ExtractLimits limits;
    // Small limits keep each run fast; they are limits like any other.
    limits.max_entry_bytes = 4u << 20;
    limits.max_total_uncompressed = 8u << 20;
    limits.max_zip_entries = 1000;
    const std::string& path = file.write(data, size);
    const indexer::ExtractResult r = extractor->extract(path, limits);
    require(r.ok() != r.error.has_value());
    if (r.ok()) {
        indexer::FileInfo info;
        info.path = "/fuzz/input.docx";
        info.format = "docx";
        (void)builder.build(info, *r.document);
    } else {
        require(!r.error->code.empty() && !r.error->message.empty());
    }
}

void text(const std::uint8_t* data, std::size_t size) {
    static InputFile file;
    static const std::unique_ptr<indexer::Extractor> extractor = indexer::make_text_extractor();
    const std::string_view raw = as_text(data, size);
    const indexer::ExtractResult r = extractor->extract(file.write(data, size), {});
    require(r.ok() != r.error.has_value());
    if (r.ok()) {
        for (const auto& b : r.document->blocks) require(core::is_valid_utf8(b.text));
    }
    const std::string normal = analyzer().normalize(raw);
    require(core::is_valid_utf8(normal));
    require(core::is_valid_utf8(core::fold_text(normal)));
    analyzer().tokenize(normal, [](const core::Token& t) {
        require(!t.exact.empty() && core::is_valid_utf8(t.exact) && core::is_valid_utf8(t.folded));
    });
}

void stored(const std::uint8_t* data, std::size_t size) {
    const std::string_view raw = as_text(data, size);
    const auto fields = query::detail::read_data_fields(raw);
    if (!fields) return;  // left to the full parser
    // Whatever the quick reader reads, the full parser reads the same way.
    const nlohmann::json j = nlohmann::json::parse(raw, nullptr, false);
    require(j.is_object());
    auto text = [](const nlohmann::json& o, const char* key) {
        auto it = o.find(key);
        return it != o.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    require(fields->path == text(j, "path") && fields->name == text(j, "name") &&
            fields->title == text(j, "title") && fields->number == text(j, "number") &&
            fields->format == text(j, "format") && fields->status == text(j, "status") &&
            fields->date == text(j, "date"));
    const auto e = j.find("error");
    require(fields->error == (e != j.end() && e->is_object() ? text(*e, "message") : ""));
    const auto s = j.find("size");
    require(fields->size ==
            (s != j.end() && s->is_number_unsigned() ? s->get<std::uint64_t>() : 0));
    const auto m = j.find("meta");
    const bool meta = m != j.end() && m->is_object();
    require(fields->has_meta == meta);
    if (meta) {
        require(fields->meta_type == text(*m, "type") &&
                fields->meta_issuer == text(*m, "issuer") &&
                fields->meta_date == text(*m, "date") && fields->meta_number == text(*m, "number"));
    }
}

Target target_named(std::string_view name) {
    if (name == "docnumber") return &docnumber;
    if (name == "date") return &date;
    if (name == "header") return &header;
    if (name == "query") return &query;
    if (name == "docx") return &docx;
    if (name == "text") return &text;
    if (name == "stored") return &stored;
    return nullptr;
}

}  // namespace vanthu::fuzz
