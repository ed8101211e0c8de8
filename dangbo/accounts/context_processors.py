from dangbo.accounts.scope import scope_for


def scope(request):
    user = getattr(request, "user", None)
    return {"scope": scope_for(user)} if user is not None else {}
