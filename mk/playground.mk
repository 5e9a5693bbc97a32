# mk/playground.mk -- the browser playground (docs/playground/README.md).
#
#   make playground [IMPL=...]   IMPL's kernels in one offline page:
#                                $(BUILD)/playground/playground.html (IMPL=lessons,
#                                your code) or playground-IMPL.html (any other)
#
# The page runs the optimizer kernels of lessons 01 and 04-08, 11 and 12 and
# the schedules of lesson 09, compiled to WebAssembly with clang
# --target=wasm32 and wasm-ld (Debian clang and lld; no Emscripten, no
# network), with the trainer's surfaces, optimizer table and trajectory loop,
# so a path in the page is the path `descent trajectory` draws.

PLAYGROUND        := $(BUILD)/playground
PLAYGROUND_DIR    := docs/playground
PLAYGROUND_LESSONS := 01-gradient-descent 04-momentum 05-nesterov 06-adagrad 07-rmsprop \
                      08-adam 09-schedules 11-weight-decay 12-adam-variants
PLAYGROUND_IMPL   := $(subst /,_,$(patsubst %/,%,$(IMPL)))
PLAYGROUND_PAGE   := $(PLAYGROUND)/$(if $(filter lessons,$(PLAYGROUND_IMPL)),playground,playground-$(PLAYGROUND_IMPL)).html
PLAYGROUND_MODULE := $(IMPL_BUILD)/wasm/playground.wasm
PLAYGROUND_EDITION := $(if $(filter lessons,$(PLAYGROUND_IMPL)),your code (lessons/),$(if \
    $(filter solutions,$(PLAYGROUND_IMPL)),the reference solutions (solutions/),the code in $(patsubst %/,%,$(IMPL))/))

# -ffp-contract=off as everywhere in the course (the Makefile says why);
# -fno-builtin keeps pow, cos, ... calls to the imports of
# docs/playground/include/math.h; -nostdlibinc takes the C library's headers
# from docs/playground/include/ (clang's own stddef.h, stdint.h stay).
WASM_CC     ?= clang
WASM_LD     ?= wasm-ld
WASM_CFLAGS := --target=wasm32 $(STANDARD) $(WARNINGS) -O2 -ffp-contract=off -fno-builtin \
               -nostdlibinc -I$(PLAYGROUND_DIR)/include -I$(TRAINER)
WASM_TRAINER := surfaces optimizer trajectory error
WASM_OURS    := $(patsubst %,$(IMPL_BUILD)/wasm/trainer/%.o,$(WASM_TRAINER)) \
                $(IMPL_BUILD)/wasm/playground/libc.o $(IMPL_BUILD)/wasm/playground/playground.o
WASM_IMPL    := $(foreach l,$(PLAYGROUND_LESSONS),$(patsubst $(IMPL)/$(l)/%.c,$(IMPL_BUILD)/wasm/$(l)/%.o,\
                  $(filter-out %/experiment.c,$(wildcard $(IMPL)/$(l)/*.c))))

.PHONY: playground
playground: ## your kernels in a browser page (lessons 01, 04-09, 11, 12): make playground [IMPL=...]
	@tools/ensure-deps.sh wasm
	@$(MAKE) --no-print-directory $(PLAYGROUND_PAGE)
	@echo "playground: open $(PLAYGROUND_PAGE) in a browser (file://$(abspath $(PLAYGROUND_PAGE)))"
	@# In the student release, the handouts' embedded playground becomes yours too.
	@if [ '$(PLAYGROUND_IMPL)' = lessons ] && [ -f handouts/playground.html ]; then \
	  cp $(PLAYGROUND_PAGE) handouts/playground.html; \
	  echo "playground: the handouts in handouts/ now run your code too"; fi

$(PLAYGROUND_PAGE): $(PLAYGROUND_MODULE) $(PLAYGROUND_DIR)/page.html $(PLAYGROUND_DIR)/page.js \
                    $(PLAYGROUND_DIR)/build-page.sh
	$(SAY) PAGE $@
	$(Q)$(PLAYGROUND_DIR)/build-page.sh $(PLAYGROUND_MODULE) "$(PLAYGROUND_EDITION)" $@

# Unused functions are dropped (wasm-ld's default --gc-sections): what is
# left is what the page can call.
$(PLAYGROUND_MODULE): $(WASM_OURS) $(WASM_IMPL)
	$(SAY) WASM $@
	$(Q)$(WASM_LD) --no-entry --strip-all -o $@ $^

$(IMPL_BUILD)/wasm/trainer/%.o: $(TRAINER)/%.c
	@mkdir -p $(@D)
	$(SAY) WASM $<
	$(Q)$(WASM_CC) $(WASM_CFLAGS) -Werror $(DEPFLAGS) -c $< -o $@

$(IMPL_BUILD)/wasm/playground/%.o: $(PLAYGROUND_DIR)/%.c
	@mkdir -p $(@D)
	$(SAY) WASM $<
	$(Q)$(WASM_CC) $(WASM_CFLAGS) -Werror $(DEPFLAGS) -c $< -o $@

# The implementation's files: -Werror for the solutions, as in the native build.
define PLAYGROUND_LESSON_RULE
$(IMPL_BUILD)/wasm/$(1)/%.o: $(IMPL)/$(1)/%.c
	@mkdir -p $$(@D)
	$$(SAY) WASM $$<
	$$(Q)$$(WASM_CC) $$(WASM_CFLAGS) $$(if $$(filter solutions,$(IMPL)),-Werror) $$(IMPL_CFLAGS) \
	    $$(DEPFLAGS) -c $$< -o $$@
endef
$(foreach l,$(PLAYGROUND_LESSONS),$(eval $(call PLAYGROUND_LESSON_RULE,$(l))))

# The handout site embeds the playground where a lesson's trajectory figures
# stand (docs/include-code.lua): the student edition runs the skeletons
# (IMPL=lessons: "not implemented yet" until the student builds their own
# page), the instructor edition the reference solutions. A page is copied
# beside its edition's lessons; an order-only prerequisite, since a handout
# only links to it.
ifdef HANDOUTS
$(HANDOUTS)/student/playground.html: FORCE
	@tools/ensure-deps.sh wasm
	@$(MAKE) --no-print-directory IMPL=lessons $(PLAYGROUND)/playground.html
	@mkdir -p $(@D) && cp $(PLAYGROUND)/playground.html $@
$(HANDOUTS)/instructor/playground.html: FORCE
	@tools/ensure-deps.sh wasm
	@$(MAKE) --no-print-directory IMPL=solutions $(PLAYGROUND)/playground-solutions.html
	@mkdir -p $(@D) && cp $(PLAYGROUND)/playground-solutions.html $@
$(foreach e,$(HANDOUT_EDITIONS),$(eval $(filter $(HANDOUTS)/$(e)/%,$(HANDOUT_HTML)): | $(HANDOUTS)/$(e)/playground.html))
endif
