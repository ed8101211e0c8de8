"""The letters pages: denunciations (list with deadlines, receiving, screening, assigning, resolving, withdrawal,
naming officials), complaints, discipline proposals. Confidentiality first: the org commission, the cell secretary
and the admin of the tree get 404 everywhere and find nothing by the member's name; the denouncer is hidden from a
named user without ``may_see_denouncer``; bad input names the field and saves nothing."""

import datetime as dt

import pytest
from django.urls import reverse

from dangbo.accounts.models import AuditEntry
from dangbo.core.testing import Role, user_with
from dangbo.inspection import services
from dangbo.inspection.models import CaseAccess, Denunciation, DisciplineComplaint, DisciplineProposal
from dangbo.inspection.tests.conftest import open_case
from dangbo.members import services as member_services
from dangbo.members.models import DisciplineDecision, LifecycleEvent

pytestmark = pytest.mark.django_db
D = dt.date
DENOUNCER = "Lê Thị Tố Giác"


def u(name, *args):
    return reverse(f"inspection:{name}", args=args)


@pytest.fixture
def world(tree, inspector, an):
    case = open_case(tree, inspector, members=[an], kind="denunciation", decided_on=D(2024, 2, 15))
    letter = services.denunciation_receive(actor=inspector, org=tree.district, data={
        "received_on": D(2024, 2, 1), "denouncer_name": DENOUNCER, "denouncer_address": "Thôn 2",
        "denouncer_contact": "0912 345 678", "subject_member": an, "content": "Sử dụng đất công sai mục đích"})
    decision = member_services.discipline_record(actor=tree.actor, member=an, form="reprimand",
                                                 date=D(2025, 1, 20), decided_by="Chi bộ", reason="Vi phạm")
    complaint = services.complaint_receive(actor=inspector, org=tree.district, decision=decision,
                                           received_on=D(2025, 2, 10), decision_received_on=D(2025, 1, 31))
    proposal = services.proposal_create(actor=inspector, case=case, member=an, form="warning", reason="Vi phạm",
                                        violation_from=D(2023, 5, 1), deciding_org=tree.commune, body="standing",
                                        proposed_on=D(2024, 4, 20))
    return {"case": case, "letter": letter, "decision": decision, "complaint": complaint, "proposal": proposal}


def state():
    return (list(Denunciation.objects.values_list("id", "status", "due_on", "case_id")),
            list(CaseAccess.objects.values_list("user_id", "case_id", "denunciation_id", "may_see_denouncer")),
            list(DisciplineComplaint.objects.values_list("id", "resolved_on")),
            list(DisciplineProposal.objects.values_list("id", "status")), DisciplineDecision.objects.count(),
            AuditEntry.objects.count())


def test_the_tree_s_own_officials_get_404_everywhere_and_find_nothing(client, tree, world, commission, secretary,
                                                                      admin):
    w = world
    before = state()
    object_urls = [u("denunciation_detail", w["letter"].pk), u("complaint_detail", w["complaint"].pk),
                   u("proposal_new", w["case"].pk), u("proposal_detail", w["proposal"].pk),
                   u("access_case", w["case"].pk),
                   u("denunciation_new", tree.district.pk), u("denunciation_member_picker", tree.district.pk),
                   u("denunciation_org_picker", tree.district.pk), u("complaint_new", tree.district.pk),
                   u("complaint_decision_picker", tree.district.pk)]
    payloads = [{"action": a, "on": "05/02/2024", "username": "btc", "may_see_denouncer": "on",
                 "resolved_on": "01/04/2024", "outcome": "true", "outcome_note": "x", "withdrawn_on": "01/03/2024",
                 "voted_on": "25/04/2024", "votes_for": "9", "votes_against": "0", "eligible": "9",
                 "decided_on": "26/04/2024", "result": "upheld", "note": "x", "received_on": "01/03/2024",
                 "content": "x", "denouncer_name": "X", "subject_member": "1", "decision": str(w["decision"].pk),
                 "subject": "m1", "form": "warning", "reason": "x", "violation_from": "01/01/2024",
                 "deciding_org": str(tree.commune.pk), "body": "standing", "proposed_on": "01/05/2024"}
                for a in ("screen", "assign", "resolve", "withdraw", "access", "vote", "decide")]
    for user in (commission, secretary, admin):
        client.force_login(user)
        for url in object_urls:
            assert client.get(url).status_code == 404, (url, user)
            for payload in payloads:
                assert client.post(url, payload).status_code == 404, (url, user, payload["action"])
        for name in ("denunciation_list", "complaint_list"):
            for q in ("", "Nguyễn Văn An", "nguyen van"):
                body = client.get(u(name), {"q": q}).content.decode()
                echoed = int(name == "denunciation_list" and q == "Nguyễn Văn An")  # the search box keeps it
                assert body.count("Nguyễn Văn An") == echoed and DENOUNCER not in body, (name, user, q)
                assert "đất công" not in body and 'data-label="Số"' not in body, (name, user, q)
    assert state() == before


