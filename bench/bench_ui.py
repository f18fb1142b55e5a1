"""Desktop-app start-up and responsiveness benchmark.

    python bench/bench_ui.py [--repeats 5] [--compare DIR]

Reports, as medians over ``--repeats`` runs, each in a fresh subprocess (with
``--compare``, also for another checkout, e.g. ``git archive main | tar -x -C DIR``,
interleaved run by run so that both see the same machine load):

* ``empty``: launch of a bare ``QMainWindow`` (interpreter start, PySide6
  import, QApplication, window shown), the reference for this machine;
* ``app``: launch of Retrofit Planner on the default example project until
  the window shows the computed KPI cards;
* their ratio ``app / empty``;
* ``window``: launch until the main window's first paint (results may arrive
  just after), and its ratio to ``empty`` (target: at most 3);
* ``edit -> KPI``: from a document edit until the NPV card is painted with the
  new value (includes the 30 ms debounce, skipped when the previous engine run
  was quick: ``ui.document.QUICK_COMPUTE_S``) and the engine's compute time
  alone (target: 50 ms);
* ``GUI block``: for projects of 1,000 and 5,000 measures, opened in the started
  app as a user opens a file, with the overview (charts) or the measures table in
  front, the longest time the GUI thread was blocked per edit: the largest gap
  between two beats of a 1 ms heartbeat timer on the GUI thread, from the edit
  until 0.5 s after the results were delivered (so the charts' own event-loop
  turns, the pages, the garbage collector count too) (target: 50 ms).  The
  window's autosave timer is shortened to ``--autosave-ms`` (default 2 s) so that
  its writes of the modified project fall inside the measured edits, as one does
  every minute in use (0: the app's own interval, which no block run reaches).
  The edits run in a Qt event loop (``_run_loop``), as the app's ``exec()`` does.

The app children start as ``ui.app.run_app`` does (``_start_app``), with
byte-compiled modules as an installed app has them (``PYTHONPYCACHEPREFIX`` in
the bench's temporary folder, filled by the untimed warm-up launches).

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


def _child_env(tmp: Path, repo: Path = REPO) -> dict:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["XDG_CONFIG_HOME"] = str(tmp / "config")
    env["XDG_DATA_HOME"] = str(tmp / "data")
    runtime = tmp / "runtime"
    runtime.mkdir(mode=0o700, exist_ok=True)
    env["XDG_RUNTIME_DIR"] = str(runtime)
    env["PYTHONPATH"] = str(repo) + os.pathsep + env.get("PYTHONPATH", "")
    # byte-compiled modules, as an installed app has them (pip compiles on install): without them
    # every launch compiles the app's sources (~50 ms of the window's time); kept out of the checkout
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(tmp / "pycache")
    return env


def child_empty() -> None:
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication([])
    w = QMainWindow()
    w.resize(1600, 1000)
    w.show()
    app.processEvents()
    print("READY", flush=True)


def _start_app():
    """(app, window) started as ``ui.app.run_app`` starts them (the same calls, without ``exec``)."""
    from PySide6.QtWidgets import QApplication

    from ui import app as ui_app

    app = QApplication([])
    ui_app.configure_application(app)
    ui_app.configure_fonts(app)
    app.setStyle("Fusion")
    window, _ = ui_app.create_main_window(None, autosave_dir=Path(tempfile.mkdtemp()))
    freeze = getattr(ui_app, "freeze_after_first_results", None)  # absent before issue 9 item 12: --base runs
    if freeze is not None:
        freeze(window.doc)
    window.resize(1600, 1000)
    window.show()
    return app, window


class _PaintProbe:
    """The text a label (any widget: "") had when it was last painted, and when [perf_counter s]."""

    def __init__(self, label):
        from PySide6.QtCore import QEvent, QObject

        probe = self

        class Filter(QObject):
            def eventFilter(self, obj, event):  # noqa: N802
                if event.type() == QEvent.Type.Paint:
                    probe.text, probe.at = getattr(obj, "text", str)(), time.perf_counter()
                return False

        self.text, self.at = None, 0.0
        self._filter = Filter()
        label.installEventFilter(self._filter)


def _pump(app, seconds: float, until=None) -> None:
    """Run the event loop for ``seconds`` (or until ``until()``)."""
    from PySide6.QtCore import QEventLoop

    t_end = time.monotonic() + seconds
    while time.monotonic() < t_end and not (until is not None and until()):
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 2)
        time.sleep(0.0005)


def _run_loop(seconds: float, until=None) -> None:
    """Run a Qt event loop, as ``app.exec()`` runs the app's, for ``seconds`` (or until ``until()``,
    checked every 5 ms by a timer).  Unlike :func:`_pump` (a Python loop around ``processEvents``,
    which needs the interpreter lock twice a turn), the GUI thread then needs Python's lock only
    for the app's own slots and timers, as in use: the GUI-block runs measure that."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    t_end = time.monotonic() + seconds

    def check() -> None:
        if time.monotonic() >= t_end or (until is not None and until()):
            loop.quit()

    poll = QTimer()
    poll.setInterval(5)
    poll.timeout.connect(check)
    poll.start()
    if not (until is not None and until()):
        loop.exec()
    poll.stop()


