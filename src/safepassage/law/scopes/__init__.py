"""The determinations of docs/assess.md, one module each, built from the instruments' named rules."""
