"""Datasets: every one loads and matches its dictionary; synthetic ones regenerate identically;
malformed files are refused whole, with file, column and first bad row named."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

from conftest import ROOT
from servicekit import data


@pytest.mark.parametrize("name", data.names())
def test_every_dataset_loads_and_matches_its_dictionary(name):
    frame = data.load(name)
    info = data.describe(name)
    assert len(frame) > 0
    assert list(frame.columns) == list(info.columns.index)
    assert info.source and info.licence
    if info.synthetic:
        assert info.built_to_show, f"{name}: a synthetic dataset must say what it was built to show"
    assert "<table" in info._repr_html_()


def test_real_datasets_have_their_published_shape():
    mobile = data.load("ecsi_mobile")
    assert mobile.shape == (250, 24)
    assert mobile.min().min() >= 1 and mobile.max().max() <= 10
    assert data.describe("ecsi_mobile").synthetic is False


def test_synthetic_datasets_regenerate_identically():
    result = subprocess.run([sys.executable, str(ROOT / "datasets" / "generate.py"), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_indicator_tree_has_the_syllabus_leaf_weights():
    tree = data.indicator_tree("natural_gas")
    assert tree["supply quality"]["children"]["gas pressure"]["weight"] == 0.6
    assert tree["repair quality"]["children"]["repair timeliness"]["weight"] == 0.4
    assert tree["meter-reading quality"]["children"]["reading errors"]["weight"] == 0.4
    assert all(node.get("reconstructed") for node in tree.values())
    survey_columns = set(data.load("natural_gas_survey").columns)
    leaves = [leaf for node in tree.values() for leaf in node["children"].values()]
    assert {leaf["column"] for leaf in leaves} <= survey_columns


@pytest.fixture
def good_csv(tmp_path):
    path = tmp_path / "survey.csv"
    data.load("natural_gas_survey").head(20).to_csv(path, index=False)
    return path


def _corrupt(path, row, column, value):
    frame = pd.read_csv(path, dtype=str)
    frame.loc[row - 1, column] = value
    frame.to_csv(path, index=False)


def test_a_good_file_validates(good_csv):
    frame = data.read_validated(good_csv, "natural_gas_survey")
    assert len(frame) == 20 and frame["gas_pressure"].dtype == "int64"


def test_missing_column_is_refused(good_csv):
    pd.read_csv(good_csv).drop(columns="gas_quality").to_csv(good_csv, index=False)
    with pytest.raises(data.DataError, match=r"survey\.csv: missing column 'gas_quality'"):
        data.read_validated(good_csv, "natural_gas_survey")


def test_out_of_range_likert_level_is_refused_with_its_row(good_csv):
    _corrupt(good_csv, 7, "repair_result", "7")
    with pytest.raises(data.DataError, match=r"survey\.csv: column 'repair_result', row 7 \(file line 8\): 7 is above the maximum 5"):
        data.read_validated(good_csv, "natural_gas_survey")


def test_text_in_a_numeric_column_is_refused_with_its_row(good_csv):
    _corrupt(good_csv, 3, "overall", "very good")
    with pytest.raises(data.DataError, match=r"column 'overall', row 3 \(file line 4\): 'very good' is not a number"):
        data.read_validated(good_csv, "natural_gas_survey")


def test_unknown_category_and_empty_cells_are_refused(good_csv):
    _corrupt(good_csv, 2, "district", "Atlantis")
    with pytest.raises(data.DataError, match=r"column 'district', row 2 .*'Atlantis' is not one of"):
        data.read_validated(good_csv, "natural_gas_survey")
    _corrupt(good_csv, 2, "district", "")
    with pytest.raises(data.DataError, match=r"column 'district', row 2 .*missing"):
        data.read_validated(good_csv, "natural_gas_survey")


def test_first_bad_row_is_named_when_several_are_bad(good_csv):
    _corrupt(good_csv, 12, "gas_pressure", "9")
    _corrupt(good_csv, 5, "gas_pressure", "0")
    with pytest.raises(data.DataError, match=r"row 5 "):
        data.read_validated(good_csv, "natural_gas_survey")


def test_unreadable_or_absent_files(tmp_path):
    with pytest.raises(data.DataError, match="not found"):
        data.read_validated(tmp_path / "nothing.csv", "natural_gas_survey")
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    with pytest.raises(data.DataError, match="empty.csv: not a readable CSV"):
        data.read_validated(empty, "natural_gas_survey")


def test_unknown_dataset_names_the_choices():
    with pytest.raises(ValueError, match="'nope' is not a dataset.*natural_gas_survey"):
        data.load("nope")
    with pytest.raises(TypeError, match="name"):
        data.describe(3)
    with pytest.raises(ValueError, match="no indicator tree"):
        data.indicator_tree("nope")
