# Descent -- every entry point of the course. `make help` lists them.
#
#   make test LESSON=1              test your lesson 01 (lessons/01-*/)
#   make test LESSON=1 IMPL=solutions   the same tests on the reference code
#   make run LESSON=1               run lesson 01's experiment, write its figures
#   make check                      the repository's own checks (what CI runs)
#
# Variables:
#   LESSON  a lesson number, 1 or 01
#   IMPL    which implementation to link: lessons (your files, the default),
#           solutions, or any folder laid out like lessons/ (a submission)
#   SEED    replay randomized tests exactly
#   CC      the C compiler (gcc and clang both work)
#   BUILD   where everything generated goes (default build/)

IMPL    ?= lessons
BUILD   ?= build

# The student release has no solutions/: say so plainly, rather than fail
# later with a linker error about functions that are nowhere.
ifeq ($(patsubst %/,%,$(IMPL)),solutions)
ifeq ($(wildcard solutions/),)
$(info IMPL=solutions: the reference solutions are not part of the student release.)
$(info Test and run your own files: leave IMPL out (IMPL=lessons, the default).)
$(error no solutions/ here)
endif
endif
V       ?= 0
LESSON  ?=
SEED    ?=

# Objects that do not depend on IMPL (the trainer, the harness, the tests)
# go to SHARED_BUILD; `make grade` points every submission at one copy.
SHARED_BUILD ?= $(BUILD)

TRAINER := lessons/00-trainer
HARNESS := tests/harness
RESULTS := $(BUILD)/results

# ---- Compiler flags -----------------------------------------------------------
# C11 plus POSIX (the harness forks; the trainer's files use only ISO C).
# Students get every warning; our own code (trainer, solutions, tests) must
# compile without any.
STANDARD := -std=c11 -D_POSIX_C_SOURCE=200809L
WARNINGS := -Wall -Wextra -Wpedantic
# Two sets of optimisation flags, neither of which can change a result bit.
#
# TRAINER_OPTIMIZE, for the trainer library (where every epoch's arithmetic
# happens): the fastest such flags, found by asking the compiler (CC) once
# which of these it accepts:
#   -O3 -march=native -ffp-contract=off -fno-tree-loop-distribute-patterns -g
#                                               (gcc on x86-64/ARM)
#   -O3 -march=native -ffp-contract=off -g      (clang, which has no such flag)
#   -O3 -ffp-contract=off -g                    (a compiler without -march=native)
#   -O2 -ffp-contract=off -g                    (anything else)
# -fno-tree-loop-distribute-patterns stops gcc from turning a loop that
# zeroes or copies an array into a call of memset or memcpy. matmul's
# micro-kernel zeroes its 8 x 32 sums and copies them out: as library calls
# (1 KiB each, every tile) they made gcc keep the sums in memory around the
# loop; as loops they stay in vector registers. For the CNN's short products
# (k = 16 to 25) that was 5% of the epoch. It changes which instructions
# move numbers, never an arithmetic operation.
# The lessons' files (the students' and the solutions') get TRAINER_OPTIMIZE
# too, with every warning as before: an optimizer's update runs over every
# parameter at every step, and at -O2 gcc 12 leaves such a loop scalar (a
# sixth of an MLP epoch went to lesson 04's momentum update; vectorised, a
# twentieth). OPTIMIZE, for everything else (harness, tests, experiments):
# -O2 -ffp-contract=off -g, which compiles faster.
#
# -ffp-contract=off forbids fusing a*b+c into one FMA: a fused and an unfused
# multiply-add round differently, so contraction would make results depend on
# the builder's CPU and compiler (gcc fuses by default outside ISO mode;
# clang fuses within a statement by default, on ARM even at -O2). -O3 and
# -march=native only choose instructions; with no contraction and no
# reassociation (never -ffast-math, -Ofast or -fassociative-math), every float
# operation happens in the order the source writes, on every machine, so the
# bits are the same as at -O2 (lessons/00-trainer/README.md, "How fast, and
# why"). The probe's answer is exported, so sub-makes do not probe again;
# TRAINER_OPTIMIZE=... or OPTIMIZE=... on the command line overrides.
OPTIMIZE ?= -O2 -ffp-contract=off -g
TRAINER_OPTIMIZE_CANDIDATES := \
    "-O3 -march=native -ffp-contract=off -fno-tree-loop-distribute-patterns -g" \
    "-O3 -march=native -ffp-contract=off -g" "-O3 -ffp-contract=off -g"
