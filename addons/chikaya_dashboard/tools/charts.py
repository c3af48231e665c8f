"""The geometry of the public statistics page's charts: plain numbers and labels in, the
positions of bars, points, ticks and the map's colours out. The SVG itself is written by
QWeb templates (views/chikaya_public_charts_templates.xml), so that its texts are translated
and escaped as every other template's.

Right-to-left: a chart for an Arabic page is mirrored (time runs from right to left, the
value axis is on the right, theme bars grow leftwards) and its SVG says `direction="rtl"`,
so that a label anchored at its "start" extends away from the axis on both sides. Maps are
never mirrored (geography is not text).

Colours: the bars and lines are #1d5fa6 (6.4:1 on white); texts #212529; the maps' classes
are a sequential blue scale (ColorBrewer "Blues") whose every unit is outlined in dark grey
(#495057, 8.2:1 on white), so that each shape stands out from the page even in the
lightest class (WCAG 1.4.11); the classes themselves are told by the legend, each unit's
tooltip and the table.
"""

import math

BAR_COLOR = "#1d5fa6"
TEXT_COLOR = "#212529"
GRID_COLOR = "#ced4da"
AXIS_COLOR = "#6c757d"
# The maps' classes, lightest to darkest (ColorBrewer "Blues"), and units without a
# population figure.
MAP_COLORS = ("#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c")
MAP_STROKE = "#495057"
MAP_NO_DATA = "#f8f9fa"

FONT_SIZE = 13
COLUMN_WIDTH, COLUMN_HEIGHT = 640, 260
BAR_ROW = 26


def nice_step(span, count, integer=False):
    """A round step (1, 2, 2.5 or 5 times a power of ten) dividing `span` in about `count`
    intervals; at least 1 for counts (`integer`)."""
    if span <= 0:
        return 1
    raw = span / count
    magnitude = 10 ** math.floor(math.log10(raw))
    multiples = (1, 2, 5, 10) if integer else (1, 2, 2.5, 5, 10)
    step = next(m * magnitude for m in multiples if raw <= m * magnitude * (1 + 1e-9))
    return max(1, round(step)) if integer else step


def format_number(value):
    """A tick or a legend's bound: without decimals when it has none."""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.4f}".rstrip("0").rstrip(".")


class _Frame:
    """The drawing area of a chart and its mirror for right-to-left pages."""

    def __init__(self, width, height, left, right, top, bottom, rtl):
        self.width, self.height = width, height
        self.left, self.right, self.top, self.bottom = left, right, top, bottom
        self.rtl = rtl

    @property
    def plot_width(self):
        return self.width - self.left - self.right

    @property
    def plot_height(self):
        return self.height - self.top - self.bottom

    def x(self, x):
        """An abscissa measured from the start side of the plot (left, or right in RTL)."""
        return round(self.width - self.left - x if self.rtl else self.left + x, 1)

    def span(self, x, w):
        """A rectangle from `x` to `x + w` from the start side: its left edge and width."""
        left = self.width - self.left - x - w if self.rtl else self.left + x
        return round(left, 1), round(w, 1)

    def axis_x(self):
        return self.x(0)

    def base(self):
        return {"width": self.width, "height": self.height, "rtl": self.rtl}

    def columns(self):
        """What a chart of columns (bars or a line over the months) draws around its plot:
        the frame, the value axis, its ticks' start and the plot's extent."""
        return {
            **self.base(),
            "axis_x": self.axis_x(),
            "tick_x": self.x(-6),
            "plot_start": self.x(0),
            "plot_end": self.x(self.plot_width),
            "plot_bottom": self.top + self.plot_height,
        }


def _value_ticks(frame, top_value, step, suffix=""):
    ticks = []
    value = 0
    while value <= top_value + 1e-9:
        y = frame.top + frame.plot_height * (1 - value / top_value)
        ticks.append({"y": round(y, 1), "label": format_number(value) + suffix})
        value += step
    return ticks


def column_chart(values, labels, rtl=False):
    """Vertical bars, one per value (None: no bar), the labels under the bars (None: no
    label) and ticks of the value axis."""
    frame = _Frame(COLUMN_WIDTH, COLUMN_HEIGHT, 48, 10, 12, 44, rtl)
    top_value = max([v for v in values if v] or [0])
    step = nice_step(top_value, 4, integer=True)
    top_value = max(step * math.ceil(top_value / step), step)
    band = frame.plot_width / max(len(values), 1)
    bars, texts = [], []
    for index, (value, label) in enumerate(zip(values, labels, strict=True)):
        center = frame.x(band * (index + 0.5))
        if value:
            height = frame.plot_height * value / top_value
            x, w = frame.span(band * (index + 0.15), band * 0.7)
            bars.append(
                {
                    "x": x,
                    "y": round(frame.top + frame.plot_height - height, 1),
                    "width": w,
                    "height": round(height, 1),
                }
            )
        if label:
            texts.append({"x": center, "y": frame.height - frame.bottom + 16, "label": label})
    return {
        **frame.columns(),
        "ticks": _value_ticks(frame, top_value, step),
        "bars": bars,
        "labels": texts,
    }


