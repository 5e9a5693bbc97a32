/* answers.c -- reading and checking the answers to a lesson's questions
 * (harness.h, "Questions").
 *
 * answers.txt is the student's text, read by the judge as data: every line
 * is parsed with a bound on its length, and nothing in it is ever run. */
#include "harness.h"
#include "internal.h"
#include "todo.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *harness_answers_path = NULL;

bool harness_is_question(const char *test_name)
{
    return strncmp(test_name, "question_", 9) == 0 ||
           strncmp(test_name, "hidden_question_", 16) == 0;
}

/* Ends the test as TODO: the question has no answer yet. */
static void not_answered(const char *id)
{
    printf("%s is not answered yet: write your answer after \"%s:\" in %s.\n", id, id,
           harness_answers_path != NULL ? harness_answers_path : "the lesson's answers.txt");
    fflush(NULL);
    _exit(NOT_IMPLEMENTED_STATUS);
}

/* Copies the text after "id:" on its line into out (trimmed), or returns
 * false if there is no such line or nothing after the colon. */
static bool find_answer(const char *id, char *out, size_t size)
{
    FILE *f = harness_answers_path != NULL ? fopen(harness_answers_path, "r") : NULL;
    if (f == NULL)
        return false;
    char line[512];
    size_t id_length = strlen(id);
    bool found = false;
    while (!found && fgets(line, sizeof line, f) != NULL) {
        char *hash = strchr(line, '#');
        if (hash != NULL)
            *hash = '\0';
        char *at = line;
        while (isspace((unsigned char)*at))
            at++;
        if (strncmp(at, id, id_length) != 0)
            continue;
        at += id_length;
        while (*at == ' ' || *at == '\t')
            at++;
        if (*at != ':')
            continue;
        at++;
        while (isspace((unsigned char)*at))
            at++;
        size_t length = strlen(at);
        while (length > 0 && isspace((unsigned char)at[length - 1]))
            length--;
        if (length == 0)
            break; /* "ex3:" with nothing after it: not answered */
        snprintf(out, size, "%.*s", (int)length, at);
        found = true;
    }
    fclose(f);
    return found;
}

double harness_answer_number(const char *id)
{
    char text[256];
    if (!find_answer(id, text, sizeof text))
        not_answered(id);
    char *end;
    double value = strtod(text, &end);
    while (isspace((unsigned char)*end))
        end++;
    if (end == text || *end != '\0' || !isfinite(value)) {
        struct at where = AT(id, NULL);
        where.quantity = "your answer";
        harness_expect_that(__FILE__, __LINE__, where, false,
                            "expected a number (like 1604 or 0.053 or 2.5e-3), got \"%s\"", text);
    }
    return value;
}

void harness_answer_word(const char *id, char *out, size_t size)
{
    char text[256];
    if (!find_answer(id, text, sizeof text))
        not_answered(id);
    size_t i = 0;
    for (; text[i] != '\0' && i + 1 < size; i++)
        out[i] = (char)tolower((unsigned char)text[i]);
    out[i] = '\0';
}

/* FNV-1a, 64 bits, over "descent:ID:CANONICAL": the salt (the course and
 * the question's id) makes a table of hashes of common numbers useless. */
uint64_t harness_answer_hash(const char *id, const char *canonical)
{
    uint64_t hash = 1469598103934665603ULL;
    const char *parts[] = {"descent:", id, ":", canonical};
    for (size_t p = 0; p < 4; p++)
        for (const char *c = parts[p]; *c != '\0'; c++)
            hash = (hash ^ (unsigned char)*c) * 1099511628211ULL;
    return hash;
}

void harness_canonical_number(double value, int digits, char *out, size_t size)
{
    if (value == 0.0)
        value = 0.0; /* -0 and 0 are the same answer */
    snprintf(out, size, "%.*e", digits > 0 ? digits - 1 : 0, value);
}

void harness_expect_answer_number(const char *file, int line, const char *id, int digits,
                                  uint64_t hash, const char *what)
{
    double value = harness_answer_number(id);
    char canonical[64];
    harness_canonical_number(value, digits, canonical, sizeof canonical);
    struct at where = AT(id, NULL);
    where.quantity = what;
    harness_expect_that(file, line, where, harness_answer_hash(id, canonical) == hash,
                        "%s (your answer to %d significant digits) is not right: reread the "
                        "exercise, redo the computation, and answer again",
                        canonical, digits);
}

void harness_expect_answer_word(const char *file, int line, const char *id, uint64_t hash,
                                const char *what)
{
    char word[128];
    harness_answer_word(id, word, sizeof word);
    struct at where = AT(id, NULL);
    where.quantity = what;
    harness_expect_that(file, line, where, harness_answer_hash(id, word) == hash,
                        "\"%s\" is not right. Reread the exercise and answer again", word);
}
