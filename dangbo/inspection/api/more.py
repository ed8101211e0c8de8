"""The inspection endpoints added after the first API (issue 14, wave 3): a denunciation withdrawn by its
denouncer (K5), an official named on a case or a denunciation (``services.access_grant``: only the inspection
commission over the record names people, and the denouncer's identity only on a letter), one discipline
complaint (K9; their list is in ``discipline``, on the path its POST already holds). Confidential like the rest: read through ``inspection.selectors``
(each read logged), outside the scope 404 naming the field, a named reader who may not write 403."""

import datetime as dt

from ninja import Field, Router, Schema, Status

from dangbo.accounts.scope import scope_for
from dangbo.core.api import ERRORS, Forbidden, Id, In
from dangbo.core.exceptions import DomainError
from dangbo.inspection import services
from dangbo.inspection.api.common import (
    CONFIDENTIAL_WRITE,
    TAG,
    P,
    case_in_scope,
    complaint_in_scope,
    letter_in_scope,
    writing,
)
from dangbo.inspection.api.discipline import ComplaintOut
from dangbo.inspection.api.letters import DenunciationOut, read_again
from dangbo.inspection.selectors import letters as selectors_letters

router = Router(tags=[TAG])


class WithdrawIn(In):
    withdrawn_on: dt.date = Field(description="ngày người tố cáo rút đơn")
    forced: bool = Field(False, description="rút đơn do bị ép buộc (K5: vẫn phải tiếp tục giải quyết)")


class AccessIn(In):
    username: str = Field(min_length=1, max_length=150, description="tên đăng nhập của người được phân công")


class LetterAccessIn(AccessIn):
    may_see_denouncer: bool = Field(False, description="được biết người tố cáo (người phải liên hệ người tố cáo)")


class AccessOut(Schema):
    id: int
    user_id: int
    username: str
    case_id: int | None
    denunciation_id: int | None
    may_see_denouncer: bool
    granted_by: str | None = Field(description="người phân công")

    @staticmethod
    def resolve_username(obj):
        return obj.user.get_username()

    @staticmethod
    def resolve_granted_by(obj):
        return obj.granted_by.get_username() if obj.granted_by_id else None


def _naming(user, org, field: str):
    """Only the inspection commission over the record names people: a named reader gets 403 (before the login
    name is looked at, so nothing about users is learnt)."""
    if not scope_for(user).covers_inspection(org.path):
        raise Forbidden(CONFIDENTIAL_WRITE, field=field)


def _named(username: str):
    found = selectors_letters.active_user(username)
    if found is None:
        raise DomainError(f"Không có người dùng “{username.strip()}” đang hoạt động.", field="username")
    return found


@router.post(f"{P}/denunciations/{{denunciation_id}}/withdraw", response={200: DenunciationOut, **ERRORS},
             exclude_unset=True, summary="Ghi người tố cáo rút đơn (rút do bị ép buộc: vẫn tiếp tục giải quyết)")
def letter_withdraw(request, denunciation_id: Id, payload: WithdrawIn):
    user = request.auth
    row = letter_in_scope(user, denunciation_id)
    with writing("denunciation_id"):
        row = services.denunciation_withdraw(actor=user, denunciation=row, withdrawn_on=payload.withdrawn_on,
                                             forced=payload.forced)
    return read_again(user, row)


@router.post(f"{P}/denunciations/{{denunciation_id}}/access", response={201: AccessOut, **ERRORS},
             summary="Phân công một người được biết đơn tố cáo (và, nếu cần liên hệ, được biết người tố cáo)")
def letter_access(request, denunciation_id: Id, payload: LetterAccessIn):
    user = request.auth
    row = letter_in_scope(user, denunciation_id)
    _naming(user, row.org, "denunciation_id")
    named = _named(payload.username)
    with writing("denunciation_id"):
        return Status(201, services.access_grant(actor=user, user=named, denunciation=row,
                                                 may_see_denouncer=payload.may_see_denouncer))


@router.post(f"{P}/cases/{{case_id}}/access", response={201: AccessOut, **ERRORS},
             summary="Phân công một người được biết cuộc kiểm tra, giám sát")
def case_access(request, case_id: Id, payload: AccessIn):
    user = request.auth
    case = case_in_scope(user, case_id)
    _naming(user, case.org, "case_id")
    named = _named(payload.username)
    with writing("case_id"):
        return Status(201, services.access_grant(actor=user, user=named, case=case))


@router.get(f"{P}/complaints/{{complaint_id}}", response={200: ComplaintOut, **ERRORS},
            summary="Một đơn khiếu nại kỷ luật")
def complaint_detail(request, complaint_id: Id):
    return complaint_in_scope(request.auth, complaint_id)
