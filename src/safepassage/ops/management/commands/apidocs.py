"""`safepassage apidocs`: write the API reference (docs/api.md, docs/api/openapi.yaml) from the schema."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from safepassage.ops.apidocs import stale_files, write_files

ERR_STALE = "The API reference is out of date with the schema: {files}. Run `make api-docs` and commit."


class Command(BaseCommand):
    help = "Write the API reference (Markdown and OpenAPI YAML) from the schema that /api/v1/schema/ serves."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--docs", default="docs", help="the documentation directory (default: docs)")
        parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if the files differ")

    def handle(self, *args: Any, **options: Any) -> None:
        docs = Path(options["docs"])
        if options["check"]:
            stale = stale_files(docs)
            if stale:
                raise CommandError(ERR_STALE.format(files=", ".join(stale)))
            self.stdout.write("The API reference matches the schema.")
            return
        for path in write_files(docs):
            self.stdout.write(f"wrote {path}")
