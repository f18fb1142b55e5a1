"""planner.io.files: regular files only, a size limit, one decoding, and phrases in both languages."""

import os

import pytest

from planner.io.files import FileProblem, decode_text, read_regular_file
from planner.io.projectfile import ProjectError, load_project


def _problem(path, limit=1024):
    with pytest.raises(FileProblem) as info:
        read_regular_file(path, limit)
    return info.value


def test_a_missing_file_in_english_and_chinese(tmp_path):
    err = _problem(tmp_path / "nope.csv")
    assert str(err) == "expected an existing file, found no such file"  # the CLI's text, unchanged
    assert (err.expected.text("zh"), err.found.text("zh")) == ("一个存在的文件", "文件不存在")


def test_a_directory_and_a_fifo_are_named(tmp_path):
    err = _problem(tmp_path)
    assert (str(err.expected), str(err.found)) == ("a regular file", "a directory")
    assert err.found.text("zh") == "文件夹"
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    err = _problem(fifo)  # refused from stat, never opened (opening a FIFO would block)
    assert (str(err.found), err.found.text("zh")) == ("a named pipe (FIFO)", "命名管道(FIFO)")


def test_a_file_over_the_limit_states_the_limit(tmp_path):
    big = tmp_path / "big.csv"
    big.write_bytes(b"x" * (3 * 1024 * 1024))
    err = _problem(big, limit=2 * 1024 * 1024)
    assert str(err) == "expected a file of at most 2 MB, found 3 MB"
    assert err.expected.text("zh") == "不超过 2 MB 的文件"


def test_undecodable_text_names_the_offset():
    # b"\x81" alone is a GB18030 lead byte without its trail: neither UTF-8 nor GB18030
    with pytest.raises(FileProblem) as info:
        decode_text(b"time,kw\n\x81")
    assert str(info.value.found) == "undecodable bytes at offset 8"
    assert info.value.found.text("zh") == "第 8 字节处无法解码"


def test_gbk_text_is_decoded_once():
    assert decode_text("数据时间,有功功率(kW)\n".encode("gbk")) == ("数据时间,有功功率(kW)\n", "gb18030")


def test_a_missing_project_file_says_project_file(tmp_path):
    with pytest.raises(ProjectError) as info:
        load_project(tmp_path / "none.json")
    problem = info.value.problems[0]
    assert str(problem.expected) == "an existing project file"
    assert problem.expected.text("zh") == "一个存在的项目文件"
