"""Configuration refusals: grids, costs, labels and names that become paths, TOML
files; each refused with its exact line before any work is done."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from backtests.engine import costs as costs_module
from backtests.engine.costs import DEFAULT, Costs
from backtests.episodes.runconfig import CostsConfig, load_config
from backtests.errors import ConfigError
from backtests.paths import PROJECT_ROOT
from backtests.slug import NAME_RULE, case_clashes, check_name, check_symbol
from backtests.sweep import grid as grid_module
from backtests.sweep.grid import load_grid, parse_grid
from tests.unit.harness import cli, write_files

RANGE = "write e.g. { start = 5, stop = 40, step = 5 }"
AXIS = {"start": 0, "stop": 65_535, "step": 1}  # 65,536 values

GRIDS: list[tuple[str, dict, str]] = [
    ("a range of a billion values",
     {"scale_in_days": {"start": 1, "stop": 1_000_000_000, "step": 1}},
     "g.toml: 1,000,000,000 combinations (scale_in_days 1,000,000,000) exceed the limit of "
     "200,000; coarsen the grid"),
    ("four axes of 65,536 (np.prod overflowed to 0)",
     {"scale_in_days": AXIS, "hold_months": AXIS, "qe_within": AXIS, "crisis_memory": AXIS},
     "g.toml: 18,446,744,073,709,551,616 combinations (scale_in_days 65,536 x hold_months "
     "65,536 x qe_within 65,536 x crisis_memory 65,536) exceed the limit of 200,000; coarsen "
     "the grid"),
    ("a float step of 1e-12",
     {"vix_relief": {"start": 0.0, "stop": 1.0, "step": 1e-12}},
     "g.toml: 1,000,000,000,001 combinations (vix_relief 1,000,000,000,001) exceed the limit of "
     "200,000; coarsen the grid"),
    ("a range too wide for a float", {"vix_relief": {"start": -1e308, "stop": 1e308,
                                                     "step": 1e-300}},
     "g.toml: grid.vix_relief: the range from -1e+308 to 1e+308 by 1e-300 has more than 200,000 "
     "values; use a larger step"),
    ("NaN step", {"vix_relief": {"start": 0.1, "stop": 0.3, "step": float("nan")}},
     "g.toml: grid.vix_relief.step = nan: must be a finite number; " + RANGE),
    ("infinite step", {"vix_relief": {"start": 0.1, "stop": 0.3, "step": float("inf")}},
     "g.toml: grid.vix_relief.step = inf: must be a finite number; " + RANGE),
    ("infinite start", {"vix_relief": {"start": float("-inf"), "stop": 0.3, "step": 0.1}},
     "g.toml: grid.vix_relief.start = -inf: must be a finite number; " + RANGE),
    ("subnormal step", {"vix_relief": {"start": 0.1, "stop": 0.3, "step": 5e-324}},
     "g.toml: grid.vix_relief.step = 5e-324: must be a non-zero, normal number; e.g. step = "
     "0.05"),
    ("zero step", {"scale_in_days": {"start": 5, "stop": 40, "step": 0}},
     "g.toml: grid.scale_in_days.step = 0: must be a non-zero, normal number; e.g. step = 1"),
    ("string step", {"scale_in_days": {"start": 5, "stop": 40, "step": "5"}},
     "g.toml: grid.scale_in_days.step = '5' is not a number; " + RANGE),
    ("boolean step", {"scale_in_days": {"start": 5, "stop": 40, "step": True}},
     "g.toml: grid.scale_in_days.step = 'True' is not a number; " + RANGE),
    ("NaN in a list", {"vix_relief": [0.1, float("nan")]},
     "g.toml: grid.vix_relief[1] = nan: must be a finite number"),
    ("a key of 100 kB", {"x" * 100_000: [1]},
     "g.toml: '" + "x" * 40 + "…' (100,000 characters) is not a parameter of contrarian_qe; "
     "parameters: "),
]


@pytest.mark.parametrize(("grid", "message"), [g[1:] for g in GRIDS], ids=[g[0] for g in GRIDS])
def test_bad_grids_fail_before_anything_is_built(monkeypatch: pytest.MonkeyPatch, grid: dict,
                                                 message: str) -> None:
    def never(*args: object) -> None:
        raise AssertionError("an axis was materialised before the grid was checked")

    monkeypatch.setattr(grid_module, "_values", never)
    with pytest.raises(ConfigError) as info:
        parse_grid({"grid": grid}, "contrarian_qe", "g.toml")
    assert str(info.value).startswith(message)
    assert len(str(info.value)) < 1_000


@pytest.mark.parametrize(("raw", "message"), [
    ({"strategy": 5, "grid": {"vix_relief": [0.1]}},
     "g.toml: strategy = '5' is not a name; write e.g. strategy = \"contrarian_qe\""),
    ({"strategy": "playbook", "grid": [1, 2]},
     "g.toml: [grid] and [fixed] must be tables, e.g. [grid] then vix_relief = [0.1, 0.2]"),
])
def test_grid_structure(raw: dict, message: str) -> None:
    with pytest.raises(ConfigError) as info:
        parse_grid(raw, None, "g.toml")
    assert str(info.value) == message


def test_a_float_range_still_counts_its_stop() -> None:
    g = parse_grid({"grid": {"vix_relief": {"start": 0.1, "stop": 0.3, "step": 0.1}}},
                   "contrarian_qe", "g.toml")
    assert g.axes == {"vix_relief": [0.1, 0.2, 0.3]}


# ---------------------------------------------------------------- costs: one definition
@pytest.mark.parametrize(("kwargs", "message"), [
    ({"fee_bps": -1}, "costs.fee_bps = -1: must be a number >= 0 and < 10000 (basis points per "
                      "trade; --fee-bps on the command line); the default is 5.0"),
    ({"slippage_bps": float("nan")}, "costs.slippage_bps = nan: must be a number >= 0 and < "
                                     "10000 (basis points per trade; --slippage-bps on the "
                                     "command line); the default is 5.0"),
    ({"band": float("inf")}, "costs.band = inf: must be a number >= 0 and < 1 (weight drift, "
                             "e.g. 0.02 = 2pp; --band on the command line); the default is 0.02"),
    ({"band": 1.0}, "costs.band = 1.0: must be a number >= 0 and < 1 (weight drift, e.g. 0.02 = "
                    "2pp; --band on the command line); the default is 0.02"),
    ({"fee_bps": True}, "costs.fee_bps = True: must be a number >= 0 and < 10000 (basis points "
                        "per trade; --fee-bps on the command line); the default is 5.0"),
    ({"fee_bps": "5"}, "costs.fee_bps = '5': must be a number >= 0 and < 10000 (basis points per "
                       "trade; --fee-bps on the command line); the default is 5.0"),
])
def test_costs_refuse_bad_values(kwargs: dict, message: str, tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        Costs(**kwargs)
    assert str(info.value) == message
    # a run configuration's [costs] is refused by the same check, in the same words
    (key, value), = kwargs.items()
    toml = ("true" if value is True else str(value).lower() if isinstance(value, float)
            else repr(value))
    base = (PROJECT_ROOT / "backtests" / "runs" / "committee.toml").read_text()
    config = tmp_path / "run.toml"
    config.write_text(re.sub(rf"(?m)^{key} = .*$", f"{key} = {toml}".replace("'", '"'), base))
    with pytest.raises(ConfigError) as info:
        load_config(config)
    shown = message.split(" = ", 1)[1].split(":", 1)[0]
    assert str(info.value) == f"{config}: '{key.join(['costs.', ''])}' = {shown}: " + (
        message.split(": ", 1)[1])


def test_cost_defaults_have_one_definition() -> None:
    from backtests.engine.portfolio import Costs as EngineCosts

    assert EngineCosts is Costs
    assert Costs(**CostsConfig().model_dump()) == DEFAULT == Costs(5.0, 5.0, 0.02)
    assert costs_module.LIMITS == {"fee_bps": 10_000.0, "slippage_bps": 10_000.0, "band": 1.0}


def test_sweep_takes_costs_and_refuses_bad_ones_before_any_work(tmp_path: Path) -> None:
    result = cli("sweep", "--grid", tmp_path / "absent.toml", "--slippage-bps", "-2")
    assert (result.exit_code, result.output) == (2, (
        "error: costs.slippage_bps = -2.0: must be a number >= 0 and < 10000 (basis points per "
        "trade; --slippage-bps on the command line); the default is 5.0\n"))
    result = cli("backtest", "--strategy", "playbook", "--band", "nan")
    assert (result.exit_code, result.output) == (2, (
        "error: costs.band = nan: must be a number >= 0 and < 1 (weight drift, e.g. 0.02 = 2pp; "
        "--band on the command line); the default is 0.02\n"))


# ---------------------------------------------------------------- names that become paths
LABELS = ["../../../escaped", "a/b", ".hidden", "a__b", "x" * 65, "[/x]", "café", "con sole",
          "-dash"]


@pytest.mark.parametrize("label", LABELS)
def test_run_labels_that_cannot_be_file_names_are_refused(tmp_path: Path, label: str) -> None:
    path = write_files(tmp_path, {"run.toml": _config(label)}) / "run.toml"
    with pytest.raises(ConfigError) as info:
        load_config(path)
    shown = label if len(label) <= 40 else label[:40] + "…"
    assert str(info.value) == (f"{path}: run label '{shown}'"
                               + (f" ({len(label)} characters)" if len(label) > 40 else "")
                               + f" cannot be used in a file name: use {NAME_RULE}")


def test_labels_equal_but_for_case_are_refused(tmp_path: Path) -> None:
    path = write_files(tmp_path, {"run.toml": _config("Fast", "fast")}) / "run.toml"
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert str(info.value) == (f"{path}: run labels Fast/fast differ only in case (one file name "
                               "on macOS and Windows); rename one")


def test_episode_names_that_cannot_be_file_names_are_refused(tmp_path: Path) -> None:
    result = cli("run", "--episodes", "2008_gfc,../x", "--no-tear-sheets", "--out", tmp_path)
    assert (result.exit_code, result.output) == (2, (
        f"error: --episodes: episode '../x' cannot be used in a file name: use {NAME_RULE}\n"))
    assert list(tmp_path.iterdir()) == []


def test_the_slug_rule_itself() -> None:
    assert check_name("contrarian_fast", "label") == "contrarian_fast"
    assert check_symbol("DX-Y.NYB", "symbol") == "DX-Y.NYB" and check_symbol("^GSPC", "s")
    for bad in ("..", "a..b", "/x", "^^X", "x" * 33, "a b"):
        with pytest.raises(ConfigError, match="is not a valid symbol"):
            check_symbol(bad, "symbol")
    assert case_clashes(["a", "B", "A", "b", "c"]) == ["a/A", "B/b"]


# ---------------------------------------------------------------- TOML files
def test_toml_files_that_are_not_text_or_not_files(tmp_path: Path) -> None:
    grid = tmp_path / "g.toml"
    grid.write_bytes(b'strategy = "\xff"\n')
    result = cli("sweep", "--grid", grid)
    assert (result.exit_code, result.output) == (2, (
        f"error: {grid}: grid file is not UTF-8 text (byte 0xff at offset 12); re-save it as "
        "UTF-8\n"))
    result = cli("sweep", "--grid", tmp_path)
    assert (result.exit_code, result.output) == (2, (
        f"error: cannot read grid file {tmp_path}: is a folder, not a file (EISDIR); give the "
        "path of a file\n"))
    result = cli("run", "--config", tmp_path / "none.toml")
    assert (result.exit_code, result.output) == (2, (
        f"error: {tmp_path / 'none.toml'}: run configuration not found\n"))
    grid.write_bytes(b"\xef\xbb\xbf" + b'strategy = "contrarian_qe"\n[grid]\nvix_relief = [0.1]\n')
    assert load_grid(grid).axes == {"vix_relief": [0.1]}  # a BOM is fine
    grid.write_text("[grid\n")
    result = cli("sweep", "--grid", grid)
    assert (result.exit_code, result.output) == (2, (
        f"error: {grid}: not valid TOML (Expected ']' at the end of a table declaration (at line "
        "1, column 6)); fix the syntax\n"))


def _config(*labels: str) -> str:
    runs = "".join(f'[[runs]]\nname = "playbook"\nlabel = "{label}"\n' for label in labels)
    return (f'title = "t"\nbenchmark = "{labels[0]}"\nhighlight = "{labels[0]}"\n'
            f'episodes = ["2008_gfc"]\n{runs}')
