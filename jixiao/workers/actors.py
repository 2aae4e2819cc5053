"""The modules that declare actors; importing them fills the registry."""

from __future__ import annotations

import importlib

TASK_MODULES = (
    "jixiao.tenants.tasks",
    "jixiao.notices.tasks",
    "jixiao.audit.tasks",
    "jixiao.scoring.runs.tasks",
    "jixiao.scoring.entry.tasks",
    "jixiao.schemes.tasks",
    "jixiao.city.tasks",
    "jixiao.reports.tasks",
)


def load_all() -> None:
    for module in TASK_MODULES:
        importlib.import_module(module)
