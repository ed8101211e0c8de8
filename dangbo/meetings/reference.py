"""Reference data of cell meetings: the example scoring sheet (G3) a province may start from.

The central guidance gives only the framework (G2); each province or bloc committee issues its own sheet. This one
follows the scale of Đảng ủy Khối Bình Thuận quoted in RULES.md G3 — Tốt from 90 points with full marks on
attendance, duration, members speaking and minutes; Khá 70–< 90; Trung bình 50–< 70; Kém below — over criteria
drawn from the five groups of 12-HD/BTCTW. The demo issues it, and the sheet form offers it as a starting point.
"""

EXAMPLE_SHEET = {
    "name": "Phiếu chấm điểm chất lượng sinh hoạt chi bộ thường kỳ (mẫu)",
    "kind": "regular",
    "good_from": 90,
    "fair_from": 70,
    "average_from": 50,
    "bottom_label": "Kém",
}


def example_sheet_criteria() -> list[dict]:
    """The criteria of the example sheet: 100 points in all; the four must-have criteria of the Bình Thuận scale
    (attendance, duration, members speaking, minutes) need full marks for Tốt."""
    return [
        {"code": "attendance", "name": "Đảng viên dự họp trên 85%, không có đảng viên vắng không lý do",
         "points": 15, "must_full": True},
        {"code": "preparation", "name": "Chi ủy họp chuẩn bị; bí thư (phó bí thư) trực tiếp chuẩn bị nội dung, "
         "dự thảo nghị quyết", "points": 15, "must_full": False},
        {"code": "documents", "name": "Tài liệu, nội dung gửi đảng viên trước kỳ họp", "points": 5,
         "must_full": False},
        {"code": "on_time", "name": "Sinh hoạt đúng thời gian cấp ủy quy định, đúng trình tự", "points": 10,
         "must_full": False},
        {"code": "duration", "name": "Thời gian sinh hoạt từ 90 phút trở lên", "points": 10, "must_full": True},
        {"code": "content", "name": "Nội dung đúng, đủ, có trọng tâm; biểu dương, nhắc nhở, phê bình đảng viên "
         "khi cần", "points": 15, "must_full": False},
        {"code": "speaking", "name": "Nhiều đảng viên phát biểu, thảo luận", "points": 10, "must_full": True},
        {"code": "principles", "name": "Bảo đảm nguyên tắc tập trung dân chủ, tự phê bình và phê bình",
         "points": 5, "must_full": False},
        {"code": "minutes", "name": "Ghi sổ biên bản đầy đủ, rõ ràng", "points": 5, "must_full": True},
        {"code": "resolution", "name": "Có nghị quyết hoặc kết luận, được thực hiện có kết quả", "points": 10,
         "must_full": False},
    ]
