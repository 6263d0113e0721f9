"""One check, two doors: a request checked in full before any data is read, with the same
message from Python and from the command line, each in its own words.

The CLI runs with --store pointing at a folder that does not exist: had the check not come
first, the command would stop on the empty store instead.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from backtests.api import checks, specs
from backtests.api.checks import CLI, PYTHON
from backtests.engine.costs import Costs
from backtests.episodes.definitions import load_episodes
from backtests.errors import ConfigError
from backtests.paths import PROJECT_ROOT
from strategies.regimes import RegimeParams
from strategies.registry import STRATEGIES, StrategyError
from tests.unit.harness import cli

EPISODES = load_episodes()
NAMES = ", ".join(EPISODES)
GRID = PROJECT_ROOT / "backtests" / "runs" / "contrarian_grid.toml"
PRESET = PROJECT_ROOT / "strategies" / "presets" / "contrarian_fast.toml"
CORE = ("total_return, cagr, ann_volatility, sharpe, sortino, max_drawdown, calmar, "
        "annual_turnover, rebalances")


def backtest(strategy: str | None = "contrarian_qe", episode: str = "2008_gfc",
             **kw: Any) -> Callable[[Any], object]:
    values = kw.pop("values", {})
    return lambda names: specs.backtest_spec(strategy, episode, values, known=EPISODES,
                                             base=RegimeParams(), names=names, **kw)


def sweep(**kw: Any) -> Callable[[Any], object]:
    return lambda names: specs.sweep_spec(GRID, known=EPISODES, base=RegimeParams(),
                                          names=names, **kw)


def run(**kw: Any) -> Callable[[Any], object]:
    return lambda names: specs.run_config(names=names, **kw)


CASES = [  # (CLI arguments, what the CLI prints, the same request in Python, its message)
    (["backtest", "--strategy", "contrarian_qe", "--set", "scale_in_dyas=10"],
     "--set of contrarian_qe: unknown key 'scale_in_dyas' — did you mean 'scale_in_days'?",
     backtest(values={"scale_in_dyas": 10}),
     "parameters of contrarian_qe: unknown key 'scale_in_dyas' — did you mean "
     "'scale_in_days'?"),
    (["backtest", "--strategy", "contrarian_qe", "--set", "crisis_drawdown=0.18"],
     "--set of contrarian_qe: 'crisis_drawdown' is a threshold of the regime machine, not of "
     "the rule; write it as 'regime.crisis_drawdown'",
     backtest(values={"crisis_drawdown": 0.18}),
     "parameters of contrarian_qe: 'crisis_drawdown' is a threshold of the regime machine, "
     "not of the rule; write it as 'regime.crisis_drawdown'"),
    (["backtest", "--strategy", "contrarian_qe", "--set", "regime.vix_relef=0.2"],
     "--set (regime): unknown key 'vix_relef' — did you mean 'vix_relief'?",
     backtest(values={"regime.vix_relef": 0.2}),
     "parameters (regime): unknown key 'vix_relef' — did you mean 'vix_relief'?"),
    (["backtest", "--strategy", "contrarian_qe", "--episode", "2008_gcf"],
     f"--episode: '2008_gcf' is not one of {NAMES} — did you mean '2008_gfc'?",
     backtest(episode="2008_gcf"),
     f"episode: '2008_gcf' is not one of {NAMES} — did you mean '2008_gfc'?"),
    (["backtest"], f"--strategy (or --preset) is required; one of {', '.join(STRATEGIES)}",
     backtest(strategy=None),
     f"backtest: strategy (or preset) is required; one of {', '.join(STRATEGIES)}"),
    (["backtest", "--preset", PRESET, "--strategy", "playbook"],
     f"--preset {PRESET} is for contrarian_qe, not playbook",
     backtest(strategy="playbook", preset=PRESET),
     f"preset {PRESET} is for contrarian_qe, not playbook"),
    (["sweep", "--grid", GRID, "--metric", "calmr"],
     f"--metric: 'calmr' is not one of {CORE} — did you mean 'calmar'?",
     sweep(metric="calmr"), f"metric: 'calmr' is not one of {CORE} — did you mean 'calmar'?"),
    (["sweep", "--grid", GRID, "--episodes", "2008_gfc,2020_covd"],
     f"--episodes: '2020_covd' is not one of {NAMES} — did you mean '2020_covid'?",
     sweep(episodes=["2008_gfc", "2020_covd"]),
     f"episodes: '2020_covd' is not one of {NAMES} — did you mean '2020_covid'?"),
    (["sweep", "--grid", GRID, "--blocks", "3"], "--blocks 3: must be an even number >= 2",
     sweep(blocks=3), "blocks 3: must be an even number >= 2"),
    (["sweep", "--grid", GRID, "--workers", "2", "--scheduler", "tcp://x:8786"],
     "give --scheduler ADDRESS (an existing cluster) or --workers N (a local one), not both",
     sweep(workers=2, scheduler="tcp://x:8786"),
     "give scheduler=ADDRESS (an existing cluster) or workers=N (a local one), not both"),
    (["sweep", "--grid", GRID, "--workers", "0"], "--workers 0: must be at least 1",
     sweep(workers=0), "workers 0: must be at least 1"),
    (["run", "--strategies", "contrarian"],
     f"--strategies: 'contrarian' is not one of {', '.join(STRATEGIES)} — did you mean "
     "'contrarian_qe'?",
     run(strategies="contrarian"),
     f"strategies: 'contrarian' is not one of {', '.join(STRATEGIES)} — did you mean "
     "'contrarian_qe'?"),
    (["run", "--episodes", "2008_gfc,2008_gcf"],
     f"--episodes: '2008_gcf' is not one of {NAMES} — did you mean '2008_gfc'?",
     run(episodes=["2008_gfc", "2008_gcf"]),
     f"episodes: '2008_gcf' is not one of {NAMES} — did you mean '2008_gfc'?"),
    (["replay", "--analogue", "2008_gfc", "--from", "2007-10-09", "--to", "2008-10-09"],
     "use either --analogue NAME [--months N] or --from DATE --to DATE",
     lambda names: checks.replay_choice("2008_gfc", None, ("2007-10-09", "2008-10-09"), names),
     "replay: use either analogue=NAME [months=N] or window=(FIRST_DAY, LAST_DAY)"),
]


@pytest.mark.parametrize(("argv", "line", "call", "message"), CASES,
                         ids=[" ".join(str(a) for a in c[0][:4]) for c in CASES])
def test_the_cli_and_python_get_one_check_in_their_own_words(
        tmp_path: Path, argv: list[str | Path], line: str, call: Callable[[Any], object],
        message: str) -> None:
    result = cli(*argv, "--store", tmp_path / "no-store")
    assert (result.exit_code, result.output) == (2, f"error: {line}\n")
    with pytest.raises((ConfigError, StrategyError)) as e:
        call(PYTHON)
    assert str(e.value) == message
    with pytest.raises((ConfigError, StrategyError)) as e:
        call(CLI)
    assert str(e.value) == line
    assert not (tmp_path / "no-store").exists()


def test_a_backtest_spec_holds_the_validated_request() -> None:
    spec = specs.backtest_spec(None, "2020_covid", {"hold_months": 3,
                                                    "regime.crisis_drawdown": 0.18},
                               known=EPISODES, base=RegimeParams(), preset=PRESET,
                               costs={"fee_bps": 10})
    assert (spec.strategy, spec.episode, spec.benchmark) == ("contrarian_qe", "2020_covid",
                                                             "sixty_forty")
    assert (spec.params.scale_in_days, spec.params.hold_months) == (10, 3)  # preset, then --set
    assert spec.regime.crisis_drawdown == 0.18 and spec.costs == Costs(fee_bps=10)
    assert spec.episode_def is EPISODES["2020_covid"]
    assert spec.label == ("contrarian_qe[vix_relief=0.2, scale_in_days=10, hold_months=3, "
                          "regime.crisis_drawdown=0.18, fee_bps=10]")


def test_a_sweep_spec_checks_its_folder_and_keeps_the_markets_thresholds(
        tmp_path: Path) -> None:
    (tmp_path / "f").write_text("x")
    with pytest.raises(ConfigError) as e:
        specs.sweep_spec(GRID, known=EPISODES, base=RegimeParams(), out=tmp_path / "f")
    assert str(e.value) == (f"out {tmp_path / 'f'} is a file, not a folder; give a folder (it "
                            "is created if missing)")
    spec = specs.sweep_spec({"scale_in_days": [5, 10]}, "contrarian_qe", "2008_gfc",
                            known=EPISODES, base=RegimeParams(crisis_drawdown=0.18),
                            out=tmp_path / "new" / "sweeps")
    assert (tmp_path / "new" / "sweeps").is_dir() and list(spec.episodes) == ["2008_gfc"]
    assert {p.crisis_drawdown for p in spec.grid.regime_params} == {0.18}
    assert specs.sweep_spec(GRID, known=EPISODES, base=RegimeParams(), walk_forward=True,
                            out=tmp_path).episodes.keys() >= {"2008_gfc", "2022_hiking_qt"}


def test_tear_sheets_are_named_like_the_option() -> None:
    assert (checks.tear_sheets(True), checks.tear_sheets(False)) == ("all", "none")
    assert checks.tear_sheets("highlight") == "highlight"
    with pytest.raises(ConfigError) as e:
        checks.tear_sheets("al")
    assert str(e.value) == ("tear_sheets: 'al' is not one of highlight, all, none — did you "
                            "mean 'all'?")


def test_a_run_configuration_is_narrowed_like_playbook_run(tmp_path: Path) -> None:
    cfg = specs.run_config(None, "contrarian_qe", "2008_gfc,2020_covid",
                           costs={"fee_bps": 10}, regime={"vix_relief": 0.25})
    assert [r.key for r in cfg.runs] == ["sixty_forty", "strategic_static", "contrarian_qe",
                                       "playbook"]  # the timing benchmark stays
    assert cfg.episodes == ["2008_gfc", "2020_covid"]
    assert (cfg.costs.fee_bps, cfg.regime.vix_relief) == (10, 0.25)
    with pytest.raises(ConfigError) as e:
        specs.run_config(episodes=["2008_gfc", "../x"], names=CLI)
    assert str(e.value).startswith("--episodes: episode '../x' cannot be used in a file name")
    mine = tmp_path / "mine.toml"
    mine.write_text('[episodes.my_crash]\nrole = "holdout"\ndescription = "mine"\n'
                    'start = "2022-01-03"\nend = "2022-10-12"\nwarmup_days = 320\n')
    cfg = specs.run_config(episodes_file=mine)
    assert cfg.episodes == ["my_crash"] and cfg.episodes_file == str(mine.resolve())
