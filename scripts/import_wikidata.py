"""Import the Wikidata office holders of ``../shared/wikidata`` into the gazetteer.

    python3 scripts/import_wikidata.py [--wikidata ../shared/wikidata] [--check]

Reads
  ``../shared/wikidata/offices.tsv``, ``countries.tsv``  the Wikidata extract (CC0; see its README.md)
  ``gazetteer/names.tsv``          Chinese names of Wikidata persons, by QID, written by hand (its header says how)
  ``gazetteer/offices_extra.tsv``  offices after the extract's snapshot, and corrections of its open-ended
                                   terms, by QID, from public facts
  ``kg/data/persons.tsv``, ``positions.tsv``, ``places.tsv``  the hand-made gazetteer
and writes
  ``kg/data/persons_wikidata.tsv``   every person of offices.tsv who is not a person of persons.tsv
  ``kg/data/positions_wikidata.tsv`` their dated offices, and the Wikidata offices of the hand-made persons
                                     that positions.tsv does not already give
and fills in the Wikidata id of a hand-made person it matched (the ``qid`` column of persons.tsv; nothing
else there is changed). Rerunnable: the output depends only on the inputs, and a second run changes nothing.

Every term of offices.tsv ended in 2000 or later, or has no end (the extract dropped the others), so every
person in it is imported. A hand-made person is the Wikidata person with the same QID; else the one with
the same English name and country; else the one who held the same office (role and country) in an
overlapping period, when exactly one did and their English names share a part; else the one with the
same English name in another country (an office abroad: 吕特, 米歇尔), when no one else has that name (tried before the office, which open-ended terms make loose). Matches, offices whose position has no role in titles.tsv, names
dropped (taken by another person, a common word) are printed, for review. ``--check`` writes nothing and
exits 1 when the output files would change.

Positions map Wikidata's position kinds to the roles of ``kg/data/titles.tsv``: heads of state to 总统
(国家主席 for China, Vietnam, Laos and Cuba; 国王/女王, 埃米尔, 苏丹, 亲王, 总督 for a governor-general,
国家元首 for Malaysia's and Samoa's, 最高领袖, 委员长 for North Korea's presidium); heads of government to
总理 or, where Xinhua writes it, 首相; deputies to 副总理/副首相; foreign ministers to 外交部长 (the US
Secretary of State to 国务卿, the EU's High Representative to 高级代表); defence and finance ministers to
国防部长 and 财政部长; ambassadors and UN permanent representatives to 大使. Offices of Taiwan's
authorities get the neutral roles 领导人, 院长 and 部长; Hong Kong's chief executive is 行政长官.
"""

from __future__ import annotations

import argparse
import collections
import csv
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.resources import (COMMON_ALIAS_FREQ, DATA_DIR, IMPORTED_PERSONS, IMPORTED_POSITIONS, NAME_SOURCES,  # noqa: E402
                          _day, common_words, load_persons, load_places, load_positions, load_titles)

NAMES = ROOT / "gazetteer" / "names.tsv"
EXTRA = ROOT / "gazetteer" / "offices_extra.tsv"
# Kingdom of Denmark, of the Netherlands, Holy See; Tibet (the extract's one row there is an office of
# the exile administration, which gets no role: see NO_ROLE_LABELS)
SAME_AS = {"Q756617": "Q35", "Q29999": "Q55", "Q159583": "Q237", "Q17269": "Q148"}
HAN_ONLY = re.compile(r"^[\u4e00-\u9fff]+$")
HAN = re.compile(r"[\u4e00-\u9fff]")
SNAPSHOT = date(2023, 1, 13)  # the latest snapshot of the extract: a term with no end is known to run to here

# Where Xinhua calls the head of government 首相 (and the deputies 副首相).
SHOUXIANG = {"英国", "日本", "西班牙", "荷兰", "比利时", "瑞典", "丹麦", "挪威", "卢森堡", "柬埔寨", "摩洛哥", "约旦",
             "科威特", "巴林", "卡塔尔", "沙特阿拉伯", "斯威士兰", "莱索托", "汤加", "不丹", "安道尔", "列支敦士登", "阿曼"}
