# mk/bench.mk -- `make bench`: the trainer's speed (a benchmark, never a test).
#
#   make bench                      the default build's flags (what students run)
#   CC=clang make bench             the same with clang (or BENCH_CC=clang)
#   make bench BENCH_FLAGS="-O2"    any flags you like, e.g. "-O3 -march=native
#                                   -ffp-contract=fast" to see what FMA
#                                   contraction would buy (it changes the bits)
#   make bench BENCH_EPOCHS=9       more timed epochs (default 5)
#   make bench BENCH_PEER=no        without the PyTorch comparison
#
# The benchmark measures the build students run: by default BENCH_FLAGS is
# the Makefile's TRAINER_OPTIMIZE, probed from the compiler (-O3 -march=native
# -ffp-contract=off, and -fno-tree-loop-distribute-patterns for gcc). It
# builds its own copy of the trainer library with those flags into
# $(BUILD)/bench/<compiler>/ and links tools/bench/ against it. The peak probe (peak.c) is the one file compiled
# with -ffp-contract=fast: it measures the core's ceiling, fused
# multiply-adds included, so "% of peak" is against what the hardware can
# do, not against what our flags allow. Everything runs pinned to one core
# when taskset exists (Linux).
#
# The PyTorch peer (tools/bench/peer.py) trains the same networks the same
# way in the same run, when a python3 that can `import torch` exists
# (Debian: apt-get install python3-torch); bench prints both and the ratio.

BENCH_CC     ?= $(CC)
BENCH_EPOCHS ?= 5
BENCH_CPU    ?= 0
BENCH_PEER   ?= yes
# The default build's flags, without -g (which changes no instruction); for
# another compiler (BENCH_CC=clang), the flags the default build would pick
# with it.
BENCH_FLAGS  ?= $(filter-out -g,$(if $(filter $(BENCH_CC),$(CC)),$(TRAINER_OPTIMIZE),\
                  $(call fastest_flags,$(BENCH_CC))))
BENCH_BUILD   = $(BUILD)/bench/$(notdir $(BENCH_CC))
BENCH_PIN     = $(if $(shell command -v taskset 2>/dev/null),taskset -c $(BENCH_CPU))
# The first python3 that has torch (a virtualenv's python3 often has not).
BENCH_PYTHON  = $(shell for py in python3 /usr/bin/python3; do \
                  $$py -c 'import torch' 2>/dev/null && { echo $$py; break; }; done)

.PHONY: bench
bench: ## trainer speed: s/epoch, GFLOP/s vs the core's peak, the CNN by layer, vs PyTorch
	@mkdir -p $(BENCH_BUILD)
	@# A library built with other flags is rebuilt: remember the flags.
	@echo '$(BENCH_CC) $(BENCH_FLAGS)' > $(BENCH_BUILD)/flags.new
	@cmp -s $(BENCH_BUILD)/flags.new $(BENCH_BUILD)/flags || rm -rf $(BENCH_BUILD)/trainer
	@mv $(BENCH_BUILD)/flags.new $(BENCH_BUILD)/flags
	@$(MAKE) --no-print-directory BUILD=$(BENCH_BUILD) CC=$(BENCH_CC) \
	  TRAINER_OPTIMIZE="$(BENCH_FLAGS)" $(BENCH_BUILD)/trainer/libdescent.a
	$(SAY) LINK $(BENCH_BUILD)/bench
	$(Q)$(BENCH_CC) $(STANDARD) $(WARNINGS) -Werror $(BENCH_FLAGS) -ffp-contract=fast \
	  -c tools/bench/peak.c -o $(BENCH_BUILD)/peak.o
	$(Q)$(BENCH_CC) $(STANDARD) $(WARNINGS) -Werror $(BENCH_FLAGS) $(INCLUDES) \
	  -DBENCH_FLAGS='"$(BENCH_FLAGS)"' tools/bench/bench.c tools/bench/layers.c \
	  $(BENCH_BUILD)/peak.o $(BENCH_BUILD)/trainer/libdescent.a $(LDLIBS) -o $(BENCH_BUILD)/bench
	@# The peer first (it takes about 15 s), into a file that bench reads.
	@if [ "$(BENCH_PEER)" != yes ]; then \
	  echo "skipped: BENCH_PEER=$(BENCH_PEER)" > $(BENCH_BUILD)/peer.txt; \
	elif [ -z "$(BENCH_PYTHON)" ]; then \
	  echo "skipped: no python3 can import torch (apt-get install python3-torch)" \
	    > $(BENCH_BUILD)/peer.txt; \
	else \
	  echo "PyTorch peer: $(BENCH_PIN) $(BENCH_PYTHON) tools/bench/peer.py data"; \
	  $(BENCH_PIN) $(BENCH_PYTHON) tools/bench/peer.py data > $(BENCH_BUILD)/peer.txt \
	    || echo "skipped: tools/bench/peer.py failed" > $(BENCH_BUILD)/peer.txt; \
	fi
	$(BENCH_PIN) $(BENCH_BUILD)/bench data $(BENCH_EPOCHS) $(BENCH_BUILD)/peer.txt
