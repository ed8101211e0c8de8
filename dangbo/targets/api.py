"""Documents, targets, tasks, manual values and the dashboard over JSON. Reads through ``targets.selectors`` (the
dashboard is ``selectors.dashboard``, the dataset of the web page and the reports), writes through
``targets.services``; the same error shape and status codes as the rest of the API."""

import datetime as dt
from decimal import Decimal

from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from dangbo.accounts.scope import scope_for
from dangbo.core.api import ERRORS, Forbidden, In, Page, require_write
from dangbo.core.dates import today
from dangbo.core.exceptions import OutOfScope
from dangbo.orgs import selectors as org_selectors
from dangbo.orgs.models import Org
from dangbo.targets import catalog, registry, rules, selectors, services
from dangbo.targets.choices import Comparator, DocumentKind, Frequency, TargetStatus, TaskStatus
from dangbo.targets.models import Document, Task

router = Router(tags=["Nghị quyết, chỉ tiêu, nhiệm vụ"])


class DocumentRef(Schema):
    id: int
    kind: DocumentKind
    reference: str = Field(description="số và ký hiệu, vd 03-CTr/HU")
    title: str


class DocumentOut(DocumentRef):
    kind_name: str
    issuing_body: str
    issuing_org_id: int | None
    issued_on: dt.date
    period_start: int
    period_end: int
    implements_id: int | None = Field(description="văn bản mà văn bản này thực hiện")
    scope_org_id: int
    scope_org_name: str
    place: str
    signer_title: str
    signer_name: str

    @staticmethod
    def resolve_kind_name(obj):
        return obj.get_kind_display()

    @staticmethod
    def resolve_scope_org_name(obj):
        return obj.scope_org.name


class TargetOut(Schema):
    id: int
    order: int
    text: str = Field(description="chỉ tiêu như văn bản ghi")
    indicator: str
    indicator_name: str
    source: str = Field(description="computed (tính từ dữ liệu), manual (nhập tay) hoặc no_data (chưa có dữ liệu)")
    comparator: Comparator
    low: Decimal
    high: Decimal | None
    spec_text: str = Field(description="mức chỉ tiêu, vd “từ 90% trở lên”")
    frequency: Frequency
    deadline_year: int | None
    scope_org_id: int
    note: str

    @staticmethod
    def resolve_indicator_name(obj):
        return catalog.name_of(obj.indicator)

    @staticmethod
    def resolve_source(obj):
        ind = registry.get(obj.indicator)
        return "no_data" if ind is None else "manual" if ind.manual else "computed"

    @staticmethod
    def resolve_spec_text(obj):
        return selectors.describe_spec(obj)


class TaskOut(Schema):
    id: int
    document_id: int
    document_reference: str
    order: int
    responsible: str
    responsible_org_id: int | None
    deliverable: str
    deadline_text: str = Field(description="thời hạn như văn bản ghi, vd “quý IV/2021”")
    deadline_start: dt.date
    deadline_end: dt.date
    status: TaskStatus
    status_name: str
    done_on: dt.date | None
    evidence: str
    overdue: bool = Field(description="quá hạn mà chưa hoàn thành, tính đến hôm nay")

    @staticmethod
    def resolve_document_reference(obj):
        return obj.document.reference

    @staticmethod
    def resolve_status_name(obj):
        return obj.get_status_display()

    @staticmethod
    def resolve_overdue(obj):
        return rules.task_overdue(deadline_end=obj.deadline_end, done=obj.status == TaskStatus.DONE, as_of=today())


class DocumentDetailOut(DocumentOut):
    implements_chain: list[DocumentRef] = Field(description="văn bản được thực hiện, lần lượt lên tới văn bản gốc")
    implemented_by: list[DocumentRef] = Field(description="các văn bản thực hiện văn bản này (trong phạm vi)")
    targets: list[TargetOut]
    tasks: list[TaskOut]

    @staticmethod
    def resolve_targets(obj):
        return obj.targets_list

    @staticmethod
    def resolve_tasks(obj):
        return obj.tasks_list


class DocumentFilters(Schema):
    q: str = Field("", description="tìm theo số, ký hiệu, trích yếu, cơ quan ban hành (không phân biệt dấu)")


class DocumentIn(In):
    reference: str = Field(max_length=40, description="số và ký hiệu, vd 03-CTr/HU")
    kind: DocumentKind | None = Field(None, description="mặc định theo ký hiệu")
    title: str = Field(description="trích yếu")
    issuing_body: str = Field(max_length=200, description="vd Huyện ủy Lạc Dương")
    issuing_org_id: int | None = None
    issued_on: dt.date
    period_start: int = Field(ge=1930, le=2100)
    period_end: int = Field(ge=1930, le=2100)
    scope_org_id: int = Field(description="tổ chức thực hiện: phạm vi tính chỉ tiêu")
    implements_id: int | None = Field(None, description="văn bản mà văn bản này thực hiện")
    place: str = Field("", max_length=80)
    signer_title: str = Field("BÍ THƯ", max_length=80)
    signer_name: str = Field("", max_length=120)


