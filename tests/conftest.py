"""Shared test settings: a headless matplotlib and small, fast model sizes."""

from __future__ import annotations

import os

os.environ.setdefault("MPLBACKEND", "Agg")

import pytest

#: a small but complete population: every region has posts, families in every municipality
SMALL = {"scale": 0.02}


@pytest.fixture
def small() -> dict[str, float]:
    return dict(SMALL)
