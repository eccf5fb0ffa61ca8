"""The command line, as a user runs it."""

import json
import shutil

from click.testing import CliRunner

from kg.cli import main
from conftest import SEEDS


def test_build_skips_bad_files_and_keeps_going(tmp_path):
    inp = tmp_path / "in"
    inp.mkdir()
    shutil.copy(SEEDS / "000_26a5a58398092db1.txt", inp)
    (inp / "empty.txt").write_bytes(b"")
    (inp / "noheader.txt").write_text("<p>习近平会见普京。</p>", encoding="utf-8")
    (inp / "gbk.txt").write_bytes("<!--1712675824000-->\n[t](http://x)\n------\n<p>会见</p>".encode("gbk"))
    (inp / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    empty_dir = tmp_path / "nothing"
    empty_dir.mkdir()
    out = tmp_path / "out"
    r = CliRunner().invoke(main, ["build", str(inp), str(empty_dir), "--out", str(out)])
    assert r.exit_code == 2, r.output
    for name in ("empty.txt", "noheader.txt", "gbk.txt", "image.png", "nothing"):
        assert sum(name in line for line in r.output.splitlines() if line.startswith("skipped")) == 1, name
    assert "articles read: 1" in r.output
    for f in ("graph.ttl", "graph.trig", "graph.graphml", "graph.html", "events.jsonl"):
        assert (out / f).stat().st_size > 0
    assert any("拉夫罗夫" in line for line in (out / "events.jsonl").read_text(encoding="utf-8").splitlines())


def test_build_with_no_articles_fails(tmp_path):
    r = CliRunner().invoke(main, ["build", str(tmp_path), "--out", str(tmp_path / "out")])
    assert r.exit_code == 1 and "folder holds no articles" in r.output


def test_query_formats(seeds_build):
    _, out = seeds_build
    graph = str(out / "graph.trig")
    r = CliRunner().invoke(main, ["query", "top-pairs", "--graph", graph])
    assert r.exit_code == 0 and "习近平" in r.output and "contacts" in r.output.splitlines()[0]
    r = CliRunner().invoke(main, ["query", "person-contacts", "--bind", "name=习近平", "--graph", graph, "--format", "json"])
    rows = json.loads(r.output)
    assert {"普京", "拉夫罗夫"} <= {row["other"] for row in rows}
    r = CliRunner().invoke(main, ["query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--graph", graph, "--format", "csv"])
    assert r.output.splitlines()[0] == "n" and int(r.output.splitlines()[1]) > 100
    r = CliRunner().invoke(main, ["query", "SELECT WHERE {", "--graph", graph])
    assert r.exit_code == 1 and "query failed" in r.output
    r = CliRunner().invoke(main, ["query", "top-pairs", "--graph", str(out / "missing.trig")])
    assert r.exit_code == 1 and "kg build" in r.output


def test_eval_command(seeds_build, tmp_path):
    _, out = seeds_build
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"file": "000_26a5a58398092db1.txt", "meetings": [
        {"participants": ["习近平", "拉夫罗夫"], "date": "2024-04-09"},
        {"participants": ["王毅", "泽连斯基"], "date": "2024-04-09"}]}, ensure_ascii=False) + "\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["eval", str(gold), "--events", str(out / "events.jsonl"), "-v"])
    assert r.exit_code == 0
    assert "FN 000_26a5a58398092db1.txt: 王毅–泽连斯基" in r.output
    assert "R=0.500" in r.output and "date_acc=1.000" in r.output
