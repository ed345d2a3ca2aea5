#!/usr/bin/env bash
# Second README command: install what is missing, build in Debug with AddressSanitizer and
# UndefinedBehaviorSanitizer, warnings as errors, and run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh --test
cmake -S . -B build-test -DCMAKE_BUILD_TYPE=Debug -DVANTHU_SANITIZE=ON -DVANTHU_WERROR=ON \
    >/dev/null
cmake --build build-test -j"$(nproc)"
# The browser test's Node modules (tests/browser/package-lock.json), installed again when the
# lockfile is newer than the installed tree. Without npm or the registry the test skips.
if command -v npm >/dev/null 2>&1; then
    browser=tests/browser
    if [[ ! -f $browser/node_modules/.package-lock.json ||
          $browser/package-lock.json -nt $browser/node_modules/.package-lock.json ]]; then
        # Node trusts only its own CA list; a machine whose traffic to the registry goes
        # through a proxy with a locally installed CA has that CA in the system's bundle.
        ca=/etc/ssl/certs/ca-certificates.crt
        if [[ -z ${NODE_EXTRA_CA_CERTS:-} && -r $ca ]]; then export NODE_EXTRA_CA_CERTS=$ca; fi
        if ! (cd "$browser" && npm ci --no-audit --no-fund --loglevel=error); then
            echo "test.sh: npm ci failed in $browser: the browser test will be skipped" >&2
        fi
    fi
fi
# Leak checking stays on; Poppler and ICU keep process-lifetime caches that are not leaks.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
cd build-test
ctest --output-on-failure -j"$(nproc)" --timeout 600
