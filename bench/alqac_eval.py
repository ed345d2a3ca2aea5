#!/usr/bin/env python3
"""Ranking quality on ALQAC: MRR@10 and Recall@10 of vanthu, Omega and Recoll, each through its
own query program with its defaults, for the questions as written and without diacritics.

    python3 bench/alqac_eval.py --ids ROOT/alqac/ids.tsv [--vanthu BIN --vanthu-index DIR]
        [--omega-db DIR] [--recoll-conf DIR] [--jobs 2] [--limit N] [--json FILE] [--short]

The corpus is bench/corpora.py alqac (one text file per article, ids.tsv maps each file name to
its ALQAC doc_id), indexed by each tool beforehand (bench/run.sh does it). Each question is
run as a separate command, the way a user or a script would:

  vanthu        vanthu search --json --limit 10 -- QUESTION
  omega         the Omega CGI in command-line mode (/usr/lib/cgi-bin/omega/omega P=QUESTION)
                with its defaults (DEFAULTOP=and since 1.3, English stemming) and a template
                that prints the URLs of the first page (10 hits)
  omega-or      the same with DEFAULTOP=or ("match any word", what Omega's docs suggest for
                natural-language queries)
  recoll        recollq -b -n 10 QUESTION: Recoll's query language (implicit AND), its default
  recoll-any    recollq -o: the GUI's "any term" simple search
  vanthu-fill   (--what-if) vanthu's all-words hits topped up to 10 with its any-word hits: a
                proposed change measured from outside, not what vanthu does

With --short, the queries are cut from the questions, as words typed into a search box: from
each question of six words or more, its third to sixth words and its last four but one (the
last is mostly "gì", "không", "nào"), each judged by the question's articles.

The hit files are mapped to doc_ids; a question's reciprocal rank is 1/rank of its first
relevant article in the first 10 (0 if none), its recall the share of its relevant articles
in the first 10. Means over all questions (qrels.tsv: 596 questions, 597 judgements).
"""

import argparse
import concurrent.futures
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import unquote

sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpora import data_dir, strip_diacritics  # noqa: E402

OMEGA_CGI = "/usr/lib/cgi-bin/omega/omega"
K = 10


def load_questions():
    d = data_dir() / "alqac"
    with open(d / "queries.jsonl", encoding="utf-8") as f:
        questions = [json.loads(line) for line in f if line.strip()]
    qrels = {}
    with open(d / "qrels.tsv", encoding="utf-8") as f:
        next(f)
        for line in f:
            qid, doc_id, rel = line.rstrip("\n").split("\t")
            if int(rel) > 0:
                qrels.setdefault(qid, set()).add(doc_id)
    return [(q["qid"], " ".join(q["text"].split())) for q in questions if q["qid"] in qrels], qrels


class Tool:
    """A query command: run(question) -> list of file names, best first."""

    def __init__(self, name, argv_for, parse, env=None):
        self.name, self.argv_for, self.parse, self.env = name, argv_for, parse, env

    def run(self, question):
        start = time.monotonic()
        proc = subprocess.run(self.argv_for(question), capture_output=True, env=self.env)
        ms = (time.monotonic() - start) * 1000
        try:
            files = self.parse(proc.stdout.decode("utf-8", "replace"))
        except (ValueError, KeyError):
            files = None
        error = files is None or (proc.returncode != 0 and not files)
        return (files or [])[:K], error, ms


def vanthu_tool(binary, index):
    def parse(out):
        return [Path(h["path"]).name for h in json.loads(out)["hits"]]
    return Tool("vanthu", lambda q: [binary, "search", "--index", index, "--limit", str(K),
                                     "--json", "--", q], parse)


class VanthuFilled(Tool):
    """What-if, not a default: vanthu's all-words hits first, then, when they are fewer than
    10, the hits of the same words joined with OR (what vanthu shows only when no document has
    every word). Measures the fix proposed for short all-words result lists."""

    def __init__(self, binary, index):
        super().__init__("vanthu-fill", None, None)
        self.plain = vanthu_tool(binary, index)
        self.binary, self.index = binary, index

    def run(self, question):
        files, error, ms = self.plain.run(question)
        if len(files) < K:
            words = re.findall(r"[^\W_]+(?:[./-][^\W_]+)*", question)
            words = [w for w in words if w not in ("AND", "OR", "NOT")]
            more, error2, ms2 = self.plain.run(" OR ".join(words)) if words else ([], False, 0)
            files = files + [f for f in more if f not in files]
            error, ms = error and error2, ms + ms2
        return files[:K], error, ms


