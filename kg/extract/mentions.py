"""Stage 3, person mentions: the gazetteer's names, the recogniser's, and names after a title; the overlap
policy that decides between them; titles that give a mention its role, country and (for a shared name)
its person.

Mentions that refer back to a person (总统先生, 他, 两国元首) are in ``references``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import date

from ..resources import PersonEntry, choose_person
from ..timex import DateValue, find_time_expressions
from .lexicon import HAN_ONLY, Lexicon
from .model import Doc, Mention, PlaceMention, Sentence
from .recogniser import Recogniser
from .references import demonstrative_mentions, distinct, honorific_mentions, same_role, surname_title_mentions

_NAME_CHARS = re.compile(r"^[\u4e00-\u9fff·・\-－]+(?:[A-Z]\.?[·・][\u4e00-\u9fff·・\-－]+)?$")  # 罗伯特·R·雷德菲尔德
_NAME_JOIN = ("·", "-", "－", "・", "•", "‧")
# The recogniser's next word when it is the rest of a transliterated name (泰德|·克鲁兹, 罗伯特|·R·雷德菲尔德).
_MODEL_NUMBER = re.compile(r"[-－—][0-9]")  # after a word, a model's number (伊尔-76型运输机): no person
_NAME_PART = re.compile(r"[·・•‧](?:[A-Z]\.?[·・•‧])?[\u4e00-\u9fff]{2,6}")
_COMMON_WORD_FREQ = 1000  # jieba dictionary frequency above which a word is too common to be part of a name


def person_mentions(doc: Doc, lex: Lexicon, recogniser: Recogniser) -> list[Mention]:
    """All person mentions of ``doc``, sorted by start: gazetteer names everywhere; the recogniser's and
    names after titles in the sentences that hold a trigger and the sentences before those; then the
    overlap policy, titles, honorifics and short forms. Reads ``doc.places`` (a place is not a person)."""
    return mentions_of(doc, _recognised_sentences(doc), lex, recogniser)


def mentions_of(doc: Doc, recognised: list[Sentence], lex: Lexicon, recogniser: Recogniser) -> list[Mention]:
    """``person_mentions`` with the recogniser and the title rule run on the sentences ``recognised``."""
    text = doc.text
    found = gazetteer_mentions(text, lex)
    tagged: dict[int, list[tuple[int, int, str]]] = {}  # sentence start -> the recogniser's words
    for sent in recognised:
        found.extend(lac_mentions(text, sent, lex, recogniser))
        words = tagged[sent.start] = _tagged_words(text, sent, recogniser)
        found.extend(m for m in title_mentions(text, sent, lex) if not _holds_other_words(m, words, lex))
    # elsewhere, names after titles too (what an office named alone refers to: 捷克参议院议长米洛什·维斯特奇尔)
    starts = {s.start for s in recognised}
    for sent in doc.sentences:
        if sent.start not in starts:
            found.extend(m for m in title_mentions(text, sent, lex) if not _holds_other_words(m, [], lex))
    # A name the recogniser found where the gazetteer knows a place (安提瓜和巴布达) is that place; a
    # name inside a longer term (朱光亚同志亲属: the relatives, not 朱光亚) is no mention of the person.
    found = [m for m in found if (m.entry is not None or _outside_places(m, doc.places))
             and not inside_longer_word(text, m.start, m.end, lex)]
    stops = lex.cue("with") + lex.cue("conj") + lex.cue("after_name")
    mentions = complete_cut_names(text, join_split_names(text, resolve_overlaps(text, found, stops, lex.common_words)))
    mentions = sorted(mentions + repeated_names(text, mentions, tagged, lex), key=lambda m: m.start)
    link_glossed_names(text, mentions)
    mentions = drop_glosses(text, mentions)
    decided: dict[str, PersonEntry] = {}  # a shared name the text's title settled, for later bare uses
    for m in mentions:
        attach_title(text, m, doc.ref, decided, lex)
    mentions += honorific_mentions(text, mentions, lex) + demonstrative_mentions(text, mentions, lex)
    mentions += surname_title_mentions(text, mentions, lex)
    mentions.sort(key=lambda m: m.start)
    link_short_forms(mentions)
    link_variant_spellings(mentions)
    mentions += office_references(text, mentions, lex)
    mentions += bare_office_references(text, mentions, lex)
    mentions += office_holders(text, mentions, lex, doc.ref)
    mentions.sort(key=lambda m: m.start)
    name_title_forms(mentions, lex)
    return mentions


def name_title_forms(mentions: list[Mention], lex: Lexicon) -> None:
    """A gazetteer form that holds a title (习主席) gets as ``antecedent`` the article's first mention of
    the person by a form without one (习近平), so that the person's name as written goes with it."""
    named: dict[str, Mention] = {}
    for m in mentions:
        if m.entry is not None and not lex.title_any.search(m.text):
            named.setdefault(m.key, m)
    for m in mentions:
        if m.entry is not None and m.antecedent is None and lex.title_any.search(m.text) and m.key in named:
            m.antecedent = (named[m.key].start, named[m.key].end)


