"""The org endpoints of the JSON API: reads, restructuring, roles, and every path tried from outside the scope.

Also holds the meta-test: each path of the OpenAPI schema must have an out-of-scope case in one of the
``OUTSIDER_CASES`` tables (here, in members/tests/test_api.py, accounts/tests/test_api_auth.py, and each app's
tests/test_api*.py imported below)."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from dangbo.accounts.tests.test_api_auth import OUTSIDER_CASES as AUTH_CASES
from dangbo.accounts.tests.test_api_auth import Api, assert_error, db_state
from dangbo.admissions.tests.test_api import OUTSIDER_CASES as ADMISSION_CASES
from dangbo.admissions.tests.test_api_work import OUTSIDER_CASES as ADMISSION_WORK_CASES
from dangbo.core.testing import Role, user_with
from dangbo.meetings.tests.test_api import OUTSIDER_CASES as MEETING_CASES
from dangbo.meetings.tests.test_api_compliance import OUTSIDER_CASES as MEETING_COMPLIANCE_CASES
from dangbo.members.models import Member
from dangbo.members.tests.test_api import OUTSIDER_CASES as MEMBER_CASES
from dangbo.orgs.models import Org, OrgStatus
from dangbo.reviews.tests.test_api import OUTSIDER_CASES as REVIEW_CASES
from dangbo.reviews.tests.test_api_stats import OUTSIDER_CASES as REVIEW_STATS_CASES
from dangbo.targets.tests.test_api import OUTSIDER_CASES as TARGET_CASES
from dangbo.transfers.tests.test_api import OUTSIDER_CASES as TRANSFER_CASES

pytestmark = pytest.mark.django_db


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content.decode()
    body = response.json()
    return [row["id"] for row in (body["items"] if isinstance(body, dict) else body)]


def parent_of(org: Org) -> Org:
    return Org.objects.get(path=org.path[:-Org.steplen])


def new_org(api, parent, name, type_code, kind=None, founded_on="2015-01-01") -> dict:
    response = api.post("/api/orgs", {"parent_id": parent.pk if parent else None, "name": name, "type": type_code,
                                      "kind": kind, "founded_on": founded_on})
    assert response.status_code == 201, response.content.decode()
    return response.json()


# --- out of scope: a cell secretary of cell2 against cell1 (a sibling) and another district --------------


class Ctx:
    def __init__(self, tree):
        self.tree = tree
        self.member = tree.member("Trần Thị Bình", gender="F", org=tree.cell1)
        self.outsider = Api(user_with(Role.CELL_SECRETARY, org=tree.cell2))


def _list(ctx):
    t = ctx.tree
    assert ids(ctx.outsider.get("/api/orgs", include_ended="true")) == [t.cell2.pk]
    assert ids(ctx.outsider.get("/api/orgs", q="chi bo")) == [t.cell2.pk]
    assert_error(ctx.outsider.get("/api/orgs", within=t.cell1.pk), 404, "out_of_scope", "within")


def _detail(ctx):
    for org in (ctx.tree.cell1, ctx.tree.commune, ctx.tree.other_cell):
        assert_error(ctx.outsider.get(f"/api/orgs/{org.pk}"), 404, "out_of_scope")


def _children(ctx):
    assert_error(ctx.outsider.get(f"/api/orgs/{ctx.tree.commune.pk}/children"), 404, "out_of_scope")


def _tree(ctx):
    assert_error(ctx.outsider.get(f"/api/orgs/{ctx.tree.commune.pk}/tree", on="2020-01-01"), 404, "out_of_scope")


def _create(ctx):
    body = {"name": "Chi bộ thôn Mới", "type": "chi_bo_truc_thuoc", "kind": "thon", "founded_on": "2020-01-01"}
    assert_error(ctx.outsider.post("/api/orgs", {**body, "parent_id": ctx.tree.commune.pk}), 404, "out_of_scope",
                 "parent_id")
    assert_error(ctx.outsider.post("/api/orgs", {**body, "parent_id": None, "type": "dang_bo_tinh"}), 403,
                 "forbidden")


def _rename(ctx):
    assert_error(ctx.outsider.post(f"/api/orgs/{ctx.tree.cell1.pk}/rename", {"name": "X", "on": "2020-01-01"}), 404)


def _transfer(ctx):
    t = ctx.tree
    body = {"new_parent_id": t.other_commune.pk, "on": "2020-01-01"}
    assert_error(ctx.outsider.post(f"/api/orgs/{t.cell1.pk}/transfer", body), 404, "out_of_scope")
    # Its own cell, but into a commune it cannot see.
    assert_error(ctx.outsider.post(f"/api/orgs/{t.cell2.pk}/transfer", body), 404, "out_of_scope", "new_parent_id")


def _dissolve(ctx):
    assert_error(ctx.outsider.post(f"/api/orgs/{ctx.tree.other_cell.pk}/dissolve", {"on": "2020-01-01"}), 404)


def _merge(ctx):
    t = ctx.tree
    assert_error(ctx.outsider.post(f"/api/orgs/{t.cell1.pk}/merge", {"on": "2020-01-01", "into_id": t.cell2.pk}),
                 404)
    assert_error(ctx.outsider.post(f"/api/orgs/{t.cell2.pk}/merge", {"on": "2020-01-01", "into_id": t.cell1.pk}),
                 404, field="into_id")


def _split(ctx):
    parts = [{"name": "A", "type": "chi_bo_truc_thuoc", "member_ids": [ctx.member.pk]},
             {"name": "B", "type": "chi_bo_truc_thuoc"}]
    assert_error(ctx.outsider.post(f"/api/orgs/{ctx.tree.cell1.pk}/split", {"on": "2020-01-01", "parts": parts}),
                 404)


OUTSIDER_CASES = {
    ("GET", "/api/orgs"): _list,
    ("GET", "/api/orgs/{org_id}"): _detail,
    ("GET", "/api/orgs/{org_id}/children"): _children,
    ("GET", "/api/orgs/{org_id}/tree"): _tree,
    ("POST", "/api/orgs"): _create,
    ("POST", "/api/orgs/{org_id}/rename"): _rename,
    ("POST", "/api/orgs/{org_id}/transfer"): _transfer,
    ("POST", "/api/orgs/{org_id}/dissolve"): _dissolve,
    ("POST", "/api/orgs/{org_id}/merge"): _merge,
    ("POST", "/api/orgs/{org_id}/split"): _split,
}


@pytest.mark.parametrize("key", sorted(OUTSIDER_CASES), ids=" ".join)
def test_outsider_gets_404_and_nothing_changes(tree, key):
    ctx = Ctx(tree)
    before = db_state()
    OUTSIDER_CASES[key](ctx)
    assert db_state() == before


def test_every_api_path_has_an_out_of_scope_test():
    """A new endpoint without a row in one of the OUTSIDER_CASES tables fails here."""
    from dangbo.api import api

    schema = api.get_openapi_schema()
    endpoints = {(method.upper(), path) for path, ops in schema["paths"].items() for method in ops}
    tested = (set(OUTSIDER_CASES) | set(MEMBER_CASES) | set(AUTH_CASES) | set(REVIEW_STATS_CASES)
              | set(REVIEW_CASES) | set(TARGET_CASES) | set(MEETING_CASES) | set(MEETING_COMPLIANCE_CASES)
              | set(ADMISSION_CASES)
              | set(ADMISSION_WORK_CASES) | set(TRANSFER_CASES))
    assert endpoints - tested == set(), "endpoints without an out-of-scope test"
    assert tested - endpoints == set(), "out-of-scope tests for endpoints that no longer exist"
    # The tables must not overlap, or one module's case could silently shadow another's.
    assert len(tested) == (len(OUTSIDER_CASES) + len(MEMBER_CASES) + len(AUTH_CASES) + len(REVIEW_STATS_CASES)
                           + len(REVIEW_CASES) + len(TARGET_CASES) + len(MEETING_CASES)
                           + len(MEETING_COMPLIANCE_CASES) + len(ADMISSION_CASES)
                           + len(ADMISSION_WORK_CASES) + len(TRANSFER_CASES))


# --- reads ------------------------------------------------------------------------------------------------


def test_list_filters_and_paginates(tree, admin):
    api = Api(admin)
    t = tree
    assert ids(api.get("/api/orgs", q="DA NGHIT")) == [t.cell1.pk]  # accents and đ folded
    assert ids(api.get("/api/orgs", q="pang tieng")) == [t.cell2.pk]
    assert ids(api.get("/api/orgs", type="dang_bo_co_so")) == [t.commune.pk, t.other_commune.pk]
    assert ids(api.get("/api/orgs", kind="thon", within=t.commune.pk)) == [t.cell1.pk, t.cell2.pk]
    page = api.get("/api/orgs", page_size=4, page=3).json()
    assert (page["count"], page["pages"], page["page"], len(page["items"])) == (9, 3, 3, 1)
    row = next(o for o in api.get("/api/orgs", within=t.commune.pk).json()["items"] if o["id"] == t.cell1.pk)
    assert (row["parent_id"], row["type"], row["kind"], row["is_cell"], row["founded_on"]) == (
        t.commune.pk, "chi_bo_truc_thuoc", "thon", True, "2015-01-01")
    assert_error(api.get("/api/orgs", page=0), 422, "validation", "page")


def test_list_queries_do_not_grow_with_rows(tree, admin):
    api = Api(admin)

    def queries(path):
        with CaptureQueriesContext(connection) as captured:
            assert api.get(path, page_size=500).status_code == 200
        return len(captured)

    few = queries("/api/orgs"), queries(f"/api/orgs/{tree.commune.pk}/children")
    for i in range(4):
        new_org(api, tree.commune, f"Chi bộ thôn {i}", "chi_bo_truc_thuoc", "thon")
    assert (queries("/api/orgs"), queries(f"/api/orgs/{tree.commune.pk}/children")) == few


def test_ended_orgs_only_on_request(tree, admin):
    api = Api(admin)
    assert api.post(f"/api/orgs/{tree.cell2.pk}/dissolve", {"on": "2020-01-01"}).status_code == 200
    assert tree.cell2.pk not in ids(api.get("/api/orgs"))
    assert tree.cell2.pk in ids(api.get("/api/orgs", include_ended="true"))
    assert ids(api.get(f"/api/orgs/{tree.commune.pk}/children")) == [tree.cell1.pk]
    assert ids(api.get(f"/api/orgs/{tree.commune.pk}/children", include_ended="true")) == [tree.cell1.pk,
                                                                                          tree.cell2.pk]


def test_detail_counts_members_of_the_subtree(tree, admin):
    tree.member("Nguyễn Văn An")
    tree.member("Lê Thị Hoa", gender="F", org=tree.cell2, official=None, admitted=dt.date(2024, 3, 1))
    tree.member("Phạm Văn Sơn", org=tree.other_cell)
    body = Api(admin).get(f"/api/orgs/{tree.commune.pk}").json()
    assert body["name"] == "Đảng bộ xã Đạ Sar" and body["parent_id"] == tree.district.pk
    assert body["counts"] == {"probationary": 1, "official": 1, "transferred_out": 0, "struck_off": 0,
                              "dismissed": 0, "expelled": 0, "deceased": 0, "active": 2, "exempt": 0}


def test_tree_as_it_stood_on_a_date(tree, admin):
    api = Api(admin)
    t = tree
    assert api.post(f"/api/orgs/{t.cell1.pk}/rename", {"name": "Chi bộ thôn Đạ Nghịt 1", "on": "2020-01-01"}
                    ).status_code == 200
    assert api.post(f"/api/orgs/{t.cell2.pk}/transfer", {"new_parent_id": t.other_commune.pk, "on": "2021-01-01"}
                    ).status_code == 200

    def names(on):
        body = api.get(f"/api/orgs/{t.commune.pk}/tree", on=on).json()
        return [(row["name"], row["parent_id"], row["depth"]) for row in body["items"]]

    assert names("2019-12-31") == [("Đảng bộ xã Đạ Sar", t.district.pk, 3), ("Chi bộ thôn Đạ Nghịt", t.commune.pk, 4),
                                   ("Chi bộ thôn Păng Tiêng", t.commune.pk, 4)]
    assert names("2020-06-01") == [("Đảng bộ xã Đạ Sar", t.district.pk, 3),
                                   ("Chi bộ thôn Đạ Nghịt 1", t.commune.pk, 4),
                                   ("Chi bộ thôn Păng Tiêng", t.commune.pk, 4)]
    assert names("2021-01-01") == [("Đảng bộ xã Đạ Sar", t.district.pk, 3),
                                   ("Chi bộ thôn Đạ Nghịt 1", t.commune.pk, 4)]
    assert api.get(f"/api/orgs/{t.commune.pk}/tree", on="2010-01-01").json()["count"] == 0
    assert_error(api.get(f"/api/orgs/{t.commune.pk}/tree", on="2020-02-30"), 422, "validation", "on")


# --- writes -----------------------------------------------------------------------------------------------


def test_create_under_a_parent(tree):
    secretary = user_with(Role.CELL_SECRETARY, org=tree.commune)
    body = new_org(Api(secretary), tree.commune, " Chi bộ  thôn Mới ", "chi_bo_truc_thuoc", "thon", "2020-03-01")
    org = Org.objects.get(pk=body["id"])
    assert (org.name, parent_of(org), org.founded_on) == ("Chi bộ thôn Mới", tree.commune, dt.date(2020, 3, 1))
    assert (body["parent_id"], body["status"], body["kind_name"]) == (tree.commune.pk, "active", "Thôn")


def test_create_refuses_unknown_type_and_bad_placement(tree, admin):
    api = Api(admin)
    before = db_state()
    body = {"parent_id": tree.commune.pk, "name": "X", "type": "khong_co", "founded_on": "2020-01-01"}
    assert "chi_bo_truc_thuoc" in assert_error(api.post("/api/orgs", body), 400, "invalid", "type")["message"]
    error = assert_error(api.post("/api/orgs", {**body, "type": "dang_bo_huyen"}), 400, "O2", "parent")
    assert error["citation"].startswith("Điều lệ Đảng")
    assert_error(api.post("/api/orgs", {**body, "type": "chi_bo_truc_thuoc", "founded_on": None}), 422,
                 "validation", "founded_on")
    assert db_state() == before


def test_rename_and_transfer(tree):
    api = Api(user_with(Role.ORG_COMMISSION, org=tree.province))
    renamed = api.post(f"/api/orgs/{tree.cell1.pk}/rename", {"name": "Chi bộ thôn Đạ Nghịt A", "on": "2020-01-01",
                                                              "decision_ref": "12-QĐ/ĐU"})
    assert renamed.status_code == 200 and renamed.json()["name"] == "Chi bộ thôn Đạ Nghịt A"
    moved = api.post(f"/api/orgs/{tree.cell1.pk}/transfer", {"new_parent_id": tree.other_commune.pk,
                                                              "on": "2021-01-01"})
    assert moved.status_code == 200 and moved.json()["parent_id"] == tree.other_commune.pk
    tree.cell1.refresh_from_db()
    assert parent_of(tree.cell1) == tree.other_commune


def test_transfer_into_a_dissolved_org_is_refused_with_its_rule(tree, admin):
    api = Api(admin)
    empty = new_org(api, tree.district, "Đảng bộ xã Đã Giải Thể", "dang_bo_co_so", "xa")
    assert api.post(f"/api/orgs/{empty['id']}/dissolve", {"on": "2020-01-01"}).json()["status"] == "ended"
    before = db_state()
    body = assert_error(api.post(f"/api/orgs/{tree.cell1.pk}/transfer",
                                 {"new_parent_id": empty["id"], "on": "2021-01-01"}), 400, "O2", "parent")
    assert "đã kết thúc hoạt động" in body["message"] and body["citation"]
    assert db_state() == before


def test_dissolve_refused_while_members_remain(tree, admin):
    tree.member()
    before = db_state()
    body = assert_error(Api(admin).post(f"/api/orgs/{tree.cell1.pk}/dissolve", {"on": "2020-01-01"}), 400, "O2")
    assert "đảng viên đang sinh hoạt" in body["message"]
    assert db_state() == before


def test_merge_into_an_existing_org_and_into_a_new_one(tree, admin):
    api = Api(admin)
    member = tree.member(org=tree.cell2)
    into = api.post(f"/api/orgs/{tree.cell2.pk}/merge", {"on": "2022-01-01", "into_id": tree.cell1.pk})
    assert into.status_code == 200 and into.json()["id"] == tree.cell1.pk
    member.refresh_from_db()
    assert member.org == tree.cell1
    assert Org.objects.get(pk=tree.cell2.pk).status == OrgStatus.ENDED
    merged = api.post(f"/api/orgs/{tree.commune.pk}/merge", {
        "on": "2023-01-01", "other_source_ids": [tree.other_commune.pk], "name": "Đảng bộ xã Đạ Sar - Rô Men",
        "type": "dang_bo_co_so", "kind": "xa", "parent_id": tree.district.pk})
    assert merged.status_code == 200, merged.content
    successor = Org.objects.get(pk=merged.json()["id"])
    assert parent_of(successor) == tree.district
    children = Org.objects.filter(path__startswith=successor.path, depth=successor.depth + 1)
    assert set(children.values_list("pk", flat=True)) == {tree.cell1.pk, tree.other_cell.pk}


def test_split_assigns_members_and_children(tree, admin):
    one, two = tree.member("Nguyễn Văn An"), tree.member("Lê Văn Bình")
    parts = [{"name": "Chi bộ thôn Đạ Nghịt 1", "type": "chi_bo_truc_thuoc", "kind": "thon", "member_ids": [one.pk]},
             {"name": "Chi bộ thôn Đạ Nghịt 2", "type": "chi_bo_truc_thuoc", "kind": "thon", "member_ids": [two.pk]}]
    response = Api(admin).post(f"/api/orgs/{tree.cell1.pk}/split", {"on": "2022-01-01", "parts": parts})
    assert response.status_code == 200, response.content
    created = response.json()
    assert [o["name"] for o in created] == ["Chi bộ thôn Đạ Nghịt 1", "Chi bộ thôn Đạ Nghịt 2"]
    assert [Member.objects.get(pk=m.pk).org_id for m in (one, two)] == [o["id"] for o in created]
    before = db_state()
    parts[0]["member_ids"] = []  # the member of the first part is left without a cell
    assert_error(Api(admin).post(f"/api/orgs/{created[0]['id']}/split", {"on": "2023-01-01", "parts": parts}), 400,
                 field="member_ids")
    assert db_state() == before


# --- roles ------------------------------------------------------------------------------------------------


def test_inspection_reads_but_cannot_write(tree):
    inspector = Api(user_with(Role.INSPECTION, org=tree.commune))
    assert ids(inspector.get("/api/orgs")) == [tree.commune.pk, tree.cell1.pk, tree.cell2.pk]
    assert inspector.get(f"/api/orgs/{tree.cell1.pk}").status_code == 200
    assert inspector.get(f"/api/orgs/{tree.commune.pk}/tree").status_code == 200
    before = db_state()
    body = {"name": "X", "type": "chi_bo_truc_thuoc", "founded_on": "2020-01-01", "parent_id": tree.commune.pk}
    assert_error(inspector.post("/api/orgs", body), 403, "forbidden", "parent_id")
    assert_error(inspector.post(f"/api/orgs/{tree.cell1.pk}/rename", {"name": "X", "on": "2020-01-01"}), 403,
                 "forbidden")
    assert_error(inspector.post(f"/api/orgs/{tree.cell1.pk}/dissolve", {"on": "2020-01-01"}), 403, "forbidden")
    assert_error(inspector.post(f"/api/orgs/{tree.cell1.pk}/merge", {"on": "2020-01-01", "into_id": tree.cell2.pk}),
                 403, "forbidden")
    assert db_state() == before


def test_member_role_sees_no_orgs(tree):
    member = tree.member()
    api = Api(user_with(Role.MEMBER, member=member))
    assert ids(api.get("/api/orgs")) == []
    assert_error(api.get(f"/api/orgs/{tree.cell1.pk}"), 404, "out_of_scope")


def test_cell_secretary_writes_only_inside_the_cell(tree):
    api = Api(user_with(Role.CELL_SECRETARY, org=tree.cell1))
    assert ids(api.get("/api/orgs")) == [tree.cell1.pk]
    # Renaming her own cell is the superior committee's decision (O3): visible, so 403 naming the rule.
    refused = api.post(f"/api/orgs/{tree.cell1.pk}/rename", {"name": "Chi bộ Đạ Nghịt", "on": "2020-01-01"})
    assert_error(refused, 403, "O3")
    assert "cấp ủy cấp trên trực tiếp" in refused.json()["message"]
    assert_error(api.post(f"/api/orgs/{tree.cell1.pk}/transfer", {"new_parent_id": tree.commune.pk,
                                                                   "on": "2021-01-01"}), 404)


def test_docs_and_schema_are_public_but_data_is_not():
    assert Client().get("/api/openapi.json").status_code == 200
    assert Client().get("/api/orgs").status_code == 401
