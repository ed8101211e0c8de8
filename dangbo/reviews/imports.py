"""XLSX import of one unit's review results (issue 3, point 8): a template listing the chi bộ's members for the
year, a validation pass that writes nothing, and an all-or-nothing commit through ``services.unit_propose``.

The checks are the forms' own: the criterion marks and the 100-point score as the services read them, the
level against ``rules.check_level`` with the facts of ``reviews.facts``; the HTXSNV quota of the unit is a
warning (``rules.quota_breach``), never a refusal. Every message points at a cell: “Dòng 5, cột “Mức đề xuất”: …”. The workbook
conventions (header row, Vietnamese report, text cells for dates and CCCD) follow ``members.imports``.
"""

import copy
import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from dangbo.accounts.scope import scope_for
from dangbo.core.dates import format_date, parse_date, today
from dangbo.core.exceptions import DomainError
from dangbo.core.rules import RuleViolation
from dangbo.core.text import fold
from dangbo.core.xlsx import workbook_bytes
from dangbo.members.imports import (
    BOLD,
    HEAD_FILL,
    MAX_ROWS,
    Column,
    ImportFailed,
    ImportRejected,
    Issue,
    _as_text,
    _clean,
    _open,
)
from dangbo.members.selectors import member_queryset
from dangbo.orgs.models import Org
from dangbo.reviews import facts as F
from dangbo.reviews import rules, services
from dangbo.reviews.choices import LEVEL_SHORT, Level, Mark, Status, Subject
from dangbo.reviews.models import Assessment

SHEET = "Kết quả đánh giá"
GUIDE_SHEET = "Hướng dẫn"
LISTS_SHEET = "Danh mục"
UNIT_LABEL = "Mã chi bộ (không sửa)"
YEAR_LABEL = "Năm đánh giá (không sửa)"
GREY = PatternFill("solid", fgColor="E5E7EB")

NAME = Column("full_name", "Họ và tên", True, example="Nguyễn Văn An")
BORN = Column("date_of_birth", "Ngày sinh", False, "date", example="02/09/1985",
              help="Cùng với họ tên, để phân biệt người trùng tên.")
CCCD = Column("cccd", "Số CCCD", False, "digits", example="001085012345",
              help="Nếu có, hệ thống nhận diện đảng viên theo số này trước.")
NOTE = Column("note", "Ghi chú", help="Do hệ thống ghi (không xếp loại, đã quyết định); không cần sửa.")
LEVEL = Column("level", "Mức đề xuất", False, "choice", example="Hoàn thành tốt nhiệm vụ",
               help="Mức chi bộ đề xuất. Để trống nếu chưa đề xuất người này (dòng được bỏ qua).")
SCORE_COLUMNS = [
    Column("score", "Điểm (thang 100)", kind="number", example="86,5",
           help="30 điểm tiêu chí chung và 70 điểm kết quả thực hiện nhiệm vụ (366-QĐ/TW)."),
    Column("tasks_total", "Số nhiệm vụ được giao", kind="count", example="10"),
    Column("tasks_on_time", "Số nhiệm vụ hoàn thành đúng hạn", kind="count", example="10"),
    Column("tasks_exceeding", "Số nhiệm vụ hoàn thành vượt", kind="count", example="3"),
    Column("shortcomings_total", "Số hạn chế đã được chỉ ra", kind="count", example="1"),
    Column("shortcomings_fixed", "Số hạn chế đã khắc phục", kind="count", example="1"),
]
FIXED_KEYS = ("no", "full_name", "date_of_birth", "cccd", "note")
MARK_LABELS = [label for _, label in Mark.choices]
LEVEL_LABELS = [label for _, label in Level.choices]


def _lookup(choices: list[tuple[str, str]], extra: dict[str, str] | None = None) -> dict[str, str]:
    out = {fold(label): value for value, label in choices}
    out.update({fold(value): value for value, _ in choices})
    out.update({fold(k): v for k, v in (extra or {}).items()})
    return out


MARKS = _lookup(Mark.choices)
LEVELS = _lookup(Level.choices, {short: level for level, short in LEVEL_SHORT.items()})


