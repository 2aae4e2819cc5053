"""Fixtures for report tests: 金凤区 with the jinfeng-2015 example, as the result tests have it."""

from tests.factories.fixtures import gql, intruder, jinfeng, office

__all__ = ["gql", "intruder", "jinfeng", "office"]
