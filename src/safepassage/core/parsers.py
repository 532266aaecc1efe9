"""The API's JSON parser: malformed, wrongly encoded or too deeply nested bodies are a 400."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

# No body of this API nests deeper than a few levels; 32 is generous, and far below the depth at
# which Python's decoder gives up with a RecursionError (a 500 before this parser existed).
MAX_DEPTH = 32
ERR_TOO_DEEP = _("The JSON body nests deeper than %(limit)s levels: send the fields of the operation only.")
ERR_MALFORMED = _("The JSON body is not valid JSON (line %(line)s, column %(column)s): %(reason)s.")
ERR_TOO_LARGE = _("The JSON body is larger than %(limit)s bytes.")
ERR_ENCODING = _("The JSON body is not valid UTF-8 text.")


def _depth(text: str) -> int:
    """The deepest nesting of arrays and objects, counted on the text (strings skipped)."""
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


class BoundedJSONParser(JSONParser):
    """DRF's JSON parser with a nesting limit checked before decoding, and sentences for errors."""

    max_depth = MAX_DEPTH

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        raw = stream.read(settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1) if stream is not None else b""
        if len(raw) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
            raise ParseError(ERR_TOO_LARGE % {"limit": settings.DATA_UPLOAD_MAX_MEMORY_SIZE})
        try:
            text = raw.decode("utf-8") if isinstance(raw, bytes) else str(raw)
        except UnicodeDecodeError:
            raise ParseError(ERR_ENCODING) from None
        if _depth(text) > self.max_depth:
            raise ParseError(ERR_TOO_DEEP % {"limit": self.max_depth})
        try:
            return json.loads(text, parse_constant=_no_constant)
        except json.JSONDecodeError as exc:
            where = {"line": exc.lineno, "column": exc.colno, "reason": exc.msg}
            raise ParseError(ERR_MALFORMED % where) from None
        except (ValueError, RecursionError) as exc:
            raise ParseError(ERR_MALFORMED % {"line": 1, "column": 1, "reason": str(exc)}) from None


def _no_constant(name: str) -> Any:
    # NaN and Infinity are not JSON (RFC 8259); DRF refuses them too.
    raise ValueError(f"{name} is not a JSON value")
