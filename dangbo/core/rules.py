"""What every pure rule returns or raises: a verdict naming its rule, regulation and a Vietnamese message."""

from dataclasses import dataclass

from dangbo.core.exceptions import DomainError


@dataclass(frozen=True)
class Rule:
    code: str
    citation: str


class RuleViolation(DomainError):
    def __init__(self, rule: Rule, message: str, *, field: str | None = None):
        super().__init__(message, code=rule.code, field=field, citation=rule.citation)
        self.rule = rule


class PowerViolation(RuleViolation):
    """The rule names the level that decides and the acting user does not act for it: answered as forbidden
    (403), since the object is visible to them and nothing is hidden."""

    forbidden = True


@dataclass(frozen=True)
class Notice:
    """Allowed with a recorded reason or consent: a breach the competent level overrides, shown to it."""

    rule: Rule
    text: str


def require_reasons(notices, note: str) -> None:
    """What the regulation allows with a reason is recorded only with the reason (or the approval) written."""
    if notices and not note.strip():
        first = notices[0]
        raise RuleViolation(first.rule, first.text + " Ghi lý do, văn bản chấp thuận vào ô ghi chú.", field="note")
