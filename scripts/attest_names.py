"""Development-time helper: set the ``source`` column of ``gazetteer/names.tsv`` from the CCTV corpus.

    python3 scripts/attest_names.py [--corpus ../shared/corpus/xwlb-2022-2025.tar.gz]

A row is ``xinhua-usage`` when the corpus (CCTV follows Xinhua's names) writes its full Mainland form,
or one of its short forms right after a title of ``kg/data/titles.tsv`` (总统X, 外长X); any other row
is ``hand`` (written from knowledge of the usage, not found in the corpus). Rows marked
``wikidata-label`` or ``regional-usage`` are left as they are. Then rerun scripts/import_wikidata.py.
Also drops Taiwan/Hong Kong forms that are only the traditional script of the Mainland form (OpenCC
finds those anyway).
"""

from __future__ import annotations

import argparse
import re
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
NAMES = ROOT / "gazetteer" / "names.tsv"


def corpus_text(path: Path) -> str:
    from kg.article import ArticleError, read_article

    with tempfile.TemporaryDirectory() as d:
        with tarfile.open(path) as tar:
            tar.extractall(d, filter="data")
        texts = []
        for f in sorted(Path(d).rglob("*.txt")):
            try:
                a = read_article(f)
            except ArticleError:
                continue
            texts.append(a.title + "\n" + a.text)
    return "\n".join(texts)


def main() -> None:
    import opencc

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "xwlb-2022-2025.tar.gz")
    args = ap.parse_args()
    corpus = corpus_text(args.corpus)
    titles = [line.split("\t")[0] for line in (ROOT / "kg" / "data" / "titles.tsv").read_text(encoding="utf-8").splitlines()
              if line and not line.startswith("#")][1:]
    after: set[str] = set()  # every start of a name written after a title
    for m in re.finditer("(?:" + "|".join(sorted(map(re.escape, titles), key=len, reverse=True))
                         + r")([\u4e00-\u9fff·\-]{2,14})", corpus):
        after.update(m.group(1)[:k] for k in range(2, len(m.group(1)) + 1))
    t2s = opencc.OpenCC("t2s")
    out, attested = [], 0
    for line in NAMES.read_text(encoding="utf-8").split("\n"):
        cells = line.split("\t")
        if cells[0].startswith("Q") and len(cells) >= 8:
            zh, shorts = cells[2], [s.lstrip("~") for s in cells[3].split("|") if s]
            for col in (5, 6):  # tw, hk: keep only forms that are more than the traditional script of zh
                cells[col] = "|".join(f for f in cells[col].split("|") if f and t2s.convert(f) not in (zh, *shorts))
            if cells[7] in ("hand", "xinhua-usage"):
                ok = (len(zh) > 2 and zh in corpus) or any(s in after for s in shorts + [zh])
                cells[7] = "xinhua-usage" if ok else "hand"
                attested += ok
            line = "\t".join(cells)
        out.append(line)
    NAMES.write_text("\n".join(out), encoding="utf-8")
    print(f"xinhua-usage: {attested}")


if __name__ == "__main__":
    main()
