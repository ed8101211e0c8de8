"""XLSX import of orgs and members: the template, a validation pass that writes nothing, and an
all-or-nothing commit through the services (so scope checks and the audit apply to every row).

The workbook has a sheet “Tổ chức” (created first, in row order) and a sheet “Đảng viên”. Columns are found
by their header and rows keep their Excel number, so every message points at a cell the user can find:
“Dòng 7, cột “Số CCCD”: …”.
"""

import datetime as dt
import io
import re
import unicodedata
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from functools import cached_property
from pathlib import Path

from django.db import IntegrityError, transaction
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from dangbo.accounts.scope import scope_for
from dangbo.core.collector import gc_paused
from dangbo.core.dates import format_date, parse_date, today
from dangbo.core.exceptions import DomainError
from dangbo.core.iters import batched
from dangbo.core.numbers import format_int
from dangbo.core.rules import RuleViolation
from dangbo.core.text import fold
from dangbo.core.uploads import drop_stashed, load_stashed, update_stashed
from dangbo.core.xlsx import workbook_bytes
from dangbo.core.xlsx_read import UnreadableWorkbook, open_book
from dangbo.jobs.runners import runner
from dangbo.members import rules
from dangbo.members.choices import (
    EducationLevel,
    EventKind,
    Gender,
    GeneralEducation,
    MemberCategory,
    PoliticalTheory,
)
from dangbo.members.models import Member
from dangbo.members.services import (
    BulkChecked,
    NewMember,
    RowRefused,
    cccd_refusals,
    members_bulk_check,
    members_bulk_create,
)
from dangbo.orgs import rules as org_rules
from dangbo.orgs.models import Org, OrgKind, OrgStatus, OrgType
from dangbo.orgs.selectors import org_queryset
from dangbo.orgs.services import code_refusals, org_create

ORG_SHEET = "Tổ chức"
MEMBER_SHEET = "Đảng viên"
GUIDE_SHEET = "Hướng dẫn"
LISTS_SHEET = "Danh mục"
ERROR_HEADER = "Lỗi"
SUMMARY_SHEET = "Danh sách lỗi"
MAX_ROWS = 100_000
# a file of more rows is written by the background worker (``jobs``): the clerk keeps working meanwhile
BACKGROUND_ROWS = 1_000
IMPORT_JOB = "members_import"
# …and checked by it when it declares more rows than this: a check takes about a second per thousand rows
CHECK_BACKGROUND_ROWS = 2_000
CHECK_JOB = "members_import_check"
PARTY_FOUNDED = dt.date(1930, 2, 3)
PROFILE_NUMBER = re.compile(r"^\d{6}[A-Z]{2,3}$")  # FORMS.md §3: 6 digits + province letters


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool = False
    kind: str = "text"  # text | date | choice | ref | digits
    max_length: int | None = None
    help: str = ""
    example: str = ""


def _len(name: str) -> int:
    return Member._meta.get_field(name).max_length


ORG_COLUMNS = [
    Column("code", "Mã tổ chức", True, max_length=40, example="CB-TL01",
           help="Mã duy nhất của tổ chức mới; các dòng sau và trang “Đảng viên” dùng mã này để tham chiếu."),
    Column("name", "Tên tổ chức", True, max_length=255, example="Chi bộ thôn Tân Lập"),
    Column("type", "Loại tổ chức", True, "choice", example="Chi bộ trực thuộc"),
    Column("kind", "Loại hình", False, "choice", example="Thôn"),
    Column("parent", "Mã tổ chức cấp trên", True, "ref", example="DB-XTL",
           help="Mã (hoặc tên, nếu duy nhất) của tổ chức cấp trên đã có trong hệ thống và thuộc phạm vi được "
                "phân quyền, hoặc mã của một dòng phía trên trong trang này. Chỉ quản trị hệ thống được để trống "
                "(tổ chức cấp cao nhất)."),
    Column("founded_on", "Ngày thành lập", True, "date", example="15/03/2015"),
]

MEMBER_COLUMNS = [
    Column("full_name", "Họ và tên", True, max_length=_len("full_name"), example="Nguyễn Văn An",
           help="Họ, tên đệm và tên đang dùng."),
    Column("date_of_birth", "Ngày sinh", True, "date", example="02/09/1985"),
    Column("gender", "Giới tính", True, "choice", example="Nam"),
    Column("ethnicity", "Dân tộc", True, max_length=_len("ethnicity"), example="Kinh"),
    Column("religion", "Tôn giáo", max_length=_len("religion"), example="Không",
           help="Để trống nghĩa là “Không”."),
    Column("hometown", "Quê quán", max_length=_len("hometown"), example="Xã Tân Lập, tỉnh Lâm Đồng"),
    Column("residence", "Nơi cư trú", max_length=_len("residence"), example="Thôn 2, xã Tân Lập"),
    Column("cccd", "Số CCCD", False, "digits", example="001085012345",
           help="12 chữ số; mã tỉnh, chữ số giới tính/thế kỷ và năm sinh phải khớp với người này. Không trùng "
                "trong tệp và trong cơ sở dữ liệu."),
    Column("card_number", "Số thẻ đảng viên", False, "digits", max_length=_len("card_number"),
           example="001085012345", help="Từ năm 2025, số thẻ là số định danh cá nhân (12 chữ số)."),
    Column("profile_number", "Số lý lịch", max_length=_len("profile_number"), example="000001LD",
           help="6 chữ số và 2–3 chữ cái in hoa của tỉnh, ví dụ 000001HN."),
    Column("general_education", "Giáo dục phổ thông", False, "choice", example="Trung học phổ thông"),
    Column("education_level", "Trình độ chuyên môn", False, "choice", example="Đại học",
           help="Để trống nghĩa là “Chưa qua đào tạo”."),
    Column("political_theory", "Lý luận chính trị", False, "choice", example="Trung cấp",
           help="Để trống nghĩa là “Chưa qua đào tạo”."),
    Column("occupation", "Nghề nghiệp", max_length=_len("occupation"), example="Giáo viên"),
    Column("category", "Đối tượng", False, "choice", example="Cán bộ, công chức, viên chức",
           help="Để trống nghĩa là “Khác”."),
    Column("is_youth_union", "Đoàn viên khi vào Đảng", False, "choice", example="Có",
           help="Để trống nghĩa là “Không”."),
    Column("org", "Chi bộ (mã hoặc tên)", True, "ref", example="CB-TL01",
           help="Mã chi bộ (đã có trong hệ thống hoặc ở trang “Tổ chức”); hoặc tên chi bộ nếu tên đó là duy nhất "
                "trong phạm vi được phân quyền. Phải là chi bộ (chi bộ trực thuộc hoặc chi bộ cơ sở)."),
    Column("admitted_on", "Ngày vào Đảng", True, "date", example="19/05/2010",
           help="Ngày kết nạp; người vào Đảng phải đủ 18 tuổi."),
    Column("official_on", "Ngày chính thức", False, "date", example="19/05/2011",
           help="Để trống nếu còn dự bị; không sớm hơn 12 tháng sau ngày vào Đảng."),
    Column("external_org", "Tổ chức kết nạp ngoài hệ thống", max_length=255,
           example="Đảng bộ Quân sự tỉnh Lâm Đồng",
           help="Chỉ ghi khi người này được kết nạp ở tổ chức ngoài hệ thống rồi chuyển sinh hoạt về chi bộ trên."),
]

