"""The trend of one target as an inline SVG: its value per year and the threshold line(s). Pure: values in, a
string out; no JavaScript, no chart library, nothing fetched (the networks are closed)."""

from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH, HEIGHT = 440, 200
LEFT, RIGHT, TOP, BOTTOM = 28, 56, 22, 30  # the threshold labels sit in the right margin, clear of the points
PAD = 26  # the first and last points stay this far inside the plot, so their labels are not cut
FONT = 13  # drawn at up to 440 px wide: about 13 px on screen (the labels were 10 at 320)
LINE, THRESHOLD, GRID, MUTED = "#b71c1c", "#1b7f3a", "#d9dce1", "#5f6670"


def _fmt(value: Decimal, rate: bool, *, whole: bool = True) -> str:
    """96,5% / 1.850 — the Vietnamese way; a threshold drops ",0" (4%), a value keeps it (4,0%, as the table)."""
    if rate:
        text = f"{value.quantize(Decimal('0.1')):f}".replace(".", ",")
        return (text.removesuffix(",0") if whole else text) + "%"
    return f"{int(value):,}".replace(",", ".")


def trend_svg(points: list[tuple[int, Decimal | None]], *, low: Decimal, high: Decimal | None = None,
              rate: bool = True, title: str = "", running: frozenset[int] = frozenset()) -> SafeString:
    """A line of ``(year, value)`` with the threshold ``low`` (and ``high`` for "từ … đến …") drawn dashed and
    labelled in the right margin. Each value's label sits on the side of its point away from the threshold (above
    when it reaches it, below when it does not), so labels and the dashed line do not cross. Years without a
    value leave a gap, marked by a hollow dot on the axis ("chưa có dữ liệu" on hover); a year still running
    (``running``) is a hollow point ("đang thực hiện")."""
    known = [v for _, v in points if v is not None]
    thresholds = [t for t in (low, high) if t is not None]
    top = max([*known, *thresholds, Decimal(1)])
    # a rate near 100% is drawn on the full 0–100 scale; anything else gets headroom for its labels
    top = Decimal(100) if rate and 80 < top <= 100 else top * Decimal("1.15")
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    base = TOP + plot_h
    step = (plot_w - 2 * PAD) / max(len(points) - 1, 1)

    def x(i: int) -> float:
        return round(LEFT + PAD + (i * step if len(points) > 1 else (plot_w - 2 * PAD) / 2), 1)

    def y(v: Decimal) -> float:
        return round(base - float(v / top) * plot_h, 1)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="trend" viewBox="0 0 {WIDTH} {HEIGHT}" '
             f'width="{WIDTH}" height="{HEIGHT}" role="img" aria-label="{escape(title)}" font-size="{FONT}">',
             f"<title>{escape(title)}</title>",
             f'<line x1="{LEFT}" y1="{base}" x2="{WIDTH - RIGHT}" y2="{base}" stroke="{GRID}"/>',
             f'<text x="{LEFT - 4}" y="{base + 4}" text-anchor="end" fill="{MUTED}">0</text>']
    label_ys: list[float] = []
    for t in sorted(thresholds):
        ty = y(t) + 4
        if label_ys and label_ys[-1] - ty < FONT:  # "từ 3% đến 4%": keep the two labels apart
            ty = label_ys[-1] - FONT
        label_ys.append(ty)
        parts.append(f'<line class="threshold" x1="{LEFT}" y1="{y(t)}" x2="{WIDTH - RIGHT}" y2="{y(t)}" '
                     f'stroke="{THRESHOLD}" stroke-dasharray="5 4"/>'
                     f'<text class="threshold-label" x="{WIDTH - RIGHT + 4}" y="{ty}" text-anchor="start" '
                     f'fill="{THRESHOLD}">{_fmt(t, rate)}</text>')
    segment: list[str] = []
    segments = [segment]
    for i, (year, value) in enumerate(points):
        parts.append(f'<text x="{x(i)}" y="{HEIGHT - 9}" text-anchor="middle" fill="{MUTED}">{year}</text>')
        if value is None:
            parts.append(f'<circle class="missing" cx="{x(i)}" cy="{base}" r="3.5" fill="#fff" '
                         f'stroke="{MUTED}"><title>{year}: chưa có dữ liệu</title></circle>')
            segment = []
            segments.append(segment)
            continue
        segment.append(f"{x(i)},{y(value)}")
        label = _fmt(value, rate, whole=False)
        below = value < low and y(value) + 6 + FONT < base
        ly = y(value) + 6 + FONT if below else y(value) - 8
        state = " running" if year in running else ""
        note = " (đang thực hiện)" if state else ""
        parts.append(f'<circle class="point{state}" cx="{x(i)}" cy="{y(value)}" r="4" '
                     f'fill="{"#fff" if state else LINE}" stroke="{LINE}" stroke-width="2">'
                     f"<title>{year}: {label}{note}</title></circle>"
                     f'<text class="value{" below" if below else ""}" x="{x(i)}" y="{round(ly, 1)}" '
                     f'text-anchor="middle">{label}</text>')
    if not known:
        parts.append(f'<text x="{LEFT + plot_w / 2}" y="{TOP + plot_h / 2}" text-anchor="middle" '
                     f'fill="{MUTED}">chưa có dữ liệu</text>')
    for seg in segments:
        if len(seg) > 1:
            parts.insert(4, f'<polyline fill="none" stroke="{LINE}" stroke-width="2" points="{" ".join(seg)}"/>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - built here from numbers; the only text (title) is escaped
