"""Loading the knowledge files in ``kg/data/``: gazetteers, titles, trigger words and cue words.

Every file is UTF-8 TSV: ``#`` comment lines first (the provenance header), then a header row with
the column names, then one entry per line. ``load_resources`` checks every row and raises
``DataFileError`` naming the file and the 1-based line number of the first bad row.

Nothing here is global: callers hold the returned ``Resources`` and pass it on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"

EVENT_TYPES = ("Meeting", "Talks", "Visit", "PhoneCall", "Summit")
FRAMES = ("pair", "joint", "visit", "travel")
PLACE_TYPES = ("country", "region", "city", "venue")
CUE_KINDS = (
    "planned", "planned_sentence", "hypothetical", "forecast", "likelihood", "negation", "not_contact",
    "after_not", "attendance", "with", "conj",
    "pair_ref", "pair_ref_role", "pronoun", "speaker", "honorific", "invite", "speech", "separately",
    "sequence", "this_event", "addressee", "head_of_state", "summit_verb", "host_role",
    "accompany", "locative", "not_person_after", "country_pair_after", "name_end", "not_name_start",
    "not_object", "visit_target", "message", "during", "after_name",
    "plural_pronoun", "interview", "background", "not_speaker_after", "not_negation",
)
_QID = re.compile(r"Q[1-9][0-9]*")


class DataFileError(ValueError):
    """A knowledge file is malformed. ``path`` and ``line`` (1-based) say where."""

    def __init__(self, path: Path, line: int, message: str):
        super().__init__(f"{path}:{line}: {message}")
        self.path = path
        self.line = line


@dataclass(frozen=True)
class Position:
    """An office a person holds: ``role`` (a titles.tsv role), ``country`` (``None``: the person's own),
    ``start`` and ``end`` (``datetime.date``; ``end`` ``None`` while held)."""

    role: str
    country: str | None
    start: date
    end: date | None

    def held_on(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)


@dataclass(frozen=True)
class PersonEntry:
    """A gazetteer person: canonical simplified-Chinese ``name``, ``aliases``, ``country``,
    ``roles`` (titles the person is known by), Wikidata ``qid`` (``None`` when not checked), English name,
    ``shared`` (aliases shared on purpose with other persons) and dated ``positions``."""

    name: str
    aliases: tuple[str, ...]
    country: str | None
    roles: tuple[str, ...]
    qid: str | None
    en: str | None
    shared: tuple[str, ...] = ()
    positions: tuple[Position, ...] = ()


def choose_person(options: list[PersonEntry], role: str | None, country: str | None, when: date) -> PersonEntry:
    """Which of several persons sharing a name a mention means, given the role and country of the title
    in the text (``None`` when there is none) and the article's date.

    In order: the one person holding that role (of that country) on ``when``; the one person known by
    that role; the one person holding any office on ``when``; else the first (the name's main owner).
    """
    def fits_country(p: PersonEntry, pos: Position | None = None) -> bool:
        return country is None or ((pos.country if pos and pos.country else p.country) == country)

    if role is not None:
        hit = [p for p in options if any(pos.role == role and pos.held_on(when) and fits_country(p, pos) for pos in p.positions)]
        if len(hit) == 1:
            return hit[0]
        hit = [p for p in options if role in p.roles and fits_country(p)]
        if len(hit) == 1:
            return hit[0]
    hit = [p for p in options if fits_country(p) and any(pos.held_on(when) for pos in p.positions)]
    return hit[0] if len(hit) == 1 else options[0]


@dataclass(frozen=True)
class PlaceEntry:
    """A gazetteer place; ``kind`` is country, region, city or venue; ``country`` is ``None`` for a country."""

    name: str
    aliases: tuple[str, ...]
    kind: str
    country: str | None
    abbrs: tuple[str, ...]


@dataclass(frozen=True)
class TitleEntry:
    """A title before or after a name (外长), its normalised ``role`` (外交部长), and whether it can stand
    with 先生/女士 for a person named elsewhere (``honorific``)."""

    title: str
    role: str
    honorific: bool


@dataclass(frozen=True)
class TriggerEntry:
    """A contact trigger: compiled ``pattern``, event ``type``, ``frame`` (pair or visit), implied ``place``."""

    pattern: re.Pattern
    source: str
    type: str
    frame: str
    place: str | None


@dataclass
class Resources:
    """All knowledge the extractor uses, loaded once and passed explicitly.

    Indexes: ``person_by_alias`` maps every name and alias to its entry (``person_by_name`` the canonical
    names only;
    ``persons_by_form`` every person a form names, more than one for a shared alias), ``place_by_alias`` likewise,
    ``place_by_abbr`` maps unambiguous one-character forms (华 -> 中国), ``title_by_word`` maps titles,
    ``cues`` maps a cue kind to its words, longest first. ``files`` are the files it was loaded from.
    """

    persons: list[PersonEntry]
    places: list[PlaceEntry]
    titles: list[TitleEntry]
    triggers: list[TriggerEntry]
    cues: dict[str, tuple[str, ...]]
    person_by_alias: dict[str, PersonEntry] = field(default_factory=dict)
    place_by_alias: dict[str, PlaceEntry] = field(default_factory=dict)
    place_by_abbr: dict[str, PlaceEntry] = field(default_factory=dict)
    title_by_word: dict[str, TitleEntry] = field(default_factory=dict)
    trigger_regex: re.Pattern | None = None
    person_by_name: dict[str, PersonEntry] = field(default_factory=dict)
    persons_by_form: dict[str, list[PersonEntry]] = field(default_factory=dict)
    files: tuple[Path, ...] = ()

    def cue(self, kind: str) -> tuple[str, ...]:
        """The cue words of ``kind`` (one of ``CUE_KINDS``), longest first."""
        return self.cues.get(kind, ())


def _rows(path: Path, columns: tuple[str, ...]):
    """Yield ``(line_number, dict)`` for each data row of a TSV knowledge file, checking the shape."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as e:
        raise DataFileError(path, 1, f"not UTF-8: {e}") from e
    header_seen = False
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip() or raw.startswith("#"):
            continue
        cells = raw.split("\t")
        if not header_seen:
            if tuple(c.strip() for c in cells) != columns:
                raise DataFileError(path, number, f"header must be {' | '.join(columns)}, got {' | '.join(cells)}")
            header_seen = True
            continue
        if len(cells) > len(columns):
            raise DataFileError(path, number, f"{len(cells)} columns, expected {len(columns)}")
        cells += [""] * (len(columns) - len(cells))
        row = {c: v.strip() for c, v in zip(columns, cells, strict=True)}
        if not row[columns[0]]:
            raise DataFileError(path, number, f"empty {columns[0]}")
        yield number, row
    if not header_seen:
        raise DataFileError(path, 1, "no header row")


def _split(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split("|") if v.strip())


def load_persons(path: Path) -> list[PersonEntry]:
    """Read a persons gazetteer (columns name, aliases, country, roles, qid, en).

    An alias written ``~name`` is shared on purpose (it may also name another person); any other form
    that names two persons is an error.
    """
    out: list[PersonEntry] = []
    owner: dict[str, tuple[str, int]] = {}
    for number, row in _rows(path, ("name", "aliases", "country", "roles", "qid", "en")):
        qid = row["qid"] or None
        if qid and not _QID.fullmatch(qid):
            raise DataFileError(path, number, f"bad Wikidata id {qid!r}")
        aliases = _split(row["aliases"])
        shared = tuple(a[1:] for a in aliases if a.startswith("~"))
        entry = PersonEntry(row["name"], tuple(a.lstrip("~") for a in aliases), row["country"] or None,
                            _split(row["roles"]), qid, row["en"] or None, shared)
        if row["name"] in owner and owner[row["name"]][0] == row["name"]:
            raise DataFileError(path, number, f"duplicate person {row['name']!r} (line {owner[row['name']][1]})")
        for form in (entry.name, *entry.aliases):
            if form in owner and owner[form][0] != entry.name and form not in shared:
                raise DataFileError(path, number, f"{form!r} already names {owner[form][0]} (line {owner[form][1]}); "
                                                  f"write ~{form} to share it on purpose")
            owner.setdefault(form, (entry.name, number))
        out.append(entry)
    return out


def load_positions(path: Path, persons: list[PersonEntry], roles: set[str]) -> list[PersonEntry]:
    """Read dated offices (columns person, role, country, start, end) into the persons' entries.

    Returns ``persons`` with ``positions`` filled. Raises ``DataFileError`` for an unknown person, a role
    no title maps to, a malformed date, or an end before the start.
    """
    by_name = {p.name: p for p in persons}
    held: dict[str, list[Position]] = {}
    for number, row in _rows(path, ("person", "role", "country", "start", "end")):
        if row["person"] not in by_name:
            raise DataFileError(path, number, f"{row['person']!r} is not a person of persons.tsv")
        if row["role"] not in roles:
            raise DataFileError(path, number, f"role {row['role']!r} is not a role of titles.tsv")
        try:
            start = date.fromisoformat(row["start"])
            end = date.fromisoformat(row["end"]) if row["end"] else None
        except ValueError as e:
            raise DataFileError(path, number, f"dates must be YYYY-MM-DD: {e}") from e
        if end is not None and end < start:
            raise DataFileError(path, number, f"ends ({end}) before it starts ({start})")
        held.setdefault(row["person"], []).append(Position(row["role"], row["country"] or None, start, end))
    return [replace(p, positions=tuple(sorted(held.get(p.name, ()), key=lambda x: x.start))) for p in persons]


def load_places(path: Path) -> list[PlaceEntry]:
    """Read a places gazetteer (columns name, aliases, type, country, abbr)."""
    out: list[PlaceEntry] = []
    names: dict[str, int] = {}
    for number, row in _rows(path, ("name", "aliases", "type", "country", "abbr")):
        if row["type"] not in PLACE_TYPES:
            raise DataFileError(path, number, f"type must be one of {PLACE_TYPES}, got {row['type']!r}")
        if row["name"] in names:
            raise DataFileError(path, number, f"duplicate place {row['name']!r} (line {names[row['name']]})")
        names[row["name"]] = number
        out.append(PlaceEntry(row["name"], _split(row["aliases"]), row["type"], row["country"] or None,
                              _split(row["abbr"])))
    for entry in out:
        if entry.country and entry.country not in names:
            raise DataFileError(path, names[entry.name], f"unknown country {entry.country!r}")
    return out


def load_titles(path: Path) -> list[TitleEntry]:
    """Read the titles file (columns title, role, honorific)."""
    out = []
    for number, row in _rows(path, ("title", "role", "honorific")):
        if row["honorific"] not in ("yes", "no"):
            raise DataFileError(path, number, f"honorific must be yes or no, got {row['honorific']!r}")
        out.append(TitleEntry(row["title"], row["role"] or row["title"], row["honorific"] == "yes"))
    return out


def load_triggers(path: Path) -> list[TriggerEntry]:
    """Read the triggers file (columns pattern, type, frame, place); patterns are regular expressions."""
    out = []
    for number, row in _rows(path, ("pattern", "type", "frame", "place")):
        if row["type"] not in EVENT_TYPES:
            raise DataFileError(path, number, f"type must be one of {EVENT_TYPES}, got {row['type']!r}")
        if row["frame"] not in FRAMES:
            raise DataFileError(path, number, f"frame must be one of {FRAMES}, got {row['frame']!r}")
        try:
            pattern = re.compile(row["pattern"])
        except re.error as e:
            raise DataFileError(path, number, f"bad pattern: {e}") from e
        out.append(TriggerEntry(pattern, row["pattern"], row["type"], row["frame"], row["place"] or None))
    return out


def load_cues(path: Path, titles: set[str] | None = None) -> dict[str, tuple[str, ...]]:
    """Read the cue-word file (columns kind, word, note) into ``{kind: words longest first}`` (words of one
    length in the file's order, which some rules read as a preference). With
    ``titles`` (the title words of titles.tsv), a ``pair_ref_role`` word must be one of them."""
    cues: dict[str, list[str]] = {}
    for number, row in _rows(path, ("kind", "word", "note")):
        if row["kind"] not in CUE_KINDS:
            raise DataFileError(path, number, f"kind must be one of {CUE_KINDS}, got {row['kind']!r}")
        if not row["word"]:
            raise DataFileError(path, number, "empty word")
        if row["kind"] == "pair_ref_role" and titles is not None and row["word"] not in titles:
            raise DataFileError(path, number, f"pair_ref_role {row['word']!r} is not a title of titles.tsv")
        cues.setdefault(row["kind"], []).append(row["word"])
    return {k: tuple(sorted(dict.fromkeys(v), key=len, reverse=True)) for k, v in cues.items()}


def load_resources(data_dir: Path | str | None = None) -> Resources:
    """Load and index every knowledge file of ``data_dir`` (default: the shipped ``kg/data``).

    Raises ``DataFileError`` (file and line) on the first malformed row, ``FileNotFoundError`` for a missing file.
    """
    d = Path(data_dir) if data_dir else DATA_DIR
    titles = load_titles(d / "titles.tsv")
    res = Resources(
        persons=load_persons(d / "persons.tsv"),
        places=load_places(d / "places.tsv"),
        titles=titles,
        triggers=load_triggers(d / "triggers.tsv"),
        cues=load_cues(d / "cues.tsv", {t.title for t in titles}),
        files=tuple(d / f for f in ("persons.tsv", "positions.tsv", "places.tsv", "titles.tsv", "triggers.tsv", "cues.tsv")),
    )
    res.persons = load_positions(d / "positions.tsv", res.persons, {t.role for t in res.titles})
    res.person_by_name = {p.name: p for p in res.persons}
    for p in res.persons:
        for form in (p.name, *p.aliases):
            res.persons_by_form.setdefault(form, []).append(p)
            res.person_by_alias.setdefault(form, p)  # a shared alias: the first person it names
    abbr_owners: dict[str, list[PlaceEntry]] = {}
    for pl in res.places:
        for form in (pl.name, *pl.aliases):
            res.place_by_alias.setdefault(form, pl)
        for a in pl.abbrs:
            abbr_owners.setdefault(a, []).append(pl)
    # A one-character form shared by two places (巴: Pakistan, Brazil, Palestine) names neither.
    res.place_by_abbr = {a: owners[0] for a, owners in abbr_owners.items() if len(owners) == 1}
    res.title_by_word = {t.title: t for t in res.titles}
    # 访 + a country's one-character form (访俄, 访日) is a visit to that country; 走访, 拜访, 采访 are not.
    explicit = {t.source for t in res.triggers}
    for abbr, place in sorted(res.place_by_abbr.items()):
        if place.kind == "country" and f"访{abbr}" not in explicit:
            res.triggers.append(TriggerEntry(re.compile(f"(?<![走拜采探寻察查回])访{re.escape(abbr)}"),
                                             f"(?<![走拜采探寻察查回])访{re.escape(abbr)}", "Visit", "visit", place.name))
    # One alternation, longest patterns first, so 举行会谈 wins over 会谈 at the same place.
    ordered = sorted(res.triggers, key=lambda t: len(t.source), reverse=True)
    res.triggers = ordered
    alternation = "|".join(f"(?P<t{i}>{t.source})" for i, t in enumerate(ordered))
    res.trigger_regex = re.compile(_with_first_chars(alternation))
    return res


def _with_first_chars(pattern: str) -> str:
    """``pattern`` behind a lookahead for the characters a match can start with, when they are known.

    Python's ``re`` tries every alternative at every position; the lookahead turns the scan of text
    without any trigger into one character-class test a position (18x faster on the CCTV corpus).
    The set comes from the parsed pattern, so a trigger written in any regex form keeps working; a
    pattern whose first character is open (``.``, ``\\w``, a negated class, or one that can match empty)
    is returned unchanged.
    """
    import re._constants as c
    import re._parser as parser

    def first(items):  # -> (chars, nullable) of a sequence, or None when open
        chars: set[str] = set()
        for op, av in items:
            if op is c.LITERAL:
                return chars | {chr(av)}, False
            if op is c.IN:
                for o, a in av:
                    if o is c.LITERAL:
                        chars.add(chr(a))
                    elif o is c.RANGE and a[1] - a[0] < 256:
                        chars.update(chr(x) for x in range(a[0], a[1] + 1))
                    else:
                        return None
                return chars, False
            if op in (c.ASSERT, c.ASSERT_NOT, c.AT):
                continue  # zero-width
            if op is c.SUBPATTERN:
                sub = first(av[-1])
            elif op is c.BRANCH:
                subs = [first(b) for b in av[1]]
                sub = None if None in subs else (set().union(*(x[0] for x in subs)), any(x[1] for x in subs))
            elif op in (c.MAX_REPEAT, c.MIN_REPEAT):
                inner = first(av[2])
                sub = None if inner is None else (inner[0], inner[1] or av[0] == 0)
            else:
                return None
            if sub is None:
                return None
            chars |= sub[0]
            if not sub[1]:
                return chars, False
        return chars, True

    parsed = parser.parse(pattern)
    if parsed.state.flags & (re.IGNORECASE | re.VERBOSE):
        return pattern
    found = first(parsed)
    if found is None or found[1] or not found[0]:
        return pattern
    return "(?=[" + "".join(re.escape(ch) for ch in sorted(found[0])) + "])(?:" + pattern + ")"
