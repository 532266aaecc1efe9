"""The user guides show pictures the browser tests take, and every picture is shown somewhere."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
GUIDES = ROOT / "docs" / "guide"
IMG = GUIDES / "img"
SHOOTER = ROOT / "tests" / "app" / "browser" / "test_guide_screenshots.py"
ROLES = ("caseworker", "legal-officer", "neutral-monitor", "negotiator", "auditor", "administrator")
MAX_TOTAL_BYTES = 3 * 1024 * 1024


def shown_images() -> dict[str, str]:
    """Image file name -> the guide that shows it."""
    shown = {}
    for guide in GUIDES.glob("*.md"):
        for name in re.findall(r"!\[[^\]]+\]\(img/([^)]+)\)", guide.read_text(encoding="utf-8")):
            shown[name] = guide.name
    return shown


def test_there_is_a_guide_with_pictures_for_each_role() -> None:
    shown = shown_images()
    for role in ROLES:
        assert (GUIDES / f"{role}.md").exists(), role
    assert {"caseworker.md", "legal-officer.md", "neutral-monitor.md", "negotiator.md", "auditor.md"} <= set(
        shown.values()
    )


def test_every_picture_a_guide_shows_is_committed_and_taken_by_the_browser_tests() -> None:
    taken = set(re.findall(r'\.shot\([^"]*"([a-z0-9-]+)"', SHOOTER.read_text(encoding="utf-8")))
    assert len(taken) > 20
    for name, guide in shown_images().items():
        assert (IMG / name).exists(), f"{guide} shows img/{name}: run `make screenshots`"
        assert name.removesuffix(".png") in taken, f"{guide} shows img/{name}, which no browser test takes"


def test_every_committed_picture_is_shown_and_all_together_stay_small() -> None:
    committed = sorted(IMG.glob("*.png"))
    assert committed, "run `make screenshots`"
    assert [] == [p.name for p in committed if p.name not in shown_images()]
    assert sum(p.stat().st_size for p in committed) < MAX_TOTAL_BYTES


def test_the_readme_starts_with_make_run_and_make_test_and_links_every_guide() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_block = readme.split("```sh\n", 1)[1].split("```", 1)[0].splitlines()
    assert ["make run", "make test"] == [line.split("#")[0].strip() for line in first_block]
    for target in [f"docs/guide/{role}.md" for role in ROLES] + ["docs/operator.md", "docs/api.md"]:
        assert f"({target})" in readme, target


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower().replace("`", ""))
    return text.replace(" ", "-")


def test_every_relative_link_in_the_documents_resolves_to_a_file_and_heading() -> None:
    documents = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
    broken, checked = [], 0
    for document in documents:
        text = document.read_text(encoding="utf-8")
        for target in re.findall(r"\]\(([^)\s]+)\)", text):
            if re.match(r"[a-z]+:", target):
                continue
            checked += 1
            path_part, _, anchor = target.partition("#")
            linked = (document.parent / path_part).resolve() if path_part else document
            if not linked.exists():
                broken.append(f"{document.name}: {target}")
            elif anchor and linked.suffix == ".md":
                headings = re.findall(r"^#+ (.+)$", linked.read_text(encoding="utf-8"), re.M)
                if anchor not in {_slug(h) for h in headings}:
                    broken.append(f"{document.name}: {target} (no such heading)")
    assert checked > 50
    assert [] == broken
