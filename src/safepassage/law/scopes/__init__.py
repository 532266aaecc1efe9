"""The determinations of ASSESS.md, one module each, built from the instruments' named rules."""
