import pytest

from dangbo.core.testing import Tree, admin_user


@pytest.fixture
def admin(db):
    return admin_user()


@pytest.fixture
def tree(admin):
    return Tree(admin)
