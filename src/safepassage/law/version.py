"""The engine's version: stored with every determination, bumped whenever a rule or datum changes."""

from __future__ import annotations

ENGINE_VERSION = "2.0.0"
