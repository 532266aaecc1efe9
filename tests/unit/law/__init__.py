"""Tests of the legal engine: scenarios, properties and the command line."""