# ---------------------------------------------------------------------------------------------------------
# What the file is checked against: the unit's assessments of the year and the columns they need


@dataclass
class UnitSheet:
    """The unit's member assessments for the year and the columns of its template."""

    unit: Org
    year: int
    reg: rules.Regulation
    assessments: list[Assessment]
    criteria: list[dict]  # union of the criteria of the sets in use, first set first

    @property
    def by_score(self) -> bool:
        return self.reg.method == "score"

    @property
    def columns(self) -> list[Column]:
        if self.by_score:
            results = SCORE_COLUMNS
        else:
            results = [Column(f"mark:{c['code']}", c["name"], kind="mark", example="Tốt") for c in self.criteria]
        return [Column("no", "STT"), NAME, BORN, CCCD, NOTE, *results, LEVEL]


def unit_sheet(unit: Org, year: int) -> UnitSheet:
    """The unit as the import sees it. Callers have checked the user may write ``unit``."""
    reg = rules.regulation_for(year)
    assessments = list(Assessment.objects.filter(year=year, org=unit, subject=Subject.MEMBER)
                       .select_related("member", "criteria_set").order_by("member__sort_key", "id"))
    if not assessments:
        raise DomainError(f"{unit.name} chưa có phiếu đánh giá năm {year}: đợt đánh giá chưa mở cho chi bộ này.",
                          field="year")
    criteria, seen = [], set()
    uses = Counter(a.criteria_set for a in assessments if a.criteria_set_id)
    # The most used set first, so a code shared by two sets is headed by the name most rows know it by.
    sets = sorted(uses, key=lambda s: (-uses[s], s.code))
    for criteria_set in sets:
        for c in criteria_set.criteria:
            if c["code"] not in seen:
                seen.add(c["code"])
                criteria.append(c)
    return UnitSheet(unit, year, reg, assessments, criteria)


def _codes(a: Assessment) -> set[str]:
    return {c["code"] for c in a.criteria_set.criteria} if a.criteria_set_id else set()


# ---------------------------------------------------------------------------------------------------------
# The report


@dataclass
class ResultRow:
    """One row that will be proposed: the assessment and what ``unit_propose`` receives for it."""

    row: int
    assessment: Assessment
    payload: dict


@dataclass
class ReviewImportReport:
    issues: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    rows: list[ResultRow] = field(default_factory=list)
    data_rows: int = 0

    @property
    def ok(self) -> bool:
        return not self.issues and bool(self.rows)

    def by_sheet(self, limit: int | None = None) -> list[tuple[str, list[Issue]]]:
        shown = self.issues[:limit] if limit else self.issues
        groups: dict[str, list[Issue]] = {}
        for issue in shown:
            groups.setdefault(issue.sheet, []).append(issue)
        return list(groups.items())


# ---------------------------------------------------------------------------------------------------------
# Reading


def _find_sheet(wb, title: str):
    return next((wb[name] for name in wb.sheetnames if fold(name) == fold(title)), None)


def _file_identity(wb) -> tuple[object, object]:
    """The unit id and year the template was made for, if the guide sheet still carries them."""
    guide = _find_sheet(wb, GUIDE_SHEET)
    unit = year = None
    if guide is None:
        return None, None
    for label, value, *_ in guide.iter_rows(min_col=1, max_col=2, values_only=True):
        if label is None:
            continue
        if fold(str(label)) == fold(UNIT_LABEL):
            unit = value
        elif fold(str(label)) == fold(YEAR_LABEL):
            year = value
    return unit, year


def _same(value, expected: int) -> bool:
    try:
        return int(float(str(value).strip())) == expected
    except ValueError:
        return False


