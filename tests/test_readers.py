"""Readers: saved web pages, article dumps, feeds, publication times (tests/fixtures/pages/README.md)."""

import html
import json
import re
import shutil
from datetime import datetime, timezone

import pytest
from click.testing import CliRunner

from kg.article import ArticleError, read_article
from kg.cli import main
from kg.pipeline import build
from kg.readers import Reading, read_source
from kg.readers.pages import read_page
from kg.readers.published import OutletZones, in_zone, parse_time
from conftest import FIXTURES, SEEDS

PAGES = FIXTURES / "pages"

# Each page's own statement of its time (what its HTML says), and what the reader makes of it.
PAGE_CASES = {
    # page: title, url, outlet, published (UTC), zone, basis, first paragraph, end of the text
    "xinhuanet.html": ("法国全国大罢工再次严重影响交通-新华网", "", "", "2019-12-10T07:57:40+00:00", "UTC", "default",
                       "新华社巴黎12月9日电（记者唐霁）法国9日再次爆发全国跨行业大罢工，反对政府进行退休制度改革，首都巴黎交通几乎完全瘫痪，其他多个城市交通也受到影响。",
                       "总理菲利普将于11日宣布退休制度改革的总体架构。"),  # <span class="h-time"> 2019-12-10 07:57:40, no zone, no URL
    "chinadaily.html": ("外国专家：中美合作共赢符合国际社会利益",
                        "https://china.chinadaily.com.cn/a/202311/17/WS65571297a310d5acd876f404.html",
                        "china.chinadaily.com.cn", "2023-11-16T16:00:00+00:00", "Asia/Shanghai", "outlet",
                        "在美国旧金山举行的中美元首会晤吸引了全世界的目光。多名外国专家告诉《中国日报》，中美合作共赢符合国际社会利益，美方应当采取更多行动。",
                        "美方需要作出更令人放心的承诺，并采取更多令人安心的行动。\n（编辑：严玉洁 王辉）"),  # publishdate 2023-11-17
    "bbc-zhongwen.html": ("港特首梁振英就住宅违建事件道歉", "", "British Broadcasting Corporation", "2012-12-10T09:24:01+00:00",
                          "UTC", "stated", "香港行政长官梁振英在各方压力下就其大宅的违章建筑（僭建）问题到立法会接受质询，并向香港民众道歉。",
                          "民主党此前计划在星期三（11日）对梁振英提出不信任动议。"),  # dcterms.created 2012-12-10T09:24:01+00:00
    "people.html": ("女儿出嫁，郑板桥画了几笔兰花当嫁妆", "", "人民网版权所有", "2019-06-15T00:00:00+00:00", "UTC", "default",
                    "父亲的教诲像一盏灯，为我们照亮前行的路；父亲的关爱像一把伞，为我们遮蔽人世间的风风雨雨。父爱如山高大而巍峨，父爱如海宽广而辽阔，父爱亦如天空粗旷而深远……",
                    "在这首诫子诗中，他与普通父亲并没有差别，字里行间都是对儿子的爱。"),  # publishdate 2019-06-15
    "ifeng.html": ("董又霖主持首秀状况百出大方道歉：会继续努力", "https://ent.ifeng.com/c/7pldiU65MNU", "ent.ifeng.com",
                   "2019-09-07T00:05:32+00:00", "Asia/Shanghai", "outlet",
                   "据台媒报道，艺人董又霖6日晚间主持某大型时尚活动，因主持功力被嫌太糟糕，因此登上热搜榜成为话题人物。由于活动同时开放网络直播，他得知自己被网友批评，在主持中数次道歉。随后董又霖在社交平台上发文道歉称："
                   "“台下排练多少次，都不如上台感受一次。再次为我的不足向大家说声抱歉，感谢媒体们还有我粉丝的鼓励包容，以及所有的批评和建议，会继续努力。 ”",
                   "反而成为社交平台的话题人物。"),  # "newsTime":"2019-09-07 08:05:32" (Beijing)
    "qq.html": ("棱镜|数据业大整顿：爬虫与现金贷共生共荣，用户信息几元不等", "", "", "2019-09-23T07:48:00+00:00", "UTC", "default",
                "棱镜|数据业大整顿：爬虫与现金贷共生共荣，用户信息几元不等",
                "第三方数据行业的整顿仍将持续。返回腾讯网首页>>"),  # a_time 2019-09-23 07:48; trafilatura keeps the back link
    # Traditional script, Taiwan (twnews 0.3.3's samples)
    "tw-cna.html": ("平鎮輪胎行惡火 疏散7人1女命喪 | 社會 | 中央社 CNA", "https://www.cna.com.tw/news/asoc/201603190029.aspx",
                    "cna.com.tw", "2016-03-19T00:15:00+00:00", "Asia/Taipei", "outlet", "平鎮輪胎行惡火 疏散7人1女命喪",
                    "由於火勢延燒猛烈，一名62歲女子逃生不及，命喪火窟。"),  # itemprop datePublished 2016/03/19 08:15, no zone
    "tw-ltn.html": ("10年前父親掐死兒後自縊... 凶宅下月拍開價425萬 - 生活 - 自由時報電子報",
                    "https://news.ltn.com.tw/news/life/breakingnews/2504351", "news.ltn.com.tw", "2018-07-31T00:19:35+00:00",
                    "+08:00", "stated", "10年前父親掐死兒後自縊... 凶宅下月拍開價425萬",
                    "Android載點 https://bit.ly/ltn_googleplay"),  # JSON-LD datePublished 2018-07-31T08:19:35+08:00; the app promo kept
    "tw-chinatimes.html": ("悲慟！北市士林年邁母子 住處上吊自殺身亡 - 社會", "https://www.chinatimes.com/realtimenews/20180916001767-260402",
                           "chinatimes.com", "2018-09-16T07:31:57+00:00", "+08:00", "stated",
                           "北市士林區葫蘆街一處民宅，16日下午1時48分驚傳一對97歲母親和75歲的兒子，在陽台儲物間以童軍繩綁在樑柱上吊自殺，"
                           "消防局據報派出人車趕往，發現都已無呼吸心跳，但在家屬要求還是送往新光醫院及馬偕醫院急救。",
                           "(中時 )"),  # article:published_time 2018-09-16T15:31:57+08:00
}


