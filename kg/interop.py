"""What event datasets share, for joining ours with GDELT, ICEWS or POLECAT: CAMEO and PLOVER codes, ISO
country codes, English names, coordinates, the direction of a contact, and how its date was given.

``Interop.load()`` reads ``kg/data/event_codes.tsv`` (CAMEO/PLOVER by type, status, setting and trigger),
``kg/data/protocol.tsv`` (triggers whose subject hosts), ``kg/data/place_coordinates.tsv`` (GeoNames ids and
coordinates) and the places gazetteer (``places.tsv``: kind, Wikidata id, ISO 3166-1 alpha-3, English
name). A malformed row raises ``resources.DataFileError`` naming the file and line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .consolidate import Entity, Event
from .encounters import Encounters, event_country
from .resources import DATA_DIR, EVENT_TYPES, DataFileError, PlaceEntry, _rows, load_places
from .timex import find_time_expressions

_BASIS_RANK = {"explicit": 0, "relative": 1, "inferred": 2}


@dataclass(frozen=True)
class CodeRule:
    """A row of ``event_codes.tsv``; ``*`` fields fit anything, ``trigger`` ``None`` any trigger."""

    type: str
    status: str
    setting: str
    trigger: re.Pattern | None
    cameo: str
    plover: str
    mode: str
    label: str


@dataclass(frozen=True)
class Coordinates:
    """A place's GeoNames id and WGS 84 latitude and longitude (decimal degrees)."""

    geonames: int
    lat: float
    lon: float


@dataclass
class Interop:
    """The code rules, host triggers and guest cues, and the places (by canonical name) with their coordinates."""

    rules: list[CodeRule]
    host_triggers: list[re.Pattern]
    guest_cues: list[re.Pattern]
    places: dict[str, PlaceEntry]
    coordinates: dict[str, Coordinates]
    _alias: dict[str, PlaceEntry] = field(default_factory=dict)

    @classmethod
    def load(cls, places: list[PlaceEntry] | None = None, data_dir: Path | str | None = None) -> Interop:
        """The shipped files of ``data_dir`` (default ``kg/data``); ``places`` (a build's gazetteer) instead
        of that folder's ``places.tsv`` when given."""
        d = Path(data_dir) if data_dir else DATA_DIR
        places = places if places is not None else load_places(d / "places.tsv")
        rules = []
        path = d / "event_codes.tsv"
        for number, row in _rows(path, ("type", "status", "setting", "trigger", "cameo", "plover", "mode", "label")):
            if row["type"] not in (*EVENT_TYPES, "*") or row["status"] not in ("happened", "planned", "*"):
                raise DataFileError(path, number, f"unknown type or status {row['type']!r}/{row['status']!r}")
            if not re.fullmatch(r"\d{3,4}", row["cameo"]):
                raise DataFileError(path, number, f"a CAMEO code has 3 or 4 digits, got {row['cameo']!r}")
            rules.append(CodeRule(row["type"], row["status"], row["setting"], re.compile(row["trigger"]) if row["trigger"] else None,
                                  row["cameo"], row["plover"], row["mode"], row["label"]))
        protocol: dict[str, list[re.Pattern]] = {"host_trigger": [], "guest_cue": []}
        path = d / "protocol.tsv"
        for number, row in _rows(path, ("kind", "pattern")):
            if row["kind"] not in protocol:
                raise DataFileError(path, number, f"kind must be host_trigger or guest_cue, got {row['kind']!r}")
            protocol[row["kind"]].append(re.compile(row["pattern"]))
        coords = {}
        path = d / "place_coordinates.tsv"
        for number, row in _rows(path, ("name", "geonames", "lat", "lon", "basis")):
            try:
                coords[row["name"]] = Coordinates(int(row["geonames"]), float(row["lat"]), float(row["lon"]))
            except ValueError as e:
                raise DataFileError(path, number, str(e)) from e
        out = cls(rules, protocol["host_trigger"], protocol["guest_cue"], {p.name: p for p in places}, coords)
        for p in places:
            for form in (p.name, *p.aliases):
                out._alias.setdefault(form, p)
        return out

    def place(self, name: str | None) -> PlaceEntry | None:
        """The gazetteer place a name (canonical or alias) names, or ``None``."""
        return self._alias.get(name) if name else None

    def country_code(self, country: str | None) -> str | None:
        """The ISO 3166-1 alpha-3 code of a country named in Chinese (any alias), or ``None``."""
        p = self.place(country)
        return p.iso3 if p else None

    def place_record(self, name: str, kind: str | None, iri: str) -> dict:
        """The ``place`` (or ``venue``) object of the event table: id, name, kind (venue, city, region,
        country), Wikidata ``qid``, ``geonames`` id, ``lat``/``lon`` (``None`` where not known)."""
        p = self.place(name)
        c = self.coordinates.get(p.name if p else name)
        return {"id": iri, "name": name, "kind": kind or (p.kind if p else None), "qid": p.qid if p else None,
                "geonames": c.geonames if c else None, "lat": c.lat if c else None, "lon": c.lon if c else None}

    def codes(self, event: Event, setting: str | None) -> tuple[str, dict]:
        """``(cameo, {"category", "mode"})`` of an event in ``setting`` (see ``setting()``); the first rule of
        ``event_codes.tsv`` that fits. ``ValueError`` when none does (the file must end with catch-alls)."""
        triggers = [r.trigger for r in event.reports]
        for rule in self.rules:
            if rule.type not in ("*", event.type) or rule.status not in ("*", event.status):
                continue
            if rule.setting not in ("*", setting or ""):
                continue
            if rule.trigger is not None and not any(rule.trigger.search(t) for t in triggers):
                continue
            mode = (setting or None) if rule.mode == "*" else (rule.mode or None)
            return rule.cameo, {"category": rule.plover, "mode": mode}
        raise ValueError(f"event_codes.tsv has no rule for {event.type}/{event.status}/{setting}")


