"""The regulation of inspection, denunciations, complaints and discipline (RULES.md K4–K9, M15), pure: see
``base`` (codes, citations by date, verdicts), ``letters`` (K5, K9), ``discipline`` (K7, K8, M15), ``cases``
(K4 steps, follow-ups, workflows)."""

from dangbo.inspection.rules.base import Verdict, add_units, require, rule
from dangbo.inspection.rules.cases import (
    FollowUpFact,
    check_body_work,
    check_denunciation_move,
    check_proposal_move,
    check_step,
    overdue,
)
from dangbo.inspection.rules.discipline import Power, Relation, Violation, competence, limitation, vote
from dangbo.inspection.rules.letters import (
    Complaint,
    Letter,
    admissible,
    complaint_deadline,
    complaint_level,
    denunciation_deadline,
    filing_limit,
    passes_to_new_committee,
    screen,
)

__all__ = ["Complaint", "FollowUpFact", "Letter", "Power", "Relation", "Verdict", "Violation", "add_units",
           "admissible", "check_body_work", "check_denunciation_move", "check_proposal_move", "check_step", "competence",
           "complaint_deadline", "complaint_level", "denunciation_deadline", "filing_limit", "limitation", "overdue", "passes_to_new_committee",
           "require", "rule", "screen", "vote"]