def line_chart(values, labels, rtl=False):
    """A line of percentages (0-100), one point per value; None leaves a gap."""
    frame = _Frame(COLUMN_WIDTH, COLUMN_HEIGHT, 48, 10, 12, 44, rtl)
    band = frame.plot_width / max(len(values), 1)
    segments, current, points, texts = [], [], [], []
    for index, (value, label) in enumerate(zip(values, labels, strict=True)):
        x = frame.x(band * (index + 0.5))
        if value is None:
            if current:
                segments.append(current)
            current = []
        else:
            y = round(frame.top + frame.plot_height * (1 - value / 100.0), 1)
            current.append(f"{x},{y}")
            points.append({"x": x, "y": y})
        if label:
            texts.append({"x": x, "y": frame.height - frame.bottom + 16, "label": label})
    if current:
        segments.append(current)
    return {
        **frame.columns(),
        "ticks": _value_ticks(frame, 100, 25, " %"),
        "lines": [" ".join(segment) for segment in segments if len(segment) > 1],
        "points": points,
        "labels": texts,
    }


def bar_chart(items, rtl=False, label_width=210, width=COLUMN_WIDTH):
    """Horizontal bars: `items` as (label, value); the label before the bar, the value
    after it. Long labels are shortened (the table beside gives them whole)."""
    frame = _Frame(width, BAR_ROW * max(len(items), 1) + 8, label_width, 50, 4, 4, rtl)
    top_value = max([value for _label, value in items] or [0]) or 1
    rows = []
    max_chars = int(label_width / (FONT_SIZE * 0.55))
    for index, (label, value) in enumerate(items):
        y = frame.top + BAR_ROW * index
        length = frame.plot_width * (value or 0) / top_value
        x, w = frame.span(0, length)
        text = label if len(label) <= max_chars else label[: max_chars - 1].rstrip() + "…"
        rows.append(
            {
                "y": round(y + 4, 1),
                "height": BAR_ROW - 8,
                "x": x,
                "width": w,
                "text_y": round(y + BAR_ROW / 2 + FONT_SIZE * 0.35, 1),
                "label": text,
                "label_x": frame.x(-8),
                "value": value,
                "value_x": frame.x(length + 6),
            }
        )
    return {**frame.base(), "axis_x": frame.axis_x(), "rows": rows}


def map_classes(values, precision=0.01):
    """The classes of a choropleth of `values` (None: no figure): five equal, round
    intervals from 0 to the largest value, the last one open, none narrower than the
    values' `precision` (the figures are shown with two decimals). Returns the classes as
    [{low, high (None: open), color}] and a function giving a value's class index (None
    for None)."""
    known = [value for value in values if value is not None]
    step = max(nice_step(max(known or [0]), 5), precision)
    count = len(MAP_COLORS)
    classes = [
        {
            "low": format_number(step * index),
            "high": None if index == count - 1 else format_number(step * (index + 1)),
            "color": MAP_COLORS[index],
        }
        for index in range(count)
    ]

    def class_of(value):
        if value is None:
            return None
        return min(int(value / step + 1e-9), count - 1)

    return classes, class_of


def choropleth(shapes, figures, size, inset=None):
    """The map's units: `shapes` {code: path data}, `figures` {code: (name, value)} (value
    None: no figure); `size` (width, height) of the frame; `inset` None or {frame: (x, y,
    width, height) of the magnified drawing, area: the same of the box it magnifies on the
    map, shapes: {code: path data}}. Units without figures are drawn blank. Returns
    {width, height, stroke, units: [{code, d, fill, name, value}], classes, inset: None or
    {frame, area, units}}."""
    classes, class_of = map_classes([value for _name, value in figures.values()])

    def units_of(paths):
        units = []
        for code, path in sorted(paths.items()):
            name, value = figures.get(code, (None, None))
            index = class_of(value)
            units.append(
                {
                    "code": code,
                    "d": path,
                    "fill": MAP_NO_DATA if index is None else MAP_COLORS[index],
                    "name": name,
                    "value": value,
                }
            )
        return units

    width, height = size
    return {
        "width": width,
        "height": height,
        "stroke": MAP_STROKE,
        "units": units_of(shapes),
        "classes": classes,
        "inset": inset
        and {
            "frame": inset["frame"],
            "area": inset["area"],
            "units": units_of(inset["shapes"]),
        },
    }
