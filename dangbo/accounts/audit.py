"""The one door every write's audit goes through, and the Vietnamese names of the actions it records."""

import datetime as dt
import decimal
from itertools import chain
from operator import attrgetter

from django.db import models
from django.db.models import Field
from django.db.models.fields.files import FieldFile
from django.forms.models import model_to_dict

from dangbo.accounts.models import AuditEntry
from dangbo.core import context
from dangbo.core.instances import new_instance
from dangbo.members.choices import EventKind

# Never copied into the log: derived search columns, and what must not be read back (a password hash) or changes
# by itself on every login.
NOT_LOGGED = ("search_text", "sort_key", "search_name", "password", "last_login",
              # a denouncer's identity is shown only to the officials who must contact them (RULES.md K5)
              "denouncer_name", "denouncer_address", "denouncer_contact")
# Models whose entries only the users with an inspection grant over the entry's org see (``audit_list``), never
# the admins or the org commissions of the tree: the inspection app registers its confidential models here.
CONFIDENTIAL_MODELS: set[str] = set()
# A read of a confidential record is itself logged, under this action.
READ_ACTION = "inspection_read"
# A correction's own bookkeeping, the same on every correction: not what was corrected.
FACT_BOOKKEEPING = ("id", "supersedes", "created_by", "created_at")

