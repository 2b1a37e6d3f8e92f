"""The ECSI model of lesson 08, checked against a second, independent PLS implementation
(openpls-engine), a figure published with the R package seminr, and hand-worked formulas."""

from __future__ import annotations

import matplotlib
import numpy as np
import pandas as pd
import pytest

matplotlib.use("Agg")

from servicekit import data, metrics  # noqa: E402
from servicekit.models import ECSI_BLOCKS, ECSI_PATHS, ecsi_model, ecsi_paths, fit_pls  # noqa: E402
from servicekit.models import ecsi  # noqa: E402

MOBI = data.load("ecsi_mobile")


@pytest.fixture(scope="module")
def fit():
    return ecsi_model(MOBI)


@pytest.fixture(scope="module")
def openpls_fit():
    """The same model (mode A, path weighting) fitted by openpls-engine, a separate code base."""
    import openpls.config as config
    from openpls import Plspm
    from openpls.mode import Mode
    from openpls.scheme import Scheme

    structure = config.Structure()
    for source, target in ECSI_PATHS:
        structure.add_path([source], [target])
    spec = config.Config(structure.path(), scaled=True)
    for construct, items in ECSI_BLOCKS.items():
        spec.add_lv(construct, Mode.A, *[config.MV(item) for item in items])
    return Plspm(MOBI.astype(float), spec, Scheme.PATH)


def test_ecsi_paths_shape_and_index(fit):
    paths = ecsi_paths(MOBI)
    assert list(paths.columns) == ["coefficient"]
    assert paths.index.names == ["source", "target"]
    assert list(paths.index) == ECSI_PATHS
    assert paths.loc[("Quality", "Satisfaction"), "coefficient"] == pytest.approx(
        fit.paths.loc[("Quality", "Satisfaction"), "coefficient"])


def test_path_coefficients_match_openpls(openpls_fit):
    # openpls stores the path matrix as target rows × source columns.
    other = openpls_fit.path_coefficients()
    ours = ecsi_paths(MOBI)["coefficient"]
    theirs = pd.Series([other.loc[t, s] for s, t in ours.index], index=ours.index)
    np.testing.assert_allclose(ours.to_numpy(), theirs.to_numpy(), atol=5e-4)


def test_r_squared_and_loadings_match_openpls(fit, openpls_fit):
    summary = openpls_fit.inner_summary()
    for construct, r2 in fit.r_squared.items():
        assert r2 == pytest.approx(summary.loc[construct, "r_squared"], abs=5e-4), construct
    outer = openpls_fit.outer_model()
    for (construct, item), loading in fit.loadings.items():
        assert loading == pytest.approx(outer.loc[item, "loading"], abs=5e-4), item


def test_reliability_against_hand_formulas(fit, openpls_fit):
    outer = openpls_fit.outer_model()
    for construct, items in ECSI_BLOCKS.items():
        row = fit.reliability.loc[construct]
        if len(items) == 1:
            assert row["alpha"] == row["rho_c"] == row["ave"] == 1.0
            continue
        # Cronbach's alpha of the block = the course's standardized alpha (lesson 07).
        assert row["alpha"] == pytest.approx(metrics.cronbach_alpha(MOBI[items], standardized=True), abs=1e-9)
        # rho_c and AVE from the OTHER package's loadings, by the textbook formulas.
        lam = outer.loc[items, "loading"].to_numpy()
        rho_c = lam.sum() ** 2 / (lam.sum() ** 2 + (1 - lam ** 2).sum())
        assert row["rho_c"] == pytest.approx(rho_c, abs=1e-3), construct
        assert row["ave"] == pytest.approx((lam ** 2).mean(), abs=1e-3), construct


def test_published_seminr_fixture():
    """seminr (R) ships a reference fit of a small model on the same data, path weighting, mode A:
    Image, Expectation, Value → Satisfaction with β = 0.447003896753383, 0.171830104491586,
    0.316425319256027 (its test fixture inner_weights_coefficients.csv)."""
    blocks = {c: ECSI_BLOCKS[c] for c in ("Image", "Expectation", "Value", "Satisfaction")}
    small = fit_pls(MOBI, blocks, [("Image", "Satisfaction"), ("Expectation", "Satisfaction"),
                                   ("Value", "Satisfaction")])
    published = [0.447003896753383, 0.171830104491586, 0.316425319256027]
    np.testing.assert_allclose(small.paths["coefficient"].to_numpy(), published, atol=1e-5)


def test_well_known_ecsi_figures(fit):
    # The mobile-phone ECSI fit reported throughout the PLS literature: quality is the main
    # driver of satisfaction (about 0.51), satisfaction explains about two thirds of its variance.
    assert fit.paths.loc[("Image", "Expectation"), "coefficient"] == pytest.approx(0.505, abs=1e-3)
    assert fit.paths.loc[("Satisfaction", "Loyalty"), "coefficient"] == pytest.approx(0.485, abs=1e-3)
    assert fit.r_squared["Satisfaction"] == pytest.approx(0.681, abs=1e-3)


