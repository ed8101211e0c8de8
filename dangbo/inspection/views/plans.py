"""Pages of the inspection app: plans (filled in by issue 14, wave 2)."""

urlpatterns: list = []
