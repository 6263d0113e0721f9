"""Design vs hold-out evidence for the page and the PDF: the scorecard and the bootstrap intervals.

Every number is read from the run's metrics table (what metrics.csv holds) through
backtests.evaluate.scorecard.scorecard() and the `*_vs_<benchmark>_lo/_hi/_excludes_zero` rows,
so the page, the PDF, metrics.csv and the terminal agree.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from backtests.evaluate import uncertainty
from backtests.evaluate.scorecard import CRITERIA, ROLES, holdout_sentence
from backtests.report import fmt
from backtests.report.model import ReportData

ROLE_TITLE = {"design": "design crises", "holdout": "hold-out crises",
              "overall": "whole periods"}
ROLE_NOTE = {"design": "the rules, thresholds and QE calendar were written knowing these: "
                       "in-sample",
             "holdout": "not used to write the rules: the fairer test",
             "overall": "whole periods containing design and hold-out crises alike: neither"}
CRITERION_LABEL = {"return": "total return", "sharpe": "Sharpe", "drawdown": "worst drawdown"}


@dataclass(frozen=True)
class ScoreCell:
    beat: int
    episodes: int
    median: float  # NaN when no episode had a value
    text: str  # the median in words


def what_it_isolates(benchmark: str, timing: str | None) -> list[str]:
    """What the difference against each benchmark measures, in plain words."""
    out = [f"Against {benchmark}, the committee's reference portfolio, a difference mixes "
           "everything a rule does differently: which sleeves it holds (duration included), "
           "and when it moves between them."]
    if timing:
        out.append(f"Against {timing}, the rules' own strategic mix held all the time and "
                   "rebalanced monthly, what is left is what the rule added by moving away "
                   "from that mix: its timing (and its tilts). This is the rule's timing "
                   f"value; {timing}'s own difference against {benchmark} is the choice of "
                   "mix alone (mostly intermediate instead of long Treasuries).")
    return out


def _median_text(k: str, v: float) -> str:
    if math.isnan(v):
        return "–"
    if k == "sharpe":
        return _signed(v)
    if k == "drawdown":
        return fmt.dd_gap(v, 0.0)
    return fmt.pp(v)


def scorecard_rows(report: ReportData) -> list[dict[str, Any]]:
    """Per strategy, one row per benchmark it is judged against (the timing benchmark only for
    rules): for each role, each criterion's wins and median difference."""
    cards = report.scorecards
    rows = []
    for strategy in report.labels:
        for against, card in cards.items():
            mine = {str(rec["role"]): rec for rec in
                    card[card["strategy"] == strategy].to_dict("records")}
            if not mine or (against != report.benchmark and _is_benchmark(report, strategy)):
                continue
            cells: dict[str, dict[str, ScoreCell]] = {}
            for role, r in mine.items():
                cells[role] = {k: ScoreCell(int(r[f"{k}_beat"]), int(r["episodes"]),
                                            float(r[f"{k}_median_diff"]),
                                            _median_text(k, float(r[f"{k}_median_diff"])))
                               for k in CRITERIA}
            rows.append({"strategy": strategy, "against": against,
                         "timing": against != report.benchmark, "cells": cells})
    for row in rows:  # the strategy's cell spans its rows (one per benchmark it is judged on)
        same = [x for x in rows if x["strategy"] == row["strategy"]]
        row["span"] = len(same) if row is same[0] else 0
    return rows


def _is_benchmark(report: ReportData, label: str) -> bool:
    return next((c.scenario == "benchmark" for c in report.rules if c.label == label), False)


def role_counts(report: ReportData) -> dict[str, int]:
    return {role: sum(1 for e in report.episodes.values() if e.role == role) for role in ROLES}


def sentence(report: ReportData) -> str:
    """holdout_sentence() for the highlighted strategy (the in-sample banner's sentence)."""
    card = report.scorecards.get(report.benchmark)
    if card is None:
        return ""
    return holdout_sentence(card, report.config.highlight, report.benchmark)


@dataclass(frozen=True)
class Interval:
    diff: float
    lo: float
    hi: float
    sure: bool  # the interval excludes zero

    def text(self, stat: str) -> tuple[str, str]:
        """('+1.17 pp a year', '[−1.18, +3.59]') or the Sharpe equivalent."""
        if stat == "cagr":
            return (fmt.pp(self.diff, 2) + " a year",
                    f"[{fmt.pp(self.lo, 2).removesuffix(' pp')}, "
                    f"{fmt.pp(self.hi, 2).removesuffix(' pp')}]")
        return (_signed(self.diff), f"[{_signed(self.lo)}, {_signed(self.hi)}]")


def _signed(x: float) -> str:
    return fmt.num(x, 2) if x < 0 else f"+{x:.2f}"


def intervals(report: ReportData) -> dict[tuple[str, str], dict[str, Interval]]:
    """(strategy, episode) -> stat -> the observed difference vs the benchmark and its 90%
    interval, read from the metrics table's rows."""
    table = report.metrics
    if table is None or table.empty:
        return {}
    bench = report.benchmark
    value: dict[tuple[str, str, str], float] = {
        (str(s), str(e), str(m)): float(v) for s, e, m, v in
        zip(table["strategy"], table["episode"], table["metric"], table["value"], strict=True)}
    out: dict[tuple[str, str], dict[str, Interval]] = {}
    for strategy, episode in dict.fromkeys(zip(table["strategy"], table["episode"],
                                               strict=True)):
        s, e = str(strategy), str(episode)
        if s == bench or (s, e, f"cagr_vs_{bench}_lo") not in value:
            continue
        out[(s, e)] = {stat: Interval(value[(s, e, f"{stat}_vs_{bench}")],
                                      value[(s, e, f"{stat}_vs_{bench}_lo")],
                                      value[(s, e, f"{stat}_vs_{bench}_hi")],
                                      bool(value[(s, e, f"{stat}_vs_{bench}_excludes_zero")]))
                       for stat in uncertainty.STATS}
    return out


def method_note() -> str:
    return (f"{uncertainty.LEVEL:.0%} intervals from a stationary block bootstrap of the daily "
            f"returns (mean block {uncertainty.BLOCK} trading days, {uncertainty.REPS:,} "
            "resamples, fixed seed; a strategy and the benchmark always on the same resampled "
            "days).")


def groups(report: ReportData) -> list[tuple[str, list[str]]]:
    """(role, episodes) in the configuration's order, design first, roles without episodes
    left out."""
    out = []
    for role in (*ROLES, "overall"):
        names = [n for n, e in report.episodes.items() if e.role == role]
        if names:
            out.append((role, names))
    return out