ACTIONS = {
    "org_create": "Thành lập tổ chức đảng",
    "org_rename": "Đổi tên tổ chức đảng",
    "org_reclassify": "Đổi loại tổ chức đảng",
    "org_transfer": "Chuyển giao tổ chức đảng",
    "org_dissolve": "Giải thể tổ chức đảng",
    "org_merge_end": "Sáp nhập (tổ chức bị sáp nhập kết thúc)",
    "org_split_end": "Chia tách (tổ chức bị chia tách kết thúc)",
    "term_open": "Mở nhiệm kỳ",
    "term_end": "Kết thúc nhiệm kỳ",
    "committee_seat_assign": "Phân công cấp ủy viên",
    "committee_seat_end": "Thôi cấp ủy viên",
    "village_save": "Lưu thôn, tổ dân phố",
    "member_create": "Thêm hồ sơ đảng viên",
    "member_update": "Sửa hồ sơ đảng viên",
    "event_correct": "Đính chính sự kiện",
    "event_approval": "Ghi văn bản đồng ý của cấp có thẩm quyền",
    "event_follow_restructuring": "Chuyển sinh hoạt theo sắp xếp tổ chức",
    "discipline_member": "Kỷ luật đảng viên",
    "discipline_org": "Kỷ luật tổ chức đảng",
    "post_assign": "Giao chức vụ",
    "campaign_open": "Mở đợt đánh giá, xếp loại",
    "campaign_refresh": "Cập nhật đợt đánh giá, xếp loại",
    "target_registration": "Đăng ký phấn đấu",
    "assessment_self": "Tự đánh giá, xếp loại",
    "assessment_propose": "Đề xuất xếp loại",
    "assessment_approve": "Quyết định xếp loại",
    "assessment_record_decided": "Ghi kết quả xếp loại đã quyết định (năm trước)",
    "quota_exception": "Ghi ngoại lệ vượt tỷ lệ hoàn thành xuất sắc nhiệm vụ",
    "rule_flag": "Đánh dấu kết quả không khớp quy định của năm",
    "assessment_reopen": "Mở lại phiếu xếp loại",
    "assessment_exclude": "Không đánh giá, xếp loại",
    "pointed_review": "Gợi ý kiểm điểm",
    "plan_create": "Lập kế hoạch khắc phục",
    "plan_submit": "Nộp kế hoạch khắc phục",
    "plan_item_add": "Thêm nội dung khắc phục",
    "plan_item_status": "Cập nhật nội dung khắc phục",
    "document_create": "Thêm văn bản, nghị quyết",
    "target_add": "Thêm chỉ tiêu",
    "task_add": "Thêm nhiệm vụ",
    "task_update": "Cập nhật nhiệm vụ",
    "manual_value_set": "Nhập số liệu",
    "meeting_schedule_set": "Quy định lịch sinh hoạt chi bộ",
    "meeting_schedule_end": "Kết thúc lịch sinh hoạt chi bộ",
    "meeting_sheet_save": "Ban hành phiếu chấm điểm sinh hoạt",
    "meeting_sheet_end": "Kết thúc phiếu chấm điểm sinh hoạt",
    "topic_plan_save": "Lập kế hoạch sinh hoạt chuyên đề",
    "topic_plan_approve": "Duyệt kế hoạch sinh hoạt chuyên đề",
    "meeting_save": "Ghi kỳ sinh hoạt chi bộ",
    "meeting_year_tally_fill": "Chốt số liệu sinh hoạt chi bộ, công tác đảng viên của năm",
    "workday_override_save": "Ghi ngày nghỉ, ngày làm bù theo văn bản",
    "candidate_create": "Đưa quần chúng ưu tú vào danh sách",
    "candidate_introducer_add": "Ghi người giới thiệu vào Đảng",
    "admission_step": "Ghi bước hồ sơ kết nạp đảng viên",
    "candidate_stage": "Cập nhật tình trạng hồ sơ kết nạp",
    # issue 9: stopping a case, replacing an introducer
    "candidate_stop": "Dừng xem xét kết nạp quần chúng ưu tú",
    "candidate_introducer_replace": "Thay người giới thiệu vào Đảng",
    "admission_plan_set": "Giao chỉ tiêu kết nạp đảng viên",
    "screening_decide": "Ghi kết quả rà soát, sàng lọc đảng viên",
    "transfer_letter_issue": "Cấp giấy giới thiệu sinh hoạt đảng",
    "transfer_letter_receive": "Xác nhận đảng viên xuất trình giấy giới thiệu sinh hoạt đảng",
    "form_finalise": "Chốt số liệu biểu mẫu thống kê",
    "reward_record": "Ghi khen thưởng tổ chức đảng, đảng viên",
    "badge_award_record": "Ghi trao Huy hiệu Đảng",
    "card_issue_record": "Ghi phát, cấp lại, đổi thẻ đảng viên",
    "workday_override_delete": "Xóa ngày nghỉ, ngày làm bù",
    "meeting_delete": "Xóa kỳ sinh hoạt nhập nhầm",
    "meeting_attendance": "Điểm danh kỳ sinh hoạt",
    "meeting_guests": "Ghi cấp ủy viên cấp trên dự sinh hoạt",
    "meeting_checks": "Đánh giá tiêu chí kỳ sinh hoạt",
    "meeting_score": "Xếp loại chất lượng kỳ sinh hoạt",
    "meeting_file_add": "Đính kèm biên bản sinh hoạt",
    "meeting_file_remove": "Gỡ tệp biên bản sinh hoạt",
    "meeting_assignment_set": "Phân công cấp ủy viên dự sinh hoạt chi bộ",
    "meeting_assignment_end": "Thôi phân công dự sinh hoạt chi bộ",
    "meeting_oversight_check": "Kiểm tra sinh hoạt chi bộ (6 tháng)",
    "member_task_assign": "Phân công nhiệm vụ đảng viên",
    "member_task_result": "Ghi kết quả nhiệm vụ được phân công",
    "member_paper_record": "Ghi bản cam kết, kế hoạch năm của đảng viên",
    "member_liaison_record": "Ghi giữ mối liên hệ với nơi cư trú",
    # issue 13: party dues
    "dues_declare": "Kê khai căn cứ đóng đảng phí",
    "dues_relief_grant": "Ghi miễn, giảm, chậm đóng đảng phí",
    "dues_payment_record": "Ghi thu đảng phí",
    "dues_payment_reverse": "Hủy khoản thu đảng phí",
    "dues_remit": "Ghi nộp đảng phí lên cấp trên",
    "api_token_issue": "Cấp mã truy cập API",
    "api_token_revoke": "Thu hồi mã truy cập API",
    "password_change": "Đổi mật khẩu",
    "job_start": "Giao tác vụ chạy nền",
    "password_reset_link_issue": "Cấp liên kết đặt lại mật khẩu",
    "password_reset": "Đặt lại mật khẩu bằng liên kết",
    "training_class_create": "Mở lớp đào tạo, bồi dưỡng",
    "training_class_update": "Sửa lớp đào tạo, bồi dưỡng",
    "training_enrol": "Ghi học viên vào lớp",
    "training_result_record": "Ghi kết quả học tập",
    # issue 14: inspection, supervision, denunciations, complaints, discipline
    "inspection_programme_save": "Lưu chương trình, kế hoạch kiểm tra, giám sát",
    "inspection_plan_item_save": "Lưu nội dung kế hoạch kiểm tra, giám sát",
    "inspection_case_open": "Mở cuộc kiểm tra, giám sát",
    "inspection_case_step": "Ghi bước kiểm tra, giám sát",
    "inspection_case_conclude": "Ghi kết luận kiểm tra, giám sát",
    "inspection_access_grant": "Phân công người được biết hồ sơ kiểm tra, tố cáo",
    "inspection_follow_up_add": "Ghi kiến nghị sau kiểm tra",
    "inspection_follow_up_close": "Ghi hoàn thành kiến nghị sau kiểm tra",
    "inspection_denunciation_receive": "Tiếp nhận đơn tố cáo",
    "inspection_denunciation_screen": "Phân loại đơn tố cáo",
    "inspection_denunciation_assign": "Giao giải quyết đơn tố cáo",
    "inspection_denunciation_resolve": "Ghi kết quả giải quyết tố cáo",
    "inspection_denunciation_withdraw": "Ghi người tố cáo rút đơn",
    "inspection_complaint_receive": "Tiếp nhận khiếu nại kỷ luật",
    "inspection_complaint_decide": "Ghi kết quả giải quyết khiếu nại kỷ luật",
    "inspection_proposal_create": "Đề nghị kỷ luật",
    "inspection_proposal_vote": "Ghi kết quả biểu quyết kỷ luật",
    "inspection_proposal_decide": "Quyết định kỷ luật theo đề nghị",
    READ_ACTION: "Xem hồ sơ kiểm tra, tố cáo (mật)",
    "admin_add": "Thêm (trang quản trị)",
    "admin_change": "Sửa (trang quản trị)",
    "admin_delete": "Xóa (trang quản trị)",
}
EVENT_PREFIX = "event_"


