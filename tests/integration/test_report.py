"""The committee report on the real snapshot: contents, PDF, determinism, atomicity, escaping."""

from __future__ import annotations

import json
import math
import re
import zlib
from pathlib import Path

import pandas as pd
import pytest

from backtests.committee import stages
from backtests.committee.job import ReportSummary, build_report
from backtests.data.events import load_events
from backtests.data.store import Store
from backtests.episodes.definitions import load_episodes
from backtests.episodes.resolve import narrow
from backtests.episodes.runconfig import RunConfig, load_config
from backtests.errors import ConfigError
from backtests.report.glossary import BY_KEY

pytestmark = pytest.mark.integration
EPISODES = ["2008_gfc", "2020_covid"]
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def pdf_text(data: bytes) -> str:
    """The text drawn on a matplotlib PDF's pages (string operands of Tj and TJ)."""
    out = []
    for m in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            raw = zlib.decompress(m.group(1))
        except zlib.error:
            continue
        for arr in re.findall(rb"\[(.*?)\]\s*TJ", raw, re.S):
            out.append(b"".join(re.findall(rb"\(((?:[^()\\]|\\.)*)\)", arr)))
        out += re.findall(rb"\(((?:[^()\\]|\\.)*)\)\s*Tj", raw)
    return b"\n".join(out).decode("latin-1")


@pytest.fixture(scope="module")
def config() -> RunConfig:
    return narrow(load_config(), ["contrarian_qe"], EPISODES)  # + benchmark and highlight


@pytest.fixture(scope="module")
def first(real_store: Store, config: RunConfig,
          tmp_path_factory: pytest.TempPathFactory) -> ReportSummary:
    return build_report(config, real_store, tmp_path_factory.mktemp("reports"))


def test_report_has_every_part(first: ReportSummary) -> None:
    names = {p.name for p in first.folder.iterdir()}
    assert {"index.html", "report.pdf", "metrics.csv", "returns.parquet", "weights.parquet",
            "run.json", "tearsheets"} <= names
    html = first.index.read_text()
    for s in ("contrarian_<wbr>qe", "playbook", "sixty_<wbr>forty"):
        assert f"<b>{s}</b>" in html
    for e in EPISODES:
        assert f'id="{e}"' in html
    for part in ("Rule audit trail", "Event time", "The rules", "Where the difference",
                 "Glossary", "Colour rule:", "pp a year"):
        assert part in html, part
    # opens without a network: no external scripts, styles or images (plotly.js is inline)
    assert "<script src=" not in html and "<link " not in html and 'src="http' not in html


def test_the_highlights_tear_sheets_are_built_the_others_on_demand(first: ReportSummary) -> None:
    sheets = {p.stem: p.read_text() for p in (first.folder / "tearsheets").iterdir()}
    assert sorted(sheets) == sorted(f"{s}__{e}" for e in EPISODES for s in (
        "contrarian_qe", "playbook", "strategic_static"))  # --strategies keeps the timing run
    for e in EPISODES:
        real, todo = sheets[f"playbook__{e}"], sheets[f"contrarian_qe__{e}"]
        assert "QuantStats" in real and "Benchmark: sixty_forty" in real
        assert "BENCHMARK" not in real and "\ufe6a" not in real and "<td>YTD</td>" not in real
        assert f"playbook tearsheets reports/{first.run_id} --strategies contrarian_qe " \
               f"--episodes {e}" in todo
    meta = json.loads((first.folder / "run.json").read_text())
    assert meta["tear_sheets"]["built"] == sorted(f"playbook__{e}" for e in EPISODES)


def test_report_pdf_is_the_committee_pack(first: ReportSummary) -> None:
    data = first.pdf.read_bytes()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    pages = len(re.findall(rb"/Type\s*/Page\b", data))
    # the plan, headline, rules, now, holdings, one per (design) episode, scorecard,
    # assumptions
    assert pages == 1 + 2 + 2 + len(EPISODES) + 1 + 1
    text = pdf_text(data)
    for name in ("sixty_forty", "contrarian_qe", "playbook", *EPISODES, "The rules",
                 "Where we are now", "the scorecard",
                 "Assumptions and"):  # ("definitions" is drawn with an 'fi' ligature)
        assert name in text, name


def test_every_metric_is_defined_and_in_metrics_csv(first: ReportSummary) -> None:
    table = pd.read_csv(first.folder / "metrics.csv")
    for run in first.runs:
        mine = table[(table.strategy == run.strategy) & (table.episode == run.episode)]
        got = dict(zip(mine.metric, mine.value, strict=True))
        for metric, value in run.metrics.items():
            assert metric in BY_KEY, f"{metric} has no glossary entry"
            if math.isnan(value):
                assert math.isnan(got[metric])
            else:
                assert got[metric] == pytest.approx(value, rel=1e-9, abs=1e-12), metric
    assert {"cost_drag_bp", "costs_total", "time_to_recover_days"} <= set(table.metric)


