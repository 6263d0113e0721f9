"""The list of rule declarations: the built-ins, rules a user registers, rule files and
installed packages (entry-point group "qe_playbook.rules", loaded on first use).

    register(strategy, replace=False)   add a declaration (strategies.strategy.compiled/...)
    load_rules(path) -> names           a .toml rule file, or a .py file that calls register
    get(name), names()                  look one up ("did you mean"), list them in order
"""

from __future__ import annotations

import dataclasses
import difflib
import hashlib
import importlib.util
import logging
import sys
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from strategies.packing import moved_hint
from strategies.params import Params
from strategies.rules import BUILT_IN
from strategies.settings import StrategyError, parse_set, validate
from strategies.strategy import Strategy

__all__ = ["ENTRY_POINTS", "STRATEGIES", "Preset", "Strategy", "StrategyError", "get",
           "load_preset", "load_rules", "make_params", "names", "parse_set", "read_preset",
           "register", "unregister"]

log = logging.getLogger(__name__)
PRESETS = Path(__file__).parent / "presets"
ENTRY_POINTS = "qe_playbook.rules"


_RULES: dict[str, Strategy] = {s.name: s for s in BUILT_IN}
_entry_points_loaded = False
_loading: list[str] = []  # the rule file being imported (its rules are labelled with it)


def _load_entry_points() -> None:
    """Each entry point of the group is a module (imported: it calls register) or a callable
    returning Strategy objects; loaded once, on the first lookup."""
    global _entry_points_loaded
    if _entry_points_loaded:
        return
    _entry_points_loaded = True
    from importlib.metadata import entry_points

    for ep in entry_points(group=ENTRY_POINTS):
        try:
            obj = ep.load()
            found = [obj] if isinstance(obj, Strategy) else obj() if callable(obj) else None
        except Exception as e:  # a broken plug-in must name itself, not break the built-ins
            raise StrategyError(f"entry point '{ep.name} = {ep.value}' (group {ENTRY_POINTS}) "
                                f"failed to load: {e}; fix or uninstall that package") from e
        for strategy in found or []:
            register(strategy, replace=True)
        log.info("rules from entry point %s", ep.value)


class _Registry(Mapping[str, Strategy]):
    """A read-only view of the declarations that loads installed rules on first use."""

    def __getitem__(self, name: str) -> Strategy:
        _load_entry_points()
        return _RULES[name]

    def __iter__(self) -> Iterator[str]:
        _load_entry_points()
        return iter(list(_RULES))

    def __len__(self) -> int:
        _load_entry_points()
        return len(_RULES)


STRATEGIES: Mapping[str, Strategy] = _Registry()


def register(strategy: Strategy, *, replace: bool = False) -> None:
    """Add a rule declaration; a name already taken needs replace=True, unless the taken one
    came from the same rule file (an edited file loaded again replaces its own rule)."""
    if not isinstance(strategy, Strategy):
        raise StrategyError(f"register() takes a Strategy (strategies.strategy.compiled or "
                            f"pandas_rule), got {type(strategy).__name__}")
    if _loading and strategy.source == "built-in":
        strategy = dataclasses.replace(strategy, source=_loading[-1])
    if not strategy.name.isidentifier():
        raise StrategyError(f"rule name '{strategy.name}' ({strategy.source}): use letters, "
                            "digits and underscores, not starting with a digit")
    old = _RULES.get(strategy.name)
    same_file = old is not None and old.source == strategy.source != "built-in"
    if old is not None and not (replace or same_file) and old is not strategy:
        raise StrategyError(f"rule '{strategy.name}' ({strategy.source}) is already registered "
                            f"(from {_RULES[strategy.name].source}); rename it, or pass "
                            "replace=True to override it")
    _RULES[strategy.name] = strategy


def unregister(name: str) -> None:
    """Remove a rule (tests and notebooks that register temporary rules)."""
    _RULES.pop(name, None)


