from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import INTERNAL_RESET_SESSION_TOKEN
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse, reverse_lazy

from dangbo.accounts import audit_display, exports, services
from dangbo.accounts.forms import (
    AuditFilterForm,
    ThrottledAuthenticationForm,
    VietnamesePasswordChangeForm,
    VietnameseSetPasswordForm,
)
from dangbo.accounts.selectors import AUDIT_PAGE, EXPORT_LIMIT, audit_list, user_for_reset
from dangbo.accounts.tokens import reset_tokens
from dangbo.core.exceptions import OutOfScope
from dangbo.core.views import get_or_404, run_service
from dangbo.core.xlsx import CONTENT_TYPE as XLSX_CONTENT_TYPE
from dangbo.orgs.selectors import org_get, org_list

ORG_CHOICES = 12


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True
    form_class = ThrottledAuthenticationForm

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.lock is not None:
            response.status_code = 429  # as django-axes answers its own lock
        return response


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


@login_required
def reset_link_issue(request, pk):
    """An administrator issues a one-time link for a user (GET: what it does; POST: the link, shown this once)."""
    target = get_or_404(user_for_reset, user=request.user, pk=pk)
    link = None
    if request.method == "POST":
        issued = run_service(request, None, lambda: services.password_reset_link_issue(actor=request.user,
                                                                                         user=target))
        if issued:
            uidb64, token = issued
            link = request.build_absolute_uri(reverse("accounts:reset_confirm", args=[uidb64, token]))
    return render(request, "accounts/reset_link.html", {
        "target": target, "link": link, "hours": reset_tokens.hours()})


class ResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's flow (the token moves from the URL into the session at once), in Vietnamese; the new password goes
    through the audited service, and the user then logs in with it."""

    template_name = "accounts/reset_confirm.html"
    form_class = VietnameseSetPasswordForm
    token_generator = reset_tokens
    success_url = reverse_lazy("accounts:login")

    def get_user(self, uidb64):
        user = super().get_user(uidb64)
        return user if user is not None and user.is_active else None  # locked after the link was issued

    def form_valid(self, form):
        services.password_reset(form=form)
        del self.request.session[INTERNAL_RESET_SESSION_TOKEN]
        messages.success(self.request, "Đã đặt mật khẩu mới. Xin đăng nhập bằng mật khẩu mới.")
        return HttpResponseRedirect(self.get_success_url())


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
    """The org picker's choices (htmx): the few orgs of the user's scope whose name matches what was typed —
    below ``?trong=<id>`` (itself in scope) when the page may only show that subtree, e.g. a document's."""
    q = request.GET.get("org_q", "")
    within = get_or_404(org_get, user=request.user, pk=request.GET["trong"]) if request.GET.get("trong") else None
    orgs = (list(org_list(user=request.user, q=q, within=within, include_ended=True)[:ORG_CHOICES])
            if q.strip() else [])
    return render(request, "accounts/_partials/org_choices.html", {"matches": orgs, "q": q})


@login_required
def audit_export(request):
    _form, filters, _matches = _filters(request)
    entries = audit_list(user=request.user, **filters)[:EXPORT_LIMIT]
    body = exports.audit_xlsx(audit_display.rows(entries), limit=EXPORT_LIMIT)
    response = HttpResponse(body, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="nhat-ky-thay-doi.xlsx"'
    return response
