"""Party dues pages: the cell's monthly collection sheet, picking a cell, a member's dues and receipts, the books
and the arrears list."""

from django.urls import path

from dangbo.dues.views import books, collection, member, writes

app_name = "dues"
urlpatterns = [
    path("", collection.index, name="index"),
    path("<int:pk>/thu/", collection.collect, name="collect"),
    path("<int:pk>/so/", books.book, name="book"),
    path("<int:pk>/so.xlsx", books.book_download, name="book_xlsx"),
    path("<int:pk>/bao-cao.xlsx", books.report_download, name="report_xlsx"),
    path("<int:pk>/no-dang-phi/", books.arrears, name="arrears"),
    path("<int:pk>/no-dang-phi/<int:member_pk>/giay-nhac/", books.notice, name="notice"),
    path("<int:pk>/no-dang-phi/<int:member_pk>/giay-nhac.docx", books.notice_docx, name="notice_docx"),
    path("<int:pk>/khoan-thu/", writes.payments, name="payments"),
    path("<int:pk>/khoan-thu/<int:payment_pk>/bien-lai/", member.receipt, name="receipt"),
    path("<int:pk>/dang-vien/<int:member_pk>/", member.member_dues, name="member"),
    path("<int:pk>/nop-cap-tren/", writes.remit, name="remit"),
]
