/* call.h -- what tests/NN-name/calls.c uses to carry a call to your code.
 *
 * calls.c is compiled twice. In the judge (-DDESCENT_JUDGE) it defines a
 * stand-in for each of your functions, with the same name and arguments:
 *
 *     void gd_step(float *w, const float *g, size_t n, float lr)
 *     {
 *         struct message *in = call_begin("gd_step");
 *         put_size(in, n); put_float(in, lr);
 *         put_floats(in, w, n); put_floats(in, g, n);
 *         struct message *out = call_run();       // your gd_step runs now
 *         get_floats(out, w, n);                  // what it changed
 *         call_end();
 *     }
 *
 * In the runner (-DDESCENT_RUNNER) it defines, for each function, a serve
 * function that gets the arguments in the same order, calls your function
 * and puts back what the judge gets:
 *
 *     static void serve_gd_step(struct message *in, struct message *out)
 *     {
 *         size_t n = get_size(in); float lr = get_float(in);
 *         float *w = get_new_floats(in, NULL), *g = get_new_floats(in, NULL);
 *         gd_step(w, g, n, lr);
 *         put_floats(out, w, n);
 *     }
 *
 * and lists them:  SERVED_FUNCTIONS({"gd_step", serve_gd_step}, ...);   */
#ifndef DESCENT_CALL_H
#define DESCENT_CALL_H

#include "wire.h"

#ifdef DESCENT_JUDGE
/* ---- In the judge --------------------------------------------------------- */

/* Starts a call of `function`: returns the (empty) message to put its
 * arguments into. The runner is started on the first call of a test. */
struct message *call_begin(const char *function);

/* Sends the call and waits for the reply: returns the message to get the
 * results from, in the order the serve function put them. If the runner
 * dies, runs out of time or sends garbage instead, this never returns: the
 * test ends there with the verdict that says so (CRASH, TIME, TODO, EXIT). */
struct message *call_run(void);

/* Like call_run, for a function that calls back into the test (lessons 02
 * and 03: your epoch asks the test's objective for example gradients).
 * Each callback frame the runner sends is answered with answer(context,
 * request, reply) before the reply to the call itself arrives. */
typedef void (*callback_answer)(const void *context, struct message *request,
                                struct message *reply);
struct message *call_run_with_callbacks(callback_answer answer, const void *context);

/* Ends the call: if the reply had another shape than the stand-in expected,
 * the test fails here, saying so. */
void call_end(void);

/* Gets back an array the function may only read (g, say): the test's copy
 * is overwritten only if the student's code changed it, so a test that g
 * is left alone still sees a change, and an unchanged array (even a const
 * one) is never written. */
void get_input_back(struct message *out, const float *input, size_t n);
#endif

#ifdef DESCENT_RUNNER
/* ---- In the runner -------------------------------------------------------- */

struct served_function {
    const char *name;
    void (*serve)(struct message *in, struct message *out);
};

/* calls.c lists its serve functions with
 *     SERVED_FUNCTIONS({"gd_step", serve_gd_step}, {"l2_norm", serve_l2_norm});  */
extern const struct served_function served_functions[];
extern const size_t served_function_count;
#define SERVED_FUNCTIONS(...)                                                            \
    const struct served_function served_functions[] = {__VA_ARGS__};                    \
    const size_t served_function_count = sizeof served_functions / sizeof served_functions[0]

/* From inside your running function, asks the judge a question: sends
 * request (a callback frame) and returns the judge's answer. The message
 * returned is reused by the next callback. */
struct message *call_back(const struct message *request);
#endif

#endif
