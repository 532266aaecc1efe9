"""Two installations, each with its own home, keys and database, talking only through files: the
done-when of the handover. The real command runs in each one's environment."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

from ..homes import Home

ROOT = Path(__file__).resolve().parents[3]
SAFEPASSAGE = [sys.executable, "-m", "safepassage"]
COUNTS = (
    "from safepassage.registry.models import Person, NameForm; "
    "from safepassage.audit.models import AuditEvent; "
    "from safepassage.handover.models import HandoverReceipt; "
    "print(Person.objects.count(), NameForm.objects.count(), AuditEvent.objects.count(), "
    "HandoverReceipt.objects.count())"
)
SCANS = (
    "from safepassage.duplicates.models import DuplicateScan; "
    "print(DuplicateScan.objects.count(), DuplicateScan.objects.filter(finished_at__isnull=True).count())"
)


class Installation:
    def __init__(self, home: Path, env: dict[str, str]) -> None:
        self.home, self.env = home, env

    def run(self, *args: str, check: bool = True, stdin: str = "") -> subprocess.CompletedProcess[str]:
        result = subprocess.run(  # noqa: S603
            [*SAFEPASSAGE, *args], env=self.env, capture_output=True, text=True, timeout=600, input=stdin
        )
        if check and result.returncode != 0:
            raise AssertionError(f"safepassage {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
        return result

    def page(self, case_number: str) -> str:
        script = Path(__file__).with_name("page_of.py")
        result = subprocess.run(  # noqa: S603
            [sys.executable, str(script), case_number],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert 0 == result.returncode, result.stderr
        return result.stdout

    def written(self) -> str:
        return self.run("shell", "-v", "0", "-c", COUNTS).stdout.strip()

    def scans_settled(self, timeout: float = 180.0) -> int:
        """Wait for the duplicate checks an import starts in the background (their own processes,
        which append `duplicate_scan.finish` to the audit chain when done); return how many ran."""
        deadline = time.monotonic() + timeout
        while True:
            shown = self.run("shell", "-v", "0", "-c", SCANS).stdout.split()
            total, running = int(shown[0]), int(shown[1])
            if running == 0:
                return total
            assert time.monotonic() < deadline, f"{running} duplicate check(s) still running ({timeout} s)"
            time.sleep(1)


def _database(stack: ExitStack, url: str) -> str:
    import psycopg

    name = f"sp_handover_{uuid.uuid4().hex[:10]}"
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    stack.callback(drop)
    return url.rsplit("/", 1)[0] + "/" + name


@pytest.fixture
def installations(tmp_path: Path, demo_home: Home) -> Iterator[dict[str, Installation]]:
    """Ukraine, Korea and a third state: three homes, and on PostgreSQL three databases.

    Ukraine's is a copy of a home where `init` and `demo` ran (tests/app/homes.py); Korea and the
    third state run `init` themselves, each making keys of its own."""
    base = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    base["SAFEPASSAGE_ALLOWED_HOSTS"] = "testserver"
    base["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), base.get("PYTHONPATH", "")) if p)
    url = os.environ.get("DATABASE_URL", "")
    with ExitStack() as stack:
        made = {"ua": Installation(demo_home.path, {**demo_home.env, **base, **_own(demo_home.env)})}
        for name in ("kr", "third"):
            env = {**base, "SAFEPASSAGE_HOME": str(tmp_path / name)}
            if url:
                env["DATABASE_URL"] = _database(stack, url)
            made[name] = Installation(tmp_path / name, env)
        yield made


def _own(env: dict[str, str]) -> dict[str, str]:
    """What makes a copied home's environment its own: its home and its database."""
    return {k: env[k] for k in ("SAFEPASSAGE_HOME", "DATABASE_URL") if k in env}


def _section(html: str, heading: str) -> str:
    """The text of one card of the page, tags and spacing dropped, links' targets gone with them."""
    match = re.search(rf'<section[^>]*aria-labelledby="{heading}".*?</section>', html, re.S)
    assert match is not None, heading
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(0)).split())


def _names(html: str) -> list[str]:
    section = re.search(r'aria-labelledby="h-names".*?</section>', html, re.S)
    assert section is not None
    return re.findall(r'<td lang="[^"]*">([^<]+)</td>', section.group(0))


