"""Every run, labelled or custom, is described as itself in "The rules": a preset by its own
description, a tweaked run by the values set on its rule."""

from __future__ import annotations

import pytest

from backtests.api import specs
from backtests.report.ruletext import describe
from backtests.report.runnotes import run_notes
from strategies.registry import make_params


def test_a_preset_and_a_tweaked_run_are_described_as_themselves() -> None:
    cfg = specs.run_config(None, ["sixty_forty", {
        "name": "contrarian_qe", "label": "fast", "params": {"scale_in_days": 10}}, {
        "name": "contrarian_qe", "preset": "strategies/presets/contrarian_fast.toml"}])
    notes = run_notes(cfg)
    assert notes == {
        "fast": "contrarian_qe with scale_in_days = 10.",
        "contrarian_fast": "Preset contrarian_fast.toml of contrarian_qe: Contrarian QE, "
                           "quicker: smaller relief needed, scale in over 10 days, hold 6 "
                           "months."}
    card = describe("fast", "contrarian_qe", make_params("contrarian_qe", {"scale_in_days": 10}),
                    note=notes["fast"])
    plain = describe("contrarian_qe", "contrarian_qe", make_params("contrarian_qe", {}))
    assert card.paragraphs == [notes["fast"], *plain.paragraphs]
    assert ("scale_in_days", "10", plain.params[[p[0] for p in plain.params].index(
        "scale_in_days")][2]) in card.params


def test_a_mix_computed_from_a_number_parameter_is_shown_as_held() -> None:
    card = describe("seventy_thirty", "sixty_forty",
                    make_params("sixty_forty", {"equity_weight": 0.7}))
    assert card.mixes == {"holds": {"us_equity": 0.7, "long_treasury": pytest.approx(0.3)}}
    assert card.mix_rows == [("us_equity", ["70%"]), ("long_treasury", ["30%"])]
    assert ("equity_weight", "0.7", "the classic 60/40 split") in card.params
