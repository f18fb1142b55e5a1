"""The timer's autosave encodes in slices on the GUI thread and writes in a worker thread (issue 9,
item 12): the file is the project, one write runs at a time, the latest snapshot wins, and failures
still reach the GUI thread."""

from __future__ import annotations

import json
import threading

from hypothesis import given
from hypothesis import strategies as st

import ui.autosave as autosave_module
from planner.io.projectfile import project_from_dict, project_to_dict
from tests.ui.conftest import settle
from ui.autosave import Autosaver, RecoveryEncoder


def _rate(doc, rate: float, qtbot=None) -> None:
    """Edit the discount rate; with ``qtbot``, also let the engine run end (an autosave asked for
    while the engine runs waits for it: these tests are about the writer)."""
    assert doc.set_value(("finance", "discount_rate_pct"), rate, "rate") == []
    if qtbot is not None:
        settle(qtbot, doc)


def _record_writes(monkeypatch, gate: threading.Event | None = None, fail: list | None = None) -> list:
    """Wrap the atomic write: log (thread, bytes) of each call; optionally wait on ``gate`` or raise."""
    real = autosave_module.write_bytes_atomic
    calls: list = []
    running = [0]

    def write(path, data):
        running[0] += 1
        calls.append((threading.current_thread(), data, running[0]))
        try:
            if gate is not None:
                assert gate.wait(10)
            if fail and fail[0]:
                raise OSError(28, "No space left on device")
            real(path, data)
        finally:
            running[0] -= 1

    monkeypatch.setattr(autosave_module, "write_bytes_atomic", write)
    return calls


def _one_write_in_flight(doc, qtbot, tmp_path, monkeypatch):
    """(saver, gate, calls): a background write of the project at 9 % has started and waits on ``gate``."""
    gate = threading.Event()
    calls = _record_writes(monkeypatch, gate)
    saver = Autosaver(doc, tmp_path / "recovery", interval_ms=3_600_000)
    _rate(doc, 9.0, qtbot)
    saver.autosave_in_background()
    qtbot.waitUntil(lambda: len(calls) == 1, timeout=5000)
    return saver, gate, calls


def test_timer_autosave_writes_the_project_from_a_worker_thread(doc, qtbot, tmp_path, monkeypatch):
    calls = _record_writes(monkeypatch)
    saver = Autosaver(doc, tmp_path / "recovery", interval_ms=20)
    _rate(doc, 11.0, qtbot)
    qtbot.waitUntil(lambda: saver.file.exists(), timeout=5000)
    assert saver.wait_for_writer(5)
    assert calls and all(thread is not threading.main_thread() for thread, _, _ in calls)
    saver.timer.stop()
    assert saver.wait_for_writer(5)
    data = json.loads(saver.file.read_text(encoding="utf-8"))
    assert data["project"] == project_to_dict(doc.project)
    assert project_from_dict(data["project"]) == doc.project
    assert data["session"] == saver.session and data["original_path"] is None
    saver.discard()
    saver.release()


def test_the_timers_snapshot_is_encoded_in_slices_on_the_gui_thread(doc, qtbot, tmp_path, monkeypatch):
    # a slice of 0 s: one piece per event-loop turn; the encoding never runs in the writer thread
    # (pure Python there took the interpreter lock from the GUI thread for 5 ms at a time)
    calls = _record_writes(monkeypatch)
    monkeypatch.setattr(autosave_module, "ENCODE_SLICE_S", 0.0)
    encoded_in: set = set()
    real = autosave_module._encode_item
    monkeypatch.setattr(
        autosave_module, "_encode_item", lambda o: encoded_in.add(threading.current_thread()) or real(o)
    )
    saver = Autosaver(doc, tmp_path / "recovery", interval_ms=3_600_000)
    _rate(doc, 9.5, qtbot)
    saver.autosave_in_background()
    assert saver.encoding and calls == []  # returned at once: the encoding goes on turn by turn
    qtbot.waitUntil(lambda: saver.file.exists(), timeout=10000)
    assert saver.wait_for_writer(5)
    assert encoded_in == {threading.main_thread()}
    assert len(calls) == 1 and calls[0][0] is not threading.main_thread()
    assert json.loads(saver.file.read_text(encoding="utf-8"))["project"] == project_to_dict(doc.project)
    saver.discard()
    saver.release()


def test_one_write_at_a_time_and_the_latest_snapshot_wins(doc, qtbot, tmp_path, monkeypatch):
    saver, gate, calls = _one_write_in_flight(doc, qtbot, tmp_path, monkeypatch)
    for rate in (10.0, 11.0, 12.0):  # each snapshot replaces the waiting one
        _rate(doc, rate, qtbot)
        saver.autosave_in_background()
    gate.set()
    qtbot.waitUntil(lambda: not saver.encoding, timeout=5000)  # encoded on the GUI thread's turns
    assert saver.wait_for_writer(10)
    assert len(calls) == 2  # the one in flight, then only the latest
    assert max(n for _, _, n in calls) == 1  # never two at once
    data = json.loads(saver.file.read_text(encoding="utf-8"))
    assert data["project"]["finance"]["discount_rate_pct"] == 12.0
    assert project_from_dict(data["project"]) == doc.project
    saver.discard()
    saver.release()


