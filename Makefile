# Scaling Laws, Reproduced: the two commands are `make book` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
JOBS   ?=

.PHONY: install book pdf slides test test-fast browser bench bench-fitting bench-lab lock clean

install: $(STAMP)

# Re-installs only when the project's dependency files change (a no-op otherwise).
$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "Installing the book's Python packages into $(VENV), pinned in constraints.txt (Jupyter Book, Altair,"
	@echo "vl-convert, papermill, SciPy, pytest, Selenium and their dependencies). A first install downloads"
	@echo "a few hundred MB and takes minutes; pip names each package as it goes."
	$(BIN)/python -m pip install --progress-bar on --upgrade pip
	$(BIN)/python -m pip install --progress-bar on -c constraints.txt -e '.[test]'
	@touch $(STAMP)

# Fetches the published datasets first (once; from $$SCALINGBOOK_DATA_MIRROR when it is set),
# so a download problem stops the build before any chapter executes.
book: install
	$(BIN)/scalingbook data fetch
	$(BIN)/scalingbook build $(if $(JOBS),--jobs $(JOBS),)
	@echo "The book is at $(CURDIR)/_build/html/index.html"

# The whole book as PDF, offline, in _build/pdf: the reader's edition (no solutions) and the
# instructor edition (solutions expanded). Debian's headless chromium prints each built page,
# charts and formulas drawn; pypdf merges them (scalingbook/build/pdf.py).
pdf: book browser
	$(BIN)/python -m scalingbook.build.pdf --site _build/html --out _build/pdf

# One slide deck per chapter for teaching, offline, in _build/slides (scalingbook/build/slides.py):
# key figures, equations, headline numbers and exercises, each deck one self-contained HTML file.
slides: book
	$(BIN)/python -m scalingbook.build.slides --out _build/slides

# Headless Chromium and its driver for the browser tests (Debian packages; needs root).
browser:
	@if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Installing Debian's chromium, chromium-driver and poppler-utils (pdftoppm) for the browser and PDF tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver poppler-utils >/dev/null; \
	else echo "note: install Debian's chromium, chromium-driver and poppler-utils to run the browser and PDF tests"; fi

# The lab's tests need its extra (JAX, optax, Dask); `make book` does not.
# Two workers: the tests that execute chapters or need the site run in one of them (one site,
# executions started in the background), every other test file in either (tests/conftest.py).
test: install browser
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[test,lab]'
	$(BIN)/python -m pytest -n 2 --dist loadgroup

# The quick tests (no kernel, Sphinx or browser) on both cores, each test file on one of them.
test-fast: install
	$(BIN)/python -m pytest -n 2 --dist loadfile -m "not slow and not browser"

bench: install
	$(BIN)/python bench/bench_build.py

# The Chinchilla fitter against the 4,500-start reference method (the reference takes minutes).
bench-fitting: install
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[bench]'
	$(BIN)/python bench/bench_fitting.py

# The scaling lab's training speed: achieved FLOP/s as a share of this machine's matmul throughput.
bench-lab: install
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[lab]'
	$(BIN)/python bench/bench_lab.py

# Refresh the pinned versions after changing dependencies in pyproject.toml.
lock: install
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^scalingbook' > constraints.txt

clean:
	rm -rf _build .stage .cache runs
