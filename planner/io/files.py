"""Reading files the user named: regular files only, with a size limit, decoded once.

A project's ``profile_file`` or ``weather_file`` may point anywhere (``/dev/zero``,
a FIFO, a 2 GB sparse file, ``/etc/passwd``).  :func:`read_regular_file` refuses
anything that is not a regular file *before* opening it for reading (a FIFO
would block ``open``), refuses files above a size limit from ``stat`` (a sparse
file is never read), opens non-blocking and checks again on the open handle
(the path may have been swapped in between), and never reads more than the
limit.  Problems are raised as :class:`FileProblem` (``expected``/``found``
phrases that never quote the file's content, as :class:`planner.terms.Note`
catalogue phrases: English text, shown in the UI language by the app); each
reader turns it into its own :class:`planner.model.errors.InputError` naming
the file.
"""

from __future__ import annotations

import codecs
import os
import stat
from pathlib import Path

from planner.terms import Note

__all__ = ["MAX_FILE_BYTES", "FileProblem", "decode_text", "describe_non_regular", "read_regular_file"]

MAX_FILE_BYTES = 200 * 1024 * 1024
"""Largest input file read [bytes] (200 MB).

Ten years of 5-minute meter data (the most :mod:`planner.io.meter` accepts) is
about 1.05 million rows of ~30 bytes, ~32 MB as CSV; a typical year of
15-minute data is ~1 MB.  200 MB leaves a wide margin for verbose exports
while keeping a read (and pandas' copy of it) well under a gigabyte."""


class FileProblem(Exception):
    """A file that cannot be read, as an ``expected`` / ``found`` pair (no file content)."""

    def __init__(self, expected: Note, found: Note) -> None:
        super().__init__(f"expected {expected}, found {found}")
        self.expected = expected
        self.found = found


_KINDS = (
    (stat.S_ISDIR, "file.directory"),
    (stat.S_ISFIFO, "file.fifo"),
    (stat.S_ISCHR, "file.char_device"),
    (stat.S_ISBLK, "file.block_device"),
    (stat.S_ISSOCK, "file.socket"),
)


def describe_non_regular(mode: int) -> Note | None:
    """``None`` for a regular file, else a phrase naming what the path is."""
    if stat.S_ISREG(mode):
        return None
    return next((Note(key) for is_kind, key in _KINDS if is_kind(mode)), Note("file.not_regular"))


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:,.0f} MB"


def check_regular_file(path: str | os.PathLike, limit: int = MAX_FILE_BYTES) -> os.stat_result:
    """Check, from ``stat`` alone, that ``path`` is a regular file of at most ``limit`` bytes.

    For readers that hand the path to a library (pvlib's weather readers)
    rather than reading the bytes themselves; nothing is opened, so a FIFO
    or a device never blocks.

    Parameters
    ----------
    path : str or os.PathLike
        The file; symbolic links are followed.
    limit : int
        Largest accepted size [bytes].

    Raises
    ------
    FileProblem
        Missing, not a regular file, or larger than ``limit``.
    """
    p = os.fspath(path)
    try:
        st = os.stat(p)
    except FileNotFoundError:
        raise FileProblem(Note("file.existing"), Note("file.missing")) from None
    except OSError as err:
        raise _unreadable(err) from None
    _check_stat(st, limit)
    return st


def _check_stat(st: os.stat_result, limit: int) -> None:
    """FileProblem unless ``st`` is the status of a regular file of at most ``limit`` bytes."""
    kind = describe_non_regular(st.st_mode)
    if kind is not None:
        raise FileProblem(Note("file.regular"), kind)
    if st.st_size > limit:
        raise FileProblem(Note("file.at_most", size=_mb(limit)), Note("file.size", size=_mb(st.st_size)))


def _unreadable(err: OSError) -> FileProblem:
    return FileProblem(Note("file.readable"), Note("file.os_error", reason=err.strerror or type(err).__name__))


def read_regular_file(path: str | os.PathLike, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes.

    Parameters
    ----------
    path, limit
        As for :func:`check_regular_file`: the file (links followed) and its largest accepted size [bytes].

    Raises
    ------
    FileProblem
        Missing or unreadable, not a regular file (directory, FIFO, device,
        socket), or larger than ``limit`` (the message states the limit).
    """
    p = os.fspath(path)
    check_regular_file(p, limit)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(p, flags)
    except OSError as err:
        raise _unreadable(err) from None
    with os.fdopen(fd, "rb") as fh:
        _check_stat(os.fstat(fh.fileno()), limit)  # again: the file may have been swapped between stat and open
        try:
            data = fh.read(limit + 1)
        except OSError as err:
            raise _unreadable(err) from None
    if len(data) > limit:  # grew while being read
        raise FileProblem(Note("file.at_most", size=_mb(limit)), Note("file.more_than", size=_mb(limit)))
    return data


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode a text file once: UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030.

    Returns the text and the name of the encoding used.  Excel on Chinese
    Windows writes CSV in GBK, which GB18030 contains; "Unicode text" exports
    are UTF-16 with a BOM.

    Raises
    ------
    FileProblem
        If the bytes are none of these encodings.
    """
    candidates: tuple[str, ...]
    if data.startswith(codecs.BOM_UTF8):
        candidates = ("utf-8-sig",)
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ("utf-16",)
    else:
        candidates = ("utf-8", "gb18030")
    last: UnicodeDecodeError | None = None
    for enc in candidates:
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError as err:
            last = err
    assert last is not None
    raise FileProblem(Note("file.text_encoding"), Note("file.undecodable", offset=last.start))


def is_within(path: Path, directory: Path) -> bool:
    """True if ``path`` is ``directory`` or lies below it (both made absolute, not resolved)."""
    try:
        Path(os.path.abspath(path)).relative_to(os.path.abspath(directory))
    except ValueError:
        return False
    return True
