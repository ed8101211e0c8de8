from dangbo.accounts.audit_display import person_name
from dangbo.accounts.scope import scope_for


def scope(request):
    user = getattr(request, "user", None)
    if user is None:
        return {}
    context = {"scope": scope_for(user)}
    if user.is_authenticated:
        context["person_name"] = person_name(user)
    return context
