"""Vietnamese on every page: error pages with a way back (DEBUG off), the password change, the person's name."""

import pytest
from django.test import Client
from django.urls import reverse

from dangbo.accounts.models import AuditEntry, Role
from dangbo.core.testing import user_with


@pytest.fixture
def production(settings):
    settings.DEBUG = False


@pytest.mark.django_db
def test_404_is_vietnamese_with_a_way_back(client, tree, production):
    client.force_login(user_with(Role.CELL_SECRETARY, org=tree.cell1))
    for url in ("/khong-co-trang-nay/", reverse("orgs:detail", args=[tree.other_cell.pk])):
        response = client.get(url)
        body = response.content.decode()
        assert response.status_code == 404
        assert "Không tìm thấy trang" in body and 'href="/"' in body and "Về trang chủ" in body
        assert "Not Found" not in body


@pytest.mark.django_db
def test_403_and_500_are_vietnamese_with_a_way_back(rf, production):
    from django.core.exceptions import PermissionDenied
    from django.views import defaults

    request = rf.get("/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    forbidden = defaults.permission_denied(request, PermissionDenied("Việc này do cấp ủy cấp trên quyết định."))
    body = forbidden.content.decode()
    assert forbidden.status_code == 403 and "Không có quyền thực hiện thao tác này" in body
    assert "Việc này do cấp ủy cấp trên quyết định." in body and 'href="/"' in body and "Quay lại" in body
    error = defaults.server_error(request)
    body = error.content.decode()
    assert error.status_code == 500 and "Hệ thống gặp lỗi" in body and 'href="/"' in body
    assert "Server Error" not in body


@pytest.mark.django_db
def test_a_view_that_fails_answers_the_vietnamese_500(tree, production, monkeypatch):
    from dangbo.accounts import views

    def broken(**kwargs):
        raise RuntimeError("hỏng")

    monkeypatch.setattr(views, "audit_list", broken)
    client = Client(raise_request_exception=False)
    client.force_login(tree.actor)
    response = client.get(reverse("accounts:audit"))
    assert response.status_code == 500 and "Hệ thống gặp lỗi" in response.content.decode()


@pytest.mark.django_db
def test_csrf_failure_is_vietnamese(tree, production):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("accounts:login"), {"username": "x", "password": "y"})
    body = response.content.decode()
    assert response.status_code == 403 and "Phiên làm việc đã hết hạn" in body and "Quay lại trang trước" in body
    assert "CSRF verification failed" not in body


@pytest.mark.django_db
def test_every_user_changes_their_password_in_vietnamese_and_it_is_audited(client, tree):
    member = tree.member("Lê Thị Riêng", org=tree.cell1, gender="F")
    user = user_with(Role.MEMBER, member=member, username="dangvien")
    client.force_login(user)
    url = reverse("accounts:password_change")
    page = client.get(url).content.decode()
    assert "Đổi mật khẩu" in page and "Mật khẩu hiện tại" in page and "Nhập lại mật khẩu mới" in page
    wrong = client.post(url, {"old_password": "sai", "new_password1": "moi-mat-khau-9", "new_password2": "x"})
    assert "Mật khẩu hiện tại không đúng" in wrong.content.decode()
    short = client.post(url, {"old_password": "matkhau-123", "new_password1": "ngan", "new_password2": "ngan"})
    assert "Mật khẩu quá ngắn: cần ít nhất 8 ký tự." in short.content.decode()
    assert "Ít nhất 8 ký tự." in page
    done = client.post(url, {"old_password": "matkhau-123", "new_password1": "moi-mat-khau-9",
                             "new_password2": "moi-mat-khau-9"}, follow=True)
    assert "Đã đổi mật khẩu." in done.content.decode()
    user.refresh_from_db()
    assert user.check_password("moi-mat-khau-9")
    entry = AuditEntry.objects.get(action="password_change")
    assert entry.actor == user and entry.object_id == str(user.pk)
    assert "password" not in str(entry.before) + str(entry.after)
    # still logged in with the new password
    assert client.get(reverse("members:list")).status_code == 200


@pytest.mark.django_db
def test_header_shows_the_persons_name_in_vietnamese_order(client, tree):
    user = user_with(Role.CELL_SECRETARY, org=tree.cell1, username="bithu")
    user.last_name, user.first_name = "Nguyễn Thị", "Hoa"
    user.save()
    client.force_login(user)
    body = client.get(reverse("members:list")).content.decode()
    assert '<span class="person">Nguyễn Thị Hoa</span>' in body
    assert "Đổi mật khẩu" in body
    client.force_login(user_with(Role.CELL_SECRETARY, org=tree.cell1, username="bithu2"))
    assert '<span class="person">bithu2</span>' in client.get(reverse("members:list")).content.decode()
