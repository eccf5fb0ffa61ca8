"""Time ``kg.article.html_to_text`` on bodies of 0.5 MB and 5 MB of several shapes and print the ratio.

Linear time gives a ratio near 10 (the issue's target: within 10x for ten times the size); the quadratic
steps this replaced gave about 100. Usage: ``python benchmarks/html_to_text.py [--small BYTES]``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the checkout this script is in

from kg.article import html_to_text  # noqa: E402

SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_26a5a58398092db1.txt"

# Each shape repeats one unit up to a size: the seed's own body, and the markup that was quadratic.
SHAPES = {
    "seed body": SEED.read_text(encoding="utf-8").split("------\n", 1)[1],
    "paragraphs": "<p>中国国家主席习近平9日在北京会见俄罗斯外长拉夫罗夫。</p>",
    "line breaks": "习近平会见普京。<br>",
    "italics in one div": "<i>习近平</i>会见普京。",
    "images": '<img src="x.jpg"><p>习近平会见普京。</p>',
    "nested divs": "<div>习近平",
}


def body(unit: str, size: int) -> str:
    n = max(1, size // len(unit.encode("utf-8")))
    if unit == "<div>习近平":
        return unit * n + "</div>" * n
    if unit.startswith("<i>"):
        return "<div>" + unit * n + "</div>"
    return unit * n


def seconds(small: str, large: str, runs: int) -> tuple[float, float]:
    """Median seconds of ``runs`` timings of each body, the two timed in turn (a busy machine slows both)."""
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(runs):
        for html, out in ((small, times[0]), (large, times[1])):
            t = time.perf_counter()
            html_to_text(html)
            out.append(time.perf_counter() - t)
    return statistics.median(times[0]), statistics.median(times[1])


def peak_bytes(html: str) -> int:
    tracemalloc.start()
    html_to_text(html)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--small", type=int, default=500_000, help="bytes of the small body (the large is 10x)")
    ap.add_argument("--runs", type=int, default=5, help="timings of each body; the median is printed")
    ap.add_argument("--memory", action="store_true", help="also the peak memory of the large body (tracemalloc; slow)")
    args = ap.parse_args()
    print(f"{'shape':20} {'small s':>8} {'large s':>8} {'ratio':>6}" + (f" {'large peak MB':>14}" if args.memory else ""))
    for name, unit in SHAPES.items():
        large_body = body(unit, args.small * 10)
        small, large = seconds(body(unit, args.small), large_body, args.runs)
        line = f"{name:20} {small:8.2f} {large:8.2f} {large / small:6.1f}"
        if args.memory:
            line += f" {peak_bytes(large_body) / 1e6:14.0f}"
        print(line)


if __name__ == "__main__":
    main()
