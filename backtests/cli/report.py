"""`playbook run` (the committee report) and `playbook tearsheets` (the tear sheets a run left
as placeholders)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer
from rich.table import Table

from backtests.cli.app import (
    EpisodesFileOpt,
    RulesOpt,
    StoreOpt,
    app,
    console,
    split_list,
    tidy,
    use_rules,
)
from backtests.cli.progress import progress_lines

if TYPE_CHECKING:
    from backtests.episodes.runner import Run


@app.command("run")
def run_cmd(
    config: Annotated[Path | None, typer.Option(
        help="Run configuration (default backtests/runs/committee.toml).")] = None,
    strategies: Annotated[str | None, typer.Option(
        help="Comma-separated run labels to keep (benchmark and highlight always stay).")] = None,
    episodes: Annotated[str | None, typer.Option(help="Comma-separated episodes.")] = None,
    out: Annotated[Path, typer.Option(help="Reports folder.")] = Path("reports"),
    tear_sheets: Annotated[Literal["highlight", "all", "none"] | None, typer.Option(
        help="quantstats tear sheets: the highlight's, all, or none (default: the "
             "configuration's).")] = None,
    no_tear_sheets: Annotated[bool, typer.Option(
        "--no-tear-sheets", help="Same as --tear-sheets none.")] = False,
    store: StoreOpt = None,
    episodes_file: EpisodesFileOpt = None,
    rules: RulesOpt = None,
    weights: Annotated[list[Path] | None, typer.Option(
        "--weights", help="Your own target weights (CSV or parquet, date x sleeve), run as a "
        "rule named after the file (repeatable).")] = None,
) -> None:
    """The main job: all strategies over all episodes, written as the committee report (your
    own --rules and --weights join it, beside the benchmarks)."""
    import pandas as pd

    started = time.perf_counter()
    from backtests.api.checks import CLI, out_folder
    from backtests.api.runs import committee_report
    from backtests.api.specs import run_config
    from backtests.api.weightruns import register_weights
    from backtests.cli.evidencetables import run_evidence
    from backtests.data.store import Store

    added = use_rules(rules) + [register_weights(w) for w in weights or []]
    # without --strategies, every rule of --rules joins the configuration's runs
    asked: str | list[str | dict[str, str]] | None = strategies if strategies else [
        {"name": n} for n in added] or None
    cfg = run_config(config, asked, split_list(episodes), episodes_file=episodes_file,
                     rules=rules or (), names=CLI)
    st = Store.resolve(store)
    tidy(*st.scratch_folders(), out)
    out_folder(out, CLI("out"))  # checked before the first progress line: an error is one line
    with progress_lines(started) as progress:
        # the first line within a second (the libraries take seconds to load)
        progress(f"run: {len(cfg.runs)} strategies, {len(cfg.episodes)} episodes; loading "
                 "the libraries", 0, 1)
        summary = committee_report(cfg, st, out, progress,
                                   "none" if no_tear_sheets else tear_sheets, CLI)
    console.print(_headline(summary.runs, cfg.benchmark))
    for part in run_evidence(pd.read_csv(summary.folder / "metrics.csv"),
                             {r.episode: r.role for r in summary.runs}, cfg.benchmark,
                             cfg.highlight):
        console.print(part)
    console.print(_timings(summary.timings))
    console.print(f"report: {summary.index} ({summary.index.stat().st_size / 1e6:.1f} MB; "
                  f"the run folder {summary.size_bytes / 1e6:.1f} MB, {summary.seconds:.1f} s); "
                  f"committee pack {summary.pdf.name} ({summary.pdf.stat().st_size / 1e6:.1f} "
                  f"MB)  ->  open {out / 'latest' / 'index.html'}", markup=False,
                  highlight=False)


def _headline(runs: list[Run], benchmark: str) -> Table:
    episodes = list(dict.fromkeys(r.episode for r in runs))
    table = Table(title=f"Total return (a year) / worst drawdown (benchmark {benchmark})",
                  title_justify="left")
    labels = list(dict.fromkeys(r.strategy for r in runs))
    # full names however narrow the terminal (no "strategic_s…"): the episodes give way
    table.add_column("strategy", no_wrap=True, min_width=max(map(len, labels), default=8))
    for e in episodes:
        table.add_column(e, justify="right")
    for s in labels:
        cells = {r.episode: r.metrics for r in runs if r.strategy == s}
        table.add_row(s, *[f"{cells[e]['total_return']:+.1%} ({cells[e]['cagr']:+.1%}) / "
                           f"{cells[e]['max_drawdown']:+.1%}" for e in episodes])
    return table


def _timings(steps: dict[str, dict[str, float | str]]) -> Table:
    table = Table(title="Where the time went", title_justify="left")
    for col in ("step", "CPU s", "wall s", "note"):
        table.add_column(col, justify="right" if col.endswith(" s") else "left")
    for name, s in steps.items():
        table.add_row(name, f"{s['cpu_s']:.1f}", f"{s['wall_s']:.1f}", str(s.get("note", "")))
    return table


@app.command("tearsheets")
def tearsheets_cmd(
    folder: Annotated[Path, typer.Argument(help="A report folder, e.g. reports/latest.")],
    strategies: Annotated[str | None, typer.Option(help="Comma-separated run labels "
                                                   "(default: all).")] = None,
    episodes: Annotated[str | None, typer.Option(help="Comma-separated episodes "
                                                 "(default: all).")] = None,
) -> None:
    """Build tear sheets a run left as placeholders, from its returns.parquet and run.json."""
    from backtests.report.ondemand import build_missing

    with progress_lines() as progress:
        built = build_missing(folder, split_list(strategies), split_list(episodes), progress)
    console.print(f"{len(built)} tear sheet(s) written to {folder / 'tearsheets'}",
                  markup=False, highlight=False)
