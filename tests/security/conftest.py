"""The appraisal world of the result tests (金凤区 with the example scheme and data)."""

from tests.scoring.runs.conftest import gql, jinfeng

__all__ = ["gql", "jinfeng"]
