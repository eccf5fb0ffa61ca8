"""Encounters: the events of one diplomatic occasion, linked so that analysts count occasions, not reports.

Consolidation (``consolidate``) makes one event of the reports of one contact within a bucket (type group
and participants). An occasion often spans buckets: a state visit (普京 visits, 习近平 hosts) and the talks
held during it, or a foreign minister's trip of two meetings. ``link_encounters`` links them across buckets:

- a **host-less visit** report (普京抵达北京) joins the hosted visit of the same visitor when their dates
  and places agree: the hosted one is its super-event (a hosted visit only planned is what it realises);
- a **visit is the super-event** of the meetings and talks of its visitor held during it: a day inside
  the visit's range (or its day), the same status (or a contact planned for the days of a visit that
  happened: 普京将与习近平讨论… told before the visit), a place inside the visited country (or none);
- a **trip without a visit report** (来访的俄罗斯外长拉夫罗夫 meets 习近平 and has talks with 王毅 in Beijing on
  one day) becomes a visit inferred from its contacts: two or more happened meetings or talks of one
  guest, dated to days no more than two days apart, where one names a place of the host country and
  the others a place there or none, and the guest's country differs from it while every other
  participant's is the host country. The inferred visit has the guest as its one participant and
  visitor (the persons met stay in the contacts, so no pair is counted twice), the days of its contacts
  as its date range, the host country's most precise place as its place, and its contacts' reports as
  its sources; its ``date_basis`` is ``inferred``;
- a **planned contact later reported as happened** (same participants and type group, compatible dates,
  or for an undated plan a happening within 45 days of its first report) is what the happened one
  ``realises``; both are kept.

An *encounter* is an event with no super-event, with all the events below it. The result does not
depend on the order of ``events``: candidates are tried in IRI order.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from .consolidate import Entity, Event, _compatible_dates, _event_iri, confidence
from .timex import DateValue, reference_date

_DURING = ("Meeting", "Talks")
_PLACE_RANK = {"city": 0, "venue": 1, "region": 2, "country": 3}  # an inferred trip's place: its city first
TRIP_GAP_DAYS = 2  # most days between two contacts of one inferred trip
PLAN_HORIZON_DAYS = 45  # an undated plan is realised by a happening this many days after its first report at most


@dataclass
class Encounters:
    """What ``link_encounters`` found: ``super_event`` maps an event IRI to the IRI of the visit it belongs
    to; ``realises`` maps a happened event's IRI to the planned event's it realises; ``inferred`` are the
    visits made for trips without a visit report (``Event``s with ``date_basis`` ``inferred``)."""

    super_event: dict[str, str] = field(default_factory=dict)
    realises: dict[str, str] = field(default_factory=dict)
    inferred: list[Event] = field(default_factory=list)

    def root(self, iri: str) -> str:
        """The IRI of the encounter the event ``iri`` belongs to (itself when it has no super-event)."""
        seen = set()
        while iri in self.super_event and iri not in seen:
            seen.add(iri)
            iri = self.super_event[iri]
        return iri

    def members(self, events: list[Event]) -> dict[str, list[Event]]:
        """Each encounter's IRI -> its events (``events`` and the inferred visits), the encounter first."""
        out: dict[str, list[Event]] = {}
        for e in sorted(list(events) + self.inferred, key=lambda e: (e.iri in self.super_event, e.iri)):
            out.setdefault(self.root(e.iri), []).append(e)
        return out


def event_country(event: Event) -> str | None:
    """The country of the event's place: the place itself when a country, else the country its gazetteer
    entry lies in (from the reports that name it); ``None`` without a place or a known country."""
    if event.place is None:
        return None
    for r in event.reports:
        if r.place is not None and r.place.name == event.place and r.place.country:
            return r.place.country
    return None


def _days(event: Event) -> tuple[date, date] | None:
    d = event.date
    if d is None or d.as_date() is None:
        return None
    end = d.end.as_date() if d.end and d.end.as_date() else d.as_date()
    return d.as_date(), end


def _places_agree(a: Event, b: Event) -> bool:
    ca, cb = event_country(a), event_country(b)
    return a.place is None or b.place is None or a.place == b.place or (ca is not None and ca == cb)


def link_encounters(events: list[Event], entities: dict[str, Entity]) -> Encounters:
    """Link ``events`` (a whole build's, from ``consolidate``) into encounters (see the module docstring).
    ``entities`` give the participants' countries (what the texts say, most often first); with ``{}`` no
    trip is inferred."""
    out = Encounters()
    ordered = sorted(events, key=lambda e: e.iri)
    visits = [e for e in ordered if e.type == "Visit"]
    by_visitor: dict[str, list[Event]] = {}
    for v in visits:
        for key in v.visitors or v.participants[:1]:
            by_visitor.setdefault(key, []).append(v)
    for v in visits:  # a host-less visit joins the hosted one
        if v.hosts:
            continue
        hosted = [w for key in (v.visitors or v.participants[:1]) for w in by_visitor.get(key, ())
                  if w.hosts and w.status == v.status and _compatible_dates(v.date, w.date) and _places_agree(v, w)
                  and v.date is not None and w.date is not None]
        if hosted:
            out.super_event[v.iri] = min(hosted, key=lambda w: w.iri).iri
            continue
        plans = [w for key in (v.visitors or v.participants[:1]) for w in by_visitor.get(key, ())
                 if w.hosts and v.status == "happened" and w.status == "planned" and _compatible_dates(v.date, w.date)
                 and _places_agree(v, w) and v.date is not None and w.date is not None]
        if plans:  # 普京16日抵达北京 after 普京将于16日至17日对中国进行国事访问: the arrival realises the plan
            out.realises[v.iri] = min(plans, key=lambda w: w.iri).iri
    top = [v for v in visits if v.iri not in out.super_event]
    top_by_visitor: dict[str, list[Event]] = {}
    for v in top:
        for key in v.visitors:
            top_by_visitor.setdefault(key, []).append(v)
    spans = {v.iri: _days(v) for v in top}
    for m in ordered:  # contacts during a visit
        day = _days(m) if m.type in _DURING else None
        if day is None:
            continue
        cands = {v.iri: v for key in m.participants for v in top_by_visitor.get(key, ())
                 if v.status in (m.status, "happened") and spans[v.iri] and spans[v.iri][0] <= day[0] <= spans[v.iri][1]
                 and _places_agree(m, v)}
        if cands:
            best = min(cands.values(), key=lambda v: (not v.hosts, (spans[v.iri][1] - spans[v.iri][0]).days, v.iri))
            out.super_event[m.iri] = best.iri
    out.inferred = _inferred_trips([m for m in ordered if m.type in _DURING and m.iri not in out.super_event
                                    and m.status == "happened"], entities, out.super_event)
    out.realises.update((h, p) for h, p in _realisations(ordered).items() if h not in out.realises)
    return out


