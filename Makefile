# Two entry points for a fresh machine (see README):
#   make demo  — set everything up and run the main job on the demo content
#   make test  — set everything up and run the whole test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PYTEST_WORKERS ?= 2

.PHONY: demo test setup system-packages-product system-packages-test lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The Python package and its test tools (pinned ranges in pyproject.toml).
setup: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'

# Debian packages. The product needs LibreOffice Writer with the Liberation fonts (the written
# report's PDF). The tests also drive for real: chromium (browser tests), nginx (publish tests),
# ffmpeg (only for ffprobe in assertions; the product uses the imageio-ffmpeg binary),
# poppler-utils (pdftotext, to read the report's PDF back) and openssl (the self-signed certificate
# of the nginx-in-front-of-the-studio test, made by the command deploy/README.md documents).
PRODUCT_PACKAGES := libreoffice-writer-nogui fonts-liberation2
TEST_PACKAGES := $(PRODUCT_PACKAGES) chromium nginx ffmpeg poppler-utils openssl

system-packages-product system-packages-test:
	@missing=""; \
	for pkg in $(PACKAGES); do \
	  dpkg -s $$pkg >/dev/null 2>&1 || missing="$$missing $$pkg"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	  else \
	    echo "Cần cài các gói Debian:$$missing (chạy: sudo apt-get install$$missing)"; exit 2; \
	  fi; \
	fi

system-packages-product: PACKAGES = $(PRODUCT_PACKAGES)
system-packages-test: PACKAGES = $(TEST_PACKAGES)

demo: setup system-packages-product
	$(BIN)/baocao check
	$(BIN)/baocao video 2021-h1 --size 1280x720
	$(BIN)/baocao build
	$(BIN)/baocao report 2021-h1
	@echo "Trang web: site/index.html · Video: dist/2021-h1.mp4 · Báo cáo: dist/2021-h1.docx, dist/2021-h1.pdf"

# Browser test tools from package-lock.json (the axe-core accessibility engine).
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --silent

test: setup system-packages-test node_modules/.package-lock.json
	$(BIN)/ruff check generator tests bench scripts
	$(BIN)/mypy generator
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist worksteal -q

lint: setup
	$(BIN)/ruff check generator tests bench scripts
	$(BIN)/ruff format --check generator tests bench scripts

clean:
	rm -rf site dist .cache
