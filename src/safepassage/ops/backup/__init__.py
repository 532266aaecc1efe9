"""Backups: `create` takes one (Django running), `restore` puts one into an empty home (before Django).

Nothing is imported here: the command line restores without starting Django.
"""