def _recognised_sentences(doc: Doc) -> list[Sentence]:
    """The sentences that hold a trigger, and the sentence before each, in text order; not for a trigger that
    holds only before a gazetteer person (``person_after``: 見), whom the gazetteer finds anywhere."""
    with_trigger = {i for i, s in enumerate(doc.sentences) for h in doc.hits
                    if s.start <= h.start < s.end and not h.entry.person_after}
    indexes = set()
    for i in with_trigger:
        indexes.update((i - 1, i))
    return [doc.sentences[i] for i in sorted(indexes) if 0 <= i < len(doc.sentences)]


def _outside_places(m: Mention, places: list[PlaceMention]) -> bool:
    return all(m.end <= p.start or m.start >= p.end for p in places)


def gazetteer_mentions(text: str, lex: Lexicon) -> list[Mention]:
    """Every gazetteer name of ``text``: jieba tokens (the private tokenizer knows the names) and, by plain
    search, the names jieba cannot keep whole (a middle dot, Latin letters)."""
    found = []
    for word, start, end in lex.tokenizer.tokenize(text):
        entry = lex.person_by_alias.get(word)
        if entry is not None and not inside_longer_word(text, start, end, lex):
            if _generation_prefix(text, start, lex):
                # 小拜登 (Hunter, not Joe), 老布什: another person of the family, not the gazetteer's
                found.append(Mention(start - 1, end, text[start - 1:end], text[start - 1:end], None, via="lac"))
                continue
            found.append(Mention(start, end, text[start:end], entry.name, entry))
    for alias in lex.odd_aliases:
        pos = text.find(alias)
        while pos >= 0:
            entry = lex.person_by_alias[alias]
            found.append(Mention(pos, pos + len(alias), alias, entry.name, entry))
            pos = text.find(alias, pos + len(alias))
    return found


def _generation_prefix(text: str, start: int, lex: Lexicon) -> bool:
    """A ``generation_prefix`` cue (小, 老) right before the name at ``start`` that is not the end of a
    word (缩小拜登与…的差距). A form the gazetteer knows with the prefix (小布什 as an alias) is one token
    and never comes here."""
    if start == 0 or not text.startswith(lex.cue("generation_prefix"), start - 1):
        return False
    return not (start >= 2 and text[start - 2:start] in lex.common_words)


def inside_longer_word(text: str, start: int, end: int, lex: Lexicon) -> bool:
    """The name is part of a longer term (习近平新时代中国特色社会主义思想, 朱光亚同志亲属), not a mention
    of the person (cue ``not_person_after``)."""
    return text.startswith(lex.cue("not_person_after"), end)


def lac_mentions(text: str, sent: Sentence, lex: Lexicon, recogniser: Recogniser) -> list[Mention]:
    """The recogniser's ``PER`` words of ``sent`` that are plausible names, extended to a gazetteer alias
    where the recogniser cut one short, or over the next word when that is the rest of a name after its
    separator (泰德|·克鲁兹); linked when the name is a gazetteer alias. Not a run after a word of cue
    ``place_before`` (约旦首都安曼: a capital)."""
    out = []
    words = _tagged_words(text, sent, recogniser)
    for i, (start, end, tag) in enumerate(words):
        if tag != "PER":
            continue
        word = text[start:end]
        w = word.strip()
        start += len(word) - len(word.lstrip())
        end = start + len(w)
        w, end = extend_name(text, start, end, lex)
        if w not in lex.person_by_alias and i + 1 < len(words) and words[i + 1][0] == end:
            # the rest in one word (泰德|·克鲁兹), or the separator alone and then a word of any tag (道格|·|里昂)
            rest = next((words[j][1] for j in (i + 1, i + 2) if j < len(words)
                         and _NAME_PART.fullmatch(text, end, words[j][1])), None)
            if rest is not None:
                end = rest
                w = text[start:end]
        if w not in lex.person_by_alias:
            start = glued_to_title(text, start, end, lex)
            end = glued_to_next_word(text, start, end, lex)
            end = glued_to_time(text, start, end)
            end = before_title(text, start, end, lex)
            w = text[start:end]
            if holds_contact_word(w, lex) or w in lex.common_words or _cuts_a_word(text, start, end, lex):
                continue
        if not plausible_name(w, lex) or country_pair(text, w, end, lex) or _MODEL_NUMBER.match(text, end):
            continue  # (伊尔-76: a type of aircraft)
        if w not in lex.person_by_alias and text.endswith(lex.cue("place_before"), 0, start):
            continue  # 约旦首都安曼: a capital, not a person
        entry = lex.person_by_alias.get(w)
        out.append(Mention(start, end, w, entry.name if entry else w, entry, via="lac" if not entry else "gazetteer"))
    return out


def _straddles_words(text: str, start: int, end: int, lex: Lexicon) -> bool:
    """A title at ``start``–``end`` whose first character ends one dictionary word and whose last begins
    another (民主委员会: 主委 across 民主 and 委员) is no title there."""
    return (start > 0 and text[start - 1:start + 1] in lex.common_words
            and text[end - 1:end + 1] in lex.common_words)


