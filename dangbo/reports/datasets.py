"""The dataset of one báo cáo sơ kết / tổng kết: the dashboard of a document for an org and a day, and the
letterhead, tasks and signature around it.

Every figure comes from ``targets.selectors.dashboard`` — the report holds that very ``Dashboard`` object, and
the DOCX, XLSX and PDF read their numbers from its rows; nothing here counts a target again. The one addition
is the breakdown of a rating result by level (``reviews.paragraphs``), used only when its headline figures are
the dashboard's own, and the sentences of the meetings indicators (``meetings.paragraphs``) and of the admissions
ones (``admissions.paragraphs``). The inspection block ("Công tác kiểm tra, giám sát") is the K10 sentence of the
document's period so far (``inspection.paragraphs``), counted by ``inspection.figures`` — only for a user who may
read those counts (the inspection commission, the organization commission over the org); anyone else's report
keeps the block's placeholder.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q

from dangbo.admissions import paragraphs as admission_paragraphs
from dangbo.admissions.selectors import admission_counts
from dangbo.core.dates import format_date, today
from dangbo.core.exceptions import DomainError, OutOfScope
from dangbo.core.periods import Period, year
from dangbo.inspection import figures as inspection_figures
from dangbo.inspection import paragraphs as inspection_paragraphs
from dangbo.meetings import paragraphs as meeting_paragraphs
from dangbo.meetings.selectors.stats import level_groups
from dangbo.orgs import names
from dangbo.orgs.models import Org, OrgPlacement
from dangbo.orgs.selectors import placement_on
from dangbo.reports import texts
from dangbo.reviews import paragraphs, stats
from dangbo.targets import registry, rules, selectors
from dangbo.targets.choices import Frequency, TaskStatus
from dangbo.targets.models import Document, Task
from dangbo.targets.selectors import Dashboard, TargetRow, YearValue

KINDS = {"so_ket": "Báo cáo sơ kết", "tong_ket": "Báo cáo tổng kết"}
# Rating indicators whose result the reviews app words with the breakdown by level (002 §1.1).
RATING_POPULATIONS = {"org_good_rate": "grassroots", "subcell_good_rate": "cell", "member_good_rate": "member"}


@dataclass(frozen=True)
class YearResult:
    label: str  # "Năm 2021", "Từ đầu năm 2024 đến nay", "Cả nhiệm kỳ 2020 - 2025"
    value: YearValue  # the dashboard's own value and status
    detail: str = ""  # the reviews paragraph of the same figures, with the breakdown by level


@dataclass(frozen=True)
class TargetResult:
    row: TargetRow
    results: list[YearResult]
    deadline_year: int | None  # for "đến năm 2025" targets: the year the projection aims at
    child_names: dict[int, str] = field(default_factory=dict)  # names of the children on the day counted

    @property
    def has_data(self) -> bool:
        return any(r.value.measure is not None for r in self.results)


@dataclass(frozen=True)
class TaskLine:
    task: Task
    state: str  # done | overdue | pending (as of the report's day)


@dataclass(frozen=True)
class Report:
    kind: str
    board: Dashboard
    superior: str  # "Đảng bộ tỉnh Lâm Đồng" ("" at the top of the tree)
    issuer: names.IssuingBody
    number: str
    place: str
    summary: str
    targets: list[TargetResult]
    tasks: list[TaskLine]
    on_behalf: str
    deputy: str | None
    signer_title: str
    signer_name: str
    recipients: list[str]
    inspection: str = ""  # the K10 sentence of the period so far ("" when the user may not read the counts)

    @property
    def document(self) -> Document:
        return self.board.document

    @property
    def org(self) -> Org:
        return self.board.org

    @property
    def as_of(self) -> dt.date:
        return self.board.as_of

    @property
    def kind_label(self) -> str:
        return KINDS[self.kind]

    @property
    def document_kind(self) -> str:
        return self.document.kind


def check_kind(kind: str | None) -> str:
    value = kind or "so_ket"
    if value not in KINDS:
        raise DomainError("Loại báo cáo phải là sơ kết (so_ket) hoặc tổng kết (tong_ket).", field="kind")
    return value


def check_number(number: str | None, issuer_code: str) -> str:
    """"05" or "05-BC/HU" → "05"; empty stays empty (the office fills it in)."""
    raw = "".join((number or "").split())
    if not raw:
        return ""
    if raw.isdigit() and len(raw) <= 4:
        return raw
    try:
        ref = rules.parse_reference(raw)
    except DomainError as exc:
        raise DomainError("Số báo cáo phải là số (vd: 05) hoặc số và ký hiệu dạng 05-BC/…", field="so") from exc
    if ref.kind != "BC" or (issuer_code and ref.issuer != issuer_code):
        raise DomainError(f"Số và ký hiệu báo cáo phải có dạng …-BC/{issuer_code or '…'}.", field="so")
    return ref.number


def _name_on(org: Org, on: dt.date) -> str:
    at = placement_on(org=org, on=on)
    return at.name if at else org.name


def _superior(org: Org, on: dt.date) -> str:
    at = placement_on(org=org, on=on)
    parent = at.parent if at else Org.objects.get_parent(org)
    return _name_on(parent, on) if parent is not None else ""


def _labels(row: TargetRow, doc: Document, as_of: dt.date) -> list[str]:
    if row.target.frequency == Frequency.TERM:
        term = f"nhiệm kỳ {doc.period_start} - {doc.period_end}"
        return [f"Cả {term}" if as_of >= dt.date(doc.period_end, 12, 31) else f"Từ đầu {term} đến nay"]
    return [f"Năm {v.year}" if as_of >= dt.date(v.year, 12, 31) else f"Từ đầu năm {v.year} đến nay"
            for v in row.values]


def _rating_detail(row: TargetRow, org: Org, value: YearValue, as_of: dt.date) -> str:
    population = RATING_POPULATIONS.get(row.target.indicator)
    m = value.measure
    if population is None or m is None or m.manual or m.denominator is None:
        return ""
    # the dashboard's own totals of that year (``reviews.indicators``, the same key), inside ``build``'s block
    on = registry.as_of(selectors.clip(year(value.year), as_of))
    counts = registry.cached(("year_totals", org.pk, value.year, on),
                             lambda: stats.year_totals(org=org, year=value.year, now=on))[population]
    if (counts.good_or_above, counts.decided) != (m.numerator, m.denominator):
        return ""  # counted on another base: the dashboard's figures stand alone
    return paragraphs.paragraph(population, value.year, counts)


def _meeting_detail(row: TargetRow, org: Org, value: YearValue, label: str, as_of: dt.date) -> str:
    """The meetings sentence of the same figures (``meetings.paragraphs``); the rating one with its levels by
    kind of cell, only when those levels add up to the dashboard's own figures (a yearly target)."""
    code, m = row.target.indicator, value.measure
    if code not in meeting_paragraphs.CODES or m is None or m.manual or not m.denominator:
        return ""
    groups = None
    if code == "meeting_rating_distribution":
        if row.target.frequency == Frequency.TERM:
            return ""
        groups = level_groups(org=org, period=selectors.clip(year(value.year), as_of), as_of=today())
        if (sum(g.get("good", 0) for _, g in groups), sum(sum(g.values()) for _, g in groups)) != (
                m.numerator, m.denominator):
            return ""
    return meeting_paragraphs.detail(code, label, m.numerator, m.denominator, groups)


