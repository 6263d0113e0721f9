"""The plan's "Not QE" sentence: the Fed's balance-sheet actions since its last QE, named and
dated, with the reading of the one data trigger that would count QE."""

from __future__ import annotations

from backtests.now.answer import Now, TriggerNow
from backtests.now.text import not_qe_text

SHEET = TriggerNow("balance_sheet", "Fed balance sheet growing", "not applicable in calm",
                   "Fed assets 13-week change 0.1% (fires at >= 10%)", "", ["WALCL"])


def now(*events: tuple[str, str]) -> Now:
    return Now("2026-10-02", "calm", "2026-04-09", "", False, [], [], [SHEET], [],
               fed_events=[{"date": d, "type": t, "description": ""} for d, t in events])


def test_bill_purchases_and_the_end_of_qt_are_said_not_to_be_qe() -> None:
    text = not_qe_text(now(("2020-03-23", "qe_expand"), ("2025-10-29", "qt_end"),
                           ("2025-12-01", "qt_end"), ("2025-12-10", "bill_purchases"),
                           ("2025-12-10", "rate_cut"), ("2026-02-12", "bill_purchases")))
    assert text == (
        "Not QE: the end of QT (2025-10-29, 2025-12-01) and reserve-management bill purchases "
        "(2025-12-10, 2026-02-12) are not scenario 3's QE: the rules count a QE announcement, "
        "or the Fed's assets growing as fast as in a QE; today Fed assets 13-week change 0.1% "
        "(fires at >= 10%). The article: \"stopping balance sheet runoff is not the same as "
        "restarting QE\".")


def test_only_actions_after_the_last_qe_count() -> None:
    # 2019's bill purchases came before QE4 (2020-03-15): nothing to explain after it
    assert not_qe_text(now(("2019-10-11", "bill_purchases"), ("2020-03-15", "qe_announce"),
                           ("2020-03-16", "rate_cut"))) == ""
    one = not_qe_text(now(("2020-03-15", "qe_announce"), ("2022-06-01", "qt_slow")))
    assert one.startswith("Not QE: slower QT (2022-06-01) is not scenario 3's QE:")
    assert not_qe_text(now()) == ""
