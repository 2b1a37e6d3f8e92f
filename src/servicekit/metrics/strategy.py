"""Service strategy (lesson 02): what vendor-managed inventory saves, and where firms stand on
service against cost.

- ``vmi_savings``: what vendor-managed inventory saves the distributor and the hospital;
- ``classify_position``, ``carrier_positions``: firms placed by service level against cost, for the
  strategy map of lesson 02 and the low-cost airline case.

Rates are fractions (0.8, not 80). Bad input raises ``ValueError`` or ``TypeError`` naming the
parameter and the value.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import _checks

__all__ = ["POSITIONS", "carrier_positions", "classify_position", "vmi_savings"]


# --- Vendor-managed inventory ----------------------------------------------------------------


def _amounts(value, name: str, *, high=None):
    """A non-negative scalar as float, or a 1-D array-like as a float array (kept with its index)."""
    if np.isscalar(value) or isinstance(value, (int, float, np.number)):
        return _checks.number(value, name, low=0, high=high), None
    values = _checks.array(value, name)
    bad = (values < 0) | (values > high if high is not None else False)
    if bad.any():
        position = int(np.flatnonzero(bad)[0])
        limit = f"0 to {high:g}" if high is not None else "0 or more"
        raise ValueError(f"{name} must hold values from {limit}; position {position} has {values[position]:g}")
    return values, (value.index if isinstance(value, pd.Series) else None)


def vmi_savings(deliveries_before, deliveries_after, cost_per_delivery, safety_stock_before,
                safety_stock_after, holding_cost_rate, days: int = 365, onsite_staff_cost=0.0):
    """Yearly savings of vendor-managed inventory (VMI) for the distributor and the hospital.

    Per hospital, with D the deliveries per day, c the cost of one delivery, S the safety stock the
    hospital holds (money tied up in goods), h the yearly holding-cost rate (interest, space,
    expiry, as a fraction of the stock's value) and T the delivery days in a year:

        deliveries saved            = (D_before − D_after) · T
        distributor delivery saving = (D_before − D_after) · T · c
        distributor net saving      = delivery saving − on-site staff cost
        stock released (one-off)    = S_before − S_after
        hospital holding saving     = (S_before − S_after) · h
        total yearly saving         = distributor net saving + hospital holding saving

    Each money or count argument may be a number or a 1-D array (one value per hospital; pandas
    Series keep their index). With numbers only the result is a Series; with arrays it is a
    DataFrame with one row per hospital, so ``.sum()`` gives the totals. A negative saving is
    reported as it is: VMI does not pay everywhere.
    """
    h = _checks.number(holding_cost_rate, "holding_cost_rate", low=0, high=1)
    days = _checks.integer(days, "days", low=1, high=366)
    inputs = {
        "deliveries_before": deliveries_before,
        "deliveries_after": deliveries_after,
        "cost_per_delivery": cost_per_delivery,
        "safety_stock_before": safety_stock_before,
        "safety_stock_after": safety_stock_after,
        "onsite_staff_cost": onsite_staff_cost,
    }
    values, index = {}, None
    for name, raw in inputs.items():
        values[name], found = _amounts(raw, name)
        index = index if index is not None else found
    arrays = [v for v in values.values() if isinstance(v, np.ndarray)]
    if arrays and len({a.size for a in arrays}) > 1:
        sizes = {n: v.size for n, v in values.items() if isinstance(v, np.ndarray)}
        raise ValueError(f"the per-hospital arrays must have the same length, got {sizes}")

    trips_saved = (values["deliveries_before"] - values["deliveries_after"]) * days
    delivery_saving = trips_saved * values["cost_per_delivery"]
    released = values["safety_stock_before"] - values["safety_stock_after"]
    holding_saving = released * h
    net = delivery_saving - values["onsite_staff_cost"]
    result = {
        "delivery_cost_before": values["deliveries_before"] * days * values["cost_per_delivery"],
        "delivery_cost_after": values["deliveries_after"] * days * values["cost_per_delivery"],
        "deliveries_saved": trips_saved,
        "distributor_delivery_saving": delivery_saving,
        "onsite_staff_cost": values["onsite_staff_cost"],
        "distributor_net_saving": net,
        "stock_released": released,
        "hospital_holding_saving": holding_saving,
        "total_yearly_saving": net + holding_saving,
    }
    if not arrays:
        return pd.Series({k: float(v) for k, v in result.items()}, name="vmi_savings")
    size = arrays[0].size
    frame = pd.DataFrame({k: np.broadcast_to(v, size).astype(float) for k, v in result.items()})
    if index is not None:
        frame.index = index
    return frame


# --- Service positioning: service level against cost ---------------------------------------

#: The four corners of the service-level/cost map; the first two are the strategies the lesson teaches.
POSITIONS = {
    (True, True): "high quality, high cost",
    (False, False): "low quality, low cost",
    (True, False): "high quality, low cost",
    (False, True): "low quality, high cost",
}


def classify_position(service, cost, service_cut, cost_cut) -> np.ndarray:
    """The corner of the strategy map each firm sits in.

    A firm is "high" on service when service ≥ ``service_cut`` and "high" on cost when
    cost ≥ ``cost_cut``. The two consistent positions are high quality–high cost and low quality–low
    cost; high quality at low cost is rare and worth a second look, and low quality at high cost is
    the position no strategy chooses. ``service`` and ``cost`` are equal-length 1-D array-likes.
    """
    s = _checks.array(service, "service")
    c = _checks.array(cost, "cost")
    if s.size != c.size:
        raise ValueError(f"service and cost must have the same length, got {s.size} and {c.size}")
    s_cut = _checks.number(service_cut, "service_cut")
    c_cut = _checks.number(cost_cut, "cost_cut")
    high_service, high_cost = s >= s_cut, c >= c_cut
    # The strategy map as a 2 × 2 table: row = high on service (0 no, 1 yes), column = high on cost.
    corners = np.array([[POSITIONS[(False, False)], POSITIONS[(False, True)]],
                        [POSITIONS[(True, False)], POSITIONS[(True, True)]]])
    return corners[high_service.astype(int), high_cost.astype(int)]


def carrier_positions(routes: pd.DataFrame, service: str = "service_score",
                      cost: str = "cost_per_seat_km") -> pd.DataFrame:
    """One row per carrier: its service level, its cost and its corner of the strategy map.

    Both measures are averaged over the carrier's routes weighted by capacity, seat-km
    = ``seats_per_week`` × ``distance_km``, so a busy long route counts for more than a thin short
    one:  x̄ = Σ xᵢ·wᵢ / Σ wᵢ.  The cuts between "high" and "low" are the means over the carriers.

    ``routes`` needs the columns ``carrier``, ``carrier_type``, ``seats_per_week``, ``distance_km``
    and the two measures named by ``service`` and ``cost``.
    """
    if not isinstance(routes, pd.DataFrame):
        raise TypeError(f"routes must be a DataFrame, got {type(routes).__name__}")
    needed = ["carrier", "carrier_type", "seats_per_week", "distance_km", service, cost]
    missing = [c for c in needed if c not in routes.columns]
    if missing:
        raise ValueError(f"routes has no column {missing[0]!r} (needs {needed})")
    weight = routes["seats_per_week"].to_numpy(dtype=float) * routes["distance_km"].to_numpy(dtype=float)
    work = pd.DataFrame({
        "carrier": routes["carrier"].astype(str).to_numpy(),
        "carrier_type": routes["carrier_type"].astype(str).to_numpy(),
        "seat_km": weight,
        "service_w": _checks.array(routes[service], service) * weight,
        "cost_w": _checks.array(routes[cost], cost) * weight,
    })
    grouped = work.groupby("carrier", sort=True).agg(
        carrier_type=("carrier_type", "first"), seat_km=("seat_km", "sum"),
        service_w=("service_w", "sum"), cost_w=("cost_w", "sum"))
    out = pd.DataFrame({
        "carrier_type": grouped["carrier_type"],
        "weekly_seat_km": grouped["seat_km"],
        service: grouped["service_w"] / grouped["seat_km"],
        cost: grouped["cost_w"] / grouped["seat_km"],
    })
    out["position"] = classify_position(out[service], out[cost], out[service].mean(), out[cost].mean())
    return out
