"""`playbook now` opens with the contingency plan, and shows the latest report's evidence."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from backtests.data.store import Store
from strategies.mixes import CRISIS_SHORT, RISK_ON
from tests.cliutil import run_cli as cli

pytestmark = pytest.mark.integration


def test_now_opens_with_the_plan(real_store: Store, monkeypatch: pytest.MonkeyPatch,
                                 capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)  # no reports/latest here
    assert cli(["now", "--store", str(real_store.root)], monkeypatch) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Contingency plan (playbook), as of 2026-08-21: regime calm."
    crisis = next(x for x in lines if x.startswith("  On a crisis: "))
    assert all(f"{k} {v:.0%}" in crisis for k, v in CRISIS_SHORT.items())  # duration risk on
    qe = next(x for x in lines if x.startswith("  Once QE is launched and the panic subsides: "))
    assert all(f"{k} {v:.0%}" in qe for k, v in RISK_ON.items()) and "held 12 months" in qe
    assert any(x.startswith("Prices end 2025-09-26 (") and "days before today" in x
               for x in lines)
    assert any("needs a committee report: `playbook run`" in x for x in lines)

    meta = tmp_path / "reports" / "latest" / "run.json"
    meta.parent.mkdir(parents=True)
    meta.write_text(json.dumps({"plan": {"run_id": "R1", "evidence": "On the hold-out crises "
                                         "X beat Y in 1 of 5.", "qe": "Scenario 3 Z."}}))
    assert cli(["now", "--store", str(real_store.root)], monkeypatch) == 0
    out = capsys.readouterr().out
    assert "On the hold-out crises X beat Y in 1 of 5. (report R1)\nScenario 3 Z.\n" in out
