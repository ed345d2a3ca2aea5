// `vanthu check`: resolve every citation of drafts (or of the whole archive) and report them.
#include "check.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <ostream>
#include <stdexcept>

#include "citation_report.hpp"
#include "read_document.hpp"
#include "vanthu/query/citations.hpp"
#include "vanthu/query/lookup.hpp"

namespace vanthu::tools {
namespace {

using nlohmann::json;
using query::CitationStatus;

struct CheckedCitation {
    query::CitationRef ref;
    query::CitationResolution resolution;
};

// One file checked: a draft read from disk, or an archived document read from the index.
struct CheckedFile {
    std::string path;         // as given on the command line, or the stored path
    Xapian::docid docid = 0;  // archived documents only
    std::string error;        // why a draft could not be read
    std::string format;
    std::string number;  // its own number and date, to say which document it is
    std::string date;
    std::vector<CheckedCitation> citations;
};

query::CitationRef to_ref(const indexer::Citation& c) {
    return {c.type, c.number, c.key, c.date, c.issuer, c.sentence};
}

// Code points, for lining up columns that hold Vietnamese letters.
std::size_t width(std::string_view s) {
    std::size_t n = 0;
    for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return n;
}

std::string pad(const std::string& s, std::size_t to) {
    const std::size_t w = width(s);
    return w >= to ? s + " " : s + std::string(to - w, ' ');
}

// The report in one of three formats, written as files are checked, so that checking a whole
// archive never holds every resolution in memory.
class Report {
  public:
    Report(CheckFormat format, std::ostream& out) : m_format(format), m_out(out) {}

    void begin() {
        if (m_format == CheckFormat::Json) m_out << "{\n  \"files\": [";
        if (m_format == CheckFormat::Csv) {
            m_out << "file,number,type,date,issuer,status,document,document_number,"
                     "document_date,intended,archived_date,candidates,note,sentence\r\n";
        }
    }

    void add(const CheckedFile& f) {
        ++m_files;
        if (!f.error.empty()) ++m_unreadable;
        for (const auto& c : f.citations) m_counts.add(c.resolution.status);
        switch (m_format) {
            case CheckFormat::Table:
                table(f);
                break;
            case CheckFormat::Json:
                m_out << (m_files == 1 ? "\n" : ",\n") << indent(file_json(f).dump(2), "    ");
                break;
            case CheckFormat::Csv:
                csv(f);
                break;
        }
    }

    void end() {
        if (m_format == CheckFormat::Json) {
            json summary{{"files", m_files},
                         {"unreadable", m_unreadable},
                         {"citations", m_counts.total()},
                         {"problems", m_counts.problems()},
                         {"statuses", m_counts.to_json()}};
            m_out << (m_files == 0 ? "],\n" : "\n  ],\n")
                  << "  \"summary\": " << indent(summary.dump(2), "  ").substr(2) << "\n}\n";
        } else if (m_format == CheckFormat::Table) {
            m_out << "Checked " << m_files << (m_files == 1 ? " file" : " files") << ": "
                  << m_counts.total() << (m_counts.total() == 1 ? " citation" : " citations");
            if (m_counts.total() > 0) m_out << " (" << m_counts.to_text() << ")";
            if (m_unreadable > 0) {
                m_out << "; " << m_unreadable << (m_unreadable == 1 ? " file" : " files")
                      << " could not be read";
            }
            m_out << ".\n";
        }
    }

  private:
    static std::string indent(const std::string& text, const std::string& by) {
        std::string out = by;
        for (char c : text) {
            out += c;
            if (c == '\n') out += by;
        }
        return out;
    }

    static json file_json(const CheckedFile& f) {
        json j{{"path", f.path}};
        if (f.docid != 0) j["docid"] = f.docid;
        if (!f.error.empty()) {
            j["error"] = f.error;
            return j;
        }
        j["format"] = f.format;
        j["number"] = f.number;
        j["date"] = f.date;
        json list = json::array();
        for (const auto& c : f.citations) list.push_back(resolution_json(c.ref, c.resolution));
        j["citations"] = std::move(list);
        return j;
    }

