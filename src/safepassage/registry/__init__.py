"""The registry of captured persons: identity, names, documents, service, capture, custody."""
