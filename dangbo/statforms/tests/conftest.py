"""Shared fixtures of the statistics forms' tests."""

import datetime as dt

import pytest

from dangbo.members.services import event_record

D = dt.date


@pytest.fixture
def year(tree):
    """Đảng bộ xã Đạ Sar in 2025: 4 members at the start of the year in its two cells; one admitted, one died,
    one moved between its cells, one moved to a cell of huyện Đam Rông, one probationary member struck off."""
    a = tree.actor
    stay = tree.member("Nguyễn Văn An")
    tree.member("Trần Văn Bình", org=tree.cell2)
    died = tree.member("Lê Văn Cường")
    event_record(actor=a, member=died, kind="death", date=D(2025, 3, 10))
    inside = tree.member("Phạm Văn Dũng")
    event_record(actor=a, member=inside, kind="transfer", date=D(2025, 4, 1), org=tree.cell2)
    away = tree.member("Võ Văn Em", org=tree.cell2)
    event_record(actor=a, member=away, kind="transfer", date=D(2025, 6, 2), org=tree.other_cell)
    new = tree.member("Đỗ Thị Giang", gender="F", admitted=D(2025, 2, 3), official=None)
    struck = tree.member("Hồ Văn Hải", admitted=D(2024, 9, 2), official=None)
    event_record(actor=a, member=struck, kind="strike_off", date=D(2025, 9, 15), leave_reason="abandoned")
    return {"stay": stay, "died": died, "inside": inside, "away": away, "new": new, "struck": struck}
