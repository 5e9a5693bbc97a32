# mk/handouts.mk -- the lecture handouts (DESIGN.md section 6; docs/).
#
#   make handouts-html  both editions of every lesson as self-contained HTML
#   make handouts-pdf   the same as PDF (pdflatex)
#   make handouts       both, the course index, and the student-edition check
#
# Output: $(BUILD)/handouts/{student,instructor}/NN-name.{html,pdf} and
# $(BUILD)/handouts/index.html, from the lesson texts docs/lessons/NN-name.md
# and the committed figures lessons/NN-name/figures/ (mk/lessons.mk: `make
# figures` redraws them). A handout is rebuilt only when its text, the code it
# shows, a figure or the tools changed. Needs pandoc; the PDFs also need
# pdflatex (texlive-latex-recommended, -fonts-recommended, -latex-extra,
# lmodern) and rsvg-convert (librsvg2-bin); the student-edition check uses
# pdftotext (poppler-utils).

HANDOUTS := $(BUILD)/handouts
HANDOUT_EDITIONS := student instructor
HANDOUT_LESSONS := $(patsubst docs/lessons/%.md,%,$(wildcard docs/lessons/[0-9][0-9]-*.md))
HANDOUT_SKIPPED := $(filter-out $(HANDOUT_LESSONS),$(LESSON_NAMES))
HANDOUT_TOOLS := docs/include-code.lua docs/build-handout.sh docs/handout.css \
                 docs/handout-preamble.tex docs/instructor-head.html mk/handouts.mk
HANDOUT_HTML := $(foreach e,$(HANDOUT_EDITIONS),$(foreach l,$(HANDOUT_LESSONS),$(HANDOUTS)/$(e)/$(l).html))
HANDOUT_PDF  := $(foreach e,$(HANDOUT_EDITIONS),$(foreach l,$(HANDOUT_LESSONS),$(HANDOUTS)/$(e)/$(l).pdf))

.PHONY: handouts handouts-html handouts-pdf handouts-files handouts-note handouts-site

handouts: ## every lesson's handouts, both editions, HTML and PDF, and the course index
	@$(MAKE) --no-print-directory handouts-files HANDOUT_FILES="$(HANDOUT_HTML) $(HANDOUT_PDF)"
	@docs/check-student-edition.sh $(HANDOUTS)
	@echo "handouts: open $(HANDOUTS)/index.html"

handouts-html: ## the HTML handouts only (self-contained, offline), both editions, and the index
	@$(MAKE) --no-print-directory handouts-files HANDOUT_FILES="$(HANDOUT_HTML)"
	@docs/check-student-edition.sh $(HANDOUTS)

handouts-pdf: ## the PDF handouts only, both editions, and the index
	@$(MAKE) --no-print-directory handouts-files HANDOUT_FILES="$(HANDOUT_PDF)"
	@docs/check-student-edition.sh $(HANDOUTS)

# The student edition's HTML site alone (what `make dist` ships).
handouts-site:
	@$(MAKE) --no-print-directory handouts-files \
	    HANDOUT_FILES="$(foreach l,$(HANDOUT_LESSONS),$(HANDOUTS)/student/$(l).html)"

handouts-files: handouts-note $(HANDOUT_FILES) $(HANDOUTS)/index.html
	@docs/check-regions.sh $(HANDOUT_LESSONS)

handouts-note:
	@for lesson in $(HANDOUT_SKIPPED); do \
	  echo "  note: lessons/$$lesson has no text (docs/lessons/$$lesson.md) yet: no handout for it"; done

$(HANDOUTS)/index.html: docs/make-index.sh docs/handout.css docs/toc-only.html \
                        $(foreach l,$(HANDOUT_LESSONS),docs/lessons/$(l).md) $(HANDOUT_FILES)
	$(SAY) HTML $@
	$(Q)docs/make-index.sh $(HANDOUTS) $(HANDOUT_LESSONS)

# One lesson's handouts: $(1) is its folder name. They depend on the lesson
# text, the code it may show and the figures it may embed.
define HANDOUT_RULES
$(1)_HANDOUT_INPUTS := docs/lessons/$(1).md $(HANDOUT_TOOLS) \
  $$(wildcard lessons/*/*.[ch] solutions/*/*.[ch] lessons/*/figures/*.svg)

$(HANDOUTS)/%/$(1).html: $$($(1)_HANDOUT_INPUTS)
	$$(SAY) HTML $$@
	$$(Q)docs/build-handout.sh $$* html docs/lessons/$(1).md $$@

$(HANDOUTS)/%/$(1).pdf: $$($(1)_HANDOUT_INPUTS)
	$$(SAY) PDF $$@
	$$(Q)docs/build-handout.sh $$* pdf docs/lessons/$(1).md $$@
endef
$(foreach lesson,$(HANDOUT_LESSONS),$(eval $(call HANDOUT_RULES,$(lesson))))
