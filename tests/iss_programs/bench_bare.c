// SPDX-License-Identifier: Apache-2.0
// The benchmark kernels bare-metal (no library): kernel BENCH_KERNEL (0 crc, 1 sort, 2 mix)
// with size BENCH_N, chosen at compile time. The result goes to a global so the work is kept.
#include "bench_kernels.h"

volatile uint32_t bench_result;

void bare_main(void) {
#if BENCH_KERNEL == 0
    static uint8_t crc_buf[4096];
    uint32_t s = 1;
    for (unsigned i = 0; i < sizeof crc_buf; ++i) crc_buf[i] = (uint8_t)kernel_lcg(&s);
    bench_result = kernel_crc32(crc_buf, sizeof crc_buf, BENCH_N);
#elif BENCH_KERNEL == 1
    static uint32_t sort_buf[BENCH_N];
    bench_result = kernel_sort(sort_buf, BENCH_N, 12345);
#else
    bench_result = kernel_mix(BENCH_N);
#endif
}
