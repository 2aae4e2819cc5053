"""Fixtures for the engine's tests: the packaged example and small hand-made schemes."""

from __future__ import annotations

from pathlib import Path

import pytest

from jixiao.engine import Data, Scheme, load_data, load_scheme
from jixiao.engine.examples import example_path

EXAMPLE = example_path("jinfeng-2015")


@pytest.fixture(scope="session")
def example_dir() -> Path:
    return EXAMPLE


@pytest.fixture(scope="session")
def example_scheme() -> Scheme:
    return load_scheme(EXAMPLE / "scheme.yaml")


@pytest.fixture(scope="session")
def example_data(example_scheme: Scheme) -> Data:
    return load_data(EXAMPLE / "data.yaml", example_scheme)
