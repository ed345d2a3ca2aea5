#!/usr/bin/env python3
"""Seed corpora for the fuzz targets, from real strings of the repository.

    python3 fuzz/make_seeds.py OUT_DIR

Writes OUT_DIR/TARGET/NNNN for each target of fuzz/targets.hpp: lines of the seed documents
(numbers, dates, headers), the numbers and dates of corpus/expected.json, the queries of
docs/query-language.md and README.md, the sample DOCX files and text files in several
encodings. Standard library only."""

import hashlib
import json
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
NUMBER = re.compile(r"\d+\s*[/-]\s*[\w\u00C0-\u1EF9Đđ]+")
DATE = re.compile(r"(ngày|ngay|\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{2}-\d{2})", re.I)


def seed_texts():
    for folder in ("corpus/seeds", "corpus/proposals", "corpus/citations"):
        for p in sorted((REPO / folder).rglob("*.txt")):
            yield p.read_text("utf-8", errors="replace")


def strings_in(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from strings_in(v)
    elif isinstance(value, list):
        for v in value:
            yield from strings_in(v)


def write(out, target, items, limit=400):
    d = out / target
    d.mkdir(parents=True, exist_ok=True)
    seen = set()
    for item in items:
        data = item.encode("utf-8") if isinstance(item, str) else item
        if not data or data in seen:
            continue
        seen.add(data)
        (d / hashlib.sha1(data).hexdigest()[:16]).write_bytes(data)
        if len(seen) >= limit:
            break
    return len(seen)


def stored_data(expected):
    """Document data shaped as the indexer stores it (docs/schema.md), from the expected
    metadata of the sample corpus, compact and indented, with and without ASCII escapes."""
    entries = expected.values() if isinstance(expected, dict) else expected
    out = []
    for i, meta in enumerate(e for e in entries if isinstance(e, dict)):
        data = {"path": f"/corpus/doc{i}.txt", "name": f"doc{i}.txt", "format": "txt",
                "status": "ok", "size": 1000 + i, "title": str(meta.get("title", "")),
                "meta": meta}
        if i % 5 == 0:
            data["error"] = {"code": "broken", "message": "Tệp hỏng"}
        out.append(json.dumps(data, ensure_ascii=(i % 2 == 0)).encode("utf-8"))
        out.append(json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"))
    return out


def main():
    out = Path(sys.argv[1])
    texts = list(seed_texts())
    lines = [l.strip() for t in texts for l in t.splitlines() if l.strip()]
    expected = json.loads((REPO / "corpus/expected.json").read_text("utf-8"))
    exp_strings = list(strings_in(expected))

    numbers = [l for l in lines if NUMBER.search(l)] + [s for s in exp_strings if NUMBER.search(s)]
    numbers = [m.group(0) for l in numbers for m in NUMBER.finditer(l)] + numbers
    dates = [l for l in lines if DATE.search(l)] + [s for s in exp_strings if DATE.search(s)]
    headers = [t[:2000] for t in texts] + ["\n".join(lines[i:i + 12]) for i in range(0, 400, 12)]

    docs = (REPO / "docs/query-language.md").read_text("utf-8") + \
        (REPO / "README.md").read_text("utf-8")
    queries = re.findall(r"vanthu search '([^']*)'", docs) + re.findall(r"`([^`\n]{1,80})`", docs)

    docx = [p.read_bytes() for p in sorted(REPO.glob("corpus/**/*.docx"))
            if p.stat().st_size < 200_000]
    encoded = []
    for t in texts[:6]:
        head = t[:1500]
        encoded += [head.encode("utf-8"), b"\xef\xbb\xbf" + head.encode("utf-8"),
                    b"\xff\xfe" + head.encode("utf-16-le"), b"\xfe\xff" + head.encode("utf-16-be")]
    encoded += [(REPO / "corpus/broken/not-utf8.txt").read_bytes()]

    counts = {
        "docnumber": write(out, "docnumber", numbers),
        "date": write(out, "date", dates),
        "header": write(out, "header", headers),
        "query": write(out, "query", queries),
        "docx": write(out, "docx", docx),
        "text": write(out, "text", encoded),
        "stored": write(out, "stored", stored_data(expected)),
    }
    print("seeds: " + ", ".join(f"{k} {v}" for k, v in counts.items()))


if __name__ == "__main__":
    main()
