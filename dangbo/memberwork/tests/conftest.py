import datetime as dt

import pytest

from dangbo.core.testing import Tree


@pytest.fixture
def old_tree(admin):
    """The test tree founded in 1950, so members of 30 and more years of seniority can sit in its cells."""
    return Tree(admin, founded=dt.date(1950, 1, 1))