def test_total_effects_are_direct_plus_indirect(fit):
    beta = fit.paths["coefficient"]
    # Quality → Satisfaction: direct 0.51 plus through Value.
    by_hand = beta[("Quality", "Satisfaction")] + beta[("Quality", "Value")] * beta[("Value", "Satisfaction")]
    assert fit.total_effects.loc["Quality", "Satisfaction"] == pytest.approx(by_hand)
    image = (beta[("Image", "Satisfaction")]
             + beta[("Image", "Expectation")] * (
                 beta[("Expectation", "Satisfaction")]
                 + beta[("Expectation", "Value")] * beta[("Value", "Satisfaction")]
                 + beta[("Expectation", "Quality")] * (
                     beta[("Quality", "Satisfaction")]
                     + beta[("Quality", "Value")] * beta[("Value", "Satisfaction")])))
    assert fit.total_effects.loc["Image", "Satisfaction"] == pytest.approx(image)


def test_construct_index_is_the_acsi_formula_by_hand(fit):
    items = ECSI_BLOCKS["Satisfaction"]
    v = fit.weights.loc["Satisfaction"].reindex(items).to_numpy() / MOBI[items].std(ddof=1).to_numpy()
    means = MOBI[items].mean().to_numpy()
    by_hand = 100 * np.sum(v * (means - 1)) / np.sum(v * 9)
    assert ecsi.construct_index(MOBI, fit, "Satisfaction") == pytest.approx(by_hand)
    # The respondents' indices average to the construct index (the formula is linear).
    assert ecsi.respondent_index(MOBI, fit, "Satisfaction").mean() == pytest.approx(by_hand)
    # Every respondent index lies on 0..100; a respondent answering 10 everywhere scores 100.
    each = ecsi.respondent_index(MOBI, fit, "Satisfaction")
    assert each.between(0, 100).all()
    top = each[(MOBI[items] == 10).all(axis=1)]
    assert len(top) > 0
    np.testing.assert_allclose(top, 100)


def test_drivers_feed_importance_performance(fit):
    table = ecsi.drivers(MOBI, fit)
    assert list(table.index) == ["Quality", "Expectation", "Image", "Value"]
    assert table.loc["Value", "importance"] == pytest.approx(fit.paths.loc[("Value", "Satisfaction"), "coefficient"])
    quadrants = metrics.importance_performance(table["importance"], table["performance"])
    assert set(quadrants["quadrant"]) <= set(metrics.quality.IPA_QUADRANTS)
    assert quadrants.loc["Value", "quadrant"] == "low priority"


def test_path_diagram_draws_every_path(fit):
    ax = ecsi.draw_path_diagram(fit)
    labels = [t.get_text() for t in ax.texts]
    for beta in fit.paths["coefficient"]:
        assert f"{beta:.2f}" in labels
    assert "R² = 0.68" in labels


@pytest.mark.parametrize("bad, error, words", [
    ("not a frame", TypeError, "data must be a DataFrame"),
    (MOBI.drop(columns="CUSA2"), ValueError, "CUSA2"),
    (MOBI.assign(CUSA2=np.nan), ValueError, "missing answers"),
])
def test_bad_data_is_refused(bad, error, words):
    with pytest.raises(error, match=words):
        ecsi_model(bad)


def test_bad_model_is_refused(fit):
    with pytest.raises(ValueError, match="paths has"):
        fit_pls(MOBI, ECSI_BLOCKS, [("Image", "Nowhere")])
    with pytest.raises(ValueError, match="construct must be one of"):
        ecsi.construct_index(MOBI, fit, "Happiness")
    with pytest.raises(ValueError, match="target must be"):
        ecsi.drivers(MOBI, fit, target="Happiness")


def test_bootstrap_is_seeded_and_brackets_the_estimate(fit):
    first = ecsi.bootstrap_paths(MOBI, nboot=30, seed=7)
    again = ecsi.bootstrap_paths(MOBI, nboot=30, seed=7)
    other = ecsi.bootstrap_paths(MOBI, nboot=30, seed=8)
    pd.testing.assert_frame_equal(first, again)
    assert not np.allclose(first["boot_sd"], other["boot_sd"])
    np.testing.assert_allclose(first["estimate"], fit.paths["coefficient"])
    np.testing.assert_allclose(first["t"], first["estimate"] / first["boot_sd"])
    assert (first["boot_sd"] > 0).all()
    assert (first["ci_low"] < first["estimate"]).all() and (first["estimate"] < first["ci_high"]).all()
    # The strong paths are clearly non-zero, the weak Expectation → Value path is not.
    assert first.loc[("Quality", "Satisfaction"), "ci_low"] > 0
    assert first.loc[("Expectation", "Value"), "ci_low"] < 0


def test_bootstrap_refuses_bad_settings():
    with pytest.raises(ValueError, match="nboot"):
        ecsi.bootstrap_paths(MOBI, nboot=5)
    with pytest.raises(TypeError, match="seed"):
        ecsi.bootstrap_paths(MOBI, seed="lucky")
