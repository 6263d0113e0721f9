"""The committee report on the real snapshot: contents, determinism, atomicity."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from backtests.data.store import Store
from backtests.errors import ConfigError
from backtests.report import build as build_module
from backtests.report.build import ReportSummary, build_report
from backtests.report.config import RunConfig, load_config, narrow

pytestmark = pytest.mark.integration
EPISODES = ["2008_gfc", "2020_covid"]


@pytest.fixture(scope="module")
def config() -> RunConfig:
    return narrow(load_config(), ["contrarian_qe"], EPISODES)  # + benchmark and highlight


@pytest.fixture(scope="module")
def first(real_store: Store, config: RunConfig,
          tmp_path_factory: pytest.TempPathFactory) -> ReportSummary:
    return build_report(config, real_store, tmp_path_factory.mktemp("reports"))


def test_report_has_every_part(first: ReportSummary) -> None:
    names = {p.name for p in first.folder.iterdir()}
    assert {"index.html", "metrics.csv", "returns.parquet", "weights.parquet", "run.json",
            "tearsheets"} <= names
    html = first.index.read_text()
    for s in ("contrarian_qe", "playbook", "sixty_forty"):
        assert f"<b>{s}</b>" in html
    for e in EPISODES:
        assert f'id="{e}"' in html
    assert "Rule audit trail" in html and "Event time" in html
    # opens without a network: no external scripts, styles or images (plotly.js is inline)
    assert "<script src=" not in html and "<link " not in html and 'src="http' not in html
    assert html.count("<script>") >= 2
    sheets = sorted(p.name for p in (first.folder / "tearsheets").iterdir())
    assert sheets == sorted(f"{s}__{e}.html" for s in ("contrarian_qe", "playbook")
                            for e in EPISODES)
    assert (first.folder.parent / "latest").resolve() == first.folder.resolve()


def test_metrics_csv_equals_the_engine_metrics(first: ReportSummary) -> None:
    table = pd.read_csv(first.folder / "metrics.csv")
    for run in first.runs:
        mine = table[(table.strategy == run.strategy) & (table.episode == run.episode)]
        got = dict(zip(mine.metric, mine.value, strict=True))
        for metric, value in run.metrics.items():
            if math.isnan(value):
                assert math.isnan(got[metric])
            else:
                assert got[metric] == pytest.approx(value, rel=1e-9, abs=1e-12), metric


def test_narrative_numbers_come_from_the_metrics(first: ReportSummary) -> None:
    gfc = {r.strategy: r.metrics for r in first.runs if r.episode == "2008_gfc"}
    expected = (f"In 2008_gfc, playbook fell {abs(gfc['playbook']['max_drawdown']):.1%} at worst "
                f"versus {abs(gfc['sixty_forty']['max_drawdown']):.1%} for sixty_forty")
    assert expected in first.index.read_text()


def test_a_second_run_gives_an_identical_metrics_csv(first: ReportSummary, real_store: Store,
                                                     config: RunConfig) -> None:
    again = build_report(config.model_copy(update={"tear_sheets": False}), real_store,
                         first.folder.parent / "again")
    assert (again.folder / "metrics.csv").read_bytes() == (
        first.folder / "metrics.csv").read_bytes()


def test_a_failed_run_leaves_latest_and_earlier_reports_intact(
        first: ReportSummary, real_store: Store, config: RunConfig,
        monkeypatch: pytest.MonkeyPatch) -> None:
    root = first.folder.parent
    before = sorted(p.name for p in root.iterdir())
    latest = (root / "latest").resolve()
    index = first.index.read_bytes()

    def broken(*args: object, **kwargs: object) -> str:
        raise RuntimeError("injected failure while rendering")

    monkeypatch.setattr(build_module, "render_index", broken)
    with pytest.raises(RuntimeError, match="injected failure"):
        build_report(config, real_store, root)
    assert sorted(p.name for p in root.iterdir()) == before  # no half-written folder
    assert (root / "latest").resolve() == latest
    assert first.index.read_bytes() == index


def test_config_errors_name_key_value_and_choices(tmp_path: Path) -> None:
    bad = tmp_path / "c.toml"
    text = (Path(__file__).parents[2] / "backtests/runs/committee.toml").read_text()
    bad.write_text(text.replace('benchmark = "sixty_forty"', 'benchmark = "sixty_fourty"'))
    with pytest.raises(ConfigError, match=r"benchmark 'sixty_fourty' is not one of the runs: "
                                          r"buy_and_hold, sixty_forty"):
        load_config(bad)
    bad.write_text(text.replace("tear_sheets = true", "tear_sheet = true"))
    with pytest.raises(ConfigError, match=r"unknown key 'tear_sheet' — did you mean 'tear_sheets'"):
        load_config(bad)
    with pytest.raises(ConfigError, match=r"--strategies: 'contrarian' is not one of"):
        narrow(load_config(), ["contrarian"], None)