def test_buy_and_hold_turnover_is_zero_once_the_purchase_is_left_out(
        real_store: Store, tmp_path: Path) -> None:
    config = narrow(load_config(), ["buy_and_hold"], ["2008_gfc"]).model_copy(
        update={"tear_sheets": "none"})
    summary = build_report(config, real_store, tmp_path)
    hold = next(r for r in summary.runs if r.strategy == "buy_and_hold")
    assert hold.metrics["annual_turnover"] == 0.0
    assert hold.metrics["costs_total"] == pytest.approx(hold.result.costs_paid)
    assert not (summary.folder / "tearsheets").exists()


def test_attribution_adds_up_on_the_real_runs(first: ReportSummary, real_store: Store) -> None:
    from backtests.episodes.attribution import attribute
    from backtests.episodes.runner import load_market

    market = load_market(real_store)
    att = attribute(first.runs, market, "sixty_forty", EPISODES)
    for e in EPISODES:
        by = {r.strategy: r.metrics["total_return"] for r in first.runs if r.episode == e}
        for s in ("contrarian_qe", "playbook"):
            total = by[s] - by["sixty_forty"]
            assert att[e].by_regime[s].sum() == pytest.approx(total, abs=1e-10)
            assert att[e].by_sleeve[s].sum() == pytest.approx(total, abs=1e-10)


def test_narrative_numbers_come_from_the_metrics(first: ReportSummary) -> None:
    gfc = {r.strategy: r.metrics for r in first.runs if r.episode == "2008_gfc"}
    expected = (f"In 2008_gfc, playbook fell {abs(gfc['playbook']['max_drawdown']):.1%} at worst "
                f"versus {abs(gfc['sixty_forty']['max_drawdown']):.1%} for sixty_forty")
    assert expected in first.index.read_text()


def test_timings_are_measured_and_kept(first: ReportSummary) -> None:
    meta = json.loads((first.folder / "run.json").read_text())
    steps = meta["timings"]
    for step in ("load market", "backtests", "charts", "index.html", "report.pdf",
                 "tear sheets", "total"):
        assert steps[step]["cpu_s"] >= 0 and steps[step]["wall_s"] > 0, step
    assert steps["total"]["wall_s"] >= steps["backtests"]["wall_s"]


def test_a_second_run_gives_an_identical_metrics_csv(first: ReportSummary, real_store: Store,
                                                     config: RunConfig) -> None:
    again = build_report(config.model_copy(update={"tear_sheets": "none"}), real_store,
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

    monkeypatch.setattr(stages, "render_index", broken)
    with pytest.raises(RuntimeError, match="injected failure"):
        build_report(config, real_store, root)
    assert sorted(p.name for p in root.iterdir()) == before  # no half-written folder
    assert (root / "latest").resolve() == latest
    assert first.index.read_bytes() == index


def test_user_text_is_escaped_everywhere_and_latest_alone_works(real_store: Store,
                                                                 tmp_path: Path) -> None:
    """A hostile title, episode description and event text; `latest` has no phase markers
    (no event-time chart) and its tear sheet is built."""
    catalog = load_episodes()
    catalog["latest"] = catalog["latest"].model_copy(update={"description": HOSTILE})
    events = [e if e.type != "rate_cut" else type(e)(e.date, e.type, HOSTILE, e.time_et,
                                                      e.source_url) for e in load_events()]
    config = narrow(load_config(), None, ["latest"]).model_copy(update={"title": HOSTILE})
    summary = build_report(config, real_store, tmp_path, events=events, catalog=catalog)
    pages = [summary.index.read_text(),
             *(p.read_text() for p in (summary.folder / "tearsheets").iterdir())]
    for page in pages:
        assert "<script>alert" not in page and "<img src=x" not in page
    html = pages[0]
    assert "&lt;script&gt;alert" in html  # the title and description, escaped
    assert "\\u0026lt;script\\u0026gt;alert" in html  # the event's hover text, in the JSON
    assert 'id="event-time"' not in html  # no episode names a peak or a QE date
    assert summary.pdf.is_file()


def test_config_errors_name_key_value_and_choices(tmp_path: Path) -> None:
    bad = tmp_path / "c.toml"
    text = (Path(__file__).parents[2] / "backtests/runs/committee.toml").read_text()
    bad.write_text(text.replace('benchmark = "sixty_forty"', 'benchmark = "sixty_fourty"'))
    with pytest.raises(ConfigError, match=r"benchmark 'sixty_fourty' is not one of the runs: "
                                          r"buy_and_hold, sixty_forty"):
        load_config(bad)
    bad.write_text(text.replace('tear_sheets = "highlight"', 'tear_sheet = "highlight"'))
    with pytest.raises(ConfigError, match=r"unknown key 'tear_sheet' — did you mean 'tear_sheets'"):
        load_config(bad)
    with pytest.raises(ConfigError, match=r"--strategies: 'contrarian' is not one of"):
        narrow(load_config(), ["contrarian"], None)
