import pytest

from dangbo.core.testing import Tree, admin_user


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    # PBKDF2's 1M iterations are the point in production and pure cost in tests, which create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


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
