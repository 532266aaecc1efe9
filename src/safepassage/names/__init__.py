"""Names across scripts: detection, transliteration, parsing and comparison keys."""

from safepassage.names.script import Script, detect_script

__all__ = ["Script", "detect_script"]
