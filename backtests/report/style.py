"""Colours shared by the HTML charts and the PDF pack, chosen to stay apart for colour-blind
readers: lines use saturated colours of the Okabe-Ito palette; regime shading uses pale tints of
hues no line uses (yellow, vermillion, lavender, grey), so shading is never read as a line; Fed
event markers differ by symbol as well as colour."""

from __future__ import annotations

# Okabe & Ito (2008), "Color Universal Design": distinct under the common colour deficiencies.
LINES = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#8C510A", "#4D4D4D",
         "#6A3D9A"]
DASHES = [None, "dash", "dashdot", "longdash"]  # beyond eight strategies, vary the dash too
BENCHMARK_COLOUR = "#000000"

# Pale fills (low alpha) so that no shading can be mistaken for a line.
REGIME_FILL = {"correction": "rgba(240,228,66,0.32)", "crisis": "rgba(213,94,0,0.15)",
               "qe_launched": "rgba(123,104,238,0.16)", "recovery": "rgba(153,153,153,0.16)"}
REGIME_SOLID = {"calm": "#FFFFFF", "correction": "#F0E442", "crisis": "#E8A27A",
                "qe_launched": "#B9AEF5", "recovery": "#C8C8C8"}
REGIME_LABEL = {"calm": "calm", "correction": "correction", "crisis": "crisis",
                "qe_launched": "QE launched", "recovery": "recovery"}

# Fed events: one class per kind of move; the colour is dark and the symbol differs.
EVENT_CLASSES = {
    "QE and liquidity": (("qe_announce", "qe_expand", "bill_purchases", "repo_intervention"),
                         "#0072B2", "triangle-down"),
    "rate cut": (("rate_cut", "emergency_cut"), "#D55E00", "diamond"),
    "taper, QE end, QT": (("qe_taper", "qe_end", "qt_announce", "qt_start", "qt_slow",
                           "qt_end"), "#000000", "square"),
}
EVENT_LABEL = {"qe_announce": "QE announced", "qe_expand": "QE expanded",
               "bill_purchases": "bill purchases", "repo_intervention": "repo operations",
               "rate_cut": "rate cut", "emergency_cut": "emergency rate cut",
               "qe_taper": "QE taper", "qe_end": "QE ends", "qt_announce": "QT announced",
               "qt_start": "QT starts", "qt_slow": "QT slowed", "qt_end": "QT ends"}

SLEEVE_COLOURS = {"us_equity": "#0072B2", "us_growth": "#56B4E9", "em_equity": "#E69F00",
                  "china_hk_equity": "#CC79A7", "intermediate_treasury": "#009E73",
                  "long_treasury": "#00573F", "gold": "#F0E442", "commodities": "#D55E00",
                  "short_treasury": "#A6D8C0", "cash": "#BBBBBB"}


def strategy_styles(names: list[str], benchmark: str) -> dict[str, tuple[str, str | None]]:
    """name -> (colour, dash), stable across every chart of a run (config order)."""
    out: dict[str, tuple[str, str | None]] = {}
    others = [n for n in names if n != benchmark]
    for i, name in enumerate(others):
        out[name] = (LINES[i % len(LINES)], DASHES[(i // len(LINES)) % len(DASHES)])
    out[benchmark] = (BENCHMARK_COLOUR, "dot")
    return out


def event_class(kind: str) -> str:
    """The class of an event type (a type added to the calendar later joins the last)."""
    return next((name for name, (kinds, _, _) in EVENT_CLASSES.items() if kind in kinds),
                list(EVENT_CLASSES)[-1])

SLEEVE_SHORT = {"us_equity": "US equity", "us_growth": "US growth", "em_equity": "EM equity",
                "china_hk_equity": "HK/China", "intermediate_treasury": "Treas 7-10y",
                "long_treasury": "Treas 20y+", "short_treasury": "Treas 1-3y", "gold": "gold",
                "commodities": "commod.", "cash": "cash", "costs": "costs"}