def test_discard_and_a_synchronous_autosave_wait_for_the_write_in_flight(doc, qtbot, tmp_path, monkeypatch):
    saver, gate, calls = _one_write_in_flight(doc, qtbot, tmp_path, monkeypatch)
    _rate(doc, 10.0, qtbot)
    saver.autosave_in_background()  # waiting behind the one in flight
    threading.Timer(0.2, gate.set).start()
    saver.discard()  # a clean save: waits for the write in flight, drops the waiting one
    assert saver.wait_for_writer(10)
    assert not saver.file.exists() and len(calls) == 1
    # a synchronous autosave lands after a background one, never under it
    gate.clear()
    _rate(doc, 11.0, qtbot)
    saver.autosave_in_background()
    qtbot.waitUntil(lambda: len(calls) == 2, timeout=5000)
    _rate(doc, 12.0, qtbot)
    threading.Timer(0.2, gate.set).start()
    assert saver.autosave_now() is True
    assert saver.wait_for_writer(10)
    assert json.loads(saver.file.read_text(encoding="utf-8"))["project"]["finance"]["discount_rate_pct"] == 12.0
    saver.discard()
    saver.release()


def test_the_timers_autosave_waits_for_the_engine_and_then_writes_the_latest(doc, qtbot, tmp_path, monkeypatch):
    # the engine held in its worker: an autosave asked for meanwhile writes nothing until the run
    # is done (three threads at the interpreter lock kept the GUI thread waiting 60-100 ms at
    # 5,000 measures), then writes the project as it is then
    import ui.document as document_module

    settle(qtbot, doc)
    calls = _record_writes(monkeypatch)
    engine_may_finish = threading.Event()
    real_compute = document_module.compute

    def held_compute(project, base_dir):
        assert engine_may_finish.wait(10)
        return real_compute(project, base_dir)

    monkeypatch.setattr(document_module, "compute", held_compute)
    saver = Autosaver(doc, tmp_path / "recovery", interval_ms=3_600_000)
    _rate(doc, 9.0)
    assert doc.busy
    saver.autosave_in_background()
    _rate(doc, 10.0)
    saver.autosave_in_background()
    qtbot.wait(300)
    assert calls == [] and not saver.file.exists()  # nothing while the engine runs
    engine_may_finish.set()
    qtbot.waitUntil(lambda: not doc.busy, timeout=10000)
    qtbot.waitUntil(lambda: saver.file.exists(), timeout=5000)
    assert saver.wait_for_writer(5)
    assert len(calls) == 1 and calls[0][0] is not threading.main_thread()
    data = json.loads(saver.file.read_text(encoding="utf-8"))
    assert data["project"]["finance"]["discount_rate_pct"] == 10.0
    saver.discard()
    saver.release()


def test_a_failed_background_autosave_is_told_on_the_gui_thread(doc, qtbot, tmp_path, monkeypatch):
    fail = [True]
    _record_writes(monkeypatch, fail=fail)
    saver = Autosaver(doc, tmp_path / "recovery", interval_ms=3_600_000)
    told: list = []
    saver.failed.connect(lambda m: told.append((m, threading.current_thread() is threading.main_thread())))
    saver.resumed.connect(lambda: told.append(("resumed", threading.current_thread() is threading.main_thread())))
    _rate(doc, 11.0, qtbot)
    with qtbot.waitSignal(saver.failed, timeout=5000):
        saver.autosave_in_background()
    assert "No space left on device" in told[0][0] and told[0][1]
    assert saver.last_error and not saver.file.exists()
    fail[0] = False
    with qtbot.waitSignal(saver.resumed, timeout=5000):
        saver.autosave_in_background()
    assert told[-1] == ("resumed", True) and saver.last_error == ""
    assert saver.file.exists()
    saver.discard()
    saver.release()


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=25,
)


@given(_json)
def test_the_encoding_is_json_dumps(value):
    payload = {"session": "s", "project": {"measures": [value, {"名称": value}], "x": value}, "v": value}
    assert RecoveryEncoder().encode(payload) == json.dumps(payload, ensure_ascii=False).encode("utf-8")


def test_the_encoding_of_a_project_is_json_dumps(doc):
    payload = {"original_path": None, "saved_at": "2026-01-01T00:00:00", "session": "s"}
    payload["project"] = project_to_dict(doc.project)
    assert RecoveryEncoder().encode(payload) == json.dumps(payload, ensure_ascii=False).encode("utf-8")


def _dumps(payload) -> bytes:
    return json.dumps(payload, ensure_ascii=False).encode("utf-8")


@given(_json, _json)
def test_the_remembering_encoder_is_json_dumps_across_edits(a, b):
    encoder = RecoveryEncoder()
    measures = [{"n": 1, "v": a}, {"n": 2, "v": b}, [a, b]]
    first = {"session": "s", "project": {"measures": measures, "site": {"x": a, "y": [b]}}}
    assert encoder.encode(first) == _dumps(first)
    # an edit as the document makes one: new containers along the changed path, the rest shared
    second = {"session": "s", "project": {"measures": [measures[0], {"n": 2, "v": a}, measures[2]], "site": {"x": b}}}
    assert encoder.encode(second) == _dumps(second)
    assert encoder.encode(first) == _dumps(first)  # and back


def test_the_remembering_encoder_encodes_only_the_changed_measure(monkeypatch):
    encoder = RecoveryEncoder()
    measures = [{"name": f"motor {i}", "capex_yuan": 1000.0 + i} for i in range(100)]
    payload = {"session": "s", "project": {"measures": measures, "finance": {"discount_rate_pct": 8.0}}}
    encoder.encode(payload)
    encoded: list = []
    real = autosave_module._encode_item
    monkeypatch.setattr(autosave_module, "_encode_item", lambda obj: encoded.append(obj) or real(obj))
    edited = [*measures[:5], dict(measures[5], capex_yuan=1.0), *measures[6:]]
    payload = {"session": "s", "project": {"measures": edited, "finance": payload["project"]["finance"]}}
    assert encoder.encode(payload) == _dumps(payload)
    assert [o for o in encoded if isinstance(o, dict | list)] == [edited[5]]  # the other 99 remembered
