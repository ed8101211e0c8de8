import datetime as dt

import pytest

from dangbo.core.testing import Role, user_with
from dangbo.inspection import services

D = dt.date


@pytest.fixture
def inspector(tree):
    """The district's inspection commission."""
    return user_with(Role.INSPECTION, org=tree.district, username="ubkt")


@pytest.fixture
def commission(tree):
    """The district's organization commission: reads and writes the whole tree, none of its confidential records."""
    return user_with(Role.ORG_COMMISSION, org=tree.district, username="btc")


@pytest.fixture
def secretary(tree):
    return user_with(Role.CELL_SECRETARY, org=tree.cell1, username="bithu")


@pytest.fixture
def an(tree):
    return tree.member("Nguyễn Văn An", org=tree.cell1)


def open_case(tree, actor, members=(), orgs=(), **extra):
    data = {"body": "commission", "kind": "violation", "origin": "ad_hoc", "topic": "Kiểm tra khi có dấu hiệu vi phạm",
            "decision_number": "12-QĐ/UBKT", "decided_on": D(2024, 3, 1), **extra}
    return services.case_open(actor=actor, org=extra.pop("org", tree.district), data=data, members=members, orgs=orgs)
