"""Django's admin site, audited: every add, change and delete made there writes an audit entry with before → after,
like the services do (e.g. a user made superuser). Every ModelAdmin registered on the site gets the hooks, whichever
app registers it (Django's own User and Group admins included)."""

from django.contrib import admin

from dangbo.accounts import audit
from dangbo.accounts.forms import ThrottledAdminAuthenticationForm


def _key(obj) -> tuple[str, str]:
    return obj._meta.label, str(obj.pk)


class AuditedModelAdmin:
    """Hooks on the admin's own points: the object as loaded (before), and the log calls Django makes after an
    add or change and before a delete — also for a user's password form and list-editable rows."""

    def _before(self, request) -> dict:
        if not hasattr(request, "_dangbo_audit_before"):
            request._dangbo_audit_before = {}
        return request._dangbo_audit_before

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is not None:
            self._before(request).setdefault(_key(obj), audit.snapshot(obj))
        return obj

    def save_model(self, request, obj, form, change):
        if change and _key(obj) not in self._before(request):  # list-editable rows are not loaded by get_object
            stored = type(obj)._default_manager.filter(pk=obj.pk).first()
            self._before(request)[_key(obj)] = audit.snapshot(stored)
        super().save_model(request, obj, form, change)

    def log_addition(self, request, obj, message):
        audit.record(actor=request.user, action="admin_add", instance=obj, before=None,
                     org_path=audit.org_path_of(obj))
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        obj = type(obj)._default_manager.get(pk=obj.pk)  # as stored, m2m included
        # a user's password set on its own admin page changes nothing the log shows: say what it was
        action = "password_change" if request.path.rstrip("/").endswith("/password") else "admin_change"
        audit.record(actor=request.user, action=action, instance=obj,
                     before=self._before(request).pop(_key(obj), None), org_path=audit.org_path_of(obj))
        return super().log_change(request, obj, message)

    def log_deletions(self, request, queryset):
        for obj in queryset:
            audit.record_deletion(actor=request.user, action="admin_delete", instance=obj,
                                  org_path=audit.org_path_of(obj))
        return super().log_deletions(request, queryset)


class AuditedAdminSite(admin.AdminSite):
    site_header = "Quản trị dangbo"
    site_title = "Quản trị dangbo"
    index_title = "Quản trị hệ thống"
    login_form = ThrottledAdminAuthenticationForm  # the same throttle by address as the site's own login

    def register(self, model_or_iterable, admin_class=None, **options):
        base = admin_class or admin.ModelAdmin
        if not issubclass(base, AuditedModelAdmin):
            base = type(f"Audited{base.__name__}", (AuditedModelAdmin, base), {"__module__": base.__module__})
        return super().register(model_or_iterable, base, **options)
