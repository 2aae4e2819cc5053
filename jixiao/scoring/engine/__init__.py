"""The pure appraisal engine: exact, deterministic, no I/O."""

from jixiao.scoring.engine.compute import PeriodError, compute
from jixiao.scoring.engine.grading import competition_ranks, ratio_quotas
from jixiao.scoring.engine.indicators import EntryError

__all__ = ["EntryError", "PeriodError", "competition_ranks", "compute", "ratio_quotas"]