def _cuts_a_word(text: str, start: int, end: int, lex: Lexicon) -> bool:
    """The recogniser's run at ``start``–``end`` is the end of a dictionary word ("香港民主委员会": 员会), or a
    country's one-character form and the first character of a word after it (吉新任外长: 吉, 新任), or the end
    of a title (州务卿拉芬斯伯格: 务卿), not a name."""
    if start > 0 and text[start - 1:end] in lex.common_words:
        return True
    if any(lex.title_any.fullmatch(text, start - k, end) for k in range(1, min(start, 4) + 1)):
        return True
    return end - start == 2 and text[start] in lex.place_abbrs and text[start + 1:end + 1] in lex.common_words


def title_mentions(text: str, sent: Sentence, lex: Lexicon) -> list[Mention]:
    """A title followed by a short run of Han characters that ends at a stop (外长沙伦赛。, 总统西米纳时)
    names a person, unless the run is a dictionary word (总统选举) or the title straddles two words
    (民主委员会). Weaker than the gazetteer and LAC."""
    out = []
    for t in lex.title_any.finditer(text, sent.start, sent.end):
        m = lex.after_title.match(text, t.end(), sent.end)
        if not m or _straddles_words(text, t.start(), t.end(), lex):
            continue
        name = m.group("name")
        if (name in lex.place_by_alias or name in lex.res.title_by_word or name in lex.common_words
                or common_words(name, lex)):
            continue
        if (lex.title_any.search(name) or name.startswith(lex.cue("not_name_start") + lex.cue("honorific"))
                or name.endswith(lex.cue("group_suffix"))):  # 国王顾问团主席: a body, not a name
            continue
        entry = lex.person_by_alias.get(name)
        out.append(Mention(m.start("name"), m.end("name"), name, entry.name if entry else name, entry,
                           via="gazetteer" if entry else "title"))
    return out


# LAC tags of words that are never part of a name: time, localisers, adverbs, conjunctions,
# particles, punctuation, numerals, measure words, pronouns (not verbs or prepositions: LAC reads
# 拉卡列 as 拉卡/v 列/v, 比奥 as p)
_NOT_NAME_TAGS = frozenset({"TIME", "vd", "f", "d", "c", "u", "w", "m", "q", "r"})


def _tagged_words(text: str, sent: Sentence, recogniser: Recogniser) -> list[tuple[int, int, str]]:
    """The recogniser's words of ``sent`` as ``(start, end, tag)`` in ``text`` offsets (``[]`` without it)."""
    out, pos = [], sent.start
    for word, tag in recogniser.tag(text[sent.start:sent.end]):
        out.append((pos, pos + len(word), tag))
        pos += len(word)
    return out


def _holds_other_words(m: Mention, words: list[tuple[int, int, str]], lex: Lexicon) -> bool:
    """A run after a title that holds a contact word (首相通话), starts with a word that follows names (主席
    应约同…: cue ``after_name``), or holds a word the recogniser reads as a time, an adverb or another word no
    name has (主席不久前同…, 议员后在推特上发文) is no name."""
    if holds_contact_word(m.text, lex) or m.text.startswith(lex.cue("after_name")):
        return True
    if any(w in m.text for w in lex.cue("message")):  # 主席卡斯特罗互致贺电
        return True
    return any(tag in _NOT_NAME_TAGS and s < m.end and e > m.start and not _last_character(m, s, e, tag)
               for s, e, tag in words)


def _last_character(m: Mention, start: int, end: int, tag: str) -> bool:
    """The recogniser's one-character localiser that ends the run (部长陈时|中，: 中 read as 'in') is the name's
    last character; the run ends at a stop, so nothing follows it in the clause."""
    return tag == "f" and end == m.end and end - start == 1 and end - m.start >= 3


def holds_contact_word(run: str, lex: Lexicon) -> bool:
    """访问团, 通话: a run holding a trigger word of ``triggers.tsv`` is no name."""
    return bool(lex.res.trigger_regex.search(run))


def common_words(run: str, lex: Lexicon) -> bool:
    """The run holds a common dictionary word of two or more characters (会议, 期间, 代表团): not a name.
    Transliterated names split into rare pieces (额尔登, 米纳, 贝尔)."""
    return any(len(w) > 1 and lex.tokenizer.FREQ.get(w, 0) >= _COMMON_WORD_FREQ
               for w in lex.tokenizer.lcut(run, HMM=False))


def extend_name(text: str, start: int, end: int, lex: Lexicon) -> tuple[str, int]:
    """LAC sometimes cuts a transliterated name short (泽连斯|基): extend to the longest gazetteer alias
    that starts at ``start``. Returns the name and its end."""
    for length in range(min(lex.max_alias, len(text) - start), end - start, -1):
        if text[start:start + length] in lex.person_by_alias:
            return text[start:start + length], start + length
    return text[start:end], end


def glued_to_next_word(text: str, start: int, end: int, lex: Lexicon) -> int:
    """The end of a recognised name ``text[start:end]`` that ran into the word after it: 鲁比奥通电话 (the
    recogniser's 鲁比奥通), 刘鹤应约与 (刘鹤应): when the name's last one or more characters begin a word of cue
    ``after_name`` that the text completes, the name ends before them, keeping at least two characters. A
    run that is one character and such a whole word (与邱对话; 潘曾與…討論, a surname and the adverb 曾) is no
    name: its end is then ``start``."""
    for w in lex.cue("after_name"):
        if end - start - len(w) == 1 and text.endswith(w, start, end):
            return start
        for k in range(1, min(len(w), end - start - 2) + 1):  # k characters of ``w`` inside the name
            if text[end - k:end] == w[:k] and text.startswith(w[k:], end):
                return end - k
    return end


