"""Member work (Biểu 7's registers): an org's rewards, Huy hiệu awarded, party cards; recording them; pickers."""

from django.urls import path

from dangbo.memberwork import views

app_name = "memberwork"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/khen-thuong/", views.rewards, name="rewards"),
    path("<int:pk>/khen-thuong/ghi/", views.reward_add, name="reward_add"),
    path("<int:pk>/huy-hieu/", views.badges, name="badges"),
    path("<int:pk>/huy-hieu/ghi/", views.badge_add, name="badge_add"),
    path("<int:pk>/the-dang-vien/", views.cards, name="cards"),
    path("<int:pk>/the-dang-vien/ghi/", views.card_add, name="card_add"),
    path("<int:pk>/chon-dang-vien/", views.member_picker, name="member_picker"),
    path("<int:pk>/chon-to-chuc/", views.org_picker, name="org_picker"),
]
