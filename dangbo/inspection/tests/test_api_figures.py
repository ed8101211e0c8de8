"""/api/inspection/figures (K10) and the endpoints added after the first API: a denunciation withdrawn, an
official named on a case or a letter, the complaints' list and one complaint. Exact values; bad input names the
field; every path tried from outside (``OUTSIDER_CASES``, collected by the meta-test in orgs/tests/test_api.py)."""

import datetime as dt

import pytest

from dangbo.accounts.tests.test_api_auth import Api, assert_error
from dangbo.admissions.tests.test_api import ok, token_api
from dangbo.core.testing import Role, Tree, user_with
from dangbo.inspection.tests.test_api import P, state
from dangbo.inspection.tests.test_figures import work  # noqa: F401  (the year of work the figures count)

pytestmark = pytest.mark.django_db
D = dt.date

TALLY0 = {"cases": 0, "orgs": 0, "members": 0}


def test_the_district_year_exact(tree, inspector, work):  # noqa: F811
    got = ok(token_api(inspector).get(f"{P}/figures", org=tree.district.pk, period="năm 2024"))
    assert (got["org_name"], got["period"], got["start"], got["end"]) == (
        "Đảng bộ huyện Lạc Dương", "năm 2024", "2024-01-01", "2024-12-31")
    assert got["checks"] == {"commission": {"cases": 3, "orgs": 2, "members": 3},
                             "committee": {"cases": 1, "orgs": 2, "members": 0},
                             "cell": {"cases": 1, "orgs": 0, "members": 3}, "advisory": TALLY0}
    assert got["supervisions"] == {"commission": {"cases": 1, "orgs": 1, "members": 0},
                                   "committee": {"cases": 1, "orgs": 0, "members": 1}, "cell": TALLY0,
                                   "advisory": TALLY0}
    assert got["all_checks"] == {"cases": 5, "orgs": 4, "members": 6}
    assert got["all_supervisions"] == {"cases": 2, "orgs": 1, "members": 1}
    assert got["violation_checks"] == {"cases": 1, "orgs": 0, "members": 1}
    assert got["finance_checks"] == {"cases": 1, "orgs": 1, "members": 0}
    assert got["denunciations"] == {"received": 3, "not_handled": 1, "taken_up": 2, "resolved": 2, "in_progress": 1}
    assert (got["complaints_received"], got["complaints_settled"]) == (1, 1)
    assert got["members_disciplined"] == {"reprimand": 1, "warning": 1, "removal": 0, "expulsion": 1}
    assert got["orgs_disciplined"] == {"reprimand": 1, "warning": 0, "disbandment": 0}
    assert (got["members_disciplined_total"], got["orgs_disciplined_total"]) == (3, 1)
    assert (got["struck_off"], got["dismissed"]) == (1, 1)
    assert got["sentence"].startswith("Trong năm 2024, các cấp ủy, tổ chức đảng đã tiến hành kiểm tra 02 tổ chức")


def test_periods_and_bad_input(tree, inspector, commission, work):  # noqa: F811
    api = token_api(inspector)
    first = ok(api.get(f"{P}/figures", org=tree.district.pk, period="6 tháng đầu năm 2024"))
    assert (first["start"], first["end"], first["finance_checks"]["cases"]) == ("2024-01-01", "2024-06-30", 1)
    assert first["supervisions"]["commission"]["cases"] == 0  # decided on 31/12/2024
    span = ok(api.get(f"{P}/figures", org=tree.district.pk, start="2024-12-01", end="2024-12-31"))
    assert span["period"] == "thời gian từ ngày 01/12/2024 đến ngày 31/12/2024"
    assert span["all_supervisions"] == {"cases": 1, "orgs": 1, "members": 0} and span["all_checks"]["cases"] == 0
    assert ok(api.get(f"{P}/figures", org=tree.district.pk, period="2023"))["checks"]["commission"]["cases"] == 1
    assert_error(api.get(f"{P}/figures", org=tree.district.pk, period="năm ngoái"), 400, field="period")
    assert_error(api.get(f"{P}/figures", org=tree.district.pk, start="2024-01-01"), 400, field="end")
    assert_error(api.get(f"{P}/figures", org=tree.district.pk, start="2024-02-01", end="2024-01-01"), 400,
                 field="end")
    assert_error(api.get(f"{P}/figures", org=tree.district.pk, start="01/02/2024", end="2024-03-01"), 422,
                 field="start")
    assert_error(api.get(f"{P}/figures", org=tree.district.pk, period="2024", start="2024-01-01",
                         end="2024-03-01"), 400, field="period")
    assert_error(api.get(f"{P}/figures"), 422, field="org")
    # the organization commission over the org reads the counts too
    assert ok(token_api(commission).get(f"{P}/figures", org=tree.commune.pk, period="2024"))["all_checks"] == {
        "cases": 2, "orgs": 2, "members": 3}


# --- out of scope: every path; nothing changes ----------------------------------------------------------------


class Ctx:
    def __init__(self, admin):
        self.tree = t = Tree(admin)
        self.inspector = user_with(Role.INSPECTION, org=t.district, username="ubkt")
        self.an = t.member("Nguyễn Văn An", org=t.cell1)
        self.strangers = [Api(user_with(Role.CELL_SECRETARY, org=t.cell2)),
                          Api(user_with(Role.INSPECTION, org=t.other_district))]
        # those who read and write the whole tree but none of its confidential records
        self.outsiders = [*self.strangers, Api(admin), Api(user_with(Role.CELL_SECRETARY, org=t.cell1))]


def _figures(ctx):
    # the tree's admin, a cell secretary of the org, another district's commission and a sibling cell's secretary
    for api in ctx.outsiders:
        for params in ({"period": "2024"}, {"period": "năm ngoái"}, {"start": "2024-01-01", "end": "2024-03-31"}):
            assert_error(api.get(f"{P}/figures", org=ctx.tree.cell1.pk, **params), 404, "out_of_scope", "org")
        assert_error(api.get(f"{P}/figures", org=ctx.tree.district.pk), 404, "out_of_scope", "org")


OUTSIDER_CASES = {
    ("GET", "/api/inspection/figures"): _figures,
}


@pytest.mark.parametrize("key", sorted(OUTSIDER_CASES), ids=" ".join)
def test_outsider_gets_404_and_nothing_changes(admin, key):
    ctx = Ctx(admin)
    before = state()
    OUTSIDER_CASES[key](ctx)
    assert state() == before