class _Row:
    """One row being checked: its cells by column key and the issues found in it."""

    def __init__(self, number: int, values: tuple, index: dict[str, int], columns: dict[str, Column],
                 issues: list[Issue]):
        self.number, self.values, self.index, self.columns, self.issues = number, values, index, columns, issues
        self.bad = False

    def error(self, key: str | None, message: str) -> None:
        self.bad = True
        self.issues.append(Issue(SHEET, self.number, self.columns[key].header if key else None, message))

    def raw(self, key: str):
        i = self.index.get(key)
        return self.values[i] if i is not None and i < len(self.values) else None

    def text(self, key: str) -> str | None:
        value = self.raw(key)
        if value is None:
            return None
        text = _as_text(value)
        if self.columns[key].kind == "digits" and isinstance(value, int | float) and 9 <= len(text) < 12:
            text = text.zfill(12)  # Excel drops a CCCD's leading zero when typed into a number cell
        return text

    def date(self, key: str) -> dt.date | None:
        value = self.raw(key)
        if value is None:
            return None
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(int(value)) if float(value).is_integer() else str(value)
        try:
            return parse_date(value)
        except ValueError as exc:
            self.error(key, f"{str(exc)[0].upper()}{str(exc)[1:]}.")
            return None

    def choice(self, key: str, options: dict[str, str], labels: list[str]) -> str | None:
        value = self.raw(key)
        if value is None:
            return None
        found = options.get(fold(_as_text(value)))
        if found is None:
            self.error(key, f"“{_as_text(value)}” không hợp lệ. Chọn một trong: {'; '.join(labels)}.")
        return found

    def score(self, key: str) -> Decimal | None:
        value = self.raw(key)
        if value is None:
            return None
        try:
            number = Decimal(str(value).strip().replace(",", "."))
        except InvalidOperation:
            self.error(key, f"“{_as_text(value)}” không phải số; điểm là số từ 0 đến 100, ví dụ 86,5.")
            return None
        if not number.is_finite() or not (0 <= number <= 100):
            self.error(key, f"Điểm phải từ 0 đến 100 (đang là {_as_text(value)}).")
            return None
        if number != number.quantize(Decimal("0.1")):
            self.error(key, f"Điểm chỉ ghi tối đa một chữ số thập phân (đang là {_as_text(value)}).")
            return None
        return number.quantize(Decimal("0.1"))

    def count(self, key: str) -> int | None:
        value = self.raw(key)
        if value is None:
            return None
        try:
            number = float(str(value).strip().replace(",", "."))
        except ValueError:
            number = -1.0
        if number < 0 or not number.is_integer() or number > 10_000:
            self.error(key, f"“{_as_text(value)}” không hợp lệ: phải là số nguyên không âm.")
            return None
        return int(number)


@dataclass
class _Context:
    user: object
    sheet: UnitSheet
    report: ReviewImportReport
    by_member: dict[int, Assessment] = field(default_factory=dict)
    by_name: dict[str, list[Assessment]] = field(default_factory=dict)
    seen: dict[int, int] = field(default_factory=dict)  # assessment id -> first row naming it
    decided: bool = False  # a past year's results, recorded as decided: a rule they break is a flag, not an error

    def __post_init__(self):
        for a in self.sheet.assessments:
            self.by_member[a.member_id] = a
            self.by_name.setdefault(fold(a.member.full_name), []).append(a)


def _identify(ctx: _Context, row: _Row) -> Assessment | None:
    """The row's member, by CCCD first, else by name (and date of birth): in this unit for this year, or an
    error naming why not. Only members in the user's scope are looked up, so nothing outside it is revealed."""
    name = row.text("full_name")
    born = row.date("date_of_birth")
    cccd = row.text("cccd")
    unit = f"{ctx.sheet.unit.name} năm {ctx.sheet.year}"
    if not name:
        row.error("full_name", "Không được để trống.")
        return None
    if cccd:
        member = member_queryset(user=ctx.user).filter(cccd=cccd).first()
        if member is None:
            row.error("cccd", f"Không tìm thấy đảng viên có số CCCD {cccd} (trong phạm vi được phân quyền).")
            return None
        if fold(member.full_name) != fold(name):
            row.error("full_name", f"Số CCCD {cccd} là của đảng viên “{member.full_name}”, không phải “{name}”.")
            return None
        if member.pk not in ctx.by_member:
            row.error("full_name", f"Đảng viên {member.full_name} không thuộc {unit}.")
            return None
        return ctx.by_member[member.pk]
    if row.bad:
        return None
    found = [a for a in ctx.by_name.get(fold(name), []) if born is None or a.member.date_of_birth == born]
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        row.error("full_name", f"Có {len(found)} đảng viên tên “{name}” trong chi bộ: ghi thêm ngày sinh hoặc "
                  "số CCCD.")
        return None
    elsewhere = member_queryset(user=ctx.user).filter(search_text__contains=fold(name))
    if any(fold(m.full_name) == fold(name) and (born is None or m.date_of_birth == born) for m in elsewhere[:50]):
        row.error("full_name", f"Đảng viên “{name}” không thuộc {unit}.")
    else:
        detail = f", sinh ngày {format_date(born)}" if born else ""
        row.error("full_name", f"Không tìm thấy đảng viên “{name}”{detail} trong {unit}.")
    return None


