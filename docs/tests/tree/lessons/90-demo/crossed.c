/* crossed.c -- regions that overlap instead of nesting. */
int crossed(int x)
{
    /* region first */
    x = x + 1;
    /* region second */
    x = x * 2;
    /* endregion first */
    x = x - 3;
    /* endregion second */
    return x;
}