def _flip(raw: bytes, at: int) -> bytes:
    changed = bytearray(raw)
    changed[at] ^= 0x01
    return bytes(changed)


@pytest.mark.slow
def test_a_case_sent_by_one_installation_arrives_whole_at_the_other_and_nowhere_else(
    installations: dict[str, Installation], tmp_path: Path
) -> None:
    ua, kr, third = installations["ua"], installations["kr"], installations["third"]
    for inst in (kr, third):
        inst.run("init", "--no-static")
    for inst, name in ((ua, "Ukraine (fictional)"), (kr, "Korea (fictional)"), (third, "Third (fictional)")):
        shown = inst.run("handover", "keys", "--name", name, "--export", str(inst.home / "public.json"))
        assert "Fingerprint:" in shown.stdout
    ua.run("handover", "trust", str(kr.home / "public.json"), "--name", "Korea", "--state", "KR", "--yes")
    third.run(
        "handover", "trust", str(ua.home / "public.json"), "--name", "Ukraine", "--state", "UA", "--yes"
    )
    before = ua.page("SP-DEMO-0001")

    dossier = tmp_path / "SP-DEMO-0001.dossier.json"
    sent = ua.run("handover", "export", "SP-DEMO-0001", "--to", "Korea", "--out", str(dossier))
    assert "written to" in sent.stdout
    raw = dossier.read_bytes()

    # Korea does not yet trust Ukraine: refused, nothing written.
    empty = kr.written()
    refused = kr.run("handover", "import", str(dossier), "--yes", check=False)
    assert 2 == refused.returncode and "which is not a registered sender" in refused.stderr
    assert empty == kr.written()
    kr.run("handover", "trust", str(ua.home / "public.json"), "--name", "Ukraine", "--state", "UA", "--yes")
    empty = kr.written()

    # One byte changed: at the start, in the ciphertext, in the signature (test_pages tries more places).
    for at in (0, len(raw) // 2, raw.index(b'"signature"') + 30):
        altered = tmp_path / f"altered-{at}.json"
        altered.write_bytes(_flip(raw, at))
        result = kr.run("handover", "import", str(altered), "--yes", check=False)
        assert 2 == result.returncode, (at, result.stdout, result.stderr)
    assert empty == kr.written()

    # Addressed to Korea: the third installation, which trusts Ukraine, cannot open it.
    elsewhere = third.written()
    result = third.run("handover", "import", str(dossier), "--yes", check=False)
    assert 2 == result.returncode and "is addressed to Korea (fingerprint" in result.stderr
    assert elsewhere == third.written()

    # Declined at the prompt: nothing written.
    declined = kr.run("handover", "import", str(dossier), check=False, stdin="n\n")
    assert "Names: 리명학" in declined.stdout and declined.returncode != 0
    assert empty == kr.written()

    imported = kr.run("handover", "import", str(dossier), "--yes")
    case = re.search(r"Imported as (\S+):", imported.stdout)
    assert case is not None
    # The import starts a duplicate check of the received man in a process of its own: its audit
    # event may land after the command returns.
    assert 1 == kr.scans_settled()
    once = kr.written()
    again = kr.run("handover", "import", str(dossier), "--yes", check=False)
    assert 2 == again.returncode and "was already imported on" in again.stderr
    assert once == kr.written()

    after = kr.page(case.group(1))
    assert _names(before) == _names(after) and "리명학" in _names(after)
    assert _section(before, "h-interviews") == _section(after, "h-interviews")
    assert _section(before, "h-determination") == _section(after, "h-determination")
    assert "Received from Ukraine on" in after

    assert "Audit chain intact" in kr.run("audit", "verify").stdout
    assert "Audit chain intact" in ua.run("audit", "verify").stdout
    actions = ua.run(
        "shell", "-v", "0", "-c",
        "from safepassage.audit.models import AuditEvent; "
        "print(list(AuditEvent.objects.filter(action__startswith='handover').values_list('action')))",
    ).stdout  # fmt: skip
    assert "handover.export.complete" in actions and "handover.export.request" in actions
    listed = ua.run("handover", "sent").stdout
    assert "SP-DEMO-0001 to Korea, completed" in listed
    assert "Handed over to Korea on" in ua.page("SP-DEMO-0001")
