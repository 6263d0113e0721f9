"""The committee report's evidence on the real snapshot: scorecard, intervals, timing value, the now
panel and its dates banner, alerts, unknown triggers, report.pdf's pages, the analogues."""

from __future__ import annotations

import html as htmllib
import json
import re

import pandas as pd
import pytest

from backtests.committee.job import ReportSummary, build_report
from backtests.data.store import Store
from backtests.episodes.definitions import load_episodes
from backtests.episodes.resolve import narrow
from backtests.episodes.runconfig import RunConfig, load_config
from backtests.episodes.runner import MarketData
from backtests.evaluate.scorecard import holdout_sentence, scorecard
from tests.integration.test_report import pdf_text

pytestmark = pytest.mark.integration
EPISODES = ["2019_repo", "2011_euro_downgrade", "2022_hiking_qt", "latest"]
STRATEGIES = ["contrarian_qe", "strategic_static"]  # + the benchmark and the highlight


@pytest.fixture(scope="module")
def config() -> RunConfig:
    return narrow(load_config(), STRATEGIES, EPISODES).model_copy(
        update={"tear_sheets": "none"})


@pytest.fixture(scope="module")
def full(real_store: Store, config: RunConfig,
         tmp_path_factory: pytest.TempPathFactory) -> ReportSummary:
    return build_report(config, real_store, tmp_path_factory.mktemp("reports"))


@pytest.fixture(scope="module")
def page(full: ReportSummary) -> str:
    return full.index.read_text(encoding="utf-8")


def part(page: str, start: str, end: str) -> str:
    a = page.index(start)
    return page[a:page.index(end, a + len(start))]


def test_scorecard_cells_are_scorecard_of_the_runs_metrics(full: ReportSummary,
                                                           page: str) -> None:
    metrics = pd.read_csv(full.folder / "metrics.csv")
    roles = {r.episode: r.role for r in full.runs}
    cells = {m[0]: (int(m[1]), int(m[2]), float(m[3])) for m in re.findall(
        r'data-key="([^"]+)" data-beat="(\d+)" data-episodes="(\d+)" data-median="([^"]+)"',
        part(page, 'id="scorecard"', 'id="intervals"'))}
    expected = {}
    for against in ("sixty_forty", "strategic_static"):
        for rec in scorecard(metrics, roles, against).to_dict("records"):
            if against == "strategic_static" and rec["strategy"] in ("sixty_forty",
                                                                     "strategic_static"):
                continue  # benchmarks have no timing value
            for k in ("return", "sharpe", "drawdown"):
                expected[f"{rec['strategy']}|{against}|{rec['role']}|{k}"] = (
                    rec[f"{k}_beat"], rec["episodes"], rec[f"{k}_median_diff"])
    assert set(cells) == set(expected) and len(cells) == 3 * 2 * (3 + 2)
    for key, (beat, n, median) in expected.items():
        assert cells[key][:2] == (beat, n), key
        # metrics.csv keeps 10 significant digits (differences: ~1e-10); the page, all of them
        assert cells[key][2] == pytest.approx(median, rel=1e-8, abs=1e-9), key
    card = scorecard(metrics, roles, "sixty_forty")
    sentence = holdout_sentence(card, "playbook", "sixty_forty")
    assert sentence.startswith("On the 2 hold-out crises")
    intro = part(page, "Read the design crises as in-sample", "</div>")
    assert htmllib.escape(sentence, quote=False) in intro


def test_intervals_and_timing_value_come_from_metrics_csv(full: ReportSummary,
                                                          page: str) -> None:
    metrics = pd.read_csv(full.folder / "metrics.csv")
    value = metrics.set_index(["strategy", "episode", "metric"])["value"]
    lo = value[("playbook", "2019_repo", "cagr_vs_sixty_forty_lo")] * 100
    hi = value[("playbook", "2019_repo", "cagr_vs_sixty_forty_hi")] * 100
    shown = f"[{lo:+.2f}, {hi:+.2f}]".replace("-", "\u2212")
    assert shown in part(page, 'id="intervals"', 'id="rules"')
    sure = metrics[metrics.metric.str.endswith("cagr_vs_sixty_forty_excludes_zero")
                   & (metrics.value == 1)]
    # every headline cell is on the page twice: the wide and the narrow (800 px, print) layout
    marks = page.count('title="the 90% bootstrap interval excludes zero">*</b>')
    assert len(sure) >= 1 and marks == 2 * len(sure)
    cagr = value.xs("cagr", level="metric")
    timing = cagr[("playbook", "2022_hiking_qt")] - cagr[("strategic_static", "2022_hiking_qt")]
    assert f"timing {timing * 100:+.1f} pp a year".replace("-", "\u2212") in page


