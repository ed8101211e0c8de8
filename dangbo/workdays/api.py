"""The working-day calendar over JSON, read-only for any signed-in user (the state calendar holds nothing
personal): the last day of a deadline in working days, and a year's weekdays off and make-up Saturdays."""

import datetime as dt
from typing import Literal

from ninja import Field, Query, Router, Schema

from dangbo.core.api import ERRORS
from dangbo.core.exceptions import DomainError
from dangbo.workdays import selectors
from dangbo.workdays.rules import WORKING_DAYS

router = Router(tags=["Ngày làm việc"])
FIRST_YEAR, LAST_YEAR = 1945, 2100


class DeadlineQuery(Schema):
    start: dt.date = Field(description="ngày xảy ra sự việc (không tính)")
    days: int = Field(ge=1, le=2000, description="số ngày làm việc")


class DeadlineOut(Schema):
    start: dt.date
    days: int
    last_day: dt.date = Field(description="ngày cuối của thời hạn")
    citation: str


class DayOut(Schema):
    day: dt.date
    name: str = Field(description="tên ngày lễ, tết (nghỉ) hoặc ngày làm bù")
    kind: Literal["nghỉ", "làm bù"]


class WorkdayYearOut(Schema):
    year: int
    days: list[DayOut] = Field(description="các ngày thường được nghỉ và các ngày thứ Bảy, Chủ nhật làm bù")
    citation: str


# /workdays/deadline before /workdays/{year}: an int year never matches it anyway
@router.get("/workdays/deadline", response={200: DeadlineOut, **ERRORS},
            summary="Hạn cuối của một thời hạn tính theo ngày làm việc (trừ thứ Bảy, Chủ nhật, lễ, tết)")
def workdays_deadline(request, query: Query[DeadlineQuery]):
    return {"start": query.start, "days": query.days, "last_day": selectors.deadline(query.start, query.days),
            "citation": WORKING_DAYS}


@router.get("/workdays/{year}", response={200: WorkdayYearOut, **ERRORS},
            summary="Các ngày nghỉ lễ, tết và ngày làm bù trong năm")
def workdays_year(request, year: int):
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise DomainError(f"Năm phải từ {FIRST_YEAR} đến {LAST_YEAR}.", field="year")
    return {"year": year, "days": [{"day": d, "name": n, "kind": k} for d, n, k in selectors.days_off(year)],
            "citation": WORKING_DAYS}
