#!/usr/bin/env bash
# First README command: install what is missing, build vanthu, index corpus/ into the
# default index and run a sample search.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DVANTHU_BUILD_TESTS=OFF >/dev/null
cmake --build build -j"$(nproc)"

echo
echo "== vanthu index corpus/   (the files in corpus/broken/ are meant to be skipped)"
status=0
./build/tools/vanthu index --timeout 10 corpus 2>/tmp/vanthu-setup.$$ || status=$?
cat /tmp/vanthu-setup.$$ >&2
if [[ $status -eq 2 ]] && grep -q "schema version" /tmp/vanthu-setup.$$; then
    # The default index was written by an older vanthu, whose terms this one cannot search.
    echo "== the default index is from an older vanthu: rebuilding it (vanthu index --full)"
    status=0
    ./build/tools/vanthu index --timeout 10 --full corpus || status=$?
fi
rm -f /tmp/vanthu-setup.$$
# Exit status 1 means "some files could not be read": expected here, because of corpus/broken/.
if [[ $status -gt 1 ]]; then
    exit "$status"
fi
echo
echo "== vanthu search 'hien ke dak lak'"
./build/tools/vanthu search "hien ke dak lak" --limit 5
echo
echo "Binary: $(pwd)/build/tools/vanthu   (try: ./build/tools/vanthu search '152-KH/TU')"
