"""The gazetteer linked to Wikidata: the loader's checks of the persons, positions and places files, the
imported files' targets, and finding a person by any name (kg query --bind name=, kg timeline)."""

import json
import shutil
import subprocess
import sys
from datetime import date

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.resources import DATA_DIR, DataFileError, load_resources
from conftest import FIXTURES, ROOT, SEEDS, SHARED

PERSONS_HEADER = "name\taliases\tcountry\troles\tqid\ten\tother_names\tcountry_iso\tcountry_qid\tsource\n"


@pytest.fixture
def data_dir(tmp_path):
    """A data folder: the fictional persons and places, the shipped titles, triggers and cues."""
    for name in ("titles.tsv", "triggers.tsv", "cues.tsv"):
        shutil.copy(DATA_DIR / name, tmp_path / name)
    for name in ("persons.tsv", "positions.tsv", "places.tsv"):
        shutil.copy(FIXTURES / "gazetteer" / name, tmp_path / name)
    return tmp_path


def imported(data_dir, persons: str, positions: str = "") -> None:
    (data_dir / "persons_wikidata.tsv").write_text("# imported\n" + PERSONS_HEADER + persons, encoding="utf-8")
    (data_dir / "positions_wikidata.tsv").write_text(
        "# imported\nperson\trole\tcountry\tstart\tend\tsource\n" + positions, encoding="utf-8")


def test_an_imported_file_pair_is_read_after_the_hand_made_files(data_dir):
    imported(data_dir, "子丑寅\t子丑|~甲乙丙\t阿尔卡迪亚\t外交部长\tQ42\tArcadian envoy\t子·丑寅\t\tQ7\twikidata-label\n"
                       "Nobody Known\t\t博雷亚\t\tQ43\tNobody Known\t\t\t\t\n",
             "子丑寅\t外交部长\t\t2019\t2021-06\twikidata:Minister\n")
    res = load_resources(data_dir)
    p = res.person_by_name["子丑寅"]
    assert p.qid == "Q42" and p.other_names == ("子·丑寅",) and p.source == "wikidata-label" and p.country_qid == "Q7"
    [pos] = p.positions
    assert (pos.start, pos.end) == (date(2019, 1, 1), date(2021, 6, 30))  # a year from its first day, a month to its last
    assert [e.name for e in res.persons_by_form["甲乙丙"]] == ["甲乙丙", "子丑寅"]
    # a person known by the English name only is not looked for in text, but found by that name
    assert "Nobody Known" not in res.person_by_alias and res.find_persons("nobody known")[0].qid == "Q43"


@pytest.mark.parametrize("row, message", [
    ("子丑寅\t丑\t阿尔卡迪亚\t\tQ42\t\t\t\t\t\n", "one-character alias '丑'"),
    ("子丑寅\t马丁\t阿尔卡迪亚\t\tQ42\t\t\t\t\t\n", "alias '马丁' of 子丑寅 is a common word (jieba frequency"),
    ("子丑寅\t\t阿尔卡迪亚\t\tQ42\t\t\t\t\tguess\n", "source must be one of"),
    ("子丑寅\t\t阿尔卡迪亚\t\tQ42\t\t\tARCADIA\t\t\n", "country_iso must be an ISO 3166-1 alpha-3 code"),
    ("子丑寅\t\t阿尔卡迪亚\t\tQ42\t\t\t\t\t\n子丑卯\t\t阿尔卡迪亚\t\tQ42\t\t\t\t\t\n", "Q42 is already the Wikidata id of 子丑寅"),
])
def test_bad_imported_rows_fail_with_file_and_line(data_dir, row, message):
    imported(data_dir, row)
    with pytest.raises(DataFileError) as err:
        load_resources(data_dir)
    assert err.value.path.name == "persons_wikidata.tsv" and message in str(err.value)
    assert err.value.line == 2 + row.count("\n")  # the comment, the header, then the rows


def test_a_common_word_is_kept_as_an_alias_when_written_with_a_tilde(data_dir):
    imported(data_dir, "子丑寅\t~马丁\t阿尔卡迪亚\t\tQ42\t\t\t\t\t\n")
    assert load_resources(data_dir).person_by_alias["马丁"].name == "子丑寅"