GUOJIA_ZHUXI = {"中国", "越南", "老挝", "古巴"}  # presidents Xinhua calls 国家主席
QUEENS = {"Elizabeth II", "Margrethe II of Denmark"}
COUNTRY_OF = {"Elizabeth II": "英国"}  # a person with offices in several countries: the one to show
NEUTRAL = {"台湾"}  # offices of the authorities there get neutral roles
NO_ROLE_LABELS = ("central tibetan administration",)  # the exile administration's offices: no role


def role_for(label: str, kind: str, place: str, person: str) -> str | None:
    """The titles.tsv role of a Wikidata position (``label`` its English label, ``kind`` its position
    kind), held in ``place`` (the Chinese name of its country); ``None`` when no role fits."""
    low = label.lower()

    def has(words: str) -> bool:  # whole words: "emir" is not in "United Arab Emirates"
        return re.search(rf"\b(?:{words})\b", low) is not None
    if any(w in low for w in NO_ROLE_LABELS):
        return None
    if place in NEUTRAL:
        if kind in ("head_of_state", "head_of_state_and_government") and "president" in low:
            return "领导人"
        if kind in ("head_of_state", "head_of_government") and low.startswith("premier"):
            return "院长"
        if kind in ("foreign_minister", "defence_minister", "finance_minister"):
            return "部长"
        return None
    if kind == "deputy_head_of_government":
        return "副首相" if place in SHOUXIANG else "副总理"
    if kind == "foreign_minister":
        if low in ("foreign secretary of india", "foreign secretary") and place in ("印度", "巴基斯坦"):
            return None  # the ministry's senior civil servant (外交秘书), not the minister: no role of titles.tsv
        if place == "美国":
            return "国务卿"
        if place == "欧盟":
            return "高级代表"
        return "外交部长"
    if kind == "defence_minister":
        return "国防部长"
    if kind == "finance_minister":
        return None if place == "香港" else "财政部长"  # Hong Kong's Financial Secretary: 财政司司长, no title of titles.tsv
    if kind.startswith("ambassador_to_"):
        return "大使"
    # heads of state and of government
    if "governor-general" in low:
        return "总督"
    if "acting president" in low:
        return "代总统"
    if "presidium of the supreme people's assembly" in low:
        return "委员长"
    if "supreme leader of iran" in low:
        return "最高领袖"
    if "supreme leader" in low or "leader of the islamic emirate" in low or low == "military leader":
        return "领导人"
    if "chairman of the presidency" in low:
        return "主席团主席"
    if "chairman of the council of ministers" in low or "chairman of the presidential council" in low:
        return "主席"
    if "president of the swiss confederation" in low:
        return "主席"
    if any(w in low for w in ("swiss federal council", "chancellor of switzerland", "captain regent", "emperor",
                              "pope", "pontifical", "co-prince")):
        return None  # 联邦委员, 执政官, 天皇, 教皇, 大公: no such role in titles.tsv
    if "yang di-pertuan agong" in low or "o le ao o le malo" in low:
        return "国家元首"
    if "minister of state of monaco" in low:
        return "大臣"
    if "chief executive of hong kong" in low:
        return "行政长官"
    if has(r"prime minister|premier|chancellor|taoiseach|chief minister"):
        return "首相" if place in SHOUXIANG else "总理"
    if has(r"emir"):
        return "埃米尔"
    if has(r"sultan"):
        return "苏丹"
    if low.startswith("prince of"):
        return "亲王"
    if has(r"king|monarch|druk gyalpo|ngwenyama"):
        return "女王" if person in QUEENS else "国王"
    if has(r"president"):
        return "国家主席" if place in GUOJIA_ZHUXI else "总统"
    return None


@dataclass
class Term:
    role: str | None
    place: str
    start: str
    end: str
    label: str
    kind: str


@dataclass
class WikidataPerson:
    qid: str
    en: str
    terms: list[Term] = field(default_factory=list)
    country: str = ""


