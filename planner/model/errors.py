"""The one base class of every error the *user* caused.

An :class:`InputError` names where the problem is (a field path such as
``tariff/prices_yuan_per_kwh/peak``, a file and row, a scenario), what was
expected and what was found.  The command line prints one line per problem
and exits 2; the app shows the lines in the user's language.  Anything that
is not an ``InputError`` is a bug: the command line and the app report it as
an internal error with a log file, never as "bad input".
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: ``where`` (field path, file and row),
    ``expected`` and ``found``, each a short phrase."""

    path: str
    expected: str
    found: str

    @property
    def where(self) -> str:
        return self.path

    def __str__(self) -> str:
        where = self.path or "(file)"
        return f"{where}: expected {self.expected}, found {self.found}"


class InputError(ValueError):
    """A problem with the user's input.

    Parameters
    ----------
    where : str
        Field path (``/``-separated), or file, row and column.
    expected : str
        What a valid input looks like.
    found : str
        What was there (never the content of an unrelated file).
    problems : list of Problem, optional
        Several problems at once (a project file with many faults); when
        given, ``where``/``expected``/``found`` describe the first.
    """

    def __init__(
        self, where: str = "", expected: str = "", found: str = "", *, problems: list[Problem] | None = None
    ) -> None:
        if problems is None:
            problems = [Problem(where, expected, found)]
        if not problems:
            raise ValueError("InputError needs at least one problem")
        self.problems = list(problems)
        first = self.problems[0]
        self.where, self.expected, self.found = first.path, first.expected, first.found
        super().__init__("\n".join(str(p) for p in self.problems))
