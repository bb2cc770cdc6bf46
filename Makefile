# The two commands of README.md. Both install what they need (Debian 12,
# idempotent: apt-get only runs when a package is missing) and build.
#
#   make demo   build vigil and run the shipped exercises on a synthetic Internet
#   make test   build (Release and ASan+UBSan) and run every test
#
# Other targets: build, bench, fuzz, format, clean.

SHELL := /bin/bash
JOBS ?= 2
BUILD ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
VIGIL_DATA ?= $(abspath ../shared/data)
export VIGIL_DATA

PACKAGES := build-essential cmake ninja-build ccache clang libclang-rt-14-dev \
  libgtest-dev libbenchmark-dev libcli11-dev zlib1g-dev libbz2-dev libzstd-dev \
  liblzma-dev libyaml-cpp-dev libsimdjson-dev libssl-dev libsqlite3-dev libpq-dev postgresql \
  pkg-config bgpdump bzip2 gzip zstd xz-utils openssl python3

.PHONY: deps build demo test test-release test-asan bench fuzz format clean

deps:
	@missing=$$(for p in $(PACKAGES); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing: $$missing"; \
	  SUDO=$$( [ $$(id -u) -eq 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

$(BUILD)/build.ninja:
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release

build: deps $(BUILD)/build.ninja
	ninja -C $(BUILD) -j$(JOBS)

# The demo needs only the two programs (not the tests and benchmarks).
demo: deps $(BUILD)/build.ninja
	ninja -C $(BUILD) -j$(JOBS) vigil vigil-mrtgen
	@bash scripts/demo.sh $(BUILD)/apps/vigil/vigil

test-release: build
	cd $(BUILD) && ctest --output-on-failure -j$(JOBS)

$(ASAN_BUILD)/build.ninja:
	cmake -S . -B $(ASAN_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DVIGIL_SANITIZE=ON

test-asan: deps $(ASAN_BUILD)/build.ninja
	ninja -C $(ASAN_BUILD) -j$(JOBS)
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --output-on-failure -j$(JOBS)

test: test-release test-asan

bench: build
	bash bench/compare_bgpdump.sh $(BUILD)/apps/vigil/vigil
	$(BUILD)/bench/decode_bench
	$(BUILD)/bench/rib_state_bench --benchmark_filter='jinx|rrc06'
	$(BUILD)/bench/rib/trie_bench --benchmark_filter='BM_LongestMatch/|BM_Build/file_order$$|BM_FindExact'

$(FUZZ_BUILD)/build.ninja:
	CC=clang CXX=clang++ cmake -S . -B $(FUZZ_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DVIGIL_FUZZ=ON -DVIGIL_TESTS=OFF

fuzz: deps $(FUZZ_BUILD)/build.ninja
	ninja -C $(FUZZ_BUILD) -j$(JOBS)
	bash fuzz/run_all.sh $(FUZZ_BUILD) $${FUZZ_SECONDS:-60}

format:
	clang-format -i $$(git ls-files '*.cc' '*.h')

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)