class TargetIn(In):
    text: str
    indicator: str = Field(description="mã chỉ số (danh mục TARGETS.md)")
    comparator: Comparator
    low: Decimal = Field(description="ngưỡng (phần trăm với chỉ số tỷ lệ)")
    high: Decimal | None = Field(None, description="ngưỡng trên, với “between”")
    frequency: Frequency = Frequency.YEARLY
    deadline_year: int | None = None
    scope_org_id: int | None = Field(None, description="mặc định là phạm vi của văn bản")
    order: int = Field(0, ge=0)
    note: str = Field("", max_length=255)


class TaskIn(In):
    responsible: str = Field(max_length=200)
    deliverable: str
    deadline_text: str = Field(max_length=60, description="vd “quý IV/2021”, “tháng 7/2021”, “năm 2025”")
    responsible_org_id: int | None = None
    order: int = Field(0, ge=0)


class TaskUpdateIn(In):
    status: TaskStatus
    done_on: dt.date | None = None
    evidence: str = ""


class ManualValueIn(In):
    indicator: str
    org_id: int
    year: int = Field(ge=1930, le=2100)
    numerator: int = Field(ge=0)
    denominator: int | None = Field(None, description="bỏ trống với chỉ số đếm")
    note: str = Field("", max_length=255)


class ManualValueOut(Schema):
    indicator: str
    org_id: int
    year: int
    numerator: int
    denominator: int | None
    note: str


class MeasureOut(Schema):
    numerator: int
    denominator: int | None
    value: Decimal | None = Field(description="tỷ lệ % (làm tròn 1 chữ số) hoặc số đếm")
    text: str = Field(description="như báo cáo viết: “56/58 (tỷ lệ 96,6%)”")
    manual: bool


class YearValueOut(Schema):
    year: int
    measure: MeasureOut | None = Field(description="null: chưa có dữ liệu")
    status: TargetStatus
    status_name: str
    running: bool = Field(False, description="true: năm (nhiệm kỳ) chưa kết thúc, đánh giá là dự báo")


class TargetChildOut(Schema):
    org_id: int
    org_name: str
    measure: MeasureOut | None


class TargetRowOut(Schema):
    target_id: int
    text: str
    indicator: str
    name: str
    available: bool = Field(description="false: chỉ số chưa có trong hệ thống (chưa có dữ liệu)")
    manual: bool
    spec_text: str
    status: TargetStatus = Field(description="đánh giá của kỳ đã kết thúc gần nhất (headline)")
    status_name: str
    current: YearValueOut | None = Field(description="giá trị mới nhất, có thể của năm đang thực hiện")
    headline: YearValueOut | None = Field(None, description="giá trị của kỳ mà status đánh giá")
    values: list[YearValueOut]
    children: list[TargetChildOut] = Field(description="tổ chức trực thuộc, xếp theo kết quả của kỳ headline")


class DashboardOut(Schema):
    document_id: int
    org_id: int
    org_name: str
    as_of: dt.date
    years: list[int]
    rows: list[TargetRowOut]


def _org(user, pk: int | None, field: str) -> Org | None:
    if pk is None:
        return None
    try:
        return org_selectors.org_get(user=user, pk=pk)
    except OutOfScope as exc:
        exc.field = field
        raise


def _document(user, pk: int | None, field: str | None = None) -> Document | None:
    if pk is None:
        return None
    try:
        return selectors.document_get(user=user, pk=pk)
    except OutOfScope as exc:
        exc.field = field
        raise


def _detail(user, document: Document) -> Document:
    up, down = selectors.document_chain(user=user, document=document)
    document.implements_chain, document.implemented_by = up, down
    document.targets_list = list(document.targets.order_by("order", "id"))
    document.tasks_list = list(selectors.tasks_of(user=user, document=document).select_related("document"))
    return document


def _measure(m):
    if m is None:
        return None
    return {"numerator": m.numerator, "denominator": m.denominator, "value": m.value, "text": m.text,
            "manual": m.manual}


def _year_value(v):
    if v is None:
        return None
    return {"year": v.year, "measure": _measure(v.measure), "status": v.status, "status_name": v.status_label,
            "running": v.running}


@router.get("/documents", response={200: list[DocumentOut], **ERRORS}, summary="Danh sách văn bản trong phạm vi")
@paginate(Page)
def document_list(request, filters: Query[DocumentFilters]):
    return selectors.document_list(user=request.auth, q=filters.q)


@router.get("/documents/{document_id}", response={200: DocumentDetailOut, **ERRORS},
            summary="Một văn bản: hệ thống văn bản hai chiều, chỉ tiêu, nhiệm vụ")
def document_detail(request, document_id: int):
    return _detail(request.auth, _document(request.auth, document_id))


