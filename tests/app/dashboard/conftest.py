"""Reuse the protection personas' helpers: a verified interview and an approved risk assessment."""

from tests.app.protection.conftest import approved_risk, verified_refusal  # noqa: F401
