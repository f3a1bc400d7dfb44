# Two commands do everything on a fresh machine with Python 3.11+ and Node.js with npm:
#   make site   build the demo archive into site/ (creates .venv and installs pinned dependencies)
#   make test   run the test suite (installs the cluster extra first: its tests need Dask), on every core
# Optional: make cluster-extra   Dask's distributed scheduler (requirements-cluster.txt), to build on a cluster
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

NODE_STAMP := node_modules/.installed
CLUSTER_STAMP := $(VENV)/.cluster-installed

.PHONY: site test serve check review bundle cluster-extra bench bench-cluster bench-search bench-serve bench-extraction same-output bench-side-by-side fuzz clean

site: $(STAMP) $(NODE_STAMP)
	$(BIN)/archive build --strict

test: $(STAMP) $(NODE_STAMP) $(CLUSTER_STAMP)
	$(BIN)/python -m pytest -n $${TEST_PROCESSES:-auto} --dist loadfile

bundle: $(STAMP) $(NODE_STAMP)
	$(BIN)/archive bundle

# Benchmarks, not tests: synthetic archives of 1,000 and 10,000 documents, timings printed.
bench: $(STAMP) $(NODE_STAMP)
	$(BIN)/python -m bench.run --sizes $${SIZES:-1000,10000}
	$(MAKE) bench-cluster

# The same generated archive (CLUSTER_SIZE documents, default 2,000) built with the default
# process pool and on a Dask LocalCluster of 2 worker processes, side by side: seconds and overhead.
bench-cluster: $(CLUSTER_STAMP)
	$(BIN)/python -m bench.cluster --size $${CLUSTER_SIZE:-2000}

# Changes that must not change the output or lose speed, checked against the code of commit REF
# (default: HEAD, the last commit), checked out into build/ and run with this .venv:
#   same-output         every page, published file and search entry of the demo and of a
#                       1,000-document archive, both URL styles and the offline bundle, fresh and
#                       after each kind of cached rebuild, byte for byte; exits 1 on a difference
#   bench-side-by-side  `make bench`'s builds (SIZES, default 10000), REF's and the working tree's
#                       taking turns, ROUNDS of each (default 2: about 25 minutes at 10,000)
REF ?= HEAD
same-output: $(STAMP) $(NODE_STAMP)
	$(BIN)/python -m bench.same_output --ref $(REF)

bench-side-by-side: $(STAMP)
	$(BIN)/python -m bench.side_by_side --ref $(REF) --sizes $${SIZES:-10000} --rounds $${ROUNDS:-2}

# How quickly search opens and answers in headless Chromium, served and from file://: the site's own engine
# (Material's lunr search or ours) and Pagefind on the same 10,000-document site, then ours and Pagefind on
# synthetic sites of 10,000 and 100,000 documents (bench/search_timing.py; what is missing is built under
# build/bench/search/, which takes a while the first time; Material's site by the last commit that has its
# search). Pagefind is a benchmark tool, not a dependency: it goes into build/bench-tools/. SEARCH_SITE=a built site (its offline bundle: SEARCH_ARGS=--bundle ZIP);
# SEARCH_ARGS for more (e.g. --sizes 10000 --json build/bench/search.json).
SEARCH_SITE ?=
SEARCH_ARGS ?=
bench-search: $(STAMP)
	test -x build/bench-tools/node_modules/.bin/pagefind || npm install --prefix build/bench-tools pagefind@1.6.0
	$(BIN)/python -m bench.search_timing $(if $(SEARCH_SITE),--site $(SEARCH_SITE)) $(SEARCH_ARGS)

# How long `archive serve` takes from saving an annotation to the page showing it, in headless
# Chromium (default: the 10,000-document bench archive; SERVE_ARCHIVE=. for the demo). `make bench` runs it too.
SERVE_ARCHIVE ?= build/bench/archive-10000
bench-serve: $(STAMP)
	$(BIN)/python -m bench.serve_timing $(SERVE_ARCHIVE)

# Captured web pages, two labelled sets in ../shared: body-text precision/recall/F1 on the 181
# pages of the article-extraction benchmark, and title, author and date on the labelled pages of
# trafilatura-eval-dev (one in three held out), each beside trafilatura alone.
bench-extraction: $(STAMP)
	$(BIN)/python -m bench.extraction

# Hostile sources through the per-document stages and `archive check` for SECONDS seconds (fresh
# randomness each run; `make test` runs a short deterministic round); prints a summary.
SECONDS ?= 600
fuzz: $(STAMP)
	$(BIN)/python -m bench.fuzz --seconds $(SECONDS)

ADDR ?= 127.0.0.1:8000
serve: $(STAMP)
	$(BIN)/archive serve --dev-addr $(ADDR)

check: $(STAMP)
	$(BIN)/archive check

review: $(STAMP)
	$(BIN)/archive review

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 or newer is needed"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

# The optional cluster extra (see the README, Running on a cluster): not part of `make site`.
cluster-extra: $(CLUSTER_STAMP)

$(CLUSTER_STAMP): requirements-cluster.txt $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-cluster.txt
	touch $(CLUSTER_STAMP)

# Browser-side and build-time files (world-atlas: the map's country outlines; axe-core for the
# accessibility tests), pinned in package-lock.json and installed from the npm registry.
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

clean:
	rm -rf site .site-spare build dist .pytest_cache test-artifacts
