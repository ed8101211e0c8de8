from django.apps import AppConfig


class TargetsConfig(AppConfig):
    name = "dangbo.targets"
    verbose_name = "Nghị quyết, chỉ tiêu, nhiệm vụ"

    def ready(self):
        # Each app defines its indicators in <app>/indicators.py; importing registers them (one place each).
        from dangbo.targets import registry

        registry.autodiscover()
