"""Value lists of the member registry (biểu mẫu thống kê; 2-HSĐV)."""

from django.db import models


class Gender(models.TextChoices):
    MALE = "M", "Nam"
    FEMALE = "F", "Nữ"


class MemberStatus(models.TextChoices):
    PROBATIONARY = "probationary", "Dự bị"
    OFFICIAL = "official", "Chính thức"
    TRANSFERRED_OUT = "transferred_out", "Đã chuyển sinh hoạt đi"
    STRUCK_OFF = "struck_off", "Đã xóa tên"
    DISMISSED = "dismissed", "Đã cho ra khỏi Đảng"
    EXPELLED = "expelled", "Đã khai trừ"
    DECEASED = "deceased", "Đã từ trần"


ACTIVE_STATUSES = (MemberStatus.PROBATIONARY, MemberStatus.OFFICIAL)


class EventKind(models.TextChoices):
    ADMIT = "admit", "Kết nạp (dự bị)"
    RECOGNIZE = "recognize", "Công nhận đảng viên chính thức"
    TRANSFER_IN = "transfer_in", "Chuyển sinh hoạt chính thức đến"
    TRANSFER = "transfer", "Chuyển sinh hoạt chính thức (trong hệ thống)"
    TRANSFER_OUT = "transfer_out", "Chuyển sinh hoạt chính thức đi"
    TEMP_TRANSFER = "temp_transfer", "Chuyển sinh hoạt tạm thời"
    TEMP_RETURN = "temp_return", "Kết thúc sinh hoạt tạm thời"
    EXEMPT = "exempt", "Miễn công tác và sinh hoạt đảng"
    EXEMPT_END = "exempt_end", "Thôi miễn công tác và sinh hoạt đảng"
    STRIKE_OFF = "strike_off", "Xóa tên"
    DISMISS = "dismiss", "Cho ra khỏi Đảng"
    EXPEL = "expel", "Khai trừ"
    DEATH = "death", "Từ trần"
    RESTORE = "restore", "Phục hồi đảng tịch"


class LeaveReason(models.TextChoices):
    """Why a member left (xóa tên, cho ra khỏi Đảng, khai trừ): re-admission depends on it (RULES.md M12; the
    reasons that bar it are the regulation's, ``rules.Regulation.readmission_barred``)."""

    ABANDONED = "abandoned", "Tự bỏ sinh hoạt đảng"
    RESIGNED = "resigned", "Làm đơn xin ra khỏi Đảng"
    RESIGNED_FAMILY = "resigned_family", "Xin ra khỏi Đảng vì gia đình đặc biệt khó khăn"
    DISUNITY = "disunity", "Gây mất đoàn kết nội bộ nghiêm trọng"
    CORRUPTION = "corruption", "Bị kết án về tội tham nhũng"
    SERIOUS_CRIME = "serious_crime", "Bị kết án về tội phạm nghiêm trọng trở lên"
    MINOR_CRIME = "minor_crime", "Bị kết án về tội phạm ít nghiêm trọng"
    OTHER = "other", "Lý do khác"


class EducationLevel(models.TextChoices):
    """Trình độ chuyên môn."""

    NONE = "none", "Chưa qua đào tạo"
    ELEMENTARY = "so_cap", "Sơ cấp"
    INTERMEDIATE = "trung_cap", "Trung cấp"
    COLLEGE = "cao_dang", "Cao đẳng"
    UNIVERSITY = "dai_hoc", "Đại học"
    MASTER = "thac_si", "Thạc sĩ"
    DOCTOR = "tien_si", "Tiến sĩ"


class GeneralEducation(models.TextChoices):
    """Giáo dục phổ thông."""

    PRIMARY = "tieu_hoc", "Tiểu học"
    LOWER_SECONDARY = "thcs", "Trung học cơ sở"
    UPPER_SECONDARY = "thpt", "Trung học phổ thông"


class PoliticalTheory(models.TextChoices):
    NONE = "none", "Chưa qua đào tạo"
    ELEMENTARY = "so_cap", "Sơ cấp"
    INTERMEDIATE = "trung_cap", "Trung cấp"
    ADVANCED = "cao_cap", "Cao cấp"
    BACHELOR = "cu_nhan", "Cử nhân"


class MemberCategory(models.TextChoices):
    CIVIL_SERVANT = "cbccvc", "Cán bộ, công chức, viên chức"
    ARMED_FORCES = "llvt", "Lực lượng vũ trang"
    FARMER = "nong_dan", "Nông dân"
    WORKER = "cong_nhan", "Công nhân"
    RETIRED = "huu_tri", "Hưu trí"
    STUDENT = "hssv", "Học sinh, sinh viên"
    BUSINESS_OWNER = "chu_dn", "Chủ doanh nghiệp tư nhân"
    ENTERPRISE_EMPLOYEE = "lao_dong_dn", "Người lao động trong doanh nghiệp"
    OTHER = "khac", "Khác"


class PostKind(models.TextChoices):
    """Posts outside the party committee (chức vụ chính quyền, đoàn thể, khu dân cư)."""

    VILLAGE_HEAD = "village_head", "Trưởng thôn / Tổ trưởng tổ dân phố"
    AGENCY_HEAD = "agency_head", "Thủ trưởng cơ quan, đơn vị"
    COUNCIL_CHAIR = "council_chair", "Chủ tịch HĐND"
    PEOPLE_COMMITTEE_CHAIR = "pc_chair", "Chủ tịch UBND"
    FRONT_HEAD = "front_head", "Trưởng Ban công tác Mặt trận"
    MASS_ORG_HEAD = "mass_org_head", "Trưởng đoàn thể"
    OTHER = "other", "Khác"


class DisciplineForm(models.TextChoices):
    REPRIMAND = "reprimand", "Khiển trách"
    WARNING = "warning", "Cảnh cáo"
    REMOVAL = "removal", "Cách chức"
    EXPULSION = "expulsion", "Khai trừ"
    DISBANDMENT = "disbandment", "Giải tán"


class RegistrationKind(models.TextChoices):
    OFFICIAL = "official", "Chính thức"
    TEMPORARY = "temporary", "Tạm thời"
