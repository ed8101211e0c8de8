from django.apps import AppConfig


class TransfersConfig(AppConfig):
    name = "dangbo.transfers"
    verbose_name = "Chuyển sinh hoạt đảng"
