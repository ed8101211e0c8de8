"""Enums of inspection, supervision and discipline work (RULES.md K2–K9; GLOSSARY.md "Inspection")."""

from django.db import models


class WorkKind(models.TextChoices):
    """K2: the kinds of work a case records."""

    COMPLIANCE = "compliance", "Kiểm tra chấp hành"
    SIGNS_OF_VIOLATION = "violation", "Kiểm tra khi có dấu hiệu vi phạm"
    LOWER_INSPECTION_WORK = "lower_work", "Kiểm tra việc thực hiện nhiệm vụ kiểm tra, giám sát, thi hành kỷ luật"
    FINANCE = "finance", "Kiểm tra tài chính đảng"
    SUPERVISION_CONTINUOUS = "sup_continuous", "Giám sát thường xuyên"
    SUPERVISION_THEMATIC = "sup_thematic", "Giám sát chuyên đề"
    DENUNCIATION = "denunciation", "Giải quyết tố cáo"
    COMPLAINT = "complaint", "Giải quyết khiếu nại kỷ luật"
    DISCIPLINE = "discipline", "Thi hành kỷ luật"
    SUSPENSION = "suspension", "Đình chỉ sinh hoạt đảng"
    ASSETS = "assets", "Kiểm soát tài sản, thu nhập"


# K1: the UBKT alone does these
COMMISSION_ONLY = {WorkKind.ASSETS, WorkKind.LOWER_INSPECTION_WORK, WorkKind.FINANCE}


class Origin(models.TextChoices):
    """K2: each case is planned or ad hoc (đột xuất, assigned by the superior)."""

    PLANNED = "planned", "Theo chương trình, kế hoạch"
    AD_HOC = "ad_hoc", "Đột xuất"


class Body(models.TextChoices):
    """Who acts for the deciding org (K1, K7)."""

    COMMITTEE = "committee", "Cấp ủy"
    STANDING = "standing", "Ban Thường vụ"
    COMMISSION = "commission", "Ủy ban kiểm tra"
    CELL = "cell", "Chi bộ"


class ProgrammeKind(models.TextChoices):
    """K3: the term's programme and each year's plan."""

    TERM = "term", "Chương trình kiểm tra, giám sát nhiệm kỳ"
    YEAR = "year", "Kế hoạch kiểm tra, giám sát năm"


class Phase(models.TextChoices):
    PREPARE = "prepare", "Chuẩn bị"
    CONDUCT = "conduct", "Tiến hành"
    CLOSE = "close", "Kết thúc"


class Step(models.TextChoices):
    """K4: the steps of a case, in order (the commissions' official lists: to confirm)."""

    DECISION = "decision", "Quyết định, thành lập đoàn (tổ) kiểm tra"
    PLAN = "plan", "Kế hoạch kiểm tra, giám sát"
    NOTICE = "notice", "Thông báo cho đối tượng"
    SELF_REPORT = "self_report", "Báo cáo tự kiểm tra, giải trình của đối tượng"
    VERIFICATION = "verification", "Thẩm tra, xác minh, làm việc"
    TEAM_REPORT = "team_report", "Báo cáo kết quả của đoàn (tổ)"
    CONCLUSION_MEETING = "meeting", "Họp kết luận (biểu quyết kỷ luật nếu có)"
    CONCLUSION_NOTICE = "conclusion_notice", "Thông báo kết luận"
    FOLLOW_UP = "follow_up", "Giám sát việc khắc phục"


STEP_PHASE = {
    Step.DECISION: Phase.PREPARE, Step.PLAN: Phase.PREPARE, Step.NOTICE: Phase.PREPARE,
    Step.SELF_REPORT: Phase.CONDUCT, Step.VERIFICATION: Phase.CONDUCT, Step.TEAM_REPORT: Phase.CONDUCT,
    Step.CONCLUSION_MEETING: Phase.CLOSE, Step.CONCLUSION_NOTICE: Phase.CLOSE, Step.FOLLOW_UP: Phase.CLOSE,
}


