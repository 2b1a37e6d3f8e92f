# The kit's commands. `make lab` for trainees, `make test` for everyone, `make help` for the list.
# Every target's line ends with `## what it does`: that is what `make help` prints.
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

# `make` alone installs: the step every other target starts with, and harmless to repeat.
.DEFAULT_GOAL := install
.PHONY: help install lab app site test test-fast exercises data bench grade gradebook trainee-bundle hub clean

help: ## list the targets and what each does
	@awk -F ':.*## ' '/^[a-zA-Z_-]+:.*## / { printf "  make %-16s %s\n", $$1, $$2 }' $(MAKEFILE_LIST)

install: $(STAMP) ## create .venv with the pinned set (requirements.lock) and the kit's own packages

# Bytecode is compiled at install: every kernel (a lesson's, a graded submission's, whose sandbox
# cannot write caches) then imports pandas and numpy without compiling them again.

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	$(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python -r requirements.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	$(BIN)/python -m servicekit.setup_lab
	touch $@

lab: $(STAMP) ## open JupyterLab on the course's start page
	$(BIN)/jupyter lab $(ROOT_FLAG) $(LAB_ARGS)

# The calculators of apps/ (staffing, survey sample size, satisfaction index, CLV) as web pages, their
# code hidden, with Voilà: on this machine only (127.0.0.1), no token; Ctrl-C stops it. Voilà finds the
# kit's copy of its page template (apps/share/voila/templates/offline: no stylesheet from a CDN, so the
# pages make no outside request) through JUPYTER_PATH; the list of apps hides that folder.
APP_PORT ?= 8866
APP_TEMPLATES := apps/share
APP_ARGS := apps --template=offline --Voila.ip=127.0.0.1 --ContentsManager.hide_globs=share --ContentsManager.hide_globs=__pycache__

app: $(STAMP) ## serve the calculators (apps/) as web apps for those who never open code: http://127.0.0.1:8866
	JUPYTER_PATH=$(CURDIR)/$(APP_TEMPLATES)$(if $(JUPYTER_PATH),:$(JUPYTER_PATH)) $(BIN)/voila $(APP_ARGS) --port=$(APP_PORT)

# The course as a static site, built offline by site/build.py with Jupyter Book 1: the lessons, cases
# and glossary executed now (widgets shown as they were then), the exercises' questions, never
# solutions/. Needs npm: the first build runs `npm ci` in site/ (MathJax and the widget manager,
# pinned in site/package-lock.json, are served from the site itself). Read it from a local server:
# python3 -m http.server -b 127.0.0.1 -d site/_build/html
site: $(STAMP) ## build the course as a static site, offline, in site/_build/html (widgets as snapshots)
	$(BIN)/python site/build.py --jobs $(JOBS)

# Needs Debian's chromium (browser tests) and bubblewrap (grading sandbox): see README.md.
test: $(STAMP) ## the whole suite: unit tests, every notebook executed by nbval, real nbgrader round trips
	$(BIN)/python -m pytest -n $(JOBS) --dist loadfile --no-loadscope-reorder --durations=25

test-fast: $(STAMP) ## unit tests only, for a quick loop while editing servicekit
	$(BIN)/python -m pytest tests -m "not slow" -q

exercises: $(STAMP) ## regenerate the trainee versions of the assignments (exercises/) from solutions/
	$(BIN)/python -m grader.release

data: $(STAMP) ## regenerate the synthetic case datasets (deterministic: the committed CSVs must not change)
	$(BIN)/python datasets/generate.py

bench: $(STAMP) ## run the benchmarks and update BENCHMARKS.md
	$(BIN)/python bench/run_all.py

# See grader/INSTRUCTOR_GUIDE.md. Needs bubblewrap (Debian/Ubuntu: apt-get install bubblewrap) and root.
grade: $(STAMP) ## grade a whole class: make grade ASSIGNMENT=<name> [SUBMISSIONS=<zip or folder>] [GRADE_JOBS=<n>] [RECEIVED_BY=<time>]
	@test -n "$(ASSIGNMENT)" || { echo "usage: make grade ASSIGNMENT=<name> [SUBMISSIONS=<zip or folder>] [GRADE_JOBS=<n>] [RECEIVED_BY='YYYY-MM-DD HH:MM+08:00']"; exit 2; }
	$(BIN)/python -m grader.classgrade grade $(ASSIGNMENT) $(if $(SUBMISSIONS),--submissions $(SUBMISSIONS)) $(if $(GRADE_JOBS),--jobs $(GRADE_JOBS)) $(if $(RECEIVED_BY),--received-by "$(RECEIVED_BY)")

# Course totals, Canvas and Moodle files and a page per trainee, in grades/course/ (grader/course.yml: weights, due dates).
gradebook: $(STAMP) ## the course gradebook: make gradebook ROSTER=<class list from the LMS: id,name,email,lms_id,section>
	@test -n "$(ROSTER)" || { echo "usage: make gradebook ROSTER=<roster.csv with id,name,email,lms_id,section>"; exit 2; }
	$(BIN)/python -m grader.gradebook --roster $(ROSTER)

trainee-bundle: $(STAMP) ## build dist/trainee-kit.zip: what a trainee needs, no instructor material
	$(BIN)/python -m grader.classgrade bundle --out dist/trainee-kit.zip

# The class server on this machine (grader/INSTRUCTOR_GUIDE.md, "A class on JupyterHub"), as root: the
# accounts, course, exchange, trainees' Python and PostgreSQL gradebook of HUB_SETTINGS, then PostgreSQL
# and JupyterHub (with its proxy and formgrader) in the foreground; Ctrl-C stops them all.
HUB_SETTINGS ?= grader/hub/class.yml
HUB_PROXY := grader/hub/node_modules/.bin/configurable-http-proxy

$(HUB_PROXY): grader/hub/package.json grader/hub/package-lock.json
	npm ci --prefix grader/hub --no-audit --no-fund
	touch $@

hub: $(STAMP) $(HUB_PROXY) ## the class server: JupyterHub, formgrader, exchange, PostgreSQL gradebook (root; Ctrl-C stops it)
	$(BIN)/python -m grader.hub setup $(HUB_SETTINGS)
	$(BIN)/python -m grader.hub run $(HUB_SETTINGS)

clean: ## remove .venv and what building the package leaves behind
	rm -rf $(VENV) .pytest_cache build *.egg-info src/*.egg-info