def action_choices() -> list[tuple[str, str]]:
    """Every action a user can filter on, with its Vietnamese name (lifecycle events by their kind)."""
    events = [(f"{EVENT_PREFIX}{value}", f"Sự kiện: {label}") for value, label in EventKind.choices]
    return sorted([*ACTIONS.items(), *events], key=lambda c: c[1])


def action_label(code: str) -> str:
    if code in ACTIONS:
        return ACTIONS[code]
    if code.startswith(EVENT_PREFIX):
        kind = code.removeprefix(EVENT_PREFIX)
        if kind in EventKind.values:
            return f"Sự kiện: {EventKind(kind).label}"
    return code


_AS_IS = frozenset((str, int, bool, float, type(None)))


def _plain(value):
    if type(value) in _AS_IS:  # most values: nothing to convert, no isinstance chain
        return value
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, FieldFile):  # a stored file: its name under the storage
        return value.name or ""
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def snapshot(instance: models.Model | None) -> dict | None:
    if instance is None:
        return None
    plan = _snapshot_plan(instance.__class__)  # not type(): request.user is a SimpleLazyObject
    if plan is None:
        data = model_to_dict(instance, exclude=list(NOT_LOGGED))
        for field in instance._meta.fields:
            if not field.editable and field.name != "id" and field.name not in NOT_LOGGED:
                data[field.attname] = getattr(instance, field.attname)
    else:
        data = {key: get(instance) for key, get in plan}
    return {k: _plain(v) for k, v in data.items()}


_PLANS: dict[type, tuple | None] = {}


def _snapshot_plan(model: type) -> tuple | None:
    """What ``snapshot`` reads of a ``model`` instance, worked out once per model: the keys and getters that
    ``model_to_dict`` (its editable fields) and then the non-editable ones give, in the same order. None for a
    model with editable many-to-many fields (``model_to_dict`` reads them from the database)."""
    if model in _PLANS:
        return _PLANS[model]
    opts = model._meta
    plan: dict[str, object] = {}
    for f in chain(opts.concrete_fields, opts.private_fields, opts.many_to_many):
        if not getattr(f, "editable", False) or f.name in NOT_LOGGED:
            continue
        if f.many_to_many:
            _PLANS[model] = None
            return None
        own = type(f).value_from_object is Field.value_from_object
        plan[f.name] = attrgetter(f.attname) if own else f.value_from_object
    for f in opts.fields:
        if not f.editable and f.name != "id" and f.name not in NOT_LOGGED:
            plan[f.attname] = attrgetter(f.attname)
    _PLANS[model] = tuple(plan.items())
    return _PLANS[model]


_VALUE_PLANS: dict[type, tuple | None] = {}


