"""Contact extraction: person and place mentions, trigger words, participants, dates, places, status.

``Extractor(resources).extract(article)`` returns the article's ``EventReport`` list: one per contact the
article states, each with its participants (``Mention``), date (``DateValue``), place, status, trigger and
evidence sentence. Offsets are code-point indices into ``Article.text``, end-exclusive.

The stages are modules of this package, run in order by ``pipeline``; ``kg/DESIGN.md`` draws the flow
and says where a new rule goes.
"""

from .model import Doc, EventReport, Mention, PlaceMention, Sentence, TriggerContext, TriggerHit
from .pipeline import Extractor

__all__ = ["Doc", "EventReport", "Extractor", "Mention", "PlaceMention", "Sentence", "TriggerContext", "TriggerHit"]
