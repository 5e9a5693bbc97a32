# workflow.mk -- running a class with the course (included by the Makefile).
#
# For instructors:  make dist, make grade SUBMISSIONS=DIR, make gradescope LESSON=N
# For students:     make status, make watch LESSON=N, make test LESSON=N SAN=1
# docs/INSTRUCTORS.md explains the instructor side; the release's README the
# student side. The scripts behind the targets are in tools/.

SUBMISSIONS ?=
ROSTER      ?=
GRADES      ?= $(BUILD)/grades
JOBS        ?= $(shell nproc 2>/dev/null || echo 2)
SAN         ?=

# The scripts run make again for each lesson or submission; they get the
# compiler and the build folder from here, and nothing else from this make.
WORKFLOW_ENV = BUILD='$(BUILD)' CC='$(CC)' IMPL='$(IMPL)' SEED='$(SEED)'

# ---- SAN=1: the tests under AddressSanitizer and UndefinedBehaviorSanitizer ----
# Every object (trainer, harness, tests, the student's files) is compiled and
# linked with the sanitizers; the harness (-DHARNESS_SAN) then turns a report
# in a test's process into that test's verdict, in plain words.
SAN_FLAGS := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
             -fno-sanitize=object-size -fno-sanitize-recover=all -DHARNESS_SAN
ifeq ($(SAN),1)
  override CC := $(filter-out $(SAN_FLAGS),$(CC)) $(SAN_FLAGS)
endif

# Objects built with and without the sanitizers must not be linked together:
# when SAN changes between two runs in one BUILD folder, the compiled objects
# are removed (results and figures stay) and everything is compiled afresh.
# A build folder never used with SAN=1 is left alone.
WORKFLOW_FLAVOUR_FILE := $(BUILD)/.sanitizers
WORKFLOW_FLAVOUR_WAS  := $(if $(wildcard $(WORKFLOW_FLAVOUR_FILE)),san,plain)
WORKFLOW_FLAVOUR_IS   := $(if $(filter 1,$(SAN)),san,plain)
ifneq ($(WORKFLOW_FLAVOUR_WAS),$(WORKFLOW_FLAVOUR_IS))
  $(shell rm -rf $(BUILD)/trainer $(BUILD)/harness $(BUILD)/tests $(BUILD)/impl \
          $(BUILD)/experiments)
  ifeq ($(WORKFLOW_FLAVOUR_IS),san)
    $(shell mkdir -p $(BUILD) && echo 'objects here are built with SAN=1' > $(WORKFLOW_FLAVOUR_FILE))
  else
    $(shell rm -f $(WORKFLOW_FLAVOUR_FILE))
  endif
endif

.PHONY: dist grade gradescope status watch test-table hint

# The instructor's targets need the course repository (solutions, hidden
# tests, the scripts); in the student release they say so and stop.
INSTRUCTOR_ONLY = @[ -x tools/$(1).sh ] || { echo "make $@ is for instructors, in the course \
repository; here, use make test, make status and make watch."; exit 2; }

# ---- For instructors ----------------------------------------------------------------
dist: ## the student release for a class: build/dist/descent/ and descent.tar.gz
	$(call INSTRUCTOR_ONLY,dist)
	@if command -v pandoc > /dev/null; then $(MAKE) --no-print-directory handouts-site; \
	 else echo "make dist: pandoc is not installed: the release has no handout site"; fi
	@$(WORKFLOW_ENV) DIST_COMMIT='$(DIST_COMMIT)' tools/dist.sh '$(BUILD)/dist'

grade: ## grade a folder of submissions: make grade SUBMISSIONS=DIR [LESSON=N] [SEED=S] [ROSTER=CSV]
	$(call INSTRUCTOR_ONLY,grade)
	@if [ -z '$(SUBMISSIONS)' ]; then \
	  echo "make grade needs a folder of submissions: make grade SUBMISSIONS=DIR [LESSON=N]"; \
	  exit 2; fi
	@$(WORKFLOW_ENV) GRADES='$(GRADES)' JOBS='$(JOBS)' ROSTER='$(ROSTER)' \
	  tools/grade.sh '$(SUBMISSIONS)' '$(if $(LESSON),$(if $(NAME),$(NAME),$(LESSON)))'

gradescope: ## Gradescope's autograder zip for a lesson: make gradescope LESSON=N
	$(call INSTRUCTOR_ONLY,gradescope)
	@if [ -z '$(NAME)' ]; then echo "make gradescope needs a lesson: make gradescope LESSON=N"; \
	  exit 2; fi
	@$(WORKFLOW_ENV) tools/gradescope.sh '$(NAME)' '$(BUILD)/gradescope'

# The test table of one lesson (name, points, public or hidden), from its
# judge; the grading scripts use it to know a lesson's tests without
# running them.
# It also builds everything of the lesson that does not depend on IMPL, so
# that submissions graded side by side never build a shared object at once.
test-table: deps
	@$(MAKE) --no-print-directory $(SHARED_BUILD)/tests/$(NAME)/judge $(RUNNER_MAIN) \
	  $(SHARED_BUILD)/tests/$(NAME)/calls-runner.o $(TRAINER_LIB)
	@$(SHARED_BUILD)/tests/$(NAME)/judge --list

# ---- For students ---------------------------------------------------------------------
status: ## your progress: every lesson passed, failing, with questions left or not started; what is next
	@$(WORKFLOW_ENV) tools/status.sh

hint: ## a hint for your first unfinished function: make hint LESSON=N [LEVEL=k] [FUNCTION=f]
	@if [ -z '$(NAME)' ]; then echo "make hint needs a lesson: make hint LESSON=N"; exit 2; fi
	@BUILD='$(BUILD)' tools/hint.sh '$(NAME)' '$(patsubst %/,%,$(IMPL))' '$(LEVEL)' '$(FUNCTION)'

watch: ## re-run a lesson's tests whenever you save its file: make watch LESSON=N
	@if [ -z '$(NAME)' ]; then echo "make watch needs a lesson: make watch LESSON=N"; \
	  exit 2; fi
	@$(WORKFLOW_ENV) tools/watch.sh '$(NAME)'
