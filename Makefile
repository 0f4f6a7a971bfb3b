# Two commands: `make run` and `make test`. Both create .venv and install what they need.
PYTHON ?= python3
PORT ?= 8501
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test lint bench clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/activate
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt $(VENV)/.runtime
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

run: $(VENV)/.runtime
	$(BIN)/streamlit run app.py --server.port $(PORT)

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# Every test twice: on SQLite (with coverage of analysis/, store/ and ui/), then with the app on a real
# PostgreSQL server the tests start themselves. The second pass keeps hypothesis at its quick profile: the
# property tests do not touch the database.
test: $(VENV)/.dev lint
	$(BIN)/python -m pytest --cov=analysis --cov=store --cov=ui --cov-report=term:skip-covered --cov-fail-under=94
	SSD_TEST_DATABASE=postgresql HYPOTHESIS_PROFILE=dev $(BIN)/python -m pytest -q

bench: $(VENV)/.dev
	$(BIN)/python -m benchmarks.run

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis screenshots
