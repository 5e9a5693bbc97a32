/* todo.c -- see todo.h. */
#include "todo.h"

#include <stdio.h>
#include <stdlib.h>

void not_implemented(const char *function, const char *lesson, const char *section)
{
    fflush(stdout);
    fprintf(stderr, "%s is not implemented yet: see lessons/%s/README.md, section \"%s\".\n",
            function, lesson, section);
    exit(NOT_IMPLEMENTED_STATUS);
}
