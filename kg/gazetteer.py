"""Gazetteer of China's administrative divisions, loaded from ``kg/lexicons/gazetteer.tsv``.

The TSV holds the country row, all 34 provincial-level divisions, every prefecture-level
division (prefecture-level cities, prefectures, leagues, autonomous prefectures), a few
historic prefecture-level names common in 1946–2003 texts (襄樊, 思茅, 旅大, ...), and some
well-known county-level cities.  Columns::

    id  level  name_en  name_zh  short_zh  parent  lat  long  wikidata  aliases_en

``aliases_en`` is ``|``-separated (old romanisations such as Peking, Canton, Shensi).
Parents point at the *present-day* containing division.

Each ``level`` maps to an ontology class local name (see :data:`LEVEL_CLASS`); lookups by
English or Chinese name return every matching place, higher administrative level first,
so ambiguous names such as "Jilin" / 吉林 yield the province before the city.
"""

from __future__ import annotations

import csv
import functools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "LEVEL_CLASS",
    "LEVEL_RANK",
    "Gazetteer",
    "Place",
    "load_gazetteer",
]

DEFAULT_PATH = Path(__file__).parent / "lexicons" / "gazetteer.tsv"

COLUMNS = ("id", "level", "name_en", "name_zh", "short_zh", "parent", "lat", "long", "wikidata", "aliases_en")

#: Administrative level -> ontology class local name.
LEVEL_CLASS: dict[str, str] = {
    "country": "Country",
    "province": "Province",
    "autonomous-region": "Province",
    "municipality": "City",
    "sar": "Region",
    "prefecture-city": "City",
    "prefecture": "Region",
    "league": "Region",
    "autonomous-prefecture": "Region",
    "county": "County",
    "county-city": "County",
    "district": "County",
}

#: Administrative level -> tier (0 = country, 1 = provincial, 2 = prefectural, 3 = county).
LEVEL_RANK: dict[str, int] = {
    "country": 0,
    "province": 1,
    "autonomous-region": 1,
    "municipality": 1,
    "sar": 1,
    "prefecture-city": 2,
    "prefecture": 2,
    "league": 2,
    "autonomous-prefecture": 2,
    "county": 3,
    "county-city": 3,
    "district": 3,
}

# English designations appended to a bare name to form extra surface forms, per level.
_EN_SUFFIXES: dict[str, tuple[str, ...]] = {
    "country": (),
    "province": ("Province",),
    "autonomous-region": ("Autonomous Region", "Region"),
    "municipality": ("City", "Municipality"),
    "sar": ("SAR", "Special Administrative Region"),
    "prefecture-city": ("City", "Municipality"),
    "prefecture": ("Prefecture",),
    "league": ("League",),
    "autonomous-prefecture": ("Autonomous Prefecture", "Prefecture"),
    "county": ("County",),
    "county-city": ("City",),
    "district": ("District",),
}

# Chinese designations appended to ``short_zh`` to form extra surface forms, per level.
_ZH_SUFFIXES: dict[str, tuple[str, ...]] = {
    "country": (),
    "province": ("省",),
    "autonomous-region": ("自治区",),
    "municipality": ("市",),
    "sar": ("特别行政区", "特区"),
    "prefecture-city": ("市",),
    "prefecture": ("地区",),
    "league": ("盟",),
    "autonomous-prefecture": ("自治州", "州"),
    "county": ("县",),
    "county-city": ("市",),
    "district": ("区",),
}

# Trailing designations stripped from a query that matched nothing as given.
_EN_STRIP = re.compile(
    r"\s+(?:province|city|municipality|prefecture|prefecture-level city|league|autonomous region|"
    r"autonomous prefecture|special administrative region|sar|region|county|district|shi|sheng)$"
)
_ZH_STRIP = re.compile(r"(?:特别行政区|自治区|自治州|特区|地区|省|市|盟|州|县|区)$")

# Aliases ending in one of these words already carry a designation and get no suffixes.
_DESIGNATION_WORDS = frozenset(
    "province region city municipality prefecture league sar county district china".split()
)


@dataclass(frozen=True)
class Place:
    """One administrative division (or historic name of one)."""

    id: str
    level: str
    cls: str
    name_en: str
    name_zh: str
    short_zh: str
    parent: str
    lat: float | None
    long: float | None
    wikidata: str
    aliases_en: tuple[str, ...]

    @property
    def rank(self) -> int:
        """Administrative tier: 0 country, 1 provincial, 2 prefectural, 3 county-level."""
        return LEVEL_RANK[self.level]


def normalize_en(name: str) -> str:
    """Fold an English place name for matching: case, diacritics, apostrophes, hyphens, spaces."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'").replace("'", "")
    text = re.sub(r"[-\s]+", " ", text).strip()
    if text.startswith("the "):
        text = text[4:]
    return text


def normalize_zh(name: str) -> str:
    """Fold a Chinese place name for matching: NFKC and no whitespace."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", name))


def _float_or_none(value: str) -> float | None:
    value = value.strip()
    return float(value) if value else None


def _sort_key(place: Place) -> tuple[int, str]:
    return (place.rank, place.id)


