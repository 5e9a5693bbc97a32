# mk/handouts.mk -- the lecture handouts (DESIGN.md section 6; docs/).
#
#   make figures        run every lesson's experiment with the solutions (SVGs)
#   make handouts-html  both editions of every lesson as self-contained HTML
#   make handouts-pdf   the same as PDF (pdflatex)
#   make handouts       both, the course index, and the student-edition check
#
# Output: $(BUILD)/handouts/{student,instructor}/NN-name.{html,pdf} and
# $(BUILD)/handouts/index.html. A lesson folder without README.md yet is
# skipped with a note. Needs pandoc; the PDFs also need pdflatex
# (texlive-latex-recommended, -fonts-recommended, -latex-extra, lmodern) and
# rsvg-convert (librsvg2-bin); the student-edition check uses pdftotext
# (poppler-utils).

HANDOUTS := $(BUILD)/handouts
HANDOUT_EDITIONS := student instructor
HANDOUT_LESSONS := $(patsubst lessons/%/README.md,%,$(wildcard lessons/[0-9][0-9]-*/README.md))
HANDOUT_SKIPPED := $(filter-out $(HANDOUT_LESSONS),$(LESSON_NAMES))
HANDOUT_FIGURE_LESSONS := $(filter $(HANDOUT_LESSONS),$(EXPERIMENT_LESSONS))
HANDOUT_TOOLS := docs/include-code.lua docs/build-handout.sh docs/handout.css \
                 docs/handout-preamble.tex docs/instructor-head.html mk/handouts.mk
HANDOUT_HTML := $(foreach e,$(HANDOUT_EDITIONS),$(foreach l,$(HANDOUT_LESSONS),$(HANDOUTS)/$(e)/$(l).html))
HANDOUT_PDF  := $(foreach e,$(HANDOUT_EDITIONS),$(foreach l,$(HANDOUT_LESSONS),$(HANDOUTS)/$(e)/$(l).pdf))

.PHONY: figures handouts handouts-html handouts-pdf handouts-files handouts-note

figures: ## run every lesson's experiment with the solutions: the SVG figures of the handouts
figures: $(foreach l,$(HANDOUT_FIGURE_LESSONS),figures-$(l))

# One experiment; with make -j they run side by side. (Not .PHONY: make
# skips pattern rules for phony targets; no file figures-* ever exists.)
figures-%:
	@mkdir -p $(BUILD)/figures
	@printf '  %-4s %s\n' FIG $(BUILD)/figures/$*
	@$(MAKE) --no-print-directory run LESSON=$(firstword $(subst -, ,$*)) IMPL=solutions \
	    > $(BUILD)/figures/$*.log 2>&1 || { cat $(BUILD)/figures/$*.log; \
	    echo "make figures: the experiment of $* failed (log: $(BUILD)/figures/$*.log)"; exit 1; }

handouts: ## every lesson's handouts, both editions, HTML and PDF, and the course index
	@$(MAKE) --no-print-directory figures
	@$(MAKE) --no-print-directory handouts-files HANDOUT_FILES="$(HANDOUT_HTML) $(HANDOUT_PDF)"
	@docs/check-student-edition.sh $(HANDOUTS)
	@echo "handouts: open $(HANDOUTS)/index.html"

handouts-html: ## the HTML handouts only (self-contained, offline), both editions, and the index
	@$(MAKE) --no-print-directory figures
	@$(MAKE) --no-print-directory handouts-files HANDOUT_FILES="$(HANDOUT_HTML)"
	@docs/check-student-edition.sh $(HANDOUTS)

handouts-pdf: ## the PDF handouts only, both editions, and the index
	@$(MAKE) --no-print-directory figures
	@$(MAKE) --no-print-directory handouts-files HANDOUT_FILES="$(HANDOUT_PDF)"
	@docs/check-student-edition.sh $(HANDOUTS)

# Runs after `make figures`, so the figures' wildcards below see the SVGs.
handouts-files: handouts-note $(HANDOUT_FILES) $(HANDOUTS)/index.html
	@docs/check-regions.sh $(HANDOUT_LESSONS)

handouts-note:
	@for lesson in $(HANDOUT_SKIPPED); do \
	  echo "  note: lessons/$$lesson has no README.md yet: no handout for it"; done

$(HANDOUTS)/index.html: docs/make-index.sh docs/handout.css $(foreach l,$(HANDOUT_LESSONS),lessons/$(l)/README.md)
	$(SAY) HTML $@
	$(Q)docs/make-index.sh $(HANDOUTS) $(HANDOUT_LESSONS)

# One lesson's handouts: $(1) is its folder name. They depend on the lesson
# text, the code it may show and the figures it may embed.
define HANDOUT_RULES
$(1)_HANDOUT_INPUTS := lessons/$(1)/README.md $(HANDOUT_TOOLS) \
  $$(wildcard lessons/$(1)/*.[ch] solutions/$(1)/*.[ch] $(TRAINER)/*.[ch] $(BUILD)/figures/$(1)/*.svg)

$(HANDOUTS)/%/$(1).html: $$($(1)_HANDOUT_INPUTS)
	$$(SAY) HTML $$@
	$$(Q)docs/build-handout.sh $$* html lessons/$(1)/README.md $$@ $(BUILD)/figures

$(HANDOUTS)/%/$(1).pdf: $$($(1)_HANDOUT_INPUTS)
	$$(SAY) PDF $$@
	$$(Q)docs/build-handout.sh $$* pdf lessons/$(1)/README.md $$@ $(BUILD)/figures
endef
$(foreach lesson,$(HANDOUT_LESSONS),$(eval $(call HANDOUT_RULES,$(lesson))))