def before_title(text: str, start: int, end: int, lex: Lexicon) -> int:
    """The end of a recognised name ``text[start:end]`` whose last character begins a title of two characters
    with the next one (威廉王|储: 威廉): one character less, when two or more remain."""
    if end - start > 2 and text[end - 1:end + 1] in lex.res.title_by_word:
        return end - 1
    return end


def glued_to_time(text: str, start: int, end: int) -> int:
    """The end of a recognised name ``text[start:end]`` that took in a time expression after it (巴雷特星期二,
    巴雷特本星期): the start of the first time expression that begins after the name's second character,
    else ``end``."""
    for e in find_time_expressions(text[start:end]):
        if e.start >= 2:
            return start + e.start
    return end


def glued_to_title(text: str, start: int, end: int, lex: Lexicon) -> int:
    """The start of a recognised name ``text[start:end]`` that took in the end of the title before it: 外相
    河野太郎 (the recogniser's 相河野太郎) starts after 外相. Keeps at least two characters."""
    for k in (1, 2):
        if end - start - k < 2:
            break
        t = lex.title_end.search(text, max(0, start - 8), start + k)
        if t and t.start() < start:
            return start + k
    return start


def country_pair(text: str, w: str, end: int, lex: Lexicon) -> bool:
    """韩中元首会晤, 沙伊双方: two countries' one-character forms before a word that names their relation
    (cue ``country_pair_after``), not a person's name; ``end`` is where ``w`` ends in ``text``."""
    return (len(w) == 2 and all(c in lex.place_abbrs for c in w)
            and text.startswith(lex.cue("country_pair_after"), end))


def plausible_name(w: str, lex: Lexicon) -> bool:
    """Two or more Han characters (with name separators), not a place, holding no title (智利众议长), not a
    country's one-character form and a side word (瑞方, 乌方: cue ``state_actor_suffix``), not a group (麻生派,
    蓝营: cue ``group_suffix``), not a surname and a form of address (黄生, 范太, 唐姑娘, 何女: cue
    ``surname_honorific``) or a verb of speech (黄指, 陈称: cue ``surname_speech``), not a name and a kinship
    word (彦霖外公: cue ``kin_suffix``)."""
    if len(w) < 2 or not _NAME_CHARS.match(w):
        return False
    if w[:-1] in lex.place_abbrs and w.endswith(lex.cue("state_actor_suffix")):
        return False  # 瑞方, 乌方: a country's side, a state actor
    if w.endswith(lex.cue("group_suffix")):
        return False
    if any(w.endswith(h) and len(w) == len(h) + 1 for h in lex.cue("surname_honorific") + lex.cue("surname_speech")):
        return False
    if any(w.endswith(k) and len(w) > len(k) + 1 for k in lex.cue("kin_suffix")):
        return False  # 彦霖外公, 彦霖妈妈: a relative of the person, who is not named
    return not (w in lex.place_by_alias or lex.title_any.search(w))


def resolve_overlaps(text: str, found: list[Mention], stops: tuple[str, ...],
                     common: frozenset[str] | set[str] = frozenset()) -> list[Mention]:
    """Overlap policy: the gazetteer beats the recogniser, then the longer span, then the earlier one;
    except that a recogniser's name that starts with a gazetteer name and goes on by two characters or
    more (拉索夫斯基 over the gazetteer's 拉索) is another, longer name, and beats it, unless what follows
    the gazetteer name starts with one of ``stops`` (the recogniser's 习近平和 in 习近平和普京 is 习近平 and a
    conjunction). One character more is a word after the name (王毅特意, 蓬佩奥原本). A recogniser's name that
    ends with a gazetteer name after a name separator (亨特·拜登, 伊万卡·特朗普) is another person of that family
    name, and beats it, when the gazetteer knows the person's own full forms and this is none of them
    (乔·拜登, 约瑟夫·拜登; see ``_another_given_name``). A recognised name that goes on after the gazetteer
    name with a name separator (马丁·格里菲思 over the gazetteer's 马丁) is also another, longer name, unless
    the gazetteer knows a name in the rest of it (穆罕默德·穆伊兹: 穆伊兹, whose full form it is). A name after a
    title that runs to a stop one character past a recognised name there (议长维特齐时: the recogniser's 维特)
    is the whole name, unless that character and the next are one of the ``common`` words (尼尔森|共同)."""
    rank = {"gazetteer": 0, "lac": 1, "title": 2}
    lac_end: dict[int, int] = {}  # start -> end of the longest Han-only recognised name starting there
    joined_end: dict[int, int] = {}  # likewise, of any recognised name
    for m in found:
        if m.via == "lac":
            joined_end[m.start] = max(m.end, joined_end.get(m.start, 0))
            if HAN_ONLY.match(m.text):
                lac_end[m.start] = max(m.end, lac_end.get(m.start, 0))
    longer = {id(g) for g in found if g.via == "gazetteer" and not text.startswith(stops, g.end) and (
        lac_end.get(g.start, 0) > g.end + 1
        or (text.startswith(_NAME_JOIN, g.end) and joined_end.get(g.start, 0) > g.end + 1
            and not any(h.via == "gazetteer" and g.end < h.start < joined_end[g.start] for h in found)))}
    # a name after a title that runs to a stop one character past the recogniser's (议长维特|齐时表示)
    # (not when that character begins a word with the next: 总理尼尔森|共同会见)
    longer |= {id(t) for t in found if t.via == "title" and lac_end.get(t.start, 0) == t.end - 1
               and text[t.end - 1:t.end + 1] not in common}
    family = {id(g) for g in found if g.via == "gazetteer" and g.start > 0 and text[g.start - 1] in _NAME_JOIN
              and any(m.via == "lac" and m.end == g.end and m.start < g.start - 1 and _another_given_name(text, m, g)
                      for m in found)}
    ordered = sorted(found, key=lambda m: (3 if id(m) in family else 1 if id(m) in longer else rank.get(m.via, 2),
                                           -(m.end - m.start), m.start))
    kept: list[Mention] = []
    for m in ordered:
        if all(m.end <= k.start or m.start >= k.end for k in kept):
            kept.append(m)
    return sorted((_as_written_in_full(text, k, found) for k in kept), key=lambda m: m.start)


