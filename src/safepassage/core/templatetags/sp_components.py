"""Template helpers of the page components (core/templates/components/)."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def is_current(path: object, href: object) -> bool:
    """Whether a navigation link leads to the page at `path` or to a page above it."""
    path, href = str(path), str(href)
    return path == href or (href != "/" and path.startswith(href))
