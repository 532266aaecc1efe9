"""Messages shown to users name a file by the name it was uploaded under, never a server path."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from django.conf import settings

# What ends a path inside a sentence: white space, quotes, and the punctuation around it.
_PATH_END = r"[^\s'\"()<>,;]*"


def _roots() -> list[str]:
    roots = {tempfile.gettempdir(), str(Path(settings.SAFEPASSAGE_HOME).resolve())}
    return sorted((r for r in roots if r and r != "/"), key=len, reverse=True)


def without_server_paths(text: str, *known: str | Path) -> str:
    """`text` with each of `known` (and any path under the temporary folder or the data home)
    replaced by its last part: `/tmp/tmpab12/list.csv: row 3` becomes `list.csv: row 3`.
    """
    for path in sorted((str(p) for p in known), key=len, reverse=True):
        if path:
            text = text.replace(path, Path(path).name)
    for root in _roots():
        pattern = re.escape(root.rstrip("/")) + r"(?:/" + _PATH_END + r")?"
        text = re.sub(pattern, lambda m: Path(m.group(0)).name or "", text)
    return text
