// SPDX-License-Identifier: Apache-2.0
// The program the GDB stub's test debugs (tests/system/test_gdb.py): a function to break
// at, a global it writes (for a watchpoint) and output to compare with a run without GDB.
#include <stdio.h>

volatile unsigned counter;
volatile unsigned samples[4] = {0x11111111u, 0x22222222u, 0x33333333u, 0x44444444u};

__attribute__((noinline)) unsigned bump(unsigned step) {
    counter += step;
    return counter;
}

int main(void) {
    unsigned sum = 0;
    for (unsigned i = 1; i <= 5; ++i) sum += bump(i);
    printf("counter=%u sum=%u samples[2]=%08x\n", counter, sum, samples[2]);
    return (int)(sum & 0x7f);
}
