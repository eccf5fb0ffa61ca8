"""Builds under bad input and faults: every input that is not read is named with its reason, the exit
status says so, and nothing already built is lost."""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import SEEDS
from kg.cli import main
from kg.pipeline import Limits, build, expand_inputs

SEED = SEEDS / "000_26a5a58398092db1.txt"
HEADER = "<!--1712675824000-->\n[习近平会见拉夫罗夫](https://example.org/{name})\n------\n"


def article(folder: Path, name: str, body: str = "<p>中国国家主席习近平9日在北京会见俄罗斯外长拉夫罗夫。</p>") -> Path:
    """An article file ``folder/name`` whose URL and last paragraph hold ``name`` (no two are the same)."""
    path = folder / name
    path.write_text(HEADER.format(name=name) + body + f"<p>（{name}）</p>", encoding="utf-8")
    return path


@pytest.fixture
def deny(monkeypatch):
    """``deny(path)``: make ``path`` unreadable (mode 000); where that does not stop this process (it runs
    as root), listing or reading it also fails as the system would refuse it."""
    denied: set[str] = set()
    real_scandir, real_read_bytes = os.scandir, Path.read_bytes

    def refuse(path):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))

    def scandir(path="."):
        if os.path.abspath(os.fspath(path)) in denied:
            refuse(path)
        return real_scandir(path)

    def read_bytes(self):
        if os.path.abspath(self) in denied:
            refuse(self)
        return real_read_bytes(self)

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr(Path, "read_bytes", read_bytes)

    def _deny(path: Path) -> Path:
        denied.add(os.path.abspath(path))
        path.chmod(0)
        return path

    yield _deny
    for p in denied:
        os.chmod(p, 0o700)


def skipped_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("skipped ")]


# ---------------------------------------------------------------------- inputs that cannot be read

def test_unreadable_folders_files_and_links_are_each_named(tmp_path, deny):
    inp = tmp_path / "in"
    (inp / "sub").mkdir(parents=True)
    article(inp, "good.txt")
    article(inp / "sub", "hidden-by-permissions.txt")
    deny(inp / "sub")
    deny(article(inp, "locked.txt"))
    (inp / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    (inp / "loop-a").symlink_to(inp / "loop-b")
    (inp / "loop-b").symlink_to(inp / "loop-a")
    (inp / "back-up").symlink_to(inp)  # a link to a folder that holds it
    sources, problems = expand_inputs([inp])
    reasons = {p.name: r for p, r in problems}
    assert reasons["sub"] == "cannot read folder: Permission denied"
    assert reasons["dangling.txt"].startswith("link to nothing")
    assert reasons["loop-a"].startswith("link that loops") and reasons["loop-b"].startswith("link that loops")
    assert reasons["back-up"].startswith("link that loops")
    assert [s.name for s in sources] == ["good.txt", "locked.txt"]
    r = CliRunner().invoke(main, ["build", str(inp), "--out", str(tmp_path / "out"), "--store", "memory", "--no-lac"])
    assert r.exit_code == 2, r.output
    lines = skipped_lines(r.output)
    assert len(lines) == 6, lines
    assert any("locked.txt: cannot read: Permission denied" in line for line in lines)
    assert "articles read: 1" in r.output


def test_an_unreadable_folder_given_directly_says_so(tmp_path, deny):
    locked = tmp_path / "locked"
    locked.mkdir()
    article(locked, "a.txt")
    deny(locked)
    r = CliRunner().invoke(main, ["build", str(locked), "--out", str(tmp_path / "out"), "--store", "memory", "--no-lac"])
    assert r.exit_code == 1
    assert skipped_lines(r.output) == [f"skipped {locked}: cannot read folder: Permission denied"]


def test_a_glob_into_an_unreadable_folder_never_raises(tmp_path, deny):
    (tmp_path / "open").mkdir()
    (tmp_path / "locked").mkdir()
    article(tmp_path / "open", "a.txt")
    article(tmp_path / "locked", "b.txt")
    deny(tmp_path / "locked")
    sources, problems = expand_inputs([str(tmp_path / "*" / "*.txt")])
    assert [s.name for s in sources] == ["a.txt"]
    assert problems == [(tmp_path / "locked", "cannot read folder: Permission denied")]
    sources, problems = expand_inputs([str(tmp_path / "locked" / "*.txt"), str(tmp_path / "**" / "*.txt")])
    assert [s.name for s in sources] == ["a.txt"]
    assert (tmp_path / "locked", "cannot read folder: Permission denied") in problems


# ---------------------------------------------------------------------- limits per input

def test_a_file_over_the_size_limit_is_skipped_unread(tmp_path):
    inp = tmp_path / "in"
    inp.mkdir()
    article(inp, "small.txt")
    article(inp, "big.txt", "<p>中国国家主席习近平9日在北京会见俄罗斯外长拉夫罗夫。</p>" * 100)
    r = CliRunner().invoke(main, ["build", str(inp), "--out", str(tmp_path / "out"), "--store", "memory", "--no-lac",
                                  "--max-bytes", "2000"])
    assert r.exit_code == 2
    size = (inp / "big.txt").stat().st_size
    assert skipped_lines(r.output) == [f"skipped {inp / 'big.txt'}: not read: {size:,} bytes, more than the limit "
                                       "of 2,000 (--max-bytes)"]
    assert "articles read: 1" in r.output


@pytest.mark.parametrize("jobs", [1, 2])
def test_an_article_over_the_time_limit_is_skipped_and_the_rest_built(tmp_path, jobs):
    """Several thousand contact sentences take seconds to extract; with a limit of 0.3 s the article
    is skipped with its reason (in a worker process too), and the others are built."""
    inp = tmp_path / "in"
    inp.mkdir()
    article(inp, "a.txt")
    article(inp, "slow.txt", "<p>中国国家主席习近平9日在北京会见俄罗斯总统普京。</p>" * 3000)
    article(inp, "z.txt")
    result = build([inp], None, use_lac=False, jobs=jobs, limits=Limits(seconds=0.3))
    assert [(p.name, r) for p, r in result.skipped] == [
        ("slow.txt", "not read: extraction took longer than the limit of 0.3 s")]
    assert sorted(a.file for a in result.articles) == ["a.txt", "z.txt"]
