"""What the inspection services share: who may write, the org checks by date, the audit call."""

import datetime as dt

from dangbo.accounts import audit
from dangbo.accounts.scope import scope_for
from dangbo.core.exceptions import DomainError, OutOfScope
from dangbo.inspection import selectors
from dangbo.orgs.models import Org


def user_of(actor):
    return actor if getattr(actor, "pk", None) else None


def log(*, actor, action: str, row, before: dict | None, path: str) -> None:
    audit.record(actor=actor, action=action, instance=row, before=before, org_path=path)


def require_inspection(actor, org: Org) -> None:
    """An INSPECTION grant on ``org`` or above it: the only door to confidential records of ``org`` (an admin or
    an org commission is not enough). Outside it nothing tells the record exists."""
    if not scope_for(actor).covers_inspection(org.path):
        raise OutOfScope()


def require_case_write(actor, case) -> None:
    if not selectors.may_write_case(actor, case):
        raise OutOfScope()


def need(value, field: str, label: str):
    """``value`` stripped, or DomainError naming the field."""
    text = value.strip() if isinstance(value, str) else value
    if text in (None, ""):
        raise DomainError(f"Phải ghi {label}.", field=field)
    return text


def active_on(org: Org, on: dt.date, field: str) -> None:
    """The org acts on ``on``: founded by then and not yet ended."""
    if on < org.founded_on:
        raise DomainError(f"{org.name} thành lập ngày {org.founded_on:%d/%m/%Y}, sau ngày {on:%d/%m/%Y}.", field=field)
    if org.ended_on is not None and on >= org.ended_on:
        raise DomainError(f"{org.name} đã kết thúc hoạt động ngày {org.ended_on:%d/%m/%Y}, trước ngày "
                          f"{on:%d/%m/%Y}.", field=field)


def existed_by(org: Org, on: dt.date, field: str) -> None:
    """K1: an object may be an org that has since ended, not one founded after the day."""
    if on < org.founded_on:
        raise DomainError(f"{org.name} thành lập ngày {org.founded_on:%d/%m/%Y}, sau ngày {on:%d/%m/%Y}.", field=field)


def under(org: Org, root: Org, field: str) -> None:
    if not org.path.startswith(root.path):
        raise DomainError(f"{org.name} không thuộc {root.name}.", field=field)


def choice(value: str, choices, field: str, label: str) -> str:
    if value not in choices.values:
        raise DomainError(f"{label} “{value}” không hợp lệ.", field=field)
    return value


def is_central(org: Org) -> bool:
    """K5, K9: the centre's time limits apply to orgs of the central level (levels are data: by the level's code)."""
    return org.type.level.code == "central"
