#!/usr/bin/env bash
# Load benchmark of the HTTP server: wrk against /api/search with a mix of real queries at
# several concurrencies, on an index of at least 10,000 documents.
#
#   bench/load.sh [--index DIR] [--corpus text|mixed] [--count 10000] [--duration 20]
#                 [--conns 1,16,64] [--server-threads N] [--queries FILE] [--no-build]
#                 [--classes c1,c2] [--vanthu BIN]
#
# Without --index it builds (or reuses) bench/corpora.py CORPUS --count COUNT and its own
# index build-bench/bench-idx/load-CORPUS-COUNT (made again when the vanthu binary is newer).
# It starts `vanthu serve --port 0 --quiet` on that index, waits for its "serving … on
# http://HOST:PORT/" line, checks that one query answers 200, warms the server up for 5 s, then
# runs wrk (bench/wrk_search.lua; queries from build-bench/corpora/queries.tsv, or only the
# --classes given, e.g. number,keywords,keywords-unaccented) for --duration seconds at each
# concurrency (wrk threads: 1, or 2 from 2 connections up). Prints QPS, latency
# mean/p50/p90/p99/max, non-2xx responses, socket errors (connect, read, write, timeout: a
# request over 10 s) and the server's CPU use; writes build-bench/bench-results/load*.tsv.
# Exit status 1 when any request failed (non-2xx or socket error), 2 for a setup failure.
set -euo pipefail
cd "$(dirname "$0")/.."

index=""
corpus=text
count=10000
duration=20
conns=1,16,64
server_threads=""
queries=""
classes=""
build=1
vanthu_bin=""
while [[ $# -gt 0 ]]; do
    case "$1" in
        --index) index="$2"; shift 2 ;;
        --corpus) corpus="$2"; shift 2 ;;
        --count) count="$2"; shift 2 ;;
        --duration) duration="$2"; shift 2 ;;
        --conns) conns="$2"; shift 2 ;;
        --server-threads) server_threads="$2"; shift 2 ;;
        --queries) queries="$2"; shift 2 ;;
        --classes) classes="$2"; shift 2 ;;
        --no-build) build=0; shift ;;
        --vanthu) vanthu_bin="$2"; build=0; shift 2 ;;
        -h|--help) awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"; exit 0 ;;
        *) echo "load.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done

b=build-bench
vanthu="${vanthu_bin:-$b/tools/vanthu}"
mkdir -p "$b/bench-logs" "$b/bench-results"
command -v wrk >/dev/null || { echo "load.sh: wrk is missing (apt-get install wrk)" >&2; exit 2; }

if [[ $build == 1 ]]; then
    echo "== build vanthu (Release, $b)"
    cmake -S . -B "$b" -DCMAKE_BUILD_TYPE=Release -DVANTHU_BUILD_TESTS=OFF >/dev/null
    cmake --build "$b" -j2 --target vanthu >/dev/null
fi
if ! "$vanthu" --help 2>/dev/null | grep -q '^  serve '; then
    echo "load.sh: $vanthu has no working 'serve' command yet" >&2
    exit 2
fi

if [[ -z "$queries" ]]; then
    queries=$(python3 bench/corpora.py queries | tail -1)
fi
if [[ -n "$classes" ]]; then
    # Only some classes of the list: e.g. number,keywords,keywords-unaccented (what people
    # type in a search box) without the long ALQAC questions.
    subset="$b/bench-results/queries-$(tr ',' '+' <<< "$classes").tsv"
    awk -F'\t' -v want="$classes" 'BEGIN { n = split(want, w, ","); for (i = 1; i <= n; i++) ok[w[i]] = 1 }
        ok[$1]' "$queries" > "$subset"
    [[ -s "$subset" ]] || { echo "load.sh: no query of class $classes in $queries" >&2; exit 2; }
    queries="$subset"
fi
if [[ -z "$index" ]]; then
    docs=$(python3 bench/corpora.py "$corpus" --count "$count" | tail -1)
    # Its own index, made by the vanthu being measured (whose schema may be newer than that
    # of an index left by an older build).
    index="$b/bench-idx/load-$corpus-$count"
    if [[ ! -f "$index/iamglass" || "$(dirname "$docs")/.stamp" -nt "$index/iamglass"
          || "$vanthu" -nt "$index/iamglass" ]]; then
        echo "== index $docs -> $index"
        "$vanthu" index "$docs" --index "$index" --jobs 2 --full --no-progress | tail -1
    fi
fi
ndocs=$(xapian-delve "$index" 2>/dev/null | sed -n 's/^number of documents = //p')
echo "== index $index: ${ndocs:-?} documents; queries $queries ($(wc -l < "$queries") lines)"

