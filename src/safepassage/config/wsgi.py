"""WSGI entry point, served by gunicorn through `safepassage serve`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safepassage.config.settings")
application = get_wsgi_application()
