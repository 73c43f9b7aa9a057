# The quick start: `make run` and `make test` on a fresh Debian 12 machine.
# Everything of substance lives in ci/ so that CI and people run the same steps.
.PHONY: deps build run test bench fuzz clean

deps:
	@bash ci/install-deps

build: deps
	@bash ci/build release

run: build
	@bash ci/run-provd

test: deps
	@bash ci/test

bench: build
	@bash ci/bench

fuzz: deps
	@bash ci/fuzz $(or $(SECONDS),60)

clean:
	rm -rf build
