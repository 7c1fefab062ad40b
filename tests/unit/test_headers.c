/* Compiled as C99 with -pedantic -Werror: the umbrella header must stand alone. */
#include <levekar.h>

int main(void)
{
    return lk_strerror(LK_OK) ? 0 : 1;
}
