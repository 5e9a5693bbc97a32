# mk/distributed.mk -- lesson 18 (distributed SGD on MPI), the one lesson
# that needs Open MPI (Debian: libopenmpi-dev openmpi-bin). Everything else
# builds without it.
#
# Lesson 18 has two kinds of student file: distributed.c, plain C like
# every lesson's (the Makefile's rules build, test and link it), and
# distributed_mpi.c, which includes <mpi.h> and is compiled here with mpicc
# (the Makefile leaves every *_mpi.c to this file). With mpicc found, this
# file adds:
#   - the MPI test program $(IMPL_BUILD)/tests/18-distributed-sgd-runner-mpi
#     (tests/18-distributed-sgd/mpi_cases.c with the student's files), which
#     the judge's MPI tests start under tools/mpirun.sh, to the lesson's
#     test build;
#   - the experiment, compiled and linked with mpicc (it starts its own
#     runs through tools/mpirun.sh).
# Without mpicc, lesson 18's experiment and MPI program are left out of
# make build and make figures, with one line saying how to install Open
# MPI; make test LESSON=18 and make run LESSON=18 install it (as root on
# Debian) or say how, like cmocka (tools/ensure-deps.sh mpi).
#
# This file is read before mk/lessons.mk (the names sort so): the list of
# experiments must be final before lessons.mk makes its figure rules.

MPI_LESSON := 18-distributed-sgd
MPICC ?= mpicc
HAVE_MPI := $(if $(shell command -v $(MPICC) 2> /dev/null),yes)

.PHONY: mpi-deps
mpi-deps:
	@tools/ensure-deps.sh mpi

ifeq ($(NAME),$(MPI_LESSON))
test run: mpi-deps
# make run LESSON=18 SAN=1: Open MPI keeps memory until its processes end,
# which LeakSanitizer would report as leaks of every rank (and fail the
# run); the other errors are still reported. (The tests' program turns leak
# reports off itself: tests/18-distributed-sgd/mpi_cases.c.) Options the
# user set come after, and win.
ifeq ($(SAN),1)
run: export ASAN_OPTIONS := detect_leaks=0$(if $(ASAN_OPTIONS),:$(ASAN_OPTIONS))
endif
endif

ifeq ($(HAVE_MPI),)
EXPERIMENT_LESSONS := $(filter-out $(MPI_LESSON),$(EXPERIMENT_LESSONS))
ifneq ($(filter build figures,$(MAKECMDGOALS)),)
$(info lesson 18 skipped (its MPI programs need Open MPI): sudo apt-get install -y libopenmpi-dev openmpi-bin)
endif
else

# mpicc runs the compiler the course uses (CC), with Open MPI's headers and
# libraries added. `private`: the objects these targets need are built with
# their own rules' compiler, not with mpicc.
# With SAN=1 every object is compiled with the sanitizers (mk/workflow.mk adds
# SAN_FLAGS to CC), and so must the MPI files and links be. workflow.mk is
# read after this file, so the flags are added here, when a rule runs: CC as
# it is now (the experiment's rules set CC to MPI_CC, which must not name
# itself), plus SAN_FLAGS with SAN=1.
MPI_BASE_CC := $(CC)
MPI_CC = OMPI_CC='$(MPI_BASE_CC)' $(MPICC) $(if $(filter 1,$(SAN)),$(SAN_FLAGS))
MPI_STUDENT_FILES := $(wildcard $(IMPL)/$(MPI_LESSON)/*_mpi.c)
MPI_IMPL_OBJECTS := $(patsubst $(IMPL)/$(MPI_LESSON)/%.c,$(IMPL_BUILD)/$(MPI_LESSON)/%.o,\
                      $(MPI_STUDENT_FILES))
MPI_TEST_PROGRAM := $(IMPL_BUILD)/tests/$(MPI_LESSON)-runner-mpi

$(MPI_IMPL_OBJECTS): $(IMPL_BUILD)/$(MPI_LESSON)/%.o: $(IMPL)/$(MPI_LESSON)/%.c
	@mkdir -p $(@D)
	$(SAY) MPICC $<
	$(if $(filter solutions,$(IMPL)),,$(Q)ALLOWED_INCLUDE_DIRS="$(shell $(MPICC) --showme:incdirs)" \
	    tools/check-student-file.sh $< $(MPI_CC) $(CFLAGS_IMPL) $(INCLUDES))
	$(Q)$(MPI_CC) $(CFLAGS_IMPL) $(DEPFLAGS) $(INCLUDES) -c $< -o $@

$(SHARED_BUILD)/tests/$(MPI_LESSON)/mpi_cases.o: tests/$(MPI_LESSON)/mpi_cases.c
	@mkdir -p $(@D)
	$(SAY) MPICC $<
	$(Q)$(MPI_CC) $(CFLAGS_OURS) $(DEPFLAGS) $(INCLUDES) -c $< -o $@

$(MPI_TEST_PROGRAM): $(SHARED_BUILD)/tests/$(MPI_LESSON)/mpi_cases.o $(MPI_IMPL_OBJECTS) \
                     $($(MPI_LESSON)_IMPL_OBJECTS) $(TRAINER_LIB)
	@mkdir -p $(@D)
	$(SAY) LINK $@
	$(Q)$(MPI_CC) $^ $(LDLIBS) -o $@

# The lesson's tests need the MPI program too.
$(IMPL_BUILD)/tests/$(MPI_LESSON): $(MPI_TEST_PROGRAM)

# The experiment: compiled and linked by mpicc, with the MPI file too.
$(BUILD)/experiments/$(MPI_LESSON).o: private override CC = $(MPI_CC)
$(IMPL_BUILD)/experiments/$(MPI_LESSON): private override CC = $(MPI_CC)
$(IMPL_BUILD)/experiments/$(MPI_LESSON): $(MPI_IMPL_OBJECTS)
$(IMPL_BUILD)/experiments/$(MPI_LESSON): private $(MPI_LESSON)_IMPL_OBJECTS += $(MPI_IMPL_OBJECTS)
endif

# The judge of lesson 18 starts mpirun itself (tests/harness/mpi_launch.h);
# it needs no MPI to be built.
$(SHARED_BUILD)/tests/$(MPI_LESSON)/judge: $(SHARED_BUILD)/harness/mpi_launch.o
