"""Party dues pages: the cell's monthly collection sheet, picking a cell, the books and the arrears list."""

from django.urls import path

from dangbo.dues import views, views_books, views_writes

app_name = "dues"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/thu/", views.collect, name="collect"),
    path("<int:pk>/so/", views_books.book, name="book"),
    path("<int:pk>/so.xlsx", views_books.book_download, name="book_xlsx"),
    path("<int:pk>/bao-cao.xlsx", views_books.report_download, name="report_xlsx"),
    path("<int:pk>/no-dang-phi/", views_books.arrears, name="arrears"),
    path("<int:pk>/no-dang-phi/<int:member_pk>/giay-nhac/", views_books.notice, name="notice"),
    path("<int:pk>/khoan-thu/", views_writes.payments, name="payments"),
    path("<int:pk>/nop-cap-tren/", views_writes.remit, name="remit"),
]
