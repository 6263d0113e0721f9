"""Executing the committed notebooks as a reader would, for the docs tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest


def outputs_stripped(path: Path) -> bool:
    """True when every code cell of the committed notebook has no output and no count."""
    code = [c for c in json.loads(path.read_text())["cells"] if c["cell_type"] == "code"]
    return bool(code) and all(c["outputs"] == [] and c["execution_count"] is None for c in code)


def execute(path: Path, store: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
            ) -> dict[str, Any]:
    """Run the notebook on `store` in `folder`; its code cells keyed by their first line."""
    import nbformat
    from nbclient import NotebookClient

    monkeypatch.setenv("PLAYBOOK_STORE", str(store))
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(folder)}}).execute()
    return {c.source.splitlines()[0]: c for c in nb.cells if c.cell_type == "code"}


def html_of(cell: Any) -> str:
    return "".join(str(o.get("data", {}).get("text/html", "")) for o in cell.outputs)
