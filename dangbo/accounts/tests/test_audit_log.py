"""The audit log read by people: Vietnamese names, values as the pages show them, filters, keyset pages, XLSX —
scoped to the user — and the writes it used to miss (admin site, event corrections, a term ended by the next)."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from dangbo.accounts import audit_display
from dangbo.accounts.models import AuditEntry, Role
from dangbo.accounts.selectors import AUDIT_PAGE, audit_list
from dangbo.core.testing import user_with
from dangbo.members import services as members
from dangbo.members.choices import EventKind


def _rows(user, **filters):
    return audit_display.rows(audit_list(user=user, **filters))


def _changes(row):
    return {c.label: (c.before, c.after) for c in row.changes}


@pytest.mark.django_db
def test_entries_read_in_vietnamese_with_values_as_users_see_them(tree):
    m = tree.member("Nguyễn Văn An", org=tree.cell1, born=dt.date(1985, 3, 2))
    members.member_update(actor=tree.actor, member=m, data={"date_of_birth": dt.date(1986, 4, 5), "gender": "F"})
    members.event_record(actor=tree.actor, member=m, kind=EventKind.TRANSFER, date=dt.date(2024, 2, 1),
                         org=tree.cell2)
    commission = user_with(Role.ORG_COMMISSION, org=tree.district)
    update, transfer = (_rows(commission, action=a)[0] for a in ("member_update", "event_transfer"))
    assert update.action == "Sửa hồ sơ đảng viên" and update.kind == "Đảng viên" and update.object == "Nguyễn Văn An"
    assert _changes(update) == {"Ngày sinh": ("02/03/1985", "05/04/1986"), "Giới tính": ("Nam", "Nữ")}
    assert transfer.action == "Sự kiện: Chuyển sinh hoạt chính thức (trong hệ thống)"
    assert _changes(transfer)["Chi bộ sinh hoạt"] == ("Chi bộ thôn Đạ Nghịt", "Chi bộ thôn Păng Tiêng")
    assert update.actor == "admin"


@pytest.mark.django_db
def test_entries_written_before_this_change_still_read_well(tree):
    """Raw values as the log has always stored them: codes, ids, ISO datetimes with microseconds."""
    old = AuditEntry.objects.create(
        actor=tree.actor, action="assessment_approve", model="reviews.Assessment", object_id="7",
        object_repr="Nguyễn Văn An — 2024", org_path=tree.cell1.path,
        before={"final_level": "", "approved_on": None, "approver": None, "updated_at": "2024-12-20T08:15:30.123456"},
        after={"final_level": "good", "approved_on": "2024-12-21", "approver": tree.commune.pk,
               "updated_at": "2024-12-21T09:00:01.654321+00:00"})
    token = AuditEntry.objects.create(
        actor=tree.actor, action="api_token_revoke", model="accounts.ApiToken", object_id="3", object_repr="script",
        before={"revoked_at": None}, after={"revoked_at": "2024-12-21T09:00:01.654321+00:00"})
    AuditEntry.objects.create(actor=None, action="some_future_action", model="gone.Model", object_id="1",
                              object_repr="x", org_path=tree.cell1.path, before={"when": "2024-01-02"},
                              after={"when": "2024-01-03T10:11:12.5"})
    future, revoked, row = audit_display.rows(AuditEntry.objects.order_by("-id")[:3])
    assert row.entry == old and row.action == "Quyết định xếp loại" and revoked.entry == token
    assert _changes(row) == {"Xếp loại": ("—", "Hoàn thành tốt nhiệm vụ"), "Ngày quyết định": ("—", "21/12/2024"),
                             "Cấp quyết định": ("—", "Đảng bộ xã Đạ Sar")}
    assert _changes(revoked) == {"Thu hồi lúc": ("—", "21/12/2024 16:00")}  # stored in UTC, shown in Hà Nội time
    assert future.action == "some_future_action" and future.actor == "(hệ thống)"
    assert _changes(future) == {"When": ("02/01/2024", "03/01/2024 10:11")}  # unknown: raw name, values read


def _entry(tree, *, action, org, actor=None, at=None, repr_="Đối tượng"):
    entry = AuditEntry.objects.create(actor=actor or tree.actor, action=action, model="orgs.Org",
                                      object_id=str(org.pk), object_repr=repr_, org_path=org.path, after={})
    if at is not None:
        AuditEntry.objects.filter(pk=entry.pk).update(at=at)
    return entry


@pytest.mark.django_db
def test_filters_narrow_by_who_action_org_subtree_object_and_dates(tree):
    bithu = user_with(Role.CELL_SECRETARY, org=tree.cell1, username="bithu")
    bithu.last_name, bithu.first_name = "Lê Thị", "Hoa"
    bithu.save()
    when = lambda d: timezone.make_aware(dt.datetime.combine(d, dt.time(10)))  # noqa: E731
    a = _entry(tree, action="org_rename", org=tree.cell1, actor=bithu, at=when(dt.date(2025, 3, 1)), repr_="Thôn A")
    b = _entry(tree, action="org_rename", org=tree.cell2, at=when(dt.date(2025, 4, 1)), repr_="Thôn B")
    c = _entry(tree, action="term_open", org=tree.agency, at=when(dt.date(2025, 5, 1)), repr_="Phòng C")
    commission = user_with(Role.ORG_COMMISSION, org=tree.district)
    ids = lambda **f: [e.pk for e in audit_list(user=commission, **f) if e.pk in (a.pk, b.pk, c.pk)]  # noqa: E731
    assert ids() == [c.pk, b.pk, a.pk]
    assert ids(actor="hoa") == [a.pk] and ids(actor="bithu") == [a.pk] and ids(actor="le thi hoa") == [a.pk]
    assert ids(action="org_rename") == [b.pk, a.pk]
    assert ids(org=tree.commune) == [b.pk, a.pk]
    assert ids(obj="phòng") == [c.pk] and ids(obj="Phòng C") == [c.pk]
    assert ids(date_from=dt.date(2025, 3, 15), date_to=dt.date(2025, 4, 30)) == [b.pk]
    # and through the page: Vietnamese dates in, the rows narrowed
    from django.test import Client

    client = Client()
    client.force_login(commission)
    body = client.get(reverse("accounts:audit"), {"action": "org_rename", "date_from": "15/03/2025"}).content.decode()
    assert "Thôn B" in body and "Thôn A" not in body and "Phòng C" not in body
    assert "Đổi tên tổ chức đảng" in body


@pytest.mark.django_db
def test_pages_by_keyset_without_counting_the_log(client, tree):
    for i in range(AUDIT_PAGE + 5):
        _entry(tree, action="org_rename", org=tree.cell1, repr_=f"Mục {i:03d}")
    client.force_login(tree.actor)
    first = client.get(reverse("accounts:audit"), {"action": "org_rename"})
    assert first.context["next_cursor"] and len(first.context["rows"]) == AUDIT_PAGE
    assert "Mục 054" in first.content.decode() and "Mục 004" not in first.content.decode()
    second = client.get(reverse("accounts:audit"), {"action": "org_rename", "after": first.context["next_cursor"]})
    assert [r.object for r in second.context["rows"]] == [f"Mục {i:03d}" for i in range(4, -1, -1)]
    assert second.context["next_cursor"] is None


@pytest.mark.django_db
def test_org_picker_searches_the_scope_and_filters_the_subtree(client, tree):
    _entry(tree, action="org_rename", org=tree.cell1, repr_="Trong xã")
    _entry(tree, action="org_rename", org=tree.agency, repr_="Ngoài xã")
    client.force_login(user_with(Role.ORG_COMMISSION, org=tree.district))
    picker = client.get(reverse("accounts:audit_orgs"), {"org_q": "da sar"}).content.decode()
    assert "Đảng bộ xã Đạ Sar" in picker and "Phòng Giáo dục" not in picker
    assert "Rô Men" not in client.get(reverse("accounts:audit_orgs"), {"org_q": "ro men"}).content.decode()
    # one match typed without picking: taken as the filter
    body = client.get(reverse("accounts:audit"), {"org_q": "da sar"}).content.decode()
    assert "Trong xã" in body and "Ngoài xã" not in body
    picked = client.get(reverse("accounts:audit"), {"org": tree.commune.pk}).content.decode()
    assert "Trong xã" in picked and "Ngoài xã" not in picked
    # an org outside the scope is not a filter that reveals anything
    outside = client.get(reverse("accounts:audit"), {"org": tree.other_commune.pk})
    assert outside.context["org"] is None


@pytest.mark.django_db
def test_xlsx_export_reads_back_and_stays_in_scope(client, tree):
    mine = tree.member("Nguyễn Văn An", org=tree.cell1)
    members.member_update(actor=tree.actor, member=mine, data={"date_of_birth": dt.date(1986, 4, 5)})
    secret = tree.member("Phan Văn Bí Mật", org=tree.other_cell)
    members.member_update(actor=tree.actor, member=secret, data={"date_of_birth": dt.date(1980, 1, 1)})
    client.force_login(user_with(Role.CELL_SECRETARY, org=tree.cell1))
    response = client.get(reverse("accounts:audit_export"), {"action": "member_update"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    assert rows[0][:3] == ["Thời gian", "Người thực hiện", "Thao tác"]
    assert len(rows) == 2 and rows[1][2] == "Sửa hồ sơ đảng viên" and rows[1][4] == "Nguyễn Văn An"
    assert "Ngày sinh: 02/03/1985 → 05/04/1986" in rows[1][5]
    assert "Bí Mật" not in str(rows)
    assert ws.page_setup.orientation == "landscape" and ws.print_title_rows == "$1:$1"
    assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage


@pytest.mark.django_db
def test_a_change_in_the_admin_site_is_audited(client, tree):
    from django.contrib.auth import get_user_model

    target = user_with(Role.CELL_SECRETARY, org=tree.cell1, username="bithu")
    client.force_login(tree.actor)
    url = reverse("admin:auth_user_change", args=[target.pk])
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k not in ("password", "groups",
                                                                               "user_permissions")}
    data.update(is_superuser="on", is_staff="on", is_active="on", date_joined_0=target.date_joined.strftime(
        "%d/%m/%Y"), date_joined_1=target.date_joined.strftime("%H:%M:%S"), last_login_0="", last_login_1="")
    data.pop("date_joined", None)
    data.pop("last_login", None)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert get_user_model().objects.get(pk=target.pk).is_superuser
    entry = AuditEntry.objects.filter(model="auth.User", object_id=str(target.pk)).get()
    assert entry.action == "admin_change" and entry.actor == tree.actor
    assert entry.before["is_superuser"] is False and entry.after["is_superuser"] is True
    assert "password" not in entry.after and "password" not in entry.before
    row = audit_display.rows([entry])[0]
    assert row.action == "Sửa (trang quản trị)"
    assert ("không", "có") in _changes(row).values()
    # a password set there is named as such (the hash itself is never logged)
    password_url = reverse("admin:auth_user_password_change", args=[target.pk])
    assert client.post(password_url, {"password1": "mat-khau-moi-1", "password2": "mat-khau-moi-1",
                                      "usable_password": "true"}).status_code == 302
    reset = AuditEntry.objects.filter(model="auth.User", action="password_change").get()
    assert reset.actor == tree.actor and reset.object_id == str(target.pk) and "password" not in str(reset.after)
    # a deletion there too, with everything the object held
    client.post(reverse("admin:auth_user_delete", args=[target.pk]), {"post": "yes"})
    deleted = AuditEntry.objects.filter(model="auth.User", action="admin_delete").get()
    assert deleted.before["username"] == "bithu" and deleted.after is None


@pytest.mark.django_db
def test_an_event_correction_records_what_was_corrected(tree):
    m = tree.member("Nguyễn Văn An", org=tree.cell1)
    event = members.event_record(actor=tree.actor, member=m, kind=EventKind.EXEMPT, date=dt.date(2024, 3, 1),
                                 decision_ref="12-QĐ/ĐU")
    members.event_correct(actor=tree.actor, event=event, date=dt.date(2024, 3, 15), decision_ref="15-QĐ/ĐU",
                          note="Ghi nhầm ngày quyết định")
    entry = AuditEntry.objects.filter(action="event_correct").get()
    assert entry.before and entry.after
    changes = _changes(audit_display.rows([entry])[0])
    assert changes["Sự kiện sinh hoạt đảng: ngày"] == ("01/03/2024", "15/03/2024")
    assert changes["Sự kiện sinh hoạt đảng: số quyết định"] == ("12-QĐ/ĐU", "15-QĐ/ĐU")


@pytest.mark.django_db
def test_a_term_ended_by_the_next_one_is_audited(tree):
    from dangbo.orgs.models import Term
    from dangbo.orgs.services import term_open

    term_open(actor=tree.actor, org=tree.commune, name="2020–2025", starts_on=dt.date(2020, 10, 1))
    term_open(actor=tree.actor, org=tree.commune, name="2025–2030", starts_on=dt.date(2025, 9, 20))
    old = Term.objects.get(name="2020–2025")
    entry = AuditEntry.objects.filter(action="term_end").get()
    assert entry.object_id == str(old.pk) and entry.org_path == tree.commune.path
    assert entry.before == {"ends_on": None} and entry.after == {"ends_on": "2025-09-19"}
    row = audit_display.rows([entry])[0]
    assert row.action == "Kết thúc nhiệm kỳ" and _changes(row) == {"Kết thúc": ("—", "19/09/2025")}


@pytest.mark.django_db
def test_member_and_org_pages_show_their_history_the_same_way(client, tree):
    m = tree.member("Nguyễn Văn An", org=tree.cell1, born=dt.date(1985, 3, 2))
    members.member_update(actor=tree.actor, member=m, data={"date_of_birth": dt.date(1986, 4, 5)})
    from dangbo.orgs.services import org_rename

    org_rename(actor=tree.actor, org=tree.cell1, name="Chi bộ thôn Đạ Nghịt 1", on=dt.date(2024, 1, 1))
    client.force_login(user_with(Role.CELL_SECRETARY, org=tree.cell1))
    member_page = client.get(reverse("members:detail", args=[m.pk])).content.decode()
    assert "Sửa hồ sơ đảng viên · Ngày sinh: 02/03/1985 → 05/04/1986" in member_page
    org_page = client.get(reverse("orgs:detail", args=[tree.cell1.pk])).content.decode()
    assert "Đổi tên tổ chức đảng · Tên: Chi bộ thôn Đạ Nghịt → Chi bộ thôn Đạ Nghịt 1" in org_page
    assert "member_update" not in member_page and "org_rename" not in org_page


def test_every_action_written_has_a_vietnamese_name():
    """A new ``audit.record(action="…")`` needs its name in ``accounts.audit.ACTIONS`` (lifecycle events are named
    by their kind)."""
    import pathlib
    import re

    from dangbo.accounts.audit import action_label

    root = pathlib.Path(__file__).resolve().parents[2]
    written = set()
    for path in root.glob("*/**/*.py"):
        if not {"tests", "migrations", "management"} & set(path.parts):
            for first, other in re.findall(r'action="([a-z_]+)"(?: if \w+ else "([a-z_]+)")?', path.read_text("utf-8")):
                written |= {first, other} - {""}
    assert {"member_create", "term_end", "event_correct"} <= written
    assert sorted(a for a in written if action_label(a) == a) == []