def child_app(edits: int) -> None:
    app, window = _start_app()
    shown = _PaintProbe(window)
    _pump(app, 30, lambda: shown.text is not None)  # the window's first paint
    print("WINDOW", flush=True)
    card = window.results_panel.kpis.card("npv_yuan")
    painted = _PaintProbe(card.value_label)
    _pump(app, 60, lambda: card.value_text() != "—" and painted.text == card.value_text())
    print("READY", flush=True)

    doc = window.doc
    _pump(app, 1.0)  # the lazily built pages, the heap frozen
    latencies, computes = [], []
    for i in range(edits):
        before = card.value_text()
        rate = 5.0 + (i % 7)
        if doc.project.finance.discount_rate_pct == rate:
            rate += 0.5
        t0 = time.perf_counter()
        doc.set_value(("finance", "discount_rate_pct"), rate, "bench")
        _pump(app, 10, lambda b=before: painted.text not in (None, b) and painted.text == card.value_text())
        latencies.append(painted.at - t0)
        computes.append(doc.last_compute_seconds or 0.0)
        _pump(app, 0.1)
    print("EDITS " + json.dumps({"latency_s": latencies, "compute_s": computes}), flush=True)
    doc.undo_stack.setClean()
    window.close()


def motors_project_dict(n_measures: int) -> dict:
    """The default example project with its first motor measure repeated ``n_measures`` times
    (named "motor 0", "motor 1", ...), as a project-file dict."""
    import copy

    from planner.io.assets import default_project_path

    d = json.loads(default_project_path().read_text(encoding="utf-8"))
    motor = next(m for m in d["measures"] if m["type"] == "motor")
    d["measures"] = [dict(copy.deepcopy(motor), name=f"motor {i}") for i in range(n_measures)]
    return d


def child_block(n_measures: int, edits: int, tab: int, autosave_ms: int = 0) -> None:
    """Longest GUI-thread block per edit on a project of ``n_measures`` motor measures, opened in the
    started app (as a user opens a file), with results tab ``tab`` in front."""
    from PySide6.QtCore import QElapsedTimer, QTimer

    app, window = _start_app()
    doc = window.doc
    _pump(app, 60, doc.results_current)
    _pump(app, 1.0)
    d = motors_project_dict(n_measures)
    path = Path(tempfile.mkdtemp()) / f"motors-{n_measures}.json"
    path.write_text(json.dumps(d, ensure_ascii=False), encoding="utf-8")
    doc.open(path)
    window.results_panel.tabs.setCurrentIndex(tab)
    _pump(app, 600, doc.results_current)
    _pump(app, 1.0)
    if autosave_ms:
        window.autosaver.timer.start(autosave_ms)
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
    blocks, computes = [], []
    for i in range(edits):
        state["last"], state["max"] = clock.elapsed(), 0
        rate = 5.0 + (i % 7) + 0.25
        QTimer.singleShot(0, lambda r=rate: doc.set_value(("finance", "discount_rate_pct"), r, "bench"))
        _run_loop(0.05)
        _run_loop(600, doc.results_current)
        _run_loop(0.5)  # the charts' turns, the pages, the collector: anything the edit set off
        blocks.append(state["max"] / 1000.0)
        computes.append(doc.last_compute_seconds or 0.0)
    heart.stop()
    print("BLOCK " + json.dumps({"measures": n_measures, "block_s": blocks, "compute_s": computes}), flush=True)
    doc.undo_stack.setClean()
    window.close()


def _block(n: int, edits: int, tab: int, tmp: Path, repo: Path = REPO, autosave_ms: int = 0) -> list[float]:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", "block", "--measures", str(n)]
    cmd += ["--block-edits", str(edits), "--tab", str(tab), "--autosave-ms", str(autosave_ms)]
    out = subprocess.run(cmd, capture_output=True, text=True, env=_child_env(tmp, repo), cwd=repo, timeout=1800)
    for line in out.stdout.splitlines():
        if line.startswith("BLOCK "):
            return json.loads(line[6:])["block_s"]
    raise RuntimeError(f"block child failed: {out.stderr[-2000:]}")


