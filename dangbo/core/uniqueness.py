"""One rule for a value the user typed that a unique key already holds (a CCCD, an org code, a document's number).

Refusing the value cannot be avoided, but the refusal must not confirm that the value exists elsewhere: a
district could otherwise test CCCD numbers against the whole country's registry (Nghị định 13/2023/NĐ-CP). When
the holder is in the user's read scope the message may name it (the user can see it anyway); otherwise every
refusal reads the same and sends the user to the committee above. Apps describe the holder; the decision is
taken here only.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import NoReturn

from django.db import IntegrityError, transaction

from dangbo.core.exceptions import DomainError


@dataclass(frozen=True)
class UniqueKey:
    label: str  # "số CCCD": how the message names the value
    field: str  # the form / API field the refusal is put on
    owner: str = "người này"  # whose value it would be: "người này", "tổ chức này", "văn bản này"


def neutral_message(key: UniqueKey) -> str:
    return (f"Không thể dùng {key.label} này. Nếu đây đúng là {key.label} của {key.owner}, đề nghị liên hệ cấp ủy "
            "cấp trên để kiểm tra.")


def may_name(scope, holder_path: str | None) -> bool:
    """Whether the holder is visible to the user: an admin sees all; a holder outside every org (None) only
    an admin."""
    return scope.is_admin or (holder_path is not None and scope.covers_path(holder_path))


def taken_message(key: UniqueKey, value, *, scope, holder_path: str | None, holder: str) -> str:
    """The refusal for a value already held: ``holder`` ("đảng viên Nguyễn Văn A, Chi bộ 1") is shown only when
    ``holder_path`` is in ``scope``."""
    if may_name(scope, holder_path):
        return f"{key.label[:1].upper()}{key.label[1:]} {value} đã có trong hồ sơ {holder}."
    return neutral_message(key)


def refuse_taken(key: UniqueKey, value, *, scope, holder_path: str | None, holder: str) -> NoReturn:
    raise DomainError(taken_message(key, value, scope=scope, holder_path=holder_path, holder=holder), field=key.field)


@contextmanager
def unique_write(key: UniqueKey, still_taken: Callable[[], bool]) -> Iterator[None]:
    """Run a save whose value was checked free: if another transaction took it meanwhile the database's
    constraint wins, and the user gets the neutral refusal, never a 500. The savepoint keeps the outer
    transaction usable (PostgreSQL) for ``still_taken``, which tells this key's violation from any other."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError as exc:
        if still_taken():
            raise DomainError(neutral_message(key), field=key.field) from exc
        raise
