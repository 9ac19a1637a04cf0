"""`python -m openasc` is the `openasc` command (used to start background jobs)."""

from openasc.cli import main

raise SystemExit(main())
