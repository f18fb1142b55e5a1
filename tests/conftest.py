"""Test-wide setup: headless Qt and a private XDG runtime dir."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if not os.environ.get("XDG_RUNTIME_DIR") or not Path(os.environ["XDG_RUNTIME_DIR"]).is_dir():
    runtime = Path(tempfile.gettempdir()) / f"xdg-runtime-{os.getuid()}"
    runtime.mkdir(mode=0o700, exist_ok=True)
    os.environ["XDG_RUNTIME_DIR"] = str(runtime)

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