    void table(const CheckedFile& f) {
        m_out << "== " << f.path;
        if (f.docid != 0) m_out << " [" << f.docid << "]";
        if (!f.error.empty()) {
            m_out << ": could not be read: " << f.error << "\n\n";
            return;
        }
        std::string about = f.number;
        if (!f.date.empty()) about += (about.empty() ? "" : ", ") + f.date;
        if (!about.empty()) m_out << " (" << about << ")";
        std::size_t problems = 0;
        for (const auto& c : f.citations) problems += c.resolution.status != CitationStatus::Found;
        m_out << ": " << f.citations.size()
              << (f.citations.size() == 1 ? " citation" : " citations");
        if (!f.citations.empty()) {
            m_out << ", " << (problems == 0 ? "all found" : std::to_string(problems) + " to check");
        }
        m_out << "\n";
        std::size_t number_width = 0;
        for (const auto& c : f.citations) {
            number_width = std::max(number_width, width(c.ref.number));
        }
        constexpr std::size_t kStatusWidth = 16;
        const std::string detail(2 + kStatusWidth, ' ');
        for (const auto& c : f.citations) {
            const auto& r = c.resolution;
            const std::string date = c.ref.date.empty() ? "-" : c.ref.date;
            m_out << "  " << pad(std::string(query::status_name(r.status)), kStatusWidth)
                  << pad(c.ref.number, number_width + 2)
                  << (c.ref.issuer.empty() ? date : pad(date, 12) + c.ref.issuer) << "\n";
            if (r.status == CitationStatus::Found) {
                if (r.document) m_out << detail << summary_line(*r.document) << "\n";
                continue;
            }
            m_out << detail << r.note << "\n";
            if (r.document) m_out << detail << summary_line(*r.document) << "\n";
            // A typo's other candidates are alternatives to the document above it.
            const std::string_view lead = r.status == CitationStatus::Typo ? "or " : "";
            for (const auto& d : r.candidates) {
                m_out << detail << lead << summary_line(d) << "\n";
            }
            if (!c.ref.sentence.empty()) m_out << detail << "\"" << c.ref.sentence << "\"\n";
        }
        m_out << "\n";
    }

    void csv_row(const std::vector<std::string>& fields) {
        for (std::size_t i = 0; i < fields.size(); ++i) {
            m_out << (i == 0 ? "" : ",") << csv_field(fields[i]);
        }
        m_out << "\r\n";
    }

    void csv(const CheckedFile& f) {
        if (!f.error.empty()) {
            csv_row({f.path, "", "", "", "", "error", "", "", "", "", "", "", f.error, ""});
            return;
        }
        for (const auto& c : f.citations) {
            const auto& r = c.resolution;
            std::string candidates;
            for (const auto& d : r.candidates) {
                candidates += (candidates.empty() ? "" : "; ") + d.path;
            }
            csv_row({f.path, c.ref.number, c.ref.type, c.ref.date, c.ref.issuer,
                     std::string(query::status_name(r.status)), r.document ? r.document->path : "",
                     r.document ? r.document->number : "", r.document ? r.document->date : "",
                     r.intended, r.archived_date, candidates, r.note, c.ref.sentence});
        }
    }

    CheckFormat m_format;
    std::ostream& m_out;
    std::size_t m_files = 0;
    std::size_t m_unreadable = 0;
    StatusCounts m_counts;
};

// Every document id in the index, read up front: resolving citations between reads of a long
// posting list would leave it open while the resolver reads the same database.
std::vector<Xapian::docid> all_docids(Xapian::Database& db) {
    try {
        std::vector<Xapian::docid> ids;
        for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) ids.push_back(*it);
        return ids;
    } catch (const Xapian::Error& e) {
        throw std::runtime_error("cannot read the index: " + e.get_description());
    }
}

}  // namespace

std::string csv_field(const std::string& value) {
    if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
    std::string out = "\"";
    for (char c : value) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

int check(const CheckOptions& options, std::ostream& out, std::ostream& err) {
    if (options.files.empty() && !options.all) {
        err << "vanthu: check: give the drafts to check, or --all for the whole archive\n";
        return kCheckError;
    }
    query::CitationResolver resolver(options.index_dir);
    Report report(options.format, out);
    report.begin();
    bool unreadable = false;
    bool problems = false;
    auto resolve_all = [&](CheckedFile& f, const std::vector<query::CitationRef>& refs) {
        for (const auto& ref : refs) {
            CheckedCitation c{ref, resolver.resolve(ref)};
            problems = problems || c.resolution.status != CitationStatus::Found;
            f.citations.push_back(std::move(c));
        }
    };

    if (!options.files.empty()) {
        FileReader reader(options.isolation);
        for (const std::string& name : options.files) {
            CheckedFile f;
            f.path = name;
            const FileReading reading = reader.read(std::filesystem::path(name));
            if (!reading.warning.empty()) err << name << ": " << reading.warning << "\n";
            if (!reading.ok()) {
                err << name << ": error: " << reading.error << "\n";
                f.error = reading.error;
                unreadable = true;
                report.add(f);
                continue;
            }
            f.format = reading.format;
            f.number = reading.meta.number;
            f.date = reading.meta.date;
            std::vector<query::CitationRef> refs;
            for (const auto& c : reading.meta.citations) refs.push_back(to_ref(c));
            resolve_all(f, refs);
            report.add(f);
        }
    }
    if (options.all) {
        query::DocumentLookup lookup(options.index_dir);
        for (const Xapian::docid id : all_docids(resolver.database())) {
            const auto doc = lookup.by_docid(id);
            if (!doc) continue;  // removed since the list was read
            const auto refs = query::stored_citations(*doc);
            if (refs.empty()) continue;
            CheckedFile f;
            f.path = doc->path;
            f.docid = doc->docid;
            f.format = doc->format;
            f.number = doc->number;
            f.date = doc->date;
            resolve_all(f, refs);
            report.add(f);
        }
    }
    report.end();
    if (unreadable) return kCheckError;
    return problems ? kCheckProblems : kCheckAllFound;
}

}  // namespace vanthu::tools
