from django.db.models import QuerySet

from dangbo.accounts.models import AuditEntry
from dangbo.accounts.scope import scope_for


def audit_list(*, user, model: str = "", object_id: str = "") -> QuerySet[AuditEntry]:
    """Audit entries about objects in the user's read scope (a member sees none but their own record's)."""
    scope = scope_for(user)
    qs = AuditEntry.objects.select_related("actor")
    if not scope.is_admin:
        qs = qs.filter(scope.org_q(field="org_path")).exclude(org_path="") if scope.read_paths else qs.none()
    if model:
        qs = qs.filter(model=model)
    if object_id:
        qs = qs.filter(object_id=str(object_id))
    return qs.order_by("-at", "-id")
