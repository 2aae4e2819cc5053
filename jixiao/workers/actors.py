"""The modules that declare actors or what their jobs use; importing them fills the registries
(actors; the deadline sources of `notices.reminders`). Loaded by the broker's set-up, in every
process that runs or queues jobs: the composition root of the jobs."""

from __future__ import annotations

import importlib

TASK_MODULES = (
    "jixiao.tenants.tasks",
    "jixiao.notices.tasks",
    "jixiao.supervision.reminders",  # deadline sources of notices.remind_deadlines
    "jixiao.audit.tasks",
    "jixiao.scoring.runs.tasks",
    "jixiao.schemes.tasks",
    "jixiao.city.tasks",
    "jixiao.reports.tasks",
)


def load_all() -> None:
    for module in TASK_MODULES:
        importlib.import_module(module)
