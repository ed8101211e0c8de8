"""What the committees above a cell configure, over JSON: the meeting schedule (G1) each committee sets for the
cells under it, the rule and window in force for a cell, and the province's scoring sheet (G3)."""

import datetime as dt
from typing import Literal

from ninja import Field, Query, Router, Schema, Status

from dangbo.core.api import ERRORS, In
from dangbo.core.dates import today
from dangbo.meetings import selectors, services
from dangbo.meetings.api.common import cell_of, org_of
from dangbo.meetings.choices import MeetingKind, ScheduleKind
from dangbo.meetings.selectors import api as selectors_api

router = Router(tags=["Sinh hoạt chi bộ: lịch, phiếu chấm điểm"])


class ScheduleOut(Schema):
    id: int
    org_id: int = Field(description="cấp ủy ban hành")
    org_name: str
    kind: ScheduleKind
    start_day: int = Field(description="ngày (số âm: đếm từ cuối tháng, -7 = tuần cuối)")
    end_day: int | None
    ends_next_month: bool
    valid_from: dt.date
    valid_to: dt.date | None
    decision_ref: str
    note: str
    text: str = Field(description="lịch viết bằng lời, vd “tuần cuối hằng tháng, chậm nhất ngày 10 tháng sau”")

    @staticmethod
    def resolve_org_name(obj):
        return obj.org.name

    @staticmethod
    def resolve_text(obj):
        return str(obj)


class WindowOut(Schema):
    org_id: int
    month: dt.date = Field(description="kỳ tháng")
    rule: ScheduleOut | None = Field(description="lịch của cấp ủy gần nhất (ở chi bộ hoặc cấp trên) đang áp dụng")
    window_start: dt.date
    window_end: dt.date
    text: str


class ScheduleIn(In):
    org_id: int = Field(description="cấp ủy quy định lịch cho các chi bộ trực thuộc")
    kind: ScheduleKind
    start_day: int = Field(description="ngày cố định, hoặc ngày bắt đầu (số âm: đếm từ cuối tháng)")
    end_day: int | None = Field(None, description="khoảng thời gian: chậm nhất ngày")
    ends_next_month: bool = Field(False, description="hạn cuối sang tháng sau")
    valid_from: dt.date
    decision_ref: str = Field("", max_length=120)
    note: str = Field("", max_length=255)


class CriterionIn(In):
    code: str = Field(max_length=40)
    name: str = Field(max_length=255)
    points: float = Field(gt=0)
    must_full: bool = Field(False, description="phải đạt điểm tối đa mới xếp Tốt")


class SheetOut(Schema):
    id: int
    org_id: int
    name: str
    kind: MeetingKind
    decision_ref: str
    criteria: list[dict]
    good_from: int
    fair_from: int
    average_from: int
    bottom_label: str
    valid_from: dt.date
    valid_to: dt.date | None


class SheetInForceOut(Schema):
    org_id: int
    kind: MeetingKind
    on: dt.date
    sheet: SheetOut | None = Field(description="phiếu của cấp gần nhất ở trên chi bộ đang áp dụng")


class SheetIn(In):
    org_id: int = Field(description="cấp ban hành (tỉnh ủy, đảng ủy khối)")
    name: str = Field(max_length=200)
    kind: MeetingKind = MeetingKind.REGULAR
    criteria: list[CriterionIn]
    good_from: int = Field(90, ge=0)
    fair_from: int = Field(70, ge=0)
    average_from: int = Field(50, ge=0)
    bottom_label: Literal["Kém", "Yếu"] = "Kém"
    valid_from: dt.date
    decision_ref: str = Field("", max_length=120)


@router.get("/meetings/schedules", response={200: list[ScheduleOut], **ERRORS},
            summary="Lịch sinh hoạt một cấp ủy đã quy định (mới nhất trước)")
def schedule_list(request, org: int):
    return list(selectors_api.schedules_of(org=org_of(request.auth, org, "org")))


@router.get("/meetings/schedules/in-force", response={200: WindowOut, **ERRORS},
            summary="Lịch đang áp dụng cho một chi bộ và thời gian họp của kỳ tháng chứa ngày `on`")
def schedule_in_force(request, org: int, on: dt.date | None = None):
    cell = cell_of(request.auth, org, "org")
    month = (on or today()).replace(day=1)
    start, end, rule = selectors.window_of(org=cell, month_first=month)
    text = str(rule) if rule else "chưa có lịch: cả tháng"
    return {"org_id": cell.pk, "month": month, "rule": rule, "window_start": start, "window_end": end, "text": text}


@router.post("/meetings/schedules", response={201: ScheduleOut, **ERRORS},
             summary="Cấp ủy quy định lịch sinh hoạt cho các chi bộ trực thuộc (lịch cũ kết thúc ngày đó)")
def schedule_set(request, payload: ScheduleIn):
    org = org_of(request.auth, payload.org_id, "org_id")
    rule = services.schedule_set(actor=request.auth, org=org, **payload.model_dump(exclude={"org_id"}))
    return Status(201, rule)


class SheetFilters(Schema):
    org: int = Field(description="chi bộ (hoặc tổ chức) cần phiếu")
    kind: MeetingKind = MeetingKind.REGULAR
    on: dt.date | None = None


@router.get("/meetings/sheets/in-force", response={200: SheetInForceOut, **ERRORS},
            summary="Phiếu chấm điểm chất lượng sinh hoạt đang áp dụng cho một chi bộ (G3)")
def sheet_in_force(request, filters: Query[SheetFilters]):
    org = cell_of(request.auth, filters.org, "org")
    on = filters.on or today()
    return {"org_id": org.pk, "kind": filters.kind, "on": on,
            "sheet": selectors.sheet_on(org=org, kind=filters.kind, on=on)}


@router.post("/meetings/sheets", response={201: SheetOut, **ERRORS},
             summary="Cấp tỉnh (đảng ủy khối) ban hành phiếu chấm điểm (phiếu cũ cùng loại kết thúc ngày đó)")
def sheet_save(request, payload: SheetIn):
    org = org_of(request.auth, payload.org_id, "org_id")
    data = payload.model_dump(exclude={"org_id"})
    criteria = [{**c, "points": int(c["points"]) if float(c["points"]).is_integer() else c["points"]}
                for c in data.pop("criteria")]
    sheet = services.sheet_save(actor=request.auth, org=org, criteria=criteria, **data)
    return Status(201, sheet)
