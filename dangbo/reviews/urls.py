"""Review pages: each area keeps its own URL list (entry, plans and imports, statistics)."""

from dangbo.reviews.urls_entry import urlpatterns as entry
from dangbo.reviews.urls_plans import urlpatterns as plans
from dangbo.reviews.urls_stats import urlpatterns as stats

app_name = "reviews"
urlpatterns = [*entry, *plans, *stats]
