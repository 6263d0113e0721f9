"""The universe file: validation messages users see."""

from __future__ import annotations

from pathlib import Path

import pytest

from backtests.data.universe import file_stem, load_universe
from backtests.errors import ConfigError

MINI = """
calendar = "^GSPC"
[sleeves.us_equity]
description = "x"
sources = [{ symbol = "SPY" }]
fallback = "cash"
[sleeves.cash]
description = "x"
sources = [{ symbol = "DTB3", method = "bill_accrual" }]
[series."^GSPC"]
kind = "price"
description = "x"
[series.SPY]
kind = "price"
description = "x"
[series.DTB3]
kind = "fred"
description = "x"
"""


def _load(tmp_path: Path, text: str) -> None:
    (tmp_path / "u.toml").write_text(text)
    load_universe(tmp_path / "u.toml")


def test_minimal_universe_loads(tmp_path: Path) -> None:
    _load(tmp_path, MINI)


def test_unknown_key_suggests_the_right_one(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"unknown key 'sleeves.us_equity.sources.0.methd' — "
                                          r"did you mean 'method'\?"):
        _load(tmp_path, MINI.replace('symbol = "SPY"', 'symbol = "SPY", methd = "adj_close"'))


def test_bad_release_rule_quotes_the_value(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"'series.DTB3.release' = 'next_week': "
                                          r"expected same_day"):
        _load(tmp_path, MINI + 'release = "next_week"\n')


def test_undefined_symbol_is_named(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"u\.toml: sleeves\.us_equity\.sources\[0\]\.symbol = "
                                          r"'QQQ' is not a defined series; fix: add a "):
        _load(tmp_path, MINI.replace('symbol = "SPY"', 'symbol = "QQQ"'))


def test_toml_syntax_error_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"u\.toml: not valid TOML"):
        _load(tmp_path, "calendar = \n")


def test_file_stem_matches_snapshot_convention() -> None:
    assert [file_stem(s) for s in ["^GSPC", "GC=F", "DX-Y.NYB", "000001.SS", "SPY"]] == [
        "IDX_GSPC", "GC_F", "DX_Y_NYB", "000001_SS", "SPY"]
