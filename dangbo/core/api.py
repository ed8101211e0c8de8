"""What every API module shares: the one error shape and the mapping of every failure onto it, session auth,
the read-but-not-write check, and pagination."""

import logging
import math
from typing import Annotated, Any

from django.conf import settings
from django.http import Http404
from ninja import Field, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.pagination import PaginationBase
from ninja.renderers import JSONRenderer
from ninja.security import APIKeyCookie

from dangbo.accounts.scope import scope_for
from dangbo.core.exceptions import DomainError, OutOfScope

logger = logging.getLogger(__name__)

UNAUTHENTICATED = ("Chưa xác thực: hãy đăng nhập, hoặc gửi mã truy cập trong tiêu đề "
                   "“Authorization: Bearer <mã>”.")
READ_ONLY = "Bạn chỉ có quyền xem, không có quyền thay đổi ở tổ chức này."


class In(Schema):
    """Every request body: an unknown field is refused (422 naming it), never silently dropped."""

    model_config = {"extra": "forbid"}


class NoticeOut(Schema):
    """What a rule allows with a recorded reason (``core.rules.Notice``), returned with the write it accompanied."""

    rule: str = Field(description="mã quy tắc (RULES.md)")
    citation: str
    text: str

    @staticmethod
    def resolve_rule(obj):
        return obj.rule.code

    @staticmethod
    def resolve_citation(obj):
        return obj.rule.citation


class ErrorOut(Schema):
    """The one shape of every refusal: a machine code, a Vietnamese message, the field and the regulation."""

    code: str = Field(description="mã lỗi: out_of_scope, forbidden, unauthenticated, validation, invalid, "
                                  "hoặc mã quy tắc (M7, M14, O2, …)")
    message: str = Field(description="thông báo tiếng Việt")
    field: str | None = Field(None, description="trường dữ liệu bị từ chối, nếu có")
    citation: str = Field("", description="văn bản quy định làm căn cứ, nếu có")


# A database id as a parameter: bounded to the 64-bit integer the databases store, so an id ≥ 2^63 is a 422
# naming the field instead of an OverflowError from the driver.
MAX_ID = 2**63 - 1
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
# No list holds a million pages; the bound keeps the row offset within what the databases accept.
MAX_PAGE = 1_000_000

# Declared on every operation so the OpenAPI schema documents the error shape.
ERRORS: dict[int, type[Schema]] = dict.fromkeys((400, 401, 403, 404, 422), ErrorOut)


class VietnameseJSONRenderer(JSONRenderer):
    # Readable Vietnamese in curl and logs instead of \u escapes; still valid UTF-8 JSON.
    json_dumps_params = {"ensure_ascii": False}


class Forbidden(DomainError):
    """The user may see the object but not change it: 403, since nothing is hidden from them."""

    def __init__(self, message: str = READ_ONLY, *, field: str | None = None):
        super().__init__(message, code="forbidden", field=field)


def require_write(user, path: str, *, field: str | None = None) -> None:
    """Call after a scoped read succeeded: the object is visible, so refusing the write leaks nothing."""
    if not scope_for(user).covers_path(path, write=True):
        raise Forbidden(field=field)


class SessionAuth(APIKeyCookie):
    """Django's session, with the CSRF check for unsafe methods (as ninja's ``django_auth``) — but only once
    the session is known to be logged in, so an anonymous POST gets 401, not a misleading CSRF 403."""

    param_name: str = settings.SESSION_COOKIE_NAME

    def _get_key(self, request):
        if not request.user.is_authenticated:
            return None
        return super()._get_key(request)

    def authenticate(self, request, key):
        return request.user if request.user.is_authenticated else None


