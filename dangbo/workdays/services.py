"""Recording the year's announced days off and make-up days: the system administrator's task (the calendar is
the state's, the same for every org), audited."""

import datetime as dt

from django.db import transaction

from dangbo.accounts import audit
from dangbo.core.exceptions import DomainError
from dangbo.core.rules import PowerViolation, Rule
from dangbo.workdays.models import DayKind, DayOverride
from dangbo.workdays.rules import WORKING_DAYS

CALENDAR = Rule("WD", WORKING_DAYS)


def _require_admin(actor) -> None:
    if not getattr(actor, "is_superuser", False):
        raise PowerViolation(CALENDAR, "Chỉ quản trị hệ thống được ghi lịch nghỉ lễ, tết theo văn bản của Nhà nước.")


@transaction.atomic
def override_save(*, actor, day: dt.date, kind: str, name: str, document: str) -> DayOverride:
    """One day's decision (a day off or a make-up working day), replacing any earlier one for that day."""
    _require_admin(actor)
    if kind not in DayKind.values:
        raise DomainError("Loại ngày phải là ngày nghỉ hoặc ngày làm bù.", field="kind")
    if not (name or "").strip():
        raise DomainError("Chưa nhập tên, lý do của ngày nghỉ hoặc ngày làm bù.", field="name")
    if not (document or "").strip():
        raise DomainError("Chưa nhập văn bản công bố (số, ngày).", field="document")
    row = DayOverride.objects.filter(day=day).first()
    before = audit.snapshot(row) if row else None
    row = row or DayOverride(day=day)
    row.kind, row.name, row.document = kind, name.strip(), document.strip()
    row.save()
    audit.record(actor=actor, action="workday_override_save", instance=row, before=before)
    return row


@transaction.atomic
def override_delete(*, actor, override: DayOverride) -> None:
    _require_admin(actor)
    audit.record_deletion(actor=actor, action="workday_override_delete", instance=override)
    override.delete()
