"""The bulk member create behind the XLSX import: the same rows as ``member_create`` one by one, all or nothing."""

import datetime as dt

import pytest
from django.db import connection, transaction

from dangbo.accounts.models import AuditEntry, Role
from dangbo.core.exceptions import OutOfScope
from dangbo.core.testing import user_with
from dangbo.members import imports, services
from dangbo.members.models import EventApproval, LifecycleEvent, Member, Registration
from dangbo.members.tests.test_imports import TODAY, book, good_file, person, state

D = dt.date
# Ids, clocks and keys to rows written in the same run: they differ between two runs by construction.
NOT_COMPARED = {"id", "at", "created_at", "member", "member_id", "event", "event_id", "request_id", "object_id"}


def _plain(row: dict) -> dict:
    out = {}
    for key, value in row.items():
        if key in NOT_COMPARED:
            continue
        out[key] = _plain(value) if isinstance(value, dict) else value
    return out


def written(since: dict) -> dict[str, list]:
    """Every row written after ``since`` (the last id of each table), keyed to its member by CCCD and name."""
    who = {m.pk: (m.cccd, m.full_name) for m in Member.objects.filter(pk__gt=since["member"])}
    events = {e.pk: (who[e.member_id], e.kind) for e in LifecycleEvent.objects.filter(pk__gt=since["event"])}
    tables = {
        "members": sorted(((k, _plain(v)) for k, v in (
            ((m["cccd"], m["full_name"]), m) for m in Member.objects.filter(pk__gt=since["member"]).values())),
            key=repr),
        "events": sorted(((who[e["member_id"]], _plain(e)) for e in
                          LifecycleEvent.objects.filter(pk__gt=since["event"]).values()), key=repr),
        "approvals": sorted(((events[a["event_id"]], _plain(a)) for a in
                             EventApproval.objects.filter(pk__gt=since["approval"]).values()), key=repr),
        "registrations": sorted(((who[r["member_id"]], _plain(r)) for r in
                                 Registration.objects.filter(member_id__gt=since["member"]).values()), key=repr),
        "audit": sorted((_plain({**a, "before": a["before"], "after": _plain(a["after"] or {})}) for a in
                         AuditEntry.objects.filter(pk__gt=since["audit"]).values()), key=repr),
    }
    return tables


def last_ids() -> dict:
    def last(model):
        return model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    return {"member": last(Member), "event": last(LifecycleEvent), "approval": last(EventApproval),
            "audit": last(AuditEntry)}


def tally_triggers() -> int:
    if connection.vendor != "sqlite":
        return 2
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name IN "
                       "('meetings_yt_members_member_insert', 'meetings_yt_members_lifecycleevent_insert')")
        return cursor.fetchone()[0]


def one_by_one(actor, data: bytes) -> None:
    """The import as it was before the bulk path: member_create for each row (the UI create still uses it)."""
    report = imports.validate(user=actor, data=data, on=TODAY)
    assert report.ok, [str(i) for i in report.issues]
    for row in report.members:
        services.member_create(actor=actor, data=row.data, org=row.org, admitted_on=row.admitted_on,
                               official_on=row.official_on, external_org=row.external_org, as_decided=True)


def mixed_file(tree) -> bytes:
    return book(None, [
        person(1, **{"Trình độ chuyên môn": "Đại học", "Đối tượng": "Nông dân", "Số lý lịch": "000001LD",
                     "Đoàn viên khi vào Đảng": "Có", "Số thẻ đảng viên": "123456789012"}),
        person(2, gender="F", born=D(1990, 7, 1), **{"Ngày vào Đảng": "01/03/2024", "Ngày chính thức": None}),
        person(3, **{"Tổ chức kết nạp ngoài hệ thống": "Đảng bộ Quân sự tỉnh"}),
        person(4, born=D(1950, 1, 1), **{"Ngày vào Đảng": "01/06/2024", "Ngày chính thức": None}),  # M1 flag
        person(5, **{"Số CCCD": None, "Chi bộ (mã hoặc tên)": tree.cell2.name}),
    ])


def test_bulk_import_writes_exactly_what_member_create_writes_row_by_row(tree, admin):
    data = mixed_file(tree)
    with transaction.atomic():
        since = last_ids()
        one_by_one(admin, data)
        expected = written(since)
        transaction.set_rollback(True)
    since = last_ids()
    result = imports.run_import(actor=admin, data=data, on=TODAY)
    got = written(since)
    assert result.members == 5
    assert {k: len(v) for k, v in got.items()} == {"members": 5, "events": 9, "approvals": 1, "registrations": 8,
                                                   "audit": 6}
    for table in expected:
        assert got[table] == expected[table], table
    assert tally_triggers() == 2  # paused for the writing, back after it


