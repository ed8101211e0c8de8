"""Failed logins throttled by client address across usernames; one-time reset links issued by an administrator."""

import datetime as dt
import re

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from dangbo.accounts import services, throttle
from dangbo.accounts.models import AuditEntry, LoginFailure, Role
from dangbo.core.testing import user_with

LOGIN = "/tai-khoan/dang-nhap/"
HERE, THERE = "10.0.0.7", "10.0.0.8"


@pytest.fixture
def small_limit(settings):
    settings.DANGBO_LOGIN_IP_FAILURE_LIMIT = 4
    return 4


def fail(client, username, address=HERE, **extra):
    return client.post(LOGIN, {"username": username, "password": "sai-mat-khau"}, REMOTE_ADDR=address, **extra)


def test_failures_across_usernames_lock_the_address_not_the_others(client, tree, small_limit):
    user_with(Role.ORG_COMMISSION, org=tree.district, username="bantochuc")
    for i in range(small_limit):  # one failure per username: the per-username lock (axes) never fires
        response = fail(client, f"nguoi-{i}")
        assert response.status_code == 200 and "không đúng" in response.content.decode()
    locked = client.post(LOGIN, {"username": "bantochuc", "password": "matkhau-123"}, REMOTE_ADDR=HERE)
    body = locked.content.decode()
    assert locked.status_code == 429 and "Tạm khóa đăng nhập từ máy này" in body and HERE in body
    assert not client.session.get("_auth_user_id")
    assert LoginFailure.objects.filter(address=HERE).count() == small_limit  # the refusal is not counted
    # another machine is not concerned
    other = client.post(LOGIN, {"username": "bantochuc", "password": "matkhau-123"}, REMOTE_ADDR=THERE)
    assert other.status_code == 302 and client.session.get("_auth_user_id")


def test_forwarded_for_is_ignored_unless_behind_the_trusted_proxy(client, tree, small_limit, settings):
    for i in range(small_limit):  # a client inventing a new X-Forwarded-For each time gains nothing
        fail(client, f"nguoi-{i}", HTTP_X_FORWARDED_FOR=f"192.0.2.{i}")
    assert fail(client, "nguoi-x", HTTP_X_FORWARDED_FOR="192.0.2.99").status_code == 429
    settings.DANGBO_BEHIND_PROXY = True
    rf = RequestFactory()
    # the proxy's own entry is the last one; what the client put before it is not trusted
    assert throttle.client_ip(rf.get("/", HTTP_X_FORWARDED_FOR="1.2.3.4, 172.16.0.9", REMOTE_ADDR="127.0.0.1")) \
        == "172.16.0.9"
    assert throttle.client_ip(rf.get("/", HTTP_X_FORWARDED_FOR="rác", REMOTE_ADDR="127.0.0.1")) == "127.0.0.1"
    assert throttle.client_ip(rf.get("/", REMOTE_ADDR="127.0.0.1")) == "127.0.0.1"


def test_behind_the_proxy_both_throttles_see_the_address_it_appended(client, tree, settings):
    """The per-username lock (django-axes) and the per-address one count the same client: behind the proxy,
    every request comes from the proxy's own address, so that would lock the whole office at once."""
    settings.DANGBO_BEHIND_PROXY = True
    fail(client, "bantochuc", "127.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 172.16.0.9")
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["172.16.0.9"]
    assert list(LoginFailure.objects.values_list("address", flat=True)) == ["172.16.0.9"]


def test_failures_leave_the_window_and_are_pruned(db, small_limit):
    old = timezone.now() - throttle.window() - dt.timedelta(minutes=1)
    LoginFailure.objects.bulk_create([LoginFailure(address=HERE, at=old) for _ in range(small_limit)])
    assert throttle.lock_for(HERE) is None
    services.login_failure_record(address=HERE, username="x")
    assert list(LoginFailure.objects.values_list("username", flat=True)) == ["x"]


def test_the_admin_login_is_throttled_too(client, admin, small_limit):
    for i in range(small_limit):
        client.post("/quan-tri/login/", {"username": f"nguoi-{i}", "password": "sai"}, REMOTE_ADDR=HERE)
    response = client.post("/quan-tri/login/", {"username": "admin", "password": "matkhau-123"}, REMOTE_ADDR=HERE)
    assert "Tạm khóa đăng nhập từ máy này" in response.content.decode()
    assert not client.session.get("_auth_user_id")


def issue_link(client, admin, account) -> str:
    client.force_login(admin)
    url = reverse("accounts:reset_link_issue", args=[account.pk])
    page = client.get(url).content.decode()
    assert "Cấp liên kết" in page and account.username in page and "dat-lai-mat-khau" not in page
    body = client.post(url).content.decode()
    client.logout()
    return re.search(r'value="http://testserver(/tai-khoan/dat-lai-mat-khau/[^"]+)"', body).group(1)


