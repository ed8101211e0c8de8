"""One exception hierarchy, mapped to one error shape in the UI and the API."""


class DomainError(Exception):
    """A business rule refused the action. ``message`` is Vietnamese and names the field or the rule."""

    def __init__(self, message: str, *, code: str = "invalid", field: str | None = None, citation: str = ""):
        super().__init__(message)
        self.message = message
        self.code = code
        self.field = field
        self.citation = citation

    def as_dict(self) -> dict:
        return {"code": self.code, "message": self.message, "field": self.field, "citation": self.citation}


class OutOfScope(DomainError):
    """The acting user may not see or change this object. Shown as 404 so nothing leaks."""

    def __init__(self, message: str = "Không tìm thấy hoặc ngoài phạm vi được phân quyền."):
        super().__init__(message, code="out_of_scope")


def get_or_out_of_scope(queryset, **lookup):
    """The one row of ``queryset`` matching ``lookup``, else OutOfScope: a missing row and an id that is not one
    (text, a number too large for the column) both answer 404, never 500."""
    try:
        return queryset.get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise OutOfScope() from exc