def _values(ctx: _Context, row: _Row, a: Assessment) -> tuple[str | None, dict]:
    """The level and the result fields the row gives, each checked as the entry form checks it."""
    data: dict = {}
    if ctx.sheet.by_score:
        for col in SCORE_COLUMNS:
            value = row.score(col.key) if col.key == "score" else row.count(col.key)
            if value is not None:
                data[col.key] = value
    else:
        allowed = _codes(a)
        marks = {}
        for c in ctx.sheet.criteria:
            key = f"mark:{c['code']}"
            mark = row.choice(key, MARKS, MARK_LABELS)
            if mark is None:
                continue
            if allowed and c["code"] not in allowed:
                row.error(key, f"Tiêu chí này không áp dụng cho đảng viên {a.member.full_name} "
                          f"(bộ tiêu chí “{a.criteria_set.name}”); để trống ô này.")
                continue
            marks[c["code"]] = mark
        if marks:
            data["marks"] = marks
    level = row.choice("level", LEVELS, [f"{Level(lv).label} ({short})" for lv, short in LEVEL_SHORT.items()])
    return level, data


def _merged(a: Assessment, data: dict) -> Assessment:
    """An unsaved copy of the assessment with the row applied, to build the facts the rules read."""
    merged = copy.copy(a)
    for key, value in data.items():
        setattr(merged, key, value)
    return merged


def _check_row(ctx: _Context, row: _Row, a: Assessment, level: str, data: dict, disciplined: set[int]) -> None:
    merged = _merged(a, data)
    if merged.tasks_on_time > merged.tasks_total or merged.tasks_exceeding > merged.tasks_total:
        key = "tasks_on_time" if merged.tasks_on_time > merged.tasks_total else "tasks_exceeding"
        row.error(key, f"Số nhiệm vụ đúng hạn / vượt không thể lớn hơn tổng số nhiệm vụ ({merged.tasks_total}).")
    if merged.shortcomings_fixed > merged.shortcomings_total:
        row.error("shortcomings_fixed", "Số hạn chế đã khắc phục không thể lớn hơn số hạn chế "
                  f"({merged.shortcomings_total}).")
    if row.bad:
        return
    try:
        rules.check_level(level, F.member_facts(merged, disciplined=disciplined), ctx.sheet.reg,
                          who=a.member.full_name)
    except RuleViolation as exc:
        if ctx.decided:
            ctx.report.warnings.append(Issue(SHEET, row.number, LEVEL.header, (
                f"{exc.message} Căn cứ: {exc.citation}. Kết quả đã quyết định được ghi kèm cảnh báo này.")))
        else:
            row.error("level", f"{exc.message} Căn cứ: {exc.citation}.")


def _check_status(row: _Row, a: Assessment) -> bool:
    if a.status == Status.EXCLUDED:
        row.error("level", f"{a.member.full_name} không thuộc diện xếp loại năm {a.year} "
                  f"({a.get_exclusion_display()}); để trống dòng này.")
        return False
    if a.status == Status.APPROVED:
        row.error("level", f"Kết quả của {a.member.full_name} đã được quyết định "
                  f"({LEVEL_SHORT.get(a.final_level, '')}); cấp có thẩm quyền phải mở lại trước khi sửa.")
        return False
    return True


