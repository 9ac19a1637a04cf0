"""Planning: forecasting demand, outcomes and cost, and simulating the optimised delivery model.

The engine (``openasc.planning.engine``) is pure NumPy and imports nothing from Django; the
calibration from the record, scenario files, sweeps and pages will be thin adapters around it.
This package is not a Django app.
"""
