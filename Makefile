# CareCap: `make demo` builds and runs the main example; `make test` installs what is missing,
# builds and runs every test. `make bench` runs the benchmarks (by hand, never in CI).
SWIFT ?= swift
SCENARIO ?= Scenarios/dehong-districts.yaml

.PHONY: setup build demo test bench clean

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

test: setup
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

bench: setup
	$(SWIFT) build -c release --product carecap
	@bash Benchmarks/run.sh

clean:
	rm -rf .build Results/*/
