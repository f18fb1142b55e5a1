"""Problem lines in the UI language: catalogue phrases of the readers and the known validation phrases."""

import pytest

from planner.io.projectfile import Problem, ProjectError, load_project
from ui.i18n import TranslationManager
from ui.widgets.labels import problem_text


@pytest.fixture
def chinese(qapp):
    TranslationManager(qapp).set_language("zh_CN", persist=False)
    yield
    TranslationManager(qapp).set_language("en", persist=False)


def test_a_missing_project_file_reads_in_chinese(tmp_path, chinese):
    with pytest.raises(ProjectError) as info:
        load_project(tmp_path / "none.json")
    text = problem_text(info.value.problems)
    assert "一个存在的项目文件" in text and "文件不存在" in text
    assert "file" not in text  # nothing left in English


def test_a_bound_phrase_reads_in_chinese(chinese):
    text = problem_text([Problem("finance.discount_rate_pct", "a number >= 0.0", "-3")])
    assert "a number" not in text and "0" in text and "-3" in text


def test_english_stays_as_the_reader_wrote_it(tmp_path):
    with pytest.raises(ProjectError) as info:
        load_project(tmp_path / "none.json")
    assert "an existing project file" in problem_text(info.value.problems)
