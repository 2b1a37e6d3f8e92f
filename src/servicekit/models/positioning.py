"""Perceptual maps (lesson 04): brand × attribute tables and correspondence analysis.

A brand-image survey asks each respondent which attributes they link to each brand. Summing the
ticks gives a contingency table N (brands i × attributes j, n = Σ N_ij). Correspondence analysis
(CA) draws it as a map, in the notation of the lesson:

    P = N / n                      correspondence matrix
    r = P·1,  c = Pᵀ·1             row (brand) and column (attribute) masses
    S = D_r^(-1/2) (P − r cᵀ) D_c^(-1/2)   standardised residuals;  S = U Σ Vᵀ (SVD)
    F = D_r^(-1/2) U Σ             brand coordinates (principal coordinates)
    G = D_c^(-1/2) V Σ             attribute coordinates
    total inertia  = Σ_ij S_ij² = Σ_k σ_k² = χ² / n

where χ² is Pearson's chi-square statistic of N. Axis k shows σ_k² / total inertia of the
differences between brands. A brand far from the centre has a distinctive profile; a brand near
the centre is seen much like the average brand.

The computation is a few lines of NumPy so that it can be read next to the formulas; the tests
check it against the ``prince`` library's ``CA`` and against SciPy's chi-square.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from servicekit import _checks

__all__ = ["PerceptualMap", "association_table", "perceptual_map", "positioning_summary", "total_inertia"]


@dataclass(frozen=True)
class PerceptualMap:
    """The result of ``perceptual_map``: ``brands`` and ``attributes`` (coordinates on the axes
    ``dim1``, ``dim2``, ...), ``inertia`` (total, = χ²/n) and ``explained`` (percent of the
    inertia shown by each axis)."""

    brands: pd.DataFrame
    attributes: pd.DataFrame
    inertia: float
    explained: pd.Series


def association_table(survey: pd.DataFrame, brand: str = "brand", attributes=None) -> pd.DataFrame:
    """Brand × attribute counts: how many respondents linked each attribute to each brand.

    ``survey`` has one row per respondent × brand, a ``brand`` column and one 0/1 column per
    attribute (default: every other column except ids and segments, i.e. every 0/1 column).
    """
    if not isinstance(survey, pd.DataFrame):
        raise TypeError(f"survey must be a DataFrame, got {type(survey).__name__}")
    if brand not in survey.columns:
        raise ValueError(f"brand names {brand!r}, which is not a column of survey (columns: {list(survey.columns)})")
    if attributes is None:
        attributes = [c for c in survey.columns if c != brand and pd.api.types.is_numeric_dtype(survey[c])
                      and survey[c].isin([0, 1]).all()]
    attributes = list(attributes)
    if not attributes:
        raise ValueError("attributes is empty: the survey needs at least one 0/1 attribute column")
    for name in attributes:
        if name not in survey.columns:
            raise ValueError(f"attributes names {name!r}, which is not a column of survey")
        if not survey[name].isin([0, 1]).all():
            bad = survey[name][~survey[name].isin([0, 1])].iloc[0]
            raise ValueError(f"attributes: column {name!r} must hold 0 or 1, got {bad!r}")
    table = survey.groupby(brand, observed=True)[attributes].sum()
    table.columns.name = "attribute"
    return table


def _table(table) -> pd.DataFrame:
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"table must be a DataFrame (brands × attributes), got {type(table).__name__}")
    if table.shape[0] < 2 or table.shape[1] < 2:
        raise ValueError(f"table must have at least 2 rows and 2 columns, got shape {table.shape}")
    values = np.column_stack([_checks.array(table[c], f"table[{c!r}]") for c in table.columns])
    if (values < 0).any():
        raise ValueError("table must hold counts (no negative values)")
    empty_rows = table.index[values.sum(axis=1) == 0]
    if len(empty_rows):
        raise ValueError(f"table: row {empty_rows[0]!r} has no counts; drop it before mapping")
    empty_columns = table.columns[values.sum(axis=0) == 0]
    if len(empty_columns):
        raise ValueError(f"table: column {empty_columns[0]!r} has no counts; drop it before mapping")
    return pd.DataFrame(values, index=table.index, columns=table.columns)


def total_inertia(table: pd.DataFrame) -> float:
    """Total inertia of a contingency table:  Σ_ij (O_ij − E_ij)² / E_ij  ÷  n  =  χ² / n,
    with E_ij = (row total_i × column total_j) / n."""
    observed = _table(table).to_numpy()
    n = observed.sum()
    expected = np.outer(observed.sum(axis=1), observed.sum(axis=0)) / n
    return float(((observed - expected) ** 2 / expected).sum() / n)


def perceptual_map(table: pd.DataFrame, n_components: int = 2) -> PerceptualMap:
    """Correspondence analysis of a brand × attribute table (formulas in the module docstring).

    Each axis's sign is fixed so that the brand farthest from the centre on it lies on the
    positive side: the same table always gives the same picture.
    """
    counts = _table(table)
    most = min(counts.shape) - 1
    n_components = _checks.integer(n_components, "n_components", low=1, high=most)
    p = counts.to_numpy() / counts.to_numpy().sum()
    r, c = p.sum(axis=1), p.sum(axis=0)
    residuals = (p - np.outer(r, c)) / np.sqrt(np.outer(r, c))
    u, sigma, vt = np.linalg.svd(residuals, full_matrices=False)
    u, sigma, v = u[:, :n_components], sigma[:n_components], vt[:n_components].T
    brands = u * sigma / np.sqrt(r)[:, None]
    attributes = v * sigma / np.sqrt(c)[:, None]
    sign = np.sign(brands[np.abs(brands).argmax(axis=0), np.arange(n_components)])
    sign[sign == 0] = 1
    axes = [f"dim{k}" for k in range(1, n_components + 1)]
    inertia = float((residuals ** 2).sum())
    return PerceptualMap(
        brands=pd.DataFrame(brands * sign, index=counts.index, columns=axes),
        attributes=pd.DataFrame(attributes * sign, index=counts.columns, columns=axes),
        inertia=inertia,
        explained=pd.Series(sigma ** 2 / inertia * 100, index=axes, name="explained"),
    )


def positioning_summary(survey: pd.DataFrame, brand: str = "brand", attributes=None) -> pd.DataFrame:
    """One row per brand, to spot positioning errors on the map:

    - ``mentions_per_respondent``: attributes ticked for the brand ÷ respondents rating it (a weak,
      blurred image has few);
    - ``distance_from_centre``: chi-square distance of the brand's profile from the average
      profile,  d_i = √( Σ_j (p_ij / r_i − c_j)² / c_j )  (0 = seen exactly like the average brand);
    - ``top_attribute``, ``top_share``: the attribute most linked to the brand and its percent of
      the brand's mentions (one attribute taking most of them = a narrow image);
    - ``second_attribute``: the next most linked attribute.
    """
    counts = _table(association_table(survey, brand, attributes))
    respondents = survey.groupby(brand, observed=True).size().reindex(counts.index)
    values = counts.to_numpy()
    row_totals = values.sum(axis=1)
    profiles = values / row_totals[:, None]
    average = values.sum(axis=0) / values.sum()
    ranked = np.argsort(-values, axis=1, kind="stable")
    columns = np.asarray(counts.columns)
    return pd.DataFrame({
        "mentions_per_respondent": row_totals / respondents.to_numpy(),
        "distance_from_centre": np.sqrt(((profiles - average) ** 2 / average).sum(axis=1)),
        "top_attribute": columns[ranked[:, 0]],
        "top_share": profiles[np.arange(len(values)), ranked[:, 0]] * 100,
        "second_attribute": columns[ranked[:, 1]],
    }, index=counts.index)
