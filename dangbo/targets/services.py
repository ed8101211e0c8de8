"""Every write of documents, targets, tasks and manual values: scoped, atomic, audited."""

import datetime as dt
from decimal import Decimal

from django.db import transaction

from dangbo.accounts import audit
from dangbo.accounts.scope import scope_for
from dangbo.core.exceptions import DomainError
from dangbo.core.periods import parse_period
from dangbo.core.uniqueness import UniqueKey, refuse_taken, unique_write
from dangbo.orgs.models import Org
from dangbo.targets import catalog, rules
from dangbo.targets.choices import Comparator, Frequency, TaskStatus
from dangbo.targets.models import Document, ManualValue, Target, Task
from dangbo.targets.registry import get


def _require_write(actor, org: Org) -> None:
    scope_for(actor).require_path(org.path, write=True)


REFERENCE_KEY = UniqueKey("số và ký hiệu", "reference", "văn bản này")


@transaction.atomic
def document_create(*, actor, reference: str, issuing_body: str, issued_on: dt.date, title: str,
                    period_start: int, period_end: int, scope_org: Org, issuing_org: Org | None = None,
                    implements: Document | None = None, kind: str | None = None, signer_name: str = "",
                    signer_title: str = "BÍ THƯ", place: str = "") -> Document:
    _require_write(actor, scope_org)
    ref = rules.parse_reference(reference)
    if kind and kind != ref.kind:
        raise DomainError(f"Loại văn bản không khớp số và ký hiệu ({ref.kind}).", field="kind")
    other = Document.objects.filter(reference=str(ref)).select_related("scope_org").first()
    if other is not None:
        refuse_taken(REFERENCE_KEY, ref, scope=scope_for(actor), holder_path=other.scope_org.path,
                     holder=f"văn bản “{other.title}” ({other.scope_org.name})")
    if period_end < period_start:
        raise DomainError("Năm kết thúc phải sau năm bắt đầu.", field="period_end")
    if not title.strip() or not issuing_body.strip():
        raise DomainError("Phải ghi trích yếu và cơ quan ban hành.", field="title")
    if implements is not None and implements.issued_on > issued_on:
        raise DomainError(f"Văn bản thực hiện phải ban hành sau {implements}.", field="implements")
    with unique_write(REFERENCE_KEY, lambda: Document.objects.filter(reference=str(ref)).exists()):
        doc = Document.objects.create(
            kind=ref.kind, reference=str(ref), number=ref.number, issuer_code=ref.issuer, issuing_org=issuing_org,
            issuing_body=issuing_body.strip(), issued_on=issued_on, title=title.strip(), period_start=period_start,
            period_end=period_end, implements=implements, scope_org=scope_org, signer_name=signer_name,
            signer_title=signer_title, place=place)
    audit.record(actor=actor, action="document_create", instance=doc, before=None, org_path=scope_org.path)
    return doc


@transaction.atomic
def target_add(*, actor, document: Document, text: str, indicator: str, comparator: str, low, high=None,
               frequency: str = Frequency.YEARLY, deadline_year: int | None = None, scope_org: Org | None = None,
               order: int = 0, note: str = "") -> Target:
    scope = scope_org or document.scope_org
    _require_write(actor, scope)
    if not catalog.known(indicator):
        raise DomainError(f"Chỉ số “{indicator}” không có trong danh mục chỉ số.", field="indicator")
    if frequency not in Frequency.values:
        raise DomainError("Tần suất không hợp lệ.", field="frequency")
    spec = rules.TargetSpec(comparator, Decimal(str(low)), Decimal(str(high)) if high is not None else None,
                            frequency)
    rules.check_spec(spec)
    if frequency == Frequency.BY_DEADLINE and not deadline_year:
        raise DomainError("Chỉ tiêu “đến thời hạn” phải có năm hạn.", field="deadline_year")
    ind = get(indicator)
    if ind is not None and ind.unit == "rate" and comparator != Comparator.BETWEEN and spec.low > 100:
        raise DomainError("Chỉ tiêu tỷ lệ không vượt quá 100%.", field="low")
    target = Target.objects.create(
        document=document, text=text.strip(), indicator=indicator, comparator=comparator, low=spec.low,
        high=spec.high, frequency=frequency, deadline_year=deadline_year, scope_org=scope, order=order, note=note)
    audit.record(actor=actor, action="target_add", instance=target, before=None, org_path=scope.path)
    return target


@transaction.atomic
def task_add(*, actor, document: Document, responsible: str, deliverable: str, deadline_text: str,
             responsible_org: Org | None = None, order: int = 0) -> Task:
    _require_write(actor, document.scope_org)
    try:
        period = parse_period(deadline_text)
    except ValueError as exc:
        raise DomainError(f"Thời hạn: {exc}", field="deadline_text") from exc
    if not deliverable.strip() or not responsible.strip():
        raise DomainError("Phải ghi nội dung và cơ quan chủ trì.", field="deliverable")
    task = Task.objects.create(document=document, responsible=responsible.strip(), deliverable=deliverable.strip(),
                               deadline_text=period.label, deadline_start=period.start, deadline_end=period.end,
                               responsible_org=responsible_org, order=order)
    audit.record(actor=actor, action="task_add", instance=task, before=None, org_path=document.scope_org.path)
    return task


@transaction.atomic
def task_update(*, actor, task: Task, status: str, done_on: dt.date | None = None, evidence: str = "") -> Task:
    org = task.responsible_org or task.document.scope_org
    scope = scope_for(actor)
    if not (scope.covers_path(org.path, write=True) or scope.covers_path(task.document.scope_org.path, write=True)):
        scope.require_path(org.path, write=True)
    if status not in TaskStatus.values:
        raise DomainError("Trạng thái không hợp lệ.", field="status")
    if status == TaskStatus.DONE and not done_on:
        raise DomainError("Phải ghi ngày hoàn thành.", field="done_on")
    if status == TaskStatus.DONE and not evidence.strip():
        raise DomainError("Phải ghi kết quả, minh chứng khi hoàn thành.", field="evidence")
    before = audit.snapshot(task)
    task.status, task.done_on, task.evidence = status, done_on if status == TaskStatus.DONE else None, evidence
    task.save()
    audit.record(actor=actor, action="task_update", instance=task, before=before, org_path=org.path)
    return task


@transaction.atomic
def manual_value_set(*, actor, indicator: str, org: Org, year: int, numerator: int, denominator: int | None,
                     note: str = "") -> ManualValue:
    _require_write(actor, org)
    ind = get(indicator)
    if ind is None or not ind.manual:
        raise DomainError(f"Chỉ số “{indicator}” được tính từ dữ liệu, không nhập tay.", field="indicator")
    if numerator < 0 or (denominator is not None and (denominator <= 0 or numerator > denominator)):
        raise DomainError("Tử số phải từ 0 đến mẫu số; mẫu số phải dương.", field="numerator")
    if ind.unit == "rate" and denominator is None:
        raise DomainError("Chỉ số tỷ lệ cần mẫu số.", field="denominator")
    value, _ = ManualValue.objects.update_or_create(
        indicator=indicator, org=org, year=year,
        defaults={"numerator": numerator, "denominator": denominator, "note": note,
                  "entered_by": actor if getattr(actor, "pk", None) else None})
    audit.record(actor=actor, action="manual_value_set", instance=value, before=None, org_path=org.path)
    return value
