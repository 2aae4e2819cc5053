"""Which audited actions can change a user's subject (roles, permissions, data scope, account
state): those move the audit chain head's `subjects_seq`, on which every API process keys the
subjects it keeps (identity/authenticate.py)."""

from __future__ import annotations

# Areas of audit actions (`report` of `report.submit`) that can change no user's subject: not
# the roles, grants, account state, second factor, unit, unit links or the units' codes and
# monitoring flags that make a data scope, nor the tenant's settings. Every other action,
# including one of an area added later, moves the chain head's `subjects_seq`, and the subjects
# kept by every API process for the tenant are computed again (identity/authenticate.py).
SUBJECT_SAFE: frozenset[str] = frozenset(
    {
        "adjustment",
        "appeal",
        "assignment",
        "audit",
        "award",
        "indicator",
        "inspection",
        "notice",
        "notification",
        "period",
        "rating",
        "rating_form",
        "record",
        "report",
        "result",
        "scheme",
        "schemes",
        "score",
        "scoring",
        "self_assessment",
        "supervision",
        "survey",
    }
)
# Single actions of other areas that change no subject either.
# An operator's read under a support grant (jixiao/support) is logged at every request: it must
# not make every API process rebuild the tenant's subjects.
SUBJECT_SAFE_ACTIONS: frozenset[str] = frozenset({"auth.sign_in", "support.read"})


def alters_subjects(action: str) -> bool:
    """Whether an audited action may change what some user's subject holds."""
    return action not in SUBJECT_SAFE_ACTIONS and action.split(".", 1)[0] not in SUBJECT_SAFE
