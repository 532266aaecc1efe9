"""The operator guide names every environment variable the code reads, and every command it shows exists."""

from __future__ import annotations

import argparse
import ast
import re
import shlex
from pathlib import Path

import pytest
from django.core.management import CommandError, get_commands, load_command_class

from safepassage.cli import CORE_COMMANDS

ROOT = Path(__file__).resolve().parents[3]
SOURCE = ROOT / "src" / "safepassage"
OPERATOR_GUIDE = ROOT / "docs" / "operator.md"
DOCUMENTS = [ROOT / "README.md", OPERATOR_GUIDE, *sorted((ROOT / "docs" / "guide").glob("*.md"))]

# Readers that take the variable's name as their first argument (config/env.py, crypto/kek.py).
READERS = {"envstr", "envbool", "envint", "envchoice", "envlist", "envnumber", "env_secret"}
# Readers that also accept NAME_FILE: for secrets the guide must say so.
FILE_READERS = {"env_secret"}
# Handled by bin/safepassage itself before Django starts, not Django management commands.
CLI_ONLY = {"restore", "help"}
SHELL_BLOCK = re.compile(r"```(?:sh|bash|console)\n(.*?)```", re.S)


def environment_reads() -> dict[str, str]:
    """Every environment variable named literally in the source -> the reader that reads it."""
    found: dict[str, str] = {}
    for path in SOURCE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            name, reader = _read_of(node)
            if name:
                found[name] = reader
    return found


def _read_of(node: ast.AST) -> tuple[str, str]:
    if isinstance(node, ast.Subscript) and ast.unparse(node.value) == "os.environ":
        return _literal(node.slice), "os.environ"
    if not isinstance(node, ast.Call) or not node.args:
        return "", ""
    func = ast.unparse(node.func)
    if func in READERS or func in {"os.environ.get", "os.getenv"}:
        return _literal(node.args[0]), func
    return "", ""


def _literal(node: ast.AST) -> str:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else ""


def documented_variables() -> set[str]:
    """The variables in the first column of the guide's configuration table."""
    section = OPERATOR_GUIDE.read_text(encoding="utf-8").split("## Configuration", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    return {name for row in rows for name in re.findall(r"`([A-Z][A-Z0-9_]+)`", row.split("|")[1])}


def test_every_environment_variable_the_code_reads_is_in_the_operator_guide() -> None:
    reads = environment_reads()
    assert {"SAFEPASSAGE_HOME", "DATABASE_URL", "SAFEPASSAGE_KEK", "SAFEPASSAGE_WORKERS"} <= set(reads)
    documented = documented_variables()
    missing = sorted(name for name in reads if name not in documented)
    missing += sorted(
        f"{name}_FILE"
        for name, reader in reads.items()
        if reader in FILE_READERS and f"{name}_FILE" not in documented
    )
    assert [] == missing, "Add these to the configuration table of docs/operator.md"


def test_the_operator_guide_documents_no_variable_the_code_no_longer_reads() -> None:
    reads = environment_reads()
    stale = sorted(
        name
        for name in documented_variables()
        if name not in reads and name.removesuffix("_FILE") not in reads
    )
    assert [] == stale


def documented_commands() -> list[tuple[str, str]]:
    """(document, command line) for each `safepassage ...` or `make ...` line in a shell block."""
    found = []
    for document in DOCUMENTS:
        for block in SHELL_BLOCK.findall(document.read_text(encoding="utf-8")):
            for line in block.splitlines():
                # Without a prompt, leading VAR=value assignments, a venv's bin/ path, a comment.
                bare = re.split(r"\s#\s", line.strip())[0].strip()
                command = re.sub(r"^(\$ )?([A-Z_]+=\S+ )*(\S*bin/)?", "", bare)
                if command.startswith(("safepassage ", "make ")) or command in {"safepassage", "make"}:
                    found.append((document.name, command))
    return found


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def check_safepassage_line(words: list[str]) -> str:
    """'' when the command exists and takes these arguments, else what is wrong."""
    if not words:
        return "no command"
    name, args = words[0], words[1:]
    if name in CORE_COMMANDS or name in CLI_ONLY:
        return ""
    commands = get_commands()
    if name not in commands:
        return f"no command {name!r}"
    parser = load_command_class(commands[name], name).create_parser("safepassage", name)
    # A line with alternatives (`status|rotate`) or optional parts ([--x]) is a synopsis: check
    # only that its subcommands exist; any other line must parse exactly as written.
    if any("|" in w or w.startswith("[") for w in args):
        choices = _subcommands(parser)
        wanted = args[0].split("|") if args and choices else []
        unknown = [w for w in wanted if w not in choices]
        return f"unknown subcommand {unknown} of {name}" if unknown else ""
    try:
        parser.parse_args(args)
    except (CommandError, SystemExit) as exc:
        return f"{name} {' '.join(args)}: {exc}"
    return ""


def test_the_documents_show_some_commands() -> None:
    lines = [line for _, line in documented_commands()]
    assert "make run" in lines and "make test" in lines
    assert any(line.startswith("safepassage restore ") for line in lines)
    assert sum(1 for line in lines if line.startswith("safepassage ")) > 40


@pytest.mark.parametrize(("document", "line"), documented_commands())
def test_every_documented_command_exists_and_takes_its_arguments(document: str, line: str) -> None:
    words = shlex.split(line)
    if words[0] == "make":
        makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
        assert all(re.search(rf"^{re.escape(t)}:", makefile, re.M) for t in words[1:]), line
        return
    assert "" == check_safepassage_line(words[1:]), f"{document}: {line}"


def test_the_command_check_catches_a_missing_command_subcommand_or_argument() -> None:
    assert "no command 'nosuch'" == check_safepassage_line(["nosuch"])
    assert "" != check_safepassage_line(["audit", "seal"])
    assert "" != check_safepassage_line(["backup"])  # --out is required
    assert "unknown subcommand ['spin'] of keys" == check_safepassage_line(["keys", "status|spin"])
    assert "" == check_safepassage_line(["keys", "rotate", "--batch", "500"])
