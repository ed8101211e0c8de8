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
