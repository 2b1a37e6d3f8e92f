"""BG/NBD and Gamma-Gamma (lesson 10): published CDNOW estimates, the lifetimes package, hand-worked cases."""

from __future__ import annotations

import importlib.resources

import numpy as np
import pandas as pd
import pytest
from scipy import integrate, special

from servicekit.data import describe
from servicekit.data.cdnow import load_whitespace_table
from servicekit.models import lifetime

# Fader, Hardie and Lee (2005), Marketing Science 24(2): BG/NBD on the 2,357-customer CDNOW sample, 39 weeks.
PUBLISHED_BGNBD = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
# Fader, Hardie and Lee (2005), JMR 42(4): Gamma-Gamma on the 946 repeat buyers of the same sample.
PUBLISHED_GAMMA_GAMMA = {"p": 6.25, "q": 3.74, "gamma": 15.44}


@pytest.fixture(scope="module")
def transactions():
    return load_whitespace_table(describe("cdnow").raw)


@pytest.fixture(scope="module")
def summary(transactions):
    return lifetime.calibration_summary(transactions, calibration_end="1997-09-30", observation_end="1998-06-30")


@pytest.fixture(scope="module")
def bgnbd(summary):
    return lifetime.bgnbd_params(summary)


@pytest.fixture(scope="module")
def gamma_gamma(summary):
    return lifetime.gamma_gamma_params(summary["frequency"], summary["monetary_value"])


def _shipped(name: str) -> pd.DataFrame:
    resource = importlib.resources.files("lifetimes").joinpath(f"datasets/{name}")
    with importlib.resources.as_file(resource) as path:
        return pd.read_csv(path, index_col=0)


# ----------------------------------------------------------------------------- the summary table


def test_cdnow_transactions_are_the_published_sample(transactions):
    assert len(transactions) == 6919
    assert transactions["customer_id"].nunique() == 2357
    assert transactions["date"].min() == pd.Timestamp("1997-01-01")
    assert transactions["date"].max() == pd.Timestamp("1998-06-30")


def test_calibration_summary_matches_the_table_the_papers_used(summary):
    # lifetimes ships the x, t_x, T, z-bar table of the papers (two decimals); we rebuild it from raw purchases.
    published = _shipped("cdnow_customers_summary_with_transactions.csv")
    assert len(summary) == 2357
    assert (summary["frequency"].to_numpy() == published["x"].to_numpy()).all()
    assert summary["frequency"].sum() == 2457
    np.testing.assert_allclose(summary["recency"], published["t_x"], atol=0.006)
    np.testing.assert_allclose(summary["T"], published["T"], atol=0.006)
    np.testing.assert_allclose(summary["monetary_value"], published["zbar"], atol=0.006)
    assert (summary["frequency"] > 0).sum() == 946
    assert summary["duration_holdout"].iloc[0] == pytest.approx(39.0)


def test_calibration_summary_by_hand():
    purchases = pd.DataFrame({
        "customer_id": ["A", "A", "A", "A", "B", "C"],
        "date": ["2024-01-01", "2024-01-01", "2024-01-15", "2024-02-12", "2024-01-29", "2024-03-20"],
        "amount": [10.0, 5.0, 20.0, 30.0, 8.0, 99.0],
    })
    table = lifetime.calibration_summary(purchases, calibration_end="2024-03-11", observation_end="2024-03-25")
    # C first bought after the calibration end: not in the table. A's two Jan-1 purchases are one day.
    assert list(table.index) == ["A", "B"]
    assert table.loc["A", "frequency"] == 2
    assert table.loc["A", "recency"] == pytest.approx(6.0)        # 42 days
    assert table.loc["A", "T"] == pytest.approx(10.0)             # 70 days
    assert table.loc["A", "monetary_value"] == pytest.approx(25.0)  # mean of 20 and 30; first day excluded
    assert table.loc["B", "frequency"] == 0 and table.loc["B", "recency"] == 0
    assert table.loc["B", "T"] == pytest.approx(6.0)
    assert table.loc["B", "monetary_value"] == 0
    assert (table["frequency_holdout"] == 0).all()
    assert table["duration_holdout"].iloc[0] == pytest.approx(2.0)


def test_calibration_summary_bad_input():
    purchases = pd.DataFrame({"customer_id": [1], "date": ["2024-01-01"], "amount": [1.0]})
    with pytest.raises(ValueError, match="amount='value'"):
        lifetime.calibration_summary(purchases, amount="value")
    with pytest.raises(ValueError, match="calibration_end"):
        lifetime.calibration_summary(purchases, calibration_end="not a date")
    with pytest.raises(ValueError, match="calibration_end"):
        lifetime.calibration_summary(purchases, calibration_end="2023-01-01")
    with pytest.raises(ValueError, match="observation_end"):
        lifetime.calibration_summary(purchases, calibration_end="2024-02-01", observation_end="2024-01-15")
    with pytest.raises(TypeError, match="transactions"):
        lifetime.calibration_summary([1, 2, 3])
    with pytest.raises(ValueError, match="unit_days"):
        lifetime.calibration_summary(purchases, calibration_end="2024-02-01", unit_days=0)


