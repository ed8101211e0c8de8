"""Every failed login, whichever page or backend it came through (ours, the admin's), counts against its address."""

from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver

from dangbo.accounts import services, throttle


@receiver(user_login_failed, dispatch_uid="dangbo.accounts.login_failed_by_address")
def login_failed(sender, credentials, request=None, **kwargs):
    address = throttle.client_ip(request) if request is not None else None
    if address:
        services.login_failure_record(address=address, username=str(credentials.get("username") or ""))