def test_first_screen_is_the_now_panel_with_the_dates_banner(page: str,
                                                             real_market: MarketData) -> None:
    body = page[page.index("<body>"):]
    assert body.index('id="plan"') < body.index('id="dates-banner"') < body.index('id="now"') \
        < body.index('id="headline"')
    banner = part(page, 'id="dates-banner"', "</div>")
    prices_end = f"{real_market.data_end:%Y-%m-%d}"
    signals_end = f"{real_market.context.signals.index[-1]:%Y-%m-%d}"
    assert (prices_end, signals_end) == ("2025-09-26", "2026-08-21")
    assert f"The backtests stop on {prices_end}; the signals run to {signals_end}." in banner
    assert "us_equity (SPY)" in banner and "em_equity (EEM)" in banner  # the sleeves ending
    now = part(page, 'id="now"', "</section>")
    # the Fed events the article is about
    assert "2025-12-01</b> QT ends" in now and "begin 2025-12-12" in now


def test_stale_triggers_read_unknown_in_the_now_panel_and_the_audit_trail(page: str) -> None:
    now = part(page, 'id="now"', "</section>")
    rows = re.findall(r'<tr class="(\w+)"><td class="l">([^<]+)</td><td class="l nowrap">'
                      r'<span class="state \w+">([^<]+)</span>', now)
    state = {label: s for _, label, s in rows}
    assert state["credit stress"] == "unknown"  # every credit source is stale at the end
    assert state["unemployment rising fast (real-time Sahm rule)"] == "unknown"
    assert "not fired" not in {state["credit stress"], state["funding stress"]}
    # latest runs to the signals' end: the 2026 decisions were taken blind to unemployment
    audit = part(page, 'id="audit-latest"', "</table>")
    blind = re.search(r'<tr class="blind"><td class="l nowrap">2026-03-26</td>.*?</tr>', audit,
                      re.S)
    assert blind is not None
    assert ('<span class="state unknown">unknown</span> unemployment rising fast'
            in blind.group(0)) and "not traded: no prices after 2025-09-26" in blind.group(0)
    assert "taken while a trigger was unknown" in audit


def test_the_2019_repo_alert_is_beside_its_regime_timeline(full: ReportSummary,
                                                           page: str) -> None:
    block = part(page, '<section class="episode" id="2019_repo"', "</section>")
    alerts = part(block, '<div class="alerts', '<div class="main">')
    spike = re.search(r'<tr class="fired" data-trigger="funding stress"><td class="l nowrap">'
                      r'2019-09-18</td>.*?</tr>', alerts, re.S)
    assert spike is not None
    assert "SOFR over the policy ceiling +3.00pp &gt;= 0.25pp" in spike.group(0)
    table = pd.read_csv(full.folder / "alerts.csv")
    row = table[(table.episode == "2019_repo") & (table.date == "2019-09-18")]
    assert row[["trigger", "state"]].to_numpy().tolist() == [["funding", "fired"]]
    # severe (twice the threshold or more), with value and threshold as numbers
    assert row[["severity", "value", "op", "threshold"]].to_numpy().tolist() == [
        ["severe", 3.0, ">=", 0.25]]
    episode = table[table.episode == "2019_repo"]
    # the only other severe line of the window: the 2018 year-end repo spike (+0.50pp)
    assert episode[episode.severity == "severe"].date.tolist() == ["2019-01-02", "2019-09-18"]
    assert 'class="severe"' in spike.group(0)
    latest = table[table.episode == "latest"]
    assert ((latest.state == "unknown") & ~latest.traded).any()  # after the prices end


def test_report_pdf_has_the_now_and_scorecard_pages(full: ReportSummary) -> None:
    data = full.pdf.read_bytes()
    pages = len(re.findall(rb"/Type\s*/Page\b", data))
    # the plan, headline, rules, now, holdings, 2019_repo, the two hold-outs on one page,
    # latest, if it started today, scorecard, assumptions
    assert pages == 11
    text = pdf_text(data)
    for name in ("sixty_forty", "strategic_static", "contrarian_qe", "playbook", *EPISODES,
                 "Where we are now: 2026-08-21", "Design vs hold-out: the scorecard",
                 "Where we are now: what each rule holds on 2026-08-21", "Not QE: ",
                 "2025-12-01 QT ends",
                 "Once QE is launched", "If it started today",
                 "24 months after the start"):
        assert name in text, name
    meta = json.loads((full.folder / "run.json").read_text())
    assert meta["timings"]["report.pdf"]["note"] == "11 pages"


