"""Consolidation: many reports of one contact become one ``Event``; mentions of one person one ``Entity``.

Two reports are one event when their types are compatible (a meeting and talks of the same persons on
the same day are one contact; calls, visits and summits each stand alone), their participants are the
same entities, and their dates agree at the coarser precision (2024-05 agrees with 2024-05-16; a report
with no date agrees with any date in its own article, and with dates within a week of its publication).

The result does not depend on the order of the inputs: reports are sorted by article id and offset
first, and every IRI is derived from content (names, types, dates), never from a counter; two events of
one bucket whose content would give one IRI add their first report to it, so no IRI names two events.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import quote

from .extract import EventReport, Mention
from .timex import DateValue, reference_date
from .vocab import ID

_TYPE_GROUP = {"Meeting": "meet", "Talks": "meet", "PhoneCall": "call", "Visit": "visit", "Summit": "summit"}
# When reports disagree on the type within a group, the more specific wins.
_TYPE_RANK = {"Talks": 0, "Meeting": 1, "PhoneCall": 0, "Visit": 0, "Summit": 0}


def iri_segment(value: str) -> str:
    """An IRI path segment for a name: Han characters kept, spaces and reserved ASCII percent-encoded."""
    return "".join(c if ord(c) > 127 else quote(c, safe="-._~") for c in value.replace(" ", "_"))


def person_iri(key: str) -> str:
    """The IRI of the person whose canonical name is ``key``."""
    return str(ID[f"person/{iri_segment(key)}"])


ENTITY_KINDS = ("person", "country", "organization")


def entity_iri(key: str, kind: str = "person") -> str:
    """The IRI of the participant ``key`` of ``kind`` (``ENTITY_KINDS``): ``id:person/…``, ``id:country/…``
    or ``id:organization/…``; an unknown kind is taken as a person."""
    return str(ID[f"{kind if kind in ENTITY_KINDS else 'person'}/{iri_segment(key)}"])


@dataclass
class Entity:
    """A participant across the build: a person, or a state or organisation actor (``kinds`` counts what
    the mentions say it is, ``kind`` the most frequent). ``key`` is the canonical name; ``linked`` says it
    comes from the gazetteer (the persons', or for a state actor the places'; then ``qid`` may be set).
    ``roles``/``countries`` are what the texts say."""

    key: str
    linked: bool
    qid: str | None = None
    en: str | None = None
    roles: Counter = field(default_factory=Counter)
    countries: Counter = field(default_factory=Counter)
    forms: Counter = field(default_factory=Counter)
    positions: tuple = ()  # resources.Position, from the gazetteer
    kinds: Counter = field(default_factory=Counter)
    country_iso: str | None = None  # the gazetteer's ISO 3166-1 alpha-3 code of the person's country

    @property
    def kind(self) -> str:
        """``person``, ``country`` or ``organization``: what most mentions name (``person`` without any)."""
        return _most_frequent(self.kinds) or "person"

    @property
    def iri(self) -> str:
        return entity_iri(self.key, self.kind)

    @property
    def role(self) -> str | None:
        """The role the texts give most often; a tie goes to the first in code-point order, so the answer
        does not depend on the order the articles were read in."""
        return _most_frequent(self.roles)

    @property
    def country(self) -> str | None:
        """The country the texts give most often (ties as for ``role``)."""
        return _most_frequent(self.countries)


def _most_frequent(counts: Counter) -> str | None:
    return min(counts, key=lambda k: (-counts[k], k)) if counts else None


@dataclass
class Event:
    """A consolidated contact: its best-supported type, status, date and place, its participants
    (entity keys), and every report. ``confidence`` is in [0, 1] (see ``confidence``)."""

    type: str
    participants: list[str]
    reports: list[EventReport]
    status: str = "happened"
    date: DateValue | None = None
    place: str | None = None
    place_kind: str | None = None
    venue: str | None = None
    hosts: list[str] = field(default_factory=list)
    visitors: list[str] = field(default_factory=list)
    sides: dict[str, int] = field(default_factory=dict)
    confidence: float = 0.0
    iri: str = ""
    kinds: dict[str, str] = field(default_factory=dict)  # participant key -> person, country or organization
    inferred: bool = False  # a visit inferred from its contacts (``encounters``), no report of its own

    def met(self, a: str, b: str) -> bool:
        """Whether participants ``a`` and ``b`` (entity keys) met in this event: both take part, on different sides."""
        return a in self.participants and b in self.participants and self.sides.get(a) != self.sides.get(b)

    def pairs(self) -> list[tuple[str, str]]:
        """The pairs of participants (entity keys, in ``participants`` order) who met: those on different sides."""
        keys = self.participants
        return [(a, b) for i, a in enumerate(keys) for b in keys[i + 1:] if self.met(a, b)]


def _compatible_dates(a: DateValue | None, b: DateValue | None) -> bool:
    if a is None or b is None:
        return True
    ia, ib = a.iso(), b.iso()
    if ia.startswith(ib) or ib.startswith(ia):
        return True
    for x, y in ((a, b), (b, a)):  # a range contains the other's day
        if x.end and x.as_date() and y.as_date() and x.as_date() <= y.as_date() <= x.end.as_date():
            return True
    return False


def _near_publication(report: EventReport, other: DateValue | None) -> bool:
    if other is None or other.as_date() is None:
        return False
    pub = reference_date(report.article.published)
    return abs((other.as_date() - pub).days) <= 7


def _other_places(a: EventReport, b: EventReport) -> bool:
    """Two reports whose places are known and name two countries (首尔 of South Korea, 朝鲜): not one contact.
    A place without a known country (a region: 欧洲) differs from none."""
    ca, cb = (r.place.country if r.place is not None else None for r in (a, b))
    return ca is not None and cb is not None and ca != cb


def _belongs(event: Event, report: EventReport) -> bool:
    if _TYPE_GROUP[event.type] != _TYPE_GROUP[report.type]:
        return False
    if set(event.participants) != {p.key for p in report.participants}:
        return False
    same_article = any(r.article.id == report.article.id for r in event.reports)
    if not same_article and any(_other_places(r, report) for r in event.reports):
        return False  # 习近平访问朝鲜 and 习近平访问首尔, both undated: two visits
    for r in event.reports:
        if r.date is None or report.date is None:
            if same_article or _near_publication(report, r.date) or _near_publication(r, report.date):
                continue
            if r.date is None and report.date is None:
                continue
            return False
        if not _compatible_dates(r.date, report.date):
            # Within one article, a date carried over from an earlier clause yields to the trigger's own.
            if not (r.article.id == report.article.id and (r.date_text is None or report.date_text is None)):
                return False
    return True


def bucket_key(report: EventReport) -> str:
    """The consolidation bucket of a report: its type group and its participants. Only reports of one
    bucket can become one event, so buckets consolidate independently (what incremental builds use)."""
    return "|".join([_TYPE_GROUP[report.type], *sorted({p.key for p in report.participants})])


def consolidate(reports: list[EventReport]) -> tuple[list[Event], dict[str, Entity]]:
    """Group ``reports`` into events and their participants into entities.

    Returns ``(events, entities)``: events sorted by date then IRI, entities keyed by canonical name.
    """
    ordered = sorted(reports, key=lambda r: (r.article.id, r.trigger_span[0], r.type,
                                             sorted(p.key for p in r.participants)))
    events: list[Event] = []
    # Only events of the same type group and the same persons can take a report: index them by that.
    candidates: dict[tuple[str, frozenset[str]], list[Event]] = {}
    # The events the current article's reports went to (``ordered`` keeps an article's reports together):
    # they are tried first, so its undated 双方通话后 joins the call it dated before, not another article's.
    own: dict[tuple[str, frozenset[str]], list[Event]] = {}
    article = None
    for report in ordered:
        if report.article.id != article:
            article, own = report.article.id, {}
        key = (_TYPE_GROUP[report.type], frozenset(p.key for p in report.participants))
        bucket = candidates.setdefault(key, [])
        mine = own.setdefault(key, [])
        mine_ids = {id(e) for e in mine}
        for event in mine + [e for e in bucket if id(e) not in mine_ids]:
            if _belongs(event, report):
                event.reports.append(report)
                break
        else:
            event = Event(report.type, sorted(key[1]), [report])
            bucket.append(event)
            events.append(event)
        if id(event) not in mine_ids:
            mine.append(event)
    entities: dict[str, Entity] = {}
    for event in events:
        _summarise(event)
        for r in event.reports:
            for m in r.participants:
                add_mention(entities, m)
    _make_iris_unique(events)
    events.sort(key=lambda e: (e.date.iso() if e.date else "9999", e.iri))
    return events, entities


def _anchor(event: Event) -> str:
    """The event's first report, as ``article id:trigger offset:type``: what no other event of its bucket has."""
    return min(f"{r.article.id}:{r.trigger_span[0]}:{r.type}" for r in event.reports)


