"""The regime machine's thresholds: one validated params model and its one default.

Kept apart from strategies.regimes so the triggers (which read the thresholds) and the machine
(which reads the triggers) import it from below instead of from each other.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from strategies.params import Params


class RegimeParams(Params):
    """Thresholds of the regime machine; each with the reasoning it encodes."""

    correction_drawdown: float = Field(0.10, gt=0, lt=1, description=(
        "Nasdaq 10% below its 252-day high: 'tech stocks experience a significant correction'"))
    crisis_drawdown: float = Field(0.20, gt=0, lt=1, description=(
        "'the Nasdaq index experiences a correction exceeding 20%' that spreads"))
    calm_drawdown: float = Field(0.05, gt=0, lt=1, description=(
        "hysteresis: back to calm only once the drawdown has healed to within 5%"))
    credit_change: float = Field(0.50, gt=0, description=(
        "BAA10Y up 0.5pp in 3 months: the fall 'spreads to the entire financial system' "
        "(fallback sources are mapped to BAA10Y terms)"))
    funding_spread: float = Field(0.25, gt=0, description=(
        "SOFR 0.25pp over the policy ceiling: 'SOFR significantly deviating from the policy "
        "rate'"))
    ted_spread: float = Field(1.00, gt=0, description=(
        "TED spread above 1pp: the pre-SOFR funding-stress proxy (LIBOR vs bills)"))
    sahm: float = Field(0.50, gt=0, description=(
        "real-time Sahm rule 0.5pp: 'a rapid rise in unemployment'"))
    qe_trigger: Literal["announcement", "balance_sheet", "either"] = Field(
        "announcement", description=(
            "'once the Fed truly launches QE': the calendar, the balance sheet, or either"))
    qe_within: int = Field(60, ge=1, le=260, strict=True, description=(
        "a QE announcement counts for 60 trading days (~3 months)"))
    balance_sheet_growth: float = Field(0.10, gt=0, description=(
        "Fed total assets up 10% in 13 weeks: QE detected from data"))
    vix_relief: float = Field(0.30, gt=0, lt=1, description=(
        "VIX 30% below its trailing peak: 'once the panic subsides'"))
    vix_window: int = Field(60, ge=5, le=260, strict=True, description=(
        "the VIX peak is the highest close of the last 60 trading days (a trailing peak: the "
        "episode's own peak is only known afterwards)"))
    inflation_high: float = Field(0.04, gt=0, lt=1, description=(
        "CPI up 4% over 12 months, twice the Fed's 2% target: the Fed is reluctant to restart "
        "QE while inflation is high (a QE announcement then needs the balance sheet to grow), "
        "and bonds are no safe haven"))
    vix_stress: float = Field(40.0, gt=0, lt=200, description=(
        "VIX at 40 stands in for a stress input that cannot be read: options then price ~2.5% "
        "daily moves in the S&P 500, the article's 'widespread market panic', which the "
        "credit freeze, funding squeeze or recession it stands in for would show"))
    fall_back_days: int = Field(5, ge=1, le=60, strict=True, description=(
        "a recovery that rose above the crisis depth ends after 5 trading days (a week) back "
        "beyond it: the article's recovery is the rebound once panic subsides, so a crash "
        "resumed is not one; a single close across the line is noise"))
    ust10y_high: float = Field(4.5, gt=0, lt=20, description=(
        "'the yield on the 10-year US Treasury note is at 4.5%': at or above it and rising, "
        "valuations suffer and long duration is no defensive asset"))

    @model_validator(mode="after")
    def _ordered(self) -> RegimeParams:
        # A crisis shallower than a correction would make the correction regime unreachable.
        order = [("crisis_drawdown", "correction_drawdown"), ("correction_drawdown",
                                                               "calm_drawdown")]
        for deep, shallow in order:
            a, b = getattr(self, deep), getattr(self, shallow)
            if a <= b:
                raise ValueError(f"{deep} = {a} must be deeper than {shallow} = {b} (a "
                                 f"{deep.split('_')[0]} is a larger fall than a "
                                 f"{shallow.split('_')[0]}); raise {deep} above {b} or lower "
                                 f"{shallow} below {a}")
        return self


DEFAULT_REGIME = RegimeParams()  # the one default: every door starts from it
