import pytest

from dangbo.core.testing import Role, user_with


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Minutes files of the tests land in a temporary folder, not in the data directory."""
    settings.MEDIA_ROOT = tmp_path / "media"


NAMES = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Văn Dũng"]


@pytest.fixture
def people(tree):
    """Four members of cell1, in the Vietnamese order of names."""
    return [tree.member(n, org=tree.cell1, gender="F" if "Thị" in n else "M") for n in NAMES]


@pytest.fixture
def secretary(tree):
    return user_with(Role.CELL_SECRETARY, org=tree.cell1)


@pytest.fixture
def inspector(tree):
    return user_with(Role.INSPECTION, org=tree.district)


@pytest.fixture
def commission(tree):
    return user_with(Role.ORG_COMMISSION, org=tree.commune)