# $(call fastest_flags,COMPILER): the first candidate COMPILER accepts.
fastest_flags = $(or $(shell for flags in $(TRAINER_OPTIMIZE_CANDIDATES); do \
      echo 'int main(void) { return 0; }' | $(1) $$flags -x c - -o /dev/null \
        2>/dev/null && { echo "$$flags"; break; }; done),-O2 -ffp-contract=off -g)
# The answer is exported with the compiler it was found for: a sub-make for
# another compiler (make check builds with clang too) asks again, since gcc's
# flags may be unknown to clang. A TRAINER_OPTIMIZE given by hand is kept.
ifeq ($(origin TRAINER_OPTIMIZE),undefined)
  TRAINER_OPTIMIZE := $(call fastest_flags,$(CC))
else ifneq ($(and $(TRAINER_OPTIMIZE_FOR),$(filter-out $(TRAINER_OPTIMIZE_FOR),$(CC))),)
  TRAINER_OPTIMIZE := $(call fastest_flags,$(CC))
endif
TRAINER_OPTIMIZE_FOR := $(CC)
export TRAINER_OPTIMIZE TRAINER_OPTIMIZE_FOR
DEPFLAGS  = -MMD -MP
CFLAGS_OURS    := $(STANDARD) $(WARNINGS) -Werror $(OPTIMIZE)
CFLAGS_TRAINER := $(STANDARD) $(WARNINGS) -Werror $(TRAINER_OPTIMIZE)
CFLAGS_STUDENT := $(STANDARD) $(WARNINGS) $(TRAINER_OPTIMIZE)
INCLUDES := -I$(TRAINER) -I$(HARNESS)

# Compiler commands print as "  CC file" unless V=1 asks for the full line.
ifeq ($(V),1)
  Q :=
  SAY := @true
else
  Q := @
  SAY := @printf '  %-4s %s\n'
endif
# -pthread: lesson 15 starts C11 threads (glibc 2.34+ needs no flag; older
# C libraries and musl do).
# -latomic: C11 atomics on types the processor cannot update in one
# instruction (w[j] -= x on an _Atomic float, lesson 15) call into libatomic,
# where the platform has it as a library of its own.
ATOMIC_LIB := $(shell printf 'int main(void) { return 0; }\n' | \
                $(CC) -x c - -latomic -o /dev/null 2> /dev/null && echo -latomic)
LDLIBS   := -lm -pthread $(ATOMIC_LIB)
TEST_LDLIBS := -lcmocka -lm -pthread

# Reference solutions are held to the same standard as the trainer (-Werror),
# and compiled with the same flags.
# IMPL_CFLAGS adds flags for the implementation only (the checks use it to
# hold skeletons to -Werror and to pick a fault in the harness's self-test).
IMPL_CFLAGS ?=
ifeq ($(IMPL),solutions)
  CFLAGS_IMPL := $(CFLAGS_TRAINER) $(IMPL_CFLAGS)
else
  CFLAGS_IMPL := $(CFLAGS_STUDENT) $(IMPL_CFLAGS)
endif

# ---- The lessons ----------------------------------------------------------------
# A lesson is a folder lessons/NN-name/. Every .c file in it except
# experiment.c is a file the student writes; solutions/NN-name/ holds the same
# files, complete.
LESSON_NAMES := $(filter-out 00-trainer,$(sort $(notdir $(patsubst %/,%,$(wildcard lessons/[0-9][0-9]-*/)))))

# LESSON=1 and LESSON=01 both mean lessons/01-*.
LESSON_NUMBER := $(if $(filter 0 1 2 3 4 5 6 7 8 9,$(LESSON)),0$(LESSON),$(LESSON))
NAME := $(if $(LESSON_NUMBER),$(filter $(LESSON_NUMBER)-%,$(LESSON_NAMES)))

# Where the objects of one implementation set go; a submission folder's path
# becomes one folder name.
IMPL_BUILD := $(BUILD)/impl/$(subst /,_,$(patsubst %/,%,$(IMPL)))

