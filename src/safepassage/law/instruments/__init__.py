"""The legal instruments, one module each, laid out in the order of their articles."""
