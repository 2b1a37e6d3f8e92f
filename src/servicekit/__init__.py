"""servicekit: the calculations, data, widgets and drills of the customer-service management course.

Lessons import what they need from the topic modules:

- ``servicekit.metrics``: the formulas the course teaches (pure functions, pandas in, pandas out);
- ``servicekit.data``: the case datasets, validated on load (``names``, ``load``, ``describe``);
- ``servicekit.widgets``: interactive controls wired to the metrics, one module per lesson.
"""

__version__ = "0.1.0"
