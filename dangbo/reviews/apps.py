from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "dangbo.reviews"
    verbose_name = "Kiểm điểm, đánh giá, xếp loại"
