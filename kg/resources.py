"""Loading the knowledge files in ``kg/data/``: gazetteers, titles, trigger words and cue words.

Every file is UTF-8 TSV: ``#`` comment lines first (the provenance header), then a header row with
the column names, then one entry per line. ``load_resources`` checks every row and raises
``DataFileError`` naming the file and the 1-based line number of the first bad row.

Nothing here is global: callers hold the returned ``Resources`` and pass it on.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"
# The gazetteer imported from Wikidata by scripts/import_wikidata.py, loaded after the hand-made files
# when present (a data folder without them, such as the rule tests' fictional one, is complete as it is).
IMPORTED_PERSONS = "persons_wikidata.tsv"
IMPORTED_POSITIONS = "positions_wikidata.tsv"
# A person's alias that jieba's dictionary counts this often or more is a common word or a common given
# name (马丁 437, 约翰 503, 马克 491, 彼得 336; surnames used as short forms are rarer: 约翰逊 252, 普京 171):
# it is rejected unless written ~alias (shared or common on purpose).
COMMON_ALIAS_FREQ = 300

EVENT_TYPES = ("Meeting", "Talks", "Visit", "PhoneCall", "Summit")
FRAMES = ("pair", "joint", "visit", "travel")
PLACE_TYPES = ("country", "region", "city", "venue")
CUE_KINDS = (
    "planned", "planned_sentence", "hypothetical", "forecast", "likelihood", "negation", "not_contact",
    "former_plan", "generation_prefix", "remote", "period_start", "group_suffix", "surname_honorific",
    "surname_speech", "kin_suffix", "question", "turn", "comparison", "comparison_end", "generic_agent", "lead_verb",
    "after_not", "attendance", "with", "conj",
    "pair_ref", "pair_ref_role", "pronoun", "speaker", "honorific", "invite", "speech", "separately",
    "needs_object", "with_only_with", "together", "after_not_summit", "after_clause_start", "after_clause_end", "speech_to",
    "sequence", "this_event", "addressee", "head_of_state", "summit_verb", "host_role",
    "accompany", "locative", "not_person_after", "country_pair_after", "name_end", "not_name_start", "place_before",
    "not_object", "visit_target", "message", "during", "after_name",
    "plural_pronoun", "interview", "background", "not_speaker_after", "not_negation", "custody",
    "custody_subject", "not_pair_ref_after", "implicit_object", "not_office_before", "demonstrative",
    "state_actor_suffix", "modifier", "aspect", "sole_office",
    "not_place_after", "zero_subject", "called_off", "also", "state_actor_head", "state_actor_pair",
    "not_state_actor", "not_state_actor_after", "experiential", "adverbial_end", "passive", "not_passive_after",
    "topic", "not_pronoun_after", "setting_end", "accompanied", "not_with", "including", "title_prefix",
    "light_verb", "deputy", "possessive", "head_of_government",
)
_QID = re.compile(r"Q[1-9][0-9]*")
_ISO3 = re.compile(r"[A-Z]{3}")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_HAN_ONLY = re.compile(r"^[\u4e00-\u9fff]+$")
_PARTIAL_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


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
    """A gazetteer person: canonical simplified-Chinese ``name`` (the English name for an imported person
    whose Chinese name is not known yet), ``aliases`` (the forms looked for in text), ``country``,
    ``roles`` (titles the person is known by), Wikidata ``qid`` (``None`` when not checked), English name,
    ``shared`` (aliases shared on purpose with other persons, or common words kept on purpose), dated
    ``positions``, ``other_names`` (forms that find the person in ``kg query``/``kg timeline`` but are not
    looked for in text: full names with a middle dot, other spellings), the country's ISO 3166-1 alpha-3
    code and Wikidata id, and ``source`` (where the Chinese name comes from)."""

    name: str
    aliases: tuple[str, ...]
    country: str | None
    roles: tuple[str, ...]
    qid: str | None
    en: str | None
    shared: tuple[str, ...] = ()
    positions: tuple[Position, ...] = ()
    other_names: tuple[str, ...] = ()
    country_iso: str | None = None
    country_qid: str | None = None
    source: str | None = None

    @property
    def has_chinese_name(self) -> bool:
        return bool(_HAN.search(self.name))


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
    qid: str | None = None
    iso3: str | None = None
    en: str | None = None
    zh_hant: tuple[str, ...] = ()


@dataclass(frozen=True)
class TitleEntry:
    """A title before or after a name (外长), its normalised ``role`` (外交部长), and whether it can stand
    with 先生/女士 for a person named elsewhere (``honorific``)."""

    title: str
    role: str
    honorific: bool


@dataclass(frozen=True)
class TriggerEntry:
    """A contact trigger: compiled ``pattern``, event ``type``, ``frame`` (pair or visit), implied ``place``;
    ``with_words``: prepositions that introduce its other side besides the cue kind ``with`` (向 for 述职);
    ``person_after``: the trigger holds only right before the name of a person of the gazetteer (見林鄭時,
    not 見記者); ``with_only``: its other side comes only from a with-phrase before it (王毅与…卢胡特讨论了…,
    not 讨论了X的提议)."""

    pattern: re.Pattern
    source: str
    type: str
    frame: str
    place: str | None
    with_words: tuple[str, ...] = ()
    person_after: bool = False
    with_only: bool = False


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
    warnings: list[str] = field(default_factory=list)
    _lookup: dict[str, list[PersonEntry]] | None = None

    def cue(self, kind: str) -> tuple[str, ...]:
        """The cue words of ``kind`` (one of ``CUE_KINDS``), longest first."""
        return self.cues.get(kind, ())

    def find_persons(self, value: str) -> list[PersonEntry]:
        """The persons a name given by a user names: the canonical name, any alias or other name, the
        English name (any case) or the Wikidata id, in either script. Several for a shared name; ``[]``
        for an unknown one."""
        if self._lookup is None:
            self._lookup = {}
            for p in self.persons:
                forms = (p.name, *p.aliases, *p.other_names, *((p.en,) if p.en else ()), *((p.qid,) if p.qid else ()))
                for form in dict.fromkeys(f.casefold() for f in forms):
                    self._lookup.setdefault(form, []).append(p)
        value = value.strip()
        found = self._lookup.get(value.casefold())
        if found is None and _HAN.search(value):
            import opencc

            found = self._lookup.get(opencc.OpenCC("t2s").convert(value))
        return list(found or ())

    def resolve_person(self, value: str) -> str:
        """The canonical name of the person ``value`` names (see ``find_persons``): ``value`` itself when
        no person or several persons have that name and it is someone's canonical name, else the first
        owner's canonical name (a shared name's main owner); ``value`` unchanged when it names no one."""
        found = self.find_persons(value)
        if not found or any(p.name == value for p in found):
            return value
        return found[0].name


def _rows(path: Path, columns: tuple[str, ...], optional: tuple[str, ...] = ()):
    """Yield ``(line_number, dict)`` for each data row of a TSV knowledge file, checking the shape.

    The header is ``columns`` followed by the first few (or all, or none) of ``optional``, in that order;
    an optional column the file does not have reads as ``""``."""
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
            got = tuple(c.strip() for c in cells)
            if got[:len(columns)] != columns or got[len(columns):] != optional[:len(got) - len(columns)]:
                expected = " | ".join(columns) + (f" [| {' | '.join(optional)}]" if optional else "")
                raise DataFileError(path, number, f"header must be {expected}, got {' | '.join(cells)}")
            present = got
            header_seen = True
            continue
        if len(cells) > len(present):
            raise DataFileError(path, number, f"{len(cells)} columns, expected {len(present)}")
        cells += [""] * (len(present) - len(cells))
        row = {c: v.strip() for c, v in zip(present, cells, strict=True)}
        row.update((c, "") for c in optional if c not in row)
        if not row[columns[0]]:
            raise DataFileError(path, number, f"empty {columns[0]}")
        yield number, row
    if not header_seen:
        raise DataFileError(path, 1, "no header row")


def _split(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split("|") if v.strip())


PERSON_COLUMNS = ("name", "aliases", "country", "roles", "qid", "en")
PERSON_OPTIONAL = ("other_names", "country_iso", "country_qid", "source")
NAME_SOURCES = ("wikidata-label", "xinhua-usage", "regional-usage", "hand")


def common_words(forms, threshold: int = COMMON_ALIAS_FREQ) -> dict[str, int]:
    """Those of ``forms`` that jieba's own dictionary (its ``dict.txt``, read without building a tokenizer)
    counts ``threshold`` times or more, with their counts."""
    import importlib.util

    wanted = set(forms)
    # jieba's own dictionary file, found without importing jieba (its import loads the HMM tables: 0.2 s)
    spec = importlib.util.find_spec("jieba")
    text = (Path(spec.origin).parent / "dict.txt").read_text(encoding="utf-8")
    fields = text.split()  # "word freq tag" a line: one C-level split instead of 349,000 Python lines
    if len(fields) % 3 == 0 and fields[1::3][:1] == [text.split("\n", 1)[0].split()[1]]:
        pairs = zip(fields[0::3], fields[1::3])
    else:  # a dictionary whose lines lack the tag
        pairs = (line.split()[:2] for line in text.splitlines() if line.strip())
    out: dict[str, int] = {}
    for word, freq in pairs:
        if word in wanted and int(freq) >= threshold:
            out[word] = int(freq)
    return out


def load_persons(path: Path, owner: dict[str, tuple[str, Path, int]] | None = None,
                 common: dict[str, int] | None = None) -> list[PersonEntry]:
    """Read a persons gazetteer (columns name, aliases, country, roles, qid, en, and optionally
    other_names, country_iso, country_qid, source).

    An alias written ``~name`` is shared on purpose (it may also name another person, or be a common
    word); any other form that names two persons is an error, and so is a one-character alias or, with
    ``common`` (see ``common_words``), an alias that is a common word. ``owner`` maps each form already
    taken (by the files read before) to ``(person, file, line)``, and is filled in.
    """
    out: list[PersonEntry] = []
    owner = {} if owner is None else owner
    for number, row in _rows(path, PERSON_COLUMNS, PERSON_OPTIONAL):
        qid = row["qid"] or None
        if qid and not _QID.fullmatch(qid):
            raise DataFileError(path, number, f"bad Wikidata id {qid!r}")
        if row["country_qid"] and not _QID.fullmatch(row["country_qid"]):
            raise DataFileError(path, number, f"bad Wikidata id {row['country_qid']!r}")
        if row["country_iso"] and not _ISO3.fullmatch(row["country_iso"]):
            raise DataFileError(path, number, f"country_iso must be an ISO 3166-1 alpha-3 code, got {row['country_iso']!r}")
        if row["source"] and row["source"] not in NAME_SOURCES:
            raise DataFileError(path, number, f"source must be one of {NAME_SOURCES}, got {row['source']!r}")
        aliases = _split(row["aliases"])
        shared = tuple(a[1:] for a in aliases if a.startswith("~"))
        entry = PersonEntry(row["name"], tuple(a.lstrip("~") for a in aliases), row["country"] or None,
                            _split(row["roles"]), qid, row["en"] or None, shared,
                            other_names=_split(row["other_names"]), country_iso=row["country_iso"] or None,
                            country_qid=row["country_qid"] or None, source=row["source"] or None)
        if row["name"] in owner and owner[row["name"]][0] == row["name"]:
            _, where, line = owner[row["name"]]
            raise DataFileError(path, number, f"duplicate person {row['name']!r} ({_where(where, line, path)})")
        for alias in entry.aliases:
            if _HAN_ONLY.match(alias) and len(alias) == 1:
                raise DataFileError(path, number, f"one-character alias {alias!r}")
            if common and alias in common and alias not in shared:
                raise DataFileError(path, number, f"alias {alias!r} is a common word (jieba frequency "
                                                  f"{common[alias]}); write ~{alias} to keep it on purpose")
        for form in (entry.name, *entry.aliases):
            if form in owner and owner[form][0] != entry.name and form not in shared:
                name, where, line = owner[form]
                raise DataFileError(path, number, f"{form!r} already names {name} ({_where(where, line, path)}); "
                                                  f"write ~{form} to share it on purpose")
            owner.setdefault(form, (entry.name, path, number))
        out.append(entry)
    return out


def _where(path: Path, line: int, here: Path) -> str:
    return f"line {line}" if path == here else f"{path.name}:{line}"


def _day(text: str, end: bool) -> date:
    """``YYYY-MM-DD``, or a month or a year (``YYYY-MM``, ``YYYY``): its first day, or with ``end`` its last."""
    m = _PARTIAL_DATE.fullmatch(text)
    if not m:
        raise ValueError(f"Invalid isoformat string: {text!r}")
    if m.group(3):
        return date.fromisoformat(text)
    year, month = int(m.group(1)), int(m.group(2) or (12 if end else 1))
    if not 1 <= month <= 12:
        raise ValueError(f"month must be in 1..12: {text!r}")
    return date(year, month, calendar.monthrange(year, month)[1] if end else 1)


def load_positions(path: Path, persons: list[PersonEntry], roles: set[str]) -> list[PersonEntry]:
    """Read dated offices (columns person, role, country, start, end, and optionally source) into the
    persons' entries.

    Returns ``persons`` with ``positions`` added to those they already have. Raises ``DataFileError`` for
    an unknown person, a role no title maps to, a malformed date, or an end before the start. Dates are
    ``YYYY-MM-DD``, or ``YYYY-MM`` / ``YYYY`` where only the month or year is known (read as its first
    day for a start, its last for an end).
    """
    by_name = {p.name: p for p in persons}
    held: dict[str, list[Position]] = {}
    for number, row in _rows(path, ("person", "role", "country", "start", "end"), ("source",)):
        if row["person"] not in by_name:
            raise DataFileError(path, number, f"{row['person']!r} is not a person of persons.tsv or {IMPORTED_PERSONS}")
        if row["role"] not in roles:
            raise DataFileError(path, number, f"role {row['role']!r} is not a role of titles.tsv")
        try:
            start = _day(row["start"], end=False)
            end = _day(row["end"], end=True) if row["end"] else None
        except ValueError as e:
            raise DataFileError(path, number, f"dates must be YYYY-MM-DD (or YYYY-MM, YYYY): {e}") from e
        if end is not None and end < start:
            raise DataFileError(path, number, f"ends ({end}) before it starts ({start})")
        held.setdefault(row["person"], []).append(Position(row["role"], row["country"] or None, start, end))
    return [replace(p, positions=tuple(sorted(p.positions + tuple(held.get(p.name, ())), key=lambda x: x.start)))
            if p.name in held else p for p in persons]


PLACE_COLUMNS = ("name", "aliases", "type", "country", "abbr")
PLACE_OPTIONAL = ("qid", "iso3", "en", "zh_hant")


def load_places(path: Path) -> list[PlaceEntry]:
    """Read a places gazetteer (columns name, aliases, type, country, abbr, and optionally qid, iso3, en,
    zh_hant)."""
    out: list[PlaceEntry] = []
    names: dict[str, int] = {}
    codes: dict[str, int] = {}
    for number, row in _rows(path, PLACE_COLUMNS, PLACE_OPTIONAL):
        if row["type"] not in PLACE_TYPES:
            raise DataFileError(path, number, f"type must be one of {PLACE_TYPES}, got {row['type']!r}")
        if row["name"] in names:
            raise DataFileError(path, number, f"duplicate place {row['name']!r} (line {names[row['name']]})")
        if row["qid"] and not _QID.fullmatch(row["qid"]):
            raise DataFileError(path, number, f"bad Wikidata id {row['qid']!r}")
        if row["iso3"] and not _ISO3.fullmatch(row["iso3"]):
            raise DataFileError(path, number, f"iso3 must be an ISO 3166-1 alpha-3 code, got {row['iso3']!r}")
        for code in (row["qid"], row["iso3"]):
            if code and code in codes:
                raise DataFileError(path, number, f"{code} is already the code of line {codes[code]}")
            if code:
                codes[code] = number
        names[row["name"]] = number
        out.append(PlaceEntry(row["name"], _split(row["aliases"]), row["type"], row["country"] or None,
                              _split(row["abbr"]), row["qid"] or None, row["iso3"] or None, row["en"] or None,
                              _split(row["zh_hant"])))
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
    """Read the triggers file (columns pattern, type, frame, place, optional with and object); patterns are
    regular expressions; ``object`` is blank, ``person`` (``TriggerEntry.person_after``) or ``with``
    (``TriggerEntry.with_only``)."""
    out = []
    for number, row in _rows(path, ("pattern", "type", "frame", "place"), ("with", "object")):
        if row["type"] not in EVENT_TYPES:
            raise DataFileError(path, number, f"type must be one of {EVENT_TYPES}, got {row['type']!r}")
        if row["frame"] not in FRAMES:
            raise DataFileError(path, number, f"frame must be one of {FRAMES}, got {row['frame']!r}")
        try:
            pattern = re.compile(row["pattern"])
        except re.error as e:
            raise DataFileError(path, number, f"bad pattern: {e}") from e
        if row["object"] not in ("", "person", "with"):
            raise DataFileError(path, number, f"object must be blank, 'person' or 'with', got {row['object']!r}")
        out.append(TriggerEntry(pattern, row["pattern"], row["type"], row["frame"], row["place"] or None,
                                _split(row["with"]), row["object"] == "person", row["object"] == "with"))
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
    owner: dict[str, tuple[str, Path, int]] = {}
    person_files = [d / "persons.tsv"] + ([d / IMPORTED_PERSONS] if (d / IMPORTED_PERSONS).is_file() else [])
    position_files = [d / "positions.tsv"] + ([d / IMPORTED_POSITIONS] if (d / IMPORTED_POSITIONS).is_file() else [])
    persons = [p for f in person_files for p in load_persons(f, owner)]
    res = Resources(
        persons=persons,
        places=load_places(d / "places.tsv"),
        titles=titles,
        triggers=load_triggers(d / "triggers.tsv"),
        cues=load_cues(d / "cues.tsv", {t.title for t in titles}),
        files=tuple(person_files + position_files
                    + [d / f for f in ("places.tsv", "titles.tsv", "triggers.tsv", "cues.tsv")]),
    )
    _check_qids(res.persons, owner)
    _check_common_aliases(res.persons, owner)
    roles = {t.role for t in res.titles}
    for f in position_files:
        res.persons = load_positions(f, res.persons, roles)
    abbr_owners: dict[str, list[PlaceEntry]] = {}
    for pl in res.places:
        for form in (pl.name, *pl.aliases):
            res.place_by_alias.setdefault(form, pl)
        for a in pl.abbrs:
            abbr_owners.setdefault(a, []).append(pl)
    res.persons = [_with_country_codes(p, res.place_by_alias, res.warnings) for p in res.persons]
    res.person_by_name = {p.name: p for p in res.persons}
    for p in res.persons:
        # a name with no Chinese character (an imported person whose Chinese name is not known yet) is
        # not looked for in text: find_persons finds it
        for form in (p.name, *p.aliases) if p.has_chinese_name else p.aliases:
            res.persons_by_form.setdefault(form, []).append(p)
            res.person_by_alias.setdefault(form, p)  # a shared alias: the first person it names
    res.warnings.extend(_overlapping_shared_names(res.persons_by_form))
    # A one-character form shared by two places (巴: Pakistan, Brazil, Palestine) names neither.
    res.place_by_abbr = {a: owners[0] for a, owners in abbr_owners.items() if len(owners) == 1}
    res.title_by_word = {t.title: t for t in res.titles}
    # 访 + a country's one-character form (访俄, 访日) is a visit to that country; 走访, 拜访, 采访 are not.
    explicit = {t.source for t in res.triggers}
    for abbr, place in sorted(res.place_by_abbr.items()):
        if place.kind == "country" and f"访{abbr}" not in explicit:
            res.triggers.append(TriggerEntry(re.compile(f"(?<![走拜采探寻察查回专])访{re.escape(abbr)}"),
                                             f"(?<![走拜采探寻察查回专])访{re.escape(abbr)}", "Visit", "visit", place.name))
    # One alternation, longest patterns first, so 举行会谈 wins over 会谈 at the same place.
    ordered = sorted(res.triggers, key=lambda t: len(t.source), reverse=True)
    res.triggers = ordered
    alternation = "|".join(f"(?P<t{i}>{t.source})" for i, t in enumerate(ordered))
    res.trigger_regex = re.compile(_with_first_chars(alternation))
    return res


def _check_qids(persons: list[PersonEntry], owner: dict[str, tuple[str, Path, int]]) -> None:
    """A Wikidata id names one person of the persons files: a second is a duplicate."""
    seen: dict[str, PersonEntry] = {}
    for p in persons:
        if p.qid and p.qid in seen:
            _, path, line = owner[p.name]
            first = owner[seen[p.qid].name]
            raise DataFileError(path, line, f"{p.qid} is already the Wikidata id of {seen[p.qid].name} "
                                            f"({_where(first[1], first[2], path)}): one person, one row")
        if p.qid:
            seen[p.qid] = p


def _check_common_aliases(persons: list[PersonEntry], owner: dict[str, tuple[str, Path, int]]) -> None:
    """An alias that is a common word of jieba's dictionary (``COMMON_ALIAS_FREQ``) and not written ~ is an error."""
    candidates = {a for p in persons for a in p.aliases if a not in p.shared and _HAN_ONLY.match(a)}
    common = common_words(candidates) if candidates else {}
    for p in persons:
        for a in p.aliases:
            if a in common and a not in p.shared:
                _, path, line = owner.get(a, owner[p.name])
                raise DataFileError(path, line, f"alias {a!r} of {p.name} is a common word (jieba frequency "
                                                f"{common[a]}); write ~{a} to keep it on purpose")