def _check_quota(ctx: _Context) -> None:
    """R4 in the unit, as a warning: the levels the file proposes with those already proposed or decided for the
    others. The quota is guidance with a recognised exception, counted where the regulation says (each grassroots
    org for members) and settled at the approval, so a file is never refused for it."""
    levels = {a.pk: a.final_level or a.proposed_level for a in ctx.sheet.assessments
              if a.status in (Status.PROPOSED, Status.APPROVED)}
    levels.update({r.assessment.pk: r.payload["level"] for r in ctx.report.rows})
    breach = rules.quota_breach([lv for lv in levels.values() if lv], ctx.sheet.reg, unit=ctx.sheet.unit.name)
    if breach:
        then = ("Kết quả đã quyết định được ghi và đánh dấu vượt tỷ lệ." if ctx.decided else
                "Cấp quyết định sẽ phải ghi ngoại lệ (lý do, số và ngày quyết định) khi phê duyệt.")
        ctx.report.warnings.append(Issue(SHEET, None, LEVEL.header, (
            f"Vượt tỷ lệ hoàn thành xuất sắc nhiệm vụ — {breach.message}. {then} Căn cứ: {breach.rule.citation}.")))


def _read_rows(ws, columns: list[Column], issues: list[Issue]) -> tuple[dict[str, int], list[tuple[int, tuple]]]:
    rows = ws.iter_rows(values_only=True)
    header = next(rows, None) or ()
    found = {fold(str(h)).rstrip(" *"): i for i, h in enumerate(header) if h not in (None, "")}
    index = {c.key: found[fold(c.header)] for c in columns if fold(c.header) in found}
    missing = [c.header for c in columns if c.key in ("full_name", "level") and c.key not in index]
    if missing:
        issues.append(Issue(SHEET, None, None, "Thiếu cột " + ", ".join(f"“{m}”" for m in missing)
                            + " (dòng tiêu đề phải giữ như tệp mẫu)."))
        return index, []
    used = {i for key, i in index.items() if key not in ("no", "note")}
    body = []
    for number, values in enumerate(rows, start=2):
        values = tuple(_clean(v) for v in values)
        if any(v is not None for i, v in enumerate(values) if i in used):
            body.append((number, values))
        if len(body) > MAX_ROWS:
            issues.append(Issue(SHEET, None, None, "Tệp có quá nhiều dòng."))
            return index, []
    return index, body


def can_record_decided(*, user, unit: Org, year: int) -> bool:
    """A past year's results may be loaded as decided by whoever may write the level that decides them (the
    grassroots committee above the cell)."""
    if year >= today().year:
        return False
    ancestors = [unit.path[:k] for k in range(Org.steplen, len(unit.path) + 1, Org.steplen)]
    grassroots = Org.objects.filter(path__in=ancestors, type__is_grassroots=True).order_by("-depth").first()
    return grassroots is not None and scope_for(user).covers_path(grassroots.path, write=True)


