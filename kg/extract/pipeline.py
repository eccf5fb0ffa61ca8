"""The extractor's stages in order, for one article:

    text (normalise, sentences) -> triggers -> places -> mentions -> for each trigger hit:
    status (is it a contact? planned?) -> participants (sides, hosts, splits; state actors where the
    persons give no contact) -> dates -> places -> report

``Extractor(resources).extract(article)`` returns the article's ``EventReport`` list.
"""

from __future__ import annotations

from dataclasses import replace
from zoneinfo import ZoneInfo

from ..article import Article
from ..readers.published import OutletZones
from ..resources import Resources
from ..timex import REFERENCE_ZONE, DateValue, reference_date
from .actors import StateActors, state_contacts
from .dates import contact_date, date_of_series, date_of_the_news, dateline_day
from .lexicon import Lexicon
from .mentions import holder_on, person_mentions
from .model import Doc, EventReport, TriggerContext
from .participants import Contact, contacts, sides
from .places import contact_place, place_mentions
from .recogniser import Recogniser
from .status import held_online, is_contact, is_planned
from .text import normalise, split_sentences
from .triggers import find_triggers, pair_sentences, settle_hits


class Extractor:
    """Extracts contact events from articles with the knowledge in ``resources``.

    Holds its own ``Lexicon`` (a private jieba ``Tokenizer`` with the gazetteer's names, never jieba's
    global dictionary; an OpenCC converter) and a Baidu LAC recogniser opened on first use. Not
    thread-safe; use one per process. ``use_lac=False`` turns the learned recogniser off (gazetteer and
    titles only). ``zones`` gives each outlet's newsroom zone (default: ``kg/data/outlet_timezones.tsv``):
    an article's 今天 and 周二 are days where it was written, so the reference day is the publication
    day in that zone (a VOA story of 00:41 UTC on 11 December is one of 10 December in Washington), and
    in Asia/Shanghai for an outlet the table does not list.
    """

    def __init__(self, resources: Resources, use_lac: bool = True, zones: OutletZones | None = None):
        self.res = resources
        self.use_lac = use_lac
        self.zones = zones if zones is not None else OutletZones()
        self.lex = Lexicon(resources)
        self.recogniser = Recogniser(use_lac)
        self.actors = StateActors(self.lex)

    def extract(self, article: Article) -> list[EventReport]:
        """All contact reports of ``article``, in text order. Never raises on odd text."""
        doc = self.read(article)
        if not doc.hits:
            return []
        doc.places = place_mentions(doc.text, self.lex)
        doc.mentions = person_mentions(doc, self.lex, self.recogniser)
        doc.hits = settle_hits(doc.hits, doc.mentions)
        doc.pair_sentences = pair_sentences(doc.sentences, doc.hits)
        held: list[EventReport] = []  # contacts of state actors: no rule about persons reads them
        for hit in doc.hits:
            sentence = doc.sentence_at(hit.start)
            if sentence is not None:
                held += self.read_trigger(TriggerContext(doc, hit, sentence))
        doc.reports = drop_covered_reports(doc.reports)
        doc.reports = sorted(doc.reports + held, key=lambda r: r.trigger_span)
        _forms_as_written(doc)
        return doc.reports

    def read(self, article: Article) -> Doc:
        """The text stage and the triggers: a ``Doc`` with normalised text, sentences and trigger hits. The
        reference date is the article's dateline day when it has one, else its publication day in the
        newsroom's zone."""
        text = normalise(article.text, self.lex.t2s)
        zone = self.zones.zone_of(article.outlet)
        zone = ZoneInfo(zone) if zone else REFERENCE_ZONE
        published = reference_date(article.published, zone)
        ref = dateline_day(text, published) or published
        return Doc(article, text, ref, list(split_sentences(text)), find_triggers(text, self.res),
                   before_noon=ref == published and article.published.astimezone(zone).hour < 12)

    def read_trigger(self, ctx: TriggerContext) -> list[EventReport]:
        """Add the reports of one trigger hit to ``ctx.doc.reports`` (none when it is no contact). When its
        persons give no contact, return the reports of its state actors' contacts (``actors``; ``[]``
        without any), which the caller adds after every hit is read."""
        if not is_contact(ctx, self.lex):
            return []
        ctx.planned = is_planned(ctx, self.lex)
        found = contacts(ctx, self.lex)
        for contact in found:
            ctx.doc.reports.append(self.report(ctx, contact))
        if found:
            return []
        self.note_lone_contact(ctx)
        return [self.report(ctx, c) for c in state_contacts(ctx, self.lex, self.actors)]

    def note_lone_contact(self, ctx: TriggerContext) -> None:
        """A meeting, talks or call of a named subject whose other side names no person (与共和党籍参议员们
        进行一系列会晤), dated to a day by its own sentence, goes to ``doc.lone``: the lead of a series."""
        if ctx.trigger.frame != "pair":
            return
        subject = [m for m in sides(ctx, self.lex)[0] if m.kind == "person"]
        if len(subject) != 1:
            return
        when, when_text = contact_date(ctx, self.lex, ctx.planned)
        if when is not None and when.day:
            ctx.doc.lone.append(_report_at(ctx, ctx.status, Contact(subject), when, when_text))

    def report(self, ctx: TriggerContext, contact: Contact) -> EventReport:
        """The report of ``contact``, dated and placed (its own time expression, else the day of the series
        it is one of, else the day or month of the news: ``dates``). A happened contact dated after the publication day
        is planned; the first dated two-person contact that happened becomes the doc's lead."""
        doc = ctx.doc
        persons = sum(m.kind == "person" for m in contact.persons)
        when, when_text = contact_date(ctx, self.lex, ctx.planned)
        if when is None and persons >= 2:
            when, when_text = date_of_series(ctx, self.lex, contact.persons)
        if when is None and persons >= 2:
            when, when_text = date_of_the_news(ctx, self.lex, contact.persons)
        status = ctx.status
        if when is not None:
            contact = _holders_on(contact, self.lex, when)
        if when is not None and when.as_date() and when.as_date() > doc.ref and status == "happened":
            status = "planned"
        report = _report_at(ctx, status, contact, when, when_text, contact_place(ctx, self.lex))
        if report.type in ("Meeting", "Talks") and held_online(ctx, self.lex):
            report.type = "PhoneCall"
        if when is not None and when.day and status == "happened" and persons >= 2:
            doc.lead = doc.lead or when
        return report