def _value_plan(model: type) -> tuple | None:
    """``_snapshot_plan`` as (key, attname) pairs — the same keys in the same order — when each of its getters
    reads an attribute; else None."""
    if model not in _VALUE_PLANS:
        opts = model._meta
        plan: dict[str, str] | None = {}
        for f in chain(opts.concrete_fields, opts.private_fields, opts.many_to_many):
            if not getattr(f, "editable", False) or f.name in NOT_LOGGED:
                continue
            if f.many_to_many or type(f).value_from_object is not Field.value_from_object:
                plan = None
                break
            plan[f.name] = f.attname
        if plan is not None:
            for f in opts.fields:
                if not f.editable and f.name != "id" and f.name not in NOT_LOGGED:
                    plan[f.attname] = f.attname
        _VALUE_PLANS[model] = tuple(plan.items()) if plan is not None else None
    return _VALUE_PLANS[model]


def snapshot_values(model: type, values: dict) -> dict:
    """``snapshot`` of a ``model`` row given as its values by attname (a bulk write builds no instance): the same
    keys, in the same order, with the same values."""
    plan = _value_plan(model)
    if plan is None:
        return snapshot(new_instance(model, **values))
    return {key: _plain(values[name]) for key, name in plan}


def entry_row(*, actor_id, action: str, model: type, pk, text: str, after: dict | None, org_path: str,
              request_id: str) -> tuple:
    """What ``entry`` builds for a new object (``before=None``), as the values of ``ENTRY_COLUMNS``."""
    return (actor_id, action, model._meta.label, str(pk), text[:255], None, after, org_path, request_id)


ENTRY_COLUMNS = ["actor_id", "action", "model", "object_id", "object_repr", "before", "after", "org_path",
                 "request_id"]


def _fact_fields(instance: models.Model) -> dict:
    """A dated fact's fields, keyed ``app.Model.field`` so that they sit beside the fields of the entry's object."""
    prefix = instance._meta.label
    return {f"{prefix}.{k}": v for k, v in snapshot(instance).items() if k not in FACT_BOOKKEEPING}


def record(*, actor, action: str, instance: models.Model, before: dict | None, org_path: str = "",
           fact: tuple[models.Model, models.Model] | None = None) -> AuditEntry:
    """Write one entry: ``before`` against ``instance`` as it is now, only the fields that changed.

    ``fact=(old, new)``: a correction supersedes the dated fact ``old`` with ``new``; what was corrected (date,
    org, decision, void…) is logged with the changes of ``instance`` (e.g. the member's projected status)."""
    item = entry(actor=actor, action=action, instance=instance, before=before, org_path=org_path, fact=fact)
    item.save()
    return item


def entry(*, actor, action: str, instance: models.Model, before: dict | None, org_path: str = "",
          fact: tuple[models.Model, models.Model] | None = None) -> AuditEntry:
    """The entry ``record`` writes, unsaved (a bulk import writes one per member in a few statements)."""
    after = snapshot(instance)
    if fact is not None:
        before = {**(before or {}), **_fact_fields(fact[0])}
        after = {**(after or {}), **_fact_fields(fact[1])}
    if before and after:
        changed = {k for k in after if before.get(k) != after.get(k)}
        before = {k: v for k, v in before.items() if k in changed}
        after = {k: v for k, v in after.items() if k in changed}
    return new_instance(
        AuditEntry,
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        model=instance._meta.label,
        object_id=str(instance.pk),
        object_repr=str(instance)[:255],
        before=before,
        after=after,
        org_path=org_path,
        request_id=context.request_id.get(),
    )


def record_reads(*, actor, instances, org_path_of_row) -> None:
    """One ``READ_ACTION`` entry per confidential record read (a list writes one per row it shows)."""
    actor = actor if getattr(actor, "pk", None) else None
    AuditEntry.objects.bulk_create([
        AuditEntry(actor=actor, action=READ_ACTION, model=row._meta.label, object_id=str(row.pk),
                   object_repr=str(row)[:255], before=None, after=None, org_path=org_path_of_row(row),
                   request_id=context.request_id.get())
        for row in instances])


def record_deletion(*, actor, action: str, instance: models.Model, org_path: str = "") -> AuditEntry:
    """An entry for an object about to be deleted: everything it held, before → nothing."""
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "pk", None) else None, action=action, model=instance._meta.label,
        object_id=str(instance.pk), object_repr=str(instance)[:255], before=snapshot(instance), after=None,
        org_path=org_path, request_id=context.request_id.get(),
    )


def org_path_of(instance: models.Model) -> str:
    """The org an object belongs to, for scoping its entries: the org itself, or the org it carries."""
    if isinstance(getattr(instance, "path", None), str):
        return instance.path
    for name in ("org", "member"):
        related = getattr(instance, name, None) if hasattr(instance, f"{name}_id") else None
        if related is not None:
            return org_path_of(related)
    return ""
