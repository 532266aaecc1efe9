"""Pages of a list for the server-rendered pages, keeping the other query parameters in the links."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest


def paginate(
    request: HttpRequest, items: Sequence[Any] | Any, size: int, param: str = "page"
) -> dict[str, Any]:
    """`page`, the query string without `param`, and `param`: what core/pages.html needs."""
    page: Page = Paginator(items, size).get_page(request.GET.get(param))
    query = request.GET.copy()
    query.pop(param, None)
    return {"page": page, "query": query.urlencode(), "page_param": param}