def _holders_on(contact: Contact, lex: Lexicon, when: DateValue) -> Contact:
    """``contact`` with each office named alone (美国国务卿, 加拿大首相) read as its holder on the contact's date
    ``when`` rather than the article's (1997年克林顿会见加拿大首相 in a story of 2021)."""
    persons = [holder_on(m, lex, when) for m in contact.persons]
    if all(a is b for a, b in zip(persons, contact.persons)):
        return contact
    keys = {a.key: b.key for a, b in zip(contact.persons, persons)}
    return replace(contact, persons=persons, hosts=[keys.get(k, k) for k in contact.hosts],
                   visitors=[keys.get(k, k) for k in contact.visitors])


def _report_at(ctx: TriggerContext, status: str, contact: Contact, when: DateValue | None, when_text: str | None,
               place: tuple = (None, None)) -> EventReport:
    """The report of ``contact`` at the hit of ``ctx``, with ``status``, date and ``(place, venue)``."""
    doc, hit = ctx.doc, ctx.hit
    return EventReport(doc.article, hit.entry.type, status, doc.text[hit.start:hit.end], (hit.start, hit.end),
                       (ctx.sentence.start, ctx.sentence.end), contact.persons, when, when_text, *place,
                       contact.hosts, contact.visitors, contact.sides)


def cross_side_pairs(report: EventReport) -> set[frozenset[str]]:
    """The pairs of entity keys of ``report`` whose participants are on different sides (who met whom)."""
    parts = report.participants
    return {frozenset((a.key, b.key)) for i, a in enumerate(parts) for j, b in enumerate(parts[i + 1:], i + 1)
            if report.side_of(i) != report.side_of(j) and a.key != b.key}


def drop_covered_reports(reports: list[EventReport]) -> list[EventReport]:
    """An article's report of three or more persons (蓬佩奥在巴黎逗留期间将与马克龙和勒德里昂会面) whose every
    pair across sides the same article reports as a two-person contact of the same status, on a date the
    group report's date contains (蓬佩奥将在周六…与勒德里昂会面; 马克龙将在11月16日…接见…蓬佩奥), is a summary of
    those contacts, not one more: it is left out. ``reports`` in text order; returns the kept ones, in order."""
    def within(outer: DateValue | None, inner: DateValue | None) -> bool:
        return outer is None or (inner is not None and inner.iso().startswith(outer.iso()))

    out = []
    for r in reports:
        pairs = cross_side_pairs(r) if len(r.participants) >= 3 else set()
        covered = {pair for q in reports if q is not r and len(q.participants) == 2 and q.status == r.status
                   and q.type != "Visit" and within(r.date, q.date) for pair in cross_side_pairs(q)}
        if not pairs or not pairs <= covered:
            out.append(r)
    return out


def _forms_as_written(doc: Doc) -> None:
    """Matching ran on simplified script: give each report's trigger and mentions the forms as written."""
    original = doc.article.text
    if doc.text == original:
        return
    for r in doc.reports:
        r.trigger = original[r.trigger_span[0]:r.trigger_span[1]]
        for m in r.participants:
            m.text = original[m.start:m.end]
