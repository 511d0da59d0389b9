// SPDX-License-Identifier: Apache-2.0
// The benchmark kernels bare-metal (no library): kernel BENCH_KERNEL (0 crc, 1 sort, 2 mix)
// with size BENCH_N, chosen at compile time. The result goes to a global so the work is kept.
//
// The run's instruction count is measured on QEMU's versatilepb: its SP804 timer 0 counts at
// 1 MHz of QEMU's virtual clock (QEMU hw/arm/versatilepb.c: sp804 at 0x101E2000, 1 MHz),
// which with `-icount shift=0` advances 1 ns per instruction, so one tick is 1000
// instructions. The tick count goes out through semihosting SYS_WRITE0.
#include "bench_kernels.h"

volatile uint32_t bench_result;

#define SP804_LOAD (*(volatile uint32_t*)0x101E2000u)
#define SP804_VALUE (*(volatile uint32_t*)0x101E2004u)
#define SP804_CONTROL (*(volatile uint32_t*)0x101E2008u)
// SP804 control (ARM DDI 0271): enable (bit 7), free-running (bit 6 clear), 32-bit (bit 1).
#define SP804_ENABLE_32BIT_FREE 0x82u

// GCC may call these even in freestanding code (C standard 4, GCC manual "Standards").
__attribute__((optimize("no-tree-loop-distribute-patterns"))) void* memset(void* d, int c, unsigned n) {
    unsigned char* p = d;
    while (n--) *p++ = (unsigned char)c;
    return d;
}
__attribute__((optimize("no-tree-loop-distribute-patterns"))) void* memcpy(void* d, const void* s, unsigned n) {
    unsigned char* p = d;
    const unsigned char* q = s;
    while (n--) *p++ = *q++;
    return d;
}

static void semihosting_write0(const char* s) {
    register uint32_t op __asm__("r0") = 0x04;  // SYS_WRITE0
    register const char* arg __asm__("r1") = s;
    __asm__ volatile("svc 0x123456" : "+r"(op) : "r"(arg) : "memory");
}

static void report_ticks(uint32_t ticks) {
    char text[32] = "icount_ticks ";
    char* p = text + 13;
    char digits[12];
    int n = 0;
    do digits[n++] = (char)('0' + ticks % 10), ticks /= 10;
    while (ticks);
    while (n) *p++ = digits[--n];
    *p++ = '\n';
    *p = 0;
    semihosting_write0(text);
}

static void run_kernel(void) {
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

void bare_main(void) {
    SP804_LOAD = 0xFFFFFFFFu;
    SP804_CONTROL = SP804_ENABLE_32BIT_FREE;
    const uint32_t start = SP804_VALUE;
    run_kernel();
    report_ticks(start - SP804_VALUE);
}
