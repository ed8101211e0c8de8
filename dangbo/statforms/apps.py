from django.apps import AppConfig


class StatformsConfig(AppConfig):
    name = "dangbo.statforms"
    verbose_name = "Biểu mẫu thống kê"
