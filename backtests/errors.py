"""One small error hierarchy; every message says what, which value, and the fix."""

from __future__ import annotations

QUOTE_LIMIT = 40  # characters of a user's value echoed in a message


class PlaybookError(Exception):
    """Base of every error the CLI reports as one clean line."""


class ConfigError(PlaybookError):
    """A curated definition or a user-supplied option is invalid."""


class DataValidationError(PlaybookError):
    """Input data failed validation; carries one line per problem."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        head = f"{len(problems)} problem(s) in the input data; nothing was written:"
        super().__init__("\n".join([head, *(f"  - {p}" for p in problems)]))


class StoreError(PlaybookError):
    """The local data store is missing, empty, damaged or inconsistent."""


class FetchError(PlaybookError):
    """An online source could not deliver a series."""


class OfflineError(FetchError):
    """No network at all: the first series could not even connect."""


def _shown(text: str) -> str:
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def clip(value: object, limit: int = QUOTE_LIMIT) -> str:
    """A user's value for a message, on one line: control characters escaped, cut to `limit`
    characters (a 32 MB cell must not be echoed to the console)."""
    text = str(value)
    if len(text) <= limit:
        return _shown(text)
    return f"{_shown(text[:limit])}… ({len(text):,} characters)"


def quote(value: object, limit: int = QUOTE_LIMIT) -> str:
    """clip() in quotes: 'value', or 'valu…' (32,000,000 characters)."""
    text = str(value)
    if len(text) <= limit:
        return f"'{_shown(text)}'"
    return f"'{_shown(text[:limit])}…' ({len(text):,} characters)"
