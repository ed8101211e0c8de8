"""Reward candidates (R8): members and orgs rated HTXSNV N years running up to a year (“5 năm liền”).

One query reads every excellent rating, up to the year, of the subjects rated excellent that year in the
subtree and the user's scope; the run itself is counted by the pure ``rules.streak``.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from openpyxl import Workbook
from openpyxl.styles import Font

from dangbo.accounts.scope import scope_for
from dangbo.core.xlsx import workbook_bytes
from dangbo.orgs.models import Org
from dangbo.orgs.selectors import subtree_ids
from dangbo.reviews import rules
from dangbo.reviews.choices import Level, Subject
from dangbo.reviews.models import Assessment

DEFAULT_YEARS = 5
MAX_YEARS = 30


@dataclass(frozen=True)
class StreakRow:
    subject: str
    subject_id: int  # the member's or the org's id
    name: str
    unit_name: str  # the member's cell in the last year of the run; empty for an org
    length: int  # the whole run, which may be longer than asked
    first_year: int
    last_year: int

    @property
    def years(self) -> list[int]:
        return list(range(self.first_year, self.last_year + 1))

    @property
    def years_text(self) -> str:
        return ", ".join(str(y) for y in self.years)

    @property
    def subject_label(self) -> str:
        return Subject(self.subject).label


def _scoped(user) -> Q:
    scope = scope_for(user)
    q = scope.org_q(field="org__path")
    if not scope.is_admin and scope.own_member_ids:
        q |= Q(member_id__in=scope.own_member_ids)
    return q


def streaks(*, user, year: int, years: int = DEFAULT_YEARS, org: Org | None = None,
            level: str = Level.EXCELLENT) -> list[StreakRow]:
    """Who reached ``level`` every year from ``year - years + 1`` to ``year``: members (name order) then orgs
    (tree order), longest runs first. ``org`` limits to its subtree as it is rated in ``year``."""
    latest = Assessment.objects.filter(_scoped(user), year=year, final_level=level)
    if org is not None:
        latest = latest.filter(org_id__in=subtree_ids(org))
    rows = (Assessment.objects.filter(final_level=level, year__lte=year)
            .filter(Q(member_id__in=latest.filter(subject=Subject.MEMBER).values("member_id"))
                    | Q(subject_org_id__in=latest.filter(subject=Subject.ORG).values("subject_org_id")))
            .values_list("subject", "member_id", "subject_org_id", "year", "member__full_name", "member__sort_key",
                         "subject_org__name", "subject_org__path", "org__name"))
    by_subject: dict[tuple[str, int], dict] = {}
    for subject, member_id, org_id, y, full_name, sort_key, org_name, org_path, unit_name in rows:
        key = (subject, member_id or org_id)
        entry = by_subject.setdefault(key, {"years": {}, "name": full_name or org_name,
                                            "sort": sort_key or org_path or "", "unit": ""})
        entry["years"][y] = level
        if y == year and subject == Subject.MEMBER:
            entry["unit"] = unit_name
    out = []
    for (subject, pk), entry in by_subject.items():
        length = rules.streak(entry["years"], up_to=year, level=level)
        if length >= years:
            out.append((entry["sort"], StreakRow(subject, pk, entry["name"], entry["unit"], length,
                                                 year - length + 1, year)))
    out.sort(key=lambda pair: (pair[1].subject != Subject.MEMBER, -pair[1].length, pair[0], pair[1].subject_id))
    return [row for _, row in out]


def streaks_xlsx(rows: list[StreakRow], *, year: int, years: int, scope_name: str) -> bytes:
    """The reward candidates as a worksheet (pure: rows in, bytes out)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Xuất sắc liên tục"
    ws.append([f"Đảng viên, tổ chức đảng hoàn thành xuất sắc nhiệm vụ {years} năm liền đến năm {year} — "
               f"{scope_name}"])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append([])
    headers = ["STT", "Đối tượng", "Họ và tên / Tên tổ chức", "Chi bộ", "Số năm liên tục", "Từ năm", "Đến năm",
               "Các năm"]
    ws.append(headers)
    for cell in ws[3]:
        cell.font = Font(bold=True)
    for i, row in enumerate(rows, start=1):
        ws.append([i, row.subject_label, row.name, row.unit_name, row.length, row.first_year, row.last_year,
                   row.years_text])
    for letter, width in zip("ABCDEFGH", (6, 14, 36, 32, 14, 9, 9, 40), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A4"
    return workbook_bytes(wb)


def default_year(on: dt.date) -> int:
    """The last review that can be complete: last year's, until the new year's review is done."""
    return on.year - 1
