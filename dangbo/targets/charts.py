"""The trend of one target as an inline SVG: its value per year and the threshold line(s). Pure: values in, a
string out; no JavaScript, no chart library, nothing fetched (the networks are closed)."""

from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH, HEIGHT = 320, 150
LEFT, RIGHT, TOP, BOTTOM = 44, 24, 14, 26
LINE, THRESHOLD, GRID = "#b71c1c", "#1b7f3a", "#d9dce1"


def _fmt(value: Decimal, rate: bool) -> str:
    """96,5% / 1.850 — the Vietnamese way."""
    if rate:
        text = f"{value.quantize(Decimal('0.1')):f}".replace(".", ",")
        return text.removesuffix(",0") + "%"
    return f"{int(value):,}".replace(",", ".")


def trend_svg(points: list[tuple[int, Decimal | None]], *, low: Decimal, high: Decimal | None = None,
              rate: bool = True, title: str = "") -> SafeString:
    """A line of ``(year, value)`` with the threshold ``low`` (and ``high`` for "từ … đến …") drawn dashed.
    Years without a value leave a gap, marked by a hollow dot on the axis ("chưa có dữ liệu" on hover)."""
    known = [v for _, v in points if v is not None]
    thresholds = [t for t in (low, high) if t is not None]
    top = max([*known, *thresholds, Decimal(1)])
    # a rate near 100% is drawn on the full 0–100 scale; anything else gets headroom for its labels
    top = Decimal(100) if rate and 80 < top <= 100 else top * Decimal("1.15")
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(len(points) - 1, 1)

    def x(i: int) -> float:
        return round(LEFT + (i * step if len(points) > 1 else plot_w / 2), 1)

    def y(v: Decimal) -> float:
        return round(TOP + plot_h - float(v / top) * plot_h, 1)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="trend" viewBox="0 0 {WIDTH} {HEIGHT}" '
             f'width="{WIDTH}" height="{HEIGHT}" role="img" aria-label="{escape(title)}">',
             f"<title>{escape(title)}</title>",
             f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{WIDTH - RIGHT}" y2="{TOP + plot_h}" stroke="{GRID}"/>',
             f'<text x="{LEFT - 4}" y="{TOP + plot_h}" font-size="10" text-anchor="end">0</text>']
    for t in thresholds:
        parts.append(f'<line class="threshold" x1="{LEFT}" y1="{y(t)}" x2="{WIDTH - RIGHT}" y2="{y(t)}" '
                     f'stroke="{THRESHOLD}" stroke-dasharray="4 3"/>'
                     f'<text x="{LEFT - 4}" y="{y(t) + 3}" font-size="10" text-anchor="end" fill="{THRESHOLD}">'
                     f"{_fmt(t, rate)}</text>")
    segment: list[str] = []
    segments = [segment]
    for i, (year, value) in enumerate(points):
        parts.append(f'<text x="{x(i)}" y="{HEIGHT - 8}" font-size="10" text-anchor="middle">{year}</text>')
        if value is None:
            parts.append(f'<circle class="missing" cx="{x(i)}" cy="{TOP + plot_h}" r="3" fill="#fff" '
                         f'stroke="#5f6670"><title>{year}: chưa có dữ liệu</title></circle>')
            segment = []
            segments.append(segment)
            continue
        segment.append(f"{x(i)},{y(value)}")
        label = _fmt(value, rate)
        parts.append(f'<circle class="point" cx="{x(i)}" cy="{y(value)}" r="3" fill="{LINE}">'
                     f"<title>{year}: {label}</title></circle>"
                     f'<text x="{x(i)}" y="{y(value) - 6}" font-size="10" text-anchor="middle">{label}</text>')
    if not known:
        parts.append(f'<text x="{LEFT + plot_w / 2}" y="{TOP + plot_h / 2}" font-size="11" text-anchor="middle" '
                     f'fill="#5f6670">chưa có dữ liệu</text>')
    for seg in segments:
        if len(seg) > 1:
            parts.insert(4, f'<polyline fill="none" stroke="{LINE}" stroke-width="2" points="{" ".join(seg)}"/>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - built here from numbers; the only text (title) is escaped