def _guest(m: Event, entities: dict[str, Entity], host_country: str) -> str | None:
    """The one participant of ``m`` whose country is not ``host_country`` while every other's is: a
    person (a state actor makes no trip)."""
    foreign = [k for k in m.participants if entities[k].country != host_country]
    if len(foreign) != 1 or not entities[foreign[0]].country or entities[foreign[0]].kind != "person":
        return None
    others = [k for k in m.participants if k != foreign[0]]
    return foreign[0] if others and m.sides.get(foreign[0]) not in {m.sides.get(k) for k in others} else None


def _inferred_trips(contacts: list[Event], entities: dict[str, Entity], super_event: dict[str, str]) -> list[Event]:
    """The visits inferred from ``contacts`` (happened meetings and talks that belong to no visit); none
    without ``entities`` (the participants' countries)."""
    if not entities:
        return []
    anchored: dict[tuple[str, str], list[Event]] = {}  # (guest, host country) -> contacts placed there
    for m in contacts:
        country = event_country(m)
        guest = _guest(m, entities, country) if country and _days(m) else None
        if guest:
            anchored.setdefault((guest, country), []).append(m)
    unplaced: dict[str, list[Event]] = {}  # participant -> dated contacts without a place
    for m in contacts:
        if m.place is None and _days(m):
            for key in m.participants:
                unplaced.setdefault(key, []).append(m)
    trips: list[Event] = []
    used: set[str] = set()
    for (guest, country), placed in sorted(anchored.items()):
        placeless = [m for m in unplaced.get(guest, ()) if _guest(m, entities, country) == guest]
        group = sorted({m.iri: m for m in placed + placeless}.values(), key=lambda m: (_days(m)[0], m.iri))
        for cluster in _clusters(group):
            cluster = [m for m in cluster if m.iri not in used]
            if len(cluster) < 2 or not any(m.place is not None for m in cluster):
                continue
            trip = _trip(guest, country, cluster, entities)
            trips.append(trip)
            for m in cluster:
                used.add(m.iri)
                super_event[m.iri] = trip.iri
    return trips


def _clusters(group: list[Event]) -> list[list[Event]]:
    out: list[list[Event]] = []
    for m in group:
        if out and (_days(m)[0] - max(_days(x)[1] for x in out[-1])).days <= TRIP_GAP_DAYS:
            out[-1].append(m)
        else:
            out.append([m])
    return out


def _trip(guest: str, country: str, cluster: list[Event], entities: dict[str, Entity]) -> Event:
    first = min(_days(m)[0] for m in cluster)
    last = max(_days(m)[1] for m in cluster)
    start = DateValue(first.year, first.month, first.day)
    date_value = start if first == last else DateValue(first.year, first.month, first.day,
                                                       DateValue(last.year, last.month, last.day))
    places = Counter((m.place, m.place_kind) for m in cluster if m.place is not None)
    (place, kind), _ = min(places.items(), key=lambda kv: (_PLACE_RANK.get(kv[0][1], 4), -kv[1], kv[0][0]))
    trip = Event("Visit", [guest], [r for m in cluster for r in m.reports], status="happened", date=date_value,
                 place=place, place_kind=kind, visitors=[guest], sides={guest: 0},
                 kinds={guest: entities[guest].kind}, inferred=True)
    trip.confidence = confidence(trip)
    trip.iri = _event_iri(f"trip|{guest}|{country}|{start.iso()}")
    return trip


def _realisations(ordered: list[Event]) -> dict[str, str]:
    from .consolidate import _TYPE_GROUP

    planned: dict[tuple, list[Event]] = {}
    for e in ordered:
        if e.status == "planned":
            planned.setdefault((_TYPE_GROUP[e.type], tuple(e.participants)), []).append(e)
    out = {}
    for h in ordered:
        if h.status != "happened" or h.date is None:
            continue
        for p in planned.get((_TYPE_GROUP[h.type], tuple(h.participants)), ()):
            if p.date is not None:
                fits = _compatible_dates(p.date, h.date)
            else:
                told = min(reference_date(r.article.published) for r in p.reports)
                day = _days(h)
                fits = day is not None and told <= day[0] <= told + timedelta(days=PLAN_HORIZON_DAYS)
            if fits:
                out[h.iri] = p.iri
                break
    return out
