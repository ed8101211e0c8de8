"""The inspection app's pages, under /kiem-tra/."""

from dangbo.inspection.views import cases, letters, plans, reports

app_name = "inspection"
urlpatterns = [*plans.urlpatterns, *cases.urlpatterns, *letters.urlpatterns, *reports.urlpatterns]
