"""Stage 1, text: script normalisation, sentences and clauses.

The text is matched in simplified script; the conversion keeps every offset, so a span found in the
normalised text is the same span of ``Article.text``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .model import Sentence

_SENTENCE = re.compile(r"[^。！？!?\n]*(?:[。！？!?]+[”’\"」』）)]*|\n|$)")
_CLAUSE_BREAK = re.compile(r"[，,；;：:]")
CLAUSE_ENDS = "。！？!?\n，,；;：:"  # what ends a clause: a sentence end or a clause break
_CLAUSE_END = re.compile(f"[{CLAUSE_ENDS}]")
# 乔•拜登, 唐納德‧川普, 马利斯・佩恩: the name separators of other outlets, between two Han characters, as ·
_NAME_SEPARATOR = re.compile(r"(?<=[\u4e00-\u9fff])[•‧・･∙](?=[\u4e00-\u9fff])")
_LIST_MARK = str.maketrans({"丶": "、"})  # 贸易丶北约丶民主: a list mark some outlets use for 、
# 40多次, 两度, 6次, 多轮: a count of events (an aggregate); 第十五次 is an ordinal and no count
COUNT = re.compile(r"(?<![第0-9一二三四五六七八九十两几多数])[0-9一二三四五六七八九十两几多数]+[次度轮]")


def normalise(text: str, t2s) -> str:
    """``text`` in simplified script (OpenCC converter ``t2s``), of the same length: when the whole-text
    conversion changes the length, characters are converted one by one and a character whose conversion
    is not one character is kept as it is. Name separators (•, ‧, ・ between Han characters) become ·,
    and the list mark 丶 becomes 、."""
    converted = t2s.convert(text)
    if len(converted) != len(text):
        converted = "".join(c2 if len(c2 := t2s.convert(c)) == 1 else c for c in text)
    return _NAME_SEPARATOR.sub("·", converted).translate(_LIST_MARK)


def split_sentences(text: str) -> Iterator[Sentence]:
    """The sentences of ``text`` (split after 。！？ and closing quotes, and at line ends), each with its
    clauses; a sentence and a clause start at their first character that is not white space (2018年， 她与…:
    the clause starts at 她); empty sentences are skipped."""
    for m in _SENTENCE.finditer(text):
        s, e = _past_space(text, m.start(), m.end()), m.end()
        while e > s and text[e - 1] == "\n":
            e -= 1
        if e <= s:
            continue
        clauses, c = [], s
        for b in _CLAUSE_BREAK.finditer(text, s, e):
            clauses.append((c, b.end()))
            c = _past_space(text, b.end(), e)
        if c < e:
            clauses.append((c, e))
        yield Sentence(s, e, clauses)


def _past_space(text: str, start: int, end: int) -> int:
    """The offset of the first character of ``text[start:end]`` that is not white space (``end`` if none)."""
    while start < end and text[start].isspace():
        start += 1
    return start


def clause_around(text: str, pos: int) -> tuple[int, int]:
    """``(start, end)`` of the clause holding offset ``pos``: between the clause or sentence breaks around it."""
    before = [text.rfind(c, 0, pos) for c in CLAUSE_ENDS]
    stop = _CLAUSE_END.search(text, pos)
    return max(before) + 1, stop.start() if stop else len(text)
