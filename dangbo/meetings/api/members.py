"""The cell's work with each member over JSON (Hướng dẫn 38-HD/BTCTW): tasks the cell assigns and their result,
the yearly commitment and personal plan, and the contact with the party cell where the member lives."""

import datetime as dt

from ninja import Field, Router, Schema, Status

from dangbo.core.api import ERRORS, In, require_write
from dangbo.meetings import selectors, services
from dangbo.meetings.api.common import member_of, org_of
from dangbo.meetings.choices import PaperKind
from dangbo.meetings.selectors.work import task_get

router = Router(tags=["Sinh hoạt chi bộ: phân công, cam kết, nơi cư trú"])


class MeetingTaskOut(Schema):
    id: int
    member_id: int
    org_id: int = Field(description="chi bộ phân công")
    assigned_on: dt.date
    title: str
    due_on: dt.date | None
    result: str
    done_on: dt.date | None


class MeetingTaskIn(In):
    title: str = Field(max_length=255)
    assigned_on: dt.date
    due_on: dt.date | None = None


class TaskResultIn(In):
    result: str
    done_on: dt.date | None = None


class PaperOut(Schema):
    id: int
    member_id: int
    org_id: int
    year: int
    kind: PaperKind
    kind_name: str
    signed_on: dt.date
    content: str

    @staticmethod
    def resolve_kind_name(obj):
        return obj.get_kind_display()


class PaperIn(In):
    year: int = Field(ge=2000, le=2100)
    kind: PaperKind
    signed_on: dt.date
    content: str = ""


class LiaisonOut(Schema):
    id: int
    member_id: int
    org_id: int = Field(description="chi bộ nơi công tác")
    year: int
    residence_cell_id: int | None
    residence_cell_name: str = Field(description="chi bộ nơi cư trú (trong hệ thống: tên của nó)")
    introduced_on: dt.date | None
    confirmed_on: dt.date | None
    comment: str

    @staticmethod
    def resolve_residence_cell_name(obj):
        return obj.residence_cell.name if obj.residence_cell_id else obj.residence_cell_name


class LiaisonIn(In):
    year: int = Field(ge=2000, le=2100)
    residence_cell_id: int | None = Field(None, description="chi bộ nơi cư trú trong phạm vi của bạn")
    residence_cell_name: str = Field("", max_length=200, description="hoặc tên chi bộ nơi cư trú (ngoài phạm vi)")
    introduced_on: dt.date | None = None
    confirmed_on: dt.date | None = None
    comment: str = ""


@router.get("/members/{member_id}/tasks", response={200: list[MeetingTaskOut], **ERRORS},
            summary="Nhiệm vụ chi bộ phân công cho đảng viên (mới nhất trước)")
def task_list(request, member_id: int):
    return list(selectors.tasks_of(user=request.auth, member=member_of(request.auth, member_id)))


@router.post("/members/{member_id}/tasks", response={201: MeetingTaskOut, **ERRORS},
             summary="Chi bộ phân công nhiệm vụ cho đảng viên")
def task_assign(request, member_id: int, payload: MeetingTaskIn):
    member = member_of(request.auth, member_id, write=True)
    return Status(201, services.task_assign(actor=request.auth, member=member, **payload.model_dump()))


@router.post("/member-tasks/{task_id}/result", response={200: MeetingTaskOut, **ERRORS},
             summary="Ghi kết quả thực hiện nhiệm vụ được phân công")
def task_result(request, task_id: int, payload: TaskResultIn):
    user = request.auth
    task = task_get(user=user, pk=task_id)
    require_write(user, task.org.path)  # seen but not writable: 403, as every write of the API
    return services.task_result(actor=user, task=task, result=payload.result, done_on=payload.done_on)


@router.get("/members/{member_id}/papers", response={200: list[PaperOut], **ERRORS},
            summary="Bản cam kết và kế hoạch cá nhân hằng năm của đảng viên")
def paper_list(request, member_id: int):
    return list(selectors.papers_of(user=request.auth, member=member_of(request.auth, member_id)))


@router.post("/members/{member_id}/papers", response={201: PaperOut, **ERRORS},
             summary="Ghi bản cam kết hoặc kế hoạch cá nhân năm (ghi lại: thay bản đã có)")
def paper_record(request, member_id: int, payload: PaperIn):
    member = member_of(request.auth, member_id, write=True)
    return Status(201, services.paper_record(actor=request.auth, member=member, **payload.model_dump()))


@router.get("/members/{member_id}/liaisons", response={200: list[LiaisonOut], **ERRORS},
            summary="Giữ mối liên hệ với chi bộ nơi cư trú, theo năm")
def liaison_list(request, member_id: int):
    return list(selectors.liaisons_of(user=request.auth, member=member_of(request.auth, member_id)))


@router.post("/members/{member_id}/liaisons", response={201: LiaisonOut, **ERRORS},
             summary="Ghi giới thiệu về nơi cư trú và nhận xét của chi ủy nơi cư trú (ghi lại: thay năm đó)")
def liaison_record(request, member_id: int, payload: LiaisonIn):
    user = request.auth
    member = member_of(user, member_id, write=True)
    data = payload.model_dump(exclude={"residence_cell_id"})
    residence = None
    if payload.residence_cell_id is not None:
        residence = org_of(user, payload.residence_cell_id, "residence_cell_id")
    return Status(201, services.liaison_record(actor=user, member=member, residence_cell=residence, **data))
