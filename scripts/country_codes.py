"""Development-time helper: adds Wikidata QIDs, ISO 3166-1 alpha-3 codes, English names and traditional
forms to the countries and regions of ``kg/data/places.tsv``, and the countries and regions of
``../shared/wikidata/countries.tsv`` that it lacks.

Run by hand, then review and commit ``kg/data/places.tsv`` (kg never runs this; nothing is downloaded):

    python3 -m pip install pycountry opencc && python3 scripts/country_codes.py

The ISO codes come from pycountry's copy of the ISO 3166-1 table (Debian's iso-codes), looked up by the
English name below; the Chinese names are Xinhua's (written by hand below); the traditional form is
OpenCC's s2t conversion of that name, and ``TAIWAN`` gives the Taiwan form where it differs.
Rerunnable: rows already there keep their aliases, abbreviations and order.
"""

from __future__ import annotations

import csv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLACES = ROOT / "kg" / "data" / "places.tsv"
COUNTRIES = ROOT.parent / "shared" / "wikidata" / "countries.tsv"

# Wikidata country QID -> (Chinese name, kind, parent place or "", English name for pycountry or "" for none)
WIKIDATA = {
    "Q889": ("阿富汗", "country", "", "Afghanistan"), "Q222": ("阿尔巴尼亚", "country", "", "Albania"),
    "Q262": ("阿尔及利亚", "country", "", "Algeria"), "Q228": ("安道尔", "country", "", "Andorra"),
    "Q916": ("安哥拉", "country", "", "Angola"), "Q781": ("安提瓜和巴布达", "country", "", "Antigua and Barbuda"),
    "Q414": ("阿根廷", "country", "", "Argentina"), "Q399": ("亚美尼亚", "country", "", "Armenia"),
    "Q408": ("澳大利亚", "country", "", "Australia"), "Q40": ("奥地利", "country", "", "Austria"),
    "Q227": ("阿塞拜疆", "country", "", "Azerbaijan"), "Q398": ("巴林", "country", "", "Bahrain"),
    "Q25230": ("根西岛", "region", "英国", "Guernsey"), "Q902": ("孟加拉国", "country", "", "Bangladesh"),
    "Q244": ("巴巴多斯", "country", "", "Barbados"), "Q184": ("白俄罗斯", "country", "", "Belarus"),
    "Q31": ("比利时", "country", "", "Belgium"), "Q242": ("伯利兹", "country", "", "Belize"),
    "Q962": ("贝宁", "country", "", "Benin"), "Q917": ("不丹", "country", "", "Bhutan"),
    "Q750": ("玻利维亚", "country", "", "Bolivia, Plurinational State of"),
    "Q225": ("波黑", "country", "", "Bosnia and Herzegovina"), "Q963": ("博茨瓦纳", "country", "", "Botswana"),
    "Q155": ("巴西", "country", "", "Brazil"), "Q921": ("文莱", "country", "", "Brunei Darussalam"),
    "Q219": ("保加利亚", "country", "", "Bulgaria"), "Q965": ("布基纳法索", "country", "", "Burkina Faso"),
    "Q967": ("布隆迪", "country", "", "Burundi"), "Q424": ("柬埔寨", "country", "", "Cambodia"),
    "Q1009": ("喀麦隆", "country", "", "Cameroon"), "Q16": ("加拿大", "country", "", "Canada"),
    "Q3946": ("坎塔布里亚", "region", "西班牙", ""), "Q1011": ("佛得角", "country", "", "Cabo Verde"),
    "Q5705": ("加泰罗尼亚", "region", "西班牙", ""), "Q929": ("中非", "country", "", "Central African Republic"),
    "Q657": ("乍得", "country", "", "Chad"), "Q298": ("智利", "country", "", "Chile"),
    "Q739": ("哥伦比亚", "country", "", "Colombia"), "Q970": ("科摩罗", "country", "", "Comoros"),
    "Q800": ("哥斯达黎加", "country", "", "Costa Rica"), "Q224": ("克罗地亚", "country", "", "Croatia"),
    "Q241": ("古巴", "country", "", "Cuba"), "Q229": ("塞浦路斯", "country", "", "Cyprus"),
    "Q213": ("捷克", "country", "", "Czechia"),
    "Q974": ("刚果（金）", "country", "", "Congo, The Democratic Republic of the"),
    "Q35": ("丹麦", "country", "", "Denmark"), "Q977": ("吉布提", "country", "", "Djibouti"),
    "Q784": ("多米尼克", "country", "", "Dominica"), "Q786": ("多米尼加", "country", "", "Dominican Republic"),
    "Q16150196": ("顿涅茨克", "region", "乌克兰", ""), "Q574": ("东帝汶", "country", "", "Timor-Leste"),
    "Q736": ("厄瓜多尔", "country", "", "Ecuador"), "Q79": ("埃及", "country", "", "Egypt"),
    "Q792": ("萨尔瓦多", "country", "", "El Salvador"), "Q983": ("赤道几内亚", "country", "", "Equatorial Guinea"),
    "Q986": ("厄立特里亚", "country", "", "Eritrea"), "Q191": ("爱沙尼亚", "country", "", "Estonia"),
    "Q1050": ("斯威士兰", "country", "", "Eswatini"), "Q115": ("埃塞俄比亚", "country", "", "Ethiopia"),
    "Q458": ("欧盟", "region", "", ""), "Q4628": ("法罗群岛", "region", "丹麦", "Faroe Islands"),
    "Q702": ("密克罗尼西亚联邦", "country", "", "Micronesia, Federated States of"),
    "Q712": ("斐济", "country", "", "Fiji"), "Q33": ("芬兰", "country", "", "Finland"),
    "Q142": ("法国", "country", "", "France"), "Q1000": ("加蓬", "country", "", "Gabon"),
    "Q230": ("格鲁吉亚", "country", "", "Georgia"), "Q183": ("德国", "country", "", "Germany"),
    "Q117": ("加纳", "country", "", "Ghana"), "Q41": ("希腊", "country", "", "Greece"),
    "Q769": ("格林纳达", "country", "", "Grenada"), "Q774": ("危地马拉", "country", "", "Guatemala"),
    "Q1006": ("几内亚", "country", "", "Guinea"), "Q1007": ("几内亚比绍", "country", "", "Guinea-Bissau"),
    "Q734": ("圭亚那", "country", "", "Guyana"), "Q790": ("海地", "country", "", "Haiti"),
    "Q783": ("洪都拉斯", "country", "", "Honduras"), "Q8646": ("香港", "city", "中国", "Hong Kong"),
    "Q28": ("匈牙利", "country", "", "Hungary"), "Q189": ("冰岛", "country", "", "Iceland"),
    "Q668": ("印度", "country", "", "India"), "Q252": ("印度尼西亚", "country", "", "Indonesia"),
    "Q794": ("伊朗", "country", "", "Iran, Islamic Republic of"), "Q796": ("伊拉克", "country", "", "Iraq"),
    "Q801": ("以色列", "country", "", "Israel"), "Q38": ("意大利", "country", "", "Italy"),
    "Q1008": ("科特迪瓦", "country", "", "Côte d'Ivoire"), "Q766": ("牙买加", "country", "", "Jamaica"),
    "Q17": ("日本", "country", "", "Japan"), "Q785": ("泽西岛", "region", "英国", "Jersey"),
    "Q810": ("约旦", "country", "", "Jordan"), "Q232": ("哈萨克斯坦", "country", "", "Kazakhstan"),
    "Q114": ("肯尼亚", "country", "", "Kenya"), "Q710": ("基里巴斯", "country", "", "Kiribati"),
    "Q1246": ("科索沃", "region", "塞尔维亚", ""), "Q205047": ("库尔德斯坦地区", "region", "伊拉克", ""),
    "Q817": ("科威特", "country", "", "Kuwait"), "Q813": ("吉尔吉斯斯坦", "country", "", "Kyrgyzstan"),
    "Q819": ("老挝", "country", "", "Lao People's Democratic Republic"), "Q211": ("拉脱维亚", "country", "", "Latvia"),
    "Q822": ("黎巴嫩", "country", "", "Lebanon"), "Q1013": ("莱索托", "country", "", "Lesotho"),
    "Q1014": ("利比里亚", "country", "", "Liberia"), "Q1016": ("利比亚", "country", "", "Libya"),
    "Q347": ("列支敦士登", "country", "", "Liechtenstein"), "Q37": ("立陶宛", "country", "", "Lithuania"),
    "Q16746854": ("卢甘斯克", "region", "乌克兰", ""), "Q32": ("卢森堡", "country", "", "Luxembourg"),
    "Q1019": ("马达加斯加", "country", "", "Madagascar"), "Q1020": ("马拉维", "country", "", "Malawi"),
    "Q833": ("马来西亚", "country", "", "Malaysia"), "Q826": ("马尔代夫", "country", "", "Maldives"),
    "Q912": ("马里", "country", "", "Mali"), "Q233": ("马耳他", "country", "", "Malta"),
    "Q709": ("马绍尔群岛", "country", "", "Marshall Islands"), "Q1025": ("毛里塔尼亚", "country", "", "Mauritania"),
    "Q1027": ("毛里求斯", "country", "", "Mauritius"), "Q96": ("墨西哥", "country", "", "Mexico"),
    "Q217": ("摩尔多瓦", "country", "", "Moldova, Republic of"), "Q235": ("摩纳哥", "country", "", "Monaco"),
    "Q711": ("蒙古", "country", "", "Mongolia"), "Q236": ("黑山", "country", "", "Montenegro"),
    "Q1028": ("摩洛哥", "country", "", "Morocco"), "Q1029": ("莫桑比克", "country", "", "Mozambique"),
    "Q836": ("缅甸", "country", "", "Myanmar"), "Q1030": ("纳米比亚", "country", "", "Namibia"),
    "Q697": ("瑙鲁", "country", "", "Nauru"), "Q837": ("尼泊尔", "country", "", "Nepal"),
    "Q55": ("荷兰", "country", "", "Netherlands"), "Q664": ("新西兰", "country", "", "New Zealand"),
    "Q811": ("尼加拉瓜", "country", "", "Nicaragua"), "Q1032": ("尼日尔", "country", "", "Niger"),
    "Q1033": ("尼日利亚", "country", "", "Nigeria"),
    "Q423": ("朝鲜", "country", "", "Korea, Democratic People's Republic of"),
    "Q221": ("北马其顿", "country", "", "North Macedonia"), "Q20": ("挪威", "country", "", "Norway"),
    "Q842": ("阿曼", "country", "", "Oman"), "Q843": ("巴基斯坦", "country", "", "Pakistan"),
    "Q695": ("帕劳", "country", "", "Palau"), "Q804": ("巴拿马", "country", "", "Panama"),
    "Q691": ("巴布亚新几内亚", "country", "", "Papua New Guinea"), "Q733": ("巴拉圭", "country", "", "Paraguay"),
    "Q148": ("中国", "country", "", "China"), "Q419": ("秘鲁", "country", "", "Peru"),
    "Q928": ("菲律宾", "country", "", "Philippines"), "Q36": ("波兰", "country", "", "Poland"),
    "Q45": ("葡萄牙", "country", "", "Portugal"), "Q1183": ("波多黎各", "region", "美国", "Puerto Rico"),
    "Q846": ("卡塔尔", "country", "", "Qatar"), "Q176": ("魁北克", "region", "加拿大", ""),
    "Q31354462": ("阿布哈兹", "region", "格鲁吉亚", ""), "Q244165": ("纳戈尔诺-卡拉巴赫", "region", "阿塞拜疆", ""),
    "Q27": ("爱尔兰", "country", "", "Ireland"), "Q971": ("刚果（布）", "country", "", "Congo"),
    "Q11196": ("塞族共和国", "region", "波黑", ""), "Q218": ("罗马尼亚", "country", "", "Romania"),
    "Q159": ("俄罗斯", "country", "", "Russian Federation"), "Q1037": ("卢旺达", "country", "", "Rwanda"),
    "Q40362": ("西撒哈拉", "region", "", "Western Sahara"),
    "Q763": ("圣基茨和尼维斯", "country", "", "Saint Kitts and Nevis"), "Q760": ("圣卢西亚", "country", "", "Saint Lucia"),
    "Q757": ("圣文森特和格林纳丁斯", "country", "", "Saint Vincent and the Grenadines"),
    "Q683": ("萨摩亚", "country", "", "Samoa"), "Q238": ("圣马力诺", "country", "", "San Marino"),
    "Q851": ("沙特阿拉伯", "country", "", "Saudi Arabia"), "Q22": ("苏格兰", "region", "英国", ""),
    "Q1041": ("塞内加尔", "country", "", "Senegal"), "Q403": ("塞尔维亚", "country", "", "Serbia"),
    "Q1042": ("塞舌尔", "country", "", "Seychelles"), "Q1044": ("塞拉利昂", "country", "", "Sierra Leone"),
    "Q334": ("新加坡", "country", "", "Singapore"), "Q214": ("斯洛伐克", "country", "", "Slovakia"),
    "Q215": ("斯洛文尼亚", "country", "", "Slovenia"), "Q685": ("所罗门群岛", "country", "", "Solomon Islands"),
    "Q1045": ("索马里", "country", "", "Somalia"), "Q34754": ("索马里兰", "region", "索马里", ""),
    "Q258": ("南非", "country", "", "South Africa"), "Q884": ("韩国", "country", "", "Korea, Republic of"),
    "Q23427": ("南奥塞梯", "region", "格鲁吉亚", ""), "Q958": ("南苏丹", "country", "", "South Sudan"),
    "Q29": ("西班牙", "country", "", "Spain"), "Q854": ("斯里兰卡", "country", "", "Sri Lanka"),
    "Q219060": ("巴勒斯坦", "country", "", "Palestine, State of"), "Q1049": ("苏丹", "country", "", "Sudan"),
    "Q730": ("苏里南", "country", "", "Suriname"), "Q34": ("瑞典", "country", "", "Sweden"),
    "Q39": ("瑞士", "country", "", "Switzerland"), "Q858": ("叙利亚", "country", "", "Syrian Arab Republic"),
    "Q1039": ("圣多美和普林西比", "country", "", "Sao Tome and Principe"),
    "Q865": ("台湾", "region", "中国", "Taiwan, Province of China"), "Q863": ("塔吉克斯坦", "country", "", "Tajikistan"),
    "Q924": ("坦桑尼亚", "country", "", "Tanzania, United Republic of"), "Q869": ("泰国", "country", "", "Thailand"),
    "Q778": ("巴哈马", "country", "", "Bahamas"), "Q1005": ("冈比亚", "country", "", "Gambia"),
    "Q945": ("多哥", "country", "", "Togo"),
    "Q678": ("汤加", "country", "", "Tonga"), "Q907112": ("德涅斯特河沿岸", "region", "摩尔多瓦", ""),
    "Q754": ("特立尼达和多巴哥", "country", "", "Trinidad and Tobago"), "Q948": ("突尼斯", "country", "", "Tunisia"),
    "Q43": ("土耳其", "country", "", "Türkiye"), "Q23681": ("北塞浦路斯", "region", "塞浦路斯", ""),
    "Q874": ("土库曼斯坦", "country", "", "Turkmenistan"), "Q672": ("图瓦卢", "country", "", "Tuvalu"),
    "Q1036": ("乌干达", "country", "", "Uganda"), "Q212": ("乌克兰", "country", "", "Ukraine"),
    "Q878": ("阿联酋", "country", "", "United Arab Emirates"), "Q145": ("英国", "country", "", "United Kingdom"),
    "Q30": ("美国", "country", "", "United States"), "Q77": ("乌拉圭", "country", "", "Uruguay"),
    "Q265": ("乌兹别克斯坦", "country", "", "Uzbekistan"), "Q686": ("瓦努阿图", "country", "", "Vanuatu"),
    "Q237": ("梵蒂冈", "country", "", "Holy See (Vatican City State)"),
    "Q717": ("委内瑞拉", "country", "", "Venezuela, Bolivarian Republic of"), "Q881": ("越南", "country", "", "Viet Nam"),
    "Q805": ("也门", "country", "", "Yemen"), "Q953": ("赞比亚", "country", "", "Zambia"),
    "Q954": ("津巴布韦", "country", "", "Zimbabwe"),
}
# Wikidata items that are the same place for the gazetteer as another QID above (the import maps them).
SAME_AS = {"Q756617": "Q35", "Q29999": "Q55", "Q159583": "Q237", "Q17269": "Q148"}

