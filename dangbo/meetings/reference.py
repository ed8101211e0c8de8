"""Reference data of cell meetings: an example scoring sheet (G3) a province can start from."""


def example_sheet_criteria() -> list[dict]:
    """A scoring sheet in the style of Đảng ủy Khối Bình Thuận (RULES.md G3): 100 points over the G2 groups;
    Tốt needs ≥ 90 points *and* full marks on attendance, duration, members speaking and the minutes
    (``must_full``), else Khá; Khá 70–< 90, Trung bình 50–< 70, Kém < 50 (the thresholds of ``ScoringSheet``)."""
    return [
        {"code": "attendance", "name": "Đảng viên dự họp đông đủ (trên 85%, không ai vắng không lý do)",
         "points": 15, "must_full": True},
        {"code": "preparation", "name": "Chi ủy họp chuẩn bị; bí thư, phó bí thư chuẩn bị nội dung và dự thảo "
                                        "nghị quyết", "points": 15, "must_full": False},
        {"code": "documents", "name": "Thông báo thời gian, nội dung và gửi tài liệu cho đảng viên trước kỳ họp",
         "points": 5, "must_full": False},
        {"code": "schedule", "name": "Họp đúng thời gian cấp ủy quy định, đúng trình tự", "points": 10,
         "must_full": False},
        {"code": "duration", "name": "Thời lượng đủ 90 phút (120 phút khi sinh hoạt chuyên đề cùng buổi)",
         "points": 10, "must_full": True},
        {"code": "content", "name": "Nội dung đúng, đủ theo hướng dẫn của cấp trên, có trọng tâm, sát tình hình",
         "points": 15, "must_full": False},
        {"code": "speaking", "name": "Nhiều đảng viên phát biểu, thảo luận dân chủ", "points": 10,
         "must_full": True},
        {"code": "criticism", "name": "Tự phê bình và phê bình; biểu dương, nhắc nhở đảng viên khi cần",
         "points": 5, "must_full": False},
        {"code": "minutes", "name": "Ghi sổ biên bản đầy đủ; có nghị quyết hoặc kết luận", "points": 10,
         "must_full": True},
        {"code": "results", "name": "Nghị quyết, kết luận kỳ trước được thực hiện có kết quả", "points": 5,
         "must_full": False},
    ]
