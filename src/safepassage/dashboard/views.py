"""Dashboard pages: the figures with their charts and tables, and their export."""

from __future__ import annotations

import json
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.views import View
from django.views.generic import TemplateView

from safepassage.core.mixins import PolicyRequiredMixin
from safepassage.dashboard import charts, selectors
from safepassage.dashboard.export import as_csv, as_json
from safepassage.dashboard.figures import SMALL_CELL
from safepassage.dashboard.periods import EVERY


def _every(request: HttpRequest) -> str:
    every = request.GET.get("every", "month")
    return every if every in EVERY else "month"


class DashboardView(PolicyRequiredMixin, TemplateView):
    permission = "dashboard.view"
    template_name = "dashboard/overview.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        every = _every(self.request)
        board = selectors.dashboard_for(user=self.request.user, every=every)
        drawn = [(f, charts.bar_chart(f), charts.line_chart(f)) for f in board.figures]
        return super().get_context_data(
            board=board,
            drawn=drawn,
            every=every,
            small_cell=SMALL_CELL,
            as_of=board.points[-1].as_of,
            **kwargs,
        )


class FiguresExportView(PolicyRequiredMixin, View):
    permission = "dashboard.view"

    def get(self, request: HttpRequest, fmt: str) -> HttpResponse:
        if fmt not in ("csv", "json"):
            raise Http404
        every = _every(request)
        board = selectors.dashboard_for(user=request.user, every=every)
        name = f"safepassage-dashboard-{every}-{board.points[-1].as_of.isoformat()}.{fmt}"
        if fmt == "csv":
            response = HttpResponse(as_csv(board), content_type="text/csv; charset=utf-8")
        else:
            body = json.dumps(as_json(board), ensure_ascii=False, indent=2)
            response = HttpResponse(body, content_type="application/json")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        response["Cache-Control"] = "no-store"
        return response
