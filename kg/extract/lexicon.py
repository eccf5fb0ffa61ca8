"""The knowledge files compiled for matching, once per process: alias maps in both scripts, the private
jieba tokenizer, and the regular expressions of titles, places, honorifics, pronouns and cues.

Built from ``Resources`` (``kg/resources.py``, which reads ``kg/data/*.tsv``); every word here comes from
those files. Nothing is added to jieba's global dictionary.
"""

from __future__ import annotations

import logging
import re
from functools import cached_property

from ..resources import PersonEntry, PlaceEntry, Resources

HAN_ONLY = re.compile(r"^[\u4e00-\u9fff]+$")


def alt(words) -> str:
    """A regular-expression alternation of literal words, longest first."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _in_order(words) -> str:
    """A regular-expression alternation of literal words, in the order given."""
    return "|".join(re.escape(w) for w in words)


class Lexicon:
    """Compiled knowledge for one extractor (not thread-safe: the tokenizer is jieba's).

    ``person_by_alias``, ``persons_by_form`` and ``place_by_alias`` hold every form in the files and its
    simplified-script form (the text is matched after traditional-to-simplified conversion, ``t2s``).
    ``cue(kind)`` gives the words of a cue kind of ``cues.tsv``, longest first.
    """

    def __init__(self, resources: Resources):
        import jieba
        import opencc

        self.res = resources
        self.t2s = opencc.OpenCC("t2s")
        jieba.setLogLevel(logging.WARNING)
        self.persons_by_form = self._both_scripts(resources.persons_by_form)
        self.person_by_alias: dict[str, PersonEntry] = self._both_scripts(resources.person_by_alias)
        self.place_by_alias: dict[str, PlaceEntry] = self._both_scripts(resources.place_by_alias)
        self.tokenizer = self._tokenizer(jieba.Tokenizer())
        # Names jieba cannot keep whole (a middle dot, Latin letters) are found by plain search instead.
        self.odd_aliases = sorted((a for a in self.person_by_alias if not HAN_ONLY.match(a)), key=len, reverse=True)
        self.max_alias = max(map(len, self.person_by_alias), default=0)
        self.place_abbrs = {a for pl in resources.places for a in pl.abbrs}
        self.head_offices = self._head_offices()
        self.sole_offices = self._sole_offices()
        self._compile_places()
        self._compile_titles()
        self._compile_cues()

    @cached_property
    def common_words(self) -> frozenset[str]:
        """The words of jieba's own dictionary (not the gazetteer's names added to the tokenizer) of two or
        more characters, with a frequency of at least 10 and a part of speech other than a proper noun's
        (``nr`` person, ``ns`` place, ``nz``, ``nt``: 基尔, 福布斯 stay names): 历史性, 官邸, 嫦娥, 不辞辛劳. A run
        that is one of them whole is no unknown person's name."""
        import jieba

        words = set()
        with jieba.get_dict_file() as f:
            for line in f:
                word, freq, tag = line.decode("utf-8").split()
                if len(word) > 1 and int(freq) >= 10 and not tag.startswith(("nr", "ns", "nz", "nt")):
                    words.add(word)
        return frozenset(words)

    def cue(self, kind: str) -> tuple[str, ...]:
        """The words of cue ``kind`` (``kg/data/cues.tsv``), longest first."""
        return self.res.cue(kind)

    def role_of(self, title: str) -> str:
        """The normalised role of a title word of ``titles.tsv``."""
        return self.res.title_by_word[title].role

    def _both_scripts(self, index: dict) -> dict:
        out = {}
        for form, value in index.items():
            out[form] = value
            out.setdefault(self.t2s.convert(form), value)
        return out

    def _tokenizer(self, tokenizer):
        for alias in self.person_by_alias:
            if HAN_ONLY.match(alias):
                tokenizer.add_word(alias, 2000, "nr")
        for alias in self.place_by_alias:
            if HAN_ONLY.match(alias):
                tokenizer.add_word(alias, 2000, "ns")
        for t in self.res.titles:
            tokenizer.add_word(t.title, 2000, "n")
        return tokenizer

    def _head_offices(self) -> dict[str, list]:
        """country -> ``(person name, Position)`` of every head-of-state office held in it."""
        out: dict[str, list] = {}
        for person in self.res.persons:
            for pos in person.positions:
                if pos.role in self.cue("head_of_state") and (pos.country or person.country):
                    out.setdefault(pos.country or person.country, []).append((person.name, pos))
        return out

    def _sole_offices(self) -> dict[tuple[str, str], list]:
        """``(country, role)`` -> ``(PersonEntry, Position)`` of every office of a ``sole_office`` role (one
        holder at a time: 外交部长, 国务卿) held in that country."""
        out: dict[tuple[str, str], list] = {}
        for person in self.res.persons:
            for pos in person.positions:
                country = pos.country or person.country
                if pos.role in self.cue("sole_office") and country:
                    out.setdefault((country, pos.role), []).append((person, pos))
        return out

    def _compile_places(self) -> None:
        places = sorted(self.place_by_alias, key=len, reverse=True)
        self.place_regex = re.compile(_in_order(places))
        countries = sorted((a for a, e in self.place_by_alias.items() if e.kind in ("country", "region")),
                           key=len, reverse=True)
        self.country_end = re.compile("(?:" + _in_order(countries) + ")$")

    def _compile_titles(self) -> None:
        titles = _in_order(sorted(self.res.title_by_word, key=len, reverse=True))
        self.title_end = re.compile(f"(?:{titles})$")
        self.title_any = re.compile(f"(?:{titles})")
        self.title_start = re.compile(f"^(?:{titles})")
        hon_titles = sorted((t.title for t in self.res.titles if t.honorific), key=len, reverse=True)
        self.honorific = re.compile(f"(?P<title>{_in_order(hon_titles)})(?:{_in_order(self.cue('honorific'))})")
        self.after_title = re.compile(
            r"(?P<name>[\u4e00-\u9fff]{2,8}?(?:[·\-－][\u4e00-\u9fff]{1,8})*)"
            r"(?=[，。、；：,.;:！？（(“”\"]|" + alt(self.cue("name_end")) + "|" + self.res.trigger_regex.pattern
            + f"|(?:{titles})|$)")  # a title after the name ends it too (国务卿帕罗琳枢机主教)

    def _compile_cues(self) -> None:
        cue = self.cue
        not_after = f"(?!{_in_order(cue('not_pronoun_after'))})" if cue("not_pronoun_after") else ""
        self.pronoun = re.compile(f"(?:{_in_order(cue('pronoun') + cue('addressee'))}){not_after}")
        self.addressee = re.compile(_in_order(cue("addressee")))
        self.demonstrative = re.compile(_in_order(cue("demonstrative")) or r"(?!)")
        self.message = re.compile(_in_order(cue("message"))) if cue("message") else None
        self.speech_after = re.compile(f"^(?:{_in_order(cue('speech'))})")
        self.speech_end = re.compile(f"(?:{_in_order(cue('speech'))})[，,：:]?$")
        self.speaker_with = re.compile(f"(?:{alt(cue('speaker'))})(?={alt(cue('with'))})") if cue("speaker") else None
        self.speaker_alone = re.compile(f"(?:{alt(cue('speaker'))})(?!{alt(cue('not_speaker_after'))})") \
            if cue("speaker") and cue("not_speaker_after") else None
        self.pair_ref = re.compile(_in_order(cue("pair_ref")))
        self.not_object = re.compile(alt(cue("not_object")))
        self.conj = re.compile(alt(cue("conj")))
        self.title_prefix = re.compile(_in_order(cue("title_prefix")) or r"(?!)")
        # 在取消访台计划后: a clause of time that ends before the contact (cues ``after_clause_start``, ``after_clause_end``)
        self.after_clause = re.compile(f"(?:{_in_order(cue('after_clause_start')) or '(?!)'})[^，,；;]{{1,20}}?"
                                       f"(?:{_in_order(cue('after_clause_end')) or '(?!)'})")

    def title_chain_start(self, text: str, start: int) -> int:
        """Where the title written right before a name starting at ``start`` begins, with the country before
        the title (对美国总统特朗普说: the offset of 美); ``start`` when no title is written there."""
        before = text[max(0, start - 12):start]
        t = self.title_end.search(before)
        if t is None:
            return start
        c = self.country_end.search(before[:t.start()])
        return start - len(before) + (c.start() if c else t.start())

    def is_speaker(self, text: str, m) -> bool:
        """A speech verb follows the mention (X表示): it introduces what the person says."""
        return bool(self.speech_after.match(text[m.end:m.end + 4]))
