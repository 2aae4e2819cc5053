"""Who may see which results: every unit, or one unit's own published figures only."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from jixiao.platform.auth import Subject
from jixiao.policies import permissions as p
from jixiao.scoring.runs.models import ResultRun

# Whoever computes, approves or publishes results must see all of them to do so.
_MANAGING = (p.RESULT_COMPUTE.code, p.RESULT_APPROVE.code, p.RESULT_PUBLISH.code)


@dataclass(frozen=True)
class ResultScope:
    """The data scope of one request, computed once from its subject.

    `unit_id` None: every unit of every run (office, leadership, leaders, finance).
    Otherwise a unit's own rows, and only in runs that were published.
    """

    unit_id: uuid.UUID | None = None

    @classmethod
    def of(cls, subject: Subject) -> ResultScope:
        """The scope of a subject: a user linked to a unit sees that unit only."""
        if subject.unit_id is None or any(subject.can(code) for code in _MANAGING):
            return cls()
        return cls(unit_id=subject.unit_id)

    @property
    def every_unit(self) -> bool:
        return self.unit_id is None

    def sees_run(self, run: ResultRun) -> bool:
        """Units see a run only once it was published (superseded ones stay in their history)."""
        return self.every_unit or run.status.was_published

    def sees_unit(self, unit_id: uuid.UUID | None) -> bool:
        return self.every_unit or (unit_id is not None and unit_id == self.unit_id)


EVERYTHING = ResultScope()
