"""The 002-style sentences: pure (counts in, text out), and on the hand-counted year of ``conftest.Year``."""

import datetime as dt

import pytest

from dangbo.core.periods import year
from dangbo.meetings import paragraphs
from dangbo.meetings.selectors.stats import level_groups
from dangbo.targets.registry import Measure, measure, shared


def test_rating_sentence_in_the_words_of_002():
    cells = [("chi bộ cơ sở", {"good": 12}),
             ("chi bộ trực thuộc đảng ủy cơ sở", {"good": 813, "fair": 171, "average": 16})]
    assert paragraphs.rating_sentence(cells) == (
        "Bình quân mỗi tháng có 100,0% chi bộ cơ sở xếp loại Tốt; 81,3% chi bộ trực thuộc đảng ủy cơ sở xếp loại "
        "Tốt, 17,1% chi bộ xếp loại Khá, 1,6% chi bộ xếp loại Trung bình; không có chi bộ xếp loại Yếu.")
    assert paragraphs.rating_sentence([("chi bộ", {"good": 1, "poor": 1})]) == (
        "Bình quân mỗi tháng có 50,0% chi bộ xếp loại Tốt, 50,0% chi bộ xếp loại Yếu.")
    assert paragraphs.rating_sentence([]) == "Chưa có kỳ sinh hoạt định kỳ nào của chi bộ được xếp loại."


def test_phrases_put_the_share_after_the_noun():
    assert paragraphs.phrase("thematic_quarterly_rate", 45, 48) == (
        "có 45/48 chi bộ (93,8%) sinh hoạt chuyên đề ít nhất mỗi quý một lần")
    assert paragraphs.detail("residence_liaison_rate", "Năm 2024", 2, 3) == (
        "Năm 2024 có 02/03 đảng viên đang công tác (66,7%) giữ mối liên hệ với chi bộ nơi cư trú, được chi ủy "
        "nơi cư trú nhận xét.")
    assert paragraphs.detail("admission_rate", "Năm 2024", 2, 3) == ""
    assert paragraphs.members_sentence(members=4116, tasked=3911, committed=3706, planned=3622) == (
        "Có 95,0% đảng viên được phân công nhiệm vụ, 90,0% có bản cam kết tu dưỡng, rèn luyện và 88,0% có kế "
        "hoạch phấn đấu, rèn luyện cá nhân (trên 4.116 đảng viên, không kể đảng viên được miễn công tác và sinh "
        "hoạt đảng).")


def test_sentences_skip_what_has_no_base():
    out = paragraphs.sentences({"monthly_meeting_rate": Measure(0, 0), "thematic_quarterly_rate": Measure(3, 4)})
    assert out == ["Có 03/04 chi bộ (75,0%) sinh hoạt chuyên đề ít nhất mỗi quý một lần."]


@pytest.mark.django_db
def test_sentences_of_the_year(year2024):
    t = year2024.tree
    period = year(2024)
    groups = level_groups(org=t.district, period=period, as_of=dt.date(2026, 1, 1))
    # chi bộ cơ sở: the agency (10 Tốt, 1 TB) and the company (5 Tốt, 1 Khá, 1 Yếu); trực thuộc: cell1, cell2
    assert groups == [("chi bộ cơ sở", {"good": 15, "fair": 1, "average": 1, "poor": 1}),
                      ("chi bộ trực thuộc đảng ủy cơ sở", {"good": 20, "fair": 3, "average": 0, "poor": 0})]
    with shared():
        measures = {code: measure(code, org=t.district, period=period) for code in paragraphs.CODES}
    text = paragraphs.sentences(measures, groups)
    assert text[0] == ("Bình quân mỗi tháng có 83,3% chi bộ cơ sở xếp loại Tốt, 5,6% chi bộ xếp loại Khá, 5,6% "
                       "chi bộ xếp loại Trung bình, 5,6% chi bộ xếp loại Yếu; 87,0% chi bộ trực thuộc đảng ủy cơ sở "
                       "xếp loại Tốt, 13,0% chi bộ xếp loại Khá.")
    assert "Có 03/04 chi bộ (75,0%) sinh hoạt định kỳ đủ các tháng, đúng thời gian cấp ủy quy định." in text
    assert "Có 46/50 kỳ sinh hoạt chi bộ (92,0%) có nghị quyết hoặc kết luận." in text


@pytest.mark.django_db
def test_the_report_writes_the_meetings_sentences(year2024, admin):
    from dangbo.reports import datasets, outline
    from dangbo.targets import services

    t = year2024.tree
    doc = services.document_create(
        actor=admin, reference="03-CTr/HU", issuing_body="Huyện ủy Lạc Dương", issued_on=dt.date(2023, 12, 22),
        title="Nâng cao chất lượng sinh hoạt chi bộ", period_start=2024, period_end=2025, scope_org=t.district,
        issuing_org=t.district, signer_name="Lê Bình Thanh", signer_title="BÍ THƯ")
    services.target_add(actor=admin, document=doc, text="Bình quân hằng tháng 90% chi bộ xếp loại Tốt",
                        indicator="meeting_rating_distribution", comparator="gte", low=90, order=1)
    services.target_add(actor=admin, document=doc, text="100% chi bộ sinh hoạt chuyên đề mỗi quý",
                        indicator="thematic_quarterly_rate", comparator="gte", low=100, order=2)
    report = datasets.build(user=admin, document=doc, as_of=dt.date(2024, 12, 31))
    lines = [b.text for b in outline.blocks(report)]
    assert ("+ Năm 2024, bình quân mỗi tháng có 83,3% chi bộ cơ sở xếp loại Tốt, 5,6% chi bộ xếp loại Khá, 5,6% "
            "chi bộ xếp loại Trung bình, 5,6% chi bộ xếp loại Yếu; 87,0% chi bộ trực thuộc đảng ủy cơ sở xếp loại "
            "Tốt, 13,0% chi bộ xếp loại Khá; chưa đạt chỉ tiêu đề ra.") in lines
    assert ("+ Năm 2024 có 02/04 chi bộ (50,0%) sinh hoạt chuyên đề ít nhất mỗi quý một lần; chưa đạt chỉ tiêu "
            "đề ra.") in lines