def test_analogues_are_hypothetical_and_read_from_the_replay_tables(
        full: ReportSummary, page: str, real_store: Store, config: RunConfig) -> None:
    section = part(page, '<section id="if-it-started-today"', "</section>")
    assert section.count("HYPOTHETICAL") >= 6
    outcomes = pd.read_csv(full.folder / "analogues.csv")
    assert set(zip(outcomes.analogue, outcomes.qe, strict=True)) == {
        ("2000_dotcom", True), ("2008_gfc", True), ("2008_gfc", False),
        ("2020_covid", True), ("2020_covid", False), ("2022", True)}  # no QE: one path
    assert section.count("one path (no QE in its window)") >= 2
    cells = re.findall(r'data-key="([^"|]+)\|([^"|]+)\|(\w+)\|(\d+)" data-v="([^"]+)" '
                       r'data-dd="([^"]+)"', section)
    got = {(s, a, q == "True", int(h)): (float(v), float(d)) for s, a, q, h, v, d in cells}
    # every cell twice: the wide table and the narrow one (800 px, print)
    assert len(got) == len(outcomes) == 4 * 6 * 3 and len(cells) == 2 * len(got)
    for rec in outcomes.to_dict("records"):
        v, d = got[(rec["strategy"], rec["analogue"], rec["qe"], rec["horizon_months"])]
        assert v == pytest.approx(rec["total_return"], rel=1e-9, abs=1e-12)
        assert d == pytest.approx(rec["max_drawdown"], rel=1e-9, abs=1e-12)
    # one figure recomputed from scratch: the replay itself, not only its table
    from backtests.episodes.resolve import resolve
    from backtests.scenarios.analogue import resolve as analogue
    from backtests.scenarios.replay import prepare, replay
    from backtests.scenarios.summary import outcomes as replay_outcomes

    params, rules, _, costs = resolve(config)
    episodes = load_episodes()
    r = replay(prepare(real_store, analogue("2008_gfc", real_store, episodes)), True, episodes,
               {k: (rules[k], p) for k, p in params.items()}, costs)
    twelve = replay_outcomes(r, "sixty_forty").query("horizon_months == 12")
    mine = twelve[twelve.strategy == "playbook"].iloc[0]
    assert got[("playbook", "2008_gfc", True, 12)][0] == pytest.approx(mine.total_return,
                                                                       rel=1e-12)


def test_a_second_run_reuses_the_analogues(full: ReportSummary, real_store: Store,
                                           config: RunConfig, page: str) -> None:
    again = build_report(config, real_store, full.folder.parent)
    meta = json.loads((again.folder / "run.json").read_text())
    assert meta["timings"]["analogues"]["note"] == "reused from the cache (inputs unchanged)"
    first = json.loads((full.folder / "run.json").read_text())
    assert first["timings"]["analogues"]["note"] == "6 replays, then cached"
    assert (part(again.index.read_text(encoding="utf-8"), '<section id="if-it-started-today"',
                 "</section>") == part(page, '<section id="if-it-started-today"', "</section>"))


def test_the_now_panel_from_the_runs_context_is_playbook_nows(real_store: Store,
                                                               real_market: MarketData) -> None:
    from backtests.now.read import where_are_we

    assert where_are_we(real_store, ctx=real_market.context) == where_are_we(real_store)


def test_the_plan_opens_the_page_with_both_benchmarks_and_the_qe_record(
        page: str, full: ReportSummary) -> None:
    """The plan's sentences are computed from this run: its hold-outs, its QE spans."""
    plan = htmllib.unescape(re.sub(r"<[^>]+>", " ", part(page, 'id="plan"', "</section>")))
    plan = re.sub(r"\\s+", " ", plan)
    for when in ("Today (calm)", "On a correction", "On a crisis",
                 "Once QE is launched and the panic subsides", "held 12 months"):
        assert when in plan, when
    card = scorecard(pd.read_csv(full.folder / "metrics.csv"),
                     {e: load_episodes()[e].role for e in EPISODES}, "strategic_static")
    mine = card[(card.strategy == "playbook") & (card.role == "holdout")].iloc[0]
    assert (f"and its static mix strategic_static (the timing value) in "
            f"{int(mine.return_beat)} of 2 ") in plan
    # the QE regime's spans (2008-09, 2020) lie outside this run's crises
    assert re.search(r"Scenario 3 \(the QE regime\) occurred (twice|\d+ times) in the data "
                     r"\([-0-9, ]+\), \d+ outside this run's crises: none in a hold-out "
                     r"crisis of this run\.", plan)
    assert "days before today" in plan
    meta = json.loads((full.folder / "run.json").read_text())
    assert meta["plan"]["evidence"] in plan
