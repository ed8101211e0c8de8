"""The documents, targets, tasks, manual values and dashboard endpoints of the JSON API: happy paths, refusals in
the one error shape, and each path tried from outside the scope (``OUTSIDER_CASES``, checked for completeness by
the meta-test in orgs/tests/test_api.py)."""

import datetime as dt

import pytest

from dangbo.accounts.tests.test_api_auth import Api, assert_error, db_state
from dangbo.core.testing import Role, okind, user_with
from dangbo.orgs import services as org_services
from dangbo.targets import selectors, services
from dangbo.targets.models import Document, ManualValue, Target, Task

pytestmark = pytest.mark.django_db
D = dt.date


def state():
    return (db_state(), list(Document.objects.values_list("pk", "reference", "implements_id")),
            list(Target.objects.values_list("pk", "low")), list(Task.objects.values_list("pk", "status", "evidence")),
            list(ManualValue.objects.values_list("pk", "numerator")))


def items(response) -> list[dict]:
    assert response.status_code == 200, response.content.decode()
    body = response.json()
    return body["items"] if isinstance(body, dict) else body


DOC = {"reference": "20-KH/HU", "title": "Kế hoạch thực hiện Chương trình", "issuing_body": "Huyện ủy Lạc Dương",
       "issued_on": "2023-03-15", "period_start": 2023, "period_end": 2025}


# --- out of scope: a cell secretary of cell2 against the district's plan -----------------------------------


class Ctx:
    def __init__(self, tree):
        actor = tree.actor
        self.tree = tree
        self.document = services.document_create(
            actor=actor, reference="15-KH/HU", issuing_body="Huyện ủy Lạc Dương", issued_on=D(2020, 1, 10),
            title="Kế hoạch bí mật của huyện", period_start=2020, period_end=2025, scope_org=tree.district)
        self.task = services.task_add(actor=actor, document=self.document, responsible="Ban Tổ chức Huyện ủy",
                                      deliverable="Nhiệm vụ bí mật", deadline_text="quý I/2020")
        self.own = services.document_create(
            actor=actor, reference="02-KH/CB", issuing_body="Chi bộ thôn Păng Tiêng", issued_on=D(2020, 2, 1),
            title="Kế hoạch của chi bộ", period_start=2020, period_end=2025, scope_org=tree.cell2)
        self.outsider = Api(user_with(Role.CELL_SECRETARY, org=tree.cell2))


def _list(ctx):
    assert [d["reference"] for d in items(ctx.outsider.get("/api/documents"))] == ["02-KH/CB"]
    assert items(ctx.outsider.get("/api/documents", q="bi mat")) == []


def _detail(ctx):
    assert_error(ctx.outsider.get(f"/api/documents/{ctx.document.pk}"), 404, "out_of_scope")


def _create(ctx):
    assert_error(ctx.outsider.post("/api/documents", {**DOC, "scope_org_id": ctx.tree.district.pk}), 404,
                 "out_of_scope", "scope_org_id")
    body = {**DOC, "reference": "03-KH/CB", "scope_org_id": ctx.tree.cell2.pk, "implements_id": ctx.document.pk}
    assert_error(ctx.outsider.post("/api/documents", body), 404, "out_of_scope", "implements_id")


def _target(ctx):
    body = {"text": "x", "indicator": "villages_with_cell_rate", "comparator": "gte", "low": 100}
    assert_error(ctx.outsider.post(f"/api/documents/{ctx.document.pk}/targets", body), 404, "out_of_scope")
    assert_error(ctx.outsider.post(f"/api/documents/{ctx.own.pk}/targets",
                                   {**body, "scope_org_id": ctx.tree.cell1.pk}), 404, "out_of_scope", "scope_org_id")


def _task(ctx):
    body = {"responsible": "x", "deliverable": "y", "deadline_text": "quý IV/2021"}
    assert_error(ctx.outsider.post(f"/api/documents/{ctx.document.pk}/tasks", body), 404, "out_of_scope")
    assert_error(ctx.outsider.post(f"/api/documents/{ctx.own.pk}/tasks",
                                   {**body, "responsible_org_id": ctx.tree.cell1.pk}), 404, "out_of_scope",
                 "responsible_org_id")


