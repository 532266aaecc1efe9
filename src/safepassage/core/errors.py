"""The 403, 404 and 500 pages: the site's own layout, navigation and language switch, and what to do."""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

log = logging.getLogger(__name__)

TITLES = {
    403: _("You cannot open this page"),
    404: _("Page not found"),
    500: _("Sorry, something went wrong"),
}
# The plain page if even the error page cannot be drawn (a template or database fault).
_BARE = "<!doctype html><title>{code}</title><h1>{code}</h1><p><a href='/'>SafePassage</a></p>"


def _page(request: HttpRequest, status: int) -> HttpResponse:
    try:
        context = {"title": TITLES[status], "status": status}
        return render(request, f"errors/{status}.html", context, status=status)
    except Exception:  # the error page itself failed: say so plainly rather than fail again
        log.exception("the %s page could not be rendered", status)
        return HttpResponse(_BARE.format(code=status), status=status)


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(request, 403)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(request, 404)


def server_error(request: HttpRequest) -> HttpResponse:
    return _page(request, 500)


__all__ = ["TITLES", "forbidden", "not_found", "server_error"]
