"""/api/statforms/…: the guidance and its forms, one form of an org for a period (the ``year`` fixture of
conftest.py), the members behind a figure; bad input named in Vietnamese; every path tried from outside the scope
(``OUTSIDER_CASES``, collected by the meta-test in orgs/tests/test_api.py)."""

import pytest

from dangbo.accounts.tests.test_api_auth import Api, assert_error, db_state
from dangbo.admissions.tests.test_api import ok, token_api
from dangbo.core.testing import Role, user_with

pytestmark = pytest.mark.django_db
T = "/api/statforms"
YEAR = {"form": "1", "start": "2025-01-01", "end": "2025-12-31"}


def test_the_forms_of_the_guidance_in_force(tree):
    body = ok(Api(user_with(Role.CELL_SECRETARY, org=tree.cell1)).get(f"{T}/forms", on="2025-06-30"))
    assert body["code"] == "11-HD/BTCTW" and body["since"] == "2021-12-13" and body["note"]
    form = next(f for f in body["forms"] if f["code"] == "1")
    assert form["number"] == "Biểu số 1-BTCTW"
    rows = {r["key"]: r for r in form["rows"]}
    assert rows["B"]["sum_of"] == ["B1", "B2", "B3"] and rows["C3a"]["part_of"] == "C3" and rows["C5b"]["indent"] == 2
    assert rows["D"]["equals"] == "A + B - C"


def test_the_table_and_the_members_behind_a_figure(tree, year):
    api = token_api(user_with(Role.ORG_COMMISSION, org=tree.commune))
    body = ok(api.get(f"{T}/table", org=tree.commune.pk, **YEAR))
    assert (body["number"], body["org_id"], body["start"], body["end"]) == (
        "Biểu số 1-BTCTW", tree.commune.pk, "2025-01-01", "2025-12-31")
    assert (body["previous_start"], body["previous_end"], body["broken"]) == ("2024-01-01", "2024-12-31", [])
    got = {line["key"]: line["now"] for line in body["lines"] if line["now"]}
    assert got == {"A": 6, "B": 1, "B1": 1, "C": 3, "C1": 1, "C3": 1, "C3a": 1, "C5": 1, "C5b": 1, "D": 4}
    d = next(line for line in body["lines"] if line["key"] == "D")
    assert d["label"].startswith("Đảng viên có đến cuối kỳ") and d["indent"] == 0
    assert d["share"] == ("" if not d["before"] else d["share"])

    page = ok(api.get(f"{T}/members", org=tree.commune.pk, **YEAR, row="C", page_size=2))
    assert (page["count"], page["pages"]) == (3, 2)
    assert [m["full_name"] for m in page["items"]] == ["Lê Văn Cường", "Võ Văn Em"]
    assert page["items"][0]["status"] == "deceased" and page["items"][0]["status_name"] == "Đã từ trần"
    assert page["items"][0]["date_of_birth"] == "1985-03-02"
    assert [m["id"] for m in ok(api.get(f"{T}/members", org=tree.commune.pk, **YEAR, row="B1"))["items"]] == [
        year["new"].pk]


def test_the_whole_set_and_the_orgs_behind_a_figure(tree, year):
    api = token_api(user_with(Role.ORG_COMMISSION, org=tree.district))
    period = {"start": "2025-01-01", "end": "2025-12-31"}
    body = ok(api.get(f"{T}/set", org=tree.district.pk, **period))
    assert [t["form"] for t in body["tables"]] == ["1", "2", "3", "4", "5", "6", "6F", "7"]
    assert body["across"] == [] and all(t["broken"] == [] for t in body["tables"])
    form5 = next(t for t in body["tables"] if t["form"] == "5")
    total = next(line for line in form5["lines"] if line["key"] == "T")
    # the total row: grassroots orgs, đảng bộ cơ sở, chi bộ cơ sở, bộ phận, trực thuộc, members
    assert [c["value"] for c in total["cells"]] == [2, 1, 1, 0, 2, 4] and total["now"] == 4
    form3 = next(t for t in body["tables"] if t["form"] == "3")
    average = next(line for line in form3["lines"] if line["key"] == "3.9")
    assert average["now"] == 40.0 and average["cells"][0]["text"] == "40,0"
    page = ok(api.get(f"{T}/orgs", org=tree.district.pk, form="5", **period, row="T:cbtt"))
    assert [o["name"] for o in page["items"]] == [tree.cell1.name, tree.cell2.name]
    assert page["items"][0]["type"] == "Chi bộ trực thuộc"
    forms = ok(api.get(f"{T}/forms", on="2025-12-31"))["forms"]
    form4 = next(f for f in forms if f["code"] == "4")
    assert [c["key"] for c in form4["columns"]] == ["total", "women", "share"] and form4["main"] == "total"


