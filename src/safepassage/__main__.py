"""`python -m safepassage` runs the `safepassage` command."""

from safepassage.cli import main

raise SystemExit(main())