def _as_written_in_full(text: str, g: Mention, found: list[Mention]) -> Mention:
    """A gazetteer mention that ends a longer recognised name of the same person (若昂·曼努埃尔·贡萨尔维斯·洛伦索
    for 洛伦索) spans the name as written, so that no part of it is read as a word (若, if)."""
    if g.via != "gazetteer" or g.start == 0 or text[g.start - 1] not in _NAME_JOIN:
        return g
    longer = [m for m in found if m.via == "lac" and m.end == g.end and m.start < g.start - 1]
    if not longer:
        return g
    start = min(m.start for m in longer)
    return Mention(start, g.end, text[start:g.end], g.name, g.entry, g.role, g.country, via=g.via)


def _another_given_name(text: str, full: Mention, family: Mention) -> bool:
    """Whether ``full`` (亨特·拜登) names someone other than the gazetteer person of ``family`` (拜登): that
    person has full forms with a separator among its aliases and other names, ``full`` is not the end of
    a longer written name (帕特里斯·阿塔纳斯·纪尧姆·塔隆), and its first part sounds like none of the known
    forms' parts before the family name (``_same_sound``: 亨特 and 乔, 约瑟夫; but 马利斯·佩恩 is 玛丽丝·佩恩,
    费迪南德·罗慕尔德兹·马科斯 is 小费迪南德·马科斯, 马吉德·特本 is 阿卜杜勒-马吉德·特本). A person with no known
    full form (史蒂文·姆努钦 for 姆努钦) keeps the name."""
    split = "|".join(map(re.escape, _NAME_JOIN))
    if full.start > 0 and text[full.start - 1] in _NAME_JOIN:
        return False
    entry = family.entry
    known = {part.removeprefix("小") for a in (*entry.aliases, *entry.other_names) if any(j in a for j in _NAME_JOIN)
             for part in re.split(split, a)[:-1]}
    mine = re.split(split, full.text)[0].removeprefix("小")
    return bool(known) and not any(_same_sound(k, mine) for k in known if k)


def _same_sound(a: str, b: str) -> bool:
    """Whether two transliterations of a given name sound alike (玛丽丝 and 马利斯: ma li si): the same
    first syllable (toneless pinyin, by pypinyin), or one's syllables begin or end the other's."""
    from pypinyin import lazy_pinyin

    pa, pb = lazy_pinyin(a), lazy_pinyin(b)
    short, long_ = sorted((pa, pb), key=len)
    return pa[:1] == pb[:1] or long_[:len(short)] == short or long_[-len(short):] == short


def repeated_names(text: str, mentions: list[Mention], tagged: dict[int, list[tuple[int, int, str]]],
                   lex: Lexicon) -> list[Mention]:
    """New mentions where a name the recogniser found elsewhere in the article (not the gazetteer's) is
    written again and the recogniser read it there as another kind of word (巴雷特星期二: ``nz``): one
    article writes one person's name the same way. ``tagged`` maps each recognised sentence's start to
    its words (``_tagged_words``). The forms: a name of three characters or more, or the last part (two or
    more) of a name written with ·; plausible names, no common word or gazetteer name. An occurrence
    counts where it is whole words of the recogniser, none of them a place, an organisation or a time
    (罗德岛, 图尔贡别克乌鲁 hold no 罗德 or 图尔贡), and inside no mention or longer term."""
    forms: dict[str, str] = {}
    for m in mentions:
        if m.entry is None and m.via == "lac":
            parts = m.text.split("·")
            for form in {m.text, parts[-1]}:
                if len(form) >= 3 or (len(parts) > 1 and len(form) >= 2):
                    forms.setdefault(form, m.name)
    forms = {f: n for f, n in forms.items() if plausible_name(f, lex) and f not in lex.common_words
             and f not in lex.person_by_alias}
    if not forms:
        return []
    taken = [(m.start, m.end) for m in mentions]
    pattern = re.compile("|".join(sorted(map(re.escape, forms), key=len, reverse=True)))
    out = []
    for s0, words in tagged.items():
        starts, ends = {w[0] for w in words}, {w[1] for w in words}
        for hit in pattern.finditer(text, s0, words[-1][1] if words else s0):
            s, e = hit.span()
            if s not in starts or e not in ends or any(a < e and s < b for a, b in taken):
                continue
            if any(tag in _NOT_PERSON_TAGS for w0, w1, tag in words if s <= w0 < e) or inside_longer_word(text, s, e, lex):
                continue
            out.append(Mention(s, e, hit.group(0), forms[hit.group(0)], None, via="lac"))
    return out


