"""What the training endpoints share: a class read in scope, an out-of-scope refusal naming its field."""

from dangbo.core.exceptions import OutOfScope
from dangbo.training import selectors


def with_field(exc: OutOfScope, field: str):
    exc.field = field
    return exc


def class_in_scope(user, pk):
    try:
        return selectors.class_get(user=user, pk=pk)
    except OutOfScope as exc:
        raise with_field(exc, "class_id") from None
