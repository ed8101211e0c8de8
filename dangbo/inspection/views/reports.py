"""Pages of the inspection app: reports (filled in by issue 14, wave 2)."""

urlpatterns: list = []
