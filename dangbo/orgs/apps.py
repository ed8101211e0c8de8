from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "dangbo.orgs"
    verbose_name = "Tổ chức đảng"

    def ready(self):
        from dangbo.orgs import exports  # noqa: F401, PLC0415 - registers the export's background job
