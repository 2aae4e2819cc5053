"""Fixtures for result tests: 金凤区 with the jinfeng-2015 example imported, and its people."""

from tests.factories.fixtures import intruder, jinfeng, office

__all__ = ["intruder", "jinfeng", "office"]
