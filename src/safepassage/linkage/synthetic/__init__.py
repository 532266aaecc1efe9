"""Synthetic lists of fictional North Korean soldiers across scripts, deterministic by seed."""

from safepassage.linkage.synthetic.lists import LinkedLists, Registry, linked_lists, registry

__all__ = ["LinkedLists", "Registry", "linked_lists", "registry"]
