from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from dangbo.accounts.selectors import audit_list


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


@login_required
def audit_view(request):
    entries = audit_list(user=request.user, model=request.GET.get("model", ""),
                         object_id=request.GET.get("object_id", ""))
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/audit.html", {"page": page})