SHEETS = {ORG_SHEET: ORG_COLUMNS, MEMBER_SHEET: MEMBER_COLUMNS}
YES_NO = [(True, "Có"), (False, "Không")]
DEFAULTS = {"religion": "Không", "education_level": EducationLevel.NONE, "political_theory": PoliticalTheory.NONE,
            "category": MemberCategory.OTHER, "is_youth_union": False, "general_education": ""}


def _norm(text) -> str:
    """Compare labels the way a person reads them: same letters and accents, any case and spacing."""
    return " ".join(unicodedata.normalize("NFC", str(text)).casefold().split())


def choice_lists() -> dict[str, list[tuple[object, str]]]:
    """Allowed values of every choice column, as (value, Vietnamese label)."""
    return {
        "type": [(t, t.name) for t in OrgType.objects.select_related("level").order_by("level__rank", "code")],
        "kind": [(k, k.name) for k in OrgKind.objects.order_by("order", "code")],
        "gender": [(v, label) for v, label in Gender.choices],
        "general_education": [(v, label) for v, label in GeneralEducation.choices],
        "education_level": [(v, label) for v, label in EducationLevel.choices],
        "political_theory": [(v, label) for v, label in PoliticalTheory.choices],
        "category": [(v, label) for v, label in MemberCategory.choices],
        "is_youth_union": YES_NO,
    }


# ---------------------------------------------------------------------------------------------------------
# The report


@dataclass(frozen=True)
class Issue:
    sheet: str
    row: int | None
    column: str | None
    message: str

    @property
    def text(self) -> str:
        if self.row and self.column:
            return f"Dòng {self.row}, cột “{self.column}”: {self.message}"
        if self.row:
            return f"Dòng {self.row}: {self.message}"
        return self.message

    def __str__(self) -> str:
        return f"Trang “{self.sheet}”, {self.text[0].lower()}{self.text[1:]}" if self.sheet else self.text


@dataclass
class OrgRow:
    row: int
    code: str
    name: str
    type: OrgType
    kind: OrgKind | None
    founded_on: dt.date
    parent: Org | None = None  # an org already in the database
    parent_code: str | None = None  # …or one created earlier in the file


@dataclass
class MemberRow:
    row: int
    data: dict
    admitted_on: dt.date
    official_on: dt.date | None
    external_org: str
    org: Org | None = None
    org_code: str | None = None


@dataclass
class ImportReport:
    issues: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    orgs: list[OrgRow] = field(default_factory=list)
    members: list[MemberRow] = field(default_factory=list)
    org_rows: int = 0
    member_rows: int = 0
    checked: BulkChecked | None = None  # the bulk service's check of ``members``, which the commit reuses

    @property
    def ok(self) -> bool:
        return not self.issues and (self.org_rows + self.member_rows) > 0

    def by_sheet(self, limit: int | None = None) -> list[tuple[str, list[Issue]]]:
        shown = self.issues[:limit] if limit else self.issues
        groups: dict[str, list[Issue]] = {}
        for issue in shown:
            groups.setdefault(issue.sheet, []).append(issue)
        return list(groups.items())


class ImportRejected(DomainError):
    """The file did not pass validation (at commit time the database may have changed since the check)."""

    def __init__(self, report: ImportReport):
        first = report.issues[0] if report.issues else None
        super().__init__(f"Tệp có {len(report.issues)} lỗi; chưa nhập dữ liệu nào."
                         + (f" Lỗi đầu tiên: {str(first).rstrip('.')}." if first else ""), field="file")
        self.report = report


class ImportFailed(DomainError):
    """A service refused one row during the commit; everything before it was rolled back."""

    def __init__(self, issue: Issue):
        super().__init__(f"{str(issue).rstrip('.')}. Chưa nhập dữ liệu nào (toàn bộ đã được hủy).", field="file")
        self.issue = issue


# ---------------------------------------------------------------------------------------------------------
# Reading the workbook


def _clean(value):
    if isinstance(value, str):
        value = " ".join(unicodedata.normalize("NFC", value).split())
        return value or None
    return value


