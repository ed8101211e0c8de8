"""Server-side charts of the rating statistics: the geometry of stacked bars, drawn as inline SVG by the template.
Pure: counts in, numbers out; no JavaScript, no chart library, nothing fetched."""

from dataclasses import dataclass

from dangbo.core.numbers import format_int, format_percent
from dangbo.reviews.choices import LEVEL_SHORT, Level
from dangbo.reviews.stats import LEVELS, Counts

COLORS = {"excellent": "#1b7f3b", "good": "#6cbf6c", "completed": "#f2b84b", "not_completed": "#c8362d"}
# Drawn at 100% of the page's width: 414 units keep a 13-unit font ≥ 11 px on a 390-pixel phone.
LABEL_W, BAR_W, DECIDED_W, ROW_H, BAR_H, TOP, LEGEND_STEP = 44, 240, 130, 30, 20, 28, 86


@dataclass(frozen=True)
class Segment:
    level: str
    short: str
    label: str
    color: str
    x: float
    width: float
    count: str
    share: str

    @property
    def text_x(self) -> float:
        return round(self.x + self.width / 2, 1)

    @property
    def shows_text(self) -> bool:
        return self.width >= 38  # "96,5%" in 13-unit type


@dataclass(frozen=True)
class Bar:
    label: str
    y: int
    decided: str
    segments: tuple

    @property
    def text_y(self) -> int:
        return self.y + BAR_H // 2 + 4


@dataclass(frozen=True)
class Chart:
    title: str
    width: int
    height: int
    bars: tuple
    legend: tuple

    @property
    def decided_x(self) -> int:
        return self.width - DECIDED_W + 6

    @property
    def is_empty(self) -> bool:
        return not any(bar.segments for bar in self.bars)


def stacked_bars(title: str, series: list[tuple[str, Counts]]) -> Chart:
    """One horizontal bar per row (e.g. per year), split by level in proportion to those rated."""
    bars = []
    for i, (label, counts) in enumerate(series):
        y = TOP + i * ROW_H
        d = counts.decided
        x = float(LABEL_W)
        segments = []
        for level in LEVELS:
            n = counts[level]
            if not n:
                continue
            width = round(BAR_W * n / d, 1)
            segments.append(Segment(level, LEVEL_SHORT[level], Level(level).label, COLORS[level], round(x, 1),
                                    width, format_int(n), format_percent(n, d)))
            x += width
        bars.append(Bar(label, y, format_int(d), tuple(segments)))
    legend = tuple((LEVEL_SHORT[level], Level(level).label, COLORS[level], LABEL_W + i * LEGEND_STEP)
                   for i, level in enumerate(LEVELS))
    return Chart(title, LABEL_W + BAR_W + DECIDED_W, TOP + len(series) * ROW_H + 24, tuple(bars), legend)
