"""Issue 9's overdue cases, stopping a case and replacing an introducer, through the services and the pages: the
rule each refusal names (M3, M7, M9), the powers, the audit, the overdue list over a subtree (M5, M6 in working
days across Giỗ Tổ) with its query count pinned, and the forms shown only to who may use them."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dangbo.accounts.models import AuditEntry, Role
from dangbo.admissions import selectors, services
from dangbo.admissions.choices import Stage
from dangbo.admissions.models import Introduction
from dangbo.admissions.tests.test_flow import PERSON, file_ready
from dangbo.core.exceptions import DomainError, OutOfScope
from dangbo.core.rules import RuleViolation
from dangbo.core.testing import user_with
from dangbo.members.choices import EventKind
from dangbo.members.services import event_record

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def people(tree):
    secretary = user_with(Role.CELL_SECRETARY, org=tree.cell1)
    commune = user_with(Role.ORG_COMMISSION, org=tree.commune)
    district = user_with(Role.ORG_COMMISSION, org=tree.district)
    an = tree.member("Nguyễn Văn An", org=tree.cell1)
    binh = tree.member("Trần Văn Bình", org=tree.cell1)
    return tree, secretary, commune, district, an, binh


VOTE, DECISION, CEREMONY = D(2025, 1, 6), D(2025, 2, 20), D(2025, 3, 3)


def advance(c, until, actor, *, vote=VOTE, decision=DECISION, ceremony=CEREMONY):
    rec = services.step_record
    rec(actor=actor, candidate=c, step="cell_vote", date=vote, detail={"yes": 3, "eligible": 3})
    if until == "cell_vote":
        return c
    rec(actor=actor, candidate=c, step="grassroots", date=vote + dt.timedelta(days=9))
    if until == "grassroots":
        return c
    rec(actor=actor, candidate=c, step="decision", date=decision)
    if until == "decision":
        return c
    rec(actor=actor, candidate=c, step="ceremony", date=ceremony)
    c.refresh_from_db()
    return c


def ready(tree, an, binh, name, org=None):
    person = {**PERSON, "full_name": name}
    c = services.candidate_create(actor=tree.actor, org=org or tree.cell1, data=person)
    rec = services.step_record
    rec(actor=tree.actor, candidate=c, step="course", date=D(2024, 10, 20), detail={"issued_on": D(2024, 10, 18)})
    for code, day in (("application", D(2024, 11, 1)), ("background", D(2024, 12, 2))):
        rec(actor=tree.actor, candidate=c, step=code, date=day)
    for who in (an, binh):
        services.introducer_add(actor=tree.actor, candidate=c, member=who, route="two_members",
                                together_since=D(2022, 1, 1), given_on=D(2024, 12, 10))
    rec(actor=tree.actor, candidate=c, step="introduction", date=D(2024, 12, 10))
    rec(actor=tree.actor, candidate=c, step="comments", date=D(2024, 12, 20))
    return c


# --- stopping a case ------------------------------------------------------------------------------------------------

def test_the_cell_stops_a_case_with_its_reason(people):
    tree, secretary, commune, district, an, binh = people
    c = file_ready(tree, secretary, an, binh)
    with pytest.raises(DomainError) as refused:
        services.candidate_stop(actor=secretary, candidate=c, on=D(2025, 1, 10), reason="  ")
    assert refused.value.field == "reason"
    with pytest.raises(DomainError) as refused:
        services.candidate_stop(actor=secretary, candidate=c, on=D(2024, 12, 1), reason="Chuyển công tác")
    assert refused.value.field == "on" and "20/12/2024" in refused.value.message
    for outsider in (user_with(Role.CELL_SECRETARY, org=tree.cell2), user_with(Role.INSPECTION, org=tree.district)):
        with pytest.raises(OutOfScope):
            services.candidate_stop(actor=outsider, candidate=c, on=D(2025, 1, 10), reason="x")
    services.candidate_stop(actor=secretary, candidate=c, on=D(2025, 1, 10), reason="Chuyển công tác vào tỉnh khác")
    c.refresh_from_db()
    assert (c.stage, c.stopped_on, c.stop_reason) == (Stage.STOPPED, D(2025, 1, 10), "Chuyển công tác vào tỉnh khác")
    entry = AuditEntry.objects.get(action="candidate_stop")
    assert entry.after["stage"] == "stopped" and entry.before["stage"] == "preparing"
    with pytest.raises(DomainError):  # the file is closed
        services.step_record(actor=secretary, candidate=c, step="cell_vote", date=D(2025, 1, 16),
                             detail={"yes": 3, "eligible": 3})
    with pytest.raises(DomainError) as refused:
        services.candidate_stop(actor=secretary, candidate=c, on=D(2025, 1, 11), reason="x")
    assert "10/01/2025" in refused.value.message


def test_a_level_above_that_writes_may_stop_but_not_after_the_ceremony(people):
    tree, secretary, commune, district, an, binh = people
    c = advance(file_ready(tree, secretary, an, binh), "decision", tree.actor)
    services.candidate_stop(actor=commune, candidate=c, on=D(2025, 2, 25), reason="Vi phạm chính sách dân số")
    c.refresh_from_db()
    assert c.stage == Stage.STOPPED
    other = advance(ready(tree, an, binh, "Đỗ Văn Mười"), "ceremony", tree.actor)
    with pytest.raises(RuleViolation) as refused:
        services.candidate_stop(actor=secretary, candidate=other, on=D(2025, 4, 1), reason="x")
    assert refused.value.code == "M9" and "03/03/2025" in refused.value.message
    assert "xóa tên trong danh sách đảng viên dự bị" in refused.value.message and "Điều 5" in refused.value.citation


# --- replacing an introducer ----------------------------------------------------------------------------------------

def test_an_introducer_is_replaced_before_the_ceremony_with_the_same_checks(people):
    tree, secretary, commune, district, an, binh = people
    c = services.candidate_create(actor=secretary, org=tree.cell1, data=dict(PERSON))
    old = services.introducer_add(actor=secretary, candidate=c, member=an, route="two_members",
                                  together_since=D(2022, 1, 1), given_on=D(2024, 12, 1))
    services.introducer_add(actor=secretary, candidate=c, member=binh, route="two_members",
                            together_since=D(2022, 1, 1), given_on=D(2024, 12, 1))
    young = tree.member("Lê Thị Cúc", org=tree.cell1, admitted=D(2024, 6, 1), official=None)
    dung = tree.member("Phạm Văn Dũng", org=tree.cell1)
    replace = services.introducer_replace
    with pytest.raises(RuleViolation) as refused:
        replace(actor=secretary, introduction=old, member=young, on=D(2024, 12, 20), together_since=D(2020, 1, 1),
                note="Chuyển công tác")
    assert refused.value.code == "M3" and "dự bị" in refused.value.message
    with pytest.raises(RuleViolation) as refused:
        replace(actor=secretary, introduction=old, member=dung, on=D(2024, 12, 20), together_since=D(2024, 6, 1),
                note="Chuyển công tác")
    assert refused.value.code == "M3" and "12 tháng" in refused.value.message
    with pytest.raises(DomainError) as refused:
        replace(actor=secretary, introduction=old, member=binh, on=D(2024, 12, 20), together_since=D(2020, 1, 1),
                note="Chuyển công tác")
    assert refused.value.field == "member"
    with pytest.raises(DomainError) as refused:
        replace(actor=secretary, introduction=old, member=dung, on=D(2024, 12, 20), together_since=D(2020, 1, 1),
                note="")
    assert refused.value.field == "note"
    with pytest.raises(OutOfScope):
        replace(actor=user_with(Role.CELL_SECRETARY, org=tree.cell2), introduction=old, member=dung,
                on=D(2024, 12, 20), together_since=D(2020, 1, 1), note="x")
    new = replace(actor=secretary, introduction=old, member=dung, on=D(2024, 12, 20), together_since=D(2020, 1, 1),
                  note="Đồng chí An chuyển công tác")
    old.refresh_from_db()
    assert (old.replaced_on, old.replace_reason) == (D(2024, 12, 20), "Đồng chí An chuyển công tác")
    assert (new.member, new.route, new.given_on) == (dung, "two_members", D(2024, 12, 20))
    assert AuditEntry.objects.filter(action="candidate_introducer_replace", object_id=str(old.pk)).exists()
    with pytest.raises(DomainError) as refused:
        replace(actor=secretary, introduction=old, member=young, on=D(2024, 12, 21), together_since=D(2020, 1, 1),
                note="x")
    assert "đã được thay" in refused.value.message
    # the file goes on with the two current introducers
    rec = services.step_record
    rec(actor=secretary, candidate=c, step="introduction", date=D(2024, 12, 20))


def test_during_probation_only_when_the_introducer_moved_or_died_and_the_new_one_helps(people):
    tree, secretary, commune, district, an, binh = people
    c = advance(file_ready(tree, secretary, an, binh), "ceremony", tree.actor)
    assert c.stage == Stage.ADMITTED
    intro_binh = c.introductions.get(member=binh)
    dung = tree.member("Phạm Văn Dũng", org=tree.cell1)
    with pytest.raises(RuleViolation) as refused:
        services.introducer_replace(actor=secretary, introduction=intro_binh, member=dung, on=D(2025, 6, 2),
                                    together_since=D(2020, 1, 1), note="Xin thôi")
    assert refused.value.code == "M3" and "chuyển sinh hoạt đi" in refused.value.message
    event_record(actor=tree.actor, member=binh, kind=EventKind.DEATH, date=D(2025, 5, 20))
    with pytest.raises(RuleViolation) as refused:  # outside the 12 months of probation
        services.introducer_replace(actor=secretary, introduction=intro_binh, member=dung, on=D(2026, 3, 10),
                                    together_since=D(2020, 1, 1), note="Từ trần")
    assert refused.value.code == "M7"
    services.introducer_replace(actor=secretary, introduction=intro_binh, member=dung, on=D(2025, 6, 2),
                                together_since=D(2020, 1, 1), note="Đồng chí Bình từ trần ngày 20/05/2025")
    c.refresh_from_db()
    assert c.helper == dung  # the member assigned to help the probationary member
    assert list(c.introductions.filter(replaced_on__isnull=True).values_list("member__full_name", flat=True)) == [
        "Nguyễn Văn An", "Phạm Văn Dũng"]


# --- overdue cases over a subtree -----------------------------------------------------------------------------------

@pytest.fixture
def overdue_world(people):
    tree, secretary, commune, district, an, binh = people
    late_decision = advance(ready(tree, an, binh, "Bùi Thị Hạn"), "grassroots", tree.actor)
    late_ceremony = advance(ready(tree, an, binh, "Cao Văn Lễ"), "decision", tree.actor)
    advance(ready(tree, an, binh, "Đặng Văn Kịp"), "cell_vote", tree.actor, vote=D(2025, 3, 3))  # still in time
    stopped = advance(ready(tree, an, binh, "Lý Văn Dừng"), "grassroots", tree.actor)
    services.candidate_stop(actor=tree.actor, candidate=stopped, on=D(2025, 2, 1), reason="Chuyển đi")
    advance(ready(tree, an, binh, "Mai Văn Xong"), "ceremony", tree.actor)
    return people, late_decision, late_ceremony


def test_overdue_cases_of_a_subtree(overdue_world):
    (tree, secretary, commune, district, an, binh), late_decision, late_ceremony = overdue_world
    found = selectors.overdue_cases(user=commune, org=tree.commune, on=D(2025, 4, 10))
    assert [(o.candidate, o.step) for o in found] == [(late_ceremony, "ceremony"), (late_decision, "decision")]
    ceremony, decision = found
    # 30 working days from 20/02/2025 → 03/04/2025; then Fri 04/04, Giỗ Tổ Mon 07/04 off, 08–10/04
    assert (ceremony.start, ceremony.due, ceremony.late_days, ceremony.late_calendar_days) == (
        D(2025, 2, 20), D(2025, 4, 3), 4, 7)
    # 60 working days from the cell's resolution 06/01/2025 across Tết → 08/04/2025; 30 more if extended (Sat
    # 26/04/2025 worked, Fri 02/05 off)
    assert (decision.due, decision.late_days, decision.latest_due) == (D(2025, 4, 8), 2, D(2025, 5, 22))
    assert selectors.overdue_cases(user=commune, org=tree.commune, on=D(2025, 4, 3)) == []
    with pytest.raises(OutOfScope):
        selectors.overdue_cases(user=user_with(Role.CELL_SECRETARY, org=tree.cell2), org=tree.cell1,
                                on=D(2025, 4, 10))


def test_overdue_page_linked_from_the_list_with_its_query_count_pinned(client, overdue_world,
                                                                       django_assert_num_queries):
    (tree, secretary, commune, district, an, binh), late_decision, late_ceremony = overdue_world
    client.force_login(commune)
    listing = client.get(reverse("admissions:list"), {"org": tree.commune.pk}).content.decode()
    url = reverse("admissions:overdue")
    assert f'href="{url}?org={tree.commune.pk}"' in listing and "Hồ sơ quá hạn" in listing
    query = {"org": tree.commune.pk, "ngay": "10/04/2025"}
    client.get(url, query)  # session warmed
    with CaptureQueriesContext(connection) as first:
        body = client.get(url, query).content.decode()
    assert "Bùi Thị Hạn" in body and "Cao Văn Lễ" in body and "Đặng Văn Kịp" not in body and "Lý Văn Dừng" not in body
    assert "08/04/2025" in body and "4 ngày làm việc" in body and "22/05/2025" in body
    for n in range(3):
        advance(ready(tree, an, binh, f"Hồ Văn Trễ {n}", org=tree.cell2), "grassroots", tree.actor)
    with django_assert_num_queries(len(first)):
        body = client.get(url, query).content.decode()
    assert body.count('id="overdue-') == 5
    assert client.get(url, {"org": tree.commune.pk, "ngay": "31/02/2025"}).status_code == 200


# --- the candidate page's forms ---------------------------------------------------------------------------------------

def test_stop_and_replace_forms_only_for_who_may_take_them(client, people):
    tree, secretary, commune, district, an, binh = people
    c = file_ready(tree, secretary, an, binh)
    page = reverse("admissions:detail", args=[c.pk])
    for reader in (user_with(Role.INSPECTION, org=tree.district), user_with(Role.MEMBER, member=an)):
        client.force_login(reader)
        response = client.get(page)
        if response.status_code == 200:
            body = response.content.decode()
            assert 'id="stop-form"' not in body and 'id="replace-' not in body
        assert client.post(reverse("admissions:stop", args=[c.pk]),
                           {"stop-on": "10/01/2025", "stop-reason": "x"}).status_code in (403, 404)
    client.force_login(secretary)
    body = client.get(page).content.decode()
    assert 'id="stop-form"' in body and body.count('id="replace-') == 2
    intro = c.introductions.get(member=an)
    dung = tree.member("Phạm Văn Dũng", org=tree.cell1)
    url = reverse("admissions:introducer_replace", args=[c.pk, intro.pk])
    p = f"rep{intro.pk}-"
    bad = client.post(url, {p + "member": dung.pk, p + "on": "15/12/2024", p + "together_since": "01/06/2024",
                            p + "note": "Chuyển công tác"})
    assert bad.status_code == 200 and "[M3]" in bad.content.decode() and Introduction.objects.count() == 2
    done = client.post(url, {p + "member": dung.pk, p + "on": "15/12/2024", p + "together_since": "01/01/2020",
                             p + "note": "Chuyển công tác"})
    assert done.status_code == 302
    assert "Phạm Văn Dũng" in client.get(page).content.decode()
    missing = client.post(reverse("admissions:stop", args=[c.pk]), {"stop-on": "10/01/2025", "stop-reason": ""})
    assert missing.status_code == 200 and "Chưa ghi lý do dừng xem xét" in missing.content.decode()
    stopped = client.post(reverse("admissions:stop", args=[c.pk]),
                          {"stop-on": "10/01/2025", "stop-reason": "Chuyển công tác vào tỉnh khác"})
    assert stopped.status_code == 302
    body = client.get(page).content.decode()
    assert 'id="stopped"' in body and "Chuyển công tác vào tỉnh khác" in body and 'id="stop-form"' not in body