_NOT_PERSON_TAGS = ("LOC", "ORG", "TIME")  # the recogniser's tags of words that are no person


def join_split_names(text: str, mentions: list[Mention]) -> list[Mention]:
    """弗拉基米尔-普京 found as two mentions: one mention, the person of the second part."""
    out: list[Mention] = []
    for m in mentions:
        if out and out[-1].end + 1 == m.start and text[out[-1].end] in _NAME_JOIN and out[-1].entry is None:
            first = out.pop()
            m = Mention(first.start, m.end, text[first.start:m.end], m.name if m.entry else text[first.start:m.end],
                        m.entry, via=m.via)
        out.append(m)
    return out


def complete_cut_names(text: str, mentions: list[Mention]) -> list[Mention]:
    """将与蔡英文、陈时|中会面 beside 部长陈时中 elsewhere: an unlinked name that is a longer unlinked name of the
    article but its last character, followed here by that character, is the longer name."""
    longer = {m.text for m in mentions if m.entry is None and HAN_ONLY.match(m.text)}
    out = []
    for m in mentions:
        full = next((f for f in longer if len(f) == len(m.text) + 1 and f.startswith(m.text)
                     and text.startswith(f, m.start)), None) if m.entry is None and m.via == "lac" else None
        out.append(replace(m, end=m.start + len(full), text=full, name=full) if full else m)
    return out


def link_glossed_names(text: str, mentions: list[Mention]) -> None:
    """迈克·庞皮欧(Mike Pompeo): an unknown name glossed in brackets by an original-script name the gazetteer
    knows is that person, and so are the article's later uses of the name or of its last part (庞皮欧)."""
    forms: dict[str, tuple[PersonEntry, str]] = {}
    for a, b in zip(mentions, mentions[1:]):
        if (a.entry is None and b.entry is not None and not HAN_ONLY.match(b.text)
                and text[a.end:b.start].strip() in ("（", "(")):
            for form in {a.text, a.text.split("·")[-1]}:
                forms.setdefault(form, (b.entry, b.name))
    for m in mentions:
        if m.entry is None and m.text in forms:
            m.entry, m.name = forms[m.text]


def drop_glosses(text: str, mentions: list[Mention]) -> list[Mention]:
    """布林肯（Antony Blinken）: the bracketed original-script name is the same mention, not another person."""
    out: list[Mention] = []
    for m in mentions:
        if out and out[-1].key == m.key and text[out[-1].end:m.start].strip() in ("（", "(", "（ ", "，", ","):
            continue
        out.append(m)
    return out


def attach_title(text: str, m: Mention, when: date, decided: dict[str, PersonEntry], lex: Lexicon) -> None:
    """Set ``m``'s role and country from the title before (or after) it; for a name several gazetteer
    persons share, the person the title and ``when`` point to (or the one an earlier title settled,
    recorded in ``decided``)."""
    before = text[max(0, m.start - 12):m.start]
    t = lex.title_end.search(before)
    if t:
        m.role = lex.role_of(t.group(0))
        c = lex.country_end.search(before[:t.start()])
        if c:
            m.country = lex.place_by_alias[c.group(0)].name
    else:
        after = lex.title_start.match(text[m.end:m.end + 10])
        if after:
            m.role = lex.role_of(after.group(0))
    if m.entry is not None and m.country and other_country(m.entry, m.country, m.text, lex):
        m.entry, m.name = None, m.text  # 乍得总统穆罕默德 is not the gazetteer's 阿联酋总统穆罕默德
    if m.entry is not None and m.role and other_role(m.entry, m.role, m.text, lex):
        m.entry, m.name = None, m.text  # 里约州州长卡斯特罗 is not the gazetteer's 洪都拉斯总统卡斯特罗
    options = lex.persons_by_form.get(m.text, ()) if m.entry is not None else ()
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


def other_country(entry: PersonEntry, country: str, form: str, lex: Lexicon) -> bool:
    """Whether the country a title gives (a country of the gazetteer) rules out ``entry``, found by the
    name ``form`` as written: it is neither the person's country nor that of an office the person
    holds, nor of another person who shares that name."""
    place = lex.place_by_alias.get(country)
    if place is None or place.kind != "country":
        return False
    for p in lex.persons_by_form.get(form, [entry]) + [entry]:
        if country in {p.country, *(pos.country for pos in p.positions)}:
            return False
    return True


def other_role(entry: PersonEntry, role: str, form: str, lex: Lexicon) -> bool:
    """Whether the role a title gives rules out every person a shared name (an alias written ``~`` by one of
    them) names: none of them has that role or an office of it. ``False`` for a name no one shares."""
    persons = lex.persons_by_form.get(form, [entry]) + [entry]
    if not any(form in p.shared for p in persons):
        return False
    return not any(same_role(role, r, lex) for p in persons for r in (*p.roles, *(pos.role for pos in p.positions)))