def _as_text(value) -> str:
    """A cell as the text the user sees: 123.0 typed in a code column is “123”, a date is dd/mm/yyyy."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime | dt.date):
        return format_date(value)
    return str(value)


def _at(values: tuple, i: int | None):
    return values[i] if i is not None and i < len(values) else None


@dataclass
class _Sheet:
    name: str
    columns: list[Column]
    index: dict[str, int]  # column key -> 0-based position in the file
    rows: list[tuple[int, tuple]]  # (Excel row number, values)

    @cached_property
    def by_key(self) -> dict[str, Column]:
        return {c.key: c for c in self.columns}


def _open(data: bytes, issues: list[Issue]):
    try:
        # data_only=False: a formula cell is read as its own text ("=…"), kept as text like any other; never the
        # result a spreadsheet cached for it, which the file's author may have set to anything
        return load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds for a bad file; all mean the same to the user
        issues.append(Issue("", None, None, "Tệp không đọc được: hãy dùng tệp Excel .xlsx (tải tệp mẫu)."))
        return None


def _open_book(data: bytes, issues: list[Issue]):
    """The member import's reader (``core.xlsx_read``): calamine, openpyxl for a file with formula or error cells;
    the same cell values either way."""
    try:
        return open_book(data)
    except UnreadableWorkbook:
        issues.append(Issue("", None, None, "Tệp không đọc được: hãy dùng tệp Excel .xlsx (tải tệp mẫu)."))
        return None


def _read(wb, issues: list[Issue]) -> dict[str, _Sheet]:
    """The sheets of ``wb`` — a ``core.xlsx_read`` book — that the import reads, by title."""
    by_fold = {fold(name): name for name in wb.sheetnames}
    sheets: dict[str, _Sheet] = {}
    for title, columns in SHEETS.items():
        actual = by_fold.get(fold(title))
        if actual is None:
            continue
        rows = iter(wb.rows(actual))
        header = next(rows, None) or ()
        found = {fold(str(h)).rstrip(" *"): i for i, h in enumerate(header) if h not in (None, "")}
        index, missing = {}, []
        for col in columns:
            if fold(col.header) in found:
                index[col.key] = found[fold(col.header)]
            elif col.required:
                missing.append(col.header)
        if missing:
            issues.append(Issue(title, None, None, "Thiếu cột " + ", ".join(f"“{m}”" for m in missing)
                                + " (dòng tiêu đề phải giữ như tệp mẫu)."))
            continue
        body, used = [], set(index.values())
        for number, values in enumerate(rows, start=2):
            values = tuple(_clean(v) for v in values)
            if any(v is not None for i, v in enumerate(values) if i in used):
                body.append((number, values))
            if len(body) > MAX_ROWS:
                issues.append(Issue(title, None, None, f"Có quá {format_int(MAX_ROWS)} dòng; hãy chia nhỏ tệp."))
                body = []
                break
        sheets[title] = _Sheet(title, columns, index, body)
    if not sheets and not issues:
        issues.append(Issue("", None, None, f"Tệp không có trang “{ORG_SHEET}” hay “{MEMBER_SHEET}” (tải tệp mẫu)."))
    return sheets


class _Row:
    """One sheet row being checked: typed values by column key, and the issues found in it."""

    def __init__(self, sheet: _Sheet, number: int, values: tuple, check: "_Check"):
        self.sheet, self.number, self.values, self.check = sheet, number, values, check
        self.columns = sheet.by_key  # one dict per sheet, not per row
        self.bad = False

    def error(self, key: str | None, message: str) -> None:
        self.bad = True
        header = self.columns[key].header if key else None
        self.check.issues.append(Issue(self.sheet.name, self.number, header, message))

    def warn(self, key: str | None, message: str) -> None:
        header = self.columns[key].header if key else None
        self.check.warnings.append(Issue(self.sheet.name, self.number, header, message))

    def raw(self, key: str, required: bool | None = None):
        value = _at(self.values, self.sheet.index.get(key))
        if value is None:
            if self.columns[key].required if required is None else required:
                self.error(key, "Không được để trống.")
            return None
        return value

    def text(self, key: str, required: bool | None = None) -> str | None:
        value = self.raw(key, required)
        if value is None:
            return None
        col = self.columns[key]
        numeric = isinstance(value, int | float)
        value = _as_text(value)
        if col.kind == "digits" and numeric and 9 <= len(value) < 12:
            # Excel turns a CCCD typed into a plain cell into a number and drops its leading zero(s); every
            # province code starts with 0, so the lost digits are known.
            value = value.zfill(12)
        if col.max_length and len(value) > col.max_length:
            self.error(key, f"Dài {len(value)} ký tự, tối đa {col.max_length}.")
            return None
        return value

    def date(self, key: str, *, not_before: dt.date | None = None) -> dt.date | None:
        value = self.raw(key)
        if value is None:
            return None
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(int(value)) if float(value).is_integer() else str(value)
        try:
            day = parse_date(value)
        except ValueError as exc:
            self.error(key, f"{str(exc)[0].upper()}{str(exc)[1:]}.")
            return None
        if day > self.check.today:
            self.error(key, f"Ngày {format_date(day)} ở tương lai.")
            return None
        if not_before and day < not_before:
            self.error(key, f"Ngày {format_date(day)} không hợp lý (trước {format_date(not_before)}).")
            return None
        return day

    def choice(self, key: str):
        value = self.raw(key)
        if value is None:
            return DEFAULTS.get(key)
        options = self.check.lookup[key]
        found = options.get(_norm(value), options)
        if found is options:
            labels = "; ".join(label for _, label in self.check.choices[key])
            self.error(key, f"“{value}” không có trong danh sách. Chọn một trong: {labels}.")
            return None
        return found


# ---------------------------------------------------------------------------------------------------------
# Validation


@dataclass
class _Target:
    """An org a row refers to: already in the database (``org``) or created by an earlier row (``code``)."""

    name: str
    type: OrgType
    founded_on: dt.date
    ended_on: dt.date | None = None
    active: bool = True
    path: str = ""
    org: Org | None = None
    code: str | None = None
    row: int | None = None

    @property
    def fake_id(self) -> int:
        return self.org.pk if self.org else -(self.row or 0)

    def facts(self) -> org_rules.OrgFacts:
        return org_rules.OrgFacts(
            id=self.org.pk if self.org else None, name=self.name, level_rank=self.type.level.rank,
            is_cell=self.type.is_cell, is_party_group=self.type.is_party_group, active=self.active,
            founded_on=self.founded_on, path=self.path)

    def active_on(self, day: dt.date) -> bool:
        return self.founded_on <= day and (self.ended_on is None or day < self.ended_on)


def _target_of(org: Org) -> _Target:
    return _Target(name=org.name, type=org.type, founded_on=org.founded_on, ended_on=org.ended_on,
                   active=org.status == OrgStatus.ACTIVE, path=org.path, org=org, code=org.code)


class _Check:
    """What the checks of one file share: the user, the allowed values, and the orgs rows refer to."""

    def __init__(self, user, report: ImportReport, on: dt.date | None):
        self.user = user
        self.today = on or today()
        self.issues = report.issues
        self.warnings = report.warnings
        self.choices = choice_lists()
        self.lookup = {key: self._lookup(options) for key, options in self.choices.items()}
        self.is_admin = scope_for(user).is_admin
        self.file_codes: dict[str, int] = {}  # code -> first row of the org sheet that carries it
        self.new: dict[str, _Target] = {}  # the org rows checked so far without errors
        self.new_by_name: dict[str, list[str]] = {}
        self.by_code: dict[str, Org] = {}
        self.by_name: dict[str, list[Org]] = {}

    @staticmethod
    def _lookup(options) -> dict:
        out = {}
        for value, label in options:
            out[_norm(label)] = value
            code = getattr(value, "code", value)
            if isinstance(code, str):
                out.setdefault(_norm(code), value)
        return out

    def load_orgs(self, refs: set[str]) -> None:
        """The orgs named by the file, within the user's write scope, in a few queries whatever the size."""
        qs = org_queryset(user=self.user, write=True)
        for part in batched(refs, 500):
            self.by_code.update((o.code, o) for o in qs.filter(code__in=part))
        for part in batched({fold(r) for r in refs}, 500):
            for org in qs.filter(search_name__in=part):
                self.by_name.setdefault(org.search_name, []).append(org)

    def resolve(self, value: str, *, row: int, cells: bool) -> tuple[_Target | None, str | None]:
        """Find the org ``value`` names (code first, then name): a chi bộ for a member (``cells``: any row of
        the org sheet will exist by then), else a parent, which must come from an earlier row. Returns
        (target, error); (None, None) when it names a file row with errors of its own, reported once."""
        if value in self.file_codes:
            if not cells and self.file_codes[value] >= row:
                return None, (f"Tổ chức mã “{value}” ở dòng {self.file_codes[value]}, không ở phía trên dòng này; "
                              "hãy đặt tổ chức cấp trên lên trước.")
            target = self.new.get(value)
            if target is None:
                return None, None
            return self._as_cell(target) if cells else (target, None)
        if value in self.by_code:
            target = _target_of(self.by_code[value])
            return self._as_cell(target) if cells else (target, None)
        candidates = [self.new[c] for c in self.new_by_name.get(_norm(value), [])
                      if c in self.new and (cells or self.file_codes[c] < row)]
        exact = [o for o in self.by_name.get(fold(value), []) if _norm(o.name) == _norm(value)]
        candidates += [_target_of(o) for o in (exact or self.by_name.get(fold(value), []))]
        if cells and candidates:
            only_cells = [c for c in candidates if c.type.is_cell]
            if not only_cells:
                return self._as_cell(candidates[0])
            candidates = only_cells
        if len(candidates) > 1:
            candidates = [c for c in candidates if c.active] or candidates
        if len(candidates) > 1:
            return None, (f"Có {len(candidates)} tổ chức tên “{value}” trong phạm vi được phân quyền; "
                          "hãy ghi mã tổ chức thay cho tên.")
        if not candidates:
            return None, (f"Không tìm thấy tổ chức có mã hoặc tên “{value}” trong phạm vi được phân quyền "
                          f"(hay ở trang “{ORG_SHEET}”).")
        return self._as_cell(candidates[0]) if cells else (candidates[0], None)

    @staticmethod
    def _as_cell(target: _Target) -> tuple[_Target | None, str | None]:
        if not target.type.is_cell:
            return None, (f"{target.name} là {target.type.name.lower()}, không phải chi bộ; đảng viên chỉ sinh hoạt "
                          "tại chi bộ.")
        if not target.active:
            return None, f"{target.name} đã kết thúc hoạt động."
        return target, None