def _make_iris_unique(events: list[Event]) -> None:
    """Events of one bucket whose content gives the same IRI (two visits of one person in one month, both
    dated 2023-05) each take their first report into the IRI's basis, so no IRI names two events. Events
    of different buckets never share one (the bucket is part of the basis), so a bucket consolidated
    alone gets the IRIs it gets in a whole build."""
    by_iri: dict[str, list[Event]] = {}
    for e in events:
        by_iri.setdefault(e.iri, []).append(e)
    for iri, group in by_iri.items():
        if len(group) > 1:
            for e in group:
                e.iri = _event_iri(iri + "|" + _anchor(e))


def add_mention(entities: dict[str, Entity], m: Mention) -> None:
    """Count mention ``m`` into its entity in ``entities`` (made when missing): role, country, form."""
    e = entities.get(m.key)
    if e is None:  # a state actor is a country of the places gazetteer: linked
        e = entities[m.key] = Entity(m.key, m.entry is not None or m.kind == "country", m.entry.qid if m.entry else None,
                                     m.entry.en if m.entry else None, positions=m.entry.positions if m.entry else (),
                                     country_iso=m.entry.country_iso if m.entry else None)
    e.kinds[m.kind] += 1
    if m.role:
        e.roles[m.role] += 1
    if m.country:
        e.countries[m.country] += 1
    if not m.is_reference:
        e.forms[m.text] += 1


