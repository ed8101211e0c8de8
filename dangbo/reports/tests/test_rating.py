"""A rating target is written with the reviews paragraph (the breakdown by level) when that paragraph's headline
figures are the dashboard's, and with the plain sentence of the dashboard's measure when they are not."""

import datetime as dt
import io

import pytest
from docx import Document as open_docx

from dangbo.members.models import Member
from dangbo.reports import datasets, docx_render
from dangbo.reports.tests.conftest import AS_OF
from dangbo.reviews import paragraphs, stats
from dangbo.reviews import services as reviews
from dangbo.reviews.choices import Level
from dangbo.reviews.models import Assessment
from dangbo.targets import registry, services
from dangbo.targets.registry import Measure

D = dt.date
YEAR = 2022
SPEC = "- Chỉ tiêu Chương trình hành động đề ra: Hằng năm, tỷ lệ đảng viên hoàn thành tốt nhiệm vụ đạt 80% trở lên."


def rated_members(tree, admin):
    """2022: the four members of Chi bộ thôn Đạ Nghịt rated G G G C; everyone else left undecided."""
    reviews.campaign_open(actor=admin, org=tree.district, year=YEAR, opens_on=D(YEAR, 12, 1))
    batch = Assessment.objects.filter(year=YEAR, member__in=Member.objects.filter(org=tree.cell1)).order_by("pk")
    levels = dict(zip(batch, [Level.GOOD, Level.GOOD, Level.GOOD, Level.COMPLETED], strict=True))
    for a, level in levels.items():
        reviews.assessment_propose(actor=admin, assessment=a, level=level, on=D(YEAR, 12, 10))
    reviews.assessments_approve(actor=admin, approver=tree.commune, year=YEAR, ids=[a.pk for a in levels],
                                on=D(YEAR, 12, 20))


def register(monkeypatch, compute):
    monkeypatch.setitem(registry.REGISTRY, "member_good_rate", registry.Indicator(
        "member_good_rate", "Đảng viên hoàn thành tốt nhiệm vụ trở lên", "rate", compute))


def result_lines(programme, admin):
    services.target_add(actor=admin, document=programme.document, indicator="member_good_rate", comparator="gte",
                        low=80, order=6, text="Hằng năm, tỷ lệ đảng viên hoàn thành tốt nhiệm vụ đạt 80% trở lên")
    report = datasets.build(user=admin, document=programme.document, as_of=AS_OF)
    lines = [p.text for p in open_docx(io.BytesIO(docx_render.render(report))).paragraphs]
    start = lines.index(SPEC)
    return report, lines[start + 2:start + 6]


@pytest.fixture
def rated(programme, tree, admin):
    rated_members(tree, admin)
    return programme


def test_rating_result_with_the_breakdown_by_level(rated, tree, admin, monkeypatch):
    def good_or_above(*, org, period):  # as the reviews app defines it: HTT trở lên over those rated
        counts = stats.year_totals(org=org, year=period.end.year)[stats.MEMBER]
        return Measure(counts.good_or_above, counts.decided)

    register(monkeypatch, good_or_above)
    report, lines = result_lines(rated, admin)
    counts = stats.year_totals(org=tree.district, year=YEAR)[stats.MEMBER]
    assert (counts.good_or_above, counts.decided, counts.levels["completed"]) == (3, 4, 1)
    assert report.board.rows[-1].values[2].measure == Measure(3, 4)
    assert lines[0] == "+ Năm 2020: chưa có dữ liệu."
    assert lines[2] == "+ " + paragraphs.member_paragraph(YEAR, counts).rstrip(".") + "; chưa đạt chỉ tiêu đề ra."
    assert lines[2].startswith("+ Năm 2022 có 3/4 đảng viên được xếp loại hoàn thành tốt nhiệm vụ (tỷ lệ 75,0%)")
    assert "01 đảng viên hoàn thành nhiệm vụ (tỷ lệ 25,0%)" in lines[2]


def test_rating_result_on_another_base_keeps_the_dashboard_figures(rated, tree, admin, monkeypatch):
    register(monkeypatch, lambda *, org, period: Measure(3, 5) if period.end.year == YEAR else None)
    _report, lines = result_lines(rated, admin)
    assert lines[2] == ("+ Năm 2022 có 3/5 đảng viên hoàn thành tốt nhiệm vụ trở lên (tỷ lệ 60,0%); "
                        "chưa đạt chỉ tiêu đề ra.")
