# mk/lessons.mk -- the lesson texts students open, and their figures
# (DESIGN.md section 6).
#
#   make readmes   render every docs/lessons/NN-name.md into lessons/NN-name/README.md
#   make figures   run every experiment with the solutions and commit what it draws
#                  into lessons/NN-name/figures/
#
# One source per lesson, docs/lessons/NN-name.md, is what the handouts are
# built from; lessons/NN-name/README.md is its student edition in plain
# Markdown, with the code in its listings and the figures beside it, so that
# a Git host, an editor's preview or the release shows a whole lesson. Both
# are committed; `make check` fails when either is stale
# (tools/checks/lesson-texts.sh).
#
# Figures are incremental: an experiment re-runs only when its program (its
# sources, the trainer, the solutions) or the data changed, and a committed
# figure is rewritten only when its bytes change. Figures whose data are
# measured times or racing threads come from a reference run instead, named
# in the lesson's figures/reference-run.txt: `make figures` leaves them alone,
# and `make figures REFERENCE_RUN=1` measures and redraws them here.

LESSON_TEXTS := $(wildcard docs/lessons/[0-9][0-9]-*.md)
RENDERED_LESSONS := $(patsubst docs/lessons/%.md,lessons/%/README.md,$(LESSON_TEXTS))
FIGURE_LESSONS := $(filter $(patsubst docs/lessons/%.md,%,$(LESSON_TEXTS)),$(EXPERIMENT_LESSONS))
REFERENCE_RUN ?= 0

.PHONY: readmes figures figure-runs

readmes: ## render the lesson texts (docs/lessons/) into lessons/NN-name/README.md
readmes: $(RENDERED_LESSONS)

# A text depends on every file it may show (any lesson's code) and on the
# figures it embeds. (No source, as in the student release: nothing to do.)
lessons/%/README.md: docs/lessons/%.md docs/include-code.lua docs/render-lesson.sh \
                     $(wildcard lessons/*/*.[ch]) $(wildcard lessons/*/figures/*.svg)
	$(SAY) MD $@
	$(Q)docs/render-lesson.sh $< $@

figures: ## run every experiment with the solutions; commit changed figures to lessons/NN-name/figures/
	@$(MAKE) --no-print-directory IMPL=solutions figure-runs

# The figures' own folders: build/figures/NN-name/ as `make run` writes them,
# with a stamp that is newer than the experiment's program once it has run.
figure-runs: $(foreach l,$(FIGURE_LESSONS),$(BUILD)/figures/$(l).stamp)

$(BUILD)/figures/%.stamp: $(IMPL_BUILD)/experiments/% $(wildcard data/*-ubyte)
	@mkdir -p $(BUILD)/figures/$*
	$(SAY) FIG $(BUILD)/figures/$*
	$(Q)env -u DESCENT_QUICK $(IMPL_BUILD)/experiments/$* $(BUILD)/figures/$* \
	    > $(BUILD)/figures/$*.log 2>&1 || { cat $(BUILD)/figures/$*.log; \
	    echo "make figures: the experiment of $* failed (log: $(BUILD)/figures/$*.log)"; exit 1; }
	$(Q)tools/commit-figures.sh $* $(BUILD)/figures/$* $(REFERENCE_RUN) $(BUILD)/figures/$*.log
	@touch $@
