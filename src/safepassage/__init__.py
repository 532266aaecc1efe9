"""SafePassage: case management and decision support for captured soldiers who may not want to go home."""

__version__ = "0.1.0"