@dataclass
class Names:
    qid: str
    en: str
    zh: str
    short: tuple[str, ...]
    tw: tuple[str, ...]
    hk: tuple[str, ...]
    zh_hant: str
    source: str
    line: int


def read_tsv(path: Path) -> list[tuple[int, dict]]:
    """(line number, row) of a TSV file with ``#`` comments before its header row."""
    out, header = [], None
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not raw.strip() or raw.startswith("#"):
            continue
        cells = [c.strip() for c in raw.split("\t")]
        if header is None:
            header = cells
            continue
        out.append((number, dict(zip(header, cells + [""] * (len(header) - len(cells))))))
    return out


def split(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split("|") if v.strip())


# OpenCC writes the traditional form of a word; in a name these characters stay as they are (范 the
# surname, not 範; 于尔基, not 於; 里 in a transliteration, not 裏 or 裡; 谷, 姜, 余 the surnames).
_NAME_CHARS = str.maketrans({"範": "范", "於": "于", "裏": "里", "裡": "里", "穀": "谷", "薑": "姜", "餘": "余",
                             "徵": "征", "鬆": "松", "衝": "沖", "佔": "占", "併": "并", "瞭": "了"})


def traditional(converted: str) -> str:
    """OpenCC's traditional form of a name, with the characters names keep restored."""
    return converted.translate(_NAME_CHARS)


def words(text: str) -> set[str]:
    """The parts (three letters or more) of an English name, without case and accents."""
    text = unicodedata.normalize("NFKD", text).casefold()
    return set(re.findall(r"[a-z0-9]{3,}", "".join(c for c in text if not unicodedata.combining(c))))


def plain(text: str) -> str:
    """An English name compared without case, accents and punctuation."""
    text = unicodedata.normalize("NFKD", text).casefold()
    return re.sub(r"[^a-z0-9]", "", "".join(c for c in text if not unicodedata.combining(c)))