# Admission indicators worded by ``admissions.paragraphs`` (002 §1.2), with the figure each must agree on
ADMISSION_CODES = {"admissions_vs_plan": "plan", "admission_rate": "base"}


def _admission_detail(user, row: TargetRow, org: Org, value: YearValue, label: str, as_of: dt.date) -> str:
    """The 002 admissions sentence of a year ("Năm 2021 đã kết nạp 192/187 quần chúng vào Đảng, đạt tỷ lệ …"),
    only when its counts are the dashboard's own figures (the report adds the target's verdict after it). A rate
    target of a year without a plan keeps the report's plain phrase."""
    code, m = row.target.indicator, value.measure
    if code not in ADMISSION_CODES or row.target.frequency == Frequency.TERM or m is None or m.manual:
        return ""
    counts = admission_counts(user=user, org=org, periods=[selectors.clip(year(value.year), as_of)])[0]
    if (counts.admitted, getattr(counts, ADMISSION_CODES[code])) != (m.numerator, m.denominator):
        return ""
    if code == "admission_rate" and counts.plan is None:
        return ""  # no plan: the report's own rate phrase, which names the base ("so với tổng số 10 đảng viên đầu kỳ")
    return admission_paragraphs.admission_sentence(label, admitted=counts.admitted, plan=counts.plan,
                                                   base=counts.base, body=_name_on(org, counts.on),
                                                   partial=counts.partial)


def _child_names(row: TargetRow, as_of: dt.date) -> dict[int, str]:
    if not row.children or row.headline is None:
        return {}
    on = min(as_of, dt.date(row.headline.year, 12, 31))
    ids = [org.pk for org, _ in row.children]
    names = dict(OrgPlacement.objects.filter(org_id__in=ids, valid_from__lte=on).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=on)).values_list("org_id", "name"))
    return {org.pk: names.get(org.pk, org.name) for org, _ in row.children}


