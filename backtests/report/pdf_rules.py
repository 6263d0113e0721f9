"""report.pdf's rules page: each strategy, the scenario it encodes, its mixes and parameters."""

from __future__ import annotations

from typing import Any

from backtests.report.model import ReportData
from backtests.report.pdf_draw import MARGIN, PAGE_W, Cursor, heading, paragraph
from backtests.report.pdf_draw import table as draw_table
from backtests.report.ruletext import mix_name


def rules_page(fig: Any, data: ReportData) -> None:
    cur = Cursor()
    heading(fig, cur, "The rules", f"Each strategy, the scenario of the article it encodes, the "
            f"mixes it moves between (weights; the rest in T-bills) and its main parameters. "
            f"{data.benchmark} is the benchmark every difference is measured against.")
    mixes = _distinct_mixes(data.rules)
    sleeves = list(dict.fromkeys(s for m in mixes.values() for s in m))
    w = (PAGE_W - 2 * MARGIN - 1.55) / max(len(mixes), 1)
    draw_table(fig, cur, ["sleeve"] + [n.replace(" ", "\n", 1) for n in mixes],
               [[s] + [_pct(m.get(s)) for m in mixes.values()] for s in sleeves],
               [1.55] + [w] * len(mixes), 7.0)
    for c in data.rules:
        uses = ", ".join(f"the column '{_named(c, n)}'" if n == "holds" else n
                         if n == _named(c, n) else f"{n} = {_named(c, n)}" for n in c.mix_names)
        params = "; ".join(f"{n} {v}" for n, v, _ in c.params)
        tag = "the benchmark" if c.label == data.benchmark else c.scenario
        what = c.paragraphs[-1] if c.scenario.startswith("scenario") else c.paragraphs[0]
        paragraph(fig, cur, f"{c.label} ({tag}). {what.replace('`', '')} Mixes: {uses or '—'}. "
                  f"Parameters: {params or '—'}.", 7.5)


def _named(card: Any, field_name: str) -> str:
    if field_name == "holds":
        return f"{card.label} holds"
    return mix_name(card.mixes[field_name], field_name, card.label)


def _distinct_mixes(cards: list[Any]) -> dict[str, dict[str, float]]:
    """Every mix any rule uses, once, under its name in strategies/mixes.py."""
    out: dict[str, dict[str, float]] = {}
    for c in cards:
        for n in c.mix_names:
            out.setdefault(_named(c, n), c.mixes[n])
    return out


def _pct(v: float | None) -> str:
    return "" if not v else f"{v:.0%}"