def test_the_commission_lists_with_deadlines_and_overdue_marked(client, tree, world, inspector):
    services.denunciation_screen(actor=inspector, denunciation=world["letter"], on=D(2024, 2, 5))
    client.force_login(inspector)
    body = client.get(u("denunciation_list")).content.decode()
    letter = Denunciation.objects.get()
    assert "Nguyễn Văn An" in body and DENOUNCER in body  # the receiver is named with the denouncer
    assert f"{letter.due_on:%d/%m/%Y} — quá hạn" in body and 'class="overdue"' in body
    assert "1 đơn quá hạn" in body
    found = client.get(u("denunciation_list"), {"q": "nguyen van"}).content.decode()
    assert "Nguyễn Văn An" in found
    assert "Nguyễn Văn An" not in client.get(u("denunciation_list"), {"q": "tran"}).content.decode()


def test_the_denouncer_is_hidden_from_a_named_user_without_the_right(client, tree, world, inspector, commission):
    letter = world["letter"]
    client.force_login(inspector)
    response = client.post(u("denunciation_detail", letter.pk), {"action": "access", "username": commission.username})
    assert response.status_code == 302
    client.force_login(commission)
    for url in (u("denunciation_detail", letter.pk), u("denunciation_list")):
        body = client.get(url).content.decode()
        assert DENOUNCER not in body and "0912 345 678" not in body and "Thôn 2" not in body, url
        assert "được giữ bí mật" in body
    body = client.get(u("denunciation_detail", letter.pk)).content.decode()
    assert "Sử dụng đất công sai mục đích" in body
    assert 'name="action" value="access"' not in body  # only the commission names people
    another = user_with(Role.INSPECTION, org=tree.district)  # the commission, not named on the letter
    client.force_login(another)
    assert DENOUNCER not in client.get(u("denunciation_detail", letter.pk)).content.decode()
    client.force_login(inspector)
    client.post(u("denunciation_detail", letter.pk), {"action": "access", "username": commission.username,
                                                      "may_see_denouncer": "on"})
    client.force_login(commission)
    assert DENOUNCER in client.get(u("denunciation_detail", letter.pk)).content.decode()


def test_denunciation_list_queries_do_not_grow_with_rows(client, tree, inspector, an, django_assert_num_queries):
    def letters(n):
        for i in range(n):
            services.denunciation_receive(actor=inspector, org=tree.district, data={
                "received_on": D(2024, 2, 1) + dt.timedelta(days=i), "denouncer_name": f"Người {i}",
                "subject_member": an, "subject_org": tree.cell1, "content": "x"})

    client.force_login(inspector)
    letters(2)
    client.get(u("denunciation_list"))
    # session, user, grants (scope); the count, the rows; who may see the denouncer; the read log; the late
    # letters counted; the receiving orgs
    with django_assert_num_queries(9):
        assert client.get(u("denunciation_list")).status_code == 200
    letters(18)
    with django_assert_num_queries(9):
        body = client.get(u("denunciation_list")).content.decode()
    assert body.count('<td data-label="Số">') == 20


