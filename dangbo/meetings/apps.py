from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "dangbo.meetings"
    verbose_name = "Sinh hoạt chi bộ"
