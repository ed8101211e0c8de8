"""The statistics chart fits a 390-pixel phone: drawn at the page's width (viewBox, width 100%), with a drawing
narrow enough that its 13-unit labels stay ≥ 11 px once scaled down, and every label inside the drawing."""

import re

from django.template.loader import render_to_string

from dangbo.reviews.charts import stacked_bars
from dangbo.reviews.stats import Counts

PHONE_CONTENT_WIDTH = 390 - 2 * 8  # the page's padding on a phone


def _chart():
    return stacked_bars("Đảng viên", [
        ("2023", Counts.of(excellent=412, good=3203, completed=540, not_completed=86)),
        ("2024", Counts.of(excellent=4, good=3, completed=2, not_completed=1))])


def test_chart_scales_to_the_screen_and_stays_readable_at_390_px():
    chart = _chart()
    svg = render_to_string("reviews/stats/_chart.html", {"chart": chart})
    tag = re.search(r"<svg[^>]*>", svg).group(0)
    assert 'width="100%"' in tag and f'viewBox="0 0 {chart.width} {chart.height}"' in tag
    assert "height=" not in tag.replace("viewBox", "")  # the height follows the width
    font = int(re.search(r'font-size="(\d+)"', tag).group(1))
    assert font * PHONE_CONTENT_WIDTH / chart.width >= 11, chart.width
    # nothing drawn past the right edge: the "… đã xếp loại" column and the legend fit
    longest = len("4.241 đã xếp loại") * font * 0.55
    assert chart.decided_x + longest <= chart.width
    assert all(x + 16 + len(short) * font * 0.65 <= chart.width for short, _label, _c, x in chart.legend)
