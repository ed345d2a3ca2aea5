// metadata_accuracy: how well parse_metadata reads the header, footer and citations of
// documents whose metadata is known (bench/generate_documents.py writes NAME.expected.json
// beside NAME.docx / NAME.pdf / NAME.txt).
//
//   metadata_accuracy DIR [--limit N] [--formats docx,pdf,txt] [--examples K] [--min PCT]
//                         [--json FILE]
//
// Each file goes through the same path as indexing: ExtractorRegistry -> join_blocks ->
// core::normalize_text -> indexer::parse_metadata. Every field is compared with the expected
// value and a table per format is printed (field, right, total, accuracy), followed by the
// first mismatches of each field, to help fix the parser. It is a measurement: the exit status
// is 0 unless --min is given and some field of some format is below it (then 1); 2 for usage
// errors.
//
// Comparison rules (the same on both sides):
//  - text fields: normalize_text (NFC, NBSP, Ð -> Đ), spaces collapsed, trimmed, final
//    " .;,:" dropped, case-folded; the subject also loses a leading "V/v" / "Về việc";
//  - own number: exact canonical form; date: exact ISO;
//  - recipients: the set of items (dash and final punctuation dropped) must be equal;
//  - citations: recall and precision of the cited numbers' keys (DocNumber::key), and for the
//    matched ones with an expected date, the share whose date is right.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "vanthu/core/docnumber.hpp"
#include "vanthu/core/text.hpp"
#include "vanthu/indexer/extractor.hpp"
#include "vanthu/indexer/metadata.hpp"

namespace fs = std::filesystem;
namespace core = vanthu::core;
namespace indexer = vanthu::indexer;
using nlohmann::json;

