#include "extract.hpp"

#include <filesystem>
#include <nlohmann/json.hpp>
#include <ostream>

#include "read_document.hpp"

namespace vanthu::tools {

namespace {

void print_field(std::ostream& out, const char* name, const std::string& value) {
    if (!value.empty()) out << "  " << name << ": " << value << "\n";
}

}  // namespace

int extract(const std::vector<std::string>& files, bool as_json, bool text_only,
            const indexer::Isolation& isolation, std::ostream& out, std::ostream& err) {
    FileReader reader(isolation);
    int status = 0;
    nlohmann::json all = nlohmann::json::array();
    for (const std::string& name : files) {
        const FileReading reading = reader.read(std::filesystem::path(name));
        if (!reading.warning.empty()) err << name << ": " << reading.warning << "\n";
        if (!reading.ok()) {
            err << name << ": skipped: " << reading.error << "\n";
            status = 1;
            continue;
        }
        const indexer::DocMeta& meta = reading.meta;
        const std::string& text = reading.text;
        if (as_json) {
            all.push_back({{"path", name},
                           {"format", reading.format},
                           {"meta", meta.to_json()},
                           {"text", text}});
            continue;
        }
        if (text_only) {
            out << text << "\n";
            continue;
        }
        out << "== " << name << " (" << reading.format << ")\n";
        print_field(out, "number", meta.number);
        print_field(out, "type", meta.type);
        print_field(out, "issuer", meta.issuer);
        print_field(out, "issuer parent", meta.issuer_parent);
        print_field(out, "place", meta.place);
        print_field(out, "date", meta.date);
        print_field(out, "subject", meta.subject);
        print_field(out, "signer",
                    meta.signature.authority + (meta.signature.authority.empty() ? "" : " ") +
                        meta.signature.position + (meta.signature.position.empty() ? "" : " / ") +
                        meta.signature.name);
        print_field(out, "secrecy", meta.secrecy);
        print_field(out, "urgency", meta.urgency);
        print_field(out, "author", meta.author);
        print_field(out, "unit", meta.unit);
        print_field(out, "field", meta.domain);
        if (!meta.recipients.empty()) {
            out << "  recipients: " << meta.recipients.size() << "\n";
        }
        for (const auto& c : meta.citations) {
            out << "  cites: " << (c.type.empty() ? "" : c.type + " ") << c.number
                << (c.date.empty() ? "" : ", " + c.date)
                << (c.issuer.empty() ? "" : ", " + c.issuer) << "\n";
        }
        out << "-- text --\n" << text << "\n\n";
    }
    if (as_json) out << all.dump(2) << "\n";
    return status;
}

}  // namespace vanthu::tools
