/* lessons.h -- every function the students write: one header per lesson.
 *
 * The trainer calls these; each lesson's folder defines them. The build
 * links either the student's files (IMPL=lessons) or the reference
 * solutions (IMPL=solutions); both define exactly the functions below.
 *
 * Parameters and gradients are float; sums over many terms (a loss over a
 * dataset, a norm) are accumulated in double, whose 53-bit mantissa keeps
 * the rounding error of a long sum far below float's resolution. */
#ifndef DESCENT_LESSONS_H
#define DESCENT_LESSONS_H

#include <stddef.h>

#include "todo.h" /* skeletons call not_implemented() until written */

#include "lesson01.h" /* full-batch gradient descent */
#include "lesson02.h" /* SGD with shuffling */
#include "lesson03.h" /* mini-batch SGD */
#include "lesson04.h" /* momentum */
#include "lesson05.h" /* Nesterov accelerated gradient */
#include "lesson06.h" /* AdaGrad */
#include "lesson07.h" /* RMSProp and Adadelta */
#include "lesson08.h" /* Adam with bias correction */
#include "lesson09.h" /* learning-rate schedules */
#include "lesson10.h" /* the capstone: comparing optimizers */
#include "lesson11.h" /* decoupled weight decay (AdamW) */
#include "lesson12.h" /* AMSGrad, Nadam, AdaMax */
#include "lesson13.h" /* gradient clipping and gradient noise */
#include "lesson14.h" /* early stopping */
#include "lesson15.h" /* Hogwild!: lock-free parallel SGD */
#include "lesson16.h" /* Newton's method */
#include "lesson17.h" /* dropout and batch normalization */
#include "lesson18.h" /* distributed SGD (the MPI part: lesson18_mpi.h) */

#endif
