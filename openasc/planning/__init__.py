"""Planning: forecasting demand, outcomes and cost, and simulating the optimised delivery model.

The engine (``openasc.planning.engine``) is pure NumPy and imports nothing from Django.
Around it: scenario files (``scenario.py``), the comparison and summary (``report.py``),
runs on Dask (``runner.py``), the national validation, calibration from the record, the
``openasc plan`` command, and (as a Django app) the planning pages, which keep every run
with its inputs.
"""
