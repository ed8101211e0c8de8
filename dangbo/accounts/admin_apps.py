from django.contrib.admin.apps import AdminConfig


class AuditedAdminConfig(AdminConfig):
    """``django.contrib.admin`` whose default site audits every write made through it (``admin_site.py``)."""

    default_site = "dangbo.accounts.admin_site.AuditedAdminSite"