# ---- The trainer: given code, one library ----------------------------------------
# main.c is the descent program and experiment.c lesson 00's experiment:
# each has a main(), so neither goes into the library.
TRAINER_SOURCES := $(filter-out $(TRAINER)/main.c $(TRAINER)/experiment.c,$(wildcard $(TRAINER)/*.c))
TRAINER_OBJECTS := $(patsubst $(TRAINER)/%.c,$(SHARED_BUILD)/trainer/%.o,$(TRAINER_SOURCES))
TRAINER_LIB     := $(SHARED_BUILD)/trainer/libdescent.a

$(SHARED_BUILD)/trainer/%.o: $(TRAINER)/%.c
	@mkdir -p $(@D)
	$(SAY) CC $<
	$(Q)$(CC) $(CFLAGS_TRAINER) $(DEPFLAGS) $(INCLUDES) -c $< -o $@

$(TRAINER_LIB): $(TRAINER_OBJECTS)
	@rm -f $@
	$(SAY) AR $@
	$(Q)$(AR) rcs $@ $^

# ---- The test harness ----------------------------------------------------------
# The judge (judge.c with cmocka and a lesson's tests) decides verdicts; the
# runner (runner.c with the student's files) runs student code. They share
# the message layer (wire.c). See tests/harness/call.h.
HARNESS_OBJECTS := $(patsubst %,$(SHARED_BUILD)/harness/%.o,assertions answers results wire call sandbox)
RUNNER_MAIN     := $(SHARED_BUILD)/harness/runner.o $(SHARED_BUILD)/harness/wire.o

$(SHARED_BUILD)/harness/%.o: $(HARNESS)/%.c
	@mkdir -p $(@D)
	$(SAY) CC $<
	$(Q)$(CC) $(CFLAGS_OURS) $(DEPFLAGS) $(INCLUDES) -c $< -o $@

# The runner is linked statically: it starts inside an empty root folder
# (tests/harness/sandbox.c), where no shared library can be found. The
# sanitizers' runtimes need dynamic linking, and SAN=1 is for debugging on
# your own machine, where the runner needs no empty root.
RUNNER_LDFLAGS ?= $(if $(filter 1,$(SAN)),,-static)

# How many processes (threads count) a lesson's runner may have, where the
# lesson's code starts threads; every other runner is one process alone.
RUNNER_PROCESSES_15-hogwild := 64

# ---- Rules for one lesson (instantiated for every lesson below) ------------------
# Experiments that train networks with the trainer need every lesson.
EXPERIMENTS_USING_ALL_LESSONS := 10-capstone 14-early-stopping 17-dropout-batchnorm

# $(1) is the lesson's folder name, e.g. 01-gradient-descent.
define LESSON_RULES
# (A student file named *_mpi.c needs Open MPI: mk/distributed.mk builds it.)
$(1)_STUDENT_FILES := $$(filter-out %/experiment.c %_mpi.c,$$(wildcard $(IMPL)/$(1)/*.c))
$(1)_IMPL_OBJECTS  := $$(patsubst $(IMPL)/$(1)/%.c,$(IMPL_BUILD)/$(1)/%.o,$$($(1)_STUDENT_FILES))
$(1)_TEST_SOURCES  := $$(wildcard tests/$(1)/public.c tests/$(1)/hidden.c)
$(1)_TEST_OBJECTS  := $$(patsubst tests/$(1)/%.c,$(SHARED_BUILD)/tests/$(1)/%.o,$$($(1)_TEST_SOURCES))
$(1)_HIDDEN_FLAG   := $$(if $$(wildcard tests/$(1)/hidden.c),-DHAVE_HIDDEN)
# The judge's main object records whether hidden tests are linked, so
# adding or removing hidden.c rebuilds it. The judge does not depend on
# IMPL: one judge per lesson serves every implementation.
$(1)_JUDGE_MAIN := $(SHARED_BUILD)/tests/$(1)/judge$$(if $$(wildcard tests/$(1)/hidden.c),-hidden).o
$(1)_JUDGE      := $(SHARED_BUILD)/tests/$(1)/judge
$(1)_RUNNER     := $(IMPL_BUILD)/tests/$(1)-runner

# A student's file is checked first: no link, no #include of anything but
# the C library's and the course's headers (tools/check-student-file.sh).
$(IMPL_BUILD)/$(1)/%.o: $(IMPL)/$(1)/%.c
	@mkdir -p $$(@D)
	$$(SAY) CC $$<
	$$(if $$(filter solutions,$(IMPL)),,$$(Q)tools/check-student-file.sh $$< $$(CC) $$(CFLAGS_IMPL) $$(INCLUDES))
	$$(Q)$$(CC) $$(CFLAGS_IMPL) $$(DEPFLAGS) $$(INCLUDES) -c $$< -o $$@

$(SHARED_BUILD)/tests/$(1)/%.o: tests/$(1)/%.c
	@mkdir -p $$(@D)
	$$(SAY) CC $$<
	$$(Q)$$(CC) $$(CFLAGS_OURS) $$(DEPFLAGS) $$(INCLUDES) -c $$< -o $$@

# calls.c twice: the stand-ins for the judge, the serve functions for the runner.
$(SHARED_BUILD)/tests/$(1)/calls-judge.o: tests/$(1)/calls.c
	@mkdir -p $$(@D)
	$$(SAY) CC $$<
	$$(Q)$$(CC) $$(CFLAGS_OURS) $$(DEPFLAGS) $$(INCLUDES) -DDESCENT_JUDGE -c $$< -o $$@
$(SHARED_BUILD)/tests/$(1)/calls-runner.o: tests/$(1)/calls.c
	@mkdir -p $$(@D)
	$$(SAY) CC $$<
	$$(Q)$$(CC) $$(CFLAGS_OURS) $$(DEPFLAGS) $$(INCLUDES) -DDESCENT_RUNNER -c $$< -o $$@

$$($(1)_JUDGE_MAIN): $(HARNESS)/judge.c
	@mkdir -p $$(@D)
	$$(SAY) CC $$<
	$$(Q)$$(CC) $$(CFLAGS_OURS) $$(DEPFLAGS) $$(INCLUDES) -DLESSON_DIR='"$(1)"' \
	    $$($(1)_HIDDEN_FLAG) $$(if $$(RUNNER_PROCESSES_$(1)),-DRUNNER_PROCESSES=$$(RUNNER_PROCESSES_$(1))) \
	    -c $$< -o $$@

$$($(1)_JUDGE): $$($(1)_JUDGE_MAIN) $$($(1)_TEST_OBJECTS) $(SHARED_BUILD)/tests/$(1)/calls-judge.o \
                $(HARNESS_OBJECTS) $(TRAINER_LIB)
	$$(SAY) LINK $$@
	$$(Q)$$(CC) $$^ $(TEST_LDLIBS) -o $$@

$$($(1)_RUNNER): $(RUNNER_MAIN) $(SHARED_BUILD)/tests/$(1)/calls-runner.o \
                 $$($(1)_IMPL_OBJECTS) $(TRAINER_LIB)
	@mkdir -p $$(@D)
	$$(SAY) LINK $$@
	$$(Q)$$(CC) $(RUNNER_LDFLAGS) $$^ $(TRAINER_LIB) $(LDLIBS) -o $$@

# What make test needs for this lesson: the judge and IMPL's runner.
$(IMPL_BUILD)/tests/$(1): $$($(1)_JUDGE) $$($(1)_RUNNER)
	@mkdir -p $$(@D)
	@touch $$@

$(BUILD)/experiments/$(1).o: lessons/$(1)/experiment.c
	@mkdir -p $$(@D)
	$$(SAY) CC $$<
	$$(Q)$$(CC) $$(CFLAGS_OURS) $$(DEPFLAGS) $$(INCLUDES) -c $$< -o $$@

# An experiment links its own lesson; one that trains networks (it calls the
# trainer's loop) links every lesson of IMPL, as the descent program does.
$(1)_EXPERIMENT_LIBS := $$(if $$(filter $(1),$$(EXPERIMENTS_USING_ALL_LESSONS)),\
    $(TRAINER_LIB) $(IMPL_BUILD)/liblessons.a)
$(IMPL_BUILD)/experiments/$(1): $(BUILD)/experiments/$(1).o $$($(1)_IMPL_OBJECTS) $(TRAINER_LIB) \
                               $$($(1)_EXPERIMENT_LIBS)
	@mkdir -p $$(@D)
	$$(SAY) LINK $$@
	$$(Q)$$(CC) $(BUILD)/experiments/$(1).o $$($(1)_IMPL_OBJECTS) $(TRAINER_LIB) \
	    $$($(1)_EXPERIMENT_LIBS) $(TRAINER_LIB) $(LDLIBS) -o $$@
endef
$(foreach lesson,$(LESSON_NAMES),$(eval $(call LESSON_RULES,$(lesson))))

# Lesson 00's experiment draws the trainer's concept pictures (the two
# networks, im2col); it needs the trainer library and no lesson.
$(BUILD)/experiments/00-trainer.o: $(TRAINER)/experiment.c
	@mkdir -p $(@D)
	$(SAY) CC $<
	$(Q)$(CC) $(CFLAGS_OURS) $(DEPFLAGS) $(INCLUDES) -c $< -o $@

$(IMPL_BUILD)/experiments/00-trainer: $(BUILD)/experiments/00-trainer.o $(TRAINER_LIB)
	@mkdir -p $(@D)
	$(SAY) LINK $@
	$(Q)$(CC) $^ $(LDLIBS) -o $@

# ---- The trainer's own tests: one binary per file in tests/00-trainer/ -------------
# The trainer's own tests train with the reference lessons. (A student
# release has no solutions/, and leaves out the tests that need them.)
ifneq ($(wildcard solutions),)
SOLUTIONS_LIB := $(BUILD)/impl/solutions/liblessons.a
else
SOLUTIONS_LIB :=
endif
ifneq ($(IMPL),solutions)
ifneq ($(SOLUTIONS_LIB),)
$(SOLUTIONS_LIB): FORCE
	@$(MAKE) --no-print-directory IMPL=solutions $@
endif
endif
.PHONY: FORCE
FORCE:

TRAINER_TEST_SOURCES := $(wildcard tests/00-trainer/*.c)
TRAINER_TESTS := $(patsubst tests/00-trainer/%.c,$(BUILD)/tests/00-trainer/%,$(TRAINER_TEST_SOURCES))

$(BUILD)/tests/00-trainer/judge.o: $(HARNESS)/judge.c
	@mkdir -p $(@D)
	$(SAY) CC $<
	$(Q)$(CC) $(CFLAGS_OURS) $(DEPFLAGS) $(INCLUDES) -DLESSON_DIR='"00-trainer"' -c $< -o $@

$(BUILD)/tests/00-trainer/%.o: tests/00-trainer/%.c
	@mkdir -p $(@D)
	$(SAY) CC $<
	$(Q)$(CC) $(CFLAGS_OURS) $(DEPFLAGS) $(INCLUDES) -c $< -o $@

$(BUILD)/tests/00-trainer/%: $(BUILD)/tests/00-trainer/%.o $(BUILD)/tests/00-trainer/judge.o \
                             $(HARNESS_OBJECTS) $(TRAINER_LIB) $(SOLUTIONS_LIB)
	$(SAY) LINK $@
	$(Q)$(CC) $(filter %.o,$^) $(TRAINER_LIB) $(SOLUTIONS_LIB) $(TRAINER_LIB) $(TEST_LDLIBS) -o $@

# ---- The descent program: the trainer with every lesson of IMPL ------------------------
# All lessons' student files, in one archive. A lesson not written yet links
# fine: its functions stop the program with "not implemented yet" if called.
ALL_IMPL_OBJECTS := $(foreach l,$(LESSON_NAMES),$($(l)_IMPL_OBJECTS))
DESCENT := $(IMPL_BUILD)/descent

$(IMPL_BUILD)/liblessons.a: $(ALL_IMPL_OBJECTS)
	@rm -f $@
	$(SAY) AR $@
	$(Q)$(AR) rcs $@ $^

# The trainer needs the lessons and the lessons need the trainer (todo.c,
# rng.c), hence the trainer library on both sides of the lessons.
$(DESCENT): $(SHARED_BUILD)/trainer/main.o $(IMPL_BUILD)/liblessons.a $(TRAINER_LIB)
	$(SAY) LINK $@
	$(Q)$(CC) $(SHARED_BUILD)/trainer/main.o $(TRAINER_LIB) $(IMPL_BUILD)/liblessons.a $(TRAINER_LIB) \
	    $(LDLIBS) -o $@

EXPERIMENT_LESSONS := $(patsubst lessons/%/experiment.c,%,$(wildcard lessons/*/experiment.c))