def setting(event: Event, entities: dict[str, Entity], roles: dict[str, str | None],
            super_event: Event | None) -> str | None:
    """Where the contact stands: ``phone`` (a call), ``visit`` (a visit, held during one, or with a host
    and a guest), ``third-party`` (its place is in a country none of the participants is of),
    ``multilateral`` (three countries or more, or a summit), or ``None`` (not known)."""
    if event.type == "PhoneCall":
        return "phone"
    countries = {entities[k].country for k in event.participants if entities[k].country}
    if event.type == "Summit" or len(countries) >= 3:
        return "multilateral"
    if event.type == "Visit" or super_event is not None or "host" in roles.values():
        return "visit"
    here = event_country(event)
    if here and len(countries) >= 2 and here not in countries:
        return "third-party"
    return None


def protocol_roles(event: Event, entities: dict[str, Entity], interop: Interop,
                   super_event: Event | None) -> dict[str, str | None]:
    """Each participant's ``host``, ``guest`` or ``None``: the reports' hosts and visitors; else, for a
    contact held during a visit, its visitors are guests and the participants of the visited country
    hosts; else, when the place is in a country, its participants host those of other countries; else the
    subject of 会见/接见 (``protocol.tsv``) hosts the other side, or is the guest after a cue such as 此行,
    when every such report agrees."""
    roles: dict[str, str | None] = dict.fromkeys(event.participants)
    if event.hosts or event.visitors:
        for k in event.participants:
            roles[k] = "host" if k in event.hosts else "guest" if k in event.visitors else None
        return roles
    country = event_country(super_event) if super_event is not None else event_country(event)
    guests = set(super_event.visitors) if super_event is not None else set()
    if country:
        here = {k for k in event.participants if entities[k].country == country and k not in guests}
        away = {k for k in event.participants if k in guests or (entities[k].country and entities[k].country != country)}
        if here and away:
            return {k: "host" if k in here else "guest" if k in away else None for k in event.participants}
    hosts_votes = set()
    for r in event.reports:
        if not r.participants or not any(p.search(r.trigger) for p in interop.host_triggers):
            continue
        before = r.article.text[r.sentence[0]:r.trigger_span[0]]
        subject_side = r.side_of(0)
        if any(c.search(before) for c in interop.guest_cues):  # 普京此行还将会见李强: the subject is the guest
            hosts_votes.add(frozenset(m.key for i, m in enumerate(r.participants) if r.side_of(i) != subject_side))
            continue
        hosts_votes.add(frozenset(m.key for i, m in enumerate(r.participants) if r.side_of(i) == subject_side))
    if len(hosts_votes) == 1:
        (hosts,) = hosts_votes
        if set(event.participants) - hosts:
            return {k: "host" if k in hosts else "guest" for k in event.participants}
    return roles


def date_basis(event: Event) -> str | None:
    """How the text gives the event's date: ``explicit`` (a calendar date written out: 2024年4月9日, 4月9日,
    9日), ``relative`` (to the publication or a date in context: 周二, 昨天, 当天, 去年2月, 下个月) or
    ``inferred`` (no time expression of its own: the article's lead contact, a series of calls, or an
    inferred visit's contacts); ``None`` for an undated event. Read from the time expressions of the
    reports that give the event's date (the best basis among them)."""
    if event.date is None:
        return None
    if event.inferred:
        return "inferred"
    giving = [r for r in event.reports if r.date is not None and r.date.iso() == event.date.iso()] or \
        [r for r in event.reports if r.date is not None]
    return min((report_date_basis(r.date_text) for r in giving), key=_BASIS_RANK.__getitem__, default="inferred")


def report_date_basis(date_text: str | None) -> str:
    """The basis (see ``date_basis``) of a report's dating words ``date_text`` (``None``: no words)."""
    exprs = find_time_expressions(date_text) if date_text else []
    if not exprs:
        return "inferred"
    fields = dict(exprs[0].fields)
    if exprs[0].kind in ("date", "day") and "relyear" not in fields:
        return "explicit"
    return "relative"


def participant_fields(event: Event, entities: dict[str, Entity], interop: Interop, encounters: Encounters,
                       by_iri: dict[str, Event]) -> tuple[dict[str, str | None], str, dict]:
    """``(protocol roles by key, cameo, plover)`` of ``event`` in a build whose events are ``by_iri``."""
    sup = by_iri.get(encounters.super_event.get(event.iri, ""))
    roles = protocol_roles(event, entities, interop, sup)
    cameo, plover = interop.codes(event, setting(event, entities, roles, sup))
    return roles, cameo, plover


def country_code(entity: Entity, country: str | None, interop: Interop) -> str | None:
    """The ISO 3166-1 alpha-3 code of a participant: of the country the text gives (``country``, else the
    entity's), else the gazetteer's for the person; a country participant's own."""
    if entity.kind == "country":
        return interop.country_code(entity.key)
    return interop.country_code(country or entity.country) or entity.country_iso


def name_en(entity: Entity, interop: Interop) -> str | None:
    """The English name: the gazetteer's for a person, the places gazetteer's for a country."""
    if entity.kind == "country":
        p = interop.place(entity.key)
        return p.en if p else None
    return entity.en


def entity_qid(entity: Entity, interop: Interop) -> str | None:
    """The Wikidata id: the gazetteer's for a person, the places gazetteer's for a country."""
    if entity.kind == "country":
        p = interop.place(entity.key)
        return p.qid if p else None
    return entity.qid
