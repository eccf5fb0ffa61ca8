"""Reading the seed format into Article, and the errors for bad input."""


import pytest

from kg.article import ArticleError, read_article
from conftest import SEEDS


def test_reads_dw_seed():
    a = read_article(SEEDS / "000_26a5a58398092db1.txt")
    assert a.title == "习近平会见俄外长 普习会即将登场"
    assert a.outlet == "dw.com"
    assert a.published.tzinfo is not None and a.published.utcoffset().total_seconds() == 0
    assert a.published.isoformat() == "2024-04-09T15:17:04+00:00"
    assert a.text.startswith("（德国之声中文网）俄罗斯进一步加强")
    assert "获取更多RSS" not in a.text and "feedx" not in a.text
    assert "2024-04-09T14:33:07" not in a.text  # the feed's own time stamp
    assert a.captions == ["去年十月，中俄两国领导人在北京举行会晤。", "四月九日，中国外长王毅在北京会晤来访的俄罗斯外长拉夫罗夫。"]
    assert all(c not in a.text for c in a.captions)
    for start, end in a.paragraphs:
        assert a.text[start:end].strip() == a.text[start:end] and "\n" not in a.text[start:end]


def test_title_entities_are_unescaped_and_nyt_footer_dropped():
    assert read_article(SEEDS / "004_43afd4c1a7979503.txt").title.startswith('习近平3月20日访俄与普京讨论深化"战略合作"')
    nyt = read_article(SEEDS / "001_67399eae5ff3ec9e.txt")
    assert "点击查看更多关于他的信息" not in nyt.text and "DAVID PIERSON" not in nyt.text
    assert nyt.captions and nyt.captions[0].startswith("俄罗斯外交部发布的一张")


@pytest.mark.parametrize("content, reason, line", [
    (b"", "empty file", None),
    (b"   \n\n", "empty file", None),
    (b"no header here\n[t](http://x)\n------\n<p>x</p>", "line 1", 1),
    (b"<!--1712675824000-->\nnot a link\n------\n<p>x</p>", "line 2", 2),
    (b"<!--1712675824000-->\n[t](http://x)\nxxx\n<p>x</p>", "line 3", 3),
    (b"<!--1712675824000-->\n[t](http://x)\n------\n<p>\xb0\xa1\xb0\xa2</p>", "not UTF-8", 4),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary", None),
    (b"<!--1712675824000-->\n[t](http://x)\n------\n<p> </p>", "no body text", None),
])
def test_bad_input_names_file_and_line(tmp_path, content, reason, line):
    f = tmp_path / "bad.txt"
    f.write_bytes(content)
    with pytest.raises(ArticleError) as e:
        read_article(f)
    assert "bad.txt" in str(e.value) and reason in str(e.value)
    assert e.value.line == line