# Forms used in Taiwan where they differ from the traditional form of the Mainland name.
TAIWAN = {
    "新西兰": "紐西蘭", "沙特阿拉伯": "沙烏地阿拉伯", "意大利": "義大利", "尼日利亚": "奈及利亞", "肯尼亚": "肯亞",
    "坦桑尼亚": "坦尚尼亞", "赞比亚": "尚比亞", "索马里": "索馬利亞", "也门": "葉門", "老挝": "寮國",
    "马尔代夫": "馬爾地夫", "毛里求斯": "模里西斯", "危地马拉": "瓜地馬拉", "洪都拉斯": "宏都拉斯",
    "哥斯达黎加": "哥斯大黎加", "圭亚那": "蓋亞那", "苏里南": "蘇利南", "伯利兹": "貝里斯", "塞浦路斯": "賽普勒斯",
    "格鲁吉亚": "喬治亞", "阿塞拜疆": "亞塞拜然", "克罗地亚": "克羅埃西亞", "斯洛文尼亚": "斯洛維尼亞",
    "黑山": "蒙特內哥羅", "马耳他": "馬爾他", "卢旺达": "盧安達", "布隆迪": "蒲隆地", "乍得": "查德",
    "贝宁": "貝南", "加纳": "迦納", "冈比亚": "甘比亞", "利比里亚": "賴比瑞亞", "塞拉利昂": "獅子山",
    "科特迪瓦": "象牙海岸", "布基纳法索": "布吉納法索", "马里": "馬利", "尼日尔": "尼日", "毛里塔尼亚": "茅利塔尼亞",
    "佛得角": "維德角", "博茨瓦纳": "波札那", "津巴布韦": "辛巴威", "莫桑比克": "莫三比克", "马拉维": "馬拉威",
    "斯威士兰": "史瓦帝尼", "莱索托": "賴索托", "科摩罗": "葛摩", "塞舌尔": "塞席爾", "吉布提": "吉布地",
    "厄立特里亚": "厄利垂亞", "埃塞俄比亚": "衣索比亞", "加蓬": "加彭", "卡塔尔": "卡達", "阿联酋": "阿拉伯聯合大公國",
    "文莱": "汶萊", "巴布亚新几内亚": "巴布亞紐幾內亞", "所罗门群岛": "索羅門群島", "瓦努阿图": "萬那杜",
    "汤加": "東加", "图瓦卢": "吐瓦魯", "基里巴斯": "吉里巴斯", "瑙鲁": "諾魯", "帕劳": "帛琉",
    "特立尼达和多巴哥": "千里達及托巴哥", "巴巴多斯": "巴貝多", "格林纳达": "格瑞那達", "圣卢西亚": "聖露西亞",
    "圣文森特和格林纳丁斯": "聖文森及格瑞那丁", "圣基茨和尼维斯": "聖克里斯多福及尼維斯",
    "安提瓜和巴布达": "安地卡及巴布達", "厄瓜多尔": "厄瓜多", "澳大利亚": "澳洲", "朝鲜": "北韓",
    "吉尔吉斯斯坦": "吉爾吉斯", "塔吉克斯坦": "塔吉克", "土库曼斯坦": "土庫曼", "乌兹别克斯坦": "烏茲別克",
    "哈萨克斯坦": "哈薩克", "波黑": "波士尼亞與赫塞哥維納", "列支敦士登": "列支敦斯登", "圣马力诺": "聖馬利諾",
    "孟加拉国": "孟加拉", "印度尼西亚": "印尼", "突尼斯": "突尼西亞", "圣多美和普林西比": "聖多美普林西比",
    "梵蒂冈": "教廷", "马绍尔群岛": "馬紹爾群島",
}
COLUMNS = ("name", "aliases", "type", "country", "abbr", "qid", "iso3", "en", "zh_hant")


