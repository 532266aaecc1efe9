"""Django configuration: settings read from the environment, URLs, WSGI and ASGI entry points."""
