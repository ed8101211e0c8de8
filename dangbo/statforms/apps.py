from django.apps import AppConfig


class StatformsConfig(AppConfig):
    name = "dangbo.statforms"
    verbose_name = "Biểu mẫu thống kê"

    def ready(self):
        from dangbo.statforms import files  # noqa: F401, PLC0415 - registers the set's background job