def validate(*, user, unit: Org, year: int, data: bytes, decided: bool = False) -> ReviewImportReport:
    """Check every row against the unit's assessments of ``year``; nothing is written. ``report.ok`` means the
    commit will go through (unless the database moves in between: the commit checks again). ``decided``: a past
    year's results, recorded as decided and flagged where they break a rule of their year."""
    report = ReviewImportReport()
    sheet = unit_sheet(unit, year)
    wb = _open(data, report.issues)
    if wb is None:
        return report
    try:
        file_unit, file_year = _file_identity(wb)
        if (file_unit is not None and not _same(file_unit, unit.pk)) or (
                file_year is not None and not _same(file_year, year)):
            report.issues.append(Issue("", None, None, f"Tệp mẫu này không phải của {unit.name} năm {year}: hãy tải "
                                                       "tệp mẫu của đúng chi bộ và năm đánh giá."))
            return report
        ws = _find_sheet(wb, SHEET)
        if ws is None:
            report.issues.append(Issue("", None, None, f"Tệp không có trang “{SHEET}” (hãy dùng tệp mẫu)."))
            return report
        index, body = _read_rows(ws, sheet.columns, report.issues)
    finally:
        wb.close()
    report.data_rows = len(body)
    ctx = _Context(user, sheet, report, decided=decided)
    columns = {c.key: c for c in sheet.columns}
    disciplined = F.disciplined_member_ids([a.member_id for a in sheet.assessments], year)
    for number, values in body:
        row = _Row(number, values, index, columns, report.issues)
        a = _identify(ctx, row)
        if a is None:
            continue
        if a.pk in ctx.seen:
            row.error("full_name", f"{a.member.full_name} đã có ở dòng {ctx.seen[a.pk]}.")
            continue
        ctx.seen[a.pk] = number
        level, data = _values(ctx, row, a)
        if level is None and not data:
            continue  # nothing proposed for this member: left as it is
        if not _check_status(row, a):
            continue
        if level is None:
            if not row.bad:
                row.error("level", "Không được để trống khi đã ghi kết quả đánh giá.")
            continue
        _check_row(ctx, row, a, level, data, disciplined)
        if not row.bad:
            report.rows.append(ResultRow(number, a, {"level": level, **data}))
    if not report.issues:
        _check_quota(ctx)
    if not report.issues and not report.rows:
        report.issues.append(Issue("", None, None, "Tệp không có dòng nào ghi mức đề xuất."))
    order = {c.header: n for n, c in enumerate(sheet.columns)}
    report.issues.sort(key=lambda i: (i.row or 0, order.get(i.column, -1)))
    return report


# ---------------------------------------------------------------------------------------------------------
# Commit


def run_import(*, actor, unit: Org, year: int, data: bytes, on: dt.date | None = None, decided: bool = False) -> int:
    """Check again and propose every row through ``services.unit_propose`` — or, for a past year's results
    (``decided``), record them as decided through ``services.results_record_decided`` — in one transaction."""
    with transaction.atomic():
        report = validate(user=actor, unit=unit, year=year, data=data, decided=decided)
        if not report.ok:
            raise ImportRejected(report)
        rows = {r.assessment.pk: dict(r.payload) for r in report.rows}
        try:
            if decided:
                return services.results_record_decided(actor=actor, unit=unit, year=year, rows=rows,
                                                       on=on or today())
            return services.unit_propose(actor=actor, unit=unit, year=year, rows=rows, on=on)
        except (DomainError, IntegrityError) as exc:
            message = exc.message if isinstance(exc, DomainError) else "Dữ liệu không hợp lệ với cơ sở dữ liệu."
            raise ImportFailed(Issue(SHEET, None, None, message)) from exc


# ---------------------------------------------------------------------------------------------------------
# The template


def _cell_value(a: Assessment, col: Column):
    if col.kind == "mark":
        mark = (a.marks or {}).get(col.key.split(":", 1)[1])
        return Mark(mark).label if mark in Mark.values else None
    if col.key == "score":
        return float(a.score) if a.score is not None else None
    if col.kind == "count":
        value = getattr(a, col.key)
        return value if value or a.status == Status.PROPOSED else None
    if col.key == "level":
        return Level(a.proposed_level).label if a.proposed_level and a.status == Status.PROPOSED else None
    return None


def _note(a: Assessment) -> str:
    if a.status == Status.EXCLUDED:
        return f"Không xếp loại: {a.get_exclusion_display()}"
    if a.status == Status.APPROVED:
        return f"Đã quyết định: {LEVEL_SHORT.get(a.final_level, '')}"
    if a.criteria_set_id:
        return f"Bộ tiêu chí: {a.criteria_set.name}"
    return ""


