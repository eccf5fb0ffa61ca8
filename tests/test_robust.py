"""Odd text never raises."""

from pathlib import Path

from hypothesis import given, settings, strategies as st

from kg.article import article_from_text, html_to_text
from conftest import published

PUB = published(2024, 4, 10)


def test_odd_texts(extractor):
    for text in [
        "习近平会见普京" * 3,                      # no punctuation
        "会见" * 5000,                            # a 10,000-character paragraph of triggers
        "普京" + "，" * 3000 + "会见习近平。",
        "Xi Jinping 会见 Putin; 習近平與普丁會晤 🇨🇳🇷🇺 ①②③",  # mixed scripts
        "<script>alert(1)</script>习近平<b>会见</b>普京</p></div>",
        "会见。通话！访问？",
        "9999年99月99日会见",
    ]:
        reports = extractor.extract(article_from_text(text, PUB))
        assert isinstance(reports, list)


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("习近平普京会见同与和在北京周二9日年月，。（）的将希望访华")) , max_size=200))
def test_random_contact_like_text(rule_extractor, text):
    rule_extractor.extract(article_from_text(text or "空", PUB))


@settings(max_examples=40, deadline=None)
@given(st.text(max_size=300))
def test_html_to_text_never_raises(html):
    paragraphs, captions = html_to_text(html)
    assert all("\n" not in p for p in paragraphs)


def test_html_to_text_is_linear_in_the_body():
    """A 2 MB body of many short paragraphs, line breaks, images and feed-style italics, the markup whose
    steps were quadratic (0.5 MB took 39 s, so this took many minutes): read in a worker with two minutes
    to spare (it takes seconds), and every paragraph is there. benchmarks/html_to_text.py gives the figures."""
    import subprocess
    import sys

    unit = '<p>习近平会见普京。<br>第二行</p><img src="x.jpg"><div><i>2024-04-09</i></div>'
    code = ("import sys; from kg.article import html_to_text; "
            f"p, c = html_to_text({unit!r} * 25000); print(len(p))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          cwd=Path(__file__).resolve().parent.parent)
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) == 50000  # two lines a paragraph; the stamps' divs dropped


@settings(max_examples=40, deadline=None)
@given(st.binary(max_size=400) | st.text(max_size=300).map(lambda t: f"<html><head><title>{t}</title></head><body><p>{t}</p></body></html>".encode("utf-8", "surrogatepass")))
def test_read_page_raises_only_article_errors(tmp_path_factory, data):
    from kg.article import ArticleError
    from kg.readers import Reading
    from kg.readers.pages import read_page

    page = tmp_path_factory.mktemp("page") / "p.html"
    page.write_bytes(data)
    try:
        read_page(page, Reading(published=PUB))
    except ArticleError:
        pass


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(max_size=80) | st.builds(lambda t: '{"title": "t", "published": "2024-04-09", "text": %s}' % __import__("json").dumps(t), st.text(max_size=40)), max_size=6))
def test_read_dump_reports_each_bad_line(tmp_path_factory, lines):
    from kg.article import ArticleError
    from kg.readers import Reading
    from kg.readers.dumps import read_dump

    dump = tmp_path_factory.mktemp("dump") / "d.jsonl"
    dump.write_text("\n".join(line.replace("\n", " ").replace("\r", " ") for line in lines), encoding="utf-8", errors="surrogatepass")
    try:
        items = read_dump(dump, Reading())
    except (ArticleError, UnicodeEncodeError):
        return
    assert all(isinstance(i, ArticleError) and i.line or not isinstance(i, ArticleError) for i in items)