def load_names(path: Path) -> dict[str, Names]:
    out: dict[str, Names] = {}
    for number, row in read_tsv(path):
        where = f"{path.name}:{number}"
        if row["qid"] in out:
            sys.exit(f"{where}: {row['qid']} already has names (line {out[row['qid']].line})")
        if row["source"] not in NAME_SOURCES:
            sys.exit(f"{where}: source must be one of {NAME_SOURCES}")
        if not row["zh"]:
            sys.exit(f"{where}: no Mainland (zh) form")
        out[row["qid"]] = Names(row["qid"], row["en"], row["zh"], split(row["short"]), split(row.get("tw", "")),
                                split(row.get("hk", "")), row.get("zh_hant", ""), row["source"], number)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--wikidata", type=Path, default=ROOT.parent / "shared" / "wikidata")
    ap.add_argument("--check", action="store_true", help="write nothing; exit 1 when the output would change")
    args = ap.parse_args()

    import opencc

    s2t, t2s = opencc.OpenCC("s2t"), opencc.OpenCC("t2s")
    places = load_places(DATA_DIR / "places.tsv")
    place_of_qid = {p.qid: p for p in places if p.qid}
    place_by_name = {p.name: p for p in places}
    roles = {t.role for t in load_titles(DATA_DIR / "titles.tsv")}
    hand_path = DATA_DIR / "persons.tsv"
    hand = load_persons(hand_path)
    hand = load_positions(DATA_DIR / "positions.tsv", hand, roles)
    names = load_names(NAMES)
    report: list[str] = []

    # The extract's persons and terms.
    people: dict[str, WikidataPerson] = {}
    unmapped = collections.Counter()
    for _, row in read_tsv(args.wikidata / "offices.tsv"):
        cq = SAME_AS.get(row["country_qid"], row["country_qid"])
        place = place_of_qid.get(cq)
        if place is None:
            sys.exit(f"offices.tsv: country {row['country']} ({cq}) is not a place of places.tsv")
        p = people.setdefault(row["person_qid"], WikidataPerson(row["person_qid"], row["person"]))
        role = role_for(row["position"], row["position_kind"], place.name, row["person"])
        if role is None:
            unmapped[f"{row['position']} ({row['country']})"] += 1
        elif role not in roles:
            sys.exit(f"role {role} of {row['position']} is not a role of titles.tsv")
        try:
            if row["end"] and _day(row["end"], True) < _day(row["start"], False):
                report.append(f"term ends before it starts, left out: {row['person']} {row['position']} {row['start']}–{row['end']}")
                continue
        except ValueError:
            report.append(f"bad date, left out: {row['person']} {row['position']} {row['start']}–{row['end']}")
            continue
        p.terms.append(Term(role, place.name, row["start"], row["end"], row["position"], row["position_kind"]))
    for p in people.values():
        counts = collections.Counter(t.place for t in p.terms)
        latest = {t.place: t.start for t in sorted(p.terms, key=lambda t: t.start)}
        p.country = COUNTRY_OF.get(p.en) or max(counts, key=lambda c: (counts[c], latest[c])) if counts else ""

    # Offices after the snapshot, and corrections (same person, role and start: the end given here).
    for number, row in read_tsv(EXTRA):
        p = people.get(row["qid"])
        if p is None:
            sys.exit(f"{EXTRA.name}:{number}: {row['qid']} is not a person of offices.tsv")
        if row["role"] not in roles:
            sys.exit(f"{EXTRA.name}:{number}: role {row['role']} is not a role of titles.tsv")
        place = row["country"] or p.country
        same = [t for t in p.terms if t.role == row["role"] and t.place == place and t.start == row["start"]]
        if same:
            same[0].end = row["end"]
        else:
            p.terms.append(Term(row["role"], place, row["start"], row["end"], "offices_extra", ""))

    # Match the hand-made persons.
    by_qid = {p.qid: p for p in hand if p.qid}
    matched: dict[str, object] = {}  # Wikidata QID -> hand PersonEntry
    for q, p in people.items():
        if q in by_qid:
            matched[q] = by_qid[q]
    def overlap(t: Term, pos, country: str | None) -> bool:
        """The term is the office ``pos`` (of a person of ``country``) and overlaps it by more than a month,
        reading a term with no end as ending at the snapshot, and a partial end date as its first day."""
        if t.role != pos.role or t.place != (pos.country or country):
            return False
        s, e = _day(t.start, False), _day(t.end, False) if t.end else SNAPSHOT
        return (min(e, pos.end or date.max) - max(s, pos.start)).days > 30
    taken = {id(h) for h in matched.values()}
    def by_name(p: WikidataPerson) -> list:
        return [h for h in hand if id(h) not in taken and not h.qid and h.country == p.country
                and plain(p.en) in {plain(x) for x in (h.en or "", *h.aliases) if x and not HAN.search(x)}]
    def by_office(p: WikidataPerson) -> list:
        hits = [h for h in hand if id(h) not in taken and not h.qid and any(
            overlap(t, pos, h.country) for t in p.terms for pos in h.positions)]
        # an office-holder with an English name that shares no part with the Wikidata one is someone else
        for h in [h for h in hits if h.en and not words(h.en) & words(p.en)]:
            report.append(f"not matched, same office and dates but another name: {h.name} ({h.en}) / {p.qid} {p.en}")
            hits.remove(h)
        return hits
    by_plain = collections.Counter(plain(p.en) for p in people.values())
    def by_name_only(p: WikidataPerson) -> list:
        """The same English name, in another country (冯德莱恩 of 欧盟 was Germany's defence minister):
        only when no other person of the extract has that name."""
        if by_plain[plain(p.en)] != 1:
            return []
        return [h for h in hand if id(h) not in taken and not h.qid
                and plain(p.en) in {plain(x) for x in (h.en or "", *h.aliases) if x and not HAN.search(x)}]
    for how, rule in (("English name and country", by_name), ("office and dates", by_office),
                      ("English name (another country)", by_name_only)):
        for q, p in people.items():
            if q in matched:
                continue
            hits = rule(p)
            if len(hits) == 1:
                matched[q] = hits[0]
                taken.add(id(hits[0]))
                report.append(f"matched by {how}: {hits[0].name} = {q} {p.en}")
            elif len(hits) > 1:
                report.append(f"not matched, several hand-made persons fit {q} {p.en}: {', '.join(h.name for h in hits)}")

    # Names: what each imported person is called, checked against the forms already taken.
    owner: dict[str, str] = {}
    for h in hand:
        for form in (h.name, *h.aliases):
            owner.setdefault(t2s.convert(form), h.name)
    for q in names:
        if q not in people:
            sys.exit(f"{NAMES.name}:{names[q].line}: {q} is not a person of offices.tsv")
    candidates = {a.lstrip("~") for n in names.values() for a in (*n.short, n.zh, *n.tw, *n.hk)}
    common = common_words({t2s.convert(a) for a in candidates if HAN_ONLY.match(a)})
    out_persons, canonical = [], {}
    used_names: set[str] = set(owner)
    for q, p in sorted(people.items(), key=lambda x: (x[1].country, plain(x[1].en), x[0])):
        if q in matched:
            canonical[q] = matched[q].name
            continue
        n = names.get(q)
        aliases: list[str] = []
        other: list[str] = []
        name = None
        if n is not None:
            forms = list(dict.fromkeys([*n.short, n.zh, *n.tw, *n.hk]))
            for form in forms:
                bare = form.lstrip("~")
                simple = t2s.convert(bare)
                if not HAN_ONLY.match(bare) and form not in n.short:
                    other.append(bare)  # a full name with ·: found in text through its last part
                    continue
                if len(bare) < 2:
                    report.append(f"one-character form dropped: {q} {p.en} {bare}")
                    continue
                if simple in common and not form.startswith("~"):
                    if bare == n.zh:
                        continue  # a full name jieba knows (江泽民): no alias, but still the canonical name
                    report.append(f"common word dropped: {q} {p.en} {bare} (jieba {common[simple]} >= {COMMON_ALIAS_FREQ})")
                    continue
                if simple in owner and not form.startswith("~"):
                    report.append(f"form dropped, it names {owner[simple]}: {q} {p.en} {bare}")
                    continue
                aliases.append(form)
            plain_aliases = [a for a in aliases if not a.startswith("~")]
            name = next((a for a in plain_aliases if a in n.short), None) or (n.zh if n.zh in plain_aliases else None)
            if name is None and t2s.convert(n.zh) not in owner:
                name = n.zh  # the full name (with its ·): every short form is shared
            if name is None:
                report.append(f"no Chinese form left for {q} {p.en}: the English name is canonical")
            trad = n.zh_hant or traditional(s2t.convert(n.zh))
            if trad != n.zh:
                other.append(trad)
        if name is None:  # the English name (the QID for the one person the extract gives no label)
            name = q if not p.en else p.en if p.en not in used_names else f"{p.en} ({q})"
        for form in aliases:
            owner.setdefault(t2s.convert(form.lstrip("~")), name)
        used_names.add(name)
        canonical[q] = name
        aliases = [a for a in aliases if a != name]
        other = [o for o in dict.fromkeys(other) if o != name and o not in aliases]
        place = place_by_name.get(p.country)
        mapped = [t for t in sorted(p.terms, key=lambda t: t.start, reverse=True) if t.role]
        out_persons.append([name, "|".join(aliases), p.country, "|".join(dict.fromkeys(t.role for t in mapped)), q, p.en,
                            "|".join(other), place.iso3 or "" if place else "", place.qid or "" if place else "",
                            n.source if n else ""])

    # Positions: every mapped term of an imported person; for a hand-made one, those positions.tsv lacks.
    out_positions = []
    for q, p in people.items():
        h = matched.get(q)
        for t in sorted(p.terms, key=lambda t: t.start):
            if t.role is None:
                continue
            if h is not None and any(overlap(t, pos, h.country) or (pos.role == t.role and pos.start == _day(t.start, False))
                                     for pos in h.positions):
                continue
            country = "" if t.place == (h.country if h is not None else p.country) else t.place
            source = "offices_extra" if t.label == "offices_extra" else f"wikidata:{t.label}"
            out_positions.append([canonical[q], t.role, country, t.start, t.end, source])
    out_positions.sort(key=lambda r: (r[0], r[3], r[1]))

    persons_text = HEADER_PERSONS + "\t".join(PERSON_COLUMNS) + "\n" + "".join("\t".join(r) + "\n" for r in out_persons)
    positions_text = HEADER_POSITIONS + "person\trole\tcountry\tstart\tend\tsource\n" + "".join("\t".join(r) + "\n" for r in out_positions)
    hand_text = fill_qids(hand_path, {h.name: q for q, h in matched.items() if not h.qid})
    changed = [path for path, text in ((DATA_DIR / IMPORTED_PERSONS, persons_text),
                                       (DATA_DIR / IMPORTED_POSITIONS, positions_text), (hand_path, hand_text))
               if not path.is_file() or path.read_text(encoding="utf-8") != text]
    for line in report:
        print(line)
    for what, n in unmapped.most_common():
        print(f"no role in titles.tsv, left out: {what} x{n}")
    with_zh = sum(1 for r in out_persons if HAN.search(r[0]))
    print(f"imported persons: {len(out_persons)} ({with_zh} with a Chinese name); hand-made persons matched: "
          f"{len(matched)}; positions written: {len(out_positions)}")
    if args.check:
        for path in changed:
            print(f"would change: {path}")
        return 1 if changed else 0
    (DATA_DIR / IMPORTED_PERSONS).write_text(persons_text, encoding="utf-8")
    (DATA_DIR / IMPORTED_POSITIONS).write_text(positions_text, encoding="utf-8")
    hand_path.write_text(hand_text, encoding="utf-8")
    for path in changed:
        print(f"wrote {path}")
    return 0


