// SPDX-License-Identifier: Apache-2.0
// The ISS benchmark kernels as Linux programs: `prog KERNEL [N]` runs one kernel with size
// N and prints its result, so rtvsim exec and qemu-arm can be compared on stdout.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_kernels.h"

int main(int argc, char** argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s crc|sort|mix [N]\n", argv[0]);
        return 2;
    }
    const unsigned long n = argc > 2 ? strtoul(argv[2], 0, 0) : 10;
    uint32_t result;
    if (strcmp(argv[1], "crc") == 0) {
        static uint8_t buf[4096];
        uint32_t s = 1;
        for (unsigned i = 0; i < sizeof buf; ++i) buf[i] = (uint8_t)kernel_lcg(&s);
        result = kernel_crc32(buf, sizeof buf, (uint32_t)n);
    } else if (strcmp(argv[1], "sort") == 0) {
        uint32_t* a = malloc(n * sizeof *a);
        if (!a) return 3;
        result = kernel_sort(a, (uint32_t)n, 12345);
        free(a);
    } else if (strcmp(argv[1], "mix") == 0) {
        result = kernel_mix((uint32_t)n);
    } else {
        fprintf(stderr, "unknown kernel %s\n", argv[1]);
        return 2;
    }
    printf("%s %lu %08x\n", argv[1], n, (unsigned)result);
    return 0;
}
