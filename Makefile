# The quick start: `make run` and `make test` on a fresh Debian 12 machine.
# Everything of substance lives in ci/ so that CI and people run the same steps.
.PHONY: deps build run test bench fuzz clean package appliance-test image-deps image image-test

deps:
	@bash ci/install-deps

build: deps
	@bash ci/build release

# Only the daemon and its CLI: a first `make run` need not wait for every test binary.
run: deps
	@bash ci/build release provd provctl
	@bash ci/run-provd

test: deps
	@bash ci/test

bench: build
	@bash ci/bench

fuzz: deps
	@bash ci/fuzz $(or $(SECONDS),60)

# Debian packages (build/release/provd_*.deb) and their slow install/upgrade/purge test in a
# fresh mmdebstrap root (root, network to the Debian mirror; see README "Appliance").
package: deps
	@bash ci/package

appliance-test: deps
	@bash ci/build debug store_writer
	@bash tests/system/appliance/test_appliance_packages

# The turnkey image (build/image/provd-appliance.raw and .qcow2; README "Appliance"). Its own
# package list (emulator, firmware, mtools...) so that `make test` and CI never install them.
image-deps: deps
	@bash ci/install-image-deps

image: image-deps
	@bash appliance/build-image

# Slow, not part of `make test`: provd.service under a real systemd (systemd-nspawn on the
# image's tree), then the image booted in qemu serving a test phone (DHCP, TFTP, HTTP, HTTPS).
image-test: image
	@bash tests/system/appliance/test_unit_nspawn
	@bash tests/system/appliance/test_image_boot

clean:
	rm -rf build
