"""Models fitted with well-kept methods: the ECSI PLS path model of satisfaction (``ecsi``, lesson 08)
and the BG/NBD and Gamma-Gamma customer-base models (``lifetime``, lesson 10)."""

from .ecsi import ECSI_BLOCKS, ECSI_PATHS, PlsFit, bootstrap_paths, ecsi_model, ecsi_paths, fit_pls
from .lifetime import (
    bgnbd_expected_purchases,
    bgnbd_params,
    bgnbd_probability_alive,
    calibration_summary,
    gamma_gamma_expected_spend,
    gamma_gamma_params,
    model_clv,
)

__all__ = [
    "ECSI_BLOCKS", "ECSI_PATHS", "PlsFit", "bootstrap_paths", "ecsi_model", "ecsi_paths", "fit_pls",
    "bgnbd_expected_purchases", "bgnbd_params", "bgnbd_probability_alive", "calibration_summary",
    "gamma_gamma_expected_spend", "gamma_gamma_params", "model_clv",
]
