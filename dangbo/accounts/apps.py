from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "dangbo.accounts"
    verbose_name = "Người dùng và phân quyền"

    def ready(self):
        from dangbo.accounts import signals  # noqa: F401  (connects the failed-login receiver)