class DenunciationStatus(models.TextChoices):
    RECEIVED = "received", "Đã tiếp nhận"
    NOT_HANDLED = "not_handled", "Không xem xét, giải quyết"
    SCREENED = "screened", "Đủ điều kiện giải quyết"
    ASSIGNED = "assigned", "Đang giải quyết"
    RESOLVED = "resolved", "Đã giải quyết"
    WITHDRAWN = "withdrawn", "Người tố cáo rút đơn"


class NotHandledReason(models.TextChoices):
    """K5: letters not handled as denunciations (22-QĐ/TW art. 20; 296 art. 19)."""

    ANONYMOUS = "anonymous", "Đơn nặc danh, mạo tên, không rõ địa chỉ"
    REPEATED = "repeated", "Tố cáo lại nhưng không có thêm tài liệu, chứng cứ mới"
    VAGUE = "vague", "Nội dung không cụ thể, không có cơ sở để thẩm tra, xác minh"


class DenunciationOutcome(models.TextChoices):
    TRUE = "true", "Tố cáo đúng"
    PARTLY = "partly", "Tố cáo đúng một phần"
    FALSE = "false", "Tố cáo sai"


class ComplaintRefusal(models.TextChoices):
    """K9: complaints not accepted (296 art. 23)."""

    LATE = "late", "Quá thời hạn khiếu nại"
    HANDLED_ABOVE = "handled_above", "Đang được cấp trên giải quyết hoặc đã được cấp cao nhất giải quyết"
    COURT_SENTENCE = "court", "Đã bị tòa án tuyên án (từ cải tạo không giam giữ trở lên), chưa được hủy bỏ"
    ON_BEHALF = "on_behalf", "Khiếu nại hộ, khiếu nại thay người khác"
    NO_WRITTEN_DECISION = "no_decision", "Chưa nhận được quyết định bằng văn bản"
    REFUSED_DECISION = "refused", "Không nhận quyết định kỷ luật"
    MOVED_AWAY = "moved", "Đã chuyển sinh hoạt đảng chính thức sang tổ chức không cùng cấp trên trực tiếp"


class ComplaintResult(models.TextChoices):
    UPHELD = "upheld", "Giữ nguyên hình thức kỷ luật"
    LOWERED = "lowered", "Giảm hình thức kỷ luật"
    RAISED = "raised", "Tăng hình thức kỷ luật"
    ANNULLED = "annulled", "Xóa hình thức kỷ luật"


class ViolationField(models.TextChoices):
    """K8: fields where no limitation period applies, or an ordinary one."""

    ORDINARY = "ordinary", "Thông thường"
    POLITICAL_PROTECTION = "political", "Bảo vệ chính trị nội bộ"
    NATIONAL_INTERESTS = "national", "Quốc phòng, an ninh, đối ngoại xâm hại lợi ích quốc gia"
    FALSE_DIPLOMAS = "diplomas", "Sử dụng văn bằng, chứng chỉ, chứng nhận không hợp pháp"


class ProposalStatus(models.TextChoices):
    PROPOSED = "proposed", "Đề nghị"
    VOTED = "voted", "Đã biểu quyết"
    DECIDED = "decided", "Đã quyết định kỷ luật"
    REJECTED = "rejected", "Không kỷ luật"


class CaseBody(models.TextChoices):
    """Who does a case's work (K1): the deciding bodies of ``Body`` and the committee's advisory bodies (ban,
    văn phòng cấp ủy), which check and supervise within their field but never on signs of violation. Only a case
    has this body: an advisory body neither decides discipline nor settles complaints."""

    COMMITTEE = Body.COMMITTEE.value, Body.COMMITTEE.label
    STANDING = Body.STANDING.value, Body.STANDING.label
    COMMISSION = Body.COMMISSION.value, Body.COMMISSION.label
    CELL = Body.CELL.value, Body.CELL.label
    ADVISORY = "advisory", "Cơ quan tham mưu, giúp việc cấp ủy"


# K1: what an advisory body does — checks and supervisions within its field
ADVISORY_WORK = {WorkKind.COMPLIANCE, WorkKind.SUPERVISION_CONTINUOUS, WorkKind.SUPERVISION_THEMATIC}
