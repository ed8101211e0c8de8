"""K3: programmes and year plans, and their items. Written by those who may write the org (its committee's
officials) or an inspection grant over it (its commission); not confidential."""

import datetime as dt

from django.db import transaction

from dangbo.accounts import audit
from dangbo.accounts.scope import scope_for
from dangbo.core.exceptions import DomainError, OutOfScope
from dangbo.inspection.choices import Body, ProgrammeKind, WorkKind
from dangbo.inspection.models import PlanItem, Programme
from dangbo.inspection.services.common import active_on, choice, existed_by, log, need, under, user_of
from dangbo.orgs.models import Org

PROGRAMME_FIELDS = ("body", "kind", "year", "first_year", "last_year", "title", "adopted_on", "document_number")
ITEM_FIELDS = ("kind", "org", "member", "topic", "month", "quarter")


def _require_plan_write(actor, org: Org) -> None:
    scope = scope_for(actor)
    if not (scope.covers_path(org.path, write=True) or scope.covers_inspection(org.path)):
        if scope.covers_path(org.path):  # visible, read-only: forbidden rather than not found
            raise DomainError("Không có quyền ghi kế hoạch kiểm tra, giám sát của tổ chức này.", code="forbidden")
        raise OutOfScope()


def _check_programme(row: Programme) -> None:
    choice(row.body, Body, "body", "Chủ thể")
    choice(row.kind, ProgrammeKind, "kind", "Loại chương trình")
    need(row.title, "title", "tên chương trình, kế hoạch")
    need(row.adopted_on, "adopted_on", "ngày ban hành")
    if row.kind == ProgrammeKind.YEAR:
        need(row.year, "year", "năm của kế hoạch")
        row.first_year = row.last_year = None
    else:
        need(row.first_year, "first_year", "năm đầu nhiệm kỳ")
        need(row.last_year, "last_year", "năm cuối nhiệm kỳ")
        if row.last_year < row.first_year:
            raise DomainError("Năm cuối nhiệm kỳ phải từ năm đầu trở đi.", field="last_year")
        row.year = None
    if row.body == Body.COMMISSION and row.org.type.is_cell:
        raise DomainError("Chi bộ không có ủy ban kiểm tra.", field="body")
    active_on(row.org, row.adopted_on, "adopted_on")
    same = Programme.objects.filter(org=row.org, body=row.body, kind=ProgrammeKind.YEAR, year=row.year)
    if row.kind == ProgrammeKind.YEAR and same.exclude(pk=row.pk).exists():
        raise DomainError(f"{row.org.name} đã có kế hoạch kiểm tra, giám sát năm {row.year}.", field="year")


@transaction.atomic
def programme_save(*, actor, org: Org, data: dict, programme: Programme | None = None) -> Programme:
    """Create (``programme`` None) or update an org's term programme or year plan."""
    if programme is not None:
        programme = Programme.objects.select_for_update().select_related("org").get(pk=programme.pk)
        org = programme.org
    _require_plan_write(actor, org)
    before = audit.snapshot(programme)
    row = programme or Programme(org=org, created_by=user_of(actor))
    for key in PROGRAMME_FIELDS:
        if key in data:
            setattr(row, key, data[key].strip() if isinstance(data[key], str) else data[key])
    _check_programme(row)
    row.save()
    log(actor=actor, action="inspection_programme_save", row=row, before=before, path=org.path)
    return row


def _check_item(row: PlanItem, programme: Programme) -> None:
    choice(row.kind, WorkKind, "kind", "Loại công việc")
    need(row.topic, "topic", "nội dung")
    if row.org is None and row.member is None:
        raise DomainError("Phải ghi tổ chức hoặc đảng viên là đối tượng.", field="org")
    if row.month is not None and not 1 <= row.month <= 12:
        raise DomainError("Tháng từ 1 đến 12.", field="month")
    if row.quarter is not None and not 1 <= row.quarter <= 4:
        raise DomainError("Quý từ 1 đến 4.", field="quarter")
    last = programme.year or programme.last_year
    if row.org is not None:
        under(row.org, programme.org, "org")
        existed_by(row.org, dt.date(last, 12, 31), "org")
    if row.member is not None and row.member.org_id:
        under(row.member.org, programme.org, "member")


@transaction.atomic
def plan_item_save(*, actor, programme: Programme, data: dict, item: PlanItem | None = None) -> PlanItem:
    """Add (``item`` None) or change one item of a programme."""
    programme = Programme.objects.select_related("org").get(pk=programme.pk)
    _require_plan_write(actor, programme.org)
    if item is not None:
        item = PlanItem.objects.select_for_update().get(pk=item.pk, programme=programme)
    before = audit.snapshot(item)
    row = item or PlanItem(programme=programme)
    for key in ITEM_FIELDS:
        if key in data:
            setattr(row, key, data[key].strip() if isinstance(data[key], str) else data[key])
    _check_item(row, programme)
    row.save()
    log(actor=actor, action="inspection_plan_item_save", row=row, before=before, path=programme.org.path)
    return row
