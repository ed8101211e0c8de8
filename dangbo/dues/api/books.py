"""The dues books as JSON (FORMS.md §4): S01/ĐP of a cell, S02/ĐP of a level above it, B01/ĐP by quarter or year,
the same figures as their XLSX, with the invariant checks that failed (``problems``); and the arrears of an org's
subtree (RULES D3) with who is to be considered for striking off."""

import datetime as dt

from ninja import Field, Query, Router, Schema

from dangbo.core.api import ERRORS, Id
from dangbo.core.dates import today
from dangbo.core.exceptions import DomainError
from dangbo.dues import book_selectors, books
from dangbo.orgs.api import org_in_scope

router = Router(tags=["Đảng phí"])
P = "/dues/orgs/{org_id}"


class YearQuery(Schema):
    year: int = Field(ge=2011, le=2100, description="năm của sổ")


class ReportQuery(YearQuery):
    quarter: int | None = Field(None, ge=1, le=4, description="quý 1–4; bỏ trống: cả năm")


class TotalsOut(Schema):
    label: str = Field(description="tháng, quý hoặc năm")
    members: int | None = Field(description="số đảng viên cuối kỳ (S01)")
    exempt: int | None = Field(description="số được miễn (S01)")
    unpaid: int | None = Field(description="số chưa đóng đủ (S01)")
    collected: int = Field(description="tổng số thu (đồng)")
    kept: int = Field(description="trích giữ lại")
    to_send: int = Field(description="phải nộp cấp trên")
    sent: int = Field(description="đã nộp")
    not_sent: int = Field(description="chưa nộp")
    received: int = Field(description="nhận của cấp dưới (S02)")


class MemberMonthOut(Schema):
    month: dt.date
    exempt: bool
    basis: int | None
    due: int
    arrears: int = Field(description="nợ các tháng trước trong năm")
    total: int
    paid: int
    unpaid: int = Field(description="âm: đóng trước")
    known: bool = Field(description="false: chưa tính được mức phải đóng")


class MemberLinesOut(Schema):
    name: str
    months: list[MemberMonthOut]


class S01Out(Schema):
    org_id: int
    org_name: str
    year: int
    members: list[MemberLinesOut] = Field(description="phần I")
    part_two: list[TotalsOut] = Field(description="phần II: 12 tháng, mỗi quý sau tháng thứ ba của quý, rồi cả năm")
    problems: list[str] = Field(description="các đẳng thức của sổ bị sai (rỗng: sổ cân)")


class ChildOut(Schema):
    name: str
    months: list[TotalsOut]
    total: TotalsOut


class S02Out(Schema):
    org_id: int
    org_name: str
    year: int
    children: list[ChildOut]
    part_two: list[TotalsOut]
    problems: list[str]


class B01Out(Schema):
    org_id: int
    org_name: str
    period: str
    rows: list[TotalsOut]
    problems: list[str] = Field(description="các đẳng thức của sổ gốc bị sai")


class UnpaidOut(Schema):
    month: dt.date
    amount: int


class ArrearOut(Schema):
    member_id: int
    member_name: str
    org_id: int = Field(description="chi bộ của tháng nợ gần nhất")
    org_name: str
    unpaid: list[UnpaidOut]
    total: int
    without_reason: list[dt.date] = Field(description="các tháng nợ không có quyết định miễn, giảm, chậm đóng")
    to_consider: bool = Field(description="nợ từ 3 tháng trong năm không có lý do: chi bộ xem xét (RULES D3)")


class ArrearsOut(Schema):
    org_id: int
    year: int
    until: dt.date = Field(description="tính đến tháng")
    to_consider: int = Field(description="số đảng viên phải xem xét")
    rows: list[ArrearOut]


def _book(user, org, year: int, want_cell: bool | None = None):
    if want_cell is not None and org.type.is_cell != want_cell:
        other = "S02/ĐP (cấp trên chi bộ)" if want_cell else "S01/ĐP (chi bộ)"
        raise DomainError(f"{org.name} dùng sổ {other}.", field="org_id")
    if org.type.is_cell:
        return book_selectors.s01(user=user, org=org, year=year)
    return book_selectors.s02(user=user, org=org, year=year)


@router.get(f"{P}/s01", response={200: S01Out, **ERRORS}, summary="Sổ thu, nộp đảng phí của chi bộ (S01/ĐP)")
def s01(request, org_id: Id, filters: Query[YearQuery]):
    org = org_in_scope(request.auth, org_id, "org_id")
    book = _book(request.auth, org, filters.year, want_cell=True)
    return {"org_id": org.pk, "org_name": book.org_name, "year": book.year, "part_two": book.part_two(),
            "members": [{"name": name, "months": lines} for name, lines in book.members], "problems": book.problems}


@router.get(f"{P}/s02", response={200: S02Out, **ERRORS},
            summary="Sổ thu, nộp đảng phí của cấp trên chi bộ (S02/ĐP)")
def s02(request, org_id: Id, filters: Query[YearQuery]):
    org = org_in_scope(request.auth, org_id, "org_id")
    book = _book(request.auth, org, filters.year, want_cell=False)
    return {"org_id": org.pk, "org_name": book.level_name, "year": book.year, "part_two": book.part_two(),
            "children": [{"name": n, "months": m, "total": t} for n, m, t in book.children],
            "problems": book.problems}


@router.get(f"{P}/b01", response={200: B01Out, **ERRORS},
            summary="Báo cáo thu, nộp đảng phí lên cấp trên (B01/ĐP) của một quý hoặc cả năm")
def b01(request, org_id: Id, filters: Query[ReportQuery]):
    org = org_in_scope(request.auth, org_id, "org_id")
    book = _book(request.auth, org, filters.year)
    period = f"quý {filters.quarter}/{filters.year}" if filters.quarter else f"năm {filters.year}"
    return {"org_id": org.pk, "org_name": org.name, "period": period,
            "rows": books.b01(book.part_two(), filters.quarter), "problems": book.problems}


@router.get(f"{P}/arrears", response={200: ArrearsOut, **ERRORS},
            summary="Đảng viên nợ đảng phí trong năm ở cây tổ chức, người phải xem xét trước")
def arrears(request, org_id: Id, filters: Query[YearQuery]):
    org = org_in_scope(request.auth, org_id, "org_id")
    until = book_selectors.arrears_until(filters.year, today())
    found = book_selectors.arrears(user=request.auth, org=org, year=filters.year, until=until)
    rows = [{"member_id": a.member.pk, "member_name": a.member.full_name, "org_id": a.org.pk, "org_name": a.org.name,
             "unpaid": [{"month": m, "amount": n} for m, n in a.unpaid], "total": a.total,
             "without_reason": a.without_reason, "to_consider": a.to_consider} for a in found]
    return {"org_id": org.pk, "year": filters.year, "until": until, "to_consider": sum(a.to_consider for a in found),
            "rows": rows}