def test_receive_screen_assign_resolve_through_the_pages(client, tree, inspector, an):
    case = open_case(tree, inspector, members=[an], kind="denunciation", decided_on=D(2024, 2, 15))
    client.force_login(inspector)
    picker = client.get(u("denunciation_member_picker", tree.district.pk), {"q": "nguyen van"}).content.decode()
    assert f'value="{an.pk}"' in picker
    response = client.post(u("denunciation_new", tree.district.pk), {
        "received_on": "01/02/2024", "denouncer_name": DENOUNCER, "denouncer_address": "Thôn 2",
        "subject_member": an.pk, "content": "Sử dụng đất công", "specific": "on"})
    letter = Denunciation.objects.get()
    assert response.status_code == 302 and response["Location"] == u("denunciation_detail", letter.pk)
    detail = u("denunciation_detail", letter.pk)
    assert client.post(detail, {"action": "screen", "on": "05/02/2024"}).status_code == 302
    letter.refresh_from_db()
    assert letter.status == "screened" and letter.due_on is not None
    body = client.get(detail).content.decode()
    assert f"{letter.due_on:%d/%m/%Y}" in body and 'value="assign"' in body
    assert client.post(detail, {"action": "assign", "case": case.pk}).status_code == 302
    response = client.post(detail, {"action": "resolve", "resolved_on": "01/04/2024", "outcome": "partly",
                                    "outcome_note": "Đúng một phần", "notified_on": "01/03/2024"})
    assert response.status_code == 200 and response.context["forms"]["resolve"].errors["notified_on"]
    assert client.post(detail, {"action": "resolve", "resolved_on": "01/04/2024", "outcome": "partly",
                                "outcome_note": "Đúng một phần", "notified_on": "05/04/2024"}).status_code == 302
    letter.refresh_from_db()
    assert (letter.status, letter.case_id, letter.outcome) == ("resolved", case.pk, "partly")


def test_screening_gives_the_k5_reason_and_a_withdrawal(client, tree, inspector, an):
    client.force_login(inspector)
    client.post(u("denunciation_new", tree.district.pk), {"received_on": "01/03/2024", "anonymous": "on",
                                                          "subject_member": an.pk, "content": "Không ký tên"})
    client.post(u("denunciation_new", tree.district.pk), {"received_on": "02/03/2024", "denouncer_name": "Lê Văn C",
                                                          "denouncer_address": "Thôn 1", "subject_org": tree.cell1.pk,
                                                          "content": "Chi bộ sai phạm", "specific": "on"})
    anonymous, named = Denunciation.objects.order_by("id")
    client.post(u("denunciation_detail", anonymous.pk), {"action": "screen", "on": "05/03/2024"})
    body = client.get(u("denunciation_detail", anonymous.pk)).content.decode()
    assert "Không xem xét, giải quyết: Đơn nặc danh, mạo tên, không rõ địa chỉ" in body
    forced = client.post(u("denunciation_detail", named.pk), {"action": "withdraw", "withdrawn_on": "06/03/2024",
                                                             "forced": "on"})
    assert forced.context["forms"]["withdraw"].errors["forced"]
    client.post(u("denunciation_detail", named.pk), {"action": "withdraw", "withdrawn_on": "06/03/2024"})
    assert Denunciation.objects.get(pk=named.pk).status == "withdrawn"