# ---- Entry points ------------------------------------------------------------------
.PHONY: help test run build check clean deps lessons descent

help: ## list the entry points
	@echo "Descent: gradient-descent optimizers in C, one lesson at a time."
	@echo
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -e 's/:.*## /\t/' | \
	    awk -F'\t' '{ printf "  make %-14s %s\n", $$1, $$2 }'
	@echo
	@echo "  LESSON=N picks a lesson; IMPL=lessons|solutions|DIR picks the code; SEED=S replays."

lessons: ## list the lessons
	@for l in $(LESSON_NAMES); do echo "  $$l"; done

ifeq ($(LESSON_NUMBER),00)
test: deps
	@$(MAKE) --no-print-directory $(TRAINER_TESTS)
	@status=0; for t in $(TRAINER_TESTS); do \
	  mkdir -p $(RESULTS)/00-trainer/$$(basename $$t); \
	  $$t --results $(RESULTS)/00-trainer/$$(basename $$t) $(if $(SEED),--seed $(SEED)) || status=1; \
	done; exit $$status

run:
	@$(MAKE) --no-print-directory $(IMPL_BUILD)/experiments/00-trainer
	@mkdir -p $(BUILD)/figures/00-trainer
	$(IMPL_BUILD)/experiments/00-trainer $(BUILD)/figures/00-trainer
