# The two commands of the README. Each installs what it needs into .venv first.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
# the generator: mkdocs (1.6.1), or properdocs, its maintained continuation: `make build SSG=properdocs` (README: Framework)
SSG    ?= mkdocs
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build test check clean browser nginx editor

$(BIN)/.installed: requirements.txt requirements-test.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-test.txt -e .
	touch $@

serve: $(BIN)/.installed   ## build the demo portal and serve it on http://127.0.0.1:8000
	$(BIN)/$(SSG) serve --strict -f mkdocs.yml -a 127.0.0.1:8000

build: $(BIN)/.installed   ## build the demo portal into site/
	$(BIN)/$(SSG) build --strict -f mkdocs.yml

check: $(BIN)/.installed   ## check the content only, no pages
	$(BIN)/python -m congkhai check

editor:   ## the web editor on this computer, for a folder of the portal: http://127.0.0.1:8001/quan-tri/ (README: "Web editor")
	@echo "Trang quản trị: http://127.0.0.1:8001/quan-tri/ (mở bằng Chrome, Edge hoặc Chromium; Ctrl+C để dừng)"
	$(PYTHON) -m http.server 8001 --bind 127.0.0.1 --directory docs

test: $(BIN)/.installed browser nginx   ## run the whole test suite (property tests: the thorough Hypothesis profile)
	CONGKHAI_HYPOTHESIS_PROFILE=thorough $(BIN)/python -m pytest

# $(call debian_package,PACKAGE,CHECK,WHO NEEDS IT): install a Debian package when CHECK fails (as root, with
# apt-get), else say how
define debian_package
	@$(2) >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing Debian's $(1) for $(3)"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(1) >/dev/null; \
	  else \
	    echo "$(1) is needed for $(3): run 'sudo apt-get install $(1)' (Debian, Ubuntu), then 'make test' again." >&2; \
	    exit 1; \
	  fi; }
endef

browser:   ## Debian's Chromium, for the tests that run pages in a real browser
	$(call debian_package,chromium,command -v chromium,the browser tests)

nginx:   ## Debian's nginx, for the test that serves the built site with deploy/nginx/congkhai.conf
	$(call debian_package,nginx,test -x /usr/sbin/nginx || command -v nginx,the deployment tests)

clean:
	rm -rf site $(VENV)
