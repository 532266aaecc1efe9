"""The repository stands alone: no file points outside it, and every documentation link resolves."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from pathlib import Path

ROOT = next(parent for parent in Path(__file__).parents if (parent / "pyproject.toml").exists())

# The design notes the project was started from live beside a checkout, not in it. The names are
# assembled here so that this file does not mention them itself.
OUTSIDE_FOLDER = ".." + "/" + "shared"
NOTE_FOLDERS = tuple("shared" + "/" + folder for folder in ("design/", "domain/", "spec/", "hooks/"))
NOTE_NAMES = tuple(name + ".md" for name in ("LAW", "ASSESS", "RECONCILE", "SECURITY", "ARCHITECTURE"))
FORBIDDEN = (OUTSIDE_FOLDER, *NOTE_FOLDERS, *NOTE_NAMES)

LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")
FENCE = re.compile(r"^\s*(```|~~~)")
HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*#*\s*$")


def tracked_files() -> list[Path]:
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, check=True, capture_output=True
    ).stdout.decode("utf-8")
    return [ROOT / name for name in listed.split("\0") if name and (ROOT / name).is_file()]


def documentation() -> list[Path]:
    return [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]


def outside_code_blocks(text: str) -> list[str]:
    lines, fenced = [], False
    for line in text.splitlines():
        if FENCE.match(line):
            fenced = not fenced
        elif not fenced:
            lines.append(line)
    return lines


def slug(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces as hyphens."""
    text = re.sub(r"`|\*\*|\[([^\]]*)\]\([^)]*\)", r"\1", heading).strip().lower()
    kept = "".join(ch for ch in text if ch in " -_" or unicodedata.category(ch)[0] in ("L", "N"))
    return kept.replace(" ", "-")


def anchors(path: Path) -> set[str]:
    found: set[str] = set()
    seen: dict[str, int] = {}
    for line in outside_code_blocks(path.read_text("utf-8")):
        match = HEADING.match(line)
        if match:
            base = slug(match.group(1))
            count = seen.get(base, 0)
            found.add(base if count == 0 else f"{base}-{count}")
            seen[base] = count + 1
    return found


def broken_links(path: Path, root: Path = ROOT) -> list[str]:
    broken = []
    for line in outside_code_blocks(path.read_text("utf-8")):
        for target in LINK.findall(line):
            if re.match(r"[a-z][a-z0-9+.-]*:", target):
                continue
            file_part, _, anchor = target.partition("#")
            resolved = (path.parent / file_part).resolve() if file_part else path
            if not resolved.exists():
                broken.append(f"{path.relative_to(root)}: {target} (no such file)")
            elif anchor and resolved.suffix == ".md" and anchor not in anchors(resolved):
                broken.append(f"{path.relative_to(root)}: {target} (no such heading)")
    return broken


def test_no_tracked_file_refers_to_the_notes_outside_the_repository() -> None:
    offending = []
    for path in tracked_files():
        text = path.read_bytes().decode("utf-8", errors="ignore")
        offending += [f"{path.relative_to(ROOT)}: {name}" for name in FORBIDDEN if name in text]
    assert [] == offending


def test_the_check_would_see_a_reference_to_the_notes() -> None:
    planted = f"see {OUTSIDE_FOLDER}/design/{NOTE_NAMES[-1]}"
    expected = [OUTSIDE_FOLDER, NOTE_FOLDERS[0], NOTE_NAMES[-1]]
    assert expected == [name for name in FORBIDDEN if name in planted]


def test_the_documents_a_user_needs_are_in_docs() -> None:
    needed = ("assess.md", "law.md", "reconcile.md", "security.md", "architecture.md", "operator.md")
    assert [name for name in needed if not (ROOT / "docs" / name).is_file()] == []
    readme = (ROOT / "README.md").read_text("utf-8")
    assert [name for name in needed if f"(docs/{name}" not in readme] == []


def test_every_link_in_the_readme_and_the_docs_resolves() -> None:
    broken = [problem for path in documentation() for problem in broken_links(path)]
    assert [] == broken


def test_the_link_check_finds_a_missing_file_and_a_missing_heading(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("# Top\n\n[ok](#top) [gone](missing.md) [nowhere](#no-such-part)\n", "utf-8")
    expected = ["page.md: missing.md (no such file)", "page.md: #no-such-part (no such heading)"]
    assert expected == broken_links(page, tmp_path)


def test_headings_get_githubs_anchors() -> None:
    assert "positions---position" == slug("Positions (`--position`)")
    assert "from-a-matched-list-to-a-manifest-the-guard-rules" == slug(
        "From a matched list to a manifest: the guard rules"
    )