def _task_update(ctx):
    body = {"status": "done", "done_on": "2020-03-01", "evidence": "x"}
    assert_error(ctx.outsider.post(f"/api/tasks/{ctx.task.pk}", body), 404, "out_of_scope")


def _overdue(ctx):
    assert items(ctx.outsider.get("/api/tasks/overdue")) == []


def _dashboard(ctx):
    assert_error(ctx.outsider.get(f"/api/documents/{ctx.document.pk}/dashboard"), 404, "out_of_scope")
    assert_error(ctx.outsider.get(f"/api/documents/{ctx.own.pk}/dashboard", org=ctx.tree.district.pk), 404,
                 "out_of_scope", "org")


def _manual(ctx):
    body = {"indicator": "orgs_new_model_rate", "org_id": ctx.tree.district.pk, "year": 2023, "numerator": 1,
            "denominator": 2}
    assert_error(ctx.outsider.post("/api/manual-values", body), 404, "out_of_scope", "org_id")


OUTSIDER_CASES = {
    ("GET", "/api/documents"): _list,
    ("GET", "/api/documents/{document_id}"): _detail,
    ("POST", "/api/documents"): _create,
    ("POST", "/api/documents/{document_id}/targets"): _target,
    ("POST", "/api/documents/{document_id}/tasks"): _task,
    ("POST", "/api/tasks/{task_id}"): _task_update,
    ("GET", "/api/tasks/overdue"): _overdue,
    ("GET", "/api/documents/{document_id}/dashboard"): _dashboard,
    ("POST", "/api/manual-values"): _manual,
}


@pytest.mark.parametrize("key", sorted(OUTSIDER_CASES), ids=" ".join)
def test_outsider_gets_404_and_nothing_changes(tree, key):
    ctx = Ctx(tree)
    before = state()
    OUTSIDER_CASES[key](ctx)
    assert state() == before


# --- happy paths -------------------------------------------------------------------------------------------


@pytest.fixture
def api(tree):
    return Api(user_with(Role.ORG_COMMISSION, org=tree.district))


@pytest.fixture
def programme(tree, admin):
    """The province's resolution and programme, and the district's plan that implements the programme."""
    nq = services.document_create(actor=admin, reference="21-NQ/TW", issuing_body="Ban Chấp hành Trung ương",
                                  issued_on=D(2022, 6, 16), title="Về tổ chức cơ sở đảng", period_start=2022,
                                  period_end=2030, scope_org=tree.province)
    ctr = services.document_create(actor=admin, reference="42-CTr/TU", issuing_body="Tỉnh ủy Lâm Đồng",
                                   issued_on=D(2022, 10, 27), title="Chương trình hành động", period_start=2022,
                                   period_end=2030, scope_org=tree.province, implements=nq)
    kh = services.document_create(actor=admin, reference="15-KH/HU", issuing_body="Huyện ủy Lạc Dương",
                                  issued_on=D(2023, 1, 10), title="Kế hoạch thực hiện", period_start=2023,
                                  period_end=2025, scope_org=tree.district, implements=ctr)
    return nq, ctr, kh


