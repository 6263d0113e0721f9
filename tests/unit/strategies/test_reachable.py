"""Which regimes and scenarios the machine can still reach with the triggers it can read."""

from __future__ import annotations

from strategies.reachable import EDGES, reachable

KEYS = ("correction", "crisis_depth", "healed", "credit", "funding", "unemployment",
        "market_stress", "qe", "panic_relief", "new_panic")
ALL = dict.fromkeys(KEYS, True)


def by_regime(regime: str, **unreadable: bool) -> dict:
    return {r.regime: r for r in reachable(regime, ALL | unreadable)}


def test_with_every_trigger_readable_every_regime_is_reachable_by_the_shortest_path() -> None:
    out = by_regime("calm")
    assert all(r.reachable and r.reason == "" for r in out.values())
    assert out["qe_launched"].path == ("calm", "crisis", "qe_launched")
    assert out["qe_launched"].scenario.startswith("scenario 3")
    assert out["recovery"].path == ("calm", "crisis", "recovery")
    assert out["crisis"].note == ""


def test_no_stress_reading_and_no_vix_puts_the_qe_trade_out_of_reach() -> None:
    blind = dict.fromkeys(("credit", "funding", "unemployment", "market_stress"), False)
    out = by_regime("calm", **blind)
    assert [r for r, x in out.items() if x.reachable] == ["calm", "correction"]
    assert out["crisis"].reason == (
        "from calm: cannot read credit or funding or unemployment or market_stress; "
        "from correction: cannot read credit or funding or unemployment or market_stress")
    assert out["qe_launched"].reason == (
        "only reached from crisis, recovery, which cannot be reached")


def test_the_vix_stand_in_keeps_the_crisis_reachable_and_says_so() -> None:
    out = by_regime("calm", credit=False, funding=False, unemployment=False)
    assert out["crisis"].reachable and out["qe_launched"].reachable
    assert out["crisis"].note == ("only through VIX at the stand-in level: credit, funding, "
                                  "unemployment cannot be read")
    assert by_regime("calm", funding=False)["crisis"].note == (
        "VIX stands in for funding (cannot be read)")


def test_stale_nasdaq_prices_freeze_the_machine_in_calm() -> None:
    out = by_regime("calm", correction=False, crisis_depth=False, healed=False)
    assert [r for r, x in out.items() if x.reachable] == ["calm"]
    assert out["correction"].reason == "from calm: cannot read correction"


def test_the_graph_names_only_known_regimes_and_triggers() -> None:
    regimes = {"calm", "correction", "crisis", "qe_launched", "recovery"}
    assert {a for a, _, _ in EDGES} == regimes == {b for _, b, _ in EDGES}
    assert {k for _, _, needs in EDGES for alt in needs for k in alt} <= set(KEYS)
