// Replays, in the normal test suite, every input kept in fuzz/regressions/TARGET/ (inputs that
// once crashed a fuzz target, kept after the fix) and a few hand-written hostile ones.
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "targets.hpp"

namespace {

namespace fs = std::filesystem;

const fs::path kRegressions = fs::path(VANTHU_SOURCE_DIR) / "fuzz" / "regressions";
const std::vector<std::string> kTargets = {"docnumber", "date", "header", "query",
                                           "docx",      "text", "stored"};

std::string read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void feed(vanthu::fuzz::Target target, const std::string& input) {
    target(reinterpret_cast<const std::uint8_t*>(input.data()), input.size());
}

TEST(FuzzRegressions, EveryKeptInputRunsCleanly) {
    std::size_t replayed = 0;
    for (const auto& name : kTargets) {
        const vanthu::fuzz::Target target = vanthu::fuzz::target_named(name);
        ASSERT_NE(target, nullptr) << name;
        std::error_code ec;
        for (const auto& e : fs::directory_iterator(kRegressions / name, ec)) {
            if (!e.is_regular_file() || e.path().filename() == ".gitkeep") continue;
            SCOPED_TRACE(e.path().string());
            feed(target, read_file(e.path()));
            ++replayed;
        }
    }
    std::cout << "[ fuzz     ] " << replayed << " kept inputs replayed\n";
}

TEST(FuzzRegressions, HostileInputsRunCleanly) {
    const std::vector<std::string> inputs = {
        "",
        std::string(1, '\0'),
        "\xFF\xFE",
        "\xFE\xFF\xD8\x00",
        "\xEF\xBB\xBF\xC3",
        "Số: /",
        "Số: 01-/",
        "91/2017/NĐ-CP 91/2017/NĐ-",
        "ngày 31 tháng 02 năm 2020",
        "ngày 99999999999999999999 tháng 1 năm 2020",
        "((((((((((((((((((((((((((((((((",
        "\"unterminated",
        "so:",
        "ngay:..",
        "nam:2020..",
        "PK\x03\x04",
        std::string(5000, '/'),
        std::string(3000, '(') + std::string(3000, ')'),
    };
    for (const auto& name : kTargets) {
        for (const auto& input : inputs) feed(vanthu::fuzz::target_named(name), input);
    }
}

}  // namespace
