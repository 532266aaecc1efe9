"""`safepassage serve`: run the application under gunicorn, a production-grade WSGI server."""

from __future__ import annotations

import os
import sys
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Serve SafePassage with gunicorn."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=settings.SAFEPASSAGE_WORKERS)

    def handle(self, *args: Any, **options: Any) -> None:
        argv = [
            sys.executable,
            "-m",
            "gunicorn",
            "safepassage.config.wsgi:application",
            "--bind",
            f"{options['host']}:{options['port']}",
            "--workers",
            str(options["workers"]),
            "--access-logfile",
            "-",
            "--timeout",
            "120",
        ]
        self.stdout.write(f"Serving SafePassage at http://{options['host']}:{options['port']}/")
        sys.stdout.flush()
        # exec: gunicorn becomes this process, so signals and exit codes reach it directly.
        os.execv(sys.executable, argv)  # noqa: S606
