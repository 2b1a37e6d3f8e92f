"""Interactive controls for the lessons, one module per topic; each wires ipywidgets to servicekit functions."""
