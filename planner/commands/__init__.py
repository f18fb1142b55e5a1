"""The subcommands of :mod:`planner.cli`, one module each.

A module defines ``HELP`` (one line), ``add_arguments(parser)`` and
``run(args) -> int`` (the exit code); it raises
:class:`planner.model.errors.InputError` for anything the user got wrong and
lets every other exception through (the CLI logs it as an internal error).
"""
