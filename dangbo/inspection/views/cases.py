"""Pages of the inspection app: cases (filled in by issue 14, wave 2)."""

urlpatterns: list = []
