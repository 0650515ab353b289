"""The library's exception types and the exit codes the CLI maps them to.

The library raises these; only the CLI turns them into ``Error: …`` lines.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Process exit codes of the ``crosscheck`` command."""

    OK = 0
    ERROR = 1
    USAGE = 2
    CONFLICTS = 3  # --fail-on matched: the run worked and found what the caller asked to fail on
    NO_INPUT = 4
    BAD_RULES = 5
    BAD_METADATA = 6
    OUTPUT = 7
    INTERNAL = 70  # sysexits' EX_SOFTWARE: a bug or a broken installation, not the input


class CrosscheckError(Exception):
    """Base class: a failure the user can act on, with a hint how to fix it."""

    exit_code: ExitCode = ExitCode.ERROR

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message


class NoUsableInputError(CrosscheckError):
    """Nothing usable was read from the paths given; ``problems`` says why for each file."""

    exit_code = ExitCode.NO_INPUT

    def __init__(self, message: str, hint: str | None = None, problems: list | None = None) -> None:
        super().__init__(message, hint)
        self.problems = problems or []


class MetadataError(CrosscheckError):
    """The --sources sidecar is malformed; every bad row is listed."""

    exit_code = ExitCode.BAD_METADATA

    def __init__(self, problems: list[str], hint: str | None = None) -> None:
        self.problems = problems
        super().__init__("; ".join(problems), hint)


class RulesError(CrosscheckError):
    """One or more rule files are invalid; every problem is listed at once."""

    exit_code = ExitCode.BAD_RULES

    def __init__(self, problems: list[str], hint: str | None = None) -> None:
        self.problems = problems
        count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in the rules"
        super().__init__(count + ":\n  " + "\n  ".join(problems), hint)


class OutputError(CrosscheckError):
    """An output file could not be written (nothing half-written is left behind)."""

    exit_code = ExitCode.OUTPUT


class UnsafeIdError(CrosscheckError):
    """An article id could escape an output folder or break a file name."""
