"""The one way code is compiled: `kernel` (rules, may run as plain Python) and `compiled`
(execution steps, always compiled), with a machine-code cache that cannot go stale.

numba's own `cache=True` keys an entry on the function's own file only: edit a function it
calls in another file and the old machine code keeps running. Here each compiled function's
cache lives in a folder named by a hash of everything its code depends on, transitively: its
own file, the key of every compiled function (or module of them) it reads, the values of
the constants it reads, and the versions of Python, numba and this package. Edit any of
them, in the package or in a user's own rule file, and the next process compiles afresh.

With PLAYBOOK_JIT=0 in the environment `kernel` functions run as plain Python, which is
faster for a one-off read over a few thousand days (`playbook now`, `regimes`) because it
skips loading the compiler (~1 s of CPU).
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
import types
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar, overload

F = TypeVar("F", bound=Callable[..., object])
JIT = os.environ.get("PLAYBOOK_JIT", "1") != "0"
CACHE_ENV = "PLAYBOOK_CACHE_DIR"  # where compiled code is kept (default ~/.cache/qe-playbook)
_KEYS: dict[object, str] = {}  # compiled function -> its dependency key
_MODULE_KEYS: dict[str, list[str]] = {}  # module name -> keys of its compiled functions
_SOURCES: dict[str, bytes] = {}
_PLAIN: dict[object, object | None] = {}  # kernel left as Python -> its compiled twin


def cache_root() -> Path:
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "qe-playbook" / "numba"


def _source(code: types.CodeType) -> bytes:
    """The text of the file a function was defined in (its compiled code when there is no
    file, as in a notebook cell)."""
    path = code.co_filename
    if path not in _SOURCES:
        try:
            _SOURCES[path] = Path(path).read_bytes()
        except OSError:
            return marshal.dumps(code)
    return _SOURCES[path]


def _names(code: types.CodeType) -> Iterator[str]:
    """Every global name a function's code (and the code nested in it) reads."""
    yield from code.co_names
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            yield from _names(const)


def _versions() -> str:
    from importlib.metadata import PackageNotFoundError, version

    import numba

    try:
        ours = version("qe-playbook")
    except PackageNotFoundError:
        ours = "source"
    return f"python {sys.version}; numba {numba.__version__}; qe-playbook {ours}"


def _dependency(value: object) -> str:
    """What a global read by compiled code contributes to its key."""
    if _hashable(value) and value in _KEYS:
        return _KEYS[value]
    if isinstance(value, types.ModuleType):
        mine = _MODULE_KEYS.get(value.__name__)
        if mine:
            return f"{value.__name__}:{','.join(mine)}"
        return f"{value.__name__} {getattr(value, '__version__', '')}"
    py_func = getattr(value, "py_func", None)  # compiled elsewhere (not through this module)
    if py_func is not None:
        return hashlib.sha256(_source(py_func.__code__)).hexdigest()
    if isinstance(value, int | float | bool | str | bytes | tuple | type(None)):
        return f"{type(value).__name__}:{value!r}"  # constants are frozen into machine code
    tobytes = getattr(value, "tobytes", None)
    if tobytes is not None:
        return hashlib.sha256(tobytes()).hexdigest()
    return type(value).__qualname__


def _hashable(value: object) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


def dependency_key(fn: Callable[..., Any]) -> str:
    """Hash of everything `fn`'s machine code depends on (see the module docstring)."""
    h = hashlib.sha256(_versions().encode())
    h.update(_source(fn.__code__))
    scope = fn.__globals__
    for name in sorted(set(_names(fn.__code__))):
        if name in scope:
            h.update(f"\0{name}={_dependency(scope[name])}".encode())
    return h.hexdigest()


def _compile_plain_kernels(fn: Callable[..., Any]) -> None:
    """Compiled code cannot call a kernel left as Python (PLAYBOOK_JIT=0 for a quick read in
    the same process, e.g. `now` before a sweep): compile each such kernel it reads, once,
    and bind the compiled twin in `fn`'s module."""
    scope = fn.__globals__
    for name in set(_names(fn.__code__)):
        value = scope.get(name)
        if callable(value) and _hashable(value) and value in _PLAIN:
            if _PLAIN[value] is None:
                _PLAIN[value] = _compile(value, False)
            scope[name] = _PLAIN[value]


def _compile(fn: F, parallel: bool) -> F:
    from numba import config, njit

    _compile_plain_kernels(fn)
    key = dependency_key(fn)
    before = config.CACHE_DIR  # type: ignore[attr-defined]
    # numba places a function's cache when it is decorated: point it at this key's folder.
    config.CACHE_DIR = str(cache_root() / key[:20])  # type: ignore[attr-defined]
    try:
        out = njit(cache=True, parallel=parallel)(fn)
    finally:
        config.CACHE_DIR = before  # type: ignore[attr-defined]
    _KEYS[out] = key
    _MODULE_KEYS.setdefault(fn.__module__, []).append(key)
    return out  # type: ignore[return-value]


@overload
def compiled(fn: F) -> F: ...
@overload
def compiled(*, parallel: bool = False) -> Callable[[F], F]: ...
def compiled(fn: F | None = None, *, parallel: bool = False) -> F | Callable[[F], F]:
    """numba.njit with the dependency-keyed cache, whatever PLAYBOOK_JIT says (the execution
    steps: compiling once beats running them in Python)."""
    if fn is None:
        return lambda f: _compile(f, parallel)
    return _compile(fn, parallel)


def kernel(fn: F) -> F:
    """`compiled`, or the function itself when PLAYBOOK_JIT=0 (compiled later only if
    compiled code calls it)."""
    if not JIT:
        _PLAIN[fn] = None
        return fn
    return _compile(fn, False)