def _summarise(event: Event) -> None:
    rs = event.reports
    event.type = min((r.type for r in rs), key=lambda t: (_TYPE_RANK[t], t))
    dated = [r.date for r in rs if r.date is not None]
    if dated:
        best_precision = max(len(d.iso()) for d in dated)
        best = Counter(d for d in dated if len(d.iso()) == best_precision)
        event.date = sorted(best.items(), key=lambda kv: (-kv[1], kv[0].iso()))[0][0]
    event.status = "happened" if any(r.status == "happened" for r in rs) else "planned"
    places = Counter((r.place.name, r.place.kind) for r in rs if r.place is not None)
    if places:
        rank = {"venue": 0, "city": 1, "country": 2, "region": 3}
        (event.place, event.place_kind), _ = sorted(places.items(), key=lambda kv: (-kv[1], rank.get(kv[0][1], 4), kv[0][0]))[0]
    venues = Counter(r.venue.name for r in rs if r.venue is not None)
    event.venue = sorted(venues.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] if venues else None
    event.hosts = sorted({h for r in rs for h in r.hosts})
    event.visitors = sorted({v for r in rs for v in r.visitors})
    event.sides = event_sides(event.participants, rs)
    event.confidence = confidence(event)
    basis = "|".join([_TYPE_GROUP[event.type], *event.participants,
                      event.date.iso() if event.date else min(f"{r.article.id}:{r.trigger_span[0]}" for r in rs)])
    event.iri = _event_iri(basis)
    kinds: dict[str, Counter] = {}
    for r in rs:
        for m in r.participants:
            kinds.setdefault(m.key, Counter())[m.kind] += 1
    event.kinds = {k: _most_frequent(c) for k, c in kinds.items()}


def _event_iri(basis: str) -> str:
    return str(ID[f"event/{hashlib.sha1(basis.encode('utf-8')).hexdigest()[:16]}"])


def event_sides(participants: list[str], reports: list[EventReport]) -> dict[str, int]:
    """Each participant's side in the event: the grouping into sides that most reports give (ties: the
    one with more sides, i.e. more pairs who met, then the first in sorted order), numbered in the order
    of ``participants`` (the first participant's side is 0)."""
    votes: Counter = Counter()
    for r in reports:
        groups: dict[int, set[str]] = {}
        for i, m in enumerate(r.participants):
            groups.setdefault(r.side_of(i), set()).add(m.key)
        votes[tuple(sorted(tuple(sorted(g)) for g in groups.values()))] += 1
    grouping = min(votes, key=lambda g: (-votes[g], -len(g), g))
    side_of_key = {key: i for i, group in enumerate(grouping) for key in group}
    numbers: dict[int, int] = {}
    return {key: numbers.setdefault(side_of_key[key], len(numbers)) for key in participants}


def confidence(event: Event) -> float:
    """How well the reports support the event, in [0, 1].

    Starts at 1 - 0.5**n for n distinct articles (0.5, 0.75, 0.875 …); times 0.8 when a participant was
    resolved through a pronoun or a phrase like 两国元首 rather than named; times 0.9 without a date.
    """
    articles = {r.article.id for r in event.reports}
    score = 1 - 0.5 ** len(articles)
    named = all(any(not m.is_reference for r in event.reports
                    for m in r.participants if m.key == key) for key in event.participants)
    if not named:
        score *= 0.8
    if event.date is None:
        score *= 0.9
    return round(score, 3)
