"""Fictional persons with full histories at scale, written through the services' sealing and audit."""

from safepassage.ops.generate.history import Actors, History, person_history
from safepassage.ops.generate.writer import Totals, generate

__all__ = ["Actors", "History", "Totals", "generate", "person_history"]
