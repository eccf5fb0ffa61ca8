"""Benchmark: build the whole CCTV corpus into a store and time the named queries.

Prints articles per second, peak RSS (this process and, separately, the largest worker), the time of bare
jieba segmentation of the same texts (the floor for a jieba-based pipeline), store size, the time to
add one article to the built store, and each named query's latency on the store and on rdflib's
in-memory store. Figures, not assertions: run it by hand or in a scheduled job, never as a unit test.

    python benchmarks/build_corpus.py [--corpus ../shared/corpus/xwlb-2022-2025.tar.gz] [--jobs 2] [--limit N]
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import sys
import tarfile
import tempfile
import time
from pathlib import Path

# The checkout this script is in, not whichever kg is installed (python puts benchmarks/ on the path, not
# the checkout: a worktree's benchmark measured the main checkout's kg).
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def peak_rss_mb(who=resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def folder_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20


def rdflib_time(ds, name, binds, budget: float) -> str:
    """The median of 3 runs of a named query on an rdflib Dataset, in a forked process stopped after
    ``budget`` seconds (rdflib's SPARQL engine can take minutes on a corpus-sized graph)."""
    import multiprocessing as mp

    from kg.query import select

    def run(conn):
        runs = []
        for _ in range(3):
            t0 = time.perf_counter()
            select(ds, name, binds)
            runs.append(time.perf_counter() - t0)
        conn.send(statistics.median(runs))

    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe()
    proc = ctx.Process(target=run, args=(child,))
    proc.start()
    if parent.poll(budget):
        proc.join()
        return f"{parent.recv():>12.3f} s"
    proc.kill()
    proc.join()
    return f"> {budget:.0f} s (stopped)"


def main() -> None:
    here = Path(__file__).resolve().parent.parent
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=here.parent / "shared" / "corpus" / "xwlb-2022-2025.tar.gz",
                    help="a .tar.gz of article files, or a folder of them")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--limit", type=int, default=0, help="use only the first N articles (0: all)")
    ap.add_argument("--rdflib-budget", type=float, default=120.0, help="seconds allowed per rdflib query")
    ap.add_argument("--work", type=Path, default=None, help="folder for the store and exports (default: a temporary one)")
    args = ap.parse_args()

    from kg.article import ArticleError, read_article
    from kg.pipeline import build
    from kg.query import named_queries, select
    from kg.resources import load_resources

    work = args.work or Path(tempfile.mkdtemp(prefix="kg-bench-"))
    if args.corpus.is_dir():
        src = args.corpus
    else:
        src = work / "corpus"
        if not src.exists():
            with tarfile.open(args.corpus) as tar:
                tar.extractall(src, filter="data")
    files = sorted(f for f in src.rglob("*") if f.is_file() and not f.name.startswith("."))
    if args.limit:
        files = files[:args.limit]
    print(f"corpus: {len(files)} files from {args.corpus}")

    # The floor: read every article and segment its text with a bare jieba tokenizer.
    import jieba
    tok = jieba.Tokenizer()
    tok.initialize()
    t0 = time.perf_counter()
    texts = []
    for f in files:
        try:
            texts.append(read_article(f).text)
        except ArticleError:
            pass
    t_read = time.perf_counter() - t0
    t0 = time.perf_counter()
    for text in texts:
        tok.lcut(text)
    t_jieba = time.perf_counter() - t0
    print(f"reading articles (HTML to text): {t_read:.1f} s; bare jieba segmentation: {t_jieba:.1f} s "
          f"({len(texts) / t_jieba:.0f} articles/s)")
    del texts

    store = work / "kg-store"
    shutil.rmtree(store, ignore_errors=True)
    t0 = time.perf_counter()
    result = build(files, None, store=store, jobs=args.jobs)
    t_build = time.perf_counter() - t0
    print(f"build into the store, {args.jobs} jobs: {t_build:.1f} s, {len(files) / t_build:.0f} articles/s, "
          f"{len(result.articles)} articles, {len(result.reports)} reports, skipped {len(result.skipped)}")
    print(f"  within {t_build / t_jieba:.2f}x of bare jieba segmentation (serial)")
    t0 = time.perf_counter()
    from kg.persist import Store
    resources = load_resources()
    with Store(store, resources) as st:
        articles, events, entities = st.consolidated()
    t_cons = time.perf_counter() - t0
    print(f"events: {len(events)}, persons: {len(entities)}; reading back and consolidating everything: {t_cons:.1f} s")
    print(f"store size: {folder_mb(store):.0f} MB")

    # One more article into the built store.
    one = work / "one-more.txt"
    lines = files[len(files) // 2].read_text(encoding="utf-8").split("\n", 3)
    lines[1] = lines[1].replace("](", "](https://example.org/bench-one-more?", 1)
    one.write_text("\n".join(lines), encoding="utf-8")
    from kg.extract import Extractor
    extractor = Extractor(resources)
    with Store(store, resources) as st:
        t0 = time.perf_counter()
        article = read_article(one)
        st.add([(article, extractor.extract(article))])
        st.refresh()
        t_one = time.perf_counter() - t0
    print(f"adding one article to the built store (read, extract, store, re-consolidate): {t_one * 1000:.0f} ms")

    # Named queries: the store, then rdflib's in-memory Dataset of the same graph.
    def timed(source, name, binds):
        runs = []
        for _ in range(7):  # this machine's speed wanders by tens of percent: a median, and the best run
            t0 = time.perf_counter()
            rows = select(source, name, binds).rows
            runs.append(time.perf_counter() - t0)
        return statistics.median(runs), min(runs), len(rows)

    binds = {"person-contacts": {"name": "习近平"}}
    print(f"peak RSS so far: {peak_rss_mb():.0f} MB in this process (the build, the store, the read-back)")
    print(f"{'query':20} {'rows':>7} {'oxigraph store: median':>23} {'best':>8}")
    with Store(store, resources, read_only=True) as st:
        for n in named_queries():
            t, best, rows = timed(st, n, binds.get(n))
            print(f"{n:20} {rows:>7} {t:>21.3f} s {best:>6.3f} s")
    from kg.store import build_dataset
    t0 = time.perf_counter()
    ds = build_dataset(articles, events, entities)
    print(f"rdflib in-memory Dataset of the same graph: {len(list(ds.quads())):,} quads, built in {time.perf_counter() - t0:.1f} s")
    print(f"{'query':20} {'rdflib memory':>14}  (each stopped after {args.rdflib_budget:.0f} s)")
    for n in named_queries():
        print(f"{n:20} {rdflib_time(ds, n, binds.get(n), args.rdflib_budget)}", flush=True)
    print(f"peak RSS: this process {peak_rss_mb():.0f} MB (with the rdflib comparison); "
          f"largest child process {peak_rss_mb(resource.RUSAGE_CHILDREN):.0f} MB")


if __name__ == "__main__":
    main()
