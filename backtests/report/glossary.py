"""The exact definition of every figure the report shows (printed in index.html and report.pdf).

Keep in step with backtests/evaluate/metrics.py and backtests/episodes/attribution.py: a test
checks that every metric in a run's metrics has an entry here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    key: str  # the metric's name in metrics.csv ("" for report-only figures)
    label: str  # as shown in tables
    definition: str


ENTRY = ("Day one of every window is the entry day: 1.0 of cash is invested at its close and "
         "pays fees and slippage, so its return is the cost of getting in, not a market day.")

TERMS = [
    Term("total_return", "total return", "Value at the last close of the window / 1.0 "
         "invested at the first close − 1, after every cost (a total-return figure: dividends "
         "and coupons reinvested, cash earning the T-bill rate)."),
    Term("cagr", "annualised return (CAGR)", "(1 + total return)^(252 / (N − 1)) − 1, where N "
         "counts the window's trading days including the entry day (N − 1 market days). "
         "quantstats' tear sheets divide by N instead, so their CAGR can differ slightly."),
    Term("ann_volatility", "volatility", "Standard deviation (n − 1) of daily returns × √252."),
    Term("sharpe", "Sharpe", "Mean of (daily return − the cash sleeve's daily T-bill accrual) "
         "/ its standard deviation × √252."),
    Term("sortino", "Sortino", "Mean daily excess return over T-bills / √(mean of the squared "
         "negative excess returns, every day counted) × √252."),
    Term("max_drawdown", "worst drawdown", "The lowest value / running peak − 1 over the "
         "window, the starting 1.0 counted as a peak (so an entry-day loss counts)."),
    Term("calmar", "Calmar", "Annualised return / |worst drawdown|."),
    Term("time_to_recover_days", "time to recover", "The worst drawdown's length, peak to "
         "recovery: calendar days from its first close below the previous peak to its last "
         "(last − first + 1, the tear sheets' 'Days' for that drawdown). 'Not recovered' when "
         "the window ends under water. Months = days / 30.4."),
    Term("longest_drawdown_days", "longest drawdown", "Calendar days of the longest stretch "
         "below a previous peak, counted the same way, recovered or not (the tear sheets' "
         "'Longest DD Days')."),
    Term("annual_turnover", "turnover / yr", "One-way turnover: the sum over market days of "
         "(value bought + value sold) / 2 / portfolio value, divided by the years of N − 1 "
         "market days. The initial purchase on the entry day is left out."),
    Term("rebalances", "trading days", "Days with at least one fill, the entry day included."),
    Term("costs_total", "costs, total", "Fees + slippage paid over the window, per 1.0 "
         "invested at the start (a share of the starting capital, not of the final value)."),
    Term("cost_drag_bp", "cost drag / yr", "Costs, total / the average portfolio value over "
         "the window / years of N − 1 market days, in basis points a year."),
    Term("worst_day", "worst day", "The lowest daily return."),
    Term("worst_month", "worst month", "The lowest calendar-month return (days compounded)."),
    Term("peak_to_trough", "peak → trough", "Return from the close of the episode's market "
         "peak (the Nasdaq peak where the episode names one, else the S&P 500 peak) to the "
         "close of its trough; both dates are after-the-fact markers no rule ever reads."),
    Term("trough_plus_12m", "trough → +12 months", "Return from the close of the trough to "
         "the close 12 calendar months later (or the last close before it)."),
    Term("", "Δ … pp", "Strategy minus benchmark in percentage points (pp): for total return "
         "'+5.0 pp' means 5 points more; for annualised return, pp a year."),
    Term("", "shallower / deeper", "Worst drawdown compared with the benchmark's: 'shallower' "
         "= the strategy fell less at its worst."),
    Term("", "timing value", "Annualised return minus that of the timing benchmark "
         "(strategic_static in the committee run: the rules' strategic mix held all the time, "
         "rebalanced monthly), in pp a year: what the rule added by moving away from that mix. "
         "The difference against sixty_forty is the timing value plus strategic_static's own "
         "difference against sixty_forty (the choice of mix), exactly."),
    Term("", "beat (scorecard)", "In one episode: a strictly higher total return, a strictly "
         "higher Sharpe ratio, or a strictly shallower worst drawdown than the benchmark. The "
         "median difference is taken over the group's episodes (design or hold-out)."),
    Term("", "90% interval (*)", "The 5th to 95th percentile of the difference (annualised "
         "return or Sharpe, strategy minus benchmark) over 2,000 stationary block bootstrap "
         "resamples of the episode's days (mean block 21 trading days, the same resampled days "
         "for every strategy, fixed seed). * = the interval excludes zero."),
    Term("", "alert; unknown", "An alert is a trigger of the article changing state on a day: "
         "fired, cleared, or unknown. Unknown means every source of the trigger is stale or "
         "absent (older than its release rule allows): nothing says whether it would fire, so "
         "it is never shown as 'not fired'; a regime decision taken that day is flagged."),
    Term("", "contribution (attribution)", "A day's gain in value, as a share of the starting "
         "capital (value at the previous close × the day's return), split by sleeve (weight "
         "held at the previous close × the sleeve's return) and summed by the regime in force "
         "at the previous close. The parts add up exactly to the total-return difference; "
         "'costs' is the rest: fees, slippage and uninvested cash."),
]

BY_KEY = {t.key: t for t in TERMS if t.key}


def label(key: str) -> str:
    return BY_KEY[key].label if key in BY_KEY else key
