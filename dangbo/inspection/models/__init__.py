"""Inspection, supervision and discipline work (RULES.md K1–K9): programmes and plans, cases with their subjects,
steps and follow-ups, denunciations and discipline complaints, discipline proposals, and who is named on a
confidential record. Cases and denunciations are confidential: read them only through ``inspection.selectors``."""

from dangbo.inspection.models.cases import Case, CaseAccess, CaseStep, CaseSubject, FollowUp
from dangbo.inspection.models.discipline import DisciplineProposal
from dangbo.inspection.models.letters import Denunciation, DisciplineComplaint
from dangbo.inspection.models.plans import PlanItem, Programme

__all__ = ["Case", "CaseAccess", "CaseStep", "CaseSubject", "Denunciation", "DisciplineComplaint",
           "DisciplineProposal", "FollowUp", "PlanItem", "Programme"]
