"""The transfer pages through HTTP: issuing from the member's page (the member leaves), receiving late without and
with its reason, the receiving form shown only to the side that confirms, the DOCX, the destination picker, the
members who left and never arrived, and the list's query count pinned."""

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document as open_docx

from dangbo.accounts.models import AuditEntry, Role
from dangbo.core.testing import admin_user, user_with
from dangbo.members.choices import MemberStatus
from dangbo.transfers import services
from dangbo.transfers.choices import LetterKind, Reason
from dangbo.transfers.models import TransferLetter

pytestmark = pytest.mark.django_db
D = dt.date
FEB_2 = D(2026, 2, 2)  # present by 23/03/2026 (30 working days across Tết)


@pytest.fixture
def people(tree):
    secretary = user_with(Role.CELL_SECRETARY, org=tree.cell1)
    commune = user_with(Role.ORG_COMMISSION, org=tree.commune)
    receiver = user_with(Role.CELL_SECRETARY, org=tree.cell2)
    member = tree.member("Nguyễn Văn An", org=tree.cell1)
    return tree, secretary, commune, receiver, member


def _issue(member, to_org=None, on=FEB_2, actor=None, **extra):
    return services.letter_issue(actor=actor or admin_user(), member=member,
                                 kind=extra.pop("kind", LetterKind.OFFICIAL), issued_on=on,
                                 reason=extra.pop("reason", Reason.NEW_JOB), to_org=to_org, **extra).letter


def test_issue_from_the_member_page_and_the_member_leaves(client, people):
    tree, secretary, commune, receiver, member = people
    client.force_login(commune)
    page = client.get(reverse("members:detail", args=[member.pk])).content.decode()
    issue_url = reverse("transfers:issue", args=[member.pk])
    assert issue_url in page and "Giấy giới thiệu sinh hoạt đảng" in page
    form = client.get(issue_url)
    assert form.status_code == 200 and 'hx-get="/chuyen-sinh-hoat/chon-chi-bo/"' in form.content.decode()
    done = client.post(issue_url, {"kind": "official", "reason": "new_job", "issued_on": "02/02/2026",
                                   "to_org": tree.cell2.pk, "decision_ref": "QĐ 12-QĐ/ĐU"})
    letter = TransferLetter.objects.get()
    assert done.status_code == 302 and done["Location"] == reverse("transfers:detail", args=[letter.pk])
    member.refresh_from_db()
    assert member.status == MemberStatus.TRANSFERRED_OUT
    assert letter.to_org == tree.cell2 and letter.issuer == tree.commune and letter.present_by == D(2026, 3, 23)
    shown = client.get(done["Location"]).content.decode()
    assert letter.number in shown and "23/03/2026" in shown and "Chi bộ thôn Păng Tiêng" in shown
    assert 'id="receive-form"' in shown  # the commune writes cell2's subtree too
    listing = client.get(reverse("transfers:list"), {"org": tree.commune.pk, "ngay": "10/02/2026"}).content.decode()
    assert "Nguyễn Văn An" in listing and "Trong hạn" in listing


def test_issue_outside_the_area_is_a_403_naming_the_level_and_bad_input_is_on_its_field(client, people):
    tree, secretary, commune, receiver, member = people
    client.force_login(commune)
    url = reverse("transfers:issue", args=[member.pk])
    refused = client.post(url, {"kind": "official", "reason": "new_job", "issued_on": "02/02/2026",
                                "to_org": tree.other_cell.pk})
    assert refused.status_code == 403 and "do Đảng bộ huyện Lạc Dương cấp" in refused.content.decode()
    both = client.post(url, {"kind": "official", "reason": "new_job", "issued_on": "02/02/2026",
                             "to_org": tree.cell2.pk, "to_external": "Đảng bộ phường Lộc Thọ"})
    assert both.status_code == 200 and "chỉ một trong hai" in both.content.decode()
    temp = client.post(url, {"kind": "temporary", "reason": "stay", "issued_on": "02/02/2026",
                             "to_org": tree.cell2.pk})
    assert "phải ghi thời hạn" in temp.content.decode()
    assert not TransferLetter.objects.exists()
    member.refresh_from_db()
    assert member.status == MemberStatus.OFFICIAL


def test_the_cell_secretary_is_shown_no_issue_link_and_may_not_issue(client, people):
    tree, secretary, commune, receiver, member = people
    client.force_login(secretary)
    page = client.get(reverse("members:detail", args=[member.pk])).content.decode()
    assert reverse("transfers:issue", args=[member.pk]) not in page
    assert client.get(reverse("transfers:issue", args=[member.pk])).status_code == 403


