/* unclosed.c -- a region that is never closed. */
int answer(void)
{
    /* region forgotten */
    return 42;
}
