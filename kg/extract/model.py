"""The extractor's data: the document that flows through the stages, and what the stages add to it.

``Doc`` holds one article while it is read: its normalised text, reference date, sentences, trigger hits,
person and place mentions, and the reports found so far. A rule reads a small view of it, a
``TriggerContext`` (one trigger hit, its sentence and clause, the mentions around it). Offsets everywhere
are code-point indices into ``Article.text`` (the normalised text has the same length), end-exclusive.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from ..article import Article
from ..resources import PersonEntry, PlaceEntry, TriggerEntry
from ..timex import DateValue, TimeExpression


@dataclass
class Mention:
    """A person mention. ``start``/``end`` span the name as written (no title); ``name`` is the canonical
    name (the gazetteer's, or the written form for a person not in it); ``entry`` is the gazetteer entry
    or ``None``; ``role`` and ``country`` come from the title in the text, else from the gazetteer.
    ``via`` says how it was found: gazetteer, lac, title, honorific, pronoun, pair_ref, office, zero (a
    subject left unsaid, an empty span at the clause start). ``kind`` is what
    the mention names: ``person`` (all the extractor finds today), ``country`` (a state actor such as 中方)
    or ``organization``. ``antecedent`` is, for a reference (他, 总统先生, 两国元首) or a title form (习主席),
    the span of the mention where the person is named (習近平), ``None`` for a name."""

    start: int
    end: int
    text: str
    name: str
    entry: PersonEntry | None = None
    role: str | None = None
    country: str | None = None
    via: str = "gazetteer"
    kind: str = "person"
    antecedent: tuple[int, int] | None = None

    @property
    def is_reference(self) -> bool:
        """Whether the mention refers to a person named elsewhere (他, 总统先生, 两国元首, 捷克参议长) rather
        than naming one."""
        return self.via in ("pronoun", "pair_ref", "honorific", "office", "zero")

    @property
    def key(self) -> str:
        """The entity key: the gazetteer name, or the written name for a person not in the gazetteer."""
        return self.entry.name if self.entry else self.name

    def referred_by(self, start: int, end: int, text: str, via: str) -> Mention:
        """A mention at ``start``–``end`` (a pronoun, honorific or pair reference written ``text``) of
        this mention's person."""
        return Mention(start, end, text, self.name, self.entry, self.role, self.country, via=via, kind=self.kind,
                       antecedent=self.antecedent or (self.start, self.end))


@dataclass
class PlaceMention:
    """A place mention with its gazetteer entry (``None`` for a place only the recogniser found)."""

    start: int
    end: int
    text: str
    name: str
    kind: str
    entry: PlaceEntry | None = None

    @property
    def country(self) -> str | None:
        """The country the place names: itself for a country, a gazetteer place's country, else ``None``."""
        return self.name if self.kind == "country" else (self.entry.country if self.entry else None)


@dataclass
class EventReport:
    """One article's report of one contact.

    ``type``: Meeting, Talks, Visit, PhoneCall or Summit. ``participants``: distinct persons, subject
    first. ``hosts``/``visitors``: entity keys where the text says. ``date``: ``None`` when the text
    gives none. ``sentence``: ``(start, end)`` of the evidence sentence in ``article.text``. ``sides``:
    one integer per participant, in order; participants with the same side did not meet each other in
    this contact (习近平会见A和B: 0, 1, 1). Empty means each participant is a side of its own.
    """

    article: Article
    type: str
    status: str
    trigger: str
    trigger_span: tuple[int, int]
    sentence: tuple[int, int]
    participants: list[Mention]
    date: DateValue | None = None
    date_text: str | None = None
    place: PlaceMention | None = None
    venue: PlaceMention | None = None
    hosts: list[str] = field(default_factory=list)
    visitors: list[str] = field(default_factory=list)
    sides: list[int] = field(default_factory=list)

    def side_of(self, i: int) -> int:
        """The side of the ``i``-th participant."""
        return self.sides[i] if i < len(self.sides) else i

    @property
    def evidence(self) -> str:
        """The evidence sentence as it stands in the article."""
        return self.article.text[self.sentence[0]:self.sentence[1]]


@dataclass
class Sentence:
    """A sentence ``start``–``end`` and its clauses (``(start, end)`` pairs split at ，；： and the like)."""

    start: int
    end: int
    clauses: list[tuple[int, int]]

    def clause_of(self, pos: int) -> tuple[int, int]:
        """The clause holding offset ``pos`` (the whole sentence if none does)."""
        return next(((c0, c1) for c0, c1 in self.clauses if c0 <= pos < c1), (self.start, self.end))


@dataclass(frozen=True)
class TriggerHit:
    """A trigger word at ``start``–``end`` and the row of ``triggers.tsv`` it matched."""

    start: int
    end: int
    entry: TriggerEntry


@dataclass
class Doc:
    """One article as the stages see it.

    ``text`` is the article's text in simplified script (same length, same offsets); ``ref`` the
    publication date in the newsroom's zone, against which relative dates resolve. ``hits`` are the trigger
    candidates (they may overlap) until the mentions are found, the settled hits after. ``mentions`` and
    ``places`` are sorted by start. ``reports`` grows as triggers are read, in text order. ``lead`` is the
    date of the first dated two-person contact (for 当天, 上午); ``times`` caches each sentence's time
    expressions by sentence start; ``pair_sentences`` are the starts of sentences with a pair-frame trigger.
    ``lone`` holds the dated contacts whose other side names no person (巴雷特周二与共和党籍参议员们进行会晤):
    never reported, they date a series told after them (``dates.date_of_series``). ``state_units`` caches
    each sentence's state actors (``actors.StateActors.units``) by sentence start: read once, not once a hit.
    ``before_noon`` is whether the article was published before noon of ``ref`` in the newsroom's zone: an
    afternoon or evening told with no day (下午3时30分与…会谈) was then the day before.
    """

    article: Article
    text: str
    ref: date
    sentences: list[Sentence]
    hits: list[TriggerHit]
    places: list[PlaceMention] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    reports: list[EventReport] = field(default_factory=list)
    lead: DateValue | None = None
    times: dict[int, list[tuple[int, TimeExpression]]] = field(default_factory=dict)
    pair_sentences: set[int] = field(default_factory=set)
    lone: list[EventReport] = field(default_factory=list)
    state_units: dict[int, list] = field(default_factory=dict)
    before_noon: bool = False

    def sentence_at(self, pos: int) -> Sentence | None:
        """The sentence holding offset ``pos``, or ``None`` (between sentences)."""
        return next((s for s in self.sentences if s.start <= pos < s.end), None)


@dataclass
class TriggerContext:
    """What a rule about one trigger hit reads: the hit, its sentence and clause, and the doc.

    ``before`` is the clause's text before the trigger, ``near`` its last 12 characters, ``after`` the 4
    characters after the trigger. ``planned`` is set by the status stage. ``place`` caches the contact's
    ``(place, venue)`` once a stage has chosen it (``places.contact_place``; hosts and reports ask again).
    """

    doc: Doc
    hit: TriggerHit
    sentence: Sentence
    planned: bool = False
    place: tuple | None = None

    @cached_property
    def clause(self) -> tuple[int, int]:
        return self.sentence.clause_of(self.hit.start)

    @property
    def text(self) -> str:
        return self.doc.text

    @property
    def status(self) -> str:
        """``planned`` or ``happened``, as the status stage read it (``planned``)."""
        return "planned" if self.planned else "happened"

    @property
    def trigger(self) -> TriggerEntry:
        return self.hit.entry

    @property
    def before(self) -> str:
        return self.doc.text[self.clause[0]:self.hit.start]

    @cached_property
    def before_words(self) -> str:
        """``before`` with the person and place mentions blanked out, so that a cue word is not read inside
        a name (未 in a name is no negation)."""
        c0 = self.clause[0]
        chars = list(self.before)
        for m in self.sentence_mentions + self.sentence_places:
            for i in range(max(m.start, c0), min(m.end, self.hit.start)):
                chars[i - c0] = " "
        return "".join(chars)

    @property
    def near(self) -> str:
        return self.doc.text[max(self.clause[0], self.hit.start - 12):self.hit.start]

    @property
    def after(self) -> str:
        return self.doc.text[self.hit.end:self.hit.end + 4]

    @cached_property
    def sentence_mentions(self) -> list[Mention]:
        """The person mentions of the hit's sentence."""
        return [m for m in self.doc.mentions if self.sentence.start <= m.start < self.sentence.end]

    @cached_property
    def sentence_places(self) -> list[PlaceMention]:
        """The place mentions of the hit's sentence."""
        return [p for p in self.doc.places if self.sentence.start <= p.start < self.sentence.end]