def names() -> list[str]:
    """Every registered rule, built-ins first, in registration order."""
    return list(STRATEGIES)


def get(name: str) -> Strategy:
    known = names()
    if name not in known:
        hint = difflib.get_close_matches(name, known, n=1)
        raise StrategyError(f"unknown strategy '{name}'" + (f" — did you mean '{hint[0]}'?"
                            if hint else "") + f"; known: {', '.join(known)} (your own rules: "
                            "--rules FILE.toml|FILE.py)")
    return _RULES[name]


def load_rules(path: Path | str) -> list[str]:
    """Register the rules of a file: a .toml rule (strategies.rulefile) or a .py module that
    calls `register` (imported by path). Returns the names it added, in order."""
    path = Path(path)
    if not path.is_file():
        raise StrategyError(f"{path}: no such rule file; give a .toml rule or a .py module")
    if path.suffix == ".toml":
        from strategies.rulefile import RuleFileError, load_toml_rule

        try:
            strategy = load_toml_rule(path)
        except RuleFileError as e:
            raise StrategyError(str(e)) from None
        register(strategy)  # the same file loaded again replaces its own rule
        return [strategy.name]
    if path.suffix != ".py":
        raise StrategyError(f"{path}: a rule file ends in .toml (no code) or .py (a module "
                            f"that calls strategies.registry.register), not '{path.suffix}'")
    before = dict(_RULES)
    digest = hashlib.sha1(str(path.resolve()).encode()).hexdigest()[:10]
    module = f"qe_playbook_rules_{path.stem}_{digest}"  # stable: numba caches key on it
    spec = importlib.util.spec_from_file_location(module, path)
    if spec is None or spec.loader is None:
        raise StrategyError(f"{path}: cannot import this file as a Python module")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[module] = mod
    _loading.append(str(path.resolve()))
    try:
        spec.loader.exec_module(mod)
    except StrategyError as e:
        raise StrategyError(f"{path}: {e}") from None
    except Exception as e:
        raise StrategyError(f"{path}: importing it failed: {type(e).__name__}: {e}"
                            f"{moved_hint(e)}") from e
    finally:
        _loading.pop()
    added = [n for n, s in _RULES.items() if before.get(n) is not s]
    if not added:
        raise StrategyError(f"{path}: the module registered no rule; call "
                            "strategies.registry.register(compiled(...)) at its top level")
    return added


def make_params(name: str, values: dict[str, Any], where: str = "parameters") -> Params:
    """Validated params for a strategy (strategies.settings.validate: the one door; unknown
    keys get a 'did you mean', mix.sleeve weights and 'a,b' regime lists are read)."""
    return validate(get(name).params, values, f"{where} of {name}")


@dataclass(frozen=True)
class Preset:
    """A preset: its own label (the file's name) and description, the rule it tunes and the
    validated parameters. Runs of a preset are labelled and described with these, not with
    the parent rule's."""

    label: str
    strategy: str
    description: str
    params: Params


def read_preset(path: Path) -> Preset:
    """A preset file (`strategy = "name"`, `description = "..."`, a [params] table)."""
    name, params = load_preset(path)
    raw = tomllib.loads(Path(path).read_text())
    return Preset(Path(path).stem, name, str(raw.get("description", "")), params)


def load_preset(path: Path) -> tuple[str, Params]:
    """A preset file: `strategy = "name"` and a [params] table."""
    try:
        raw = tomllib.loads(Path(path).read_text())
    except (OSError, tomllib.TOMLDecodeError) as e:
        raise StrategyError(f"{path}: cannot read preset ({e})") from None
    extra = set(raw) - {"strategy", "description", "params"}
    if "strategy" not in raw or extra:
        raise StrategyError(f"{path}: a preset has keys strategy, description and [params]"
                            + (f"; unknown: {', '.join(sorted(extra))}" if extra else ""))
    return raw["strategy"], make_params(raw["strategy"], raw.get("params", {}), str(path))
