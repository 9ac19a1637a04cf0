"""The Care Act rules, as pure Python: eligibility, resource allocation, charging and review
schedules. Nothing here imports Django; the rule figures are dated data under data/, which a
council overrides with its own files (see ruleset.py)."""