def test_create_a_plan_with_targets_and_tasks(tree, api, programme):
    nq, ctr, kh = programme
    response = api.post("/api/documents", {**DOC, "scope_org_id": tree.district.pk, "implements_id": kh.pk,
                                           "place": "Lạc Dương"})
    assert response.status_code == 201, response.content.decode()
    doc = response.json()
    assert (doc["kind"], doc["kind_name"], doc["scope_org_name"]) == ("KH", "Kế hoạch", "Đảng bộ huyện Lạc Dương")
    assert [d["reference"] for d in doc["implements_chain"]] == ["15-KH/HU", "42-CTr/TU", "21-NQ/TW"]
    target = api.post(f"/api/documents/{doc['id']}/targets", {
        "text": "Kết nạp 1.800 – 2.000 đảng viên mỗi năm", "indicator": "admissions_count", "comparator": "between",
        "low": 1800, "high": "2000"})
    assert target.status_code == 201, target.content.decode()
    assert (target.json()["spec_text"], target.json()["source"]) == ("từ 1.800 đến 2.000", "computed")
    task = api.post(f"/api/documents/{doc['id']}/tasks", {"responsible": "Ban Tổ chức Huyện ủy",
                                                           "deliverable": "Hướng dẫn", "deadline_text": "Quý IV/2023"})
    assert task.status_code == 201, task.content.decode()
    assert (task.json()["deadline_text"], task.json()["deadline_end"], task.json()["overdue"]) == (
        "quý IV/2023", "2023-12-31", True)
    assert [t["id"] for t in items(api.get("/api/tasks/overdue", as_of="2024-01-02"))] == [task.json()["id"]]
    assert items(api.get("/api/tasks/overdue", as_of="2023-12-31")) == []
    done = api.post(f"/api/tasks/{task.json()['id']}", {"status": "done", "done_on": "2023-12-01",
                                                         "evidence": "Hướng dẫn 05-HD/BTCHU"})
    assert done.status_code == 200 and done.json()["status_name"] == "Đã hoàn thành"
    detail = api.get(f"/api/documents/{doc['id']}").json()
    assert [t["indicator"] for t in detail["targets"]] == ["admissions_count"]
    assert [t["evidence"] for t in detail["tasks"]] == ["Hướng dẫn 05-HD/BTCHU"]
    up = api.get(f"/api/documents/{kh.pk}").json()
    assert [d["reference"] for d in up["implemented_by"]] == ["20-KH/HU"]
    assert [d["reference"] for d in items(api.get("/api/documents", q="HANH dong"))] == ["42-CTr/TU"]
    assert_error(api.get(f"/api/documents/{nq.pk}"), 404, "out_of_scope")  # nothing of the district implements it


def test_refusals_in_the_one_shape(tree, api, programme):
    before = state()
    body = assert_error(api.post("/api/documents", {**DOC, "reference": "20/HU", "scope_org_id": tree.district.pk}),
                        400, "T-REF", "reference")
    assert "Số và ký hiệu" in body["message"] and body["citation"]
    kh = programme[2]
    assert_error(api.post(f"/api/documents/{kh.pk}/tasks", {"responsible": "x", "deliverable": "y",
                                                            "deadline_text": "quý V/2023"}), 400, field="deadline_text")
    assert_error(api.post(f"/api/documents/{kh.pk}/targets", {"text": "x", "indicator": "khong_co",
                                                              "comparator": "gte", "low": 1}), 400, field="indicator")
    assert_error(api.post(f"/api/documents/{kh.pk}/targets", {"text": "x", "indicator": "admission_rate",
                                                              "comparator": "between", "low": 4, "high": 3}),
                 400, "T-TGT", "high")
    assert_error(api.post("/api/manual-values", {"indicator": "admission_rate", "org_id": tree.district.pk,
                                                 "year": 2023, "numerator": 1, "denominator": 2}), 400,
                 field="indicator")
    assert_error(api.post(f"/api/documents/{kh.pk}/targets", {"text": "x"}), 422, "validation")
    # the province's programme is visible to the district but not theirs to change
    assert_error(api.post(f"/api/documents/{programme[1].pk}/tasks", {"responsible": "x", "deliverable": "y",
                                                                   "deadline_text": "năm 2025"}), 403, "forbidden")
    assert state() == before


