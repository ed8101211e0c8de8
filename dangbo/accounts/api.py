"""Who is calling: bearer tokens for scripts, the endpoints to issue and revoke them, and the caller's scope."""

import datetime as dt

from ninja import Field, Router, Schema, Status
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer

from dangbo.accounts import selectors, services
from dangbo.accounts.scope import scope_for
from dangbo.core.api import ERRORS, SessionAuth
from dangbo.orgs.selectors import org_queryset, org_roots

router = Router(tags=["Tài khoản"])


class BearerAuth(HttpBearer):
    """``Authorization: Bearer <token>``. A token that is sent but unknown or revoked is refused outright
    rather than falling back to the session, so a script never silently runs as someone else."""

    def authenticate(self, request, token):
        user = selectors.token_owner(digest=services.token_digest(token.strip()))
        if user is None:
            raise AuthenticationError()
        return user


class MeOut(Schema):
    id: int
    username: str
    is_admin: bool
    roles: list[str]
    read_org_ids: list[int] = Field(description="gốc các cây tổ chức được xem")
    write_org_ids: list[int] = Field(description="gốc các cây tổ chức được ghi")
    member_ids: list[int] = Field(description="hồ sơ đảng viên của chính mình")


class TokenOut(Schema):
    id: int
    name: str
    prefix: str = Field(description="vài ký tự đầu của mã, để phân biệt các mã")
    created_at: dt.datetime
    revoked_at: dt.datetime | None
    is_active: bool


class TokenIssuedOut(TokenOut):
    token: str = Field(description="mã truy cập; chỉ hiện một lần, hệ thống chỉ lưu bản băm")


class TokenIn(Schema):
    model_config = {"extra": "forbid"}

    name: str = Field(max_length=80, description="tên gợi nhớ, ví dụ “script báo cáo tháng”")
    user_id: int | None = Field(None, description="cấp cho tài khoản khác (chỉ quản trị hệ thống)")


@router.get("/auth/me", response={200: MeOut, **ERRORS}, summary="Tài khoản đang gọi và phạm vi")
def me(request):
    user = request.auth
    scope = scope_for(user)
    write_roots = org_queryset(user=user, write=True).filter(path__in=scope.write_paths) if not scope.is_admin \
        else org_roots(user=user)
    return {
        "id": user.pk, "username": user.get_username(), "is_admin": scope.is_admin, "roles": list(scope.roles),
        "read_org_ids": [o.pk for o in org_roots(user=user)], "write_org_ids": [o.pk for o in write_roots],
        "member_ids": list(scope.own_member_ids),
    }


@router.get("/auth/tokens", response={200: list[TokenOut], **ERRORS}, summary="Mã truy cập của tôi")
def token_list(request):
    return selectors.token_list(user=request.auth)


# Session only: a token must not mint further tokens that would outlive its own revocation.
@router.post("/auth/tokens", auth=[SessionAuth()], response={201: TokenIssuedOut, **ERRORS},
             summary="Cấp mã truy cập (hiện mã một lần)")
def token_issue(request, payload: TokenIn):
    owner = request.auth if payload.user_id is None else selectors.user_get(user=request.auth, pk=payload.user_id)
    token, raw = services.token_issue(actor=request.auth, user=owner, name=payload.name)
    return Status(201, {**TokenOut.model_validate(token).model_dump(), "token": raw})


@router.post("/auth/tokens/{token_id}/revoke", response={200: TokenOut, **ERRORS}, summary="Thu hồi mã truy cập")
def token_revoke(request, token_id: int):
    token = selectors.token_get(user=request.auth, pk=token_id)
    return services.token_revoke(actor=request.auth, token=token)
