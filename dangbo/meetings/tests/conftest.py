"""Users, members and a superior committee seat shared by the meetings view tests; minutes files of the tests
land in a temporary folder."""

import datetime as dt

import pytest

from dangbo.core.testing import Role, user_with
from dangbo.orgs.services import committee_seat_assign, term_open


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
def commission(tree):
    """The commune's organisation commission: acts for the committee directly above cell1 and cell2."""
    return user_with(Role.ORG_COMMISSION, org=tree.commune)


@pytest.fixture
def inspection(tree):
    return user_with(Role.INSPECTION, org=tree.district)


@pytest.fixture
def leader(tree):
    """A standing member of the commune committee (sinh hoạt at cell2): may be assigned to attend cell1."""
    committee = term_open(actor=tree.actor, org=tree.commune, name="2020–2025", starts_on=dt.date(2020, 1, 1))
    member = tree.member("Hà Văn Cấp Trên", org=tree.cell2)
    committee_seat_assign(actor=tree.actor, committee=committee, member=member, post="standing",
                          starts_on=dt.date(2020, 1, 1))
    return member


# the hand-counted year of the alerts, indicators and statistics tests
from dangbo.meetings.tests.year2024 import people2024, year2024  # noqa: E402, F401
