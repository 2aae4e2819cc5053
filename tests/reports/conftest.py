"""Fixtures for report tests: 金凤区 with the jinfeng-2015 example, as the result tests have it."""

from tests.factories.fixtures import intruder, jinfeng, office

__all__ = ["intruder", "jinfeng", "office"]
