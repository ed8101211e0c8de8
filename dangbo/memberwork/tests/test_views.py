"""The member-work pages: lists of a subtree's records for a period, paginated with a pinned number of queries;
record forms reached only by who may record (the grassroots committee or above); bad input answered in Vietnamese
naming the field with nothing written; the pickers limited to the org's subtree and to what was typed."""

import datetime as dt

import pytest
from django.urls import reverse

from dangbo.accounts.models import AuditEntry
from dangbo.core.testing import Role, user_with
from dangbo.memberwork import services
from dangbo.memberwork.choices import RewardForm, RewardLevel
from dangbo.memberwork.models import BadgeAward, CardIssue, Reward

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def world(old_tree):
    t = old_tree
    return {"tree": t, "an": t.member("Nguyễn Văn An", admitted=D(1990, 3, 1), official=D(1991, 3, 1),
                                      born=D(1965, 1, 1)),
            "binh": t.member("Trần Thị Bình", gender="F", org=t.cell2),
            "dung": t.member("Phạm Văn Dũng", org=t.other_cell),
            "commune": user_with(Role.ORG_COMMISSION, org=t.commune),
            "cell": user_with(Role.CELL_SECRETARY, org=t.cell1)}


def url(name, org):
    return reverse(f"memberwork:{name}", kwargs={"pk": org.pk})


def test_lists_show_the_subtree_and_links_only_to_who_may_record(client, world):
    t = world["tree"]
    for day in (D(2024, 3, 1), D(2023, 3, 1)):
        services.reward_record(actor=t.actor, member=world["an"], form=RewardForm.MERIT,
                               level=RewardLevel.GRASSROOTS, awarded_on=day, decision_ref=f"QĐ {day.year}",
                               decided_by="Đảng ủy xã")
    services.reward_record(actor=t.actor, member=world["dung"], form=RewardForm.MERIT, level=RewardLevel.GRASSROOTS,
                           awarded_on=D(2024, 3, 1), decision_ref="QĐ khác", decided_by="Đảng ủy xã Rô Men")
    client.force_login(world["commune"])
    body = client.get(url("rewards", t.commune), {"tu": "01/01/2024", "den": "31/12/2024"}).content.decode()
    assert "QĐ 2024" in body and "QĐ 2023" not in body and "QĐ khác" not in body
    assert url("reward_add", t.commune) in body
    bad = client.get(url("rewards", t.commune), {"tu": "01/01/2024", "den": "31/12/2023"}).content.decode()
    assert "Ngày kết thúc (31/12/2023) trước ngày bắt đầu (01/01/2024)" in bad
    client.force_login(world["cell"])
    body = client.get(url("rewards", t.cell1), {"tu": "01/01/2024", "den": "31/12/2024"}).content.decode()
    assert "QĐ 2024" in body and url("reward_add", t.cell1) not in body
    assert client.get(url("reward_add", t.cell1)).status_code == 403


def test_list_queries_do_not_grow_with_rows(client, world, django_assert_num_queries):
    t = world["tree"]
    client.force_login(world["commune"])
    client.get(url("badges", t.commune))
    for years, day in ((30, D(2021, 3, 2)), (40, D(2024, 3, 2))):
        services.badge_award(actor=t.actor, member=world["an"], years=years, awarded_on=day, decision_ref="QĐ",
                             note="Trao sớm.")
    # session, user, grants; the org; its ancestors; the recorder (grassroots line); count; the page
    with django_assert_num_queries(8):
        response = client.get(url("badges", t.commune), {"tu": "01/01/2020", "den": "31/12/2025"})
    assert response.content.decode().count('id="badge-') == 2


