"""Desktop-app start-up and responsiveness benchmark.

    python bench/bench_ui.py [--repeats 5]

Reports, as medians over ``--repeats`` runs, each in a fresh subprocess:

* ``empty``: launch of a bare ``QMainWindow`` (interpreter start, PySide6
  import, QApplication, window shown), the reference for this machine;
* ``app``: launch of Retrofit Planner on the default example project until
  the window shows the computed KPI cards;
* their ratio ``app / empty``;
* ``window``: launch until the main window is shown (results may arrive just
  after), and its ratio to ``empty`` (target: at most 3);
* ``edit -> KPI``: from a document edit to the updated KPI card (includes the
  30 ms debounce, skipped when the previous engine run took under 20 ms:
  ``ui.document.QUICK_COMPUTE_S``) and the engine's compute time alone (target: 50 ms);
* ``GUI block``: for projects of 1,000 and 5,000 measures, the longest time
  the GUI thread was blocked per edit (from the edit until the results are
  shown), measured by a 1 ms heartbeat timer on the GUI thread: the largest
  gap between two beats (target: 50 ms).

The launch times are measured by the parent from ``Popen`` to the child's
"READY" line.  Uses ``QT_QPA_PLATFORM=offscreen`` unless a platform is set.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _child_env(tmp: Path) -> dict:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["XDG_CONFIG_HOME"] = str(tmp / "config")
    env["XDG_DATA_HOME"] = str(tmp / "data")
    runtime = tmp / "runtime"
    runtime.mkdir(mode=0o700, exist_ok=True)
    env["XDG_RUNTIME_DIR"] = str(runtime)
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def child_empty() -> None:
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication([])
    w = QMainWindow()
    w.resize(1600, 1000)
    w.show()
    app.processEvents()
    print("READY", flush=True)


def child_app(edits: int) -> None:
    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication

    from ui.app import configure_application, configure_fonts, create_main_window

    app = QApplication([])
    configure_application(app)
    configure_fonts(app)
    window, _ = create_main_window(None, autosave_dir=Path(tempfile.mkdtemp()))
    window.resize(1600, 1000)
    window.show()
    app.processEvents()
    print("WINDOW", flush=True)
    card = window.results_panel.kpis.card("npv_yuan")
    while card.value_text() == "—":
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
        time.sleep(0.001)
    app.processEvents()
    print("READY", flush=True)

    doc = window.doc
    latencies, computes = [], []
    for i in range(edits):
        before = card.value_text()
        rate = 5.0 + (i % 7)
        if doc.project.finance.discount_rate_pct == rate:
            rate += 0.5
        t0 = time.perf_counter()
        doc.set_value(("finance", "discount_rate_pct"), rate, "bench")
        while card.value_text() == before:
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 2)
            time.sleep(0.0005)
        latencies.append(time.perf_counter() - t0)
        computes.append(doc.last_compute_seconds or 0.0)
    print("EDITS " + json.dumps({"latency_s": latencies, "compute_s": computes}), flush=True)
    doc.undo_stack.setClean()
    window.close()


def child_block(n_measures: int, edits: int) -> None:
    """Longest GUI-thread block per edit on a project with ``n_measures`` motor measures."""
    import copy

    from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from planner.io.assets import default_project_path
    from planner.io.projectfile import project_from_dict
    from ui.document import ProjectDocument
    from ui.main_window import MainWindow

    app = QApplication([])
    d = json.loads(default_project_path().read_text(encoding="utf-8"))
    motor = next(m for m in d["measures"] if m["type"] == "motor")
    d["measures"] = [dict(copy.deepcopy(motor), name=f"motor {i}") for i in range(n_measures)]
    doc = ProjectDocument(project_from_dict(d))
    window = MainWindow(doc, autosave_dir=Path(tempfile.mkdtemp()))
    window.resize(1600, 1000)
    window.show()

    def settle(timeout_s: float = 600.0) -> None:
        t_end = time.monotonic() + timeout_s
        while not doc.results_current() and time.monotonic() < t_end:
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
        app.processEvents()

    settle()
    clock = QElapsedTimer()
    clock.start()
    state = {"last": 0, "max": 0}

    def beat() -> None:
        now = clock.elapsed()
        state["max"] = max(state["max"], now - state["last"])
        state["last"] = now

    heart = QTimer()
    heart.setInterval(1)
    heart.timeout.connect(beat)
    heart.start()
    blocks = []
    for i in range(edits):
        state["last"], state["max"] = clock.elapsed(), 0
        rate = 5.0 + (i % 7) + 0.25
        QTimer.singleShot(0, lambda r=rate: doc.set_value(("finance", "discount_rate_pct"), r, "bench"))
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
        settle()
        for _ in range(3):
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
        blocks.append(state["max"] / 1000.0)
    heart.stop()
    print("BLOCK " + json.dumps({"measures": n_measures, "block_s": blocks}), flush=True)
    doc.undo_stack.setClean()
    window.close()


def _block(n: int, edits: int, tmp: Path) -> list[float]:
    cmd = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--child",
        "block",
        "--measures",
        str(n),
        "--edits",
        str(edits),
    ]
    out = subprocess.run(cmd, capture_output=True, text=True, env=_child_env(tmp), cwd=REPO, timeout=1800)
    for line in out.stdout.splitlines():
        if line.startswith("BLOCK "):
            return json.loads(line[6:])["block_s"]
    raise RuntimeError(f"block child failed: {out.stderr[-2000:]}")


def _launch(kind: str, edits: int, tmp: Path) -> tuple[float, dict | None]:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", kind, "--edits", str(edits)]
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=_child_env(tmp), cwd=REPO
    )
    ready = None
    extra = None
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("WINDOW"):
            extra = dict(extra or {}, window_s=time.perf_counter() - t0)
        elif line.startswith("READY") and ready is None:
            ready = time.perf_counter() - t0
        elif line.startswith("EDITS "):
            extra = dict(extra or {}, **json.loads(line[6:]))
    proc.wait(timeout=120)
    if ready is None:
        raise RuntimeError(f"{kind} child exited with {proc.returncode} before it was ready")
    return ready, extra


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Retrofit Planner UI benchmark")
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--edits", type=int, default=10, help="edits per app run for the edit -> KPI latency")
    ap.add_argument("--child", choices=("empty", "app", "block"), help=argparse.SUPPRESS)
    ap.add_argument("--measures", type=int, default=1000, help=argparse.SUPPRESS)
    ap.add_argument("--block-sizes", default="1000,5000", help="measure counts for the GUI-block benchmark")
    ap.add_argument("--block-edits", type=int, default=3)
    args = ap.parse_args(argv)
    if args.child == "block":
        child_block(args.measures, args.block_edits)
        return 0
    if args.child == "empty":
        child_empty()
        return 0
    if args.child == "app":
        child_app(args.edits)
        return 0

    tmp = Path(tempfile.mkdtemp(prefix="rp-bench-"))
    empty, app, windows, latencies, computes = [], [], [], [], []
    _launch("empty", 0, tmp)  # warm the file cache once for both
    _launch("app", 0, tmp)
    for _ in range(args.repeats):  # interleaved, so both see the same machine load
        empty.append(_launch("empty", 0, tmp)[0])
        t, extra = _launch("app", args.edits, tmp)
        app.append(t)
        if extra:
            latencies += extra.get("latency_s", [])
            computes += extra.get("compute_s", [])
            if "window_s" in extra:
                windows.append(extra["window_s"])
    e, a = statistics.median(empty), statistics.median(app)
    print(f"launch, empty QMainWindow      : {e * 1000:7.0f} ms (median of {len(empty)})")
    print(f"launch, app with KPI results   : {a * 1000:7.0f} ms (median of {len(app)})")
    print(f"ratio app / empty              : {a / e:7.2f}")
    win = statistics.median(windows) if windows else None
    if win is not None:
        print(f"launch, app window shown       : {win * 1000:7.0f} ms (median of {len(windows)})")
        print(f"ratio window / empty           : {win / e:7.2f}  (target <= 3)")
    if latencies:
        print(
            f"edit -> updated KPI card       : {statistics.median(latencies) * 1000:7.0f} ms "
            f"(median of {len(latencies)}; 30 ms debounce unless the last run took < 20 ms; max "
            f"{max(latencies) * 1000:.0f} ms)"
        )
        print(f"engine compute per edit        : {statistics.median(computes) * 1000:7.1f} ms (median)")
        print(f"ratio edit->KPI / 50 ms target : {statistics.median(latencies) / 0.050:7.2f}")
    blocks = {}
    for n in [int(x) for x in args.block_sizes.split(",") if x.strip()]:
        b = _block(n, args.block_edits, tmp)
        blocks[n] = max(b)
        print(
            f"GUI block per edit, {n:5d} measures: {statistics.median(b) * 1000:7.0f} ms median, "
            f"{max(b) * 1000:.0f} ms max (target 50 ms)"
        )
    print(
        json.dumps(
            {
                "empty_launch_s": e,
                "app_launch_s": a,
                "ratio": a / e,
                "edit_to_kpi_s": statistics.median(latencies) if latencies else None,
                "window_s": win,
                "window_ratio": (win / e) if win else None,
                "gui_block_max_s": blocks,
                "compute_s": statistics.median(computes) if computes else None,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
