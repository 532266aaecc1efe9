"""The core app: registers our system checks, the database context of new connections, and the
bound on the name caches of a serving process."""

import itertools
from typing import Any

from django.apps import AppConfig

# The name and linkage code whose memo caches a serving process keeps bounded, and the bound
# (entries per cache; about 7 MB for the largest, the analysed names): see names/caches.py.
CACHED_PACKAGES = ("safepassage.names", "safepassage.linkage")
SERVED_CACHE_ENTRIES = 4096
# Looked at after every this many requests (a look costs about 0.4 ms; a request adds at most
# about 120 names to the caches).
TRIM_EVERY = 16
_requests = itertools.count(1)


def trim_name_caches(**_kwargs: Any) -> None:
    """After a request: empty the name caches a day of searches would otherwise grow without end."""
    from safepassage.names.caches import trim

    if next(_requests) % TRIM_EVERY == 0:
        trim(CACHED_PACKAGES, SERVED_CACHE_ENTRIES)


class CoreConfig(AppConfig):
    name = "safepassage.core"
    label = "core"

    def ready(self) -> None:
        from django.core.signals import request_finished
        from django.db.backends.signals import connection_created

        from safepassage.core import checks  # noqa: F401  (registers the checks)
        from safepassage.core.rls import on_connection_created

        connection_created.connect(on_connection_created, dispatch_uid="safepassage-rls-context")
        request_finished.connect(trim_name_caches, dispatch_uid="safepassage-trim-name-caches")
