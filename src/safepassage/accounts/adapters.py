"""django-allauth adapters: no self sign-up, and MFA secrets sealed with the field keyring."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.http import HttpRequest

from safepassage.core.keys import keyring
from safepassage.crypto import open_sealed, seal

# Associated data: a sealed TOTP secret opens only as an MFA secret.
MFA_AAD = "allauth.mfa.authenticator.secret"


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        """Accounts are made by an administrator (`safepassage createuser`), never by visitors."""
        return False


class MfaAdapter(DefaultMFAAdapter):
    """allauth stores TOTP secrets in the clear unless the adapter encrypts them."""

    def encrypt(self, text: str) -> str:
        return seal(keyring(), text.encode("utf-8"), MFA_AAD)

    def decrypt(self, encrypted_text: str) -> str:
        return open_sealed(keyring(), encrypted_text, MFA_AAD).decode("utf-8")
