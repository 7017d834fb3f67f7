"""Regenerate the message catalogues: extract, merge into the .po files, compile .mo.

    python scripts/i18n.py

Kazakh is the source language (msgid = the text shown); translations live in
bot/locales/<locale>/LC_MESSAGES/komekshi.po, where translators edit them. The script
keeps existing translations, adds new messages, and fails when Russian ones are missing.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALES = ROOT / "bot" / "locales"
DOMAIN = "komekshi"


def main() -> int:
    pot = LOCALES / f"{DOMAIN}.pot"
    subprocess.run(
        [
            sys.executable, "-m", "babel.messages.frontend", "extract", "-k", "_", "-k", "N_",
            "--no-location", "--sort-output", "--omit-header", "-o", str(pot), "bot", "handlers",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )  # fmt: skip
    with pot.open("rb") as handle:
        template = read_po(handle)
    missing: list[str] = []
    for locale in ("kk", "ru"):
        po_path = LOCALES / locale / "LC_MESSAGES" / f"{DOMAIN}.po"
        po_path.parent.mkdir(parents=True, exist_ok=True)
        if po_path.exists():
            with po_path.open("rb") as handle:
                catalog = read_po(handle, locale=locale)
            catalog.update(template, no_fuzzy_matching=True)
        else:
            with pot.open("rb") as handle:
                catalog = read_po(handle, locale=locale)
        if locale == "ru":
            missing += [str(m.id) for m in catalog if m.id and not m.string]
        with po_path.open("wb") as handle:
            write_po(handle, catalog, width=100, ignore_obsolete=True)
        with po_path.with_suffix(".mo").open("wb") as handle:
            write_mo(handle, catalog)
    for text in missing:
        print(f"no Russian translation: {text!r}", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    raise SystemExit(main())
