"""Interactive controls for the lessons, one module per topic; each wires ipywidgets to servicekit functions."""

from servicekit import style as _style

_style.apply()  # every widget's chart in the course's style, Chinese included
