#!/usr/bin/env python3
"""vanthu against the tools users would pick instead (Xapian Omega, Recoll) and against
pdftotext alone: indexing, index size, query latency, ALQAC ranking quality, scaling.

    python3 bench/compare.py [--size 1000] [--parts index,quality,latency,scaling]
                             [--scaling 1000,10000,100000] [--scaling-peers] [--jobs 2]

Normally started by bench/run.sh, which installs the peers and builds vanthu and
query_latency first. Every part prints a table (Markdown, ready for docs/benchmarks.md) and
writes its figures to build-bench/bench-results/PART.json. Corpora come from bench/corpora.py
(cached in build-bench/corpora/), indexes go to build-bench/bench-idx/ and are rebuilt on
every run. Each tool runs with its defaults, one after the other, on the same files, under
/usr/bin/time -v (wall, user + system CPU of the tool and all its children, peak resident
memory of its largest process).

Parts:
  index    the mixed corpus (--size documents, a third each PDF, DOCX, TXT): vanthu index
           --jobs N, omindex, recollindex; pdftotext over the PDF third (one process at a
           time, and N at a time) against vanthu on the PDF third alone; index sizes.
  quality  the ALQAC articles indexed by the three tools, then bench/alqac_eval.py, for the
           questions and (--short) for four-word queries cut from them.
  latency  bench/query_latency on the mixed corpus's vanthu index (after 'index').
  scaling  text corpora of each --scaling size: vanthu's indexing time, memory, index size
           and in-process query p50/p99 (with --scaling-peers also omindex and recollindex).
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.dont_write_bytecode = True
OMEGA_CGI = "/usr/lib/cgi-bin/omega/omega"


# --------------------------------------------------------------------------------------------
# Running and measuring
# --------------------------------------------------------------------------------------------

def run_timed(cmd, log, env=None):
    """Runs cmd under /usr/bin/time -v; returns wall s, cpu s, peak RSS MiB, exit status."""
    tfile = log.with_suffix(".time")
    start = time.monotonic()
    with open(log, "wb") as out:
        proc = subprocess.run(["/usr/bin/time", "-v", "-o", str(tfile)] + [str(c) for c in cmd],
                              stdout=out, stderr=subprocess.STDOUT, env=env)
    wall = time.monotonic() - start
    t = tfile.read_text()

    def field(name):
        m = re.search(re.escape(name) + r":\s*([0-9.]+)", t)
        return float(m.group(1)) if m else 0.0
    return {"wall_s": wall,
            "cpu_s": field("User time (seconds)") + field("System time (seconds)"),
            "user_s": field("User time (seconds)"), "sys_s": field("System time (seconds)"),
            "peak_rss_mib": field("Maximum resident set size (kbytes)") / 1024,
            "exit": proc.returncode, "load_before": os.getloadavg()[0], "log": str(log)}


def du_bytes(path):
    total = 0
    for root, _, files in os.walk(path):
        for f in files:
            try:
                total += os.lstat(os.path.join(root, f)).st_blocks * 512
            except OSError:
                pass
    return total


def compacted_bytes(db):
    """Size after xapian-compact: what the same index takes without the free space left in
    its B-tree blocks by incremental commits (all three tools write Xapian glass)."""
    tmp = Path(str(db).rstrip("/") + ".compact-tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    ok = subprocess.run(["xapian-compact", str(db), str(tmp)], stdout=subprocess.DEVNULL,
                        stderr=subprocess.DEVNULL).returncode == 0
    size = du_bytes(tmp) if ok else 0
    shutil.rmtree(tmp, ignore_errors=True)
    return size


def xapian_doccount(db):
    out = subprocess.run(["xapian-delve", str(db)], capture_output=True, text=True).stdout
    m = re.search(r"number of documents = (\d+)", out)
    return int(m.group(1)) if m else 0


def count_files(folder, suffixes=(".pdf", ".docx", ".txt")):
    return sum(1 for p in Path(folder).rglob("*") if p.suffix in suffixes and p.is_file())


def warm(folder):
    """Reads every file once, so the first tool does not pay for a cold page cache."""
    for p in Path(folder).rglob("*"):
        if p.is_file():
            with open(p, "rb") as f:
                while f.read(1 << 20):
                    pass


def corpus(kind, count=None):
    cmd = [sys.executable, str(BENCH / "corpora.py"), kind]
    if count is not None:
        cmd += ["--count", str(count)]
    out = subprocess.run(cmd, check=True, stdout=subprocess.PIPE, text=True).stdout
    return Path(out.strip().splitlines()[-1])


class Ctx:
    def __init__(self, args):
        self.args = args
        self.build = REPO / "build-bench"
        # bench/run.sh copies the binaries it built to bench-bin/, so that a rebuild by someone
        # else in the middle of a run cannot change (or delete) the program being measured.
        self.vanthu = Path(args.vanthu or self.build / "tools" / "vanthu").resolve()
        self.query_latency = Path(args.query_latency
                                  or self.build / "bench" / "query_latency").resolve()
        self.idx = self.build / "bench-idx"
        self.logs = self.build / "bench-logs"
        self.results = self.build / "bench-results"
        for d in (self.idx, self.logs, self.results):
            d.mkdir(parents=True, exist_ok=True)

    def save(self, part, data):
        (self.results / f"{part}.json").write_text(json.dumps(data, indent=1) + "\n")


# --------------------------------------------------------------------------------------------
# The tools
# --------------------------------------------------------------------------------------------

def index_vanthu(ctx, docs, name, jobs):
    db = ctx.idx / f"vanthu-{name}"
    shutil.rmtree(db, ignore_errors=True)
    r = run_timed([ctx.vanthu, "index", docs, "--index", db, "--jobs", jobs, "--full",
                   "--no-progress"], ctx.logs / f"vanthu-{name}.log")
    tail = Path(r["log"]).read_text(errors="replace").strip().splitlines()
    r["summary"] = tail[-1] if tail else ""
    r["docs"] = xapian_doccount(db)
    r["index_bytes"] = du_bytes(db)
    r["compacted_bytes"] = compacted_bytes(db)
    r["db"] = str(db)
    return r


def index_omega(ctx, docs, name):
    db = ctx.idx / f"omega-{name}"
    shutil.rmtree(db, ignore_errors=True)
    r = run_timed(["omindex", "--db", db, "--url", "/", docs], ctx.logs / f"omega-{name}.log")
    r["docs"] = xapian_doccount(db)
    r["index_bytes"] = du_bytes(db)
    r["compacted_bytes"] = compacted_bytes(db)
    r["db"] = str(db)
    return r


def index_recoll(ctx, docs, name):
    conf = ctx.idx / f"recoll-{name}"
    shutil.rmtree(conf, ignore_errors=True)
    conf.mkdir(parents=True)
    # Everything else is Recoll's default configuration.
    (conf / "recoll.conf").write_text(f"topdirs = {docs}\n")
    r = run_timed(["recollindex", "-c", conf, "-z"], ctx.logs / f"recoll-{name}.log")
    # Recoll indexes every folder as a document too.
    folders = 1 + sum(1 for p in Path(docs).rglob("*") if p.is_dir())
    r["docs"] = max(0, xapian_doccount(conf / "xapiandb") - folders)
    r["index_bytes"] = du_bytes(conf / "xapiandb")
    r["compacted_bytes"] = compacted_bytes(conf / "xapiandb")
    r["db"] = str(conf)
    missing = conf / "missing"
    r["missing_helpers"] = missing.read_text().strip() if missing.exists() else ""
    return r


def pdftotext_all(ctx, pdf_dir, name, parallel):
    # One pdftotext process per file, as Omega and Recoll run it; output thrown away.
    cmd = ["sh", "-c", f"find '{pdf_dir}' -name '*.pdf' -print0 | "
                       f"xargs -0 -I{{}} -P{parallel} pdftotext -q -enc UTF-8 {{}} /dev/null"]
    r = run_timed(cmd, ctx.logs / f"pdftotext-{name}-P{parallel}.log")
    r["docs"] = count_files(pdf_dir, (".pdf",))
    r["index_bytes"] = r["compacted_bytes"] = 0
    return r


def median_run(rs):
    """The run of median wall time (the lower middle one of an even count)."""
    return sorted(rs, key=lambda r: r["wall_s"])[(len(rs) - 1) // 2]


def rate(r):
    return r["docs"] / r["wall_s"] if r["wall_s"] > 0 else 0.0


def cpu_rate(r):
    return r["docs"] / r["cpu_s"] if r["cpu_s"] > 0 else 0.0


def mib(b):
    return b / (1 << 20)


# --------------------------------------------------------------------------------------------
# Parts
# --------------------------------------------------------------------------------------------

def part_index(ctx):
    n = ctx.args.size
    jobs = str(ctx.args.jobs)
    docs = corpus("mixed", n)
    name = f"mixed-{n}"
    files = count_files(docs)
    per_fmt = {f: count_files(docs / f, (f".{f}",)) for f in ("pdf", "docx", "txt")}
    warm(docs)
    print(f"\n## Indexing: {files} files ({per_fmt['pdf']} PDF, {per_fmt['docx']} DOCX, "
          f"{per_fmt['txt']} TXT), {docs}", flush=True)
    # The three indexers take turns, --rounds times, and each is reported by its median run:
    # this machine's speed drifts by up to a third from minute to minute, which one run each
    # would put into the ratios.
    indexers = {f"vanthu --jobs {jobs}": lambda: index_vanthu(ctx, docs, name, jobs),
                "omindex": lambda: index_omega(ctx, docs, name),
                "recollindex": lambda: index_recoll(ctx, docs, name)}
    tries = {k: [] for k in indexers}
    for _ in range(ctx.args.rounds):
        for k, index in indexers.items():
            tries[k].append(index())
    runs = {}
    for k, rs in tries.items():
        runs[k] = median_run(rs)
        runs[k]["walls_s"] = [round(r["wall_s"], 2) for r in rs]
    pdf = docs / "pdf"
    runs[f"vanthu --jobs {jobs}, PDF only"] = index_vanthu(ctx, pdf, name + "-pdf", jobs)
    runs["vanthu --jobs 1, PDF only"] = index_vanthu(ctx, pdf, name + "-pdf-j1", "1")
    runs[f"pdftotext, {jobs} at a time"] = pdftotext_all(ctx, pdf, name, jobs)
    runs["pdftotext, 1 at a time"] = pdftotext_all(ctx, pdf, name, 1)

    peers = [k for k in ("omindex", "recollindex")]
    faster = max(peers, key=lambda k: rate(runs[k]))
    v = runs[f"vanthu --jobs {jobs}"]
    print("\n| tool | files | wall s | CPU s | peak RSS MiB | docs/s | docs/CPU-s | "
          "index MiB | compacted MiB | vanthu ÷ this, docs/s | docs/CPU-s | load |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for k, r in runs.items():
        own = r is v or "PDF" in k or "pdftotext" in k
        size = (f"{mib(r['index_bytes']):.1f} | {mib(r['compacted_bytes']):.1f}"
                if r["index_bytes"] else "- | -")
        ratios = "|" if own else f"{rate(v) / rate(r):.2f} | {cpu_rate(v) / cpu_rate(r):.2f}"
        print(f"| {k} | {r['docs']} | {r['wall_s']:.1f} | {r['cpu_s']:.1f} | "
              f"{r['peak_rss_mib']:.0f} | {rate(r):.0f} | {cpu_rate(r):.0f} | {size} | "
              f"{ratios} | {r['load_before']:.1f} |")
    print("\nEach indexer's runs, wall s, taking turns (the median is in the table): " +
          "; ".join(f"{k} " + ", ".join(f"{w:.1f}" for w in runs[k]["walls_s"]) for k in tries))
    vp = runs[f"vanthu --jobs {jobs}, PDF only"]
    vp1 = runs["vanthu --jobs 1, PDF only"]
    pp = runs[f"pdftotext, {jobs} at a time"]
    p1 = runs["pdftotext, 1 at a time"]
    summary = {
        "docs_per_s_vs_faster_peer": rate(v) / rate(runs[faster]),
        "docs_per_cpu_s_vs_faster_peer": cpu_rate(v) / cpu_rate(runs[faster]),
        "faster_peer": faster,
        "pdf_wall_vs_pdftotext_same_parallelism": vp["wall_s"] / pp["wall_s"],
        "pdf_cpu_vs_pdftotext": vp1["cpu_s"] / p1["cpu_s"],
        "index_size_vs_omega": v["index_bytes"] / runs["omindex"]["index_bytes"],
        "index_size_vs_recoll": v["index_bytes"] / runs["recollindex"]["index_bytes"],
        "compacted_size_vs_omega": v["compacted_bytes"] / runs["omindex"]["compacted_bytes"],
    }
    print(f"\nvanthu docs/s ÷ faster peer ({faster}): "
          f"{summary['docs_per_s_vs_faster_peer']:.2f} (target ≥ 3); per CPU second "
          f"{summary['docs_per_cpu_s_vs_faster_peer']:.2f}")
    print(f"vanthu on the PDF part ÷ pdftotext alone: wall {vp['wall_s']:.1f} s ÷ "
          f"{pp['wall_s']:.1f} s = {summary['pdf_wall_vs_pdftotext_same_parallelism']:.2f} "
          f"({jobs} at a time); CPU (one thread) {vp1['cpu_s']:.1f} s ÷ {p1['cpu_s']:.1f} s = "
          f"{summary['pdf_cpu_vs_pdftotext']:.2f} (target ≤ 1.5)")
    print(f"index size vanthu ÷ Omega: {summary['index_size_vs_omega']:.2f} (target ≤ 1.5), "
          f"compacted {summary['compacted_size_vs_omega']:.2f}; "
          f"÷ Recoll: {summary['index_size_vs_recoll']:.2f}")
    if runs["recollindex"].get("missing_helpers"):
        print(f"Recoll reported missing helpers: {runs['recollindex']['missing_helpers']}")
    for k, r in runs.items():
        if r["exit"] != 0:
            print(f"WARNING: {k} exited with status {r['exit']} (log: {r['log']})")
    ctx.save("index", {"corpus": str(docs), "files": files, "per_format": per_fmt,
                       "runs": runs, "summary": summary})


def latency(ctx, db, label, facets_too=True):
    queries = corpus("queries")
    out = {}
    for facets in ([False, True] if facets_too else [False]):
        jfile = ctx.results / f"latency-{label}{'-facets' if facets else ''}.json"
        cmd = [str(ctx.query_latency), str(db), str(queries), "--json", str(jfile)]
        if facets:
            cmd.append("--facets")
        print(f"\n### In-process query latency, {label}{', with facets' if facets else ''}"
              f" ({queries.name})\n```", flush=True)
        subprocess.run(cmd, check=True)
        print("```", flush=True)
        out["facets" if facets else "plain"] = json.loads(jfile.read_text())
    return out


def part_latency(ctx):
    db = ctx.idx / f"vanthu-mixed-{ctx.args.size}"
    if not db.exists():
        index_vanthu(ctx, corpus("mixed", ctx.args.size), f"mixed-{ctx.args.size}",
                     str(ctx.args.jobs))
    ctx.save("latency", latency(ctx, db, f"mixed-{ctx.args.size}"))


def part_quality(ctx):
    docs = corpus("alqac")
    ids = docs.parent / "ids.tsv"
    warm(docs)
    print(f"\n## ALQAC ranking quality ({count_files(docs)} articles, {docs})", flush=True)
    runs = {"vanthu": index_vanthu(ctx, docs, "alqac", str(ctx.args.jobs)),
            "omindex": index_omega(ctx, docs, "alqac"),
            "recollindex": index_recoll(ctx, docs, "alqac")}
    for k, r in runs.items():
        print(f"{k}: indexed {r['docs']} in {r['wall_s']:.1f} s, index "
              f"{mib(r['index_bytes']):.1f} MiB")

    def evaluate(name, *extra):
        jfile = ctx.results / name
        subprocess.run([sys.executable, str(BENCH / "alqac_eval.py"), "--ids", str(ids),
                        "--vanthu", str(ctx.vanthu), "--vanthu-index", runs["vanthu"]["db"],
                        "--omega-db", runs["omindex"]["db"], "--recoll-conf",
                        runs["recollindex"]["db"], "--jobs", str(ctx.args.jobs), "--json",
                        str(jfile), *extra], check=True)
        return json.loads(jfile.read_text())

    q = evaluate("quality-alqac.json", "--what-if")
    # Peers only: vanthu-fill is vanthu itself with a what-if change.
    best_peer = max((k for k in q if not k.startswith("vanthu")),
                    key=lambda k: q[k]["accented"]["mrr10"])
    va, vu = q["vanthu"]["accented"]["mrr10"], q["vanthu"]["unaccented"]["mrr10"]
    print(f"\nvanthu MRR@10 accented {va:.3f} vs best peer ({best_peer}) "
          f"{q[best_peer]['accented']['mrr10']:.3f} (target ≥); unaccented ÷ accented "
          f"{vu / va:.3f} (target ≥ 0.95)")
    # The same articles asked by four-word queries cut from the questions (search-box style).
    short = evaluate("quality-alqac-short.json", "--short")
    ctx.save("quality", {"index_runs": runs, "eval": q, "best_peer": best_peer,
                         "eval_short": short})


def part_scaling(ctx):
    rows = []
    for n in ctx.args.scaling:
        docs = corpus("text", n)
        warm(docs)
        name = f"text-{n}"
        print(f"\n## Scaling: {n} text documents ({docs})", flush=True)
        row = {"docs": n, "vanthu": index_vanthu(ctx, docs, name, str(ctx.args.jobs))}
        if ctx.args.scaling_peers:
            row["omindex"] = index_omega(ctx, docs, name)
            row["recollindex"] = index_recoll(ctx, docs, name)
        row["latency"] = latency(ctx, row["vanthu"]["db"], name)
        rows.append(row)
        ctx.save("scaling", rows)
    print("\n| documents | tool | wall s | CPU s | peak RSS MiB | docs/s | index MiB | "
          "compacted MiB | query p50 ms | query p99 ms | p99 with facets ms | load |")
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        for tool in ("vanthu", "omindex", "recollindex"):
            if tool not in row:
                continue
            r = row[tool]
            lat = ""
            if tool == "vanthu":
                a, f = row["latency"]["plain"]["all"], row["latency"]["facets"]["all"]
                lat = f"{a['p50_ms']:.2f} | {a['p99_ms']:.2f} | {f['p99_ms']:.2f}"
            else:
                lat = " | | "
            print(f"| {row['docs']} | {tool} | {r['wall_s']:.1f} | {r['cpu_s']:.1f} | "
                  f"{r['peak_rss_mib']:.0f} | {rate(r):.0f} | {mib(r['index_bytes']):.1f} | "
                  f"{mib(r['compacted_bytes']):.1f} | {lat} | {r['load_before']:.1f} |")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--size", type=int, default=1000, help="documents in the mixed corpus")
    ap.add_argument("--parts", default="index,quality,latency,scaling")
    ap.add_argument("--scaling", default="1000,10000,100000",
                    type=lambda s: [int(x) for x in s.split(",") if x])
    ap.add_argument("--scaling-peers", action="store_true",
                    help="also time omindex and recollindex at every scaling size")
    ap.add_argument("--jobs", type=int, default=2, help="vanthu index --jobs")
    ap.add_argument("--rounds", type=int, default=3,
                    help="runs of each indexer on the mixed corpus, taking turns; the median "
                         "is reported")
    ap.add_argument("--vanthu", help="vanthu binary (default build-bench/tools/vanthu)")
    ap.add_argument("--query-latency", help="query_latency binary")
    args = ap.parse_args()
    if args.rounds < 1:
        ap.error("--rounds must be at least 1")
    ctx = Ctx(args)
    for tool in (ctx.vanthu, ctx.query_latency):
        if not tool.exists():
            sys.exit(f"compare: {tool} is missing (bench/run.sh builds it)")
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} at start; "
          f"{time.strftime('%Y-%m-%d %H:%M %Z')}")
    parts = [p.strip() for p in args.parts.split(",") if p.strip()]
    for part in parts:
        {"index": part_index, "quality": part_quality, "latency": part_latency,
         "scaling": part_scaling}[part](ctx)
    return 0


if __name__ == "__main__":
    sys.exit(main())
