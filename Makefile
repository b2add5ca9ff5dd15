# Springboard — make help lists the targets.
NPM ?= npm
NPX ?= npx
APT_GET ?= apt-get
SUDO ?= $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.DEFAULT_GOAL := help

.PHONY: help
help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  \033[1m%-12s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

.PHONY: deps
deps: node_modules/.package-lock.json ## Install npm packages, and redis-server and prometheus when they are missing
	@missing=""; \
	command -v redis-server >/dev/null 2>&1 || [ -n "$$REDIS_URL" ] || missing="$$missing redis-server"; \
	command -v prometheus >/dev/null 2>&1 || missing="$$missing prometheus"; \
	if [ -n "$$missing" ]; then \
	  echo "installing$$missing from the system packages"; \
	  $(SUDO) $(APT_GET) update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) $(APT_GET) install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

node_modules/.package-lock.json: package.json package-lock.json $(wildcard libs/*/package.json services/*/package.json)
	$(NPM) ci --no-audit --no-fund

.PHONY: generate
generate: deps ## Regenerate protobuf code from proto/ and lint the protos
	$(NPX) buf lint
	$(NPX) buf generate

.PHONY: build
build: deps ## Compile every library and service
	$(NPX) tsc -b

.PHONY: test
test: build ## Run every test: unit, integration and end to end (real processes, real Redis)
	$(NPX) mocha

.PHONY: test-unit
test-unit: build ## Run the tests that start no cluster
	$(NPX) mocha --grep @e2e --invert

.PHONY: lint
lint: deps ## Lint the protos and type-check everything
	$(NPX) buf lint
	$(NPX) tsc -b

.PHONY: up
up: build ## Start the local cluster and run a demo conversation (Ctrl-C stops it)
	$(NPX) springboard up --demo

.PHONY: down
down: ## Stop a cluster started by make up in another terminal
	@[ -f .springboard/up.pid ] && kill -TERM $$(cat .springboard/up.pid) 2>/dev/null && echo stopped || echo "no cluster is running"

.PHONY: load
load: build ## Load-test a running cluster: ghz per RPC, then springboard load for client-side TTFT/TBT
	-bash deploy/load/run.sh
	$(NPX) springboard load --duration 30s --concurrency 16

.PHONY: manifests
manifests: deps ## Regenerate deploy/kustomize/base from helm/springboard/values.yaml
	$(NPX) tsc -b deploy
	node deploy/dist/src/generate-base.js

.PHONY: images
images: ## Build one container image per service (needs a container engine)
	@for s in gateway router agent skill-registry retrieval generation member-graph llm-sim; do \
	  docker build --build-arg SERVICE=$$s -t springboard/$$s:$${TAG:-dev} . || exit 1; done

.PHONY: cluster-up
cluster-up: ## Deploy to the current Kubernetes context with Tilt (tilt ci is the one-shot smoke test)
	tilt up

.PHONY: bench
bench: build ## Run the benchmarks; each prints ratios against a baseline measured in the same run
	node libs/bench/dist/src/main.js

.PHONY: clean
clean: ## Remove build output
	$(NPX) tsc -b --clean
