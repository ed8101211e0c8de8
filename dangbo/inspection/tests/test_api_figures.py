"""/api/inspection/figures (K10) and the endpoints added after the first API: a denunciation withdrawn, an
official named on a case or a letter, the complaints' list and one complaint. Exact values; bad input names the
field; every path tried from outside (``OUTSIDER_CASES``, collected by the meta-test in orgs/tests/test_api.py)."""

import datetime as dt

import pytest

from dangbo.accounts.tests.test_api_auth import assert_error
from dangbo.admissions.tests.test_api import ok, token_api
from dangbo.inspection import services
from dangbo.inspection.models import CaseAccess
from dangbo.inspection.tests.conftest import open_case
from dangbo.inspection.tests.test_api import DENOUNCER, P, reads, state
from dangbo.inspection.tests.test_api import Ctx as Records
from dangbo.inspection.tests.test_figures import work  # noqa: F401  (the year of work the figures count)
from dangbo.members import services as member_services

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


def _letter(tree, inspector, an, **extra):
    return services.denunciation_receive(actor=inspector, org=tree.district, data={
        "received_on": D(2024, 2, 1), "denouncer_name": "Lê Thị Tố", "denouncer_address": "Thôn 2",
        "denouncer_contact": "0912 345 678", "subject_member": an, "content": "Sử dụng đất công sai mục đích",
        **extra})


def test_a_denunciation_withdrawn(tree, inspector, secretary, an):
    api = token_api(inspector)
    letter = _letter(tree, inspector, an)
    services.access_grant(actor=inspector, user=secretary, denunciation=letter)
    before = state()[1:]  # (reads are logged)
    assert_error(token_api(secretary).post(f"{P}/denunciations/{letter.pk}/withdraw",
                                           {"withdrawn_on": "2024-02-10"}), 403, "forbidden", "denunciation_id")
    assert_error(api.post(f"{P}/denunciations/{letter.pk}/withdraw", {"withdrawn_on": "2024-02-10",
                                                                      "forced": True}), 400, field="forced")
    assert_error(api.post(f"{P}/denunciations/{letter.pk}/withdraw", {"withdrawn_on": "10/02/2024"}), 422,
                 field="withdrawn_on")
    assert state()[1:] == before
    done = ok(api.post(f"{P}/denunciations/{letter.pk}/withdraw", {"withdrawn_on": "2024-02-10"}))
    assert (done["status"], done["withdrawn_on"], done["denouncer_name"]) == ("withdrawn", "2024-02-10", "Lê Thị Tố")
    assert_error(api.post(f"{P}/denunciations/{letter.pk}/withdraw", {"withdrawn_on": "2024-02-11"}), 400,
                 field="status")
    assert ok(api.get(f"{P}/denunciations", status="withdrawn"))["count"] == 1


def test_naming_officials_on_a_letter_and_a_case(tree, inspector, commission, secretary, an):
    api = token_api(inspector)
    letter = _letter(tree, inspector, an)
    case = open_case(tree, inspector, members=[an])
    seen = token_api(commission)
    named_before = CaseAccess.objects.count()  # the receiver is named on the letter
    assert_error(seen.get(f"{P}/denunciations/{letter.pk}"), 404, "out_of_scope", "denunciation_id")
    assert_error(api.post(f"{P}/denunciations/{letter.pk}/access", {"username": "khong-co"}), 400,
                 field="username")
    assert_error(api.post(f"{P}/cases/{case.pk}/access", {"username": "btc", "may_see_denouncer": True}), 422,
                 field="may_see_denouncer")
    assert CaseAccess.objects.count() == named_before
    named = ok(api.post(f"{P}/denunciations/{letter.pk}/access", {"username": "btc"}), 201)
    assert (named["username"], named["denunciation_id"], named["may_see_denouncer"], named["granted_by"]) == (
        "btc", letter.pk, False, "ubkt")
    shown = ok(seen.get(f"{P}/denunciations/{letter.pk}"))
    assert shown["denouncer_hidden"] is True and not DENOUNCER & set(shown)
    ok(api.post(f"{P}/denunciations/{letter.pk}/access", {"username": "btc", "may_see_denouncer": True}), 201)
    assert CaseAccess.objects.filter(user=commission).count() == 1  # named once, the right widened
    assert ok(seen.get(f"{P}/denunciations/{letter.pk}"))["denouncer_contact"] == "0912 345 678"
    # named on the letter, a reader: may not name others (403, before the login name is looked at)
    before = state()[1:], CaseAccess.objects.count()
    assert_error(seen.post(f"{P}/denunciations/{letter.pk}/access", {"username": "bithu"}), 403, "forbidden",
                 "denunciation_id")
    assert_error(seen.post(f"{P}/denunciations/{letter.pk}/access", {"username": "khong-co"}), 403, "forbidden",
                 "denunciation_id")
    assert (state()[1:], CaseAccess.objects.count()) == before
    assert_error(seen.get(f"{P}/cases/{case.pk}"), 404, "out_of_scope", "case_id")
    on_case = ok(api.post(f"{P}/cases/{case.pk}/access", {"username": "bithu"}), 201)
    assert (on_case["case_id"], on_case["denunciation_id"]) == (case.pk, None)
    assert ok(token_api(secretary).get(f"{P}/cases/{case.pk}"))["may_write"] is False


