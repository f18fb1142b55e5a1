"""The committed translation is complete and up to date with the sources:
every string pyside6-lupdate extracts from ui/ has a Chinese row in the
``*_zh.tsv`` tables, and rebuilding the ``.qm`` from them gives the committed
file byte for byte (the build is deterministic)."""

import xml.etree.ElementTree as ET

import pytest

from tools import i18n_build


@pytest.fixture(scope="module")
def lupdate_available():
    try:
        i18n_build._tool("pyside6-lupdate")
    except SystemExit as err:  # pragma: no cover
        pytest.skip(f"pyside6-lupdate not available: {err}")


def test_every_extracted_string_has_a_translation(tmp_path, lupdate_available):
    ts = tmp_path / i18n_build.TS_NAME
    i18n_build.run_lupdate(ts)
    messages = [
        (ctx.findtext("name"), msg.findtext("source"))
        for ctx in ET.parse(ts).getroot().iter("context")
        for msg in ctx.iter("message")
    ]
    assert len(messages) > 300  # the UI has several hundred strings; an empty extraction is a broken build
    untranslated = i18n_build.fill(ts, i18n_build.read_tables())
    assert not untranslated, f"strings without a Chinese row in assets/i18n/*_zh.tsv: {untranslated[:10]}"


def test_committed_qm_is_rebuilt_from_the_sources(tmp_path, lupdate_available):
    fresh = tmp_path / "fresh.qm"
    i18n_build.build(fresh, i18n_build.read_tables())
    assert fresh.read_bytes() == i18n_build.QM.read_bytes(), "run `python tools/i18n_build.py` and commit the .qm"


def test_fill_marks_a_string_without_a_row_unfinished(tmp_path):
    ts = tmp_path / "one.ts"
    ts.write_text(
        '<?xml version="1.0" encoding="utf-8"?><!DOCTYPE TS><TS version="2.1" language="zh_CN">'
        "<context><name>C</name>"
        '<message><source>Known</source><translation type="unfinished"></translation></message>'
        '<message><source>New</source><translation type="unfinished"></translation></message>'
        "</context></TS>",
        encoding="utf-8",
    )
    assert i18n_build.fill(ts, {("C", "Known"): "已知"}) == [("C", "New")]
    translations = {m.findtext("source"): m.find("translation") for m in ET.parse(ts).getroot().iter("message")}
    assert translations["Known"].text == "已知" and "type" not in translations["Known"].attrib
    assert translations["New"].get("type") == "unfinished"
