"""Shared pieces of the web application: encrypted fields, base templates, health, commands."""