def test_bad_input_names_the_field_and_saves_nothing(client, tree, inspector, an, world):
    client.force_login(inspector)
    outside = tree.member("Ngoài Huyện", org=tree.other_cell)
    before, writes = state(), AuditEntry.objects.exclude(action="inspection_read").count()
    cases = [
        (u("denunciation_new", tree.district.pk), {"received_on": "01/02/2024", "subject_member": an.pk,
                                                   "content": "x"}, "form", "denouncer_name"),
        (u("denunciation_new", tree.district.pk), {"received_on": "32/02/2024", "denouncer_name": "A",
                                                   "subject_member": an.pk, "content": "x"}, "form", "received_on"),
        (u("denunciation_new", tree.district.pk), {"received_on": "01/02/2024", "denouncer_name": "A",
                                                   "subject_member": outside.pk,
                                                   "content": "x"}, "form", "subject_member"),
        (u("complaint_new", tree.district.pk), {"received_on": "01/03/2025", "body": "commission"}, "form",
         "decision"),
        (u("proposal_detail", world["proposal"].pk), {"action": "vote", "voted_on": "25/04/2024", "votes_for": "9",
                                                      "votes_against": "2", "eligible": "9"}, "vote_form",
         "votes_for"),
        (u("proposal_detail", world["proposal"].pk), {"action": "decide", "decided_on": "26/04/2024"},
         "decide_form", None),
        (u("proposal_new", world["case"].pk), {"subject": f"m{an.pk}", "form": "expulsion", "reason": "x",
                                               "violation_from": "01/01/2023", "deciding_org": tree.cell1.pk,
                                               "body": "cell", "proposed_on": "01/05/2024",
                                               "violation_field": "ordinary"}, "form", "deciding_org"),
        (u("complaint_detail", world["complaint"].pk), {"result": "upheld", "resolved_on": "01/01/2025",
                                                        "note": "x"}, "form", "resolved_on"),
    ]
    for url, data, key, field in cases:
        response = client.post(url, data)
        assert response.status_code == 200, url
        errors = response.context[key].errors
        assert (field in errors) if field else errors.get("__all__"), (url, field, errors)
    assert state()[:-1] == before[:-1]  # the reads of the pages are logged, nothing else
    assert AuditEntry.objects.exclude(action="inspection_read").count() == writes


def test_proposal_limitation_warns_and_the_vote_and_decision_write_the_record(client, tree, inspector, an):
    case = open_case(tree, inspector, members=[an])
    client.force_login(inspector)
    page = client.get(u("proposal_new", case.pk)).content.decode()
    assert "Nguyễn Văn An" in page and tree.commune.name in page
    response = client.post(u("proposal_new", case.pk), {
        "subject": f"m{an.pk}", "form": "expulsion", "reason": "Vi phạm nghiêm trọng",
        "violation_from": "01/01/2012", "violation_to": "01/01/2013", "violation_field": "ordinary",
        "deciding_org": tree.commune.pk, "body": "committee", "proposed_on": "01/04/2024"})
    proposal = DisciplineProposal.objects.get()
    assert response.status_code == 302
    detail = client.get(u("proposal_detail", proposal.pk)).content.decode()
    assert "ít nhất hai phần ba" in detail
    # a reprimand long past its limitation: warned, never blocked
    client.post(u("proposal_new", case.pk), {
        "subject": f"m{an.pk}", "form": "reprimand", "reason": "Vi phạm cũ", "violation_from": "01/01/2017",
        "violation_field": "ordinary", "deciding_org": tree.cell1.pk, "body": "cell", "proposed_on": "01/04/2024"})
    old = DisciplineProposal.objects.exclude(pk=proposal.pk).get()
    body = client.get(u("proposal_detail", old.pk)).content.decode()
    assert "Cảnh báo: thời hiệu 5 năm" in body and "quá nửa" in body and 'value="vote"' in body
    url = u("proposal_detail", proposal.pk)
    assert client.post(url, {"action": "vote", "voted_on": "05/04/2024", "votes_for": "6", "votes_against": "3",
                             "eligible": "9"}).status_code == 302
    assert "6/9 tán thành: đạt ít nhất hai phần ba" in client.get(url).content.decode()
    assert client.post(url, {"action": "decide", "decided_on": "06/04/2024", "decision_ref": "7-QĐ/ĐU"}
                       ).status_code == 302
    decision = DisciplineDecision.objects.get(member=an)
    assert decision.form == "expulsion" and DisciplineProposal.objects.get(pk=proposal.pk).decision == decision
    assert LifecycleEvent.objects.filter(member=an, kind="expel", date=D(2024, 4, 6)).exists()


