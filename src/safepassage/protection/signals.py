"""What protection tells the apps above it (the dashboard's figures). It never imports them.

Receivers run in the sender's transaction, so what they write commits or rolls back with it.
"""

from __future__ import annotations

from django.dispatch import Signal

# A determination was stored. Sent with `determination` and `result` (the engine's answer).
determination_stored = Signal()

# Interviews of some persons were recorded. Sent with `person_ids`.
interviews_recorded = Signal()
