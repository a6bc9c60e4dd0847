# dsim: `make demo` runs the main job, `make test` runs every test. Both work
# on a fresh Debian 12 machine: they install the Debian packages they miss,
# create .venv, build the C++ engine and the Python package, then run.
SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -ec
PYTHON ?= python3
VENV := .venv
VPY := $(VENV)/bin/python
STAMP := .stamp
JOBS ?= $(shell nproc)

export CCACHE_BASEDIR := $(CURDIR)
export CMAKE_BUILD_PARALLEL_LEVEL := $(JOBS)
# The shared data folder as an absolute path: ctest runs each test from the
# build folder, where a relative path (DSIM_SHARED_DATA=../shared/data) would
# name another place.
ifneq ($(strip $(DSIM_SHARED_DATA)),)
export DSIM_SHARED_DATA := $(abspath $(DSIM_SHARED_DATA))
endif

# Debian 12 packages (see DESIGN.md's dependency table).
DEBIAN_PACKAGES := \
  g++ make cmake ninja-build ccache pkg-config git \
  python3 python3-dev python3-venv \
  libboost-dev libboost-graph-dev libeigen3-dev libhdf5-dev libyaml-cpp-dev \
  libosmium2-dev libprotozero-dev zlib1g-dev libexpat1-dev libbz2-dev liblzma-dev \
  libcli11-dev librandom123-dev catch2 libzip-dev \
  coinor-libcbc-dev libgdal-dev \
  chromium chromium-driver

# Build requirements of pyproject.toml, installed into .venv so that pip can
# build without isolation and reuse the CMake build directory (build/py).
PY_BUILD_REQUIREMENTS := "scikit-build-core>=0.10" "pybind11>=2.12"

.PHONY: all demo test deps venv python test-cpp test-python test-asan \
        bench-build bench-kernel bench-routing bench-response bench-placement bench-flood bench-chemical bench-fire bench-logistics bench-batch bench-province clean \
        distclean help

all: python

help:
	@echo "make demo          build everything and run 'dsim demo'"
	@echo "make test          build everything and run the C++ (also under ASan) and Python tests"
	@echo "make bench-kernel  event-kernel benchmark against SimPy (not part of the tests)"
	@echo "make bench-routing routing benchmark against scipy, networkx and igraph"
	@echo "make bench-response response-simulation benchmark against a SimPy model"
	@echo "make bench-placement station placement (MCLP, LSCP) against spopt"
	@echo "make bench-flood    flood solver cell updates per second, 1 thread and all threads"
	@echo "make bench-chemical puff train over the region's road nodes against a numpy reference"
	@echo "make bench-fire     wildfire spread, 2,000 x 2,000 cells for 12 h, against scipy and Python references"
	@echo "make bench-logistics the flood-season week with and without its stockpiles and deliveries"
	@echo "make bench-batch  sweeps: overhead per work unit, Dask workers 1 and 2, one ds.run per point"
	@echo "make bench-province the default plan on a 2-million-node region with 500 stations: prepare time, memory, dsim place"
	@echo "make clean         remove build outputs (keeps .venv)"

deps:
	@tools/ensure-debian-packages.sh $(DEBIAN_PACKAGES)

$(STAMP)/venv: pyproject.toml
	@$(MAKE) --no-print-directory deps
	@test -x $(VPY) || $(PYTHON) -m venv $(VENV)
	$(VPY) -m pip install -q --upgrade pip
	$(VPY) -m pip install -q $(PY_BUILD_REQUIREMENTS)
	@mkdir -p $(STAMP) && touch $@

venv: $(STAMP)/venv

# Builds the engine, the `dsim` command (into .venv/bin) and the Python
# package in build/py; with TESTS=ON the C++ tests are built there too.
TESTS ?= OFF
python: deps venv
	@echo "Building dsim (C++ engine, CLI and Python package)..."
	$(VPY) -m pip install -q --no-build-isolation \
	  --config-settings=cmake.define.DSIM_BUILD_TESTS=$(TESTS) ".[test,cluster]"

demo: python
	$(VENV)/bin/dsim demo

test-cpp:
	ctest --test-dir build/py --output-on-failure -j $(JOBS)

test-python:
	$(VPY) -m pytest -q

test-asan:
	@test -f build/asan/CMakeCache.txt || cmake --preset asan
	cmake --build --preset asan
	ctest --preset asan -j $(JOBS)

test:
	@$(MAKE) --no-print-directory python TESTS=ON
	@$(MAKE) --no-print-directory test-cpp
	@$(MAKE) --no-print-directory test-python
	@$(MAKE) --no-print-directory test-asan

# Benchmarks build in build/bench (Release, with the bench programs) and need
# the peers from the `bench` extra (SimPy, scipy, networkx, python-igraph,
# spopt with PuLP, whose wheel ships the CBC binary).
bench-build: python
	$(VPY) -m pip install -q "simpy>=4" "scipy>=1.10" "networkx>=3" "igraph>=0.10"
	$(VPY) -m pip install -q "spopt>=0.6" "pulp>=2.7"
	@test -f build/bench/CMakeCache.txt || cmake -S . -B build/bench -G Ninja -DCMAKE_BUILD_TYPE=Release \
	  -DDSIM_BUILD_BENCH=ON -DDSIM_BUILD_TESTS=OFF
	cmake --build build/bench

bench-kernel: bench-build
	$(VPY) bench/kernel/bench_kernel.py

bench-routing: bench-build
	$(VPY) bench/routing/bench_routing.py
	$(VPY) bench/routing/bench_phast.py

bench-response: bench-build
	$(VPY) bench/response/bench_response.py

bench-placement: bench-build
	$(VPY) bench/placement/bench_placement.py

bench-flood: bench-build
	build/bench/bench/flood/flood_bench 1 $(JOBS)

# Pure Python over the installed package; the reference needs scipy (test extra).
bench-chemical: python
	$(VPY) bench/chemical/bench_puff_train.py

bench-fire: python
	$(VPY) bench/fire/bench_fire_spread.py

bench-logistics: bench-build
	build/bench/bench/logistics/dsim_bench_logistics scenarios/ordos_flood_season.yaml --replications 10 --repeats 5
	$(VPY) bench/logistics/bench_base_stock.py

bench-batch: python
	$(VPY) bench/batch/bench_batch.py

# The province-sized case (about 2 million nodes, 500 stations) through dsim run and dsim place.
bench-province: python
	$(VPY) bench/province/bench_province.py

clean:
	rm -rf build $(STAMP)

distclean: clean
	rm -rf $(VENV)
