"""``itertools.batched`` of Python 3.12, for the 3.11 this project runs on: ids cut into lists short enough for
one ``IN (…)`` (SQLite allows 32.766 variables)."""

from itertools import islice


def batched(items, size: int):
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk
