"""Fault injection: each class of server misbehaviour gives the expected records and counted reasons."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.faults import ARTICLES, SCENARIOS, Scenario, run


@pytest.mark.e2e
@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.name for s in SCENARIOS])
def test_fault(scenario: Scenario, tmp_path: Path) -> None:
    result = run(scenario, tmp_path)
    assert result.exit_status == scenario.exit_status, result.log[-3000:]
    assert "Traceback" not in result.log, result.log[-3000:]
    assert result.emitted == sorted(set(ARTICLES) - set(scenario.lost)), "every other article still emitted"
    for prefix in scenario.counted:
        assert any(k.startswith(prefix) and v > 0 for k, v in result.stats.items()), (prefix, result.stats)
    summary = [line for line in result.log.splitlines() if "Run summary:" in line]
    assert len(summary) == 1, "one summary line per run"