# Pydantic error types → Vietnamese, with its ctx values available for formatting.
_MESSAGES = {
    "missing": "bắt buộc phải có",
    "date_parsing": "phải là ngày dạng YYYY-MM-DD",
    "date_from_datetime_parsing": "phải là ngày dạng YYYY-MM-DD",
    "date_from_datetime_inexact": "phải là ngày dạng YYYY-MM-DD, không kèm giờ",
    "date_type": "phải là ngày dạng YYYY-MM-DD",
    "time_parsing": "phải là giờ dạng HH:MM",
    "time_type": "phải là giờ dạng HH:MM",
    "decimal_parsing": "phải là số",
    "float_parsing": "phải là số",
    "int_parsing": "phải là số nguyên",
    "int_type": "phải là số nguyên",
    "int_from_float": "phải là số nguyên",
    "bool_parsing": "phải là true hoặc false",
    "bool_type": "phải là true hoặc false",
    "string_type": "phải là chuỗi ký tự",
    "string_too_long": "dài quá {max_length} ký tự",
    "string_too_short": "phải có ít nhất {min_length} ký tự",
    "greater_than_equal": "phải lớn hơn hoặc bằng {ge}",
    "greater_than": "phải lớn hơn {gt}",
    "less_than_equal": "phải nhỏ hơn hoặc bằng {le}",
    "enum": "chỉ nhận một trong các giá trị {expected}",
    "literal_error": "chỉ nhận một trong các giá trị {expected}",
    "list_type": "phải là danh sách",
    "too_short": "phải có ít nhất {min_length} phần tử",
    "extra_forbidden": "không phải trường hợp lệ",
    "json_invalid": "nội dung JSON không hợp lệ",
    "model_attributes_type": "phải là một đối tượng JSON",
    "dict_type": "phải là một đối tượng JSON",
}
FIELD_LABELS = {
    "on": "ngày hiệu lực", "date": "ngày", "name": "tên", "type": "loại tổ chức", "kind": "loại",
    "founded_on": "ngày thành lập", "parent_id": "tổ chức cấp trên", "new_parent_id": "tổ chức cấp trên mới",
    "into_id": "tổ chức nhận sáp nhập", "other_source_ids": "các tổ chức cùng sáp nhập", "parts": "các phần chia tách",
    "org_id": "chi bộ", "full_name": "họ và tên", "date_of_birth": "ngày sinh", "gender": "giới tính",
    "admitted_on": "ngày vào Đảng", "official_on": "ngày chính thức", "cccd": "số CCCD", "status": "trạng thái",
    "form": "hình thức kỷ luật", "reason": "lý do", "decided_by": "cấp quyết định", "note": "ghi chú",
    "page": "trang", "page_size": "số dòng mỗi trang", "within": "thuộc tổ chức", "org": "tổ chức",
    # admissions: the committees' work
    "quota": "chỉ tiêu kết nạp", "vote_on": "ngày chi bộ biểu quyết", "yes": "số tán thành",
    "eligible": "tổng số đảng viên chính thức", "attempt": "lần biểu quyết", "decision_ref": "số quyết định",
    "decided_on": "ngày quyết định", "reasons": "lý do rà soát", "outcome": "kết quả rà soát",
    "document_ref": "văn bản",
    # transfers: the giấy giới thiệu sinh hoạt đảng
    "member": "đảng viên", "issued_on": "ngày giới thiệu", "to_org": "chi bộ nơi đến",
    "to_external": "nơi đến ngoài hệ thống", "stay_until": "sinh hoạt tạm thời đến ngày", "number": "số giấy giới thiệu",
    "received_on": "ngày nhận sinh hoạt", "direction": "chiều chuyển", "state": "tình trạng",
    # meetings
    "month": "kỳ sinh hoạt tháng", "month_from": "từ kỳ tháng", "month_to": "đến kỳ tháng",
    "starts_at": "giờ bắt đầu", "ends_at": "giờ kết thúc", "documents_posted_on": "ngày gửi tài liệu",
    "topic_id": "chuyên đề", "preparer_id": "người chuẩn bị", "conclusion": "nghị quyết, kết luận",
    "conclusion_kind": "hình thức kết luận", "member_id": "đảng viên", "member_ids": "đảng viên",
    "entries": "điểm danh", "scorer": "người chấm", "points": "điểm", "level": "xếp loại",
    "start_day": "từ ngày", "end_day": "đến ngày", "valid_from": "áp dụng từ ngày", "valid_to": "đến ngày",
    "year": "năm", "half": "6 tháng", "quarter": "quý", "title": "tên", "checked_on": "ngày kiểm tra",
    "findings": "kết quả kiểm tra", "cell": "chi bộ", "cell_id": "chi bộ", "signed_on": "ngày ký",
    "assigned_on": "ngày phân công", "due_on": "thời hạn", "done_on": "ngày hoàn thành",
    "approved_on": "ngày duyệt", "good_from": "ngưỡng Tốt", "criteria": "tiêu chí",
    # dues and training
    "category": "đối tượng đóng đảng phí", "basis": "số tiền làm căn cứ", "region": "vùng lương tối thiểu",
    "percent": "mức giảm", "from_month": "từ tháng", "to_month": "đến tháng", "amount": "số tiền",
    "paid_on": "ngày đóng", "sent_on": "ngày nộp", "channel": "hình thức nộp", "payment_id": "khoản thu",
    "class_id": "lớp", "organiser": "đơn vị tổ chức", "institution": "cơ sở đào tạo", "place": "địa điểm",
    "starts_on": "ngày khai giảng", "ends_on": "ngày bế giảng",
}
# The first parts of a ninja error location: where the value came from and, for a body, the view's parameter.
_SOURCES = {"body", "query", "path", "form", "header", "cookie", "file"}
_WRAPPERS = {"payload", "filters", "ninja_pagination"}


