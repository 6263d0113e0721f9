"""What a labelled run is, in words, for "The rules": a preset by its own description and
file, a tweaked run by the values set on its rule (so no run is shown as just its parent)."""

from __future__ import annotations

from pathlib import Path

from backtests.episodes.runconfig import RunConfig
from backtests.paths import PROJECT_ROOT


def run_notes(config: RunConfig) -> dict[str, str]:
    """Label -> what a labelled run is, for "The rules": a preset's own description and
    file, and the values set on top of the rule's defaults."""
    from strategies.registry import read_preset

    notes: dict[str, str] = {}
    for spec in config.runs:
        parts = []
        if spec.preset:
            text = read_preset(PROJECT_ROOT / spec.preset).description.strip()
            parts.append(f"Preset {Path(spec.preset).name} of {spec.name}"
                         + (f": {text}" if text else "") + ".")
        if spec.params:
            values = ", ".join(f"{k} = {v}" for k, v in spec.params.items())
            parts.append(f"{spec.name} with {values}.")
        elif spec.key != spec.name and not spec.preset:
            parts.append(f"{spec.name} with its default parameters.")
        if parts:
            notes[spec.key] = " ".join(parts)
    return notes
