"""Benchmark: the memory a dump takes to read, record by record, against its size.

Writes the first N articles of a folder (or tarball) of seed-format files as one JSON-lines dump, repeated
K times (a dump of K x N records), then, each in a fresh process, reads it record by record as a build does
(``kg.readers.dumps.iter_records`` and ``read_record``, each article let go once read) and as one list of
all its articles (``read_dump``). Prints the dump's size, each way's peak memory (the process's maximum
resident set) and wall and CPU seconds, and their ratio. Figures, not assertions: run it by hand.

    python benchmarks/dump_memory.py [--corpus ../shared/corpus/xwlb-2022-2025.tar.gz] [--limit 2000] [--copies 20]
                                     [--ways streamed,list]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tarfile
import tempfile
import time
from datetime import timedelta, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(HERE))

BEIJING = timezone(timedelta(hours=8))


def write_dump(corpus: Path, limit: int, copies: int, dump: Path, work: Path) -> int:
    """Write ``copies`` times the first ``limit`` seed-format files of ``corpus`` to ``dump``; its records."""
    from kg.article import ArticleError, read_article

    src = corpus
    if not src.is_dir():
        src = work / "corpus"
        with tarfile.open(corpus) as tar:
            tar.extractall(src, filter="data")
    lines = []
    for path in sorted(src.rglob("*.txt"))[:limit]:
        try:
            article = read_article(path)
        except ArticleError:
            continue
        body = path.read_text(encoding="utf-8").split("\n", 3)[3]
        lines.append({"title": article.title, "url": article.url,
                      "published": article.published.astimezone(BEIJING).isoformat(), "html": body})
    with dump.open("w", encoding="utf-8") as f:
        for copy in range(copies):
            for record in lines:  # each copy under its own URL, as distinct articles
                f.write(json.dumps({**record, "url": f"{record['url']}#{copy}"}, ensure_ascii=False) + "\n")
    return len(lines) * copies


def read(way: str, dump: Path) -> None:
    """Read ``dump`` one way in this process and print ``articles wall cpu peak_kb``."""
    from kg.readers import Reading
    from kg.readers import dumps

    reading = Reading()
    t0, c0 = time.perf_counter(), time.process_time()
    if way == "streamed":
        iter_records, read_record = dumps.iter_records, dumps.read_record
        count = 0
        for record in iter_records(dump):
            read_record(record, dump, reading)
            count += 1
    else:
        count = len(dumps.read_dump(dump, reading))
    print(count, time.perf_counter() - t0, time.process_time() - c0, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--corpus", type=Path, default=HERE.parent / "shared" / "corpus" / "xwlb-2022-2025.tar.gz")
    ap.add_argument("--limit", type=int, default=2000)
    ap.add_argument("--copies", type=int, default=20)
    ap.add_argument("--ways", default="streamed,list", help="which ways to read: streamed, list or both")
    ap.add_argument("--read", choices=("streamed", "list"), help=argparse.SUPPRESS)  # the child's part
    ap.add_argument("--dump", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.read:
        read(args.read, args.dump)
        return
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        dump = work / "articles.jsonl"
        records = write_dump(args.corpus, args.limit, args.copies, dump, work)
        size = dump.stat().st_size / 2**20
        print(f"dump: {records:,} records, {size:.0f} MB")
        peaks = {}
        for way in args.ways.split(","):
            out = subprocess.run([sys.executable, __file__, "--read", way, "--dump", str(dump)],
                                 capture_output=True, text=True, check=True, env={**os.environ}).stdout.split()
            count, wall, cpu, peak = int(out[0]), float(out[1]), float(out[2]), int(out[3]) / 1024
            peaks[way] = peak
            print(f"{way:8}: {count:,} articles read, {wall:.1f} s wall, {cpu:.1f} s CPU, peak memory {peak:.0f} MB "
                  f"({peak / size:.2f} x the dump)")
        if len(peaks) == 2:
            print(f"peak memory, list / streamed: {peaks['list'] / peaks['streamed']:.1f}")


if __name__ == "__main__":
    main()
