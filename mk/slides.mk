# mk/slides.mk -- lecture slides, one deck per lesson (DESIGN.md section 6).
#
#   make slides        every lesson's deck, both editions, Beamer PDF and HTML
#   make slides-html   the HTML decks only (self-contained dzslides, offline)
#
# Output: $(BUILD)/slides/{student,instructor}/NN-name.{pdf,html}, from the
# same texts and committed figures as the handouts (docs/build-slides.sh,
# docs/slides.lua): the objectives, the key formulas, the figures, the code
# students write (the solution in the instructor edition) and the checklist.

SLIDES := $(BUILD)/slides
SLIDE_TOOLS := docs/include-code.lua docs/slides.lua docs/build-slides.sh docs/slides-preamble.tex \
               docs/slides-head.html mk/slides.mk
SLIDE_HTML := $(foreach e,$(HANDOUT_EDITIONS),$(foreach l,$(HANDOUT_LESSONS),$(SLIDES)/$(e)/$(l).html))
SLIDE_PDF  := $(foreach e,$(HANDOUT_EDITIONS),$(foreach l,$(HANDOUT_LESSONS),$(SLIDES)/$(e)/$(l).pdf))

.PHONY: slides slides-html

slides: ## lecture slides: a deck per lesson, both editions, PDF (Beamer) and HTML
slides: $(SLIDE_HTML) $(SLIDE_PDF)
	@echo "slides: $(SLIDES)/{student,instructor}/NN-name.{pdf,html}"

slides-html: $(SLIDE_HTML)

define SLIDE_RULES
$(SLIDES)/%/$(1).html: $$($(1)_HANDOUT_INPUTS) $(SLIDE_TOOLS)
	$$(SAY) SLIDES $$@
	$$(Q)docs/build-slides.sh $$* html docs/lessons/$(1).md $$@

$(SLIDES)/%/$(1).pdf: $$($(1)_HANDOUT_INPUTS) $(SLIDE_TOOLS)
	$$(SAY) SLIDES $$@
	$$(Q)docs/build-slides.sh $$* pdf docs/lessons/$(1).md $$@
endef
$(foreach lesson,$(HANDOUT_LESSONS),$(eval $(call SLIDE_RULES,$(lesson))))