def _check_orgs(check: _Check, sheet: _Sheet, report: ImportReport) -> None:
    for number, values in sheet.rows:
        if (v := _at(values, sheet.index["code"])) is not None:
            check.file_codes.setdefault(_as_text(v), number)
    # Codes are unique across the whole database; outside the user's scope the refusal does not confirm one exists.
    taken = code_refusals(scope_for(check.user), check.file_codes)
    for number, values in sheet.rows:
        row = _Row(sheet, number, values, check)
        code = row.text("code")
        name = row.text("name")
        type_ = row.choice("type")
        kind = row.choice("kind")
        founded_on = row.date("founded_on", not_before=PARTY_FOUNDED)
        parent_ref = row.text("parent", required=not check.is_admin)  # only an admin may create a top org
        if code is not None and check.file_codes.get(code) != number:
            row.error("code", f"Mã “{code}” trùng với dòng {check.file_codes[code]}.")
        elif code in taken:
            row.error("code", taken[code])
        parent = None
        if parent_ref is not None:
            parent, message = check.resolve(parent_ref, row=number, cells=False)
            if message:
                row.error("parent", message)
        if type_ is not None and founded_on is not None:
            abolished = type_.level.abolished_on
            if abolished and founded_on >= abolished:
                row.error("type", f"{type_.level.name} đã bãi bỏ từ ngày {format_date(abolished)}.")
            elif parent is not None:
                draft = _Target(name=name or code or "", type=type_, founded_on=founded_on)
                try:
                    org_rules.check_parent(draft.facts(), parent.facts(), on=founded_on)
                except RuleViolation as exc:
                    row.error("founded_on" if exc.field == "date" else "parent", exc.message)
        if row.bad or (parent_ref is not None and parent is None):
            continue
        check.new[code] = _Target(name=name, type=type_, founded_on=founded_on, code=code, row=number)
        check.new_by_name.setdefault(_norm(name), []).append(code)
        report.orgs.append(OrgRow(row=number, code=code, name=name, type=type_, kind=kind, founded_on=founded_on,
                                  parent=parent.org if parent else None,
                                  parent_code=parent.code if parent and parent.org is None else None))


