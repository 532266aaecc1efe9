"""The password hasher: Argon2id at OWASP's recommended minimum, not Django's heavier default.

Django's default (100 MiB of memory, 8 lanes) took 1.5 s or more per sign-in on a small shared
server (bench/signin.py), most of a sign-in step, while adding nothing an attacker with the hashes
would notice at these passwords' length. OWASP's Password Storage Cheat Sheet asks for Argon2id
with at least 19 MiB of memory, 2 passes and 1 lane; this is exactly that. A password stored
under other parameters is checked as stored and re-hashed under these once, at its next sign-in.
"""

from __future__ import annotations

from django.contrib.auth.hashers import Argon2PasswordHasher

OWASP_MEMORY_KIB, OWASP_TIME, OWASP_LANES = 19 * 1024, 2, 1


class Argon2idHasher(Argon2PasswordHasher):
    """Same algorithm name and format as Django's, so stored hashes keep verifying."""

    memory_cost = OWASP_MEMORY_KIB
    time_cost = OWASP_TIME
    parallelism = OWASP_LANES
