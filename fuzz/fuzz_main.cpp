// libFuzzer entry point; VANTHU_FUZZ_TARGET names the function of targets.hpp it calls.
#include <cstddef>
#include <cstdint>

#include "targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    vanthu::fuzz::VANTHU_FUZZ_TARGET(data, size);
    return 0;
}
