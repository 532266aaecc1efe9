"""Every pinned dependency carries a licence compatible with AGPL-3.0-or-later."""

from __future__ import annotations

import importlib.metadata as md
import re
from pathlib import Path

from packaging.markers import Marker

LOCK = Path(__file__).resolve().parents[2] / "requirements-dev.lock"
# Permissive and weak-copyleft licences that may be combined into an AGPLv3 work.
COMPATIBLE = re.compile(
    r"\b(MIT|BSD|Apache|PSF|Python Software Foundation|MPL-2\.0|Mozilla Public License 2\.0|LGPL|"
    r"ISC|Zlib|CC0|0BSD|Unlicense|AGPL-3\.0|GPL-3\.0)",
    re.IGNORECASE,
)
# Packages whose classifiers contradict their licence file: the file itself is read instead.
# qrcode 8.x (a django-allauth[mfa] dependency) is BSD-3-Clause but also lists "Other/Proprietary".
LICENCE_FILE_SAYS = {"qrcode": "Redistribution and use in source and binary forms"}
INCOMPATIBLE = re.compile(r"GPL-2\.0-only|GPLv2 only|SSPL|Commons Clause|BUSL|proprietary", re.IGNORECASE)


def pinned() -> list[tuple[str, str]]:
    """(name, environment marker) of each pinned requirement."""
    rows = []
    for line in LOCK.read_text().splitlines():
        if "==" in line and not line.startswith((" ", "#")):
            spec, _, marker = line.partition(";")
            rows.append((spec.split("==")[0].strip(), marker.strip()))
    return rows


def licence_of(name: str) -> str:
    meta = md.metadata(name)
    classifiers = [c for c in meta.get_all("Classifier") or [] if c.startswith("License")]
    # The SPDX expression if declared, else the trove classifiers, else the free-text field:
    # a long bundled licence text (scipy's) lists vendored parts that are not linked here.
    if meta.get("License-Expression"):
        return str(meta["License-Expression"])
    return " | ".join(classifiers) or str(meta.get("License") or "")


def test_the_lock_file_pins_every_dependency() -> None:
    assert len(pinned()) > 40


def test_every_installed_dependency_has_a_compatible_licence() -> None:
    problems = []
    for name, marker in pinned():
        try:
            text = licence_of(name)
        except md.PackageNotFoundError:
            # Only a requirement whose environment marker excludes this machine may be absent.
            if not marker or Marker(marker).evaluate():
                problems.append(f"{name}: pinned but not installed")
            continue
        if name in LICENCE_FILE_SAYS:
            files = [f for f in md.distribution(name).files or [] if "LICEN" in str(f).upper()]
            if not any(LICENCE_FILE_SAYS[name] in f.read_text(encoding="utf-8") for f in files):
                problems.append(f"{name}: its licence file no longer says {LICENCE_FILE_SAYS[name]!r}")
            continue
        if not COMPATIBLE.search(text) or INCOMPATIBLE.search(text):
            problems.append(f"{name}: {text or 'no licence metadata'}")
    assert [] == problems
