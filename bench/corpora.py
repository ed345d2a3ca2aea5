#!/usr/bin/env python3
"""Build the corpora and the query list of the peer benchmark (bench/run.sh), with a cache.

    python3 bench/corpora.py KIND [--count N] [--root build-bench/corpora] [--seed 1]
    python3 bench/corpora.py queries [--root …]

KIND is one of:
  mixed   N documents in the official layout (bench/generate_documents.py: real An Giang
          records, bodies from the seeds and ALQAC), one file each, a third PDF, a third DOCX,
          a third TXT: ROOT/mixed-N/docs/{pdf,docx,txt}/docNNNN.EXT. Only the PDF third is
          printed by LibreOffice.
  text    the same N documents as text only: ROOT/text-N/docs/docNNNN.txt (for 100k).
  seeds   the 15 files of corpus/seeds (5 seeds as PDF, DOCX, TXT) copied under varied names
          until there are N: ROOT/seeds-N/docs/sNNNNN-SEED.EXT.
  alqac   the ALQAC articles, one text file per article: ROOT/alqac/docs/aNNNN.txt, and
          ROOT/alqac/ids.tsv (file name → ALQAC doc_id) for the ranking evaluation.
  laws    the same articles as whole laws, one text file per law (22 files of 38-735 KB, as
          an archive keeps a law or a long decree): ROOT/laws/docs/lawNN.txt, for the cost of
          hits whose stored text is long (snippets, did-you-mean).
  queries ROOT/queries.tsv: "class<TAB>query" lines, the real queries the latency and load
          benchmarks use (ALQAC questions with and without diacritics, 2-4 word phrases of
          real subjects, real document numbers).

The folder to index is always ROOT/NAME/docs; nothing else is in it. A corpus is rebuilt only
when its parameters change or a generator or the shared data is newer than it. Prints the
docs folder on the last line of stdout. Standard library only.
"""

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.dont_write_bytecode = True


def data_dir():
    env = os.environ.get("VANTHU_SHARED_DATA")
    if env:
        return Path(env)
    for cand in (REPO.parent / "shared" / "data", Path("/work/shared/data")):
        if cand.is_dir():
            return cand
    return REPO.parent / "shared" / "data"


def strip_diacritics(text):
    """What a user without a Vietnamese keyboard types: every mark dropped, đ → d."""
    text = text.replace("đ", "d").replace("Đ", "D").replace("Ð", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if unicodedata.category(c) != "Mn"))


# --------------------------------------------------------------------------------------------
# Cache
# --------------------------------------------------------------------------------------------

GENERATORS = (BENCH / "generate_documents.py", REPO / "scripts" / "make_corpus.py")


def inputs_mtime(extra):
    paths = [Path(__file__), data_dir() / "angiang" / "documents.jsonl",
             data_dir() / "alqac" / "corpus.jsonl", data_dir() / "alqac" / "queries.jsonl"]
    paths += list(extra)
    return max(p.stat().st_mtime for p in paths if p.exists())


def up_to_date(folder, want, inputs=()):
    """The corpus in FOLDER was made with the same parameters, after its inputs last changed
    (the generators only for generated corpora: an edit of the DOCX writer does not make the
    ALQAC files again)."""
    stamp = folder / ".stamp"
    return (stamp.exists() and stamp.read_text() == want
            and stamp.stat().st_mtime >= inputs_mtime(inputs))


def mark_done(folder, want):
    (folder / ".stamp").write_text(want)


def link(src, dst):
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


# --------------------------------------------------------------------------------------------
# Corpora
# --------------------------------------------------------------------------------------------

def generate(out, count, seed, formats):
    """bench/generate_documents.py into OUT (its own files: docN.EXT, docN.expected.json)."""
    cmd = [sys.executable, str(BENCH / "generate_documents.py"), "--count", str(count),
           "--seed", str(seed), "--formats", formats, "--out", str(out), "--data",
           str(data_dir())]
    subprocess.run(cmd, check=True, stdout=sys.stderr)


