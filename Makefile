# CareCap: `make demo` builds and runs the main example; `make test` installs what is missing,
# builds and runs every test. `make fuzz` and `make bench` run by hand, never in CI.
SWIFT ?= swift
SCENARIO ?= Scenarios/dehong-districts.yaml

.PHONY: setup build demo test fuzz bench clean

setup:
	@bash scripts/setup.sh

build: setup
	$(SWIFT) build -c release --product carecap

demo: build
	@mkdir -p Results
	@echo "== carecap check $(SCENARIO)"
	@.build/release/carecap check $(SCENARIO) ; status=$$?; \
	  if [ $$status -gt 1 ]; then exit $$status; fi
	@.build/release/carecap check $(SCENARIO) --format json > Results/dehong-districts-check.json.tmp || [ $$? -eq 1 ]
	@mv Results/dehong-districts-check.json.tmp Results/dehong-districts-check.json
	@.build/release/carecap check Scenarios/sanya-institutions.yaml --format markdown > Results/sanya-institutions-check.md.tmp || [ $$? -eq 1 ]
	@mv Results/sanya-institutions-check.md.tmp Results/sanya-institutions-check.md
	@echo "== wrote Results/dehong-districts-check.json and Results/sanya-institutions-check.md"
	@echo
	@echo "== carecap run Scenarios/dehong-2022-2035.yaml"
	@rm -rf Results/demo-dehong-2022-2035
	@.build/release/carecap run Scenarios/dehong-2022-2035.yaml --out Results/demo-dehong-2022-2035

# The tests write their scratch folders under TMPDIR (Foundation's temporaryDirectory): a fresh folder per
# run, removed afterwards, so that runs leave nothing behind in /tmp (many suites do not remove their own).
test: setup
	$(SWIFT) build --build-tests
	@scratch=$$(mktemp -d "$${TMPDIR:-/tmp}/carecap-tests.XXXXXX") && \
	  TMPDIR="$$scratch" $(SWIFT) test --skip-build; status=$$?; rm -rf "$$scratch"; exit $$status

# Mutated scenario, census and WPP files through the real binary for CARECAP_FUZZ_SECONDS (default 10
# minutes), from a new seed each time unless CARECAP_FUZZ_SEED is given; failing cases are kept on disk.
fuzz: setup
	$(SWIFT) build --build-tests
	CARECAP_FUZZ_SECONDS=$${CARECAP_FUZZ_SECONDS:-600} CARECAP_FUZZ_SEED=$${CARECAP_FUZZ_SEED:-$$(date +%s)} \
	  $(SWIFT) test --skip-build --filter FuzzTests

bench: setup
	$(SWIFT) build -c release --product carecap
	@bash Benchmarks/run.sh

clean:
	rm -rf .build Results/*/