namespace {

constexpr int kExitOk = 0;
constexpr int kExitBelowMin = 1;
constexpr int kExitUsage = 2;

// ---- normalisation for comparison --------------------------------------------------------

std::string strip_trailing_punct(std::string s) {
    while (!s.empty() && (s.back() == '.' || s.back() == ';' || s.back() == ',' ||
                          s.back() == ':' || s.back() == ' ')) {
        s.pop_back();
    }
    return s;
}

std::string norm_text(std::string_view s) {
    return core::lower_text(strip_trailing_punct(core::collapse_spaces(core::normalize_text(s))));
}

bool starts_with(std::string_view s, std::string_view prefix) {
    return s.substr(0, prefix.size()) == prefix;
}

// "V/v góp ý …" and "Về việc góp ý …" name the same subject as "góp ý …".
std::string norm_subject(std::string_view s) {
    std::string t = norm_text(s);
    for (std::string_view prefix : {"v/v ", "về việc ", "v/v: ", "về việc: "}) {
        if (starts_with(t, prefix)) return t.substr(prefix.size());
    }
    return t;
}

std::string norm_recipient(std::string_view s) {
    std::string t = core::collapse_spaces(core::normalize_text(s));
    std::size_t i = 0;
    while (i < t.size() && (t[i] == '-' || t[i] == '+' || t[i] == ' ')) ++i;
    return norm_text(std::string_view(t).substr(i));
}

std::string number_key(const std::string& text) {
    if (text.empty()) return {};
    const auto n = core::parse_doc_number(core::normalize_text(text));
    return n ? n->key : core::lower_text(text);
}

std::string join(const std::vector<std::string>& items, std::string_view sep) {
    std::string out;
    for (const auto& s : items) {
        if (!out.empty()) out += sep;
        out += s;
    }
    return out;
}

std::string str(const json& j, const char* key) {
    const auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// ---- scoring -----------------------------------------------------------------------------

// The order of the rows in the table.
const std::vector<std::string> kFields = {
    "number",     "type",    "issuer",      "issuer_parent",   "place",
    "date",       "subject", "signer.name", "signer.position", "signer.authority",
    "recipients", "secrecy", "urgency",
};

struct Mismatch {
    std::string file;
    std::string expected;
    std::string got;
};

struct FieldScore {
    long right = 0;
    long total = 0;
    std::vector<Mismatch> examples;
};

struct FormatScore {
    std::map<std::string, FieldScore> fields;
    long files = 0;
    long extract_failed = 0;
    long all_right = 0;  // documents with every field above right
    // Citations, micro-averaged over all documents.
    long cite_expected = 0, cite_found = 0, cite_matched = 0;
    long cite_dated = 0, cite_date_right = 0;
    std::vector<Mismatch> cite_examples;
    std::vector<Mismatch> cite_date_examples;
    double seconds = 0;
};

struct Options {
    fs::path dir;
    long limit = 0;
    std::string formats = "docx,pdf,txt";
    std::size_t examples = 5;
    double min = -1;
    std::string json_out;
};

// Generator and core must agree on what a number is, or the expected values are wrong.
struct Disagreement {
    std::string file, written, generator, core;
};

class Bench {
  public:
    explicit Bench(const Options& options) : m_options(options) {}

    void score_file(const fs::path& file, const json& expected, FormatScore& score, json* record) {
        ++score.files;
        const std::string name = file.filename().string();
        const auto* extractor = m_registry.for_path(file);
        indexer::DocMeta meta;
        bool extracted = false;
        std::string error;
        if (extractor == nullptr) {
            error = "no extractor";
        } else {
            const auto result = extractor->extract(file, indexer::ExtractLimits{});
            if (result.ok()) {
                meta = indexer::parse_metadata(
                    core::normalize_text(indexer::join_blocks(*result.document)));
                extracted = true;
            } else {
                error = result.error->code + ": " + result.error->message;
            }
        }
        if (!extracted) {
            ++score.extract_failed;
            std::cerr << name << ": skipped: " << error << "\n";
        }

        bool all = true;
        json fields = json::object();
        auto check = [&](const std::string& field, const std::string& want, const std::string& got,
                         const std::string& want_cmp, const std::string& got_cmp) {
            FieldScore& f = score.fields[field];
            ++f.total;
            const bool ok = extracted && want_cmp == got_cmp;
            if (ok) {
                ++f.right;
            } else {
                all = false;
                if (f.examples.size() < m_options.examples) {
                    f.examples.push_back({name, want, extracted ? got : "(" + error + ")"});
                }
            }
            fields[field] = {{"ok", ok}, {"expected", want}, {"got", got}};
        };
        auto text = [&](const std::string& field, const std::string& want, const std::string& got) {
            check(field, want, got, norm_text(want), norm_text(got));
        };

        const std::string want_number = str(expected, "number");
        check("number", want_number, meta.number, want_number, meta.number);
        text("type", str(expected, "type"), meta.type);
        text("issuer", str(expected, "issuer"), meta.issuer);
        text("issuer_parent", str(expected, "issuer_parent"), meta.issuer_parent);
        text("place", str(expected, "place"), meta.place);
        const std::string want_date = str(expected, "date");
        check("date", want_date, meta.date, want_date, meta.date);
        check("subject", str(expected, "subject"), meta.subject,
              norm_subject(str(expected, "subject")), norm_subject(meta.subject));
        const json signer = expected.value("signer", json::object());
        text("signer.name", str(signer, "name"), meta.signature.name);
        text("signer.position", str(signer, "position"), meta.signature.position);
        text("signer.authority", str(signer, "authority"), meta.signature.authority);

        std::vector<std::string> want_rcpt =
            expected.value("recipients", std::vector<std::string>{});
        std::set<std::string> want_set, got_set;
        for (const auto& r : want_rcpt) want_set.insert(norm_recipient(r));
        for (const auto& r : meta.recipients) got_set.insert(norm_recipient(r));
        {
            // Show only the difference: a whole list is unreadable in a table.
            std::vector<std::string> missing, extra;
            for (const auto& r : want_set) {
                if (!got_set.count(r)) missing.push_back(r);
            }
            for (const auto& r : got_set) {
                if (!want_set.count(r)) extra.push_back(r);
            }
            const std::string want =
                missing.empty() ? "" : "missing [" + join(missing, " | ") + "]";
            const std::string got = extra.empty() ? "" : "extra [" + join(extra, " | ") + "]";
            check("recipients", want, got, "", want + got);
            fields["recipients"]["expected"] = want_rcpt;
            fields["recipients"]["got"] = meta.recipients;
        }
        text("secrecy", str(expected, "secrecy"), meta.secrecy);
        text("urgency", str(expected, "urgency"), meta.urgency);

        // Citations: keys of the cited numbers, and their dates.
        std::map<std::string, std::string> want_cites;  // key -> ISO date
        for (const auto& c : expected.value("citations", json::array())) {
            const std::string written = str(c, "written");
            const std::string key = number_key(written.empty() ? str(c, "number") : written);
            if (const std::string gen = str(c, "key"); !gen.empty() && gen != key) {
                m_disagreements.push_back({name, written, gen, key});
            }
            want_cites[key] = str(c, "date");
        }
        std::map<std::string, std::string> got_cites;
        if (extracted) {
            for (const auto& c : meta.citations) {
                const std::string key = c.key.empty() ? number_key(c.number) : c.key;
                got_cites.emplace(key, c.date);  // the first mention of a number gives its date
            }
        }
        std::vector<std::string> missing, extra, wrong_date;
        long matched = 0;
        for (const auto& [key, date] : want_cites) {
            const auto it = got_cites.find(key);
            if (it == got_cites.end()) {
                missing.push_back(key);
                continue;
            }
            ++matched;
            if (!date.empty()) {
                ++score.cite_dated;
                if (it->second == date) {
                    ++score.cite_date_right;
                } else {
                    wrong_date.push_back(key + " " + date + " got " +
                                         (it->second.empty() ? "none" : it->second));
                }
            }
        }
        for (const auto& [key, date] : got_cites) {
            if (!want_cites.count(key)) extra.push_back(key);
        }
        score.cite_expected += static_cast<long>(want_cites.size());
        score.cite_found += static_cast<long>(got_cites.size());
        score.cite_matched += matched;
        if ((!missing.empty() || !extra.empty()) &&
            score.cite_examples.size() < m_options.examples && extracted) {
            score.cite_examples.push_back({name, "missing [" + join(missing, " | ") + "]",
                                           "extra [" + join(extra, " | ") + "]"});
        }
        if (!wrong_date.empty() && score.cite_date_examples.size() < m_options.examples) {
            score.cite_date_examples.push_back({name, join(wrong_date, " | "), ""});
        }
        if (all && missing.empty() && extra.empty() && wrong_date.empty()) ++score.all_right;

        // A generator whose canonical number differs from the core's would blame the parser.
        const std::string written = str(expected, "number_written");
        if (const auto n = core::parse_doc_number(core::normalize_text(written));
            !n || n->canonical != want_number) {
            m_disagreements.push_back({name, written, want_number, n ? n->canonical : "(none)"});
        }

        if (record != nullptr) {
            json cites = json::array();
            for (const auto& c : meta.citations) {
                cites.push_back({{"number", c.number}, {"key", c.key}, {"date", c.date}});
            }
            *record = {{"file", name},
                       {"extracted", extracted},
                       {"error", error},
                       {"fields", fields},
                       {"citations",
                        {{"missing", missing},
                         {"extra", extra},
                         {"wrong_date", wrong_date},
                         {"got", cites}}}};
        }
    }

    [[nodiscard]] const std::vector<Disagreement>& disagreements() const { return m_disagreements; }

  private:
    const Options& m_options;
    indexer::ExtractorRegistry m_registry;
    std::vector<Disagreement> m_disagreements;
};

double percent(long right, long total) {
    return total == 0 ? 100.0 : 100.0 * static_cast<double>(right) / static_cast<double>(total);
}

std::string format_row(std::string_view field, long right, long total) {
    char buf[128];
    std::snprintf(buf, sizeof buf, "  %-22.*s %6ld %6ld %8.1f%%\n", static_cast<int>(field.size()),
                  field.data(), right, total, percent(right, total));
    return buf;
}

// Values are shown between « » so that empty strings and stray spaces are visible.
std::string shown(const std::string& s) { return "«" + s + "»"; }

void print_format(const std::string& format, const FormatScore& s) {
    std::cout << "\n== " << format << ": " << s.files << " files";
    if (s.extract_failed) std::cout << ", " << s.extract_failed << " could not be extracted";
    char buf[64];
    std::snprintf(buf, sizeof buf, ", %.1f s", s.seconds);
    std::cout << buf << " ==\n";
    std::cout << "  field                   right  total  accuracy\n";
    for (const auto& field : kFields) {
        const auto it = s.fields.find(field);
        if (it == s.fields.end()) continue;
        std::cout << format_row(field, it->second.right, it->second.total);
    }
    std::cout << format_row("citations recall", s.cite_matched, s.cite_expected);
    std::cout << format_row("citations precision", s.cite_matched, s.cite_found);
    std::cout << format_row("citation dates", s.cite_date_right, s.cite_dated);
    std::cout << format_row("all fields right", s.all_right, s.files);

    bool header = false;
    auto examples = [&](const std::string& field, const std::vector<Mismatch>& list,
                        bool two_sided) {
        if (list.empty()) return;
        if (!header) std::cout << "  -- first mismatches (expected vs got) --\n";
        header = true;
        std::cout << "  " << field << ":\n";
        for (const auto& m : list) {
            std::cout << "    " << m.file << ": " << shown(m.expected);
            if (two_sided) std::cout << " vs " << shown(m.got);
            std::cout << "\n";
        }
    };
    for (const auto& field : kFields) {
        const auto it = s.fields.find(field);
        if (it != s.fields.end()) examples(field, it->second.examples, true);
    }
    examples("citations", s.cite_examples, true);
    examples("citation dates", s.cite_date_examples, false);
}

std::vector<std::string> split_list(const std::string& s) {
    std::vector<std::string> out;
    std::stringstream in(s);
    for (std::string item; std::getline(in, item, ',');) {
        if (!item.empty()) out.push_back(item);
    }
    return out;
}

int run(const Options& options) {
    if (!fs::is_directory(options.dir)) {
        std::cerr << "metadata_accuracy: " << options.dir << " is not a directory\n";
        return kExitUsage;
    }
    // NAME.expected.json -> the documents NAME.<format> beside it.
    std::map<std::string, json> expected;
    for (const auto& entry : fs::directory_iterator(options.dir)) {
        const std::string fname = entry.path().filename().string();
        constexpr std::string_view suffix = ".expected.json";
        if (fname.size() <= suffix.size() ||
            fname.compare(fname.size() - suffix.size(), suffix.size(), suffix) != 0) {
            continue;
        }
        std::ifstream in(entry.path());
        try {
            expected[fname.substr(0, fname.size() - suffix.size())] = json::parse(in);
        } catch (const json::exception& e) {
            std::cerr << fname << ": skipped: bad JSON: " << e.what() << "\n";
        }
    }
    if (expected.empty()) {
        std::cerr << "metadata_accuracy: no NAME.expected.json in " << options.dir
                  << " (run bench/generate_documents.py first)\n";
        return kExitUsage;
    }

    Bench bench(options);
    std::map<std::string, FormatScore> scores;
    json details = json::object();
    const std::vector<std::string> formats = split_list(options.formats);
    for (const auto& format : formats) {
        FormatScore& score = scores[format];
        json records = json::array();
        const auto start = std::chrono::steady_clock::now();
        long n = 0;
        for (const auto& [stem, exp] : expected) {
            if (options.limit > 0 && n >= options.limit) break;
            const fs::path file = options.dir / (stem + "." + format);
            if (!fs::exists(file)) continue;
            ++n;
            json record;
            bench.score_file(file, exp, score, options.json_out.empty() ? nullptr : &record);
            if (!options.json_out.empty()) records.push_back(std::move(record));
        }
        score.seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (score.files == 0) {
            scores.erase(format);
            continue;
        }
        details[format] = std::move(records);
    }
    if (scores.empty()) {
        std::cerr << "metadata_accuracy: no documents of the formats " << options.formats << " in "
                  << options.dir << "\n";
        return kExitUsage;
    }

    std::cout << "metadata accuracy: " << options.dir.string() << "\n";
    for (const auto& format : formats) {
        if (scores.count(format)) print_format(format, scores[format]);
    }
    if (!bench.disagreements().empty()) {
        std::cout << "\nWARNING: " << bench.disagreements().size()
                  << " numbers where generator and core::parse_doc_number disagree "
                     "(the expected values may be wrong):\n";
        for (std::size_t i = 0; i < bench.disagreements().size() && i < 10; ++i) {
            const auto& d = bench.disagreements()[i];
            std::cout << "  " << d.file << ": " << shown(d.written) << " generator "
                      << shown(d.generator) << " core " << shown(d.core) << "\n";
        }
    }
    if (!options.json_out.empty()) {
        std::ofstream out(options.json_out);
        out << details.dump(1) << "\n";
        std::cout << "\nper-document results: " << options.json_out << "\n";
    }

    if (options.min < 0) return kExitOk;
    std::vector<std::string> below;
    for (const auto& [format, s] : scores) {
        for (const auto& [field, f] : s.fields) {
            if (percent(f.right, f.total) < options.min) below.push_back(format + " " + field);
        }
        if (percent(s.cite_matched, s.cite_expected) < options.min) {
            below.push_back(format + " citations recall");
        }
        if (percent(s.cite_matched, s.cite_found) < options.min) {
            below.push_back(format + " citations precision");
        }
        if (percent(s.cite_date_right, s.cite_dated) < options.min) {
            below.push_back(format + " citation dates");
        }
    }
    if (below.empty()) return kExitOk;
    std::cout << "\nbelow " << options.min << "%: " << join(below, ", ") << "\n";
    return kExitBelowMin;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"Measure how well the metadata parser reads generated documents"};
    Options options;
    std::string dir;
    app.add_option("dir", dir, "Folder written by bench/generate_documents.py")->required();
    app.add_option("--limit", options.limit, "At most N documents per format (0: all)");
    app.add_option("--formats", options.formats, "Formats to measure, comma-separated")
        ->capture_default_str();
    app.add_option("--examples", options.examples, "Mismatches shown per field")
        ->capture_default_str();
    app.add_option("--min", options.min,
                   "Exit 1 when a field of a format is below this accuracy (percent)");
    app.add_option("--json", options.json_out, "Write per-document results to this file");
    CLI11_PARSE(app, argc, argv);
    options.dir = dir;
    try {
        return run(options);
    } catch (const std::exception& e) {
        std::cerr << "metadata_accuracy: " << e.what() << "\n";
        return kExitUsage;
    }
}