def _field_name(loc) -> str | None:
    parts = [str(p) for p in loc]
    if parts and parts[0] in _SOURCES:
        parts = parts[1:]
    if parts and parts[0] in _WRAPPERS:
        parts = parts[1:]
    return ".".join(parts) or None


def _describe(error: dict) -> tuple[str | None, str]:
    field = _field_name(error.get("loc", ()))
    template = _MESSAGES.get(error.get("type", ""), "giá trị không hợp lệ")
    ctx = dict(error.get("ctx") or {})
    if isinstance(ctx.get("expected"), str):
        ctx["expected"] = ctx["expected"].replace(" or ", " hoặc ")
    try:
        text = template.format(**ctx)
    except (KeyError, IndexError):
        text = "giá trị không hợp lệ"
    if not field:
        return None, text[0].upper() + text[1:]
    leaf = field.rsplit(".", 1)[-1]
    label = FIELD_LABELS.get(leaf)
    name = f"{label[0].upper()}{label[1:]} ({field})" if label else f"Trường “{field}”"
    return field, f"{name}: {text}"


def validation_body(errors: list[dict]) -> dict:
    described = [_describe(e) for e in errors] or [(None, "Dữ liệu gửi lên không hợp lệ")]
    return {"code": "validation", "message": "; ".join(m for _, m in described) + ".", "field": described[0][0],
            "citation": ""}


def _body(code: str, message: str, field: str | None = None, citation: str = "") -> dict:
    return {"code": code, "message": message, "field": field, "citation": citation}


_HTTP_MESSAGES = {
    400: ("bad_request", "Không đọc được nội dung yêu cầu: phải là JSON hợp lệ (UTF-8)."),
    403: ("forbidden", "Không có quyền thực hiện thao tác này."),
    404: ("not_found", "Không tìm thấy."),
    405: ("method_not_allowed", "Phương thức không được hỗ trợ."),
    429: ("throttled", "Gửi quá nhiều yêu cầu; hãy thử lại sau."),
}


def install_error_handlers(api) -> None:
    """Route every failure of ``api`` through one shape (see ``ErrorOut``)."""

    def domain(request, exc: DomainError):
        forbidden = exc.code == "forbidden" or getattr(exc, "forbidden", False)
        status = 404 if isinstance(exc, OutOfScope) else 403 if forbidden else 400
        return api.create_response(request, exc.as_dict(), status=status)

    def validation(request, exc: ValidationError):
        return api.create_response(request, validation_body(exc.errors), status=422)

    def unauthenticated(request, exc: AuthenticationError):
        return api.create_response(request, _body("unauthenticated", UNAUTHENTICATED), status=401)

    def http_error(request, exc: HttpError):
        if exc.status_code == 403 and "csrf" in str(exc).lower():
            message = "Thiếu hoặc sai mã CSRF: tải lại trang rồi gửi lại, hoặc dùng mã truy cập (Bearer)."
            return api.create_response(request, _body("csrf", message), status=403)
        code, message = _HTTP_MESSAGES.get(exc.status_code, ("http_error", "Yêu cầu không hợp lệ."))
        return api.create_response(request, _body(code, message), status=exc.status_code)

    def not_found(request, exc: Http404):
        return api.create_response(request, _body("not_found", "Không tìm thấy."), status=404)

    def unexpected(request, exc: Exception):
        # Logged with its traceback for the operator; the caller gets the same shape as every other failure.
        logger.exception("API error on %s %s", request.method, request.path)
        return api.create_response(request, _body("server_error", "Lỗi hệ thống; đã ghi nhật ký để xử lý."),
                                   status=500)

    api.add_exception_handler(DomainError, domain)
    api.add_exception_handler(ValidationError, validation)
    api.add_exception_handler(AuthenticationError, unauthenticated)
    api.add_exception_handler(HttpError, http_error)
    api.add_exception_handler(Http404, not_found)
    api.add_exception_handler(Exception, unexpected)


class Page(PaginationBase):
    """Page-number pagination that also says which page this is and how many there are."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE, description="trang, bắt đầu từ 1")
        page_size: int = Field(50, ge=1, le=500, description="số dòng mỗi trang (tối đa 500)")

    class Output(Schema):
        items: list[Any]
        count: int = Field(description="tổng số dòng")
        page: int
        page_size: int
        pages: int = Field(description="tổng số trang")

    def paginate_queryset(self, queryset, pagination: Input, request, **params):
        count = self._items_count(queryset)
        start = (pagination.page - 1) * pagination.page_size
        return {
            "items": queryset[start:start + pagination.page_size],
            "count": count,
            "page": pagination.page,
            "page_size": pagination.page_size,
            "pages": max(1, math.ceil(count / pagination.page_size)),
        }
