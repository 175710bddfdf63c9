"""The error catalogue: every error says what arrived, what was expected, and the fix."""

from __future__ import annotations

__all__ = ["KgError", "UsageError"]


class KgError(Exception):
    """An error the user can fix. `code` is stable (E001…), `fix` says how."""

    def __init__(self, code: str, problem: str, fix: str) -> None:
        self.code = code
        self.problem = problem
        self.fix = fix
        super().__init__(f"[{code}] {problem}. Fix: {fix}")


class UsageError(KgError):
    """Bad arguments from the caller (CLI exit code 2)."""
