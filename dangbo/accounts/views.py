from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse_lazy

from dangbo.accounts import audit_display, exports, services
from dangbo.accounts.forms import AuditFilterForm, VietnamesePasswordChangeForm
from dangbo.accounts.selectors import AUDIT_PAGE, EXPORT_LIMIT, audit_list
from dangbo.core.exceptions import OutOfScope
from dangbo.orgs.selectors import org_get, org_list

ORG_CHOICES = 12


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = VietnamesePasswordChangeForm
    success_url = reverse_lazy("orgs:tree")

    def form_valid(self, form):
        services.password_change(actor=self.request.user, form=form)
        # what Django's own view does after saving: stay logged in with the new password
        update_session_auth_hash(self.request, form.user)
        messages.success(self.request, "Đã đổi mật khẩu.")
        return super(auth_views.PasswordChangeView, self).form_valid(form)


def _filters(request):
    """The filter form, the org picked (only from the user's scope) and the orgs matching what was typed."""
    form = AuditFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    org = None
    if data.get("org"):
        try:
            org = org_get(user=request.user, pk=data["org"])
        except OutOfScope:
            org = None
    matches = []
    if org is None and data.get("org_q"):
        matches = list(org_list(user=request.user, q=data["org_q"], include_ended=True)[:ORG_CHOICES])
        if len(matches) == 1:
            org, matches = matches[0], []
    filters = {k: data.get(k) or "" for k in ("model", "object_id", "actor", "action", "obj")}
    filters.update(org=org, date_from=data.get("date_from"), date_to=data.get("date_to"))
    return form, filters, matches


@login_required
def audit_view(request):
    form, filters, matches = _filters(request)
    cursor = request.GET.get("after", "")
    entries = list(audit_list(user=request.user, before_id=int(cursor) if cursor.isdigit() else None,
                              **filters)[:AUDIT_PAGE + 1])
    more = len(entries) > AUDIT_PAGE
    entries = entries[:AUDIT_PAGE]
    query = request.GET.copy()
    query.pop("after", None)
    return render(request, "accounts/audit.html", {
        "form": form, "org": filters["org"], "matches": matches, "rows": audit_display.rows(entries),
        "next_cursor": entries[-1].pk if more else None, "is_first": not cursor, "query": query.urlencode(),
        "page_size": AUDIT_PAGE, "export_limit": EXPORT_LIMIT})


@login_required
def audit_orgs(request):
    """The org picker's choices (htmx): the few orgs of the user's scope whose name matches what was typed."""
    q = request.GET.get("org_q", "")
    orgs = list(org_list(user=request.user, q=q, include_ended=True)[:ORG_CHOICES]) if q.strip() else []
    return render(request, "accounts/_partials/org_choices.html", {"matches": orgs, "q": q})


@login_required
def audit_export(request):
    _form, filters, _matches = _filters(request)
    entries = audit_list(user=request.user, **filters)[:EXPORT_LIMIT]
    body = exports.audit_xlsx(audit_display.rows(entries), limit=EXPORT_LIMIT)
    response = HttpResponse(body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = 'attachment; filename="nhat-ky-thay-doi.xlsx"'
    return response
