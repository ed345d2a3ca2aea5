#!/usr/bin/env bash
# vanthu against the tools users would pick instead, in one command: indexing speed, memory
# and index size against Xapian Omega (omindex) and Recoll (recollindex), extraction against
# pdftotext alone, in-process query latency, ALQAC ranking quality (vanthu, Omega, Recoll,
# with and without diacritics), scaling, and the HTTP load test (bench/load.sh).
#
#   bench/run.sh [--size 1000] [--parts index,quality,latency,scaling,load]
#                [--scaling 1000,10000] [--scaling-peers] [--load-count 10000]
#                [--load-duration 20] [--no-install]
#
#   bench/run.sh                                  # everything, mixed corpus of 1,000 documents
#   bench/run.sh --parts quality                  # ALQAC only
#   bench/run.sh --parts scaling --scaling 1000,10000,100000 --scaling-peers
#
# Missing tools are installed with apt-get when running as root (xapian-omega, xapian-tools,
# recollcmd, poppler-utils, unzip, wrk, time, LibreOffice for the PDFs); --no-install only
# reports them. vanthu and query_latency are built in Release in build-bench/. Corpora are
# generated once into build-bench/corpora/ (bench/corpora.py), indexes into
# build-bench/bench-idx/, figures into build-bench/bench-results/*.json, tool logs into
# build-bench/bench-logs/. Nothing generated is committed. Exit status: 0, 1 if the load test
# saw failed requests, 2 for a setup failure.
set -euo pipefail
cd "$(dirname "$0")/.."

size=1000
parts=index,quality,latency,scaling,load
scaling=1000,10000
scaling_peers=()
load_count=10000
load_duration=20
install=1
while [[ $# -gt 0 ]]; do
    case "$1" in
        --size) size="$2"; shift 2 ;;
        --parts) parts="$2"; shift 2 ;;
        --scaling) scaling="$2"; shift 2 ;;
        --scaling-peers) scaling_peers=(--scaling-peers); shift ;;
        --load-count) load_count="$2"; shift 2 ;;
        --load-duration) load_duration="$2"; shift 2 ;;
        --no-install) install=0; shift ;;
        -h|--help) awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"; exit 0 ;;
        *) echo "run.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done

# command -> Debian 12 package. recollcmd is Recoll without its GUI (the "recoll" package
# pulls in the Qt GUI); unzip is what omindex runs to read .docx.
declare -A pkg=([omindex]=xapian-omega [xapian-delve]=xapian-tools [recollindex]=recollcmd
                [recollq]=recollcmd [pdftotext]=poppler-utils [unzip]=unzip [wrk]=wrk
                [/usr/bin/time]=time [soffice]=libreoffice-writer-nogui [cmake]=cmake)
missing=()
for cmd in "${!pkg[@]}"; do
    command -v "$cmd" >/dev/null 2>&1 || missing+=("${pkg[$cmd]}")
done
[[ -x /usr/lib/cgi-bin/omega/omega ]] || missing+=(xapian-omega)
if [[ ${#missing[@]} -gt 0 ]]; then
    mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
    if [[ $install == 1 && $(id -u) == 0 ]]; then
        echo "== apt-get install ${missing[*]}"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
            "${missing[@]}" fonts-dejavu-core >/dev/null
    else
        echo "run.sh: missing packages: ${missing[*]} (apt-get install them as root)" >&2
        exit 2
    fi
fi

b=build-bench
echo "== build vanthu and query_latency (Release, $b)"
cmake -S . -B "$b" -DCMAKE_BUILD_TYPE=Release -DVANTHU_BUILD_TESTS=OFF >/dev/null
cmake --build "$b" -j2 --target vanthu query_latency >/dev/null
# The programs measured are copies: another build in $b during the run cannot swap them.
mkdir -p "$b/bench-bin"
cp "$b/tools/vanthu" "$b/bench/query_latency" "$b/bench-bin/"
echo "== source: $(git rev-parse --short HEAD 2>/dev/null || echo '?')" \
     "($(git status --porcelain 2>/dev/null | grep -vc '^??' || true) files modified);" \
     "omindex $(omindex --version | awk '{print $NF}'), recoll $(dpkg-query -W -f '${Version}' recollcmd 2>/dev/null)," \
     "pdftotext $(pdftotext -v 2>&1 | awk 'NR==1{print $NF}'), wrk $(dpkg-query -W -f '${Version}' wrk 2>/dev/null)"

py_parts=$(tr ',' '\n' <<< "$parts" | grep -v '^load$' | paste -sd, || true)
if [[ -n "$py_parts" ]]; then
    python3 bench/compare.py --size "$size" --parts "$py_parts" --scaling "$scaling" \
        "${scaling_peers[@]}" --jobs 2 --vanthu "$b/bench-bin/vanthu" \
        --query-latency "$b/bench-bin/query_latency"
fi
if tr ',' '\n' <<< "$parts" | grep -qx load; then
    echo
    echo "## HTTP load (bench/load.sh)"
    if ! "$b/bench-bin/vanthu" --help 2>/dev/null | grep -q '^  serve '; then
        echo "skipped: this build of vanthu has no working 'serve' command yet"
    else
        bench/load.sh --vanthu "$b/bench-bin/vanthu" --count "$load_count" \
            --duration "$load_duration"
    fi
fi
