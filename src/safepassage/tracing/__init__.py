"""Family tracing: requests from families matched against the registry, reviewed, and answered."""