def _target_result(row: TargetRow, board: Dashboard, user=None) -> TargetResult:
    doc = board.document
    labels = _labels(row, doc, board.as_of)
    results = [YearResult(label, value, _rating_detail(row, board.org, value, board.as_of)
                          or _meeting_detail(row, board.org, value, label, board.as_of)
                          or (_admission_detail(user, row, board.org, value, label, board.as_of) if user else ""))
               for label, value in zip(labels, row.values, strict=True)]
    deadline = (row.target.deadline_year or doc.period_end) if row.target.frequency == Frequency.BY_DEADLINE else None
    return TargetResult(row=row, results=results, deadline_year=deadline,
                        child_names=_child_names(row, board.as_of))


def _tasks(user, doc: Document, org: Org, as_of: dt.date) -> list[TaskLine]:
    qs = selectors.tasks_of(user=user, document=doc)
    if org.pk != doc.scope_org_id:
        qs = qs.filter(responsible_org__path__startswith=org.path)
    lines = []
    for task in qs.order_by("deadline_end", "order", "id"):
        done = task.status == TaskStatus.DONE and task.done_on is not None and task.done_on <= as_of
        overdue = rules.task_overdue(deadline_end=task.deadline_end, done=done, as_of=as_of)
        lines.append(TaskLine(task, "done" if done else "overdue" if overdue else "pending"))
    return lines


def _inspection(user, doc: Document, org: Org, as_of: dt.date) -> str:
    """"Từ năm 2020 đến ngày 20/07/2023, các cấp ủy, tổ chức đảng đã tiến hành kiểm tra …" over the document's
    years up to the report's day; "" for a user who may not read the counts, or before the period begins."""
    start, end = dt.date(doc.period_start, 1, 1), min(as_of, dt.date(doc.period_end, 12, 31))
    if end < start or not inspection_figures.may_read(user, org):
        return ""
    whole = end == dt.date(doc.period_end, 12, 31)
    lead = (f"Trong {texts.period_label(list(range(start.year, end.year + 1)))}" if whole
            else f"Từ năm {start.year} đến ngày {format_date(end)}")
    period = Period("range", start, end, lead)
    return inspection_paragraphs.sentence(inspection_figures.compute(org=org, period=period), lead=lead)


def build(*, user, document: Document, org: Org | None = None, as_of: dt.date | None = None,
          kind: str | None = None, number: str | None = None) -> Report:
    """The report of ``document`` over ``org``'s subtree (default: the document's scope) on ``as_of``
    (default today). Scoped: raises OutOfScope when the user cannot read the document or the org."""
    kind = check_kind(kind)
    if org is not None and not org.path.startswith(document.scope_org.path):
        raise OutOfScope("Tổ chức không thuộc phạm vi của văn bản.")
    day = as_of or today()
    with registry.shared():  # the yearly sentences below reuse the dashboard's counts, not count them again
        return _build(user=user, document=document, org=org, day=day, kind=kind, number=number)


def _build(*, user, document: Document, org: Org | None, day: dt.date, kind: str, number: str | None) -> Report:
    board = selectors.dashboard(user=user, document=document, org=org, as_of=day)
    org = board.org
    # the committee that issued the document reports on it with the document's letterhead and signer; any other
    # org (a child, or a province reporting on a central resolution) reports under its own committee
    own = document.issuing_org_id == org.pk
    if own:
        derived = names.committee_of(_name_on(org, day))
        issuer = names.IssuingBody(document.issuing_body, document.issuer_code,
                                 names.short_of(document.issuing_body) or derived.short)
    else:
        issuer = names.committee_of(_name_on(org, day))
    superior_name = _superior(org, day)
    on_behalf, deputy, title = texts.signature_lines(
        signer_title=document.signer_title if own else "",
        default_on_behalf=texts.default_on_behalf(is_cell=org.type.is_cell, is_grassroots=org.type.is_grassroots))
    midterm = (document.period_end - document.period_start >= 3
               and document.period_start < day.year < document.period_end)
    summary = texts.summary_line(kind=kind, document_kind=document.kind, reference=document.reference,
                                 issued_on=document.issued_on, title=document.title, midterm=midterm,
                                 issuer_short=issuer.short if own else document.issuing_body)
    place = (document.place if own else "") or org.place or names.place_of(_name_on(org, day))
    return Report(
        kind=kind, board=board, superior=superior_name, issuer=issuer,
        number=check_number(number, issuer.code), place=place, summary=summary,
        targets=[_target_result(row, board, user) for row in board.rows], tasks=_tasks(user, document, org, day),
        on_behalf=on_behalf, deputy=deputy, signer_title=title, signer_name=document.signer_name if own else "",
        recipients=texts.recipients(superior=names.committee_of(superior_name) if superior_name else None,
                                    issuer=issuer),
        inspection=_inspection(user, document, org, day))
