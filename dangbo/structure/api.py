"""The API of the restructurings that move members too (giải thể, sáp nhập / hợp nhất, chia tách), on the same
paths as the other org actions; thin over ``structure.services``."""

import datetime as dt

from ninja import Field, Router

from dangbo.core.api import ERRORS, In
from dangbo.orgs.api import OrgOut, org_kind, org_type, writable
from dangbo.structure import services as structure_services

router = Router(tags=["Tổ chức đảng"])


class DissolveIn(In):
    on: dt.date
    reason: str = ""
    decision_ref: str = Field("", max_length=80)


class MergeIn(In):
    """Sáp nhập (``into_id``: an existing org receives) or hợp nhất (a new org ``name``/``type``)."""

    on: dt.date
    other_source_ids: list[int] = Field(default_factory=list, description="các tổ chức khác cùng kết thúc")
    into_id: int | None = Field(None, description="tổ chức nhận (sáp nhập)")
    name: str = Field("", max_length=255, description="tên tổ chức mới (hợp nhất)")
    type: str | None = Field(None, description="mã loại tổ chức mới (hợp nhất)")
    kind: str | None = None
    parent_id: int | None = Field(None, description="cấp trên của tổ chức mới; mặc định là cấp trên hiện tại")
    decision_ref: str = Field("", max_length=80)


class SplitPartIn(In):
    name: str = Field(max_length=255)
    type: str
    kind: str | None = None
    member_ids: list[int] = Field(default_factory=list, description="đảng viên chuyển về phần này")
    child_ids: list[int] = Field(default_factory=list, description="tổ chức trực thuộc chuyển về phần này")


class SplitIn(In):
    on: dt.date
    parts: list[SplitPartIn]
    parent_id: int | None = None
    decision_ref: str = Field("", max_length=80)


@router.post("/orgs/{org_id}/dissolve", response={200: OrgOut, **ERRORS}, summary="Giải thể")
def org_dissolve(request, org_id: int, payload: DissolveIn):
    org = writable(request.auth, org_id)
    return structure_services.org_dissolve(actor=request.auth, org=org, on=payload.on, reason=payload.reason,
                                           decision_ref=payload.decision_ref)


@router.post("/orgs/{org_id}/merge", response={200: OrgOut, **ERRORS},
             summary="Sáp nhập hoặc hợp nhất; trả về tổ chức kế thừa")
def org_merge(request, org_id: int, payload: MergeIn):
    user = request.auth
    sources = [writable(user, org_id)]
    sources += [writable(user, pk, "other_source_ids") for pk in payload.other_source_ids]
    into = writable(user, payload.into_id, "into_id") if payload.into_id is not None else None
    parent = writable(user, payload.parent_id, "parent_id") if payload.parent_id is not None else None
    new_type = org_type(payload.type) if payload.type and into is None else None
    return structure_services.org_merge(actor=user, sources=sources, on=payload.on, into=into, name=payload.name,
                                        type=new_type, kind=org_kind(payload.kind), parent=parent,
                                        decision_ref=payload.decision_ref)


@router.post("/orgs/{org_id}/split", response={200: list[OrgOut], **ERRORS},
             summary="Chia tách; trả về các tổ chức mới")
def org_split(request, org_id: int, payload: SplitIn):
    user = request.auth
    source = writable(user, org_id)
    parent = writable(user, payload.parent_id, "parent_id") if payload.parent_id is not None else None
    parts = [{"name": p.name, "type": org_type(p.type, f"parts.{i}.type"),
              "kind": org_kind(p.kind, f"parts.{i}.kind"), "member_ids": p.member_ids, "child_ids": p.child_ids}
             for i, p in enumerate(payload.parts)]
    return structure_services.org_split(actor=user, source=source, on=payload.on, parts=parts, parent=parent,
                                        decision_ref=payload.decision_ref)
