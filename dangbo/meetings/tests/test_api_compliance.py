"""/api/meetings/alerts and /api/meetings/ratings: the pages' figures, and every path tried from outside the scope
(``OUTSIDER_CASES``, collected by the meta-test in orgs/tests/test_api.py)."""

import datetime as dt
import json

import pytest

from dangbo.accounts.tests.test_api_auth import Api, assert_error, db_state
from dangbo.core.periods import year
from dangbo.core.testing import Role, user_with
from dangbo.meetings import services
from dangbo.meetings.selectors import alerts as al

pytestmark = pytest.mark.django_db


class Ctx:
    """cell1 with a meeting lacking its conclusion; an outsider (secretary of cell2) asks about it."""

    def __init__(self, tree):
        self.tree = tree
        services.meeting_save(actor=tree.actor, org=tree.cell1, kind="regular", date=dt.date(2024, 3, 5),
                              conclusion="", agenda="Bí Mật")
        self.outsider = Api(user_with(Role.CELL_SECRETARY, org=tree.cell2))


def _never_named(ctx, response):
    assert response.status_code == 200, response.content.decode()
    body = json.dumps(response.json(), ensure_ascii=False)
    assert ctx.tree.cell1.name not in body and ctx.tree.commune.name not in body


def _cases(path):
    def case(ctx):
        t = ctx.tree
        for org in (t.cell1, t.commune, t.district, t.other_cell):
            assert_error(ctx.outsider.get(path, org=org.pk, period="năm 2024"), 404, "out_of_scope", "org")
        _never_named(ctx, ctx.outsider.get(path, period="năm 2024"))
    return case


OUTSIDER_CASES = {
    ("GET", "/api/meetings/alerts"): _cases("/api/meetings/alerts"),
    ("GET", "/api/meetings/ratings"): _cases("/api/meetings/ratings"),
}


@pytest.mark.parametrize("key", sorted(OUTSIDER_CASES), ids=" ".join)
def test_outsider_gets_404_and_nothing_changes(tree, key):
    ctx = Ctx(tree)
    before = db_state()
    OUTSIDER_CASES[key](ctx)
    assert db_state() == before


def test_alerts_are_the_pages(year2024, admin):
    t = year2024.tree
    api = Api(admin)
    body = api.get("/api/meetings/alerts", org=t.district.pk, period="năm 2024", as_of="2025-02-01").json()
    found = al.alerts(org=t.district, period=year(2024), as_of=dt.date(2025, 2, 1))
    assert body["count"] == len(found) == 9
    assert [(i["kind"], i["record_id"], i["text"]) for i in body["items"]] == [
        (a.kind, a.record_id, a.text) for a in found]
    one = api.get("/api/meetings/alerts", org=t.district.pk, period="năm 2024", as_of="2025-02-01",
                  kind="no_regular").json()["items"]
    assert [(i["cell_id"], i["month"], i["record"]) for i in one] == [(t.cell2.pk, "2024-03-01", "cell")]
    assert_error(api.get("/api/meetings/alerts", org=t.district.pk, kind="x"), 400, "invalid", "kind")
    assert_error(api.get("/api/meetings/alerts", org=t.district.pk, period="quý V/2024"), 400, "invalid", "period")


def test_ratings_are_the_pages(year2024, admin):
    t = year2024.tree
    body = Api(admin).get("/api/meetings/ratings", org=t.district.pk, period="năm 2024").json()
    assert (body["total"]["held"], body["total"]["rated"], body["total"]["levels"]["good"],
            body["total"]["percent"]["good"]) == (42, 41, 35, 85.4)
    assert [m["month"] for m in body["months"]][:2] == ["2024-01-01", "2024-02-01"]
    assert {c["name"]: c["rated"] for c in body["children"]} == {
        "Đảng bộ xã Đạ Sar": 23, "Chi bộ Phòng Giáo dục": 11, "Chi bộ Công ty TNHH Đà Lạt Xanh": 7}
    assert body["sentences"][0].startswith("Bình quân mỗi tháng có 83,3% chi bộ cơ sở xếp loại Tốt")
