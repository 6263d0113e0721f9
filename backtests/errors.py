"""One small error hierarchy; every message says what, which value, and the fix."""

from __future__ import annotations


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
    """The local data store is missing, empty or inconsistent."""


class FetchError(PlaybookError):
    """An online source could not deliver a series."""
