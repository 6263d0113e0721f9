"""Your own universe: files that extend or replace data/universe.toml, named errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from backtests.data.universe import DEFAULT_UNIVERSE, load_universe
from backtests.data.universe_ext import ENV_VAR, config_layers
from backtests.errors import ConfigError
from tests.unit.harness import cli

INTL = """
[sleeves.intl_equity]
description = "Developed ex-US equity: EFA"
fallback = "us_equity"
sources = [{ symbol = "EFA" }]
"""
EFA = """
[series."EFA"]
kind = "price"
description = "iShares MSCI EAFE ETF"
"""


def write(tmp_path: Path, text: str, name: str = "mine.toml") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def test_a_file_adds_a_sleeve_and_a_series_and_keeps_the_rest(tmp_path: Path) -> None:
    base = load_universe(extra=[])
    mine = load_universe(extra=[write(tmp_path, INTL + EFA)])
    assert set(mine.sleeves) == set(base.sleeves) | {"intl_equity"}
    assert mine.sleeves["intl_equity"].fallback == "us_equity"
    assert mine.series["EFA"].kind == "price" and set(base.series) < set(mine.series)
    assert mine.sleeves["cash"] == base.sleeves["cash"]


def test_a_table_of_the_same_name_is_replaced_whole(tmp_path: Path) -> None:
    text = '[sleeves.gold]\ndescription = "Gold: GLD only"\nfallback = "cash"\n' \
           'sources = [{ symbol = "GLD" }]\n'
    mine = load_universe(extra=[write(tmp_path, text)])
    assert [s.symbol for s in mine.sleeves["gold"].sources] == ["GLD"]


def test_replace_true_uses_the_file_instead(tmp_path: Path) -> None:
    text = DEFAULT_UNIVERSE.read_text().split("[sleeves.us_growth]")[0]
    whole = ("replace = true\n" + text.split("\n[sleeves.us_equity]")[0]
             + "\n[sleeves.cash]\ndescription = \"c\"\nsources = [{ symbol = \"DTB3\", method "
             "= \"bill_accrual\" }]\n[series.\"^GSPC\"]\nkind = \"price\"\ndescription = \"x\"\n"
             "[series.DTB3]\nkind = \"fred\"\ndescription = \"bill\"\n")
    mine = load_universe(extra=[write(tmp_path, whole)])
    assert set(mine.sleeves) == {"cash"} and set(mine.series) == {"^GSPC", "DTB3"}


def test_an_undefined_series_names_the_file_the_key_and_the_fix(tmp_path: Path) -> None:
    path = write(tmp_path, INTL)
    with pytest.raises(ConfigError) as info:
        load_universe(extra=[path])
    assert str(info.value) == (
        f"{path}: sleeves.intl_equity.sources[0].symbol = 'EFA' is not a defined series; fix: "
        "add a [series.\"EFA\"] table (kind, description, release) to this file, or use one of "
        "the universe's series")


def test_an_undefined_fallback_names_the_sleeves(tmp_path: Path) -> None:
    path = write(tmp_path, INTL.replace('"us_equity"', '"us_equties"') + EFA)
    with pytest.raises(ConfigError, match=(
            rf"^{path}: sleeves.intl_equity.fallback = 'us_equties' is not a sleeve; fix: one "
            r"of us_equity, us_growth, ")):
        load_universe(extra=[path])


def test_unknown_keys_and_missing_files_are_one_line(tmp_path: Path) -> None:
    path = write(tmp_path, "[sleeve.x]\n")
    with pytest.raises(ConfigError, match=rf"^{path}: unknown key 'sleeve' in a universe "
                                          r"extension; allowed: calendar, replace, series, "):
        load_universe(extra=[path])
    with pytest.raises(ConfigError, match=r"nope.toml: universe file not found \(given with "
                                          rf"--universe or \${ENV_VAR}\); check the path$"):
        load_universe(extra=[tmp_path / "nope.toml"])


def test_the_environment_carries_the_cli_option(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_VAR, str(write(tmp_path, INTL + EFA)))
    assert "intl_equity" in load_universe().sleeves
    monkeypatch.setenv(ENV_VAR, "")
    assert "intl_equity" not in load_universe().sleeves


def test_a_run_configurations_universe_table(tmp_path: Path) -> None:
    write(tmp_path, EFA, "efa.toml")
    table = {"files": ["efa.toml"], "sleeves": {"intl_equity": {
        "description": "EFA", "fallback": "us_equity", "sources": [{"symbol": "EFA"}]}}}
    mine = load_universe(extra=[], inline=config_layers(table, "run.toml", tmp_path))
    assert mine.sleeves["intl_equity"].sources[0].symbol == "EFA"
    with pytest.raises(ConfigError, match=r"^run.toml: unknown key 'universe.file'; allowed: "
                                          r"files, calendar, replace, series, sleeves, start$"):
        config_layers({"file": "x"}, "run.toml", tmp_path)


def test_the_cli_option_reaches_every_command(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_VAR, "")
    path = write(tmp_path, INTL)
    result = cli("--universe", path, "data", "import", tmp_path, "--store", tmp_path / "store")
    assert (result.exit_code, result.output) == (2, (
        f"error: {path}: sleeves.intl_equity.sources[0].symbol = 'EFA' is not a defined "
        "series; fix: add a [series.\"EFA\"] table (kind, description, release) to this file, "
        "or use one of the universe's series\n"))


def test_a_run_configuration_carries_its_universe_to_the_run() -> None:
    from backtests.episodes.resolve import run_universe
    from backtests.episodes.runconfig import RunConfig, load_config

    config = load_config()
    assert run_universe(config) is None  # no [universe]: the default
    table = {"sleeves": {"intl_equity": {"description": "EFA", "fallback": "us_equity",
                                         "sources": [{"symbol": "EFA"}]}},
             "series": {"EFA": {"kind": "price", "description": "iShares MSCI EAFE"}}}
    mine = RunConfig.model_validate({**config.model_dump(), "universe": table})
    universe = run_universe(mine)
    assert universe is not None and "intl_equity" in universe.sleeves
