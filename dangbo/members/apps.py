from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "dangbo.members"
    verbose_name = "Đảng viên"

    def ready(self):
        from dangbo.members import imports  # noqa: F401, PLC0415 - registers the import's background job