@pytest.mark.parametrize("name", sorted(PAGE_CASES))
def test_real_pages_title_time_outlet_first_and_last_sentence(name):
    title, url, outlet, published, zone, basis, first, last = PAGE_CASES[name]
    article = read_page(PAGES / name, Reading())
    assert (article.title, article.url, article.outlet) == (title, url, outlet)
    assert article.published.isoformat() == published
    assert (article.provenance.reader, article.provenance.time_zone, article.provenance.time_zone_basis) == ("page", zone, basis)
    assert article.text.split("\n")[0] == first
    assert article.text.endswith(last)
    assert "网友评论" not in article.text and "相关新闻" not in article.text  # comments and related lists left out


def test_folder_of_saved_pages_builds_with_the_pages_own_times(tmp_path):
    saved = tmp_path / "saved"
    saved.mkdir()
    for f in PAGES.glob("*.html"):
        shutil.copy(f, saved)
    result = build([saved], None)
    assert sorted(a.path.name for a in result.articles) == sorted(PAGE_CASES)
    assert {a.path.name: a.published.isoformat() for a in result.articles} == {n: c[3] for n, c in PAGE_CASES.items()}
    assert [(p.name, r) for p, r in result.skipped] == [
        ("big5-no-date.html", "no publication time in the page (give one with --published)")]
    # --published supplies the missing time; the articles say it was given
    again = build([saved], None, reading=Reading(published=parse_time("2009-01-15T10:00+08:00")))
    assert not again.skipped
    story = next(a for a in again.articles if a.path.name == "big5-no-date.html")
    assert story.provenance.time_given and story.published.isoformat() == "2009-01-15T02:00:00+00:00"
    assert not any(a.provenance.time_given for a in again.articles if a is not story)


def test_undeclared_big5_page_is_detected():
    article = read_page(PAGES / "big5-no-date.html", Reading(published=datetime(2009, 1, 15, tzinfo=timezone.utc)))
    assert article.text.startswith("台北看守所昨天抽查前總統陳水扁的房舍，引來扁的強烈不滿。")
    assert article.text.endswith("他並建議阿扁十九日出庭時戴上口罩，表達「沉默抗議」，阿扁表示會考慮。")