# ----------------------------------------------------------------------------- BG/NBD


def test_bgnbd_reproduces_the_published_cdnow_parameters(bgnbd):
    assert set(bgnbd) == {"r", "alpha", "a", "b"}
    for key, value in PUBLISHED_BGNBD.items():
        assert round(bgnbd[key], 3) == value, key


def test_bgnbd_fit_agrees_with_the_lifetimes_fitter(summary, bgnbd):
    import lifetimes
    fitter = lifetimes.BetaGeoFitter().fit(summary["frequency"], summary["recency"], summary["T"])
    for key in ("r", "alpha", "a", "b"):
        assert bgnbd[key] == pytest.approx(fitter.params_[key], rel=2e-4)
    # and the predictions agree at our parameters
    fitter.params_ = pd.Series(bgnbd)
    x, t_x, age = summary["frequency"], summary["recency"], summary["T"]
    np.testing.assert_allclose(lifetime.bgnbd_probability_alive(bgnbd, x, t_x, age),
                               fitter.conditional_probability_alive(x, t_x, age), rtol=1e-9)
    np.testing.assert_allclose(lifetime.bgnbd_expected_purchases(bgnbd, 39, x, t_x, age),
                               fitter.conditional_expected_number_of_purchases_up_to_time(39, x, t_x, age), rtol=1e-8)
    np.testing.assert_allclose(lifetime.bgnbd_population_purchases(bgnbd, [13.0, 39.0, 78.0]),
                               fitter.expected_number_of_purchases_up_to_time(np.array([13.0, 39.0, 78.0])), rtol=1e-9)


def test_bgnbd_loglikelihood_by_hand():
    params = {"r": 0.5, "alpha": 2.0, "a": 1.5, "b": 3.0}
    # x = 0: L = (α / (α + T))^r
    assert lifetime.bgnbd_loglikelihood(params, [0], [0], [10.0])[0] == pytest.approx(0.5 * np.log(2 / 12))
    # x = 2, t_x = 4, T = 10, term by term from the formula
    r, alpha, a, b = 0.5, 2.0, 1.5, 3.0
    gamma_part = np.exp(special.gammaln(r + 2) - special.gammaln(r)) * alpha**r
    first = special.beta(a, b + 2) / special.beta(a, b) * gamma_part / (alpha + 10) ** (r + 2)
    second = special.beta(a + 1, b + 1) / special.beta(a, b) * gamma_part / (alpha + 4) ** (r + 2)
    assert lifetime.bgnbd_loglikelihood(params, [2], [4.0], [10.0])[0] == pytest.approx(np.log(first + second))


def test_bgnbd_published_customer_prediction(bgnbd):
    # The worked example of Fader, Hardie and Lee (2005): x = 2, t_x = 30.43, T = 38.86 expects 1.226 purchases in 39 weeks.
    assert lifetime.bgnbd_expected_purchases(bgnbd, 39, 2, 30.43, 38.86) == pytest.approx(1.226, abs=5e-4)
    assert lifetime.bgnbd_probability_alive(bgnbd, [0], [0], [20.0])[0] == 1.0


def test_bgnbd_tracks_cumulative_repeat_purchases(summary, bgnbd):
    # Σᵢ E[X(Tᵢ)] should match the 2,457 calibration repeat purchases, and Σᵢ E[X(Tᵢ + 39)] the 4,339
    # repeat purchases to the end of June 1998 (the model under-forecasts the holdout by about 4%).
    age = summary["T"].to_numpy()
    actual_total = summary["frequency"].sum() + summary["frequency_holdout"].sum()
    assert summary["frequency_holdout"].sum() == 1882
    assert lifetime.bgnbd_population_purchases(bgnbd, age).sum() == pytest.approx(2457, rel=0.02)
    assert lifetime.bgnbd_population_purchases(bgnbd, age + 39).sum() == pytest.approx(actual_total, rel=0.05)


def test_bgnbd_bad_input(summary):
    with pytest.raises(ValueError, match="recency"):
        lifetime.bgnbd_params(pd.DataFrame({"frequency": [1], "recency": [5.0], "T": [4.0]}))
    with pytest.raises(ValueError, match="frequency"):
        lifetime.bgnbd_params(pd.DataFrame({"frequency": [1.5], "recency": [1.0], "T": [4.0]}))
    with pytest.raises(ValueError, match="'T'"):
        lifetime.bgnbd_params(pd.DataFrame({"frequency": [1], "recency": [1.0]}))
    with pytest.raises(TypeError, match="summary"):
        lifetime.bgnbd_params([[1, 1.0, 4.0]])
    with pytest.raises(TypeError, match="params"):
        lifetime.bgnbd_probability_alive({"r": 1.0}, [1], [1.0], [2.0])
    with pytest.raises(ValueError, match=r"params\['alpha'\]"):
        lifetime.bgnbd_probability_alive({"r": 1.0, "alpha": -1.0, "a": 1.0, "b": 1.0}, [1], [1.0], [2.0])
    with pytest.raises(ValueError, match="a − 1"):
        lifetime.bgnbd_population_purchases({"r": 1.0, "alpha": 1.0, "a": 1.0, "b": 1.0}, 5.0)


