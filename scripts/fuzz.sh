#!/usr/bin/env bash
# Builds the libFuzzer targets of fuzz/ with clang (ASan + UBSan) and runs each for a bounded
# time, from seed corpora made of real strings (fuzz/make_seeds.py) plus the inputs kept in
# fuzz/regressions/.
#
#     bash scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET…]     (default: 30 s, every target)
#
# Exit status 1 when a target finds a crash: its input is left in build-fuzz/artifacts/TARGET/;
# fix the bug, then copy the input to fuzz/regressions/TARGET/ so the test suite replays it.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-30}"
shift || true
targets=("$@")
[[ ${#targets[@]} -gt 0 ]] || targets=(docnumber date header query docx text stored)

bash scripts/install-deps.sh --fuzz
if ! command -v clang++ >/dev/null 2>&1; then
    echo "fuzz: clang++ not found (bash scripts/install-deps.sh --fuzz)" >&2
    exit 2
fi

build=build-fuzz
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
    -DVANTHU_FUZZ=ON -DVANTHU_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" -j"$(nproc)" --target "${targets[@]/#/fuzz_}" >/dev/null
echo "fuzz: built ${targets[*]}"

rm -rf "$build/seeds"
python3 fuzz/make_seeds.py "$build/seeds"

# Poppler and ICU keep process-lifetime caches; libFuzzer's leak check stays on for our code.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
status=0
summary=()
for t in "${targets[@]}"; do
    corpus="$build/corpus/$t"
    artifacts="$build/artifacts/$t"
    mkdir -p "$corpus" "$artifacts" "fuzz/regressions/$t"
    log="$build/fuzz-$t.log"
    # -timeout: an input slower than this is a finding too (a hang).
    if "$build/fuzz/fuzz_$t" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2048 \
        -max_len=65536 -print_final_stats=1 -artifact_prefix="$artifacts/" \
        "$corpus" "$build/seeds/$t" "fuzz/regressions/$t" >"$log" 2>&1; then
        result="ok"
    else
        result="FOUND A CRASH: $(ls "$artifacts" | head -1) (see $log)"
        status=1
    fi
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 || true)
    summary+=("$(printf '  %-10s %10s runs %7s/s  %-9s %s' "$t" "${runs:-?}" "${rate:-?}" \
        "${cov:-}" "$result")")
done
echo "fuzz: ${seconds} s per target"
printf '%s\n' "${summary[@]}"
if [[ $status -ne 0 ]]; then
    echo "fuzz: fix the crash, then keep its input in fuzz/regressions/TARGET/" >&2
fi
exit $status