def build_mixed(root, count, seed):
    folder = root / f"mixed-{count}"
    want = f"mixed count={count} seed={seed}"
    if up_to_date(folder, want, GENERATORS):
        return folder / "docs"
    shutil.rmtree(folder, ignore_errors=True)
    gen = folder / "generated"
    t0 = time.monotonic()
    generate(gen, count, seed, "docx,txt")
    names = sorted(p.stem for p in gen.glob("doc*.docx"))
    fmt_of = {name: ("pdf", "docx", "txt")[i % 3] for i, name in enumerate(names)}
    pdf_src = [gen / f"{n}.docx" for n in names if fmt_of[n] == "pdf"]

    # Print only the PDF third with LibreOffice, with the generator's own settings.
    sys.path.insert(0, str(BENCH))
    import generate_documents as gd  # noqa: E402
    pdf_dir = gen / "pdf"
    pdf_dir.mkdir()
    if pdf_src and not gd.convert_to_pdf(pdf_src, pdf_dir):
        sys.exit("corpora: soffice not found, cannot print the PDF part. Install it with:\n  "
                 + gd.SOFFICE_HINT)
    for src in pdf_src:
        pdf = pdf_dir / f"{src.stem}.pdf"
        if not pdf.exists():
            sys.exit(f"corpora: LibreOffice did not print {src}")
        date = json.loads(src.with_suffix(".expected.json").read_text(encoding="utf-8"))["date"]
        pdf.write_bytes(gd.mc.pin_pdf(pdf.read_bytes(), f"{date}T01:30:00Z"))

    docs = folder / "docs"
    for fmt in ("pdf", "docx", "txt"):
        (docs / fmt).mkdir(parents=True)
    for n in names:
        fmt = fmt_of[n]
        src = pdf_dir / f"{n}.pdf" if fmt == "pdf" else gen / f"{n}.{fmt}"
        link(src, docs / fmt / f"{n}.{fmt}")
    print(f"corpora: {folder.name}: {count} documents in {time.monotonic() - t0:.0f} s",
          file=sys.stderr)
    mark_done(folder, want)
    return docs


def build_text(root, count, seed):
    folder = root / f"text-{count}"
    want = f"text count={count} seed={seed}"
    if up_to_date(folder, want, GENERATORS):
        return folder / "docs"
    shutil.rmtree(folder, ignore_errors=True)
    gen = folder / "generated"
    t0 = time.monotonic()
    generate(gen, count, seed, "txt")
    docs = folder / "docs"
    docs.mkdir(parents=True)
    for p in sorted(gen.glob("doc*.txt")):
        link(p, docs / p.name)
    for p in gen.glob("doc*.expected.json"):
        p.unlink()  # 100k small files nobody reads here
    print(f"corpora: {folder.name}: {count} documents in {time.monotonic() - t0:.0f} s",
          file=sys.stderr)
    mark_done(folder, want)
    return docs


def build_seeds(root, count):
    folder = root / f"seeds-{count}"
    want = f"seeds count={count}"
    src_dir = REPO / "corpus" / "seeds"
    sources = sorted(p for p in src_dir.iterdir() if p.suffix in (".pdf", ".docx", ".txt"))
    if not sources:
        sys.exit(f"corpora: no seed files in {src_dir} (python3 scripts/make_corpus.py)")
    if up_to_date(folder, want, sources):
        return folder / "docs"
    shutil.rmtree(folder, ignore_errors=True)
    docs = folder / "docs"
    docs.mkdir(parents=True)
    for i in range(count):
        src = sources[i % len(sources)]
        copy = i // len(sources)
        # Copies, not links: a tool that notices hard links must not index them as one file.
        shutil.copyfile(src, docs / f"s{copy:05d}-{src.name}")
    mark_done(folder, want)
    return docs