def test_the_complaints_list_and_one(tree, inspector, an):
    decision = member_services.discipline_record(actor=tree.actor, member=an, form="warning", date=D(2025, 1, 20),
                                                 decided_by="Chi bộ thôn Đạ Nghịt", reason="Vi phạm")
    first = services.complaint_receive(actor=inspector, org=tree.district, decision=decision,
                                       received_on=D(2025, 2, 20), decision_received_on=D(2025, 1, 31))
    late = services.complaint_receive(actor=inspector, org=tree.district, decision=decision,
                                      received_on=D(2025, 3, 3), decision_received_on=D(2025, 1, 31))
    api = token_api(inspector)
    page = ok(api.get(f"{P}/complaints", page_size=1))
    assert (page["count"], page["pages"], [r["id"] for r in page["items"]]) == (2, 2, [late.pk])
    assert (page["items"][0]["accepted"], page["items"][0]["refusal_reason"]) == (False, "late")
    assert reads("inspection.DisciplineComplaint", late.pk) == 1  # only the page's rows are read
    assert reads("inspection.DisciplineComplaint", first.pk) == 0
    assert [r["id"] for r in ok(api.get(f"{P}/complaints", org=tree.district.pk))["items"]] == [late.pk, first.pk]
    assert ok(api.get(f"{P}/complaints", org=tree.cell1.pk))["count"] == 0
    assert_error(api.get(f"{P}/complaints", org=tree.other_district.pk), 404, "out_of_scope", "org")
    one = ok(api.get(f"{P}/complaints/{first.pk}"))
    assert (one["decision_id"], one["accepted"], one["body"], one["received_on"]) == (
        decision.pk, True, "commission", "2025-02-20")
    assert reads("inspection.DisciplineComplaint", first.pk) == 2
    assert_error(api.get(f"{P}/complaints/{10**6}"), 404, "out_of_scope", "complaint_id")


def test_an_advisory_body_over_the_api(tree, inspector, an):
    api = token_api(inspector)
    body = {"org": tree.district.pk, "body": "advisory", "kind": "violation", "origin": "ad_hoc",
            "topic": "Ban Tổ chức kiểm tra hồ sơ đảng viên", "decided_on": "2024-03-01", "subject_orgs": [tree.cell1.pk]}
    before = state()
    assert_error(api.post(f"{P}/cases", body), 400, "K1", "kind")
    assert state() == before
    case = ok(api.post(f"{P}/cases", {**body, "kind": "compliance"}), 201)
    assert case["body"] == "advisory"
    got = ok(api.get(f"{P}/figures", org=tree.district.pk, period="2024"))
    assert got["checks"]["advisory"] == {"cases": 1, "orgs": 1, "members": 0}
    assert got["all_checks"] == {"cases": 1, "orgs": 1, "members": 0}


# --- out of scope: every path; nothing changes ----------------------------------------------------------------


class Ctx(Records):
    """The records of test_api's table (a case, letters, a complaint, strangers and outsiders)."""

    def __init__(self, admin):
        super().__init__(admin)
        # the figures are counts the organization commission over the org may read: every other outsider
        # (test_api's outsiders: a sibling cell's secretary, another district's commission, the admin, the
        # district's organization commission, the cell's secretary)
        self.no_figures = [*self.outsiders[:3], *self.outsiders[4:]]


def _each(apis, call, field=None):
    for api in apis:
        assert_error(call(api), 404, "out_of_scope", field)


def _figures(ctx):
    # the tree's admin, a cell secretary of the org, another district's commission and a sibling cell's secretary
    assert len(ctx.no_figures) == len(ctx.outsiders) - 1
    for api in ctx.no_figures:
        for params in ({"period": "2024"}, {"period": "năm ngoái"}, {"start": "2024-01-01", "end": "2024-03-31"}):
            assert_error(api.get(f"{P}/figures", org=ctx.tree.cell1.pk, **params), 404, "out_of_scope", "org")
        assert_error(api.get(f"{P}/figures", org=ctx.tree.district.pk), 404, "out_of_scope", "org")


def _withdraw(ctx):
    _each(ctx.outsiders, lambda a: a.post(f"{P}/denunciations/{ctx.letter.pk}/withdraw",
                                          {"withdrawn_on": "2024-02-10"}), "denunciation_id")


def _letter_access(ctx):
    _each(ctx.outsiders, lambda a: a.post(f"{P}/denunciations/{ctx.letter.pk}/access", {
        "username": "ubkt", "may_see_denouncer": True}), "denunciation_id")


def _case_access(ctx):
    _each(ctx.outsiders, lambda a: a.post(f"{P}/cases/{ctx.case.pk}/access", {"username": "ubkt"}), "case_id")


def _complaints(ctx):
    for api in ctx.outsiders:
        assert ok(api.get(f"{P}/complaints"))["count"] == 0
    assert ok(ctx.outsiders[2].get(f"{P}/complaints", org=ctx.tree.district.pk))["count"] == 0  # the admin
    _each(ctx.strangers, lambda a: a.get(f"{P}/complaints", org=ctx.tree.district.pk), "org")


def _complaint(ctx):
    _each(ctx.outsiders, lambda a: a.get(f"{P}/complaints/{ctx.complaint.pk}"), "complaint_id")


OUTSIDER_CASES = {
    ("GET", "/api/inspection/figures"): _figures,
    ("POST", "/api/inspection/denunciations/{denunciation_id}/withdraw"): _withdraw,
    ("POST", "/api/inspection/denunciations/{denunciation_id}/access"): _letter_access,
    ("POST", "/api/inspection/cases/{case_id}/access"): _case_access,
    ("GET", "/api/inspection/complaints"): _complaints,
    ("GET", "/api/inspection/complaints/{complaint_id}"): _complaint,
}


@pytest.mark.parametrize("key", sorted(OUTSIDER_CASES), ids=" ".join)
def test_outsider_gets_404_and_nothing_changes(admin, key):
    ctx = Ctx(admin)
    before = state()
    access = CaseAccess.objects.count()
    OUTSIDER_CASES[key](ctx)
    assert (state(), CaseAccess.objects.count()) == (before, access)
