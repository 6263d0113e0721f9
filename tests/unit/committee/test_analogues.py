"""The analogues section's cache key: it follows every input and the source it depends on."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from backtests.committee import analogues
from backtests.engine.portfolio import Costs
from strategies.registry import make_params

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"


def test_the_analogues_cache_key_follows_every_input() -> None:
    params = {"playbook": ("playbook", make_params("playbook", {}))}
    base = analogues.AnalogueInputs(None, "hash", [], {}, params,  # type: ignore[arg-type]
                                    Costs(), "sixty_forty", "playbook")
    assert base.key() == replace(base).key()
    for change in ({"data_hash": "other"}, {"costs": Costs(fee_bps=10)},
                   {"benchmark": "strategic_static"}, {"highlight": "contrarian_qe"},
                   {"runs": {"playbook": ("playbook", make_params("playbook",
                                                                  {"hold_months": 6}))}}):
        assert replace(base, **change).key() != base.key(), change
    files = {p.name for p in analogues.code_files()}
    assert {"replay.py", "portfolio.py", "regimes.py", "analoguepage.py"} <= files
    assert "pdf.py" not in files  # editing the PDF pack keeps the cached section


def test_the_key_follows_a_users_rule_file(tmp_path: Path) -> None:
    from strategies.registry import load_rules, unregister

    rule = tmp_path / "mine.toml"
    text = (EXAMPLES / "regime_mix.toml").read_text()
    rule.write_text(text)
    (name,) = load_rules(rule)
    try:
        runs = {name: (name, make_params(name, {}))}
        inputs = analogues.AnalogueInputs(None, "hash", [], {}, runs,  # type: ignore[arg-type]
                                          Costs(), "sixty_forty", name)
        before = inputs.key()
        rule.write_text(text + "\n# edited\n")
        assert inputs.key() != before  # an edited rule never reuses the cached replays
    finally:
        unregister(name)