def build_alqac(root):
    folder = root / "alqac"
    want = "alqac"
    if up_to_date(folder, want):
        return folder / "docs"
    shutil.rmtree(folder, ignore_errors=True)
    docs = folder / "docs"
    docs.mkdir(parents=True)
    rows = []
    with open(data_dir() / "alqac" / "corpus.jsonl", encoding="utf-8") as f:
        for i, line in enumerate(f, start=1):
            art = json.loads(line)
            name = f"a{i:04d}.txt"
            # How an article looks when a law is saved one article per file: the law, the
            # article number and its title, then the text.
            text = f"{art['law_id']}\n\nĐiều {art['article_id']}. {art['text'].strip()}\n"
            (docs / name).write_text(text, encoding="utf-8")
            rows.append(f"{name}\t{art['doc_id']}\n")
    (folder / "ids.tsv").write_text("".join(rows), encoding="utf-8")
    mark_done(folder, want)
    return docs


def build_laws(root):
    folder = root / "laws"
    want = "laws"
    if up_to_date(folder, want):
        return folder / "docs"
    shutil.rmtree(folder, ignore_errors=True)
    docs = folder / "docs"
    docs.mkdir(parents=True)
    laws = {}
    with open(data_dir() / "alqac" / "corpus.jsonl", encoding="utf-8") as f:
        for line in f:
            art = json.loads(line)
            laws.setdefault(art["law_id"], []).append(
                f"Điều {art['article_id']}. {art['text'].strip()}\n")
    for i, (law, articles) in enumerate(sorted(laws.items()), start=1):
        (docs / f"law{i:02d}.txt").write_text(f"{law}\n\n" + "\n".join(articles),
                                               encoding="utf-8")
    mark_done(folder, want)
    return docs


def build_queries(root, seed=1):
    out = root / "queries.tsv"
    if out.exists() and out.stat().st_mtime >= inputs_mtime(()):
        return out
    rng = random.Random(seed)
    rows = []
    with open(data_dir() / "alqac" / "queries.jsonl", encoding="utf-8") as f:
        questions = [" ".join(json.loads(line)["text"].split()) for line in f if line.strip()]
    rows += [("question", q) for q in questions]
    rows += [("question-unaccented", strip_diacritics(q)) for q in questions]
    with open(data_dir() / "angiang" / "documents.jsonl", encoding="utf-8") as f:
        records = [json.loads(line) for line in f if line.strip()]
    subjects = [r["trich_yeu"] for r in records if r.get("trich_yeu")]
    for i in range(400):
        words = [w.strip(",.;:()\"“”") for w in rng.choice(subjects).split()]
        words = [w for w in words if w and not any(c.isdigit() for c in w)]
        k = rng.randint(2, 4)
        if len(words) < k:
            continue
        start = rng.randrange(len(words) - k + 1)
        phrase = " ".join(words[start:start + k]).lower()
        rows.append(("keywords", phrase) if i % 2 == 0
                    else ("keywords-unaccented", strip_diacritics(phrase)))
    numbers = sorted({r["so_hieu"] for r in records if r.get("so_hieu")})
    rows += [("number", n) for n in rng.sample(numbers, min(300, len(numbers)))]
    rng.shuffle(rows)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("".join(f"{c}\t{q}\n" for c, q in rows if "\t" not in q and q),
                   encoding="utf-8")
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("kind", choices=["mixed", "text", "seeds", "alqac", "laws", "queries"])
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--root", type=Path, default=REPO / "build-bench" / "corpora")
    args = ap.parse_args()
    args.root.mkdir(parents=True, exist_ok=True)
    if args.kind == "mixed":
        path = build_mixed(args.root, args.count, args.seed)
    elif args.kind == "text":
        path = build_text(args.root, args.count, args.seed)
    elif args.kind == "seeds":
        path = build_seeds(args.root, args.count)
    elif args.kind == "alqac":
        path = build_alqac(args.root)
    elif args.kind == "laws":
        path = build_laws(args.root)
    else:
        path = build_queries(args.root, args.seed)
    print(path)


if __name__ == "__main__":
    main()