PERSON_KEYS = ("full_name", "date_of_birth", "gender", "ethnicity", "religion", "hometown", "residence", "cccd",
               "card_number", "profile_number", "general_education", "education_level", "political_theory",
               "occupation", "category", "is_youth_union")
RULE_COLUMN = {"M1": "admitted_on", "M7": "official_on", "M14": "org"}


def _check_members(check: _Check, sheet: _Sheet, report: ImportReport) -> None:
    rows = [_Row(sheet, n, v, check) for n, v in sheet.rows]
    cccd_seen: dict[str, int] = {}
    parsed = []
    for row in rows:
        data = {key: (row.choice(key) if row.columns[key].kind == "choice" else row.text(key))
                for key in PERSON_KEYS if key not in ("date_of_birth",)}
        data["date_of_birth"] = row.date("date_of_birth", not_before=dt.date(1900, 1, 1))
        data["religion"] = data["religion"] or DEFAULTS["religion"]
        for key in ("hometown", "residence", "card_number", "profile_number", "occupation"):
            data[key] = data[key] or ""
        if data["cccd"]:
            try:
                data["cccd"] = rules.check_cccd(data["cccd"], gender=data["gender"], date_of_birth=data["date_of_birth"])
            except RuleViolation as exc:
                row.error("cccd", exc.message)
                data["cccd"] = None
            else:
                if data["cccd"] in cccd_seen:
                    row.error("cccd", f"Số CCCD {data['cccd']} trùng với dòng {cccd_seen[data['cccd']]}.")
                cccd_seen.setdefault(data["cccd"], row.number)
        if data["profile_number"] and not PROFILE_NUMBER.match(data["profile_number"]):
            row.error("profile_number", f"Số lý lịch “{data['profile_number']}” phải gồm 6 chữ số và 2–3 chữ cái in "
                      "hoa của tỉnh, ví dụ 000001HN.")
        if data["card_number"] and not str(data["card_number"]).isalnum():
            row.error("card_number", f"Số thẻ “{data['card_number']}” chỉ gồm chữ số (và chữ cái).")
        parsed.append((row, data))
    # The CCCD is unique in the whole registry; outside the user's scope the refusal does not confirm it exists.
    taken = cccd_refusals(scope_for(check.user), cccd_seen)
    kept: list[tuple[_Row, MemberRow]] = []
    for row, data in parsed:
        if data["cccd"] in taken:
            row.error("cccd", taken[data["cccd"]])
        ref = row.text("org")
        target = None
        if ref is not None:
            target, message = check.resolve(ref, row=row.number, cells=True)
            if message:
                row.error("org", message)
        admitted_on = row.date("admitted_on", not_before=PARTY_FOUNDED)
        official_on = row.date("official_on", not_before=PARTY_FOUNDED)
        external = row.text("external_org") or ""
        if target and admitted_on and data["date_of_birth"] and _founded_by(row, target, admitted_on) \
                and target.org is None:
            _check_lifecycle(row, target, data["date_of_birth"], admitted_on, official_on, external)
        if data["general_education"] == GeneralEducation.PRIMARY:
            row.warn("general_education", "Trình độ dưới trung học cơ sở: chỉ kết nạp trong trường hợp đặc biệt "
                     "(Quy định 294-QĐ/TW).")
        if row.bad or target is None:
            continue
        kept.append((row, MemberRow(
            row=row.number, data=data, admitted_on=admitted_on, official_on=official_on, external_org=external,
            org=target.org, org_code=target.code if target.org is None else None)))
    in_db = [(row, m) for row, m in kept if m.org is not None]
    checked = _check_with_service(check, in_db)
    report.members += [m for row, m in kept if not row.bad]
    if not checked.refused and len(in_db) == len(kept) and not report.orgs:
        report.checked = checked


def _check_with_service(check: _Check, kept: list[tuple["_Row", MemberRow]]) -> BulkChecked:
    """Rows placed in orgs already in the database get the bulk service's own check, the one the commit writes
    from (``report.checked``): the lifecycle rules run once per row, and a row the file reports as good is one
    the service accepts. (A row placed in a cell of the same file was replayed by ``_check_lifecycle``.)"""
    checked = members_bulk_check(actor=check.user, rows=[_new_member(m) for _row, m in kept], collect=True)
    verdicts = checked.verdicts()
    for index, (row, _member_row) in enumerate(kept):
        exc = checked.refused.get(index)
        if exc is not None:
            column = RULE_COLUMN.get(exc.code) or exc.field or ("admitted_on" if exc.citation else None)
            row.error(column if column in row.columns else None, f"{exc.message} Căn cứ: {exc.citation}." if exc.citation else exc.message)
            continue
        for flag in verdicts.get(index, ()):
            row.warn(RULE_COLUMN.get(flag.code, "admitted_on"), _flag_text(flag))
    return checked


