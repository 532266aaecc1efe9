"""Package data: the default linkage model trained on synthetic lists."""
