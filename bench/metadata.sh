#!/usr/bin/env bash
# Metadata accuracy in one command: build metadata_accuracy (Release, build-bench/), generate
# documents in the official layout as DOCX, PDF and TXT (build-bench/metadata-docs/, never
# committed), and print the per-field accuracy table for each format.
#
#   bench/metadata.sh [--count N] [--seed S] [--formats docx,pdf,txt] [-- metadata_accuracy args]
#
# e.g. bench/metadata.sh -- --min 98 --examples 10 --json /tmp/meta.json
# The documents are regenerated only when --count, --seed or --formats change (or the
# generator or the shared data are newer), because LibreOffice takes most of the time.
set -euo pipefail
cd "$(dirname "$0")/.."

count=1000
seed=1
formats=docx,pdf,txt
jobs=2
while [[ $# -gt 0 ]]; do
    case "$1" in
        --count) count="$2"; shift 2 ;;
        --seed) seed="$2"; shift 2 ;;
        --formats) formats="$2"; shift 2 ;;
        -j) jobs="$2"; shift 2 ;;
        --) shift; break ;;
        -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
        *) echo "metadata.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done

build=build-bench
out="$build/metadata-docs"

echo "== build (Release, $build)"
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DVANTHU_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" -j"$jobs" --target metadata_accuracy

stamp="$out/.generated"
want="count=$count seed=$seed formats=$formats"
data_dir="${VANTHU_SHARED_DATA:-../shared/data}"
if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" && "$stamp" -nt bench/generate_documents.py \
      && "$stamp" -nt scripts/make_corpus.py \
      && ( ! -e "$data_dir/angiang/documents.jsonl" \
           || "$stamp" -nt "$data_dir/angiang/documents.jsonl" ) ]]; then
    echo "== documents: $out is up to date ($want)"
else
    echo "== generate $count documents ($formats) into $out"
    rm -f "$stamp"
    start=$(date +%s)
    python3 bench/generate_documents.py --count "$count" --seed "$seed" --formats "$formats" \
        --out "$out"
    echo "   generated in $(( $(date +%s) - start )) s"
    echo "$want" > "$stamp"
fi

echo "== metadata accuracy"
"$build/bench/metadata_accuracy" "$out" "$@"