def _new_member(row: MemberRow) -> NewMember:
    return NewMember(data=row.data, org=row.org, admitted_on=row.admitted_on, official_on=row.official_on,
                     external_org=row.external_org)


def _founded_by(row: "_Row", target: _Target, admitted_on: dt.date) -> bool:
    """The cell existed on the admission date (member_create transfers an externally admitted member in on it)."""
    if target.active_on(admitted_on):
        return True
    row.error("admitted_on", f"Ngày vào Đảng {format_date(admitted_on)} trước ngày thành lập {target.name} "
              f"({format_date(target.founded_on)}) trong hệ thống.")
    return False


def _flag_text(flag) -> str:
    return (f"{flag.message} Được ghi nhận như đã quyết định và đánh dấu “chưa có văn bản”. "
            f"Căn cứ: {flag.citation}.")


def _check_lifecycle(row: _Row, target: _Target, born: dt.date, admitted_on: dt.date,
                     official_on: dt.date | None, external: str) -> None:
    """For a cell created by the same file (not in the database yet, so the service cannot check the row before
    the commit): replay the facts member_create will write, with the same pure rules."""
    placed_on = admitted_on  # member_create transfers an externally admitted member in on the admission date
    org = {"org_id": target.fake_id, "org_name": target.name, "org_active": True, "org_is_cell": True}
    home = {} if external else org
    facts = [rules.EventFact(kind=EventKind.ADMIT, date=admitted_on, event_id=1, **home)]
    if official_on:
        facts.append(rules.EventFact(kind=EventKind.RECOGNIZE, date=official_on, event_id=2, **home))
    if external:
        facts.append(rules.EventFact(kind=EventKind.TRANSFER_IN, date=placed_on, event_id=3, **org))
    try:
        # Past decisions: a missing approval (over 60) is a flag kept with the record, not a refusal.
        _state, flags = rules.replay_as_decided(facts, date_of_birth=born)
    except RuleViolation as exc:
        row.error(RULE_COLUMN.get(exc.code, "admitted_on"), f"{exc.message} Căn cứ: {exc.citation}.")
        return
    for flag in flags:
        row.warn(RULE_COLUMN.get(flag.code, "admitted_on"), _flag_text(flag))


def validate(*, user, data: bytes, on: dt.date | None = None, progress=None) -> ImportReport:
    """Check every row of the file; nothing is written. ``report.ok`` means the commit will go through.
    ``progress(done, total, step)``, when given, hears of each stage (the worker's job page shows them)."""
    report = ImportReport()
    step = progress or (lambda done, total, label: None)
    step(0, 3, "Đọc tệp")
    wb = _open_book(data, report.issues)
    if wb is None:
        return report
    try:
        sheets = _read(wb, report.issues)
    finally:
        wb.close()
    step(1, 3, "Kiểm tra các dòng tổ chức")
    check = _Check(user, report, on)
    refs = set()
    for sheet in sheets.values():
        i = sheet.index.get("parent" if sheet.name == ORG_SHEET else "org")
        refs.update(_as_text(v) for _, values in sheet.rows if (v := _at(values, i)) is not None)
    check.load_orgs(refs)
    if ORG_SHEET in sheets:
        report.org_rows = len(sheets[ORG_SHEET].rows)
        _check_orgs(check, sheets[ORG_SHEET], report)
    if MEMBER_SHEET in sheets:
        report.member_rows = len(sheets[MEMBER_SHEET].rows)
        step(2, 3, f"Kiểm tra {format_int(report.member_rows)} dòng đảng viên")
        _check_members(check, sheets[MEMBER_SHEET], report)
    if not report.issues and not (report.org_rows or report.member_rows):
        report.issues.append(Issue("", None, None, "Tệp không có dòng dữ liệu nào."))
    order = {(sheet, c.header): n for sheet, columns in SHEETS.items() for n, c in enumerate(columns)}
    for issues in (report.issues, report.warnings):
        issues.sort(key=lambda i: (i.sheet != ORG_SHEET, i.sheet, i.row or 0, order.get((i.sheet, i.column), -1)))
    return report


# ---------------------------------------------------------------------------------------------------------
# Commit


@dataclass(frozen=True)
class ImportResult:
    orgs: int
    members: int


def _header(columns: list[Column], key: str | None) -> str | None:
    return next((c.header for c in columns if c.key == key), None)


def run_import(*, actor, data: bytes, on: dt.date | None = None) -> ImportResult:
    """Check the file, then write everything through the services in one transaction: any refusal rolls back
    every row. The reading and checking happen before the transaction (on SQLite it holds the one write lock
    of the database, and the office waits on it); inside it the bulk service writes the checked members if the
    database has not moved since the check, and checks them again if it has."""
    report = validate(user=actor, data=data, on=on)
    if not report.ok:
        raise ImportRejected(report)
    # Members placed in orgs of the same file are checked by the service only once those exist (no ``checked``).
    checked = report.checked
    rows = checked.rows if checked else [_new_member(row) for row in report.members]
    with transaction.atomic():
        created: dict[str, Org] = {}
        for row in report.orgs:
            try:
                created[row.code] = org_create(
                    actor=actor, parent=row.parent or created.get(row.parent_code), name=row.name, type=row.type,
                    kind=row.kind, code=row.code, founded_on=row.founded_on)
            except (DomainError, IntegrityError) as exc:
                raise _failure(ORG_SHEET, ORG_COLUMNS, row.row, exc, {"date": "founded_on"}) from exc
        if created:
            rows = [new if new.org is not None else replace(new, org=created[row.org_code])
                    for new, row in zip(rows, report.members, strict=True)]
        with _member_failures(report):
            members_bulk_create(actor=actor, rows=rows, checked=checked)
    return ImportResult(orgs=len(report.orgs), members=len(report.members))


