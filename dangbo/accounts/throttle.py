"""Failed logins throttled per client address, whatever usernames are tried (password spraying). The throttle per
username and address is django-axes' (settings ``AXES_*``); this one sits on top of it, in the database."""

import datetime as dt
import ipaddress
import math
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from dangbo.accounts.models import LoginFailure

DEFAULT_LIMIT = 20
DEFAULT_WINDOW_MINUTES = 15


def limit() -> int:
    return int(getattr(settings, "DANGBO_LOGIN_IP_FAILURE_LIMIT", DEFAULT_LIMIT))


def window() -> dt.timedelta:
    return dt.timedelta(minutes=int(getattr(settings, "DANGBO_LOGIN_IP_WINDOW_MINUTES", DEFAULT_WINDOW_MINUTES)))


def _valid(text: str) -> str | None:
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    """REMOTE_ADDR; behind the one trusted reverse proxy (``DANGBO_BEHIND_PROXY``) the address that proxy appended
    last to X-Forwarded-For — the entries before it come from the client and could be anything."""
    if getattr(settings, "DANGBO_BEHIND_PROXY", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            address = _valid(forwarded.split(",")[-1])
            if address:
                return address
    return _valid(request.META.get("REMOTE_ADDR", ""))


@dataclass(frozen=True)
class Lock:
    address: str
    failures: int
    minutes_left: int

    @property
    def message(self) -> str:
        return (f"Máy có địa chỉ {self.address} đã đăng nhập sai {self.failures} lần trong "
                f"{int(window().total_seconds() // 60)} phút gần đây (với nhiều tài khoản). Tạm khóa đăng nhập từ "
                f"máy này; xin thử lại sau khoảng {self.minutes_left} phút hoặc liên hệ quản trị hệ thống.")


def lock_for(address: str | None) -> Lock | None:
    """The lock on this address if its failures within the window reach the limit, else None. The lock lifts as
    the oldest failures leave the window; refused attempts are not counted, so waiting is enough."""
    if not address:
        return None
    now = timezone.now()
    times = list(LoginFailure.objects.filter(address=address, at__gte=now - window())
                 .order_by("at").values_list("at", flat=True))
    if len(times) < limit():
        return None
    # below the limit again once all but limit - 1 of these failures have left the window
    frees_at = times[len(times) - limit()] + window()
    return Lock(address, len(times), max(1, math.ceil((frees_at - now).total_seconds() / 60)))
