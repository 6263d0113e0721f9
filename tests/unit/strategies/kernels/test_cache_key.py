"""The compile cache's key (strategies.kernels.dependency_key): it moves when anything a
compiled function depends on moves, in another file too, and only then. The end-to-end
proof (a sweep in a fresh process following edits) is tests/integration/test_compile_cache.py.
"""

from __future__ import annotations

import importlib
import sys
import types
from pathlib import Path

import pytest

from strategies import kernels

STEP = "from strategies.kernels import compiled\n\nSTEP = {step}\n\n\n@compiled\ndef g(x):\n" \
       "    return x + STEP\n"
RULE = "from strategies.kernels import compiled\nfrom step_mod import g\n\n\n@compiled\n" \
       "def f(x):\n    return g(x) * 2\n"


def _key_of_f(root: Path, step: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """Write step_mod.py (with STEP = step) and rule_mod.py, import them afresh, key of f."""
    (root / "step_mod.py").write_text(STEP.format(step=step))
    (root / "rule_mod.py").write_text(RULE)
    for name in ("step_mod", "rule_mod"):
        sys.modules.pop(name, None)
    monkeypatch.setattr(kernels, "_SOURCES", {})  # a fresh process reads the files again
    importlib.invalidate_caches()
    rule = importlib.import_module("rule_mod")
    return kernels._KEYS[rule.f]


@pytest.mark.skipif(not kernels.JIT, reason="keys exist only for compiled functions")
def test_the_key_follows_a_function_in_another_file(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setenv(kernels.CACHE_ENV, str(tmp_path / "cache"))
    first = _key_of_f(tmp_path, "1", monkeypatch)
    assert _key_of_f(tmp_path, "1", monkeypatch) == first  # nothing changed: same key
    assert _key_of_f(tmp_path, "2", monkeypatch) != first  # only step_mod.py changed
    for name in ("step_mod", "rule_mod"):
        sys.modules.pop(name, None)


def test_a_function_without_a_file_still_gets_a_key() -> None:
    """A rule typed into a notebook cell has no file to read: its compiled code is hashed."""
    scope: dict[str, object] = {}
    exec(compile("def h(x):\n    return x + 1\n", "<cell 3>", "exec"), scope)
    h = scope["h"]
    assert isinstance(h, types.FunctionType)
    key = kernels.dependency_key(h)
    assert len(key) == 64 and key == kernels.dependency_key(h)
