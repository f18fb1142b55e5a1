"""Undo commands.  Every edit of the project is one ``QUndoCommand`` with a
readable label; the document swaps whole (immutable) projects, so undo and
redo restore exactly the previous project and therefore the same results."""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from planner.model.project import Project

if TYPE_CHECKING:  # pragma: no cover
    from ui.document import ProjectDocument

_MERGE_IDS: dict[str, int] = {}
_next_id = itertools.count(1)


def merge_id(key: str | None) -> int:
    """The ``QUndoCommand.id()`` of a merge key (-1: never merge)."""
    if key is None:
        return -1
    if key not in _MERGE_IDS:
        _MERGE_IDS[key] = next(_next_id)
    return _MERGE_IDS[key]


class SwapProjectCommand(QUndoCommand):
    """Replace the document's project by ``new``; undo puts ``old`` back."""

    def __init__(
        self,
        doc: ProjectDocument,
        old: Project,
        new: Project,
        label: str,
        merge_key: str | None = None,
        label_fn=None,
    ):
        super().__init__(label_fn() if label_fn is not None else label)
        self.label_fn = label_fn
        """Builds the label in the current language (the undo history follows a language switch)."""
        self._doc = doc
        self.old = old
        self.new = new
        self.merge_key = merge_key
        self._id = merge_id(merge_key)
        self.old_dict: dict | None = None
        """``project_to_dict(old)`` and ``(new)`` when the document knows them (edits), so a swap dumps nothing."""
        self.new_dict: dict | None = None

    def id(self) -> int:  # noqa: A003 - Qt's name
        return self._id

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt's name
        if not isinstance(other, SwapProjectCommand) or other.merge_key != self.merge_key:
            return False
        self.new = other.new
        self.new_dict = other.new_dict
        self.setText(other.text())
        self.label_fn = other.label_fn
        # typing back to where it started leaves nothing to undo
        if self.new_dict is not None and self.old_dict is not None:  # equal dicts, equal projects; no model walk
            self.setObsolete(self.new_dict == self.old_dict)
        else:
            self.setObsolete(self.new == self.old)
        return True

    def retranslate(self) -> None:
        if self.label_fn is not None:
            self.setText(self.label_fn())

    def redo(self) -> None:
        self._doc._set_project(self.new, self.new_dict)

    def undo(self) -> None:
        self._doc._set_project(self.old, self.old_dict)
