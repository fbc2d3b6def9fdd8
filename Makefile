# nnbook: the README's two commands are `make book` and `make test`; the rest are their friends.
# Every target sets up (or reuses) the environment in .venv first.

PYTHON ?= python3.11
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
BUILD  := _build/html
STUDENT_DIR ?= _build/student
BOOK_FLAGS ?=
# Notebooks run small matrix products: one BLAS/OpenMP thread each is fastest on a shared machine
# (two pools spinning against each other slowed a notebook from 2 s to 30 s). Benchmarks set their own.
ONE_THREAD := OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1

.DEFAULT_GOAL := help
.PHONY: help setup book pdf lab test browser axe exercises fixtures grade grade-solutions student autograder bench clean

help:
	@echo "make book      set up .venv and build the website into $(BUILD) (executes every notebook)"
	@echo "make pdf       the book as one PDF, _build/pdf/nnbook.pdf (printed from the built website)"
	@echo "make lab       start JupyterLab on the book (as root too)"
	@echo "make test      set up .venv and run every test (package, grader, nbval, book build, browser)"
	@echo "make grade     grade your exercises/ (CHAPTER=backprop EXERCISE=1.2 to select; fails unless all pass, EXIT_ZERO=1 for feedback only)"
	@echo "make exercises regenerate exercises/ from solutions/;  make fixtures: re-record grading fixtures"
	@echo "make student   write the student edition (no solutions) to $(STUDENT_DIR)"
	@echo "make autograder  write the Gradescope autograder (hidden inputs, solutions) to _build/autograder.zip"
	@echo "make bench     benchmark nnbook against torch and scikit-learn"

# --- environment ------------------------------------------------------------------------
setup: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	@echo "== setting up $(VENV) from requirements.txt (reused on later runs)"
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --retries 1 -r requirements.txt -e . 2>&1 | { grep -v "^WARNING: Location\|download.pytorch.org\|/whl/cpu/" || true; }
	@$(PY) -c "import nnbook, torch, jupyter_book; print('   nnbook', nnbook.__version__, '| torch', torch.__version__, '| jupyter-book', jupyter_book.__version__)"
	@touch $(STAMP)

# The student edition (no solutions/) grades in a light environment: numpy, pytest and nnbook's
# grader from requirements-grade.txt; no torch, Jupyter or browser.
GRADE_STAMP := $(if $(wildcard solutions),$(STAMP),$(VENV)/.installed-grade)

$(VENV)/.installed-grade: requirements-grade.txt pyproject.toml
	@echo "== setting up $(VENV) for grading only: numpy, pytest, nnbook's grader (reused on later runs)"
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-grade.txt 2>&1 | { grep -v "^WARNING: Location" || true; }
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e . 2>&1 | { grep -v "^WARNING: Location" || true; }
	@echo "   $(VENV) takes $$(du -sh $(VENV) | cut -f1)"
	@touch $@

# --- the website ---------------------------------------------------------------------------
book: $(STAMP)
	@echo "== building the website into $(BUILD) (every notebook is executed)"
	$(PY) tools/sync_setup_cells.py --check
	$(ONE_THREAD) $(VENV)/bin/jupyter-book build . --warningiserror --keep-going $(BOOK_FLAGS)
	@echo "== open $(BUILD)/index.html in a browser, or: $(PY) -m http.server -d $(BUILD) 8000"

# The PDF edition: every built page printed by the headless chromium, joined with a contents page
# and an outline (tools/book_pdf.py); also copied into the website, whose download menu links it.
pdf: $(STAMP) browser
	@test -f $(BUILD)/index.html || $(MAKE) --no-print-directory book
	@echo "== printing the website into _build/pdf/nnbook.pdf"
	$(PY) tools/book_pdf.py $(BUILD) _build/pdf/nnbook.pdf

# JupyterLab on the book. Jupyter refuses to run as root unless told: in a container (uid 0) say so.
lab: $(STAMP)
	$(VENV)/bin/jupyter lab $(if $(filter 0,$(shell id -u)),--allow-root) $(LAB_FLAGS)

# --- tests ---------------------------------------------------------------------------------
# One pytest run, so its closing line counts everything: package tests, grader self-tests,
# nbval over every notebook, and the site (built just before) in a real browser.
test: $(STAMP) browser axe
	@echo "== checking exercises/ and grading fixtures are generated from solutions/"
	$(PY) -m nnbook exercises --check
	$(PY) -m nnbook fixtures --check
	$(MAKE) --no-print-directory book BOOK_FLAGS=--all
	$(MAKE) --no-print-directory pdf
	@echo "== pytest: package, grader, notebooks (nbval), site in the browser"
	NNBOOK_CHECK_FIGURES=1 $(ONE_THREAD) $(PY) -m pytest tests book --nbval-lax --nbval-current-env --durations=15

browser:
	@command -v chromium >/dev/null || { echo "== installing Debian's chromium for the site tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
	@chromium --version

# axe-core, the accessibility audit the site tests inject into every page (from npm, into .venv).
AXE_VERSION := 4.14.1
AXE := $(VENV)/node_modules/axe-core/axe.min.js
axe: $(AXE)

$(AXE):
	@command -v npm >/dev/null || { echo "== installing Debian's npm for axe-core"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null; }
	npm install --prefix $(VENV) --no-save --no-package-lock --no-audit --no-fund --loglevel=error axe-core@$(AXE_VERSION)
	@test -f $@

# --- exercises and grading -----------------------------------------------------------------
exercises: $(STAMP)
	$(PY) -m nnbook exercises

fixtures: $(STAMP)
	$(PY) -m nnbook fixtures

grade: $(GRADE_STAMP)
	$(PY) -m nnbook grade $(if $(CHAPTER),--chapter $(CHAPTER)) $(if $(EXERCISE),--exercise $(EXERCISE)) $(if $(EXIT_ZERO),--exit-zero)

grade-solutions: $(STAMP)
	$(PY) -m nnbook grade --solutions $(if $(CHAPTER),--chapter $(CHAPTER)) $(if $(EXERCISE),--exercise $(EXERCISE))

student: $(STAMP)
	rm -rf "$(STUDENT_DIR)"
	$(PY) -m nnbook release "$(STUDENT_DIR)"

autograder: $(STAMP)
	$(PY) -m nnbook autograder _build/autograder.zip

# Some machines set OPENBLAS_CORETYPE (and OPENBLAS_L2_SIZE) to pin OpenBLAS to older kernels,
# which older OpenBLAS builds need; the benchmarks run numpy on the kernels its OpenBLAS picks for
# this CPU (their headers name them), as on a reader's machine. Tests and CI keep the setting.
BENCH_ENV = env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE

bench: $(STAMP)
	$(BENCH_ENV) $(PY) benchmarks/bench_mlp.py
	$(BENCH_ENV) $(PY) benchmarks/bench_conv.py

clean:
	rm -rf _build