def template_xlsx(sheet: UnitSheet) -> bytes:
    """The unit's members with what is already entered; greyed cells are not to be filled."""
    wb = Workbook()
    guide = wb.active
    guide.title = GUIDE_SHEET
    ws = wb.create_sheet(SHEET, 0)
    lists = wb.create_sheet(LISTS_SHEET)
    lists.sheet_state = "hidden"
    for i, label in enumerate(MARK_LABELS, start=1):
        lists.cell(i, 1, label)
    for i, label in enumerate(LEVEL_LABELS, start=1):
        lists.cell(i, 2, label)
    ranges = {"mark": f"'{LISTS_SHEET}'!$A$1:$A${len(MARK_LABELS)}",
              "choice": f"'{LISTS_SHEET}'!$B$1:$B${len(LEVEL_LABELS)}"}
    columns = sheet.columns
    for i, col in enumerate(columns, start=1):
        cell = ws.cell(1, i, col.header)
        cell.font, cell.fill = BOLD, HEAD_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        letter = get_column_letter(i)
        ws.column_dimensions[letter].width = {"no": 6, "full_name": 28, "note": 34}.get(col.key, 16)
        last = len(sheet.assessments) + 1 + 50
        if col.kind in ranges:
            dv = DataValidation(type="list", formula1=ranges[col.kind], allow_blank=True, showErrorMessage=True,
                                errorTitle="Giá trị không hợp lệ", error="Hãy chọn một giá trị trong danh sách.")
            dv.add(f"{letter}2:{letter}{last}")
            ws.add_data_validation(dv)
        if col.kind in ("date", "digits"):
            ws.column_dimensions[letter].number_format = "@"
    for r, a in enumerate(sheet.assessments, start=2):
        m = a.member
        closed = a.status in (Status.EXCLUDED, Status.APPROVED)
        allowed = _codes(a)
        for i, col in enumerate(columns, start=1):
            if col.key == "no":
                value = r - 1
            elif col.key == "full_name":
                value = m.full_name
            elif col.key == "date_of_birth":
                value = format_date(m.date_of_birth)
            elif col.key == "cccd":
                value = m.cccd or None
            elif col.key == "note":
                value = _note(a)
            else:
                value = None if closed else _cell_value(a, col)
            cell = ws.cell(r, i, value)
            if col.kind in ("date", "digits"):
                cell.number_format = "@"
            not_applicable = col.kind == "mark" and allowed and col.key.split(":", 1)[1] not in allowed
            if (closed and col.key not in FIXED_KEYS) or not_applicable:
                cell.fill = GREY
    ws.freeze_panes = "C2"
    _write_guide(guide, sheet)
    return workbook_bytes(wb)


def _write_guide(ws, sheet: UnitSheet) -> None:
    reg = sheet.reg
    method = ("chấm điểm theo thang 100 (30 điểm tiêu chí chung, 70 điểm kết quả nhiệm vụ)" if sheet.by_score
              else "xếp mức từng tiêu chí: Xuất sắc, Tốt, Trung bình, Kém")
    lines = [
        f"Nhập kết quả đánh giá, xếp loại năm {sheet.year} — {sheet.unit.name}",
        f"Quy định áp dụng: {reg.label}; {method}.",
        f"1. Trang “{SHEET}” liệt kê các đảng viên của chi bộ có phiếu đánh giá năm {sheet.year}; giữ nguyên dòng "
        "tiêu đề, không sửa họ tên, ngày sinh, số CCCD.",
        "2. Ghi kết quả và “Mức đề xuất” cho từng người. Dòng không có mức đề xuất được bỏ qua; ô để trống giữ "
        "nguyên giá trị đã nhập trước đó. Ô tô xám: không ghi (tiêu chí không áp dụng, người không xếp loại hoặc "
        "đã được quyết định).",
        "3. Hệ thống kiểm tra toàn bộ tệp trước (cùng các quy tắc như khi nhập trên màn hình: tiêu chí, điểm, kỷ "
        "luật trong năm, tỷ lệ hoàn thành xuất sắc nhiệm vụ của chi bộ) và báo lỗi theo dòng, theo cột.",
        "4. Chỉ khi không còn lỗi mới ghi được, và ghi tất cả hoặc không ghi gì.",
    ]
    for i, line in enumerate(lines, start=1):
        ws.cell(i, 1, line).font = Font(bold=i == 1, size=13 if i == 1 else 11)
    top = len(lines) + 2
    ws.cell(top, 1, UNIT_LABEL).font = BOLD
    ws.cell(top, 2, sheet.unit.pk)
    ws.cell(top + 1, 1, YEAR_LABEL).font = BOLD
    ws.cell(top + 1, 2, sheet.year)
    ws.column_dimensions["A"].width = 30
    ws.column_dimensions["B"].width = 100
