# mk/bench.mk -- `make bench`: the trainer's speed (a benchmark, never a test).
#
#   make bench                      gcc (or $(CC)), fastest flags it accepts
#   CC=clang make bench             the same with clang (or BENCH_CC=clang)
#   make bench BENCH_FLAGS="-O2"    any flags you like
#   make bench BENCH_EPOCHS=9       more timed epochs (default 5)
#
# The default build stays portable (-O2 -g, no machine-specific code). The
# benchmark builds its own copy of the trainer library, with
# "-O3 -march=native -ffp-contract=fast" when the compiler accepts them
# (found by compiling an empty program), else -O3, into
# $(BUILD)/bench/<compiler>/, and links tools/bench/ against it. The peak
# probe is compiled with the same flags, so "% of peak" compares like with
# like. It runs pinned to one core when taskset exists (Linux).

BENCH_CC     ?= $(CC)
BENCH_EPOCHS ?= 5
BENCH_CPU    ?= 0
BENCH_NATIVE := -O3 -march=native -ffp-contract=fast
# Recursive (=) so the test compile only happens when bench runs.
BENCH_FLAGS  ?= $(shell echo 'int main(void) { return 0; }' | \
                  $(BENCH_CC) $(BENCH_NATIVE) -x c - -o /dev/null 2>/dev/null \
                  && echo '$(BENCH_NATIVE)' || echo '-O3')
BENCH_BUILD   = $(BUILD)/bench/$(notdir $(BENCH_CC))
BENCH_PIN     = $(if $(shell command -v taskset 2>/dev/null),taskset -c $(BENCH_CPU))

.PHONY: bench
bench: ## trainer speed: s/epoch, samples/s, GFLOP/s vs the core's peak
	@mkdir -p $(BENCH_BUILD)
	@# A library built with other flags is rebuilt: remember the flags.
	@echo '$(BENCH_CC) $(BENCH_FLAGS)' > $(BENCH_BUILD)/flags.new
	@cmp -s $(BENCH_BUILD)/flags.new $(BENCH_BUILD)/flags || rm -rf $(BENCH_BUILD)/trainer
	@mv $(BENCH_BUILD)/flags.new $(BENCH_BUILD)/flags
	@$(MAKE) --no-print-directory BUILD=$(BENCH_BUILD) CC=$(BENCH_CC) \
	  OPTIMIZE="$(BENCH_FLAGS)" $(BENCH_BUILD)/trainer/libdescent.a
	$(SAY) LINK $(BENCH_BUILD)/bench
	$(Q)$(BENCH_CC) $(STANDARD) $(WARNINGS) -Werror $(BENCH_FLAGS) $(INCLUDES) \
	  -DBENCH_FLAGS='"$(BENCH_FLAGS)"' tools/bench/bench.c tools/bench/peak.c \
	  $(BENCH_BUILD)/trainer/libdescent.a $(LDLIBS) -o $(BENCH_BUILD)/bench
	$(BENCH_PIN) $(BENCH_BUILD)/bench data $(BENCH_EPOCHS)
