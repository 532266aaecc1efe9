"""Print one person's page as a legal officer of the installation in the environment sees it.

Run by test_two_installations.py in each installation's own environment (its SAFEPASSAGE_HOME and
database): `python page_of.py CASE_NUMBER`. The reader account is created on first use.
"""

from __future__ import annotations

import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safepassage.config.settings")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from safepassage.accounts.services import user_create  # noqa: E402
from safepassage.core.roles import Role  # noqa: E402
from safepassage.registry.models import Person  # noqa: E402
from tests.app.conftest import PASSWORD, complete_mfa  # noqa: E402

READER = "page-reader"


def main(case_number: str) -> None:
    user = get_user_model().objects.filter(username=READER).first() or user_create(
        actor=None, username=READER, role=Role.LEGAL_OFFICER, password=PASSWORD, check_password=False
    )
    client = Client()
    client.force_login(user)
    complete_mfa(client, user)
    person = Person.objects.get(case_number=case_number)
    response = client.get(reverse("registry:person_detail", args=[person.pk]))
    sys.stdout.write(response.content.decode("utf-8"))


if __name__ == "__main__":
    main(sys.argv[1])
