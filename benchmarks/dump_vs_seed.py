"""Benchmark: the same articles as seed-format files and as one JSON-lines dump build the same events.

Takes the first N articles (default 10,000) of a folder (or tarball) of seed-format files, writes them as a
JSON-lines dump (title, url, published as ISO 8601 in Beijing time, html), builds both in memory, and prints
the time of each build, the articles and events of each, and whether the event tables are equal (the
input file names left out, which differ). Figures, not assertions: run it by hand, never as a unit test.

    python benchmarks/dump_vs_seed.py [--corpus ../shared/corpus/xwlb-2022-2025.tar.gz] [--limit 10000] [--jobs 2]
"""

from __future__ import annotations

import argparse
import json
import sys
import tarfile
import tempfile
import time
from datetime import timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

BEIJING = timezone(timedelta(hours=8))


def comparable(result) -> list[dict]:
    from kg.export import event_records

    out = []
    for record in event_records(result.events, result.entities):
        for s in record["sources"]:
            s.pop("file")
        out.append(record)
    return sorted(out, key=lambda r: r["id"])


def main() -> None:
    here = Path(__file__).resolve().parent.parent
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--corpus", type=Path, default=here.parent / "shared" / "corpus" / "xwlb-2022-2025.tar.gz")
    ap.add_argument("--limit", type=int, default=10_000)
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()

    from kg.article import ArticleError, read_article
    from kg.pipeline import build
    from kg.resources import load_resources

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        src = args.corpus
        if not src.is_dir():
            src = work / "corpus"
            with tarfile.open(args.corpus) as tar:
                tar.extractall(src, filter="data")
        files = sorted(f for f in src.rglob("*.txt"))[: args.limit]
        dump = work / "articles.jsonl"
        with dump.open("w", encoding="utf-8") as f:
            for path in files:
                try:
                    article = read_article(path)
                except ArticleError:
                    continue
                body = path.read_text(encoding="utf-8").split("\n", 3)[3]
                f.write(json.dumps({"title": article.title, "url": article.url,
                                    "published": article.published.astimezone(BEIJING).isoformat(),
                                    "html": body}, ensure_ascii=False) + "\n")
        print(f"{len(files)} seed-format files from {args.corpus}; dump {dump.stat().st_size / 2**20:.1f} MB")
        resources = load_resources()
        t0 = time.perf_counter()
        seeds = build(files, None, resources=resources, jobs=args.jobs)
        t1 = time.perf_counter()
        dumped = build([dump], None, resources=resources, jobs=args.jobs)
        t2 = time.perf_counter()
    print(f"seed format: {len(seeds.articles)} articles, {len(seeds.events)} events, {len(seeds.skipped)} skipped, "
          f"{t1 - t0:.0f} s ({len(seeds.articles) / (t1 - t0):.1f} articles/s, {args.jobs} jobs)")
    print(f"JSON lines:  {len(dumped.articles)} articles, {len(dumped.events)} events, {len(dumped.skipped)} skipped, "
          f"{t2 - t1:.0f} s ({len(dumped.articles) / (t2 - t1):.1f} articles/s; one dump is read by one process)")
    same = comparable(seeds) == comparable(dumped)
    print(f"same events: {same}")


if __name__ == "__main__":
    main()
