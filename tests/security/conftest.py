"""The appraisal world of the result tests (金凤区 with the example scheme and data)."""

from tests.factories.fixtures import jinfeng

__all__ = ["jinfeng"]