def _with_country_codes(p: PersonEntry, places: dict[str, PlaceEntry], warnings: list[str]) -> PersonEntry:
    """The person with the ISO code and Wikidata id of their country from places.tsv, where the persons
    file gives none; a warning where it gives others."""
    place = places.get(p.country) if p.country else None
    if place is None:
        return p
    for given, known, what in ((p.country_iso, place.iso3, "ISO code"), (p.country_qid, place.qid, "Wikidata id")):
        if given and known and given != known:
            warnings.append(f"{p.name}: country {p.country} has {what} {known} in places.tsv, the persons file says {given}")
    return replace(p, country_iso=p.country_iso or place.iso3, country_qid=p.country_qid or place.qid)


def _overlapping_shared_names(persons_by_form: dict[str, list[PersonEntry]]) -> list[str]:
    """A name several persons share while their offices overlap in time: only a title or the country in
    the text can tell them apart."""
    out = []
    for form, owners in sorted(persons_by_form.items()):
        for i, a in enumerate(owners):
            for b in owners[i + 1:]:
                both = [(x, y) for x in a.positions for y in b.positions
                        if x.start < (y.end or date.max) and y.start < (x.end or date.max)]
                if both:
                    x, y = both[0]
                    start, end = max(x.start, y.start), min(x.end or date.max, y.end or date.max)
                    out.append(f"{form}: names {a.name} ({x.role}) and {b.name} ({y.role}), both in office "
                               f"{start}–{'' if end == date.max else end}")
    return out


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
