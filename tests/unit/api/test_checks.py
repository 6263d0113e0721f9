"""The API's argument checks: the exact line a user sees, and the values they let through."""

from __future__ import annotations

import pytest

from backtests.api import checks, paramchecks
from backtests.errors import ConfigError
from backtests.paths import PROJECT_ROOT
from strategies.registry import StrategyError


def test_blocks_and_presets() -> None:
    with pytest.raises(ConfigError, match=r"^blocks 3: must be an even number >= 2$"):
        checks.blocks(3)
    assert checks.blocks(10) == 10
    fast = PROJECT_ROOT / "strategies" / "presets" / "contrarian_fast.toml"
    with pytest.raises(StrategyError) as e:
        paramchecks.preset(fast, "playbook", "preset")
    assert str(e.value) == f"preset {fast} is for contrarian_qe, not playbook"
    name, values = paramchecks.preset(fast, None, "preset")
    assert name == "contrarian_qe"
    assert (values["vix_relief"], values["scale_in_days"], values["hold_months"]) == (0.2, 10, 6)