def test_gbk_page_made_by_reencoding_a_real_one(tmp_path):
    """qq.html declares gb2312 but holds UTF-8; encoded in GBK it is what its declaration says."""
    utf8 = read_page(PAGES / "qq.html", Reading())
    gbk = tmp_path / "qq-gbk.html"
    gbk.write_bytes((PAGES / "qq.html").read_text(encoding="utf-8").encode("gbk", errors="xmlcharrefreplace"))
    with pytest.raises(UnicodeDecodeError):
        gbk.read_bytes().decode("utf-8")
    assert read_page(gbk, Reading()).text == utf8.text


def test_big5_page_made_from_a_real_one_in_traditional_script(tmp_path):
    import opencc

    html = (PAGES / "xinhuanet.html").read_text(encoding="utf-8")
    traditional = opencc.OpenCC("s2t").convert(html)
    traditional = re.sub(r'charset=["\']?utf-8["\']?', 'charset="big5"', traditional, flags=re.I)
    page = tmp_path / "xinhuanet-big5.html"
    page.write_bytes(traditional.encode("big5", errors="xmlcharrefreplace"))
    article = read_page(page, Reading())
    assert article.title == "法國全國大罷工再次嚴重影響交通-新華網"
    assert article.text.split("\n")[0].startswith("新華社巴黎12月9日電（記者唐霽）法國9日再次爆發全國跨行業大罷工")
    assert article.published.isoformat() == "2019-12-10T07:57:40+00:00"


def _seed_parts(path):
    """(published ms, title as text, url, html body) of a seed-format file."""
    head, body = path.read_text(encoding="utf-8").split("------\n", 1)
    article = read_article(path)
    return int(article.published.timestamp() * 1000), article.title, article.url, body


def _events(result):
    """The events of a build without the input file names, which differ between formats."""
    from kg.export import event_records

    out = []
    for record in event_records(result.events, result.entities):
        for s in record["sources"]:
            s.pop("file")
        out.append(record)
    return sorted(out, key=lambda r: r["id"])


SAME_FORMAT_INPUTS = sorted(SEEDS.glob("*.txt")) + sorted((FIXTURES / "web").glob("*.txt"))[:25]


def test_jsonl_dump_builds_the_same_events_as_the_seed_format(tmp_path):
    dump = tmp_path / "articles.jsonl"
    with dump.open("w", encoding="utf-8") as f:
        for path in SAME_FORMAT_INPUTS:
            ms, title, url, body = _seed_parts(path)
            published = datetime.fromtimestamp(ms / 1000, tz=timezone.utc).isoformat()
            f.write(json.dumps({"title": title, "url": url, "published": published, "html": body}, ensure_ascii=False) + "\n")
    seeds = build(SAME_FORMAT_INPUTS, None)
    dumped = build([dump], None)
    assert len(dumped.articles) == len(SAME_FORMAT_INPUTS) and not dumped.skipped
    assert [a.text for a in dumped.articles] == [a.text for a in seeds.articles]
    assert seeds.events and _events(dumped) == _events(seeds)
    assert [a.provenance.line for a in dumped.articles] == list(range(1, len(SAME_FORMAT_INPUTS) + 1))


def test_pages_made_from_the_seeds_give_the_seeds_contacts(tmp_path):
    """A page with the seed's title, canonical URL, time in its metadata and body gives the seed's events."""
    for path in sorted(SEEDS.glob("*.txt")):
        ms, title, url, body = _seed_parts(path)
        stamp = datetime.fromtimestamp(ms / 1000, tz=timezone.utc).isoformat()
        (tmp_path / f"{path.stem}.html").write_text(
            f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            f'<link rel="canonical" href="{html.escape(url)}"><meta property="article:published_time" content="{stamp}">'
            f'</head><body><nav><a href="/">首页</a> <a href="/world">国际</a></nav><article><h1>{html.escape(title)}</h1>{body}</article>'
            f'<footer>版权所有</footer></body></html>', encoding="utf-8")
    pages = build([tmp_path], None)
    seeds = build([SEEDS], None)
    assert {a.url: a.published for a in pages.articles} == {a.url: a.published for a in seeds.articles}
    # contacts of two or more persons: the page's <h1> title is read as text, the seed's title line is not, and
    # a title may add a host-less visit (习近平3月20日访俄与普京讨论…: the talks are the contact)
    pairs = lambda r: sorted((e.type, tuple(sorted(e.participants)), e.date.iso() if e.date else "")  # noqa: E731
                             for e in r.events if len(e.participants) > 1)
    assert pairs(seeds) and pairs(pages) == pairs(seeds)


