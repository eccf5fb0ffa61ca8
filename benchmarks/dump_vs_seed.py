"""Benchmark: the same articles as seed-format files and as one JSON-lines dump build the same events.

Takes the first N articles (default 10,000) of a folder (or tarball) of seed-format files, writes them as a
JSON-lines dump (title, url, published as ISO 8601 in Beijing time, html), builds both in memory, and prints
the time of each build (wall and CPU seconds of this process and its workers, and each worker's own CPU
seconds: how the work was shared), the articles and events of each, the peak memory of the process, and
whether the event tables are equal (the input file names left out, which differ). Figures, not assertions: run it by hand, never as a unit test.

    python benchmarks/dump_vs_seed.py [--corpus ../shared/corpus/xwlb-2022-2025.tar.gz] [--limit 10000] [--jobs 2]
                                      [--repeat 3] [--forms seed,dump]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import threading
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
    ap.add_argument("--repeat", type=int, default=1, help="builds of each form; the medians are printed")
    ap.add_argument("--forms", default="seed,dump", help="which forms to build: seed, dump or both (for the "
                    "peak memory of one form, build it alone)")
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
        inputs = {"seed": files, "dump": [dump]}
        runs: dict[str, list] = {}
        for form in args.forms.split(","):
            for _ in range(args.repeat):
                runs.setdefault(form, []).append(timed(build, inputs[form], None, resources=resources, jobs=args.jobs))
    for form, done in runs.items():
        result = done[-1][0]
        wall, cpu = (statistics.median(d[i] for d in done) for i in (1, 2))
        shares = ", ".join(f"{s:.1f}" for s in done[-1][3]) or "not sampled"
        print(f"{form:5}: {len(result.articles)} articles, {len(result.events)} events, {len(result.skipped)} skipped; "
              f"median of {len(done)}: {wall:.1f} s wall, {cpu:.1f} s CPU (this process and its workers), "
              f"{len(result.articles) / wall:.1f} articles/s, {args.jobs} jobs; CPU s of each worker: {shares}")
    if len(runs) == 2:
        seed_wall = statistics.median(d[1] for d in runs["seed"])
        dump_wall = statistics.median(d[1] for d in runs["dump"])
        print(f"dump / seed wall time: {dump_wall / seed_wall:.2f}")
        print(f"same events: {comparable(runs['seed'][-1][0]) == comparable(runs['dump'][-1][0])}")
    me, workers = (resource.getrusage(who).ru_maxrss / 1024 for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    print(f"peak memory: {me:.0f} MB this process, {workers:.0f} MB the largest worker")


def timed(function, *args, **kwargs):
    """``(result, wall seconds, CPU seconds of this process and of its reaped workers, CPU seconds of each
    worker)`` of one call; the workers' own seconds are sampled from ``/proc`` (Linux; empty elsewhere)."""
    sampler = WorkerClock()
    sampler.start()
    t0, c0 = time.perf_counter(), os.times()
    try:
        result = function(*args, **kwargs)
    finally:
        sampler.stop()
    t1, c1 = time.perf_counter(), os.times()
    cpu = sum(getattr(c1, f) - getattr(c0, f) for f in ("user", "system", "children_user", "children_system"))
    return result, t1 - t0, cpu, sorted(sampler.seconds.values(), reverse=True)


class WorkerClock(threading.Thread):
    """Samples, twice a second, the CPU seconds of each child process of this one (``/proc/PID/stat``),
    keeping each child's last value: how the work was shared among the workers."""

    def __init__(self):
        super().__init__(daemon=True)
        self.seconds: dict[int, float] = {}
        self.done = threading.Event()
        self.tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100

    def run(self) -> None:
        while not self.done.wait(0.5):
            for pid in self.children():
                try:
                    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                self.seconds[pid] = (int(fields[11]) + int(fields[12])) / self.tick

    def children(self) -> list[int]:
        pids = []
        for task in Path(f"/proc/{os.getpid()}/task").glob("*"):
            try:
                pids += [int(p) for p in (task / "children").read_text().split()]
            except OSError:
                continue
        return pids

    def stop(self) -> None:
        self.done.set()
        self.join()


if __name__ == "__main__":
    main()
