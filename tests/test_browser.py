"""graph.html in headless Chromium (Debian's chromium, driven by Playwright), with the network cut off.

Skipped when /usr/bin/chromium is missing, unless KG_REQUIRE_BROWSER=1 (set by .ci/run, which installs
it), when it fails instead.
"""

import os
import shutil
from pathlib import Path

import pytest

from conftest import SEEDS, waitress_thread

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("KG_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{CHROMIUM} is missing (install Debian's chromium package)")
        pytest.skip("no chromium on this machine")
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def open_page(browser, html: Path):
    """Open ``html`` with every request that is not the file itself refused; returns (page, errors, outside)."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors, outside = [], []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))

    def route(r):
        if r.request.url.startswith(("file://", "data:", "blob:")):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()
    page.route("**/*", route)
    page.goto(html.as_uri())
    page.wait_for_selector("body[data-kg-ready='1']", timeout=30000)
    return page, errors, outside


def test_graph_page_draws_offline(browser, seeds_build, tmp_path):
    result, out = seeds_build
    page, errors, outside = open_page(browser, out / "graph.html")
    page.wait_for_selector("body[data-kg-settled]", timeout=60000)
    drawn = page.evaluate("Object.keys(network.body.nodes).length")
    assert drawn == len(result.entities) == page.evaluate("nodes.length")
    assert page.evaluate("document.querySelector('#mynetwork canvas') !== null")
    assert "persons" in page.inner_text("#kg-count")
    page.screenshot(path=str(tmp_path / "graph.png"))
    assert (tmp_path / "graph.png").stat().st_size > 10000
    # The filters: a year with no contacts hides every edge; reset brings them back.
    page.fill("#kg-from", "2030")
    page.dispatch_event("#kg-from", "change")
    assert page.evaluate("edges.get({filter: e => !e.hidden}).length") == 0
    page.click("#kg-reset")
    assert page.evaluate("edges.get({filter: e => !e.hidden}).length") == page.evaluate("edges.length") > 0
    # Only Lavrov's contacts; then the timeline of the pair Xi–Putin.
    page.fill("#kg-person", "拉夫罗夫")
    page.dispatch_event("#kg-person", "change")
    visible = page.evaluate("nodes.get({filter: n => !n.hidden}).map(n => n.label).sort()")
    assert "拉夫罗夫" in visible and "普京" not in visible
    page.fill("#kg-find", "普京")
    page.dispatch_event("#kg-find", "change")
    assert "普京" in page.inner_text("#kg-timeline")
    assert errors == [] and outside == []


def test_script_in_a_headline_does_not_run(browser, tmp_path):
    from kg.pipeline import build

    src = tmp_path / "in"
    src.mkdir()
    text = (SEEDS / "000_26a5a58398092db1.txt").read_text(encoding="utf-8")
    lines = text.split("\n", 2)
    # Escaped in the feed's header line, so the headline as read holds the tags as text.
    evil = "&lt;/script&gt;&lt;script&gt;window.__kg_xss=1&lt;/script&gt;&lt;img src=x onerror=&quot;window.__kg_xss=2&quot;&gt;"
    lines[1] = lines[1].replace("[", "[" + evil, 1)
    (src / "evil.txt").write_text("\n".join(lines), encoding="utf-8")
    build([src], tmp_path / "out")
    page, errors, outside = open_page(browser, tmp_path / "out" / "graph.html")
    edge = page.evaluate("edges.getIds()[0]")
    tip = page.evaluate(f"(() => {{ const t = kgEdgeTitle({edge!r}); document.body.appendChild(t); return t.textContent; }})()")
    assert "<script>window.__kg_xss=1</script>" in tip  # shown as text
    page.wait_for_timeout(300)
    assert page.evaluate("window.__kg_xss") is None
    assert page.evaluate("document.querySelectorAll('img').length") == 0
    assert errors == [] and outside == []


def test_graph_page_draws_under_the_servers_content_security_policy(browser, seeds_build):
    """kg serve sends graph.html with a policy that runs only the page's own inline scripts: the page
    still draws and filters, and the browser reports no violation."""
    from kg.pipeline import build
    from kg.serve import ServeOptions, create_app

    result, out = seeds_build
    store = out.parent / "kg-store-browser"  # the page comes from the exports; the store is only served
    build([SEEDS], None, store=store, use_lac=False)
    options = ServeOptions(workers=1)
    app = create_app(store, out, options)
    try:
        with waitress_thread(app, options.threads) as origin:
            _draws_under_the_policy(browser, origin, result)
    finally:
        app.config["pool"].close()


def _draws_under_the_policy(browser, origin: str, result) -> None:
    """Open ``origin``'s page with every request elsewhere refused; it draws, finds a person, and the
    browser reports no error and no policy violation."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors, outside = [], []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.add_init_script("document.addEventListener('securitypolicyviolation', "
                         "e => (window.__kg_csp = window.__kg_csp || []).push(e.violatedDirective))")

    def route(r):
        if r.request.url.startswith((origin, "data:", "blob:")):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()
    page.route("**/*", route)
    response = page.goto(f"{origin}/")
    assert "script-src 'sha256-" in response.headers["content-security-policy"]
    page.wait_for_selector("body[data-kg-ready='1']", timeout=30000)
    page.wait_for_selector("body[data-kg-settled]", timeout=60000)
    assert page.evaluate("Object.keys(network.body.nodes).length") == len(result.entities)
    page.fill("#kg-find", "普京")
    page.dispatch_event("#kg-find", "change")
    assert "普京" in page.inner_text("#kg-timeline")
    violations = page.evaluate("window.__kg_csp || []")
    assert violations == [] and errors == [] and outside == []
