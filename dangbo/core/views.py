"""Shared view helpers: the one place a DomainError becomes a form error or a message."""

from django.contrib import messages
from django.http import Http404

from dangbo.core.exceptions import DomainError, OutOfScope


def run_service(request, form, call):
    """Call a service; on a refusal put its Vietnamese message on the form (field if named) and return None."""
    try:
        return call()
    except OutOfScope as exc:
        raise Http404(exc.message) from exc
    except DomainError as exc:
        if form is not None:
            field = exc.field if exc.field in form.fields else None
            msg = exc.message + (f" ({exc.citation})" if exc.citation else "")
            form.add_error(field, msg)
        else:
            messages.error(request, exc.message)
        return None


def get_or_404(getter, **kwargs):
    try:
        return getter(**kwargs)
    except OutOfScope as exc:
        raise Http404(exc.message) from exc