def test_inspection_reads_but_cannot_write(tree, admin):
    kh = services.document_create(actor=admin, reference="15-KH/HU", issuing_body="Huyện ủy", issued_on=D(2023, 1, 1),
                                  title="x", period_start=2023, period_end=2025, scope_org=tree.district)
    task = services.task_add(actor=admin, document=kh, responsible="x", deliverable="y", deadline_text="năm 2023")
    inspector = Api(user_with(Role.INSPECTION, org=tree.district))
    assert inspector.get(f"/api/documents/{kh.pk}").status_code == 200
    before = state()
    assert_error(inspector.post("/api/documents", {**DOC, "scope_org_id": tree.district.pk}), 403, "forbidden",
                 "scope_org_id")
    assert_error(inspector.post(f"/api/tasks/{task.pk}", {"status": "in_progress"}), 403, "forbidden")
    assert_error(inspector.post("/api/manual-values", {"indicator": "orgs_new_model_rate", "org_id": tree.district.pk,
                                                       "year": 2023, "numerator": 1, "denominator": 2}), 403,
                 "forbidden", "org_id")
    assert state() == before


def test_dashboard_is_the_dataset_of_the_page(tree, admin, api):
    kh = services.document_create(actor=admin, reference="15-KH/HU", issuing_body="Huyện ủy", issued_on=D(2023, 1, 1),
                                  title="x", period_start=2023, period_end=2025, scope_org=tree.district)
    for name, cell in [("Đạ Nghịt", tree.cell1), ("Păng Tiêng", tree.cell2), ("Đưng K'Si", None)]:
        org_services.village_save(actor=admin, commune=tree.commune, name=name, kind=okind("thon"),
                                  valid_from=D(2015, 1, 1), cell=cell)
    services.target_add(actor=admin, document=kh, text="100% thôn có chi bộ", indicator="villages_with_cell_rate",
                        comparator="gte", low=100)
    services.target_add(actor=admin, document=kh, text="25% TCCS có mô hình mới", indicator="orgs_new_model_rate",
                        comparator="gte", low=25)
    services.target_add(actor=admin, document=kh, text="100% đảng bộ cấp huyện hoàn thành tốt nhiệm vụ trở lên",
                        indicator="district_committee_good_rate", comparator="gte", low=100)
    saved = api.post("/api/manual-values", {"indicator": "orgs_new_model_rate", "org_id": tree.district.pk,
                                            "year": 2023, "numerator": 15, "denominator": 58, "note": "12-QĐ/HU"})
    assert saved.status_code == 200, saved.content.decode()
    body = api.get(f"/api/documents/{kh.pk}/dashboard", as_of="2024-06-30").json()
    assert (body["org_name"], body["as_of"], body["years"]) == ("Đảng bộ huyện Lạc Dương", "2024-06-30", [2023, 2024])
    villages, manual, no_data = body["rows"]
    assert [v["measure"]["text"] for v in villages["values"]] == ["2/3 (tỷ lệ 66,7%)"] * 2
    assert [v["status"] for v in villages["values"]] == ["not_met", "at_risk"]
    assert [(c["org_name"], c["measure"]["text"]) for c in villages["children"]] == [
        ("Đảng bộ xã Đạ Sar", "2/3 (tỷ lệ 66,7%)"), ("Chi bộ Phòng Giáo dục", "0/0 (tỷ lệ —)")]
    assert manual["manual"] and manual["values"][0]["measure"]["text"] == "15/58 (tỷ lệ 25,9%)"
    assert manual["values"][1]["measure"] is None and manual["values"][1]["status"] == "no_data"
    assert (no_data["available"], no_data["status"], no_data["status_name"]) == (False, "no_data", "Chưa có dữ liệu")
    # the same numbers as the dataset the page and the reports use
    board = selectors.dashboard(user=admin, document=kh, as_of=D(2024, 6, 30))
    assert [[v["measure"] and v["measure"]["text"] for v in r["values"]] for r in body["rows"]] == [
        [v.measure and v.measure.text for v in r.values] for r in board.rows]
    commune = api.get(f"/api/documents/{kh.pk}/dashboard", org=tree.commune.pk, as_of="2024-06-30").json()
    assert [c["org_name"] for c in commune["rows"][0]["children"]] == ["Chi bộ thôn Đạ Nghịt", "Chi bộ thôn Păng Tiêng"]
