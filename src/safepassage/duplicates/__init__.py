"""Possible duplicates: the same man registered twice, proposed by the linkage model, merged or set apart."""