def test_record_a_reward_with_the_pickers(client, world):
    t = world["tree"]
    client.force_login(world["commune"])
    assert client.get(url("reward_add", t.commune)).status_code == 200
    picker = client.get(url("member_picker", t.commune), {"q": "nguyen van"}).content.decode()
    assert "Nguyễn Văn An" in picker and "Phạm Văn Dũng" not in picker
    assert "Trần Thị Bình" not in client.get(url("member_picker", t.cell1), {"q": "tran"}).content.decode()
    assert client.get(url("member_picker", t.commune), {"q": ""}).content.decode().strip() == ""
    orgs = client.get(url("org_picker", t.commune), {"org_q": "chi bo"}).content.decode()
    assert t.cell1.name in orgs and t.other_cell.name not in orgs
    data = {"recipient": "member", "member": world["an"].pk, "form": "merit", "level": "grassroots",
            "awarded_on": "20/12/2024", "decision_ref": "15-QĐ/ĐU", "decided_by": "Đảng ủy xã Đạ Sar"}
    response = client.post(url("reward_add", t.commune), data)
    assert response.status_code == 302 and Reward.objects.get().member == world["an"]
    response = client.post(url("reward_add", t.commune), {**data, "recipient": "org", "recipient_org": t.cell1.pk})
    assert response.status_code == 302 and Reward.objects.filter(member=None, org=t.cell1).exists()


@pytest.mark.parametrize(("change", "field_words"), [
    ({"awarded_on": "32/12/2024"}, "Ngày phải có dạng dd/mm/yyyy."),
    ({"decision_ref": ""}, "Phải ghi số quyết định."),
    ({"member": ""}, "Phải chọn một đảng viên của tổ chức này"),
    ({"form": "flag"}, "Đảng viên chỉ được ghi các hình thức bằng khen, giấy khen"),
    ({"recipient": "org", "recipient_org": ""}, "Phải chọn một tổ chức đảng trong tổ chức này"),
])
def test_bad_reward_input_names_the_field_and_writes_nothing(client, world, change, field_words):
    t = world["tree"]
    client.force_login(world["commune"])
    data = {"recipient": "member", "member": world["an"].pk, "form": "merit", "level": "grassroots",
            "awarded_on": "20/12/2024", "decision_ref": "15-QĐ/ĐU", "decided_by": "Đảng ủy xã Đạ Sar", **change}
    audit = AuditEntry.objects.count()
    response = client.post(url("reward_add", t.commune), data)
    assert response.status_code == 200 and field_words in response.content.decode()
    assert Reward.objects.count() == 0 and AuditEntry.objects.count() == audit


def test_a_member_outside_the_org_is_not_picked(client, world):
    t = world["tree"]
    client.force_login(user_with(Role.ORG_COMMISSION, org=t.district))
    data = {"recipient": "member", "member": world["dung"].pk, "form": "merit", "level": "district",
            "awarded_on": "20/12/2024", "decision_ref": "1", "decided_by": "Huyện ủy"}
    response = client.post(url("reward_add", t.commune), data)
    assert "Phải chọn một đảng viên của tổ chức này" in response.content.decode() and Reward.objects.count() == 0


def test_badge_under_the_step_needs_a_reason_and_warns(client, world):
    t = world["tree"]
    client.force_login(world["commune"])
    data = {"member": world["an"].pk, "years": "40", "awarded_on": "02/09/2024", "decision_ref": "120-QĐ/HU"}
    body = client.post(url("badge_add", t.commune), data).content.decode()
    assert "34 năm 6 tháng tuổi đảng" in body and BadgeAward.objects.count() == 0
    response = client.post(url("badge_add", t.commune), {**data, "note": "Trao sớm: ốm nặng."}, follow=True)
    assert "[M10]" in response.content.decode() and BadgeAward.objects.get().years == 40
    body = client.post(url("badge_add", t.commune), {**data, "years": "35"}).content.decode()
    assert "Mốc Huy hiệu không hợp lệ." in body


def test_card_first_issue_sets_the_member_card_number(client, world):
    t = world["tree"]
    client.force_login(world["commune"])
    data = {"member": world["an"].pk, "kind": "first", "issued_on": "01/04/2024", "card_number": "12a"}
    assert "Số thẻ đảng viên “12a” không hợp lệ" in client.post(url("card_add", t.commune), data).content.decode()
    assert CardIssue.objects.count() == 0
    assert client.post(url("card_add", t.commune), {**data, "card_number": "079065001234"}).status_code == 302
    world["an"].refresh_from_db()
    assert world["an"].card_number == "079065001234"
    # the cell's secretary may not record: 403 naming who does
    client.force_login(world["cell"])
    assert client.post(url("card_add", t.cell1), {**data, "kind": "lost"}).status_code == 403
