"""Fixtures shared by the UI tests."""

import pytest

from planner.io.projectfile import load_project
from tests.conftest import SEEDS

SEED = SEEDS / "shandong-midsize-factory.json"


@pytest.fixture
def doc(qtbot):
    """A document on the default seed project (test modules may override it)."""
    from ui.document import ProjectDocument

    d = ProjectDocument(load_project(SEED))
    yield d
    d.wait_for_results(10000)  # let a background run finish before the document goes away