serve_args=(serve --index "$index" --port 0)
if "$vanthu" serve --help 2>&1 | grep -q -- '--quiet'; then serve_args+=(--quiet); fi
if [[ -n "$server_threads" ]]; then serve_args+=(--threads "$server_threads"); fi
log="$b/bench-logs/serve.log"
"$vanthu" "${serve_args[@]}" 2> "$log" > /dev/null &
pid=$!
cleanup() { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }
trap cleanup EXIT

url=""
for _ in $(seq 600); do
    url=$(sed -n 's|.* on \(http://[^ ]*/\).*|\1|p' "$log" | head -1)
    [[ -n "$url" ]] && break
    if ! kill -0 "$pid" 2>/dev/null; then
        echo "load.sh: the server stopped before it was ready:" >&2; cat "$log" >&2; exit 2
    fi
    sleep 0.1
done
[[ -n "$url" ]] || { echo "load.sh: no 'serving … on http://…' line in 60 s" >&2; exit 2; }
echo "== server pid $pid: $(head -1 "$log")"

code=$(python3 - "$url" <<'EOF'
import sys, urllib.request, urllib.error, urllib.parse
try:
    r = urllib.request.urlopen(sys.argv[1] + "api/search?q=" + urllib.parse.quote("kế hoạch"),
                               timeout=30)
    print(r.status)
except urllib.error.HTTPError as e:
    print(e.code)
except Exception as e:
    print(f"error {e}")
EOF
)
if [[ "$code" != 200 ]]; then
    echo "load.sh: GET /api/search?q=kế hoạch answered $code" >&2; exit 2
fi

cpu_ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
hz=$(getconf CLK_TCK)

echo "== warm-up: 5 s at 16 connections (not reported)"
wrk -t2 -c16 -d5s -s bench/wrk_search.lua "$url" -- "$queries" >/dev/null

out="$b/bench-results/load${classes:+-$(tr ',' '+' <<< "$classes")}.tsv"
printf 'conns\tthreads\trequests\tqps\tmean_ms\tp50_ms\tp90_ms\tp99_ms\tmax_ms\tnon2xx\tsocket_errors\tserver_cpu_pct\n' > "$out"
failed=0
IFS=, read -ra conn_list <<< "$conns"
for c in "${conn_list[@]}"; do
    t=$(( c < 2 ? c : 2 ))
    before=$(cpu_ticks)
    res=$(wrk -t"$t" -c"$c" -d"${duration}s" --timeout 10s -s bench/wrk_search.lua "$url" \
          -- "$queries" | tee "$b/bench-logs/wrk-c$c.log" | grep '^WRK_RESULT')
    after=$(cpu_ticks)
    get() { sed -n "s/.* $1=\([0-9.]*\).*/\1/p" <<< "$res"; }
    req=$(get requests); dur=$(get duration_us); status=$(get status)
    sock=$(( $(get connect) + $(get read) + $(get write) + $(get timeout) ))
    awk -v c="$c" -v t="$t" -v req="$req" -v dur="$dur" -v mean="$(get mean_us)" \
        -v p50="$(get p50_us)" -v p90="$(get p90_us)" -v p99="$(get p99_us)" \
        -v max="$(get max_us)" -v st="$status" -v sock="$sock" \
        -v cpu="$(( after - before ))" -v hz="$hz" 'BEGIN {
        printf "%d\t%d\t%d\t%.0f\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f\t%d\t%d\t%.0f\n", c, t, req,
            req / (dur / 1e6), mean / 1000, p50 / 1000, p90 / 1000, p99 / 1000, max / 1000, st,
            sock, 100 * cpu / hz / (dur / 1e6) }' >> "$out"
    if [[ "$status" != 0 || "$sock" != 0 ]]; then failed=1; fi
done

echo
echo "HTTP /api/search, ${ndocs:-?} documents, queries: $(basename "$queries") ($(wc -l < "$queries")),"
echo "${duration} s per row, $(nproc) cores shared by wrk and the server (server CPU % is of one core)"
echo
echo "| connections | wrk threads | requests | QPS | mean ms | p50 ms | p90 ms | p99 ms | max ms | non-2xx | socket errors | server CPU % |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
tail -n +2 "$out" | awk -F'\t' '{ printf "| %s |\n", $1 " | " $2 " | " $3 " | " $4 " | " $5 " | " $6 " | " $7 " | " $8 " | " $9 " | " $10 " | " $11 " | " $12 }'
if [[ $failed == 1 ]]; then
    echo "load.sh: some requests failed (non-2xx or socket errors): see $b/bench-logs/wrk-c*.log" >&2
    exit 1
fi
