#include "harness.h"
static void test_hidden_question_ex1(void **state) { (void)state; }
static const struct harness_test tests[] = {
    {"hidden_question_ex1", test_hidden_question_ex1, 5, 2, "x"},
};
const struct harness_suite lesson_hidden = HARNESS_SUITE(tests);