def main() -> None:
    import opencc
    import pycountry

    s2t = opencc.OpenCC("s2t")
    lines = PLACES.read_text(encoding="utf-8").splitlines()
    header = [line for line in lines if line.startswith("#")]
    body = [line.split("\t") for line in lines if line and not line.startswith("#")]
    rows = [dict(zip(COLUMNS, cells + [""] * (len(COLUMNS) - len(cells)))) for cells in body[1:]]
    by_name = {r["name"]: r for r in rows}
    en_of = {r[1]: r[0] for r in csv.reader(COUNTRIES.open(encoding="utf-8"), delimiter="\t")}
    for qid, (name, kind, parent, iso_name) in WIKIDATA.items():
        row = by_name.get(name)
        if row is None:
            row = dict.fromkeys(COLUMNS, "")
            row.update(name=name, type=kind, country=parent)
            # new places go before the cities, after the last country or region
            last = max(i for i, r in enumerate(rows) if r["type"] in ("country", "region"))
            rows.insert(last + 1, row)
            by_name[name] = row
        row["qid"] = qid
        row["en"] = row["en"] or {v: k for k, v in en_of.items()}.get(qid, iso_name)
        if iso_name:
            row["iso3"] = pycountry.countries.lookup(iso_name).alpha_3
    for row in rows:
        if row["type"] in ("country", "region"):
            trad = s2t.convert(row["name"])
            forms = [trad] + ([TAIWAN[row["name"]]] if row["name"] in TAIWAN else [])
            row["zh_hant"] = "|".join(dict.fromkeys(forms))
            if row["type"] == "country" and not row["iso3"]:
                print("no ISO code:", row["name"])
    header = [h for h in header if not h.startswith("# Columns") and not h.startswith("#          ")]
    header += ["# Columns: name (canonical, simplified) | aliases (|) | type (country|region|city|venue) |",
               "#          country (the country it lies in; blank for a country) | abbr (one-character forms used in",
               "#          访X / 来X / 赴X, e.g. 华 in 访华; separated by |) | qid (Wikidata) | iso3 (ISO 3166-1",
               "#          alpha-3) | en (English) | zh_hant (traditional script; a Taiwan form after | where it differs).",
               "#          qid, iso3, en, zh_hant: written by scripts/country_codes.py (ISO codes from pycountry's",
               "#          ISO 3166-1 table, QIDs and English names from ../shared/wikidata/countries.tsv, CC0)."]
    out = header + ["\t".join(COLUMNS)] + ["\t".join(r[c] for c in COLUMNS).rstrip("\t") for r in rows]
    PLACES.write_text("\n".join(out) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
