import pytest

from dangbo.core.testing import Tree, admin_user, reference_rows
from dangbo.orgs.models import OrgLevel


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    # PBKDF2's 1M iterations are the point in production and pure cost in tests, which create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def reference_rows_back(request):
    """Tests run by whole files per worker (Makefile: --dist loadfile), so a file can follow one whose
    transactional test (jobs, backup, browser) flushed the rows the data migrations loaded: put them back. One
    query when they are there; transactional tests and tests without the database are left alone."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None or marker.kwargs.get("transaction") or "live_server" in request.fixturenames:
        return
    request.getfixturevalue("db")
    if not OrgLevel.objects.exists():
        reference_rows()


@pytest.fixture
def admin(db):
    return admin_user()


@pytest.fixture
def tree(admin):
    return Tree(admin)


@pytest.fixture
def page(live_server):
    """A Playwright page in Debian's Chromium, for the browser tests."""
    from playwright.sync_api import sync_playwright

    from dangbo.core import browser

    assert browser.available(), "Chromium chưa được cài: chạy 'make browser'"
    with sync_playwright() as p:
        chromium = browser.launch(p)
        context = chromium.new_context(locale="vi-VN", accept_downloads=True)
        pg = context.new_page()
        pg.set_default_timeout(45000)
        yield pg
        context.close()
        chromium.close()