def test_complaint_late_shows_the_k9_reason_and_one_in_time_is_decided(client, tree, inspector, an):
    decision = member_services.discipline_record(actor=tree.actor, member=an, form="warning", date=D(2025, 1, 20),
                                                 decided_by="Chi bộ thôn Đạ Nghịt", reason="Vi phạm")
    client.force_login(inspector)
    picker = client.get(u("complaint_decision_picker", tree.district.pk), {"q": "nguyen"}).content.decode()
    assert f'value="{decision.pk}"' in picker
    data = {"decision": decision.pk, "body": "commission", "decision_received_on": "31/01/2025"}
    client.post(u("complaint_new", tree.district.pk), {**data, "received_on": "01/03/2025"})
    late = DisciplineComplaint.objects.get()
    body = client.get(u("complaint_detail", late.pk)).content.decode()
    assert "Không thụ lý: Quá thời hạn khiếu nại" in body and 'name="result"' not in body
    client.post(u("complaint_new", tree.district.pk), {**data, "received_on": "28/02/2025"})
    ok = DisciplineComplaint.objects.exclude(pk=late.pk).get()
    assert ok.accepted
    assert client.post(u("complaint_detail", ok.pk), {"result": "upheld", "resolved_on": "01/04/2025",
                                                      "note": "Giữ nguyên"}).status_code == 302
    assert DisciplineComplaint.objects.get(pk=ok.pk).result == "upheld"
    assert "Giữ nguyên hình thức kỷ luật" in client.get(u("complaint_list")).content.decode()


def test_naming_an_official_on_a_case(client, tree, world, inspector, commission):
    client.force_login(inspector)
    url = u("access_case", world["case"].pk)
    response = client.post(url, {"username": "nobody"})
    assert response.context["form"].errors["username"]
    assert client.post(url, {"username": commission.username}).status_code == 302
    assert CaseAccess.objects.filter(user=commission, case=world["case"]).exists()
    client.force_login(commission)  # named: sees the case, may not name others
    assert client.get(url).status_code == 403


def test_the_forms_open_for_the_commission(client, tree, world, inspector):
    client.force_login(inspector)
    for url in (u("denunciation_new", tree.district.pk), u("complaint_new", tree.district.pk),
                u("access_case", world["case"].pk), u("complaint_list"), u("proposal_new", world["case"].pk)):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "<script>" not in response.content.decode() and " style=" not in response.content.decode(), url
    assert client.get(u("denunciation_member_picker", tree.district.pk)).content.decode().strip() == ""


def test_a_named_reader_sees_a_proposal_without_its_forms(client, tree, world, inspector):
    reader = user_with(Role.CELL_SECRETARY, org=tree.other_cell)  # named, without write scope over the district
    services.access_grant(actor=inspector, user=reader, case=world["case"])
    client.force_login(reader)
    body = client.get(u("proposal_detail", world["proposal"].pk)).content.decode()
    assert "Cảnh cáo" in body and 'value="vote"' not in body
    before = state()
    assert client.post(u("proposal_detail", world["proposal"].pk), {
        "action": "vote", "voted_on": "25/04/2024", "votes_for": "9", "votes_against": "0",
        "eligible": "9"}).status_code == 403
    assert state()[:-1] == before[:-1]
    assert AuditEntry.objects.filter(action="inspection_read", actor=reader,
                                     model="inspection.DisciplineProposal").exists()


def test_a_cell_receives_a_letter_on_its_own_member(client, tree, secretary, an):
    client.force_login(secretary)
    response = client.post(u("denunciation_new", tree.cell1.pk), {
        "received_on": "01/02/2024", "denouncer_name": DENOUNCER, "denouncer_address": "Thôn 2",
        "subject_member": an.pk, "content": "Vi phạm", "specific": "on"})
    letter = Denunciation.objects.get()
    assert response.status_code == 302 and letter.org == tree.cell1
    assert DENOUNCER in client.get(u("denunciation_detail", letter.pk)).content.decode()
    other = user_with(Role.CELL_SECRETARY, org=tree.cell2)
    client.force_login(other)
    assert client.get(u("denunciation_detail", letter.pk)).status_code == 404
    assert client.get(u("denunciation_new", tree.cell1.pk)).status_code == 404