def test_admin_issues_a_one_time_link_and_the_user_sets_a_new_password(client, tree, admin):
    account = user_with(Role.CELL_SECRETARY, org=tree.cell1, username="bithu")
    client.force_login(admin)
    assert "Cấp liên kết đặt lại mật khẩu" in client.get(
        reverse("admin:auth_user_change", args=[account.pk])).content.decode()
    link = issue_link(client, admin, account)
    issued = AuditEntry.objects.get(action="password_reset_link_issue")
    assert issued.actor == admin and issued.object_id == str(account.pk)
    assert link.split("/")[-2] not in str(issued.before) + str(issued.after)  # the token is not logged

    form_url = client.get(link)["Location"]  # the token leaves the URL for the session at once
    assert "set-password" in form_url and "Mật khẩu mới" in client.get(form_url).content.decode()
    short = client.post(form_url, {"new_password1": "ngan", "new_password2": "ngan"}).content.decode()
    assert "Mật khẩu quá ngắn: cần ít nhất 8 ký tự." in short
    mismatch = client.post(form_url, {"new_password1": "moi-mat-khau-9", "new_password2": "khac-han-9"})
    assert "Hai lần nhập mật khẩu mới không khớp nhau." in mismatch.content.decode()
    done = client.post(form_url, {"new_password1": "moi-mat-khau-9", "new_password2": "moi-mat-khau-9"},
                       follow=True)
    assert "Đã đặt mật khẩu mới" in done.content.decode()
    account.refresh_from_db()
    assert account.check_password("moi-mat-khau-9")
    assert AuditEntry.objects.get(action="password_reset").actor == account
    # once only
    assert "không còn hiệu lực" in client.get(link, follow=True).content.decode()


def test_link_expires_after_a_day(client, tree, admin, monkeypatch):
    account = user_with(Role.MEMBER, member=tree.member(org=tree.cell1), username="dangvien")
    link = issue_link(client, admin, account)
    real_now = PasswordResetTokenGenerator._now
    monkeypatch.setattr(PasswordResetTokenGenerator, "_now", lambda self: real_now(self) + dt.timedelta(hours=25))
    assert "không còn hiệu lực" in client.get(link).content.decode()
    monkeypatch.setattr(PasswordResetTokenGenerator, "_now", lambda self: real_now(self) + dt.timedelta(hours=23))
    assert client.get(link).status_code == 302


def test_reset_lifts_the_users_login_lock(client, tree, admin, settings):
    account = user_with(Role.CELL_SECRETARY, org=tree.cell1, username="bithu")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        fail(client, "bithu")
    assert client.post(LOGIN, {"username": "bithu", "password": "matkhau-123"}, REMOTE_ADDR=HERE).status_code == 429
    form_url = client.get(issue_link(client, admin, account))["Location"]
    client.post(form_url, {"new_password1": "moi-mat-khau-9", "new_password2": "moi-mat-khau-9"})
    assert client.post(LOGIN, {"username": "bithu", "password": "moi-mat-khau-9"},
                       REMOTE_ADDR=HERE).status_code == 302


def test_no_link_for_a_locked_account(client, tree, admin):
    account = user_with(Role.CELL_SECRETARY, org=tree.cell1, username="bithu")
    link = issue_link(client, admin, account)
    account.is_active = False
    account.save()
    assert "không còn hiệu lực" in client.get(link).content.decode()
    client.force_login(admin)
    body = client.post(reverse("accounts:reset_link_issue", args=[account.pk])).content.decode()
    assert "đã bị khóa" in body and "dat-lai-mat-khau" not in body


def test_only_a_system_administrator_issues_links(client, tree):
    account = user_with(Role.MEMBER, member=tree.member(org=tree.cell1), username="dangvien")
    url = reverse("accounts:reset_link_issue", args=[account.pk])
    for role in (Role.ORG_COMMISSION, Role.CELL_SECRETARY):  # even over the account's own cell
        client.force_login(user_with(role, org=tree.cell1))
        assert client.get(url).status_code == 404 and client.post(url).status_code == 404
    assert not AuditEntry.objects.filter(action="password_reset_link_issue").exists()


@pytest.mark.parametrize("password, message", [
    ("12345678901", "Mật khẩu không được chỉ gồm chữ số."),
    ("password123", "Mật khẩu này quá phổ biến, dễ bị đoán."),
    ("nguyenvanan", "Mật khẩu quá giống tên đăng nhập của tài khoản."),
    ("ngan", "Mật khẩu quá ngắn: cần ít nhất 8 ký tự."),
])
def test_every_password_rule_speaks_vietnamese(db, settings, password, message):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    settings.AUTH_PASSWORD_VALIDATORS = [{"NAME": f"dangbo.accounts.passwords.{name}"} for name in (
        "UserAttributeSimilarityValidator", "MinimumLengthValidator", "CommonPasswordValidator",
        "NumericPasswordValidator")]
    with pytest.raises(ValidationError) as exc:
        validate_password(password, get_user_model()(username="nguyenvanan"))
    assert message in exc.value.messages