def link_short_forms(mentions: list[Mention]) -> None:
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


def link_variant_spellings(mentions: list[Mention]) -> None:
    """A later name the gazetteer does not know that spells a name of the article with one character of
    the same sound changed (阿札尔 after 亚历克斯·阿扎尔, 科佛德 after 科弗德: za/zha, fo/fu in any
    reading, by pypinyin) is that person: one article transliterates one name twice. Compared are names,
    or last parts of names with ·, of three characters or more; the earlier name's person is kept (its
    gazetteer entry when it has one)."""
    earlier: list[Mention] = []
    for m in mentions:
        if m.is_reference:
            continue
        if m.entry is None:
            mine = m.name.split("·")[-1]
            for e in earlier:
                if ((e.key != m.key and _one_sound_apart(e.name.split("·")[-1], mine))
                        or (e.entry is not None and _one_sound_apart(e.text.split("·")[-1], mine))):
                    m.name, m.entry = e.name, e.entry
                    break
        earlier.append(m)


def _one_sound_apart(a: str, b: str) -> bool:
    """Whether two names of three characters or more differ in exactly one character, and those two
    characters share a toneless reading (any of their readings)."""
    if len(a) != len(b) or len(a) < 3:
        return False
    apart = [(x, y) for x, y in zip(a, b) if x != y]
    if len(apart) != 1:
        return False
    from pypinyin import Style, pinyin

    x, y = apart[0]
    readings = pinyin(x + y, style=Style.NORMAL, heteronym=True)
    return bool(set(readings[0]) & set(readings[1]))


def standalone_offices(text: str, mentions: list[Mention], lex: Lexicon,
                       stops: tuple[str, ...]) -> Iterator[tuple[re.Match, list[tuple[str, int, int]]]]:
    """Each country's office written with no name after it (捷克参议长：, 美国国务卿与, 日本、澳大利亚和印度外长会晤,
    立陶宛的外长和防长): the title match and, per country holding it, the country's name with the span of
    its mention (see ``_office_spans``). A title joined by a ``conj`` word to such an office shares its
    countries (外长和防长: 防长 spans the title alone); a ``possessive`` word may stand between the countries
    and the title (立陶宛的外长). Only where the title stands alone (a punctuation mark, one of ``stops``, a
    ``conj`` word, a trigger or a time expression follows: 美国国务卿当天), not after a word for another
    holder (cue ``not_office_before``: 前美国总统, 时任), not where a mention covers the title (a caller checks each country), and not as the first
    of a named person's titles (``_chained``)."""
    before: tuple[int, list[re.Match]] | None = None  # the end of the last office read, and its countries
    for t in lex.title_any.finditer(text):
        start = t.start() - len(next((w for w in lex.cue("possessive") if text.endswith(w, 0, t.start())), ""))
        countries, shared = _countries_before(text, start, lex), False
        if not countries and before and text[before[0]:t.start()] in lex.cue("conj"):
            countries, shared = before[1], True
        if not countries or text.endswith(lex.cue("not_office_before"), 0, countries[0].start()):
            continue
        before = (t.end(), countries)
        if HAN_ONLY.match(text[t.end():t.end() + 1]) and not (text.startswith(stops + lex.cue("conj"), t.end())
                                                              or lex.res.trigger_regex.match(text, t.end())
                                                              or _time_at(text, t.end())):
            continue
        if any(m.start < t.end() and t.start() < m.end for m in mentions) or _chained(text, t.end(), mentions, lex):
            continue
        if shared:
            yield t, [(lex.place_by_alias[c.group(0)].name, t.start(), t.end()) for c in countries]
        else:
            yield t, _office_spans(countries, t, lex)


def _time_at(text: str, pos: int) -> bool:
    """Whether a time expression starts at ``pos`` (美国国务卿当天在雅加达, 美国国务卿周二会见)."""
    return any(x.start == 0 for x in find_time_expressions(text[pos:pos + 12]))


def _chained(text: str, end: int, mentions: list[Mention], lex: Lexicon) -> bool:
    """Whether the title ending at ``end`` is the first of a person's titles listed with 、 (梵蒂冈国务卿、枢机主教
    帕罗林): another title follows the mark, and a mention right after that one."""
    nxt = lex.title_any.match(text, end + 1) if text.startswith("、", end) else None
    return nxt is not None and any(m.start == nxt.end() for m in mentions)


def _countries_before(text: str, end: int, lex: Lexicon) -> list[re.Match]:
    """The country names that end at ``end``, going back over a list of them joined by 、 or a ``conj``
    word (日本、澳大利亚和印度): in text order; ``[]`` when no country ends there."""
    out: list[re.Match] = []
    while (c := lex.country_end.search(text, max(0, end - 8), end)) is not None and c.end() == end:
        out.insert(0, c)
        joiner = next((j for j in ("、", *lex.cue("conj")) if text.endswith(j, 0, c.start())), None)
        if joiner is None:
            break
        end = c.start() - len(joiner)
    return out