@contextmanager
def _member_failures(report: ImportReport):
    """A refusal of the bulk service, pointed at its row of the sheet."""
    try:
        yield
    except RowRefused as exc:
        raise _failure(MEMBER_SHEET, MEMBER_COLUMNS, report.members[exc.index].row, exc,
                       {"date": "admitted_on"}) from exc
    except IntegrityError as exc:  # a row written by someone else since the check: no row to point at
        raise _failure(MEMBER_SHEET, MEMBER_COLUMNS, None, exc, {}) from exc


def import_members(file, *, user, org: Org | None = None, on: dt.date | None = None) -> ImportResult:
    """The whole import as one plain call (a background task can run it): ``file`` is the workbook's bytes, a
    path or an open binary file. ``org``, when given, is where the import was started: the user must be able to
    write there. Raises ImportRejected (the full report) or ImportFailed; nothing is written then."""
    if org is not None:
        scope_for(user).require_path(org.path, write=True)
    if isinstance(file, bytes | bytearray):
        data = bytes(file)
    elif isinstance(file, str | Path):
        data = Path(file).read_bytes()
    else:
        data = file.read()
    with gc_paused():  # hundreds of thousands of cells, rows and model objects, none in a cycle
        return run_import(actor=user, data=data, on=on)


def _failure(sheet: str, columns: list[Column], row: int | None, exc: Exception, aliases: dict) -> ImportFailed:
    if isinstance(exc, DomainError):
        key = aliases.get(exc.field, exc.field)
        return ImportFailed(Issue(sheet, row, _header(columns, key), exc.message))
    return ImportFailed(Issue(sheet, row, None, "Dữ liệu trùng lặp hoặc không hợp lệ với cơ sở dữ liệu."))


# ---------------------------------------------------------------------------------------------------------
# Workbooks written for the user: the template and the annotated copy of a rejected file

BOLD = Font(bold=True)
RED_FILL = PatternFill("solid", fgColor="F8D7DA")
HEAD_FILL = PatternFill("solid", fgColor="EEF0F3")


def _allowed(col: Column, lists: dict) -> str:
    if col.kind == "choice":
        return "Chọn trong danh sách: " + "; ".join(label for _, label in lists[col.key]) + "."
    if col.kind == "date":
        return "Ngày dạng dd/mm/yyyy (ô kiểu ngày của Excel cũng được)."
    return ""


def template_xlsx() -> bytes:
    lists = choice_lists()
    wb = Workbook()
    guide = wb.active
    guide.title = GUIDE_SHEET
    sheets = {name: wb.create_sheet(name) for name in SHEETS}
    catalog = wb.create_sheet(LISTS_SHEET)
    catalog.sheet_state = "hidden"
    ranges = {}
    for i, (key, options) in enumerate(lists.items(), start=1):
        letter = get_column_letter(i)
        catalog.cell(1, i, next(c.header for cols in SHEETS.values() for c in cols if c.key == key))
        for j, (_, label) in enumerate(options, start=2):
            catalog.cell(j, i, label)
        ranges[key] = f"'{LISTS_SHEET}'!${letter}$2:${letter}${len(options) + 1}"
    for name, columns in SHEETS.items():
        ws = sheets[name]
        for i, col in enumerate(columns, start=1):
            cell = ws.cell(1, i, col.header)
            cell.font, cell.fill = BOLD, HEAD_FILL
            letter = get_column_letter(i)
            ws.column_dimensions[letter].width = max(14, min(40, len(col.header) + 6))
            span = f"{letter}2:{letter}{MAX_ROWS + 1}"
            if col.kind == "choice":
                dv = DataValidation(type="list", formula1=ranges[col.key], allow_blank=True, showErrorMessage=True,
                                    errorTitle="Giá trị không hợp lệ", error="Hãy chọn một giá trị trong danh sách.")
                dv.add(span)
                ws.add_data_validation(dv)
            if col.kind in ("date", "digits"):
                # Text cells keep what was typed: a date typed 02/09/1985 is not re-read as 9 February by an
                # English-locale Excel, and a CCCD keeps its leading zero.
                ws.column_dimensions[letter].number_format = "@"
        ws.freeze_panes = "A2"
    _write_guide(guide, lists)
    return workbook_bytes(wb)


def _write_guide(ws, lists: dict) -> None:
    intro = [
        "Nhập tổ chức đảng và đảng viên từ tệp Excel",
        "1. Trang “Tổ chức”: mỗi dòng một tổ chức mới; tổ chức cấp trên phải có sẵn trong hệ thống hoặc ở một dòng "
        "phía trên. Để trống trang này nếu chỉ nhập đảng viên.",
        "2. Trang “Đảng viên”: mỗi dòng một đảng viên; chi bộ là chi bộ có sẵn hoặc ở trang “Tổ chức”.",
        "3. Giữ nguyên dòng tiêu đề; dòng trống được bỏ qua. Ngày ghi dạng dd/mm/yyyy, ví dụ 02/09/1985.",
        "4. Hệ thống kiểm tra toàn bộ tệp trước và báo lỗi theo từng dòng, từng cột. Chỉ khi không còn lỗi mới "
        "nhập được, và nhập tất cả hoặc không nhập gì.",
        "5. Chỉ nhập được vào các tổ chức trong phạm vi được phân quyền.",
    ]
    for i, line in enumerate(intro, start=1):
        ws.cell(i, 1, line).font = Font(bold=i == 1, size=13 if i == 1 else 11)
    top = len(intro) + 2
    for j, title in enumerate(["Trang", "Cột", "Bắt buộc", "Giá trị hợp lệ, cách ghi", "Ví dụ"], start=1):
        cell = ws.cell(top, j, title)
        cell.font, cell.fill = BOLD, HEAD_FILL
    r = top + 1
    for name, columns in SHEETS.items():
        for col in columns:
            note = " ".join(p for p in (col.help, _allowed(col, lists)) if p)
            if col.max_length and col.kind != "digits":
                note = (note + f" Tối đa {col.max_length} ký tự.").strip()
            for j, value in enumerate([name, col.header, "Có" if col.required else "", note, col.example], start=1):
                ws.cell(r, j, value).alignment = Alignment(wrap_text=True, vertical="top")
            r += 1
    for letter, width in zip("ABCDE", (12, 30, 10, 90, 28), strict=True):
        ws.column_dimensions[letter].width = width


