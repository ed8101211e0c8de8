from django.apps import AppConfig

# Records only the handling inspection bodies and the named officials may read (RULES.md K5; issue 14 point 5).
CONFIDENTIAL = ("Case", "CaseSubject", "CaseStep", "FollowUp", "CaseAccess", "Denunciation", "DisciplineComplaint",
                "DisciplineProposal")


class InspectionConfig(AppConfig):
    name = "dangbo.inspection"
    verbose_name = "Kiểm tra, giám sát, kỷ luật đảng"

    def ready(self):
        from dangbo.accounts.audit import CONFIDENTIAL_MODELS

        CONFIDENTIAL_MODELS.update(f"inspection.{name}" for name in CONFIDENTIAL)