# ----------------------------------------------------------------------------- Gamma-Gamma


def test_gamma_gamma_reproduces_the_published_cdnow_parameters(gamma_gamma):
    assert round(gamma_gamma["p"], 2) == PUBLISHED_GAMMA_GAMMA["p"]
    assert round(gamma_gamma["q"], 2) == PUBLISHED_GAMMA_GAMMA["q"]
    assert round(gamma_gamma["gamma"], 2) == PUBLISHED_GAMMA_GAMMA["gamma"]


def test_gamma_gamma_agrees_with_the_lifetimes_fitter(summary, gamma_gamma):
    import lifetimes
    buyers = summary[summary["frequency"] > 0]
    fitter = lifetimes.GammaGammaFitter().fit(buyers["frequency"], buyers["monetary_value"])
    for ours, theirs in (("p", "p"), ("q", "q"), ("gamma", "v")):
        assert gamma_gamma[ours] == pytest.approx(fitter.params_[theirs], rel=1e-3)
    fitter.params_ = pd.Series({"p": gamma_gamma["p"], "q": gamma_gamma["q"], "v": gamma_gamma["gamma"]})
    np.testing.assert_allclose(
        lifetime.gamma_gamma_expected_spend(gamma_gamma, buyers["frequency"], buyers["monetary_value"]),
        fitter.conditional_expected_average_profit(buyers["frequency"], buyers["monetary_value"]), rtol=1e-9)


def test_gamma_gamma_density_integrates_to_one():
    params = {"p": 6.0, "q": 4.0, "gamma": 15.0}
    def density(z):
        return np.exp(lifetime.gamma_gamma_loglikelihood(params, np.array([3.0]), np.array([z])))[0]

    assert integrate.quad(density, 0, np.inf)[0] == pytest.approx(1.0, abs=1e-6)


def test_gamma_gamma_expected_spend_by_hand():
    params = {"p": 6.0, "q": 4.0, "gamma": 15.0}
    # population mean γp/(q − 1) = 30; x = 2, z̄ = 50: weight px/(px + q − 1) = 12/15 = 0.8 → 0.2·30 + 0.8·50 = 46
    assert lifetime.gamma_gamma_expected_spend(params, [0, 2], [0.0, 50.0]) == pytest.approx([30.0, 46.0])
    with pytest.raises(ValueError, match=r"params\['q'\]"):
        lifetime.gamma_gamma_expected_spend({"p": 1.0, "q": 0.5, "gamma": 1.0}, [1], [1.0])
    with pytest.raises(ValueError, match="same length"):
        lifetime.gamma_gamma_expected_spend(params, [1, 2], [1.0])
    with pytest.raises(ValueError, match="at least two"):
        lifetime.gamma_gamma_params([0, 0, 1], [0.0, 0.0, 5.0])


# ----------------------------------------------------------------------------- customer value


def test_model_clv_by_hand(summary, bgnbd, gamma_gamma):
    few = summary.head(5)
    value = lifetime.model_clv(bgnbd, gamma_gamma, few, margin=0.3, horizon=52, step=52, discount=0.0)
    purchases = lifetime.bgnbd_expected_purchases(bgnbd, 52, few["frequency"], few["recency"], few["T"])
    spend = lifetime.gamma_gamma_expected_spend(gamma_gamma, few["frequency"], few["monetary_value"])
    np.testing.assert_allclose(value, 0.3 * purchases * spend)
    # With discounting, split into 13 four-week periods: less than undiscounted, more than fully discounted.
    discounted = lifetime.model_clv(bgnbd, gamma_gamma, few, margin=0.3, horizon=52, step=4, discount=0.01)
    assert ((discounted < value) & (discounted > value / 1.01**13)).all()
    assert list(discounted.index) == list(few.index)


def test_model_clv_bad_input(summary, bgnbd, gamma_gamma):
    few = summary.head(3)
    with pytest.raises(ValueError, match="horizon"):
        lifetime.model_clv(bgnbd, gamma_gamma, few, horizon=50, step=4)
    with pytest.raises(ValueError, match="margin"):
        lifetime.model_clv(bgnbd, gamma_gamma, few, margin=1.5)
    with pytest.raises(ValueError, match="monetary_value"):
        lifetime.model_clv(bgnbd, gamma_gamma, few.drop(columns="monetary_value"))


def test_bgnbd_params_is_reachable_from_servicekit_models(summary):
    from servicekit import models

    assert models.bgnbd_params is lifetime.bgnbd_params
