"""WSGI entry point, served by gunicorn through `safepassage serve`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safepassage.config.settings")
# A web worker's connections see no protected row until a request sets its user's role (core.rls).
os.environ.setdefault("SAFEPASSAGE_DB_CONTEXT", "none")
application = get_wsgi_application()