def test_a_name_shared_by_persons_in_office_at_the_same_time_is_a_warning(data_dir):
    res = load_resources(data_dir)  # 丁戊: the Borean premier and the Borean president, both in office 2024
    assert any(w.startswith("丁戊: names ") and "both in office" in w for w in res.warnings)
    r = CliRunner().invoke(main, ["check-data", str(data_dir)])
    assert r.exit_code == 0 and "warning: 丁戊: names" in r.output


def test_bad_partial_dates_fail(data_dir):
    good = (data_dir / "positions.tsv").read_text(encoding="utf-8")
    for bad in ("2021-13", "21", "2021-02-30"):
        (data_dir / "positions.tsv").write_text(good + f"甲乙丙\t总统\t\t{bad}\t\n", encoding="utf-8")
        with pytest.raises(DataFileError, match=r"positions.tsv:\d+: dates must be YYYY-MM-DD"):
            load_resources(data_dir)


def test_the_shipped_gazetteer_meets_the_issue_targets():
    res = load_resources()
    persons = res.persons
    with_qid = sum(1 for p in persons if p.qid)
    assert len(persons) >= 2500 and with_qid / len(persons) >= 0.95
    assert sum(1 for p in persons if p.has_chinese_name) >= 1200
    assert len({p.qid for p in persons if p.qid}) == with_qid  # one person per QID
    for place in res.places:
        if place.kind == "country":
            assert place.qid and place.iso3 and place.en and place.zh_hant, place.name
    r = CliRunner().invoke(main, ["check-data"])
    assert r.exit_code == 0 and f"persons: {len(persons)} ({with_qid} with a Wikidata id, " in r.output


def test_putin_is_found_by_any_of_his_names():
    res = load_resources()
    for name in ("普京", "普丁", "弗拉基米尔·普京", "Putin", "vladimir putin", "Q7747", "蒲亭"):
        assert res.resolve_person(name) == "普京", name
    assert res.resolve_person("无名氏") == "无名氏"
    assert res.resolve_person("Mohammed bin Rashid Al Maktoum") == res.find_persons("Q57655")[0].name


@pytest.fixture(scope="module")
def seeds_store(tmp_path_factory):
    """The seeds built into a store (and its exports)."""
    from kg.pipeline import build

    d = tmp_path_factory.mktemp("seeds-store")
    build([SEEDS], d / "exports", store=d / "kg-store")
    return d


def test_query_and_timeline_take_any_name(seeds_store):
    out = seeds_store / "exports"
    graph = str(out / "graph.trig")
    rows = {}
    for name in ("普京", "Putin", "普丁", "Q7747"):
        r = CliRunner().invoke(main, ["query", "person-contacts", "--bind", f"name={name}", "--graph", graph, "--format", "json"])
        assert r.exit_code == 0, r.output
        rows[name] = json.loads(r.output)
    assert rows["普京"] and "习近平" in {row["other"] for row in rows["普京"]}
    assert rows["Putin"] == rows["普丁"] == rows["Q7747"] == rows["普京"]
    store = seeds_store / "kg-store"
    by_name = CliRunner().invoke(main, ["timeline", "普京", "--store", str(store)])
    by_english = CliRunner().invoke(main, ["timeline", "Putin", "--with", "Xi Jinping", "--store", str(store)])
    assert by_name.exit_code == 0 and by_english.exit_code == 0, by_english.output
    assert by_english.output.strip() and set(by_english.output.split()) <= set(by_name.output.split()) | {"#"}


@pytest.mark.skipif(not (SHARED / "wikidata" / "offices.tsv").exists(), reason="../shared/wikidata not beside the repo")
def test_the_imported_files_are_what_the_import_script_writes():
    """Rerunning scripts/import_wikidata.py changes nothing: the shipped files are its output."""
    r = subprocess.run([sys.executable, str(ROOT / "scripts" / "import_wikidata.py"), "--check"],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-2000:]