def fill_qids(path: Path, qids: dict[str, str]) -> str:
    """persons.tsv with the ``qid`` cell of the persons in ``qids`` filled in, every other byte as it was."""
    out = []
    for raw in path.read_text(encoding="utf-8").split("\n"):
        cells = raw.split("\t")
        if not raw.startswith("#") and len(cells) >= 5 and cells[0] in qids and not cells[4]:
            cells[4] = qids[cells[0]]
        out.append("\t".join(cells))
    return "\n".join(out)


PERSON_COLUMNS = ("name", "aliases", "country", "roles", "qid", "en", "other_names", "country_iso", "country_qid", "source")
HEADER_PERSONS = """\
# kg gazetteer: persons imported from Wikidata. GENERATED by scripts/import_wikidata.py: do not edit; edit
# gazetteer/names.tsv (Chinese names), gazetteer/offices_extra.tsv (later offices) or kg/data/persons.tsv
# (hand-made persons), then rerun the script.
# Provenance: ../shared/wikidata/offices.tsv (Wikidata via every-politician-scrapers, CC0; snapshots
# 2022-07-19 to 2023-01-13): every person with an office kept there who is not a person of persons.tsv.
# Chinese names from gazetteer/names.tsv (its source column is copied to `source` here).
# Columns: name (canonical: the Chinese short form or full name; the English name while no Chinese name is
#          known, and such a name is not looked for in text) | aliases (looked for in text; ~ shared on
#          purpose) | country (simplified Chinese, a place of places.tsv) | roles | qid | en | other_names
#          (find the person in kg query / kg timeline, not looked for in text: full names with ·, the
#          traditional script) | country_iso (ISO 3166-1 alpha-3) | country_qid | source (of the Chinese name)
"""
HEADER_POSITIONS = """\
# kg gazetteer: dated offices imported from Wikidata. GENERATED by scripts/import_wikidata.py: do not edit.
# Provenance: ../shared/wikidata/offices.tsv (CC0), and gazetteer/offices_extra.tsv (later offices, from
# public facts). Dates as precise as the source: YYYY-MM-DD, YYYY-MM or YYYY; a blank end means no end
# recorded (in office at the snapshot, unless offices_extra.tsv says otherwise).
# Columns: person (canonical name in persons.tsv or persons_wikidata.tsv) | role (a role of titles.tsv) |
#          country (blank: the person's own) | start | end | source (wikidata:<position label> or offices_extra)
"""

if __name__ == "__main__":
    sys.exit(main())