@router.post("/documents", response={201: DocumentDetailOut, **ERRORS}, summary="Thêm văn bản")
def document_create(request, payload: DocumentIn):
    user = request.auth
    scope_org = _org(user, payload.scope_org_id, "scope_org_id")
    require_write(user, scope_org.path, field="scope_org_id")
    document = services.document_create(
        actor=user, reference=payload.reference, kind=payload.kind, title=payload.title,
        issuing_body=payload.issuing_body, issuing_org=_org(user, payload.issuing_org_id, "issuing_org_id"),
        issued_on=payload.issued_on, period_start=payload.period_start, period_end=payload.period_end,
        scope_org=scope_org, implements=_document(user, payload.implements_id, "implements_id"),
        place=payload.place, signer_title=payload.signer_title, signer_name=payload.signer_name)
    return Status(201, _detail(user, document))


@router.post("/documents/{document_id}/targets", response={201: TargetOut, **ERRORS}, summary="Thêm chỉ tiêu")
def target_add(request, document_id: int, payload: TargetIn):
    user = request.auth
    document = _document(user, document_id)
    scope_org = _org(user, payload.scope_org_id, "scope_org_id")
    require_write(user, (scope_org or document.scope_org).path, field="scope_org_id" if scope_org else None)
    target = services.target_add(
        actor=user, document=document, text=payload.text, indicator=payload.indicator,
        comparator=payload.comparator, low=payload.low, high=payload.high, frequency=payload.frequency,
        deadline_year=payload.deadline_year, scope_org=scope_org, order=payload.order, note=payload.note)
    return Status(201, target)


@router.post("/documents/{document_id}/tasks", response={201: TaskOut, **ERRORS}, summary="Thêm nhiệm vụ")
def task_add(request, document_id: int, payload: TaskIn):
    user = request.auth
    document = _document(user, document_id)
    require_write(user, document.scope_org.path)
    task = services.task_add(
        actor=user, document=document, responsible=payload.responsible, deliverable=payload.deliverable,
        deadline_text=payload.deadline_text, responsible_org=_org(user, payload.responsible_org_id,
                                                                  "responsible_org_id"), order=payload.order)
    return Status(201, task)


@router.get("/tasks/overdue", response={200: list[TaskOut], **ERRORS},
            summary="Nhiệm vụ quá hạn chưa hoàn thành, trong các văn bản của phạm vi")
@paginate(Page)
def tasks_overdue(request, as_of: dt.date | None = None):
    return selectors.overdue_tasks(user=request.auth, as_of=as_of)


@router.post("/tasks/{task_id}", response={200: TaskOut, **ERRORS},
             summary="Cập nhật trạng thái, ngày hoàn thành, minh chứng của nhiệm vụ")
def task_update(request, task_id: int, payload: TaskUpdateIn):
    user = request.auth
    task: Task = selectors.task_get(user=user, pk=task_id)
    scope = scope_for(user)
    if not any(scope.covers_path(o.path, write=True) for o in (task.responsible_org, task.document.scope_org) if o):
        raise Forbidden()
    return services.task_update(actor=user, task=task, status=payload.status, done_on=payload.done_on,
                                evidence=payload.evidence)


@router.get("/documents/{document_id}/dashboard", response={200: DashboardOut, **ERRORS},
            summary="Theo dõi chỉ tiêu: giá trị từng năm, đánh giá, tổ chức trực thuộc xếp hạng")
def dashboard(request, document_id: int, org: int | None = None, as_of: dt.date | None = None):
    user = request.auth
    document = _document(user, document_id)
    scope_org = _org(user, org, "org")
    if scope_org is None and not scope_for(user).covers_path(document.scope_org.path):
        # a resolution above the user's subtree (their plan implements it): show their own part of it
        scope_org = org_selectors.org_list(user=user, within=document.scope_org).first()
    board = selectors.dashboard(user=user, document=document, org=scope_org, as_of=as_of)
    rows = [{
        "target_id": r.target.pk, "text": r.target.text, "indicator": r.target.indicator, "name": r.name,
        "available": r.available, "manual": r.manual, "spec_text": r.spec_text, "status": r.status,
        "status_name": r.status_label, "current": _year_value(r.current), "headline": _year_value(r.headline),
        "values": [_year_value(v) for v in r.values],
        "children": [{"org_id": kid.pk, "org_name": kid.name, "measure": _measure(m)} for kid, m in r.children],
    } for r in board.rows]
    return {"document_id": document.pk, "org_id": board.org.pk, "org_name": board.org.name, "as_of": board.as_of,
            "years": board.years, "rows": rows}


@router.post("/manual-values", response={200: ManualValueOut, **ERRORS},
             summary="Nhập số liệu một năm của chỉ số nhập tay (vd mô hình mới được công nhận)")
def manual_value_set(request, payload: ManualValueIn):
    user = request.auth
    org = _org(user, payload.org_id, "org_id")
    require_write(user, org.path, field="org_id")
    return services.manual_value_set(actor=user, indicator=payload.indicator, org=org, year=payload.year,
                                     numerator=payload.numerator, denominator=payload.denominator, note=payload.note)
