"""Handing a case to another installation: a signed, encrypted dossier (docs/handover.md)."""
