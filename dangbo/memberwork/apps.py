from django.apps import AppConfig


class MemberworkConfig(AppConfig):
    name = "dangbo.memberwork"
    verbose_name = "Nghiệp vụ công tác đảng viên"
