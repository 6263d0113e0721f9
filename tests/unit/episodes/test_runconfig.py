"""The committee run config: the timing benchmark is one of its runs, and narrowing keeps it."""

from __future__ import annotations

import pytest

from backtests.episodes.resolve import narrow
from backtests.episodes.runconfig import load_config


def test_timing_benchmark_is_a_run_and_narrowing_keeps_it() -> None:
    config = load_config()
    assert config.timing_benchmark == "strategic_static"
    kept = narrow(config, ["contrarian_qe"], None)  # the timing value stays (issue 19)
    assert kept.timing_benchmark == "strategic_static"
    assert [r.key for r in kept.runs] == ["sixty_forty", "strategic_static", "contrarian_qe",
                                          "playbook"]
    assert narrow(config, ["strategic_static"], None).timing_benchmark == "strategic_static"
    bad = config.model_dump() | {"timing_benchmark": "static"}
    with pytest.raises(ValueError, match="timing_benchmark 'static' is not one of the runs"):
        type(config).model_validate(bad)
