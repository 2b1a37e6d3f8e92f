"""Fitted and simulated models, one module per topic (import the one a lesson needs):

- ``models.segmentation``: k-means segments and the choice of k (lesson 03, scikit-learn);
- ``models.positioning``: perceptual maps by correspondence analysis (lesson 04);
- ``models.complaints``: the complaint process as a state machine with automatic escalation (lesson 05);
- ``models.loyalty``: the ECSI satisfaction model as a PLS path model (lesson 08);
- ``models.customer_value``: the BG/NBD and Gamma-Gamma customer-base models (lesson 10).
"""

import importlib
import importlib.util


def __getattr__(name: str):
    # ``models.loyalty`` is imported on first use: each model pulls in a heavy library
    # (scikit-learn, SciPy's optimisers), and a lesson should pay only for its own.
    if not name.startswith("_") and importlib.util.find_spec(f"{__name__}.{name}") is not None:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
