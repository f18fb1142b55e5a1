"""Guard against PySide6 6.12.0's reference-count bug: on Python 3.11 every
``Signal.emit()`` dropped a reference to ``True`` and the app aborted with
"Fatal Python error: bool_dealloc" after a few thousand edits.  pyproject.toml
pins PySide6 below 6.12 for that; this test fails if an affected build comes back."""

import subprocess
import sys

CODE = """
import sys
from PySide6.QtCore import QCoreApplication, QObject, Signal
app = QCoreApplication([])
class O(QObject):
    s = Signal(int)
o = O(); o.s.connect(lambda x: None)
before = sys.getrefcount(True)
for i in range(200):
    o.s.emit(i)
print(sys.getrefcount(True) - before)
"""


def test_emit_keeps_reference_counts():
    out = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert int(out.stdout.strip()) >= 0, "Signal.emit() leaks references to True: use another PySide6 version"