def report_xlsx(*, data: bytes, report: ImportReport) -> bytes:
    """The uploaded workbook with a “Lỗi” column on each sheet, the bad cells shaded, and a list of all issues."""
    try:
        wb = load_workbook(io.BytesIO(data))
    except Exception:  # noqa: BLE001 - an unreadable upload still gets its list of issues
        wb = Workbook()
        wb.remove(wb.active)
    by_row: dict[tuple[str, int], list[Issue]] = {}
    for issue in report.issues:
        by_row.setdefault((issue.sheet, issue.row or 1), []).append(issue)
    for name in wb.sheetnames:
        title = next((t for t in SHEETS if fold(t) == fold(name)), None)
        if title is None:
            continue
        ws = wb[name]
        headers = {fold(str(c.value)).rstrip(" *"): c.column for c in ws[1] if c.value not in (None, "")}
        col = headers.get(fold(ERROR_HEADER)) or ws.max_column + 1
        ws.cell(1, col, ERROR_HEADER).font = Font(bold=True, color="B00020")
        ws.column_dimensions[get_column_letter(col)].width = 80
        for row in range(2, ws.max_row + 1):
            ws.cell(row, col).value = None
        for (sheet, row), issues in by_row.items():
            if sheet != title:
                continue
            cell = ws.cell(row, col, "\n".join(i.text for i in issues))
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            for issue in issues:
                at = headers.get(fold(issue.column or ""))
                if at and row > 1:
                    ws.cell(row, at).fill = RED_FILL
    if SUMMARY_SHEET in wb.sheetnames:  # a report uploaded again
        wb.remove(wb[SUMMARY_SHEET])
    summary = wb.create_sheet(SUMMARY_SHEET, 0)
    summary.append(["Trang", "Dòng", "Cột", "Lỗi"])
    for cell in summary[1]:
        cell.font = BOLD
    for issue in report.issues:
        summary.append([issue.sheet, issue.row, issue.column, issue.message])
    for letter, width in zip("ABCD", (12, 8, 28, 100), strict=True):
        summary.column_dimensions[letter].width = width
    wb.active = 0
    return workbook_bytes(wb)


def declared_rows(data: bytes) -> int:
    """The data rows the file's sheets declare (their dimension, read without reading a cell): whether its check
    goes to the worker. A file that declares none, or cannot be opened, counts 0 and is checked on the page,
    which says what is wrong with it."""
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True)
    except Exception:  # noqa: BLE001 - the page's own check reports an unreadable file
        return 0
    try:
        titles = {fold(title) for title in SHEETS}
        return sum(max((wb[name].max_row or 1) - 1, 0) for name in wb.sheetnames if fold(name) in titles)
    finally:
        wb.close()


def report_summary(report: ImportReport) -> dict:
    """What the page shows of a report, as JSON kept with the upload (a check made by the worker)."""
    return {"issues": [asdict(i) for i in report.issues], "warnings": [asdict(i) for i in report.warnings],
            "org_rows": report.org_rows, "member_rows": report.member_rows, "at": dt.datetime.now(dt.UTC).isoformat()}


def report_from_summary(summary: dict) -> ImportReport:
    """The report the worker's check kept, for the page: its issues, warnings and counts (no rows: the commit
    checks the file again)."""
    return ImportReport(issues=[Issue(**i) for i in summary["issues"]],
                        warnings=[Issue(**i) for i in summary["warnings"]],
                        org_rows=summary["org_rows"], member_rows=summary["member_rows"])


@runner(CHECK_JOB)
def import_check_job(job, progress) -> str:
    """The check of a large upload, run by the worker: its report is kept with the upload for the import page."""
    token = job.params["token"]
    data, meta = load_stashed(job.user, token)
    report = validate(user=job.user, data=data, progress=progress)
    update_stashed(job.user, token, checked=report_summary(report), rows=report.member_rows + report.org_rows)
    found = "không có lỗi" if report.ok else f"có {format_int(len(report.issues))} lỗi"
    return (f"Đã kiểm tra tệp {meta.get('name', '')}: {format_int(report.org_rows)} dòng tổ chức, "
            f"{format_int(report.member_rows)} dòng đảng viên, {found}. Mở kết quả kiểm tra để xem và nhập dữ liệu.")


@runner(IMPORT_JOB)
def import_job(job, progress) -> str:
    """A confirmed import run by the worker: the file the user checked (``core.uploads``), all or nothing."""
    data, meta = load_stashed(job.user, job.params["token"])
    progress(0, 1, "Kiểm tra lại và ghi dữ liệu")
    result = run_import(actor=job.user, data=data)
    drop_stashed(job.params["token"])
    return (f"Đã nhập {format_int(result.orgs)} tổ chức và {format_int(result.members)} đảng viên từ tệp "
            f"{meta.get('name', '')}.")