def _launch(kind: str, edits: int, tmp: Path, repo: Path = REPO) -> tuple[float, dict]:
    """(seconds from ``Popen`` to the child's READY line, what else it reported)."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", kind, "--edits", str(edits)]
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=_child_env(tmp, repo), cwd=repo
    )
    ready = None
    extra: dict = {}
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("WINDOW"):
            extra["window_s"] = time.perf_counter() - t0
        elif line.startswith("READY") and ready is None:
            ready = time.perf_counter() - t0
        elif line.startswith("EDITS "):
            extra.update(json.loads(line[6:]))
    proc.wait(timeout=120)
    if ready is None:
        raise RuntimeError(f"{kind} child exited with {proc.returncode} before it was ready")
    return ready, extra


def _report(label: str, e: float, runs: list[tuple[float, dict]], blocks: dict) -> dict:
    """Print one checkout's figures against the bare window's median launch ``e`` [s]; return them."""
    app = statistics.median(t for t, _ in runs)
    windows = [x["window_s"] for _, x in runs if "window_s" in x]
    latencies = [v for _, x in runs for v in x.get("latency_s", [])]
    computes = [v for _, x in runs for v in x.get("compute_s", [])]
    win = statistics.median(windows) if windows else None
    print(f"-- {label}")
    print(f"launch, app with KPI results   : {app * 1000:7.0f} ms (median of {len(runs)})")
    print(f"ratio app / empty              : {app / e:7.2f}")
    if win is not None:
        print(f"launch, app window shown       : {win * 1000:7.0f} ms (median of {len(windows)})")
        print(f"ratio window / empty           : {win / e:7.2f}  (target <= 3)")
    if latencies:
        print(
            f"edit -> updated KPI card       : {statistics.median(latencies) * 1000:7.0f} ms "
            f"(median of {len(latencies)}, to the card's paint; max {max(latencies) * 1000:.0f} ms)"
        )
        print(f"engine compute per edit        : {statistics.median(computes) * 1000:7.1f} ms (median)")
        print(f"ratio edit->KPI / 50 ms target : {statistics.median(latencies) / 0.050:7.2f}")
    for key, b in blocks.items():
        n, tab = key
        print(
            f"GUI block per edit, {n:5d} measures, {tab:9s} tab: "
            f"{statistics.median(b) * 1000:5.0f} ms median, {max(b) * 1000:.0f} ms max of {len(b)} (target 50 ms)"
        )
    return {
        "app_launch_s": app,
        "ratio": app / e,
        "window_s": win,
        "window_ratio": (win / e) if win else None,
        "edit_to_kpi_s": statistics.median(latencies) if latencies else None,
        "compute_s": statistics.median(computes) if computes else None,
        "gui_block_max_s": {f"{n}/{tab}": max(b) for (n, tab), b in blocks.items()},
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Retrofit Planner UI benchmark")
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--edits", type=int, default=10, help="edits per app run for the edit -> KPI latency")
    ap.add_argument("--child", choices=("empty", "app", "block"), help=argparse.SUPPRESS)
    ap.add_argument("--measures", type=int, default=1000, help=argparse.SUPPRESS)
    ap.add_argument("--block-sizes", default="1000,5000", help="measure counts for the GUI-block benchmark")
    ap.add_argument("--block-edits", type=int, default=3)
    ap.add_argument(
        "--block-tabs", default="0,2", help="results tabs in front in the GUI-block runs (0 overview, 2 measures)"
    )
    ap.add_argument("--tab", type=int, default=0, help=argparse.SUPPRESS)
    ap.add_argument(
        "--autosave-ms",
        type=int,
        default=2000,
        help="autosave interval during the GUI-block edits, so its writes are measured (0: the app's own)",
    )
    ap.add_argument(
        "--compare",
        type=Path,
        help="another checkout (e.g. `git archive` of main) measured the same way, interleaved, for before/after",
    )
    args = ap.parse_args(argv)
    if args.child == "block":
        child_block(args.measures, args.block_edits, args.tab, args.autosave_ms)
        return 0
    if args.child == "empty":
        child_empty()
        return 0
    if args.child == "app":
        child_app(args.edits)
        return 0

    tmp = Path(tempfile.mkdtemp(prefix="rp-bench-"))
    repos = {"this checkout": REPO}
    if args.compare is not None:
        repos[f"compared: {args.compare}"] = args.compare.resolve()
    empty: list[float] = []
    runs: dict[str, list] = {label: [] for label in repos}
    _launch("empty", 0, tmp)  # warm the file and byte-code caches, untimed
    for repo in repos.values():
        _launch("app", 0, tmp, repo)
    for _ in range(args.repeats):  # interleaved, so all see the same machine load
        empty.append(_launch("empty", 0, tmp)[0])
        for label, repo in repos.items():
            runs[label].append(_launch("app", args.edits, tmp, repo))
    tab_names = {0: "overview", 1: "cash flow", 2: "measures", 3: "storage", 4: "decide"}
    blocks: dict[str, dict] = {label: {} for label in repos}
    for n in [int(x) for x in args.block_sizes.split(",") if x.strip()]:
        for tab in [int(x) for x in args.block_tabs.split(",") if x.strip()]:
            for label, repo in repos.items():
                key = (n, tab_names.get(tab, str(tab)))
                blocks[label][key] = _block(n, args.block_edits, tab, tmp, repo, args.autosave_ms)
    e = statistics.median(empty)
    print(f"launch, empty QMainWindow      : {e * 1000:7.0f} ms (median of {len(empty)})")
    out = {"empty_launch_s": e}
    for label in repos:
        out[label] = _report(label, e, runs[label], blocks[label])
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