class Gazetteer:
    """An in-memory index of :class:`Place` rows with English and Chinese name lookup."""

    def __init__(self, places: list[Place]) -> None:
        """Index ``places``; ids must be unique and parents must exist."""
        self.by_id: dict[str, Place] = {}
        for place in places:
            if place.id in self.by_id:
                raise ValueError(f"duplicate gazetteer id: {place.id}")
            self.by_id[place.id] = place
        for place in places:
            if place.parent and place.parent not in self.by_id:
                raise ValueError(f"{place.id}: unknown parent {place.parent!r}")
        self._en: dict[str, set[str]] = {}
        self._zh: dict[str, set[str]] = {}
        self._en_forms: set[str] = set()
        self._zh_forms: set[str] = set()
        self._zh_found: dict[str, tuple[Place, ...]] = {}  # lookup_zh's answers: rules ask the same names
        for place in places:
            for form in self._surface_en(place):
                self._en_forms.add(form)
                self._en.setdefault(normalize_en(form), set()).add(place.id)
            for form in self._surface_zh(place):
                self._zh_forms.add(form)
                self._zh.setdefault(normalize_zh(form), set()).add(place.id)

    @staticmethod
    def _surface_en(place: Place) -> list[str]:
        forms = [place.name_en, *place.aliases_en]
        out = list(forms)
        for form in forms:
            if form.split()[-1].lower() in _DESIGNATION_WORDS:
                continue
            out.extend(f"{form} {suffix}" for suffix in _EN_SUFFIXES[place.level])
        return out

    @staticmethod
    def _surface_zh(place: Place) -> list[str]:
        out = [place.name_zh, place.short_zh]
        out.extend(place.short_zh + suffix for suffix in _ZH_SUFFIXES[place.level])
        return [form for form in out if form]

    def __len__(self) -> int:
        """Number of places."""
        return len(self.by_id)

    def __iter__(self) -> Iterator[Place]:
        """Iterate over places in id order."""
        return iter(sorted(self.by_id.values(), key=lambda p: p.id))

    def __contains__(self, place_id: object) -> bool:
        """Whether ``place_id`` is a known id."""
        return place_id in self.by_id

    def _places(self, ids: set[str]) -> list[Place]:
        return sorted((self.by_id[i] for i in ids), key=_sort_key)

    def lookup_en(self, name: str) -> list[Place]:
        """Places called ``name`` in English (case-insensitive), higher level first.

        Accepts bare names ("Shanxi"), designated forms ("Shanxi Province", "Taiyuan City",
        "Taiyuan Municipality") and old romanisations ("Peking", "Shensi").
        """
        key = normalize_en(name)
        ids = self._en.get(key)
        if not ids:
            stripped = _EN_STRIP.sub("", key)
            ids = self._en.get(stripped) if stripped != key else None
        return self._places(ids or set())

    def lookup_zh(self, name: str) -> list[Place]:
        """Places called ``name`` in Chinese, higher level first.

        Accepts short names (山西, 太原, 延边), full names (山西省, 太原市, 延边朝鲜族自治州)
        and common designated forms (延边州, 香港特区).
        """
        found = self._zh_found.get(name)
        if found is None:
            key = normalize_zh(name)
            ids = self._zh.get(key)
            if not ids:
                stripped = _ZH_STRIP.sub("", key)
                ids = self._zh.get(stripped) if stripped and stripped != key else None
            found = self._zh_found[name] = tuple(self._places(ids or set()))
        return list(found)

    def names_en(self) -> list[str]:
        """Every English surface form (names, aliases, designated forms), sorted."""
        return sorted(self._en_forms)

    def names_zh(self) -> list[str]:
        """Every Chinese surface form (full, short, designated forms), sorted."""
        return sorted(self._zh_forms)

    def ancestors(self, place_id: str) -> list[Place]:
        """The chain of parents of ``place_id``, nearest first, ending at the country."""
        chain: list[Place] = []
        seen = {place_id}
        parent = self.by_id[place_id].parent
        while parent:
            if parent in seen:
                raise ValueError(f"parent cycle at {parent}")
            seen.add(parent)
            place = self.by_id[parent]
            chain.append(place)
            parent = place.parent
        return chain


def read_places(path: str | Path) -> list[Place]:
    """Parse the gazetteer TSV at ``path`` into :class:`Place` objects."""
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader)
        if tuple(header) != COLUMNS:
            raise ValueError(f"unexpected gazetteer header: {header}")
        places = []
        for lineno, row in enumerate(reader, start=2):
            if not row:
                continue
            if len(row) != len(COLUMNS):
                raise ValueError(f"{path}:{lineno}: expected {len(COLUMNS)} columns, got {len(row)}")
            rec = dict(zip(COLUMNS, row, strict=True))
            level = rec["level"]
            if level not in LEVEL_CLASS:
                raise ValueError(f"{path}:{lineno}: unknown level {level!r}")
            places.append(
                Place(
                    id=rec["id"],
                    level=level,
                    cls=LEVEL_CLASS[level],
                    name_en=rec["name_en"],
                    name_zh=rec["name_zh"],
                    short_zh=rec["short_zh"],
                    parent=rec["parent"],
                    lat=_float_or_none(rec["lat"]),
                    long=_float_or_none(rec["long"]),
                    wikidata=rec["wikidata"],
                    aliases_en=tuple(a for a in rec["aliases_en"].split("|") if a),
                )
            )
    return places


@functools.lru_cache(maxsize=8)
def load_gazetteer(path: str | Path | None = None) -> Gazetteer:
    """Load (once per path) the gazetteer; defaults to the packaged ``lexicons/gazetteer.tsv``."""
    return Gazetteer(read_places(DEFAULT_PATH if path is None else path))