else ifeq ($(NAME),)
test run:
	@if [ -z "$(LESSON)" ]; then echo "make $@ needs a lesson: make $@ LESSON=N, with N one of:"; \
	 else echo "There is no lesson $(LESSON). The lessons are:"; fi
	@for l in $(LESSON_NAMES); do echo "  $$l"; done
	@exit 2
else
# A build that fails leaves the last results in place and a note beside them
# (build-failed, naming IMPL), so that make hint and make status do not read
# old results as this code's.
test: deps ## build and run a lesson's tests: make test LESSON=N [IMPL=...] [SEED=S]
	@mkdir -p $(RESULTS)/$(NAME)
	@$(MAKE) --no-print-directory $(IMPL_BUILD)/tests/$(NAME) || \
	  { echo '$(patsubst %/,%,$(IMPL))' > $(RESULTS)/$(NAME)/build-failed; exit 2; }
	@rm -f $(RESULTS)/$(NAME)/stamp $(RESULTS)/$(NAME)/build-failed
	@$(SHARED_BUILD)/tests/$(NAME)/judge --runner $(IMPL_BUILD)/tests/$(NAME)-runner \
	  --impl $(patsubst %/,%,$(IMPL)) --answers $(IMPL)/$(NAME)/answers.txt \
	  --results $(RESULTS)/$(NAME) $(if $(SEED),--seed $(SEED)); \
	  status=$$?; cp $(RESULTS)/$(NAME)/results.json $(RESULTS)/$(NAME)/junit.xml $(RESULTS)/; \
	  if [ $$status -le 1 ]; then \
	    tools/results-stamp.sh '$(IMPL)' '$(NAME)' > $(RESULTS)/$(NAME)/stamp; fi; \
	  if [ $$status = 0 ] && [ '$(patsubst %/,%,$(IMPL))' = lessons ]; then \
	    BUILD='$(BUILD)' tools/next-lesson.sh lessons; fi; \
	  if [ $$status = 1 ]; then echo "(make's \"Error 1\" below only says that not every test passed.)"; fi; \
	  exit $$status

