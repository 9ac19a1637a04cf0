"""Personal budgets and what a person pays towards their care: the resource allocation and
the financial assessment, each stored with the rule version that produced it."""