def test_receive_late_needs_its_reason_and_the_form_is_hidden_from_the_sending_cell(client, people):
    tree, secretary, commune, receiver, member = people
    letter = _issue(member, tree.cell2)
    url = reverse("transfers:detail", args=[letter.pk])
    client.force_login(secretary)  # the sending cell reads the letter but does not confirm it
    page = client.get(url).content.decode()
    assert letter.number in page and 'id="receive-form"' not in page
    assert client.post(reverse("transfers:receive", args=[letter.pk]), {"received_on": "20/02/2026"}
                       ).status_code == 403

    client.force_login(receiver)
    assert 'id="receive-form"' in client.get(url).content.decode()
    audit = AuditEntry.objects.count()
    late = client.post(reverse("transfers:receive", args=[letter.pk]), {"received_on": "30/03/2026"})
    body = late.content.decode()
    assert late.status_code == 200 and "quá hạn 5 ngày làm việc" in body and "Ghi lý do" in body
    letter.refresh_from_db()
    member.refresh_from_db()
    assert letter.received_on is None and member.status == MemberStatus.TRANSFERRED_OUT
    assert AuditEntry.objects.count() == audit
    done = client.post(reverse("transfers:receive", args=[letter.pk]),
                       {"received_on": "30/03/2026", "note": "Đồng chí ốm, nằm viện đến 27/3"})
    assert done.status_code == 302
    letter.refresh_from_db()
    member.refresh_from_db()
    assert letter.received_on == D(2026, 3, 30) and member.org == tree.cell2
    assert member.status == MemberStatus.OFFICIAL
    after = client.get(url).content.decode()
    assert 'id="receive-form"' not in after and "Đồng chí ốm" in after and "Đã đến nơi mới" in after


def test_a_letter_out_of_the_system_is_confirmed_by_the_sending_side(client, people):
    tree, secretary, commune, receiver, member = people
    letter = _issue(member, to_external="Đảng bộ phường Lộc Thọ, tỉnh Khánh Hòa")
    client.force_login(secretary)
    assert 'id="receive-form"' in client.get(reverse("transfers:detail", args=[letter.pk])).content.decode()


def test_docx_download_opens_with_python_docx(client, people):
    tree, secretary, commune, receiver, member = people
    letter = _issue(member, tree.cell2, number="07-GGT/ĐU")
    client.force_login(commune)
    response = client.get(reverse("transfers:docx", args=[letter.pk]))
    assert response.status_code == 200
    assert 'filename="giay-gioi-thieu-sinh-hoat-dang-07-GGT-DU.docx"' in response["Content-Disposition"]
    text = "\n".join(p.text for p in open_docx(io.BytesIO(response.content)).paragraphs)
    assert "Nguyễn Văn An" in text and "07-GGT/ĐU" in text


def test_the_destination_picker_searches_active_cells_of_the_whole_system(client, people):
    tree, secretary, commune, receiver, member = people
    client.force_login(user_with(Role.ORG_COMMISSION, org=tree.other_commune))  # cell2 is outside its scope
    found = client.get(reverse("transfers:cell_picker"), {"q": "pang tieng"}).content.decode()
    assert "Chi bộ thôn Păng Tiêng" in found and f'value="{tree.cell2.pk}"' in found
    assert "Chi bộ thôn Păng Tiêng" not in client.get(reverse("transfers:cell_picker"), {"q": "dang bo xa"}
                                                      ).content.decode()
    none = client.get(reverse("transfers:cell_picker"), {"q": ""}).content.decode()
    assert "org-choices" not in none


def test_members_who_left_and_never_arrived_with_days_late(client, people):
    tree, secretary, commune, receiver, member = people
    _issue(member, tree.cell2)
    client.force_login(commune)
    body = client.get(reverse("transfers:not_arrived"), {"org": tree.commune.pk, "ngay": "30/03/2026"}
                      ).content.decode()
    assert "Nguyễn Văn An" in body and "5 ngày làm việc" in body and "7 ngày" in body
    assert "Nguyễn Văn An" not in client.get(reverse("transfers:not_arrived"),
                                             {"org": tree.commune.pk, "ngay": "20/03/2026"}).content.decode()


@pytest.mark.parametrize("n", [3, 30])
def test_list_queries_do_not_grow_with_the_letters(client, tree, n, django_assert_num_queries):
    for i in range(n):
        _issue(tree.member(f"Đảng Viên {i}", org=tree.cell1), to_external=f"Đảng bộ xã Số {i}, tỉnh Khánh Hòa")
    client.force_login(user_with(Role.ORG_COMMISSION, org=tree.district))
    url = reverse("transfers:list")
    with django_assert_num_queries(7):
        body = client.get(url, {"org": tree.district.pk, "ngay": "01/03/2026"}).content.decode()
    assert body.count('<tr id="letter-') == n


def test_the_member_page_reads_the_letters_in_one_query_whatever_their_number(client, tree):
    """The section adds one query (the letters with their orgs); the issuing power one more (the grassroots org)."""
    member = tree.member("Nguyễn Văn An", org=tree.cell1)
    client.force_login(user_with(Role.ORG_COMMISSION, org=tree.district))
    url = reverse("members:detail", args=[member.pk])

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        assert sum("transfers_transferletter" in q["sql"] for q in ctx.captured_queries) == 1
        return len(ctx)

    letter = _issue(member, to_external="Đảng bộ phường Lộc Thọ, tỉnh Khánh Hòa",
                    kind=LetterKind.TEMPORARY, reason=Reason.STAY, stay_until=D(2026, 8, 1))
    one = count()
    services.letter_receive(actor=admin_user(), letter=letter, received_on=D(2026, 2, 10))
    for on in (D(2026, 3, 2), D(2026, 5, 4)):
        done = _issue(member, to_external="Chi bộ thôn 3, xã Hòa Bắc", on=on, kind=LetterKind.TEMPORARY,
                      reason=Reason.STAY, stay_until=on + dt.timedelta(days=120))
        services.letter_receive(actor=admin_user(), letter=done, received_on=on + dt.timedelta(days=3))
    body = client.get(url).content.decode()
    assert body.count("Số ") >= 3 and "Cấp giấy giới thiệu sinh hoạt đảng" in body
    assert count() == one
