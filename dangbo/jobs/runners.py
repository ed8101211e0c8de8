"""What each kind of job does. An app registers its runners (``@runner("statforms_set")``) in a ``jobs`` module
its AppConfig imports; a runner gets the job (its user: every read stays scoped to whoever asked) and a
``progress(done, total, step)`` to report with, and returns the file it made (``Output``) or, for work that
writes rather than makes a file (an import), the sentence that says what it did."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Output:
    content: bytes
    name: str
    content_type: str


Progress = Callable[[int, int, str], None]
RUNNERS: dict[str, Callable] = {}


def runner(kind: str):
    def register(function):
        RUNNERS[kind] = function
        return function
    return register
