"""The import's faster paths give what the slower ones gave: calamine reads what openpyxl reads, and the bulk
check on plain values reports and writes what the check on model instances + ``full_clean`` did."""

import datetime as dt

import pytest
from django.db import transaction

from dangbo.core import xlsx_read
from dangbo.core.exceptions import DomainError
from dangbo.members import imports, services
from dangbo.members.tests.test_bulk_create import last_ids, written
from dangbo.members.tests.test_imports import TODAY, book, person

D = dt.date


def every_error_file(tree) -> bytes:
    """One row for each kind of refusal or warning the import knows, and good rows between them."""
    long = "x" * 300
    return book(None, [
        person(1),
        person(2, **{"Họ và tên": None}),
        person(3, **{"Ngày sinh": "31/02/1985"}),
        person(4, **{"Ngày sinh": "02/03/2030"}),
        person(5, **{"Giới tính": "Khác"}),
        person(6, **{"Số CCCD": "12345"}),
        person(7, **{"Số CCCD": person(1)["Số CCCD"]}),  # the same CCCD as row 2
        person(8, **{"Dân tộc": long}),
        person(9, **{"Quê quán": long, "Nơi cư trú": long}),
        person(10, **{"Số lý lịch": "12AB"}),
        person(11, **{"Số thẻ đảng viên": "12-34"}),
        person(12, **{"Chi bộ (mã hoặc tên)": "Không có chi bộ này"}),
        person(13, **{"Chi bộ (mã hoặc tên)": tree.commune.name}),  # not a cell
        person(14, born=D(2005, 1, 1), **{"Ngày vào Đảng": "01/06/2020", "Ngày chính thức": None}),  # under 18
        person(15, **{"Ngày chính thức": "01/06/2018"}),  # recognised before 12 months
        person(16, born=D(1950, 1, 1), **{"Ngày vào Đảng": "01/06/2024", "Ngày chính thức": None}),  # M1 flag
        person(17, **{"Tổ chức kết nạp ngoài hệ thống": "Đảng bộ Quân sự tỉnh"}),
        person(18, **{"Trình độ chuyên môn": "Tiến sĩ vũ trụ"}),
        person(19, **{"Giáo dục phổ thông": "Tiểu học"}),  # a warning
        person(20, **{"Ngày vào Đảng": "1920-01-01"}),
        person(21, **{"Số CCCD": 1085500021}),  # a number: the leading zeros are put back
        person(22, **{"Ngày vào Đảng": None}),
        person(23, gender="F", born=D(1990, 7, 1), **{"Ngày vào Đảng": "01/03/2024", "Ngày chính thức": None}),
        person(24, **{"Chi bộ (mã hoặc tên)": tree.cell2.name, "Đối tượng": "Nông dân", "Đoàn viên khi vào Đảng": "Có"}),
    ])


def report_of(report) -> tuple:
    return ([str(i) for i in report.issues], [str(i) for i in report.warnings], report.member_rows,
            [(m.row, m.data, m.admitted_on, m.official_on, m.external_org, m.org) for m in report.members])


def through_full_clean(monkeypatch) -> None:
    """The check as it was: every row built into a ``Member`` and ``full_clean``ed."""
    monkeypatch.setattr(services, "_plainly_valid", lambda values: False)


def test_the_plain_value_check_reports_what_the_full_clean_check_reported(tree, admin, monkeypatch):
    data = every_error_file(tree)
    new = imports.validate(user=admin, data=data, on=TODAY)
    with monkeypatch.context() as patched:
        through_full_clean(patched)
        old = imports.validate(user=admin, data=data, on=TODAY)
    assert len(new.issues) >= 15 and new.warnings
    assert report_of(new) == report_of(old)


def good_rows_file(tree) -> bytes:
    return book(None, [
        person(1, **{"Trình độ chuyên môn": "Đại học", "Đối tượng": "Nông dân", "Số lý lịch": "000001LD",
                     "Đoàn viên khi vào Đảng": "Có", "Số thẻ đảng viên": "123456789012"}),
        person(2, born=D(1950, 1, 1), **{"Ngày vào Đảng": "01/06/2024", "Ngày chính thức": None}),
        person(3, **{"Tổ chức kết nạp ngoài hệ thống": "Đảng bộ Quân sự tỉnh"}),
        person(4, **{"Số CCCD": None, "Chi bộ (mã hoặc tên)": tree.cell2.name, "Giáo dục phổ thông": "Tiểu học"}),
    ])


def test_the_plain_value_path_writes_what_the_full_clean_path_wrote(tree, admin, monkeypatch):
    data = good_rows_file(tree)
    with transaction.atomic(), monkeypatch.context() as patched:
        through_full_clean(patched)
        since = last_ids()
        imports.run_import(actor=admin, data=data, on=TODAY)
        expected = written(since)
        transaction.set_rollback(True)
    since = last_ids()
    imports.run_import(actor=admin, data=data, on=TODAY)
    got = written(since)
    assert {k: len(v) for k, v in got.items()} == {"members": 4, "events": 8, "approvals": 1, "registrations": 7,
                                                   "audit": 5}
    assert got == expected


BAD = [
    {"full_name": "x" * 121}, {"gender": "X"}, {"gender": ""}, {"ethnicity": ""}, {"ethnicity": None},
    {"date_of_birth": None}, {"date_of_birth": "1985-03-02"}, {"date_of_birth": dt.datetime(1985, 3, 2, 10)},
    {"education_level": "PHD"}, {"category": None}, {"is_youth_union": None}, {"is_youth_union": "yes"},
    {"religion": None}, {"card_number": "1" * 21}, {"profile_number": 12345}, {"occupation": "o" * 121},
    {"general_education": "XYZ"}, {"hometown": None},
]


@pytest.mark.parametrize("change", BAD, ids=[next(iter(c)) + ":" + repr(next(iter(c.values())))[:12] for c in BAD])
def test_each_bad_value_gets_full_cleans_message_or_its_conversion(change):
    clean = {"full_name": "Nguyễn Văn An", "date_of_birth": D(1985, 3, 2), "gender": "M", "ethnicity": "Kinh",
             "religion": "Không", "cccd": None, "card_number": "", **change}

    def outcome(build):
        try:
            return "ok", build()
        except DomainError as exc:
            return "refused", exc.message, exc.field

    old = outcome(lambda: {f.attname: getattr(m, f.attname) for m in [services._new_member(clean, constraints=False)]
                           for f in m._meta.concrete_fields})
    new = outcome(lambda: dict(services._person_values(clean)))
    assert new == old


def test_good_values_take_the_plain_path(monkeypatch):
    def no_instance(*args, **kwargs):
        raise AssertionError("a plainly valid row built a Member")

    monkeypatch.setattr(services, "_full_clean", no_instance)
    values = services._person_values({"full_name": "Nguyễn Văn An", "date_of_birth": D(1985, 3, 2), "gender": "M",
                                      "ethnicity": "Kinh", "religion": "Không", "cccd": "001085012345"})
    assert values.status == services.MemberStatus.PROBATIONARY and values.sort_key


def test_both_readers_give_the_same_report(tree, admin, monkeypatch):
    data = every_error_file(tree)
    assert xlsx_read.open_book(data).reader == "calamine"
    new = imports.validate(user=admin, data=data, on=TODAY)
    monkeypatch.setattr(imports, "open_book", lambda data: xlsx_read.open_book(data, reader="openpyxl"))
    old = imports.validate(user=admin, data=data, on=TODAY)
    assert report_of(new) == report_of(old)
