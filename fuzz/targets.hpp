#pragma once
// The fuzz targets as plain functions: libFuzzer's entry points (fuzz_main.cpp) call them, and
// so does the regression test (test_fuzz_regressions.cpp), which replays every input kept in
// fuzz/regressions/ in the normal test suite. Each function must not crash, leak or trip a
// sanitizer for any input; a broken invariant calls std::abort().
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace vanthu::fuzz {

using Target = void (*)(const std::uint8_t* data, std::size_t size);

void docnumber(const std::uint8_t* data, std::size_t size);  // parse_doc_number, find_doc_numbers
void date(const std::uint8_t* data, std::size_t size);       // parse_date, find_dates
void header(const std::uint8_t* data, std::size_t size);     // parse_metadata (header, citations)
void query(const std::uint8_t* data, std::size_t size);      // QueryParser
void docx(const std::uint8_t* data, std::size_t size);       // DOCX extractor on ZIP bytes
void text(const std::uint8_t* data, std::size_t size);       // text decoding, normalisation, tokens
// a hit's fields read out of its stored JSON (query/src/data_fields.hpp) against a full parse
void stored(const std::uint8_t* data, std::size_t size);

// The target called `name` ("docnumber" …), or nullptr.
[[nodiscard]] Target target_named(std::string_view name);

}  // namespace vanthu::fuzz
