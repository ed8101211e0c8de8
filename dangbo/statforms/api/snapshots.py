"""Finalised statistics forms over JSON (issue 10, Deliver 5), mounted at /api/ by ``dangbo.api``: finalise a form
of an org for a period (the org's committee only: 403 otherwise; 400 naming the rows while a check fails), the
snapshots of an org for a period, the finalisation status of its children (the tree of the period's end), and a
snapshot compared with the figures computed now with the events recorded since. Outside the scope: 404."""

import datetime as dt

from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from dangbo.core.api import ERRORS, In, Page
from dangbo.orgs.api import org_in_scope
from dangbo.statforms import services, snapshots

router = Router(tags=["Biểu mẫu thống kê: chốt số liệu"])


# --- output --------------------------------------------------------------------------------------------------------

class SnapshotOut(Schema):
    id: int
    org_id: int
    org_name: str
    form: str = Field(description="mã biểu")
    number: str = Field(description="Biểu số N-BTCTW")
    guidance: str = Field(description="hướng dẫn áp dụng khi chốt")
    period_kind: str = Field(description="half: 6 tháng đầu năm; year: năm; range: khoảng thời gian")
    start: dt.date
    end: dt.date
    period_label: str
    figures: dict[str, int] = Field(description="số liệu kỳ này theo mã ô (dòng, hoặc dòng:cột)")
    labels: dict[str, str] = Field(description="tên mỗi ô khi chốt")
    finalised_by: str = Field(description="người chốt")
    finalised_at: dt.datetime
    supersedes_id: int | None = Field(description="lần chốt trước mà lần này thay thế")

    @staticmethod
    def resolve_org_name(obj):
        return obj.org.name

    @staticmethod
    def resolve_finalised_by(obj):
        return snapshots.finaliser_name(obj)


class FormStatusOut(Schema):
    form: str
    number: str
    snapshot_id: int | None = Field(description="lần chốt đang có hiệu lực; null: chưa chốt")
    finalised_by: str
    finalised_at: dt.datetime | None


class ChildStatusOut(Schema):
    org_id: int
    name: str = Field(description="tên vào ngày cuối kỳ")
    complete: bool = Field(description="đã chốt đủ các biểu của hướng dẫn")
    forms: list[FormStatusOut]


class ChangeOut(Schema):
    key: str
    label: str
    frozen: int | None = Field(description="số đã chốt (null: ô chưa có khi chốt)")
    now: int | None = Field(description="số tính hiện nay (null: ô không còn trên biểu)")


class SnapshotEventOut(Schema):
    id: int
    member_id: int
    member_name: str
    kind: str
    kind_name: str
    date: dt.date
    org_id: int | None
    created_at: dt.datetime


class CompareOut(Schema):
    snapshot: SnapshotOut
    changes: list[ChangeOut] = Field(description="các ô có số liệu hiện nay khác số đã chốt")
    events: list[SnapshotEventOut] = Field(description="sự kiện ghi sau khi chốt, ngày trong kỳ (tối đa 200)")
    events_count: int


# --- input ---------------------------------------------------------------------------------------------------------

class FinaliseIn(In):
    org: int = Field(description="tổ chức báo cáo")
    form: str = Field(description="mã biểu (\"1\": Biểu số 1-BTCTW)")
    start: dt.date
    end: dt.date


class SnapshotPeriodFilters(Schema):
    org: int
    start: dt.date
    end: dt.date


class SnapshotFilters(SnapshotPeriodFilters):
    form: str | None = Field(None, description="chỉ một biểu")


EVENTS = 200


def _status(c) -> dict:
    return {"org_id": c.org_id, "name": c.name, "complete": c.complete, "forms": [
        {"form": f.code, "number": f.number, "snapshot_id": f.snapshot.pk if f.snapshot else None,
         "finalised_by": snapshots.finaliser_name(f.snapshot) if f.snapshot else "",
         "finalised_at": f.snapshot.finalised_at if f.snapshot else None} for f in c.forms]}


# --- endpoints -----------------------------------------------------------------------------------------------------

@router.post("/statforms/snapshots", response={201: SnapshotOut, **ERRORS},
             summary="Chốt số liệu một biểu của một tổ chức cho một kỳ (cấp ủy của tổ chức); chốt lại: lần mới thay "
                     "lần trước, cả hai được giữ")
def finalise(request, payload: FinaliseIn):
    user = request.auth
    org = org_in_scope(user, payload.org, "org")
    period = snapshots.period_between(payload.start, payload.end)
    return Status(201, services.form_finalise(actor=user, org=org, code=payload.form, period=period))


@router.get("/statforms/snapshots", response={200: list[SnapshotOut], **ERRORS},
            summary="Các lần chốt số liệu của một tổ chức cho đúng một kỳ, lần mới nhất trước")
@paginate(Page)
def snapshot_list(request, filters: Query[SnapshotFilters]):
    user = request.auth
    org = org_in_scope(user, filters.org, "org")
    period = snapshots.period_between(filters.start, filters.end)
    return snapshots.snapshots_of(user=user, org=org, period=period, code=filters.form).select_related("org")


@router.get("/statforms/snapshots/children", response={200: list[ChildStatusOut], **ERRORS},
            summary="Các tổ chức trực thuộc (theo cây tổ chức ngày cuối kỳ) đã chốt những biểu nào, ai chốt, khi nào")
@paginate(Page)
def children_status(request, filters: Query[SnapshotPeriodFilters]):
    user = request.auth
    org = org_in_scope(user, filters.org, "org")
    period = snapshots.period_between(filters.start, filters.end)
    return [_status(c) for c in snapshots.children_status(user=user, org=org, period=period)]


@router.get("/statforms/snapshots/{snapshot_id}/compare", response={200: CompareOut, **ERRORS},
            summary="Đối chiếu số liệu đã chốt với số liệu tính hiện nay; các sự kiện ghi sau khi chốt")
def compare(request, snapshot_id: int):
    user = request.auth
    found = snapshots.compare(user=user, snapshot=snapshots.snapshot_get(user=user, pk=snapshot_id))
    events = [{"id": e.pk, "member_id": e.member_id, "member_name": e.member.full_name, "kind": e.kind,
               "kind_name": e.get_kind_display(), "date": e.date, "org_id": e.org_id, "created_at": e.created_at}
              for e in found.events[:EVENTS]]
    return {"snapshot": found.snapshot, "changes": [vars(c) for c in found.changes], "events": events,
            "events_count": found.events.count()}