def test_bad_input_names_the_field(tree):
    api = Api(user_with(Role.ORG_COMMISSION, org=tree.commune))
    org = tree.commune.pk
    assert_error(api.get(f"{T}/table", org=org, form="1", start="2025-07-01", end="2025-06-30"), 400, "invalid",
                 "end")
    assert_error(api.get(f"{T}/table", org=org, form="1", start="2023-01-01", end="2025-01-01"), 400, "invalid",
                 "end")
    assert_error(api.get(f"{T}/table", org=org, form="99", start="2025-01-01", end="2025-06-30"), 400, "invalid",
                 "form")
    assert_error(api.get(f"{T}/table", org=org, form="1", start="01/01/2025", end="2025-06-30"), 422, "validation",
                 "start")
    assert_error(api.get(f"{T}/members", org=org, **YEAR, row="Z9"), 400, "invalid", "row")
    assert_error(api.get(f"{T}/members", org=org, **YEAR), 422, "validation", "row")


# --- from outside the scope -------------------------------------------------------------------------------------

class Ctx:
    def __init__(self, tree):
        self.tree = tree
        tree.member("Phan Văn Bí Mật", org=tree.cell1)
        self.outsider = Api(user_with(Role.CELL_SECRETARY, org=tree.cell2))


def _forms(ctx):
    # the forms are the same for everyone (no org's data): an outsider reads them, and nothing of an org
    body = ok(ctx.outsider.get(f"{T}/forms"))
    assert "Bí Mật" not in str(body) and ctx.tree.cell1.name not in str(body)


def _table(ctx):
    t = ctx.tree
    for org in (t.cell1, t.commune, t.other_cell):
        assert_error(ctx.outsider.get(f"{T}/table", org=org.pk, **YEAR), 404, "out_of_scope", "org")
    assert ok(ctx.outsider.get(f"{T}/table", org=t.cell2.pk, **YEAR))["org_id"] == t.cell2.pk


def _members(ctx):
    t = ctx.tree
    for org in (t.cell1, t.commune, t.other_cell):
        assert_error(ctx.outsider.get(f"{T}/members", org=org.pk, **YEAR, row="A"), 404, "out_of_scope", "org")


def _set(ctx):
    t = ctx.tree
    period = {"start": "2025-01-01", "end": "2025-12-31"}
    for org in (t.cell1, t.commune, t.other_cell):
        assert_error(ctx.outsider.get(f"{T}/set", org=org.pk, **period), 404, "out_of_scope", "org")
        assert_error(ctx.outsider.get(f"{T}/orgs", org=org.pk, form="5", **period, row="T:cbtt"), 404,
                     "out_of_scope", "org")


OUTSIDER_CASES = {
    ("GET", "/api/statforms/set"): _set,
    ("GET", "/api/statforms/orgs"): _set,
    ("GET", "/api/statforms/forms"): _forms,
    ("GET", "/api/statforms/table"): _table,
    ("GET", "/api/statforms/members"): _members,
}


@pytest.mark.parametrize("key", sorted(OUTSIDER_CASES), ids=" ".join)
def test_outsider_gets_404_and_nothing_changes(tree, key):
    ctx = Ctx(tree)
    before = db_state()
    OUTSIDER_CASES[key](ctx)
    assert db_state() == before
