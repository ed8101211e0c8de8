from django.urls import path

from dangbo.reviews import views_stats

urlpatterns = [
    path("thong-ke/", views_stats.stats_page, name="stats"),
    path("thong-ke/xlsx/", views_stats.stats_export, name="stats_xlsx"),
    path("thong-ke/danh-sach/", views_stats.stats_people, name="stats_people"),
]
