"""/api/reviews/stats and /api/reviews/stats/people: the same figures as the page, and every path tried from
outside the scope (``OUTSIDER_CASES``, collected by the meta-test in orgs/tests/test_api.py)."""

import datetime as dt
import json

import pytest

from dangbo.accounts.tests.test_api_auth import Api, assert_error, db_state
from dangbo.core.testing import Role, user_with
from dangbo.reviews import paragraphs, services, stats
from dangbo.reviews.tests.test_stats import Rated

pytestmark = pytest.mark.django_db


class Ctx:
    def __init__(self, tree):
        self.tree = tree
        self.member = tree.member("Phan Văn Bí Mật", org=tree.cell1)
        services.campaign_open(actor=tree.actor, org=tree.district, year=2023, opens_on=dt.date(2023, 12, 1))
        self.outsider = Api(user_with(Role.CELL_SECRETARY, org=tree.cell2))


def _never_named(ctx, response):
    assert response.status_code == 200, response.content.decode()
    body = json.dumps(response.json(), ensure_ascii=False)
    assert "Bí Mật" not in body and ctx.tree.cell1.name not in body and ctx.tree.commune.name not in body


def _stats(ctx):
    t = ctx.tree
    for org in (t.cell1, t.commune, t.district, t.other_cell):
        assert_error(ctx.outsider.get("/api/reviews/stats", org=org.pk, year=2023), 404, "out_of_scope", "org")
    _never_named(ctx, ctx.outsider.get("/api/reviews/stats", year=2023))


def _people(ctx):
    t = ctx.tree
    for org in (t.cell1, t.commune, t.other_cell):
        assert_error(ctx.outsider.get("/api/reviews/stats/people", org=org.pk, year=2023), 404, "out_of_scope",
                     "org")
    assert_error(ctx.outsider.get("/api/reviews/stats/people", org=t.cell2.pk, year=2023, child=t.cell1.pk), 404,
                 "out_of_scope")
    _never_named(ctx, ctx.outsider.get("/api/reviews/stats/people", year=2023))


OUTSIDER_CASES = {
    ("GET", "/api/reviews/stats"): _stats,
    ("GET", "/api/reviews/stats/people"): _people,
}


@pytest.mark.parametrize("key", sorted(OUTSIDER_CASES), ids=" ".join)
def test_outsider_gets_404_and_nothing_changes(tree, key):
    ctx = Ctx(tree)
    before = db_state()
    OUTSIDER_CASES[key](ctx)
    assert db_state() == before


def test_stats_are_the_pages_figures(tree, admin):
    Rated(tree, admin)
    body = Api(admin).get("/api/reviews/stats", org=tree.district.pk, year=2023).json()
    s = stats.rating_stats(user=admin, org=tree.district, year=2023)
    assert (body["org_id"], body["year"], body["counted_on"], body["name_on"]) == (
        tree.district.pk, 2023, "2023-12-31", "Đảng bộ huyện Lạc Dương")
    assert body["populations"] == {pop: c.as_dict() for pop, c in s.totals.items()}
    m = body["populations"]["member"]
    assert (m["listed"], m["decided"], m["good_or_above"], m["good_or_above_percent"], m["excluded"]["exempt"]) == (
        16, 13, 10, 76.9, 1)
    assert body["paragraphs"] == paragraphs.for_stats(s)
    assert [c["name"] for c in body["children"]] == ["Đảng bộ xã Đạ Sar", "Chi bộ Phòng Giáo dục"]
    assert sum(c["counts"]["member"]["decided"] for c in body["children"]) == 13
    assert sum(b["counts"]["listed"] for b in body["by_category"]) == 16
    assert sum(g["counts"]["decided"] for g in body["by_kind"]["member"]) == 13
    assert [y["year"] for y in body["years"]] == [2023]


def test_people_behind_a_number(tree, admin):
    rated = Rated(tree, admin)
    api = Api(admin)
    page = api.get("/api/reviews/stats/people", org=tree.district.pk, year=2023, level="good_or_above",
                   child=tree.commune.pk).json()
    assert page["count"] == 8
    assert page["items"][0].keys() == {"assessment_id", "member_id", "member_name", "org_id", "org_name", "status",
                                       "exclusion", "final_level"}
    one = api.get("/api/reviews/stats/people", org=tree.district.pk, year=2023, level="excellent").json()
    assert [p["member_name"] for p in one["items"]] == [rated.cell1[0].full_name]
    orgs = api.get("/api/reviews/stats/people", org=tree.district.pk, year=2023, population="grassroots").json()
    assert sorted(p["org_name"] for p in orgs["items"]) == ["Chi bộ Phòng Giáo dục", "Đảng bộ xã Đạ Sar"]
    assert_error(api.get("/api/reviews/stats/people", org=tree.district.pk, year=2023, level="x"), 400, "invalid",
                 "level")
    assert_error(api.get("/api/reviews/stats", org=tree.district.pk, year=1800), 400, "invalid", "year")
