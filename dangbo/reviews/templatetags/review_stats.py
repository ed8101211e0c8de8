"""Formatting only: one row of counts of the rating statistics page (``reviews.stats.Counts``) as its table cells,
each number a link to the people behind it. A province's page has ≈ 100 such rows of 17 cells: written out here
once a row, the HTML ``_counts.html`` made, at a sixth of the template engine's cost (a lookup, a filter and an
autoescape per cell)."""

from django import template
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe

from dangbo.core.numbers import format_int, format_percent
from dangbo.reviews.choices import LEVEL_SHORT
from dangbo.reviews.stats import LEVELS

register = template.Library()

SHORT = [(level, escape(LEVEL_SHORT[level])) for level in LEVELS]


def _cell(label: str, n: int, href: str, level: str, bold: bool = False) -> str:
    if not n:
        return f'<td class="num" data-label="{label}">0</td>'
    text = f"<b>{format_int(n)}</b>" if bold else format_int(n)
    return f'<td class="num" data-label="{label}"><a href="{href}&level={level}">{text}</a></td>'


@register.simple_tag
def count_cells(c, query, pop, extra=""):
    """The cells of ``c`` for the population ``pop``; ``query`` and ``extra`` narrow the drill-down links."""
    href = escape(f"{reverse('reviews:stats_people')}?{query}&population={pop}{extra}")
    decided = c.decided
    out = ["",
           _cell("Trong danh sách", c.listed, href, "all"),
           _cell("Không xếp loại", c.excluded_total, href, "excluded"),
           _cell("Chưa có kết quả", c.undecided, href, "undecided"),
           _cell("Đã xếp loại", decided, href, "decided")]
    out.append("".join(f"\n{_cell(short, c[level], href, level)}\n<td class=\"num muted\" data-label=\"{short} (%)\">"
                       f"{escape(format_percent(c[level], decided))}</td>" for level, short in SHORT))
    good = c.good_or_above
    out += [_cell("HTT trở lên", good, href, "good_or_above", bold=True),
            f'<td class="num" data-label="HTT trở lên (%)"><b>{escape(format_percent(good, decided))}</b></td>',
            f'<td class="num" data-label="HTXSNV / HTT trở lên (%)">{escape(format_percent(c.excellent, good))}</td>',
            "", ""]
    return mark_safe("\n".join(out))  # noqa: S308 — every value above is escaped or a formatted number
