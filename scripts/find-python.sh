#!/usr/bin/env bash
# Prints the path of a Python >= 3.12: first on PATH, then in pyenv. Prints nothing if none.
ok() { "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; }
for name in python3.13 python3.12 python3 python; do
  p=$(command -v "$name" 2>/dev/null) || continue
  if ok "$p"; then echo "$p"; exit 0; fi
done
root=$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")
for p in $(ls -d "$root"/versions/3.1[2-9]* 2>/dev/null | sort -V); do
  if ok "$p/bin/python3"; then echo "$p/bin/python3"; exit 0; fi
done
exit 0