def test_a_failure_after_the_first_batch_leaves_nothing(tree, admin, monkeypatch):
    """A process killed mid-write: the one transaction undoes the batches already written."""
    real = services._bulk_write
    batches = []

    def second_fails(actor, part):
        batches.append(len(part))
        if len(batches) == 2:
            raise RuntimeError("killed")
        real(actor, part)

    monkeypatch.setattr(services, "_bulk_write", second_fails)
    monkeypatch.setattr(services, "BULK_ROWS", 2)
    rows = imports.validate(user=admin, data=mixed_file(tree), on=TODAY).members
    new = [services.NewMember(data=r.data, org=r.org, admitted_on=r.admitted_on, official_on=r.official_on,
                              external_org=r.external_org) for r in rows]
    before = state()
    with pytest.raises(RuntimeError, match="killed"):
        services.members_bulk_create(actor=admin, rows=new, chunk=2)
    assert batches == [2, 2]
    assert state() == before and tally_triggers() == 2


def test_a_refused_row_is_named_and_nothing_is_written(tree, admin):
    taken = tree.member("Đã Có", cccd=person(9)["Số CCCD"])
    rows = imports.validate(user=admin, data=mixed_file(tree), on=TODAY).members
    new = [services.NewMember(data=r.data, org=r.org, admitted_on=r.admitted_on) for r in rows]
    new.insert(3, services.NewMember(data={**rows[0].data, "cccd": taken.cccd, "full_name": "Trùng Số"},
                                     org=rows[0].org, admitted_on=rows[0].admitted_on))
    before = state()
    with pytest.raises(services.RowRefused) as exc:
        services.members_bulk_create(actor=admin, rows=new)
    assert exc.value.index == 3 and exc.value.field == "cccd"
    # the admin's scope covers the holder: the message may name them (core.uniqueness)
    assert exc.value.message.startswith(f"Số CCCD {taken.cccd} đã có trong hồ sơ đảng viên Đã Có")
    assert state() == before
    twice = [new[0], services.NewMember(data={**rows[0].data, "full_name": "Lần Hai"}, org=rows[0].org,
                                        admitted_on=rows[0].admitted_on)]
    with pytest.raises(services.RowRefused) as exc:
        services.members_bulk_create(actor=admin, rows=twice)
    assert exc.value.index == 1 and "lặp lại trong tệp" in exc.value.message and state() == before


def _new_rows(tree, admin):
    rows = imports.validate(user=admin, data=mixed_file(tree), on=TODAY).members
    return [services.NewMember(data=r.data, org=r.org, admitted_on=r.admitted_on, official_on=r.official_on,
                               external_org=r.external_org) for r in rows]


def _counting_checks(monkeypatch) -> list:
    calls = []
    real = services.members_bulk_check

    def counted(**kwargs):
        calls.append(1)
        return real(**kwargs)

    monkeypatch.setattr(services, "members_bulk_check", counted)
    return calls


def test_a_check_made_before_the_transaction_is_written_as_it_is_when_nothing_moved(tree, admin, monkeypatch):
    new = _new_rows(tree, admin)
    checked = services.members_bulk_check(actor=admin, rows=new)
    calls = _counting_checks(monkeypatch)
    before = Member.objects.count()
    assert services.members_bulk_create(actor=admin, rows=new, checked=checked) == len(new)
    assert calls == [] and Member.objects.count() == before + len(new)


def test_a_check_is_made_again_when_a_cccd_was_taken_since(tree, admin, monkeypatch):
    """A CCCD of the rows taken after the check: checked again inside the transaction, refused, nothing written."""
    new = _new_rows(tree, admin)
    checked = services.members_bulk_check(actor=admin, rows=new)
    calls = _counting_checks(monkeypatch)
    tree.member("Nhanh Tay", cccd=new[2].data["cccd"])
    before = state()
    with pytest.raises(services.RowRefused) as exc:
        services.members_bulk_create(actor=admin, rows=new, checked=checked)
    assert (exc.value.index, exc.value.field, calls) == (2, "cccd", [1]) and state() == before


def test_a_check_is_made_again_when_an_org_life_changed_since(tree, admin, monkeypatch):
    """The orgs' lives are part of the verdict: when they read differently, the rows are checked again."""
    new = _new_rows(tree, admin)
    checked = services.members_bulk_check(actor=admin, rows=new)
    calls = _counting_checks(monkeypatch)
    moved = {**checked.spans}
    org_id = next(iter(moved))
    moved[org_id] = services.rules.OrgSpan(org_id=org_id, name="x", valid_from=TODAY, valid_to=TODAY)
    services.members_bulk_create(actor=admin, rows=new, checked=services.BulkChecked(new, checked.pending, moved))
    assert calls == [1] and Member.objects.filter(cccd=new[2].data["cccd"]).count() == 1


def test_import_members_is_one_plain_call(tree, admin, tmp_path):
    path = tmp_path / "x.xlsx"
    path.write_bytes(good_file(tree))
    result = imports.import_members(str(path), user=admin, org=tree.district, on=TODAY)
    assert (result.orgs, result.members) == (3, 4)
    with pytest.raises(imports.ImportRejected):
        imports.import_members(path.read_bytes(), user=admin, on=TODAY)  # the CCCDs are taken now
    outsider = user_with(Role.CELL_SECRETARY, org=tree.cell1)
    with pytest.raises(OutOfScope):
        imports.import_members(b"", user=outsider, org=tree.district, on=TODAY)
