"""The headline grid's pages: one page while its rows stay readable, else the design crises
and whole periods first, then the hold-out crises."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from backtests.report import pdf_headline


def data(roles: list[str], timing: str | None = "strategic_static") -> Any:
    episodes = {f"e{i}": SimpleNamespace(role=r) for i, r in enumerate(roles)}
    return SimpleNamespace(episodes=episodes, timing=timing)


def shown(pages: list[Any]) -> list[tuple[tuple[str, ...], bool]]:
    return [(p.keywords["names"], p.keywords.get("first", True)) for p in pages]


def test_six_episodes_fit_one_page() -> None:
    d = data(["design"] * 4 + ["overall"] * 2)
    assert shown(pdf_headline.headline_pages(d)) == [(tuple(d.episodes), True)]


def test_the_committee_runs_eleven_episodes_on_two_pages_by_role() -> None:
    roles = ["design"] * 4 + ["holdout"] * 5 + ["overall"] * 2
    assert shown(pdf_headline.headline_pages(data(roles))) == [
        (("e0", "e1", "e2", "e3", "e9", "e10"), True),
        (("e4", "e5", "e6", "e7", "e8"), False)]


def test_a_long_role_is_cut_to_pages_of_readable_rows() -> None:
    pages = shown(pdf_headline.headline_pages(data(["holdout"] * 14, timing=None)))
    # 4 lines a cell without a timing benchmark: 7 episodes a page
    assert [len(n) for n, _ in pages] == [7, 7] and [f for _, f in pages] == [True, False]