run: ## run a lesson's experiment and write its figures: make run LESSON=N [IMPL=...]
	@$(MAKE) --no-print-directory $(IMPL_BUILD)/experiments/$(NAME)
	@mkdir -p $(BUILD)/figures/$(NAME)
	$(IMPL_BUILD)/experiments/$(NAME) $(BUILD)/figures/$(NAME)
endif

descent: ## build the descent program (train, compare, trajectory) with IMPL's lessons
	@$(MAKE) --no-print-directory $(DESCENT)
	@echo "built $(DESCENT): run it as $(DESCENT) help"

build: deps ## compile everything for IMPL: trainer, every lesson's tests and experiments
	@$(MAKE) --no-print-directory $(TRAINER_LIB) $(TRAINER_TESTS) $(DESCENT) \
	  $(foreach l,$(LESSON_NAMES),$(IMPL_BUILD)/tests/$(l)) \
	  $(foreach l,$(EXPERIMENT_LESSONS),$(IMPL_BUILD)/experiments/$(l))

# CHECK_CACHE=no (on the command line or in the environment; make passes
# it on) runs every check, even those whose inputs passed before
# (tools/check.sh, "The result cache").
check: ## the repository's own checks (the README's test command; CI runs it); CHECK_CACHE=no: all of them
	@tools/check.sh

deps: ## make sure cmocka is installed (installs it as root, else says how)
	@tools/ensure-deps.sh cmocka

clean: ## remove build/
	rm -rf $(BUILD)

# Further entry points live in mk/*.mk (handouts, release and grading, ...).
include $(sort $(wildcard mk/*.mk))

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