def test_dump_bad_records_are_reported_by_line_and_the_others_read(tmp_path):
    ms, title, url, body = _seed_parts(SEEDS / "000_26a5a58398092db1.txt")
    good = {"title": title, "url": url, "published": ms, "html": body}
    dump = tmp_path / "dump.jsonl"
    dump.write_text("\n".join([
        json.dumps(good, ensure_ascii=False),
        '{"title": "broken", "url": "https://example.org/b", ',            # line 2: not JSON
        json.dumps({"title": "no time", "url": "https://example.org/c", "text": "习近平会见普京。"}),
        json.dumps({"title": "no body", "url": "https://example.org/d", "published": "2024-04-09"}),
        "",
        json.dumps({"title": "bad time", "url": "https://example.org/e", "published": "昨天", "text": "会见"}),
        "[1, 2]",
    ]) + "\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["build", str(dump), "--store", "memory", "--no-export"])
    assert r.exit_code == 2, r.output
    skipped = [line for line in r.output.splitlines() if line.startswith("skipped")]
    assert [re.search(r": line (\d+): ", s).group(1) for s in skipped] == ["2", "3", "4", "6", "7"]
    assert "not JSON" in skipped[0] and "'published'" in skipped[1] and "'text' or 'html'" in skipped[2]
    assert "not a full date" in skipped[3] and "not a JSON object" in skipped[4]
    assert "articles read: 1" in r.output


def _dump_of(paths, out):
    """Write the seed-format files ``paths`` as a JSON-lines dump at ``out``; returns its lines."""
    lines = []
    for path in paths:
        ms, title, url, body = _seed_parts(path)
        lines.append(json.dumps({"title": title, "url": url, "published": ms, "html": body}, ensure_ascii=False))
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return lines


def test_one_dump_is_extracted_in_several_processes_with_the_output_of_one(tmp_path, monkeypatch):
    """-j 2 splits one dump's records over two workers (three records a unit here, so more units than the
    window of units in work); the articles, their order, what is skipped and why, and the events are
    those of one process."""
    from kg import pipeline

    monkeypatch.setattr(pipeline, "RECORDS_A_UNIT", 3)
    dump = tmp_path / "articles.jsonl"
    lines = _dump_of(SAME_FORMAT_INPUTS, dump)
    lines[4:4] = ['{"title": "broken"', lines[0]]          # line 5: not JSON; line 6: the article of line 1 again
    lines[20:20] = [json.dumps({"title": "no time", "text": "习近平会见普京。"})]  # line 21
    dump.write_text("\n".join(lines) + "\n", encoding="utf-8")
    units = [u for u in pipeline._units([dump], pipeline.Limits()) if u.records]
    assert len(units) == 11 and sum(len(u.records) for u in units) == len(lines)
    one = build([dump], None, jobs=1)
    two = build([dump], None, jobs=2)
    assert len(one.articles) == len(SAME_FORMAT_INPUTS)
    assert [str(p) for p, _ in one.skipped] == [str(dump), f"{dump}:6", str(dump)]
    assert [r for _, r in one.skipped] == ["line 5: not JSON: Expecting ',' delimiter (column 19)",
                                           "same URL as articles.jsonl:1",
                                           "line 21: no 'published' field (the publication time; or give --published)"]
    assert two.skipped == one.skipped
    assert [(a.provenance.line, a.url, a.text) for a in two.articles] == [(a.provenance.line, a.url, a.text) for a in one.articles]
    report = lambda r: (r.article.url, r.type, r.sentence, [m.text for m in r.participants], r.sides)  # noqa: E731
    assert [report(r) for r in two.reports] == [report(r) for r in one.reports]
    assert one.events and _events(two) == _events(one)


def test_a_dump_is_read_record_by_record_with_limits_for_each(tmp_path):
    """--max-bytes and --time-limit are for each record of a dump, not for the file: a record larger than
    the limit or slower than it is skipped by its line, the others are read (the dump itself is larger
    than the limit)."""
    dump = tmp_path / "d.jsonl"
    good = _dump_of([SEEDS / "000_26a5a58398092db1.txt"], dump)[0]
    slow = json.dumps({"title": "慢", "url": "https://example.org/slow", "published": "2024-04-09T10:00+08:00",
                       "html": "<p>中国国家主席习近平9日在北京会见俄罗斯总统普京。</p>" * 6000}, ensure_ascii=False)
    big = json.dumps({"title": "大", "url": "https://example.org/big", "published": "2024-04-09T10:00+08:00",
                      "text": "会见" * 300_000}, ensure_ascii=False)
    dump.write_text("\n".join([good, big, slow, good.replace('"url": "', '"url": "https://mirror.example.org/?')]) + "\n",
                    encoding="utf-8")
    r = CliRunner().invoke(main, ["build", str(dump), "--store", "memory", "--no-export", "--no-lac", "-j", "2",
                                  "--max-bytes", "1000000", "--time-limit", "2"])
    assert dump.stat().st_size > 1_000_000
    skipped = [line for line in r.output.splitlines() if line.startswith("skipped")]
    assert skipped == [f"skipped {dump}: line 2: not read: {len(big.encode()) + 1:,} bytes, more than the limit of "
                       "1,000,000 (--max-bytes)",
                       f"skipped {dump}:3: not read: extraction took longer than the limit of 2 s",
                       f"skipped {dump}:4: same article as d.jsonl:1"], r.output
    assert "articles read: 1;" in r.output


def test_dump_encodings_a_bad_line_is_skipped_a_file_in_another_is_refused(tmp_path):
    """A line that is not UTF-8 is skipped by its line (the others read); a dump in GBK or UTF-16 is
    refused whole, with the encoding named."""
    from kg.readers.dumps import iter_records

    mixed = tmp_path / "mixed.jsonl"
    lines = [json.dumps({"title": f"t{i}", "published": "2024-04-09", "text": "会见"}, ensure_ascii=False).encode()
             for i in range(3)]
    mixed.write_bytes(b"\n".join([lines[0], lines[1].replace("会".encode(), "会".encode("gbk")), lines[2]]) + b"\n")
    records = list(iter_records(mixed))
    assert [(r.line, r.reason) for r in records] == [(1, None), (2, f"not UTF-8 (byte {len(lines[0]) + 1 + lines[1].index('会'.encode())})"),
                                                    (3, None)]
    gbk = tmp_path / "gbk.jsonl"
    gbk.write_bytes("\n".join(json.dumps({"title": "德国外长会见中国外长王毅", "text": "双方讨论了乌克兰局势和中欧关系的未来。" * 5},
                                         ensure_ascii=False) for _ in range(3)).encode("gbk"))
    with pytest.raises(ArticleError, match=r"gbk.jsonl:1: not UTF-8 \(byte 11\); it reads as GB"):
        list(iter_records(gbk))
    wide = tmp_path / "wide.csv"
    wide.write_text("title,url\nx,y\n", encoding="utf-16")
    with pytest.raises(ArticleError, match=r"encoded in UTF-16 \(little-endian\), not UTF-8"):
        list(iter_records(wide))


def test_csv_dump_with_field_names_and_outlet_zone(tmp_path):
    dump = tmp_path / "dump.csv"
    dump.write_text("headline,link,date,content\n"
                    '德外长会见中国外长,https://www.dw.com/zh/a-1,2024-04-09 15:17:04,"德国外长贝尔伯克9日在柏林会见中国外长王毅。\n双方讨论了乌克兰局势。"\n'
                    "无时间,https://www.dw.com/zh/a-2,,会见\n", encoding="utf-8")
    out = tmp_path / "out"
    r = CliRunner().invoke(main, ["build", str(dump), "--out", str(out), "--store", "memory",
                                  "--fields", "title=headline,url=link,published=date,text=content"])
    assert r.exit_code == 2, r.output
    assert f"skipped {dump}: line 4: no 'date' field" in r.output
    trig = (out / "graph.trig").read_text(encoding="utf-8")
    assert '"2024-04-09T13:17:04+00:00"^^xsd:dateTime' in trig  # 15:17 in Berlin (summer time), the outlet's zone
    assert 'kg:timeZone "Europe/Berlin"' in trig and 'kg:timeZoneBasis "outlet"' in trig
    assert 'kg:reader "dump"' in trig and "kg:sourceLine 2" in trig
    bad = CliRunner().invoke(main, ["build", str(dump), "--store", "memory", "--fields", "headline"])
    assert bad.exit_code == 2 and "--fields" in bad.output


FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>t</title>
<item><title>全文</title><link>https://www.zaobao.com/a1</link><pubDate>Tue, 09 Apr 2024 15:17:04 +0800</pubDate>
<description>摘要</description><content:encoded><![CDATA[<p>国家主席习近平9日在北京人民大会堂会见法国总统马克龙。</p><p>双方进行了交谈。</p>]]></content:encoded></item>
<item><title>只有摘要</title><link>https://www.zaobao.com/a2</link><pubDate>2024-04-10 09:00:00</pubDate>
<description><![CDATA[<p>国务院总理李强10日在北京会见德国总理朔尔茨。</p>]]></description></item>
<item><title>空条目</title><link>https://www.zaobao.com/a3</link><pubDate>Tue, 09 Apr 2024 15:17:04 GMT</pubDate></item>
<item><title>无日期</title><link>https://www.zaobao.com/a4</link><description>会见</description></item>
</channel></rss>"""


def test_feed_full_text_and_summary_only_entries(tmp_path):
    feed = tmp_path / "feed.xml"
    feed.write_text(FEED, encoding="utf-8")
    r = CliRunner().invoke(main, ["build", str(feed), "--store", "memory", "--no-export"])
    assert r.exit_code == 2, r.output
    assert "articles read: 2" in r.output and "summary only (contacts past it cannot be found): 1" in r.output
    assert f"skipped {feed}: entry 3 (空条目): neither content nor summary" in r.output
    assert f"skipped {feed}: entry 4 (无日期): no publication time" in r.output
    articles = {a.title: a for a in build([feed], None).articles}
    assert articles["全文"].text.endswith("双方进行了交谈。") and not articles["全文"].provenance.summary_only
    summary = articles["只有摘要"]
    assert summary.provenance.summary_only and summary.provenance.time_zone == "Asia/Singapore"
    assert summary.published.isoformat() == "2024-04-10T01:00:00+00:00"
    assert articles["全文"].provenance.time_zone == "+08:00"


def test_big5_feed_of_a_traditional_script_site():
    items = read_source(PAGES / "coolloud-big5-feed.xml", Reading())
    assert len(items) == 20 and all(not isinstance(a, ArticleError) for a in items)
    first = items[0]
    assert first.title == "1226檔下點交之後 不見棺材不走人 進輪自救會長期抗戰"
    assert first.published.isoformat() == "2005-12-30T15:26:28+00:00" and first.provenance.time_zone == "+08:00"
    assert first.text.startswith("雖然手中的汽油彈、綁在身上的瓦斯筒，成功阻擋了12/26法院的點交程序。")


def test_parse_time_reads_stated_forms_and_refuses_guesses():
    assert parse_time("1712675824000") == datetime(2024, 4, 9, 15, 17, 4, tzinfo=timezone.utc)
    assert parse_time(1712675824) == datetime(2024, 4, 9, 15, 17, 4, tzinfo=timezone.utc)
    assert parse_time("2024-04-09T15:17:04Z").utcoffset().total_seconds() == 0
    assert parse_time("Tue, 09 Apr 2024 15:17:04 +0800").utcoffset().total_seconds() == 8 * 3600
    assert parse_time("2019年9月7日 15:10") == datetime(2019, 9, 7, 15, 10)
    for vague in ("昨天", "9月7日", "", None, "soon"):
        with pytest.raises(ValueError):
            parse_time(vague)


def test_outlet_zones_match_subdomains_and_record_the_choice():
    zones = OutletZones()
    assert zones.zone_of("news.sina.com.cn") == "Asia/Shanghai" and zones.zone_of("www.cna.com.tw") == "Asia/Taipei"
    assert zones.zone_of("example.org") is None
    naive = datetime(2024, 4, 9, 8, 0)
    hk = in_zone(naive, "www.hkcnews.com", zones)
    assert (hk.utc.isoformat(), hk.zone, hk.basis) == ("2024-04-09T00:00:00+00:00", "Asia/Hong_Kong", "outlet")
    unknown = in_zone(naive, "example.org", zones)
    assert (unknown.utc.isoformat(), unknown.zone, unknown.basis) == ("2024-04-09T08:00:00+00:00", "UTC", "default")


def test_outlet_zones_file_errors_name_the_line(tmp_path):
    from kg.resources import DataFileError

    bad = tmp_path / "zones.tsv"
    bad.write_text("# test\nhost\tzone\toutlet\nexample.org\tMars/Olympus\tx\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"zones.tsv:3: unknown time zone"):
        OutletZones(bad)


def test_page_bad_cases_name_the_file(tmp_path):
    cases = {"empty.html": b"", "nothing.html": "<html><body><nav>首页</nav></body></html>".encode("utf-8"),
             "binary.htm": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00"}
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
    result = build([tmp_path], None)
    assert sorted(p.name for p, _ in result.skipped) == sorted(cases) and not result.articles
    assert all(reason for _, reason in result.skipped)


def test_an_html_file_without_the_suffix_is_read_as_a_page(tmp_path):
    page = tmp_path / "saved.txt"
    shutil.copy(PAGES / "xinhuanet.html", page)
    assert read_source(page, Reading())[0].provenance.reader == "page"
    assert read_article(SEEDS / "000_26a5a58398092db1.txt").provenance.reader == "seed"


def test_provenance_is_kept_in_the_store(tmp_path):
    from kg.persist import Store
    from kg.resources import load_resources

    dump = tmp_path / "d.jsonl"
    ms, title, url, body = _seed_parts(SEEDS / "000_26a5a58398092db1.txt")
    dump.write_text("\n" + json.dumps({"title": title, "url": url, "published": ms, "html": body}) + "\n", encoding="utf-8")
    build([dump], None, store=tmp_path / "store")
    with Store(tmp_path / "store", load_resources()) as st:
        (article,) = st.articles()
    assert (article.provenance.reader, article.provenance.line) == ("dump", 2)


def test_bad_inputs_of_every_kind_lose_nothing_stored(tmp_path):
    store = tmp_path / "kg-store"
    first = build([SEEDS], tmp_path / "out0", store=store)
    assert first.stored == 5
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "page.html").write_text("<html><body><p>没有日期的网页。</p></body></html>", encoding="utf-8")
    (bad / "dump.jsonl").write_text('{"title": "x"\n{"title": "y", "published": "2024-04-09"}\n', encoding="utf-8")
    (bad / "dump.csv").write_text("title,url\n只有标题,https://example.org/z\n", encoding="utf-8")
    (bad / "feed.xml").write_text('<?xml version="1.0"?><rss><channel><item><title>x</title></item></channel></rss>', encoding="utf-8")
    (bad / "seed.txt").write_text("<!--1712675824000-->\n[t](https://example.org/s)\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["build", str(bad), "--store", str(store), "--out", str(tmp_path / "out")])
    assert r.exit_code == 2, r.output
    skipped = [line for line in r.output.splitlines() if line.startswith("skipped")]
    assert len(skipped) == 6  # the page, two dump lines, the CSV row, the feed entry, the seed file
    assert "in store: 5" in r.output
    def lines(out):  # the event table, inferred visits included
        return (tmp_path / out / "events.jsonl").read_text(encoding="utf-8").splitlines()
    assert lines("out") == lines("out0")


def test_page_and_feed_urls_are_fetched_once_and_read_by_what_they_send(tmp_path):
    import functools
    import http.server
    import threading

    (tmp_path / "feed.xml").write_text(FEED, encoding="utf-8")
    shutil.copy(PAGES / "chinadaily.html", tmp_path / "a.html")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    handler.log_message = lambda *a, **k: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        page = read_source(f"{base}/a.html", Reading())
        feed = read_source(f"{base}/feed.xml", Reading())
        with pytest.raises(ArticleError, match="cannot fetch"):
            read_source(f"{base}/missing.html", Reading())
    finally:
        server.shutdown()
    assert page[0].provenance.reader == "page" and page[0].title == PAGE_CASES["chinadaily.html"][0]
    assert page[0].url == PAGE_CASES["chinadaily.html"][1]  # the page's canonical URL, not where it was fetched
    assert [a.provenance.reader for a in feed if not isinstance(a, ArticleError)] == ["feed", "feed"]


def test_bad_published_option_is_a_usage_error(tmp_path):
    r = CliRunner().invoke(main, ["build", str(PAGES / "big5-no-date.html"), "--store", "memory", "--published", "昨天"])
    assert r.exit_code == 2 and "--published" in r.output and "not a full date" in r.output