def omega_tools(db, workdir):
    """Omega's CGI reads its settings from OMEGA_CONFIG_FILE: a private one pointing at a
    folder holding the database and a one-line template printing the hit URLs."""
    data = Path(workdir) / "data"
    templates = Path(workdir) / "templates"
    data.mkdir(parents=True, exist_ok=True)
    templates.mkdir(parents=True, exist_ok=True)
    link = data / "bench"
    if link.is_symlink() or link.exists():
        link.unlink()
    link.symlink_to(Path(db).resolve())
    (templates / "urls").write_text("$hitlist{$field{url}\n}")
    conf = Path(workdir) / "omega.conf"
    conf.write_text(f"database_dir {data}\ntemplate_dir {templates}\nlog_dir {workdir}\n"
                    f"cdb_dir {workdir}\n")
    env = dict(os.environ, OMEGA_CONFIG_FILE=str(conf))

    def parse(out):
        lines = out.split("\n")
        if lines and lines[0].lower().startswith("content-type"):
            lines = lines[1:]
        return [Path(unquote(x.strip())).name for x in lines if x.strip()]

    def make(name, extra):
        return Tool(name, lambda q: [OMEGA_CGI, "DB=bench", "FMT=urls", f"HITSPERPAGE={K}",
                                     f"P={q}"] + extra, parse, env)
    return [make("omega", []), make("omega-or", ["DEFAULTOP=or"])]


def recoll_tools(confdir):
    def parse(out):
        return [Path(unquote(x.strip()[len("file://"):])).name for x in out.split("\n")
                if x.startswith("file://")]
    base = ["recollq", "-c", confdir, "-b", "-n", str(K)]
    return [Tool("recoll", lambda q: base + [q], parse),
            Tool("recoll-any", lambda q: base + ["-o", q], parse)]


def evaluate(tool, questions, qrels, file_to_id, jobs, details):
    def one(item):
        qid, text = item
        files, error, ms = tool.run(text)
        ids = [file_to_id.get(f) for f in files]
        rel = qrels[qid]
        rr = next((1.0 / (i + 1) for i, d in enumerate(ids) if d in rel), 0.0)
        recall = len(rel & set(ids)) / len(rel)
        details[qid] = {"rank": round(1 / rr) if rr else 0, "hits": ids}
        return rr, recall, not files, error, ms
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        rows = list(pool.map(one, questions))
    n = len(rows)
    ms = sorted(r[4] for r in rows)
    return {"mrr10": sum(r[0] for r in rows) / n, "recall10": sum(r[1] for r in rows) / n,
            "no_hits": sum(r[2] for r in rows), "errors": sum(r[3] for r in rows),
            "queries": n, "cli_ms_p50": ms[n // 2]}


def short_queries(questions, qrels):
    """Two runs of four words from each question of six words or more (--short), each with
    the question's judgements."""
    out, judged = [], {}
    for qid, text in questions:
        words = re.findall(r"\w+", text)
        if len(words) < 6:
            continue
        for k, (start, end) in enumerate(((2, 6), (len(words) - 5, len(words) - 1))):
            out.append((f"{qid}/{k + 1}", " ".join(words[start:end])))
            judged[f"{qid}/{k + 1}"] = qrels[qid]
    return out, judged


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--ids", type=Path, required=True, help="ids.tsv from corpora.py alqac")
    ap.add_argument("--vanthu")
    ap.add_argument("--vanthu-index")
    ap.add_argument("--omega-db")
    ap.add_argument("--recoll-conf")
    ap.add_argument("--jobs", type=int, default=2, help="questions run at once")
    ap.add_argument("--limit", type=int, default=0, help="first N questions only (0: all)")
    ap.add_argument("--json", type=Path)
    ap.add_argument("--what-if", action="store_true",
                    help="add vanthu-fill: all-words hits topped up with any-word hits")
    ap.add_argument("--short", action="store_true",
                    help="four-word queries cut from the questions instead of the questions")
    ap.add_argument("--details", action="store_true",
                    help="put each question's rank and hits in the --json file")
    args = ap.parse_args()

    file_to_id = {}
    for line in args.ids.read_text(encoding="utf-8").splitlines():
        name, doc_id = line.split("\t")
        file_to_id[name] = doc_id
    questions, qrels = load_questions()
    if args.limit:
        questions = questions[:args.limit]
    if args.short:
        questions, qrels = short_queries(questions, qrels)

    tools = []
    if args.vanthu and args.vanthu_index:
        tools.append(vanthu_tool(args.vanthu, args.vanthu_index))
        if args.what_if:
            tools.append(VanthuFilled(args.vanthu, args.vanthu_index))
    workdir = tempfile.mkdtemp(prefix="vanthu-omega-")
    if args.omega_db:
        tools += omega_tools(args.omega_db, workdir)
    if args.recoll_conf:
        tools += recoll_tools(args.recoll_conf)

    results = {}
    what = "four-word queries cut from the questions" if args.short else "questions"
    print(f"ALQAC: {len(questions)} {what}, {len(file_to_id)} articles; @{K}", flush=True)
    print(f"{'tool':<12} {'questions':<11} {'MRR@10':>7} {'R@10':>7} {'no hit':>7} "
          f"{'errors':>6} {'CLI p50 ms':>10}")
    for tool in tools:
        for variant in ("accented", "unaccented"):
            qs = questions if variant == "accented" else [
                (qid, strip_diacritics(t)) for qid, t in questions]
            details = {}
            r = evaluate(tool, qs, qrels, file_to_id, args.jobs, details)
            if args.details:
                r["per_question"] = details
            results.setdefault(tool.name, {})[variant] = r
            print(f"{tool.name:<12} {variant:<11} {r['mrr10']:7.3f} {r['recall10']:7.3f} "
                  f"{r['no_hits']:7d} {r['errors']:6d} {r['cli_ms_p50']:10.0f}", flush=True)
    shutil.rmtree(workdir, ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
