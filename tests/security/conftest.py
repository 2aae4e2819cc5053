"""The appraisal world of the result tests (金凤区 with the example scheme and data)."""

from tests.factories.fixtures import gql, jinfeng

__all__ = ["gql", "jinfeng"]