def _office_spans(countries: list[re.Match], title: re.Match, lex: Lexicon) -> list[tuple[str, int, int]]:
    """Each country of an office named alone with the span of its mention: from the country to the title's
    end for the last country (日本、澳大利亚和印度外长: 印度外长), the country's own name for the others
    (日本, 澳大利亚)."""
    last = len(countries) - 1
    return [(lex.place_by_alias[c.group(0)].name, c.start(), title.end() if i == last else c.end())
            for i, c in enumerate(countries)]


def office_references(text: str, mentions: list[Mention], lex: Lexicon) -> list[Mention]:
    """A country's office with no name after it (台湾总统蔡英文会晤访台捷克参议长：) refers to the one person
    the article names with that office and country elsewhere (捷克参议长米洛什·维斯特奇尔); see
    ``standalone_offices`` for where an office stands alone and the spans. Only when one person fits."""
    named = [m for m in mentions if not m.is_reference and m.role and m.country]
    out = []
    stops = lex.cue("with") + lex.cue("after_name")
    for t, spans in standalone_offices(text, mentions, lex, stops):
        role = lex.role_of(t.group(0))
        for country, start, end in spans:
            if any(m.start < end and start < m.end for m in mentions):
                continue
            fits = distinct([m for m in named if same_role(m.role, role, lex) and m.country == country])
            if len(fits) == 1:
                out.append(fits[0].referred_by(start, end, text[start:end], "office"))
    return out


def bare_office_references(text: str, mentions: list[Mention], lex: Lexicon) -> list[Mention]:
    """A title with no country and no name, right after a ``with`` word and right before a trigger
    (吴钊燮表示，克拉夫特…将会晤总统蔡英文，并将与外交部长会谈): the one person the article names with that role;
    none when no one or several fit."""
    out = []
    named = [m for m in mentions if not m.is_reference and m.role]
    for t in lex.title_any.finditer(text):
        if not text.endswith(lex.cue("with"), 0, t.start()) or not lex.res.trigger_regex.match(text, t.end()):
            continue
        if any(m.start < t.end() and t.start() < m.end for m in mentions):
            continue
        role = lex.role_of(t.group(0))
        fits = distinct([m for m in named if same_role(m.role, role, lex)])
        if len(fits) == 1:
            out.append(fits[0].referred_by(t.start(), t.end(), t.group(0), "office"))
    return out


def office_holders(text: str, mentions: list[Mention], lex: Lexicon, on: date) -> list[Mention]:
    """A country's office named alone whose holder the article does not name (美国国务卿周二在东京会见了日本、
    澳大利亚和印度外长), for the roles one person holds at a time (cue ``sole_office``): the holder on ``on``
    (the article's date; ``holder_of``; a report dated otherwise asks again, ``holder_on``). Spans as in
    ``standalone_offices``; only before a punctuation mark, a ``with``, ``after_name`` or ``conj`` word, a
    trigger or a time expression (中国外长同美国国务卿当天在雅加达举行会谈; not 巴拉圭总统就职仪式: the office,
    not a person)."""
    out: list[Mention] = []
    for t, spans in standalone_offices(text, mentions, lex, lex.cue("with") + lex.cue("after_name")):
        role = lex.role_of(t.group(0))
        if role not in lex.cue("sole_office"):
            continue
        for country, start, end in spans:
            if not any(m.start < end and start < m.end for m in mentions):  # else named (office_references)
                out.append(holder_of(Mention(start, end, text[start:end], "", None, role, country), lex, on))
    return out


def holder_of(office: Mention, lex: Lexicon, on: date) -> Mention:
    """The mention ``office`` (an office named alone: its span, ``role`` and ``country``) of the one person
    the gazetteer shows holding it on ``on`` (``via`` ``office``; for a head of government, the office by
    any of its names, cue ``head_of_government``, when its own is not known), else of an unnamed holder (no entry,
    ``via`` ``unnamed_office``, named by ``unnamed_holder``)."""
    governs = lex.cue("head_of_government")
    roles = (office.role, *(r for r in governs if r != office.role)) if office.role in governs else (office.role,)
    for role in roles:
        holders = {p.name: p for p, pos in lex.sole_offices.get((office.country, role), ()) if pos.held_on(on)}
        if holders:
            break
    if len(holders) == 1:
        person = next(iter(holders.values()))
        return replace(office, name=person.name, entry=person, via="office", antecedent=None)
    return replace(office, name=unnamed_holder(office.country, office.role, on), entry=None, via="unnamed_office",
                   antecedent=None)


def holder_on(m: Mention, lex: Lexicon, when: DateValue) -> Mention:
    """``m`` again for a contact dated ``when``, when ``m`` names a holder by the office alone (``office_holders``):
    the holder on that day (the middle of its month or year below day precision); any other mention as it is."""
    if m.via not in ("office", "unnamed_office") or m.antecedent is not None:
        return m
    on = when.as_date() or date(when.year, when.month or 7, 15 if when.month else 1)
    return holder_of(m, lex, on)


def unnamed_holder(country: str, role: str, on: date) -> str:
    """The name of the holder of ``country``'s office ``role`` in the year of ``on`` when neither the text nor
    the gazetteer names them (立陶宛外交部长（2020年）): one entity per country, office and year."""
    return f"{country}{role}（{on.year}年）"
