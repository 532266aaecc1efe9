"""What the registry tells the apps above it. It never imports them: they connect at start-up.

Each app above the registry connects its receivers in its AppConfig.ready (its `receivers.py`).
Receivers run in the sender's transaction, so what they write commits or rolls back with it.
"""

from __future__ import annotations

from django.dispatch import Signal

# A capture, service, custody or nationality record of a person was added or changed: the facts
# the legal engine reads. Sent with `actor` and `person`.
facts_changed = Signal()

# A new custody event was recorded (a correction of one is not): the Information Bureau must
# hear of it (GC III Art. 122). Sent with `person`.
custody_event_recorded = Signal()

# A person moved from one unit to another. Sent with `person_id`, `from_unit` and `to_unit`.
unit_changed = Signal()

# A name form, identity document, service record or birth fact of a person was added or changed:
# what the duplicate check compares. Sent with `actor` and `person`.
identity_recorded = Signal()

# A registration was merged into another (`restored=False`: the survivor now stands for the man),
# or that merge was undone (`restored=True`: he counts under this registration again). Sent with
# `person_id` (the merged registration) and `restored`.
registration_merged = Signal()
