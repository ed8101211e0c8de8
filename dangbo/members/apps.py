from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "dangbo.members"
    verbose_name = "Đảng viên"

    def ready(self):
        from dangbo.members import exports, imports  # noqa: F401, PLC0415 - register the background jobs
