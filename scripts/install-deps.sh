#!/usr/bin/env bash
# Installs the Debian 12 packages vanthu needs to build and test, if any are missing.
# Works as root (fresh machines have no sudo) or through sudo.
set -euo pipefail

packages=(
    g++ make cmake pkg-config
    libxapian-dev libicu-dev libpoppler-cpp-dev libzip-dev libpugixml-dev
    libcli11-dev nlohmann-json3-dev libcpp-httplib-dev zlib1g-dev
    libgtest-dev libgmock-dev
)
# Extra packages wanted by the test suite only (pass --test). The browser test of the web page
# (tests/browser) drives Debian's Chromium from Node: Debian's nodejs + npm are installed only
# when no npm is on the machine, so that a Node from elsewhere (with its own npm) is kept.
if [[ "${1:-}" == "--test" ]]; then
    packages+=(poppler-utils chromium)
    if ! command -v npm >/dev/null 2>&1; then
        packages+=(nodejs npm)
    fi
fi
# The fuzz targets (scripts/fuzz.sh passes --fuzz): clang and its libFuzzer runtime.
if [[ " $* " == *" --fuzz "* ]]; then
    packages+=(clang libclang-rt-14-dev)
fi

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done
if [[ ${#missing[@]} -eq 0 ]]; then
    exit 0
fi

if [[ $(id -u) -eq 0 ]]; then
    sudo=()
elif command -v sudo >/dev/null 2>&1; then
    sudo=(sudo)
else
    echo "install-deps: need root (or sudo) to install: ${missing[*]}" >&2
    exit 1
fi
echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
