"""Fixtures for the performance pages and the metrics API (see performance_world)."""

import pytest

from tests.returns.performance_world import build, metric_registered


@pytest.fixture
def test_metric():
    with metric_registered() as metric:
        yield metric


@pytest.fixture
def council(settings, tmp_path, users, teams, test_metric):
    """(people by name, last week's window), with the snapshot under tmp_path."""
    return build(settings, tmp_path, teams)
