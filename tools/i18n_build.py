"""Build the Chinese translation of the UI.

Run from anywhere (it works relative to the repository)::

    python tools/i18n_build.py            # lupdate -> fill from TSV -> lrelease
    python tools/i18n_build.py --missing  # also list untranslated strings as TSV rows

1. ``pyside6-lupdate`` (found next to ``sys.executable``, else on PATH)
   extracts every ``tr()`` / ``QCoreApplication.translate()`` /
   ``QT_TRANSLATE_NOOP`` string of ``ui/**/*.py`` into a temporary
   ``retrofit_zh_CN.ts`` (a build intermediate: the ``*_zh.tsv`` tables are
   the source of the translations and the ``.qm`` is what ships, so the
   ``.ts`` is not kept in the repository).
2. The translations are filled from every ``assets/i18n/*_zh.tsv`` table:
   one row per string, ``context<TAB>source<TAB>translation``, UTF-8; a
   line starting with ``#`` is a comment; ``\\n`` and ``\\t`` in a cell
   stand for a newline and a tab.  ``core_zh.tsv`` holds the main window
   and results strings, ``editors_zh.tsv`` those of the input forms.
   A string without a row stays "unfinished" (the app shows the English).
3. ``pyside6-lrelease`` compiles ``assets/i18n/retrofit_zh_CN.qm``; the
   build is deterministic, so ``tests/ui/test_translations.py`` rebuilds it
   and compares it byte for byte with the committed file.

Exit status 0 on success (untranslated strings are reported, not fatal;
``--strict`` makes them fatal).
"""

from __future__ import annotations

import argparse
import csv
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
I18N = REPO / "assets" / "i18n"
TS_NAME = "retrofit_zh_CN.ts"
QM = I18N / "retrofit_zh_CN.qm"


def _tool(name: str) -> str:
    exe_dir = Path(sys.executable).parent
    for candidate in (exe_dir / name, exe_dir / f"{name}.exe"):
        if candidate.exists():
            return str(candidate)
    found = shutil.which(name)
    if not found:
        raise SystemExit(
            f"i18n_build: {name} not found next to {sys.executable} or on PATH (it comes with PySide6-Essentials)"
        )
    return found


def _unescape(text: str) -> str:
    out, i = [], 0
    while i < len(text):
        c = text[i]
        if c == "\\" and i + 1 < len(text) and text[i + 1] in "nt\\":
            out.append({"n": "\n", "t": "\t", "\\": "\\"}[text[i + 1]])
            i += 2
            continue
        out.append(c)
        i += 1
    return "".join(out)


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t")


def read_tables(directory: Path = I18N) -> dict[tuple[str, str], str]:
    """(context, source) -> translation from every ``*_zh.tsv`` file."""
    table: dict[tuple[str, str], str] = {}
    for tsv in sorted(directory.glob("*_zh.tsv")):
        with open(tsv, encoding="utf-8", newline="") as fh:
            for lineno, row in enumerate(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE), start=1):
                if not row or not row[0] or row[0].startswith("#"):
                    continue
                if len(row) < 3:
                    print(
                        f"{tsv.name}:{lineno}: expected context<TAB>source<TAB>translation, found {len(row)} column(s)",
                        file=sys.stderr,
                    )
                    continue
                context, source, translation = row[0], _unescape(row[1]), _unescape(row[2])
                if translation:
                    table[(context, source)] = translation
    return table


def run_lupdate(ts: Path) -> None:
    sources = sorted(
        str(p.relative_to(REPO))
        for p in (REPO / "ui").rglob("*.py")
        if "__pycache__" not in p.parts and p.name != "i18n_build.py"
    )
    cmd = [
        _tool("pyside6-lupdate"),
        *sources,
        "-locations",
        "none",
        "-no-obsolete",
        "-source-language",
        "en",
        "-target-language",
        "zh_CN",
        "-ts",
        str(ts.resolve()),
    ]
    subprocess.run(cmd, cwd=REPO, check=True, stdout=subprocess.DEVNULL)


def fill(ts: Path, table: dict[tuple[str, str], str]) -> list[tuple[str, str]]:
    """Write the table's translations into ``ts``; return the (context, source) left untranslated."""
    tree = ET.parse(ts)
    missing: list[tuple[str, str]] = []
    for context in tree.getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            tr = message.find("translation")
            if tr is None:
                tr = ET.SubElement(message, "translation")
            text = table.get((name, source))
            if text is None:
                if not (tr.text or "").strip() and not any((f.text or "").strip() for f in tr):
                    tr.set("type", "unfinished")
                    missing.append((name, source))
                continue
            tr.attrib.pop("type", None)
            if message.get("numerus") == "yes":
                for child in list(tr):
                    tr.remove(child)
                tr.text = None
                form = ET.SubElement(tr, "numerusform")
                form.text = text
            else:
                tr.text = text
    body = ET.tostring(tree.getroot(), encoding="unicode")
    ts.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", encoding="utf-8")
    return missing


def run_lrelease(ts: Path, qm: Path = QM) -> None:
    subprocess.run([_tool("pyside6-lrelease"), str(ts), "-qm", str(qm)], check=True, stdout=subprocess.DEVNULL)


def build(qm: Path, table: dict[tuple[str, str], str]) -> list[tuple[str, str]]:
    """Extract, fill and compile into ``qm``; return the (context, source) left untranslated."""
    with tempfile.TemporaryDirectory(prefix="i18n_build_") as tmp:
        ts = Path(tmp) / TS_NAME
        run_lupdate(ts)
        missing = fill(ts, table)
        run_lrelease(ts, qm)
    return missing


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--missing", action="store_true", help="print untranslated strings as TSV rows")
    ap.add_argument("--strict", action="store_true", help="fail if a string is untranslated")
    args = ap.parse_args(argv)
    table = read_tables()
    missing = build(QM, table)
    print(f"{QM.relative_to(REPO)} written; {len(table)} table rows, {len(missing)} string(s) untranslated")
    if args.missing:
        for context, source in missing:
            print(f"{context}\t{_escape(source)}\t")
    return 1 if (args.strict and missing) else 0


if __name__ == "__main__":
    sys.exit(main())
