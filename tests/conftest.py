"""Shared fixtures: the shipped resources, a fictional mini-gazetteer for rule tests, the seeds build."""

from __future__ import annotations

import shutil
import threading
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

import pytest

from kg.resources import DATA_DIR, load_resources

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def resources():
    return load_resources()


@pytest.fixture(scope="session")
def rule_resources(tmp_path_factory):
    """Fictional persons and places (tests/fixtures/gazetteer) with the shipped titles, triggers and cues."""
    d = tmp_path_factory.mktemp("gazetteer")
    for name in ("titles.tsv", "triggers.tsv", "cues.tsv"):
        shutil.copy(DATA_DIR / name, d / name)
    for name in ("persons.tsv", "positions.tsv", "places.tsv"):
        shutil.copy(FIXTURES / "gazetteer" / name, d / name)
    return load_resources(d)


@pytest.fixture(scope="session")
def rule_extractor(rule_resources):
    from kg.extract import Extractor

    return Extractor(rule_resources, use_lac=False)


@pytest.fixture(scope="session")
def extractor(resources):
    from kg.extract import Extractor

    return Extractor(resources)


@pytest.fixture(scope="session")
def seeds_build(tmp_path_factory):
    from kg.pipeline import build

    out = tmp_path_factory.mktemp("exports")
    return build([SEEDS], out), out


def published(y, m, d, hour=12):
    """A publication time at ``hour`` o'clock Beijing time (UTC+8) as an aware UTC datetime."""
    return datetime(y, m, d, hour - 8, 0, tzinfo=timezone.utc)


@contextmanager
def waitress_thread(app, threads: int):
    """Serve the WSGI ``app`` with waitress on a free port of 127.0.0.1 from a thread; yields the base URL.
    On the way out the request threads are stopped first, and the server is closed from its own loop,
    which then ends (closing it from here races the loop's select)."""
    from waitress import create_server

    server = create_server(app, host="127.0.0.1", port=0, threads=threads)
    loop = threading.Thread(target=server.run, daemon=True)
    loop.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}"
    finally:
        server.task_dispatcher.shutdown(timeout=5)
        server.trigger.pull_trigger(server.close)
        loop.join(timeout=5)
