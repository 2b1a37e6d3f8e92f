"""servicekit: the calculations, data, widgets and drills of the customer-service management course.

The package is cut by topic, one topic per lesson subject, and a topic has the same name in every
layer (paths below ``src/servicekit/``; tests in ``tests/``):

- ``metrics/<topic>.py``: the formulas the course teaches (pure functions, pandas in, pandas out);
  the public calculation API is re-exported from ``servicekit.metrics``;
- ``models/<topic>.py``: fitted or simulated models (k-means, correspondence analysis, the
  complaint state machine, PLS path models, BG/NBD);
- ``data``: the case datasets, validated on load (``names``, ``load``, ``describe``), and
  ``data/<dataset>.py`` where a dataset needs shaping before its formulas;
- ``widgets/<topic>.py``: interactive controls wired to those functions;
- ``drills/<topic>.py``: randomised exam calculations with worked solutions.

| topic | lesson | metrics | models | data | widgets | drills | tests |
| --- | --- | --- | --- | --- | --- | --- | --- |
| `value_chain` | 01 | `metrics/value_chain.py` | — | — | `widgets/value_chain.py` | — | `test_value_chain.py`, `test_value_chain_widgets.py` |
| `strategy` | 02 | `metrics/strategy.py` | — | — | `widgets/strategy.py` | `drills/strategy.py` | `test_strategy.py`, `test_strategy_widgets.py` |
| `segmentation` | 03 | `metrics/segmentation.py` | `models/segmentation.py` | — | `widgets/segmentation.py` | — | `test_segmentation.py`, `test_segmentation_widgets.py` |
| `positioning` | 04 | `metrics/positioning.py` | `models/positioning.py` | — | `widgets/positioning.py` | `drills/positioning.py` | `test_positioning.py`, `test_positioning_widgets.py` |
| `complaints` | 05 | `metrics/complaints.py` | `models/complaints.py` | — | `widgets/complaints.py` | `drills/complaints.py` | `test_complaints.py`, `test_complaints_widgets.py` |
| `staffing` | 06 | `metrics/staffing.py` | — | `data/bank_calls.py` | `widgets/staffing.py` | `drills/staffing.py` | `test_staffing.py`, `test_staffing_widgets.py` |
| `satisfaction` | 07 | `metrics/satisfaction.py` | — | — | `widgets/satisfaction.py` | `drills/satisfaction.py` | `test_satisfaction.py`, `test_satisfaction_widgets.py` |
| `loyalty` | 08 | `metrics/loyalty.py` | `models/loyalty.py` | — | `widgets/loyalty.py` | `drills/loyalty.py` | `test_loyalty.py`, `test_loyalty_widgets.py` |
| `quality` | 09 | `metrics/quality.py` | — | `data/servqual.py` | `widgets/quality.py` | `drills/quality.py` | `test_quality.py`, `test_quality_widgets.py` |
| `customer_value` | 10 | `metrics/customer_value.py` | `models/customer_value.py` | — | — | `drills/customer_value.py` | `test_customer_value.py` |
| `accounts` | 10 | `metrics/accounts.py` | — | — | `widgets/accounts.py` | — | `test_accounts.py`, `test_accounts_widgets.py` |

Shared by every topic: ``_checks`` (input checks), ``data`` (loading), ``glossary``,
``widgets.controls`` (layout and redraw), ``widgets.quiz`` (self-checks), ``widgets.practice`` and
``drills._core`` (practice, lesson 11), ``questions.paper`` and ``widgets.exam`` (the mock exam, lesson 12), ``widgets.glossary``, ``setup_lab``,
``style`` (charts), ``language`` (English or Chinese: ``servicekit.set_language("zh")``) and
``questions`` (the question bank behind the self-checks) ``trainee`` (each trainee's own data
in a graded exercise) and ``exercise`` (*Check your work*, the last cell of every exercise).
CONTRIBUTING.md carries the same table; ``tests/test_layout.py`` keeps both true.
"""

__version__ = "0.1.0"

from servicekit.language import language as language  # noqa: E402  (one line switches the language)
from servicekit.language import set_language as set_language  # noqa: E402
