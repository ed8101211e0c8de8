"""Pages of the inspection app: letters (filled in by issue 14, wave 2)."""

urlpatterns: list = []
