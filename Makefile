# The course kit's commands. `make lab` for trainees, `make test` for everyone.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
UV_VERSION := 0.13.8
# JupyterLab refuses to run as root unless told to.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)
JOBS ?= 2
# The kit's root is the lab's root (lessons, cases and exercises side by side); land on the start page.
LAB_ARGS := --ServerApp.root_dir=. --LabApp.default_url=/lab/tree/notebooks/00_start_here.ipynb

.PHONY: install lab test test-fast exercises data bench clean

install: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	$(BIN)/uv pip install --quiet --python $(BIN)/python -r requirements.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	$(BIN)/python -m servicekit.setup_lab
	touch $@

lab: $(STAMP)
	$(BIN)/jupyter lab $(ROOT_FLAG) $(LAB_ARGS)

# The whole suite: unit tests, every notebook executed by nbval, real nbgrader round trips.
test: $(STAMP)
	$(BIN)/python -m pytest -n $(JOBS) --dist loadfile

# Unit tests only, for a quick loop while editing servicekit.
test-fast: $(STAMP)
	$(BIN)/python -m pytest tests -m "not slow" -q

# Regenerate the trainee versions of the assignments from solutions/.
exercises: $(STAMP)
	$(BIN)/python grader/release.py

# Regenerate the synthetic case datasets (deterministic: the committed CSVs must not change).
data: $(STAMP)
	$(BIN)/python datasets/generate.py

bench: $(STAMP)
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) .pytest_cache build src/*.egg-info

# Grade a whole class in one command (see grader/INSTRUCTOR_GUIDE.md):
#   make grade ASSIGNMENT=satisfaction [SUBMISSIONS=class.zip] [GRADE_JOBS=4]
# Needs bubblewrap (Debian/Ubuntu: apt-get install bubblewrap) for the sandbox.
.PHONY: grade trainee-bundle
grade: $(STAMP)
	@test -n "$(ASSIGNMENT)" || { echo "usage: make grade ASSIGNMENT=<name> [SUBMISSIONS=<zip or folder>] [GRADE_JOBS=<n>]"; exit 2; }
	$(BIN)/python -m grader.classgrade grade $(ASSIGNMENT) $(if $(SUBMISSIONS),--submissions $(SUBMISSIONS)) $(if $(GRADE_JOBS),--jobs $(GRADE_JOBS))

# The zip a trainee can use on their own (no solutions, rubrics, teaching notes or hidden tests).
trainee-bundle: $(STAMP)
	$(BIN)/python -m grader.classgrade bundle --out dist/trainee-kit.zip
