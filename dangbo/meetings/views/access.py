"""What the meeting pages share: a refusal by level answers 403 naming who decides; a year in a URL is bounded."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from dangbo.core.dates import today
from dangbo.core.rules import PowerViolation
from dangbo.core.views import run_service

FIRST_YEAR = 2000
LINKED_YEARS = 5


def run(request, form, call):
    """``run_service``, except that a decision of another level (PowerViolation) is a 403, not a form error."""
    def guarded():
        try:
            return call()
        except PowerViolation as exc:
            raise PermissionDenied(f"{exc.message} ({exc.citation})") from exc
    return run_service(request, form, guarded)


def forbid_unless(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def first_linked_year(since) -> int:
    """The earliest year the year-by-year pages link back to: the org's (member's) first year, at most
    LINKED_YEARS back — older years stay one edit of the address away, and the chain of links stays short."""
    return max(FIRST_YEAR, since.year if since else FIRST_YEAR, today().year - LINKED_YEARS)


def checked_year(year: int) -> int:
    if not FIRST_YEAR <= year <= today().year + 1:
        raise Http404("Năm không hợp lệ.")
    return year


def require_cell(org) -> None:
    if not org.type.is_cell:
        raise Http404(f"{org.name} không phải chi bộ.")


ABOVE = "do cấp ủy cấp trên trực tiếp của {name} quyết định; tài khoản của bạn không có quyền ở cấp đó."
