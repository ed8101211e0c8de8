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
