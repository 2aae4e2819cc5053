"""Who may see which results: which runs (drafts or published ones only) and which units.

Drafts are for those who compute, approve or publish results; everyone else reads published
runs only. Where no run is named, the office (who computes) is shown the newest computation,
marked as a draft; everyone else the newest published run, so a leader's ranking never changes
under their eyes while the office enters and recomputes.

A user bound to units by their roles (a unit's reporter or head, a scoring leader, a
monitoring department: `policies.scopes`) reads the rows of those units only; the office,
leadership and finance read every unit. A run in 公示 is the exception: while it lasts, every
reader of results sees all its units.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace

from jixiao.platform.auth import Subject
from jixiao.policies import permissions as p
from jixiao.scoring.runs.models import ResultRun, RunStatus

# Whoever computes, approves or publishes results must see all of them to do so.
_MANAGING = (p.RESULT_COMPUTE.code, p.RESULT_APPROVE.code, p.RESULT_PUBLISH.code)


@dataclass(frozen=True)
class ResultScope:
    """The result scope of one request, computed once from its subject.

    `unit_ids` None: every unit; otherwise those units' rows only. `drafts`: unpublished runs
    too; otherwise published runs only. `computes`: with drafts, the newest computation is
    shown by default; otherwise the newest published run.
    """

    unit_ids: frozenset[uuid.UUID] | None = None
    drafts: bool = True
    computes: bool = True

    @classmethod
    def of(cls, subject: Subject) -> ResultScope:
        """The scope of a subject, from its permissions and its data scope."""
        if any(subject.can(code) for code in _MANAGING):
            return cls(computes=subject.can(p.RESULT_COMPUTE.code))
        if subject.scope.every_unit:
            return cls(drafts=False)
        units = set(subject.scope.unit_ids)
        if subject.unit_id is not None:
            units.add(subject.unit_id)
        return cls(unit_ids=frozenset(units), drafts=False)

    @property
    def every_unit(self) -> bool:
        return self.unit_ids is None

    @property
    def newest_by_default(self) -> bool:
        """Shown the newest computation (a draft, maybe) when no run is named."""
        return self.drafts and self.computes

    def sees_run(self, run: ResultRun) -> bool:
        """Drafts for those who manage results; others see published (and superseded) runs
        and the run in 公示."""
        return self.drafts or run.status.was_published or run.status is RunStatus.PUBLICITY

    def of_run(self, run: ResultRun) -> ResultScope:
        """The scope within `run`: every unit of a run in 公示 (shown to the whole tenant while
        it lasts, `jixiao.scoring.runs.publicity`), else this one."""
        if run.status is RunStatus.PUBLICITY and self.unit_ids is not None:
            return replace(self, unit_ids=None)
        return self

    def sees_unit(self, unit_id: uuid.UUID | None) -> bool:
        return self.unit_ids is None or (unit_id is not None and unit_id in self.unit_ids)


EVERYTHING = ResultScope()
