"""The one rule for user-supplied names that become path components (labels, episode names,
run and sweep ids, store versions, series symbols): refuse what breaks it, never rewrite it.

A rewritten name ('../x' -> '__x') would silently put two runs in one file or write where the
user did not look; a refused one costs the user a rename.
"""

from __future__ import annotations

import re

from backtests.errors import ConfigError, quote

NAME_RULE = ("1-64 letters, digits, '_' or '-', starting with a letter or digit, without '__' "
             "(it separates names in file names)")
SYMBOL_RULE = ("1-32 letters, digits and '^ = . _ -', starting with '^', a letter or a digit "
               "(e.g. SPY, ^GSPC, GC=F, DX-Y.NYB)")
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")
_SYMBOL = re.compile(r"\^?[A-Za-z0-9][A-Za-z0-9=._-]{0,31}")


def is_name(value: object) -> bool:
    return isinstance(value, str) and bool(_NAME.fullmatch(value)) and "__" not in value


def is_symbol(value: object) -> bool:
    return isinstance(value, str) and bool(_SYMBOL.fullmatch(value)) and ".." not in value


def check_name(value: object, what: str) -> str:
    """`value` if it is a safe path component, else a ConfigError naming `what` and the rule."""
    if not is_name(value):
        raise ConfigError(f"{what} {quote(value)} cannot be used in a file name: use {NAME_RULE}")
    return str(value)


def check_symbol(value: object, what: str) -> str:
    """`value` if it is a valid series symbol (it names the stored file)."""
    if not is_symbol(value):
        raise ConfigError(f"{what} {quote(value)} is not a valid symbol: use {SYMBOL_RULE}")
    return str(value)


def case_clashes(names: list[str]) -> list[str]:
    """Names equal but for case: one file on macOS and Windows file systems."""
    seen: dict[str, str] = {}
    clashes = []
    for n in names:
        other = seen.setdefault(n.casefold(), n)
        if other != n:
            clashes.append(f"{other}/{n}")
    return clashes
