// SPDX-License-Identifier: Apache-2.0
// The CPU-bound kernels shared by the Linux test programs and their bare-metal builds
// (the ISS benchmark): plain C, no library calls, so both builds run the same code.
#pragma once

#include <stdint.h>

// Bitwise CRC-32 (IEEE 802.3 polynomial, reflected) over `len` bytes, `rounds` times.
static inline uint32_t kernel_crc32(const uint8_t* data, uint32_t len, uint32_t rounds) {
    uint32_t crc = 0xffffffffu;
    for (uint32_t r = 0; r < rounds; ++r) {
        for (uint32_t i = 0; i < len; ++i) {
            crc ^= data[i];
            for (int b = 0; b < 8; ++b) crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
        }
    }
    return ~crc;
}

// A linear congruential generator (Numerical Recipes constants) to fill inputs.
static inline uint32_t kernel_lcg(uint32_t* s) {
    *s = *s * 1664525u + 1013904223u;
    return *s;
}

// Shell sort of `n` words followed by a checksum (sum of value * index).
static inline uint32_t kernel_sort(uint32_t* a, uint32_t n, uint32_t seed) {
    for (uint32_t i = 0; i < n; ++i) a[i] = kernel_lcg(&seed);
    for (uint32_t gap = n / 2; gap > 0; gap /= 2) {
        for (uint32_t i = gap; i < n; ++i) {
            uint32_t v = a[i];
            uint32_t j = i;
            while (j >= gap && a[j - gap] > v) {
                a[j] = a[j - gap];
                j -= gap;
            }
            a[j] = v;
        }
    }
    uint32_t sum = 0;
    for (uint32_t i = 0; i < n; ++i) sum += a[i] * (i + 1);
    return sum;
}

// A Dhrystone-like mix written here: records, string copies and compares, a switch,
// multiplies and divides, halfword and byte accesses, calls through a pointer.
struct mix_record {
    struct mix_record* next;
    int kind;
    int value;
    int16_t small;
    char name[24];
};

static inline int mix_strcmp(const char* a, const char* b) {
    while (*a && *a == *b) ++a, ++b;
    return (unsigned char)*a - (unsigned char)*b;
}

static inline void mix_strcpy(char* d, const char* s) {
    while ((*d++ = *s++)) {}
}

static int mix_step_add(int a, int b) { return a + b; }
static int mix_step_mul(int a, int b) { return a * b + 7; }
static int mix_step_div(int a, int b) { return b ? a / b : a; }

static inline uint32_t kernel_mix(uint32_t rounds) {
    static struct mix_record recs[4];
    static int (*const steps[3])(int, int) = {mix_step_add, mix_step_mul, mix_step_div};
    static const char* const names[4] = {"DHRYSTONE PROGRAM, 1'ST", "DHRYSTONE PROGRAM, 2'ND",
                                         "RTVSIM ISS MIX, THIRD", "RTVSIM ISS MIX, FOURTH"};
    for (int i = 0; i < 4; ++i) {
        recs[i].next = &recs[(i + 1) & 3];
        recs[i].kind = i;
        recs[i].value = i * 3 + 1;
        recs[i].small = (int16_t)(i - 2);
        mix_strcpy(recs[i].name, names[i]);
    }
    uint32_t acc = 0;
    struct mix_record* p = &recs[0];
    for (uint32_t r = 0; r < rounds; ++r) {
        int a = (int)(r & 255) + p->value;
        int b = p->small + 3;
        switch (p->kind) {
        case 0: a = steps[0](a, b); break;
        case 1: a = steps[1](a, b); break;
        case 2: a = steps[2](a, b | 1); break;
        default: a -= b; break;
        }
        if (mix_strcmp(p->name, p->next->name) < 0) a ^= 0x55;
        char tmp[24];
        mix_strcpy(tmp, p->name);
        tmp[(r % 20)] = (char)('A' + (r % 26));
        p->small = (int16_t)(p->small + (tmp[r % 20] & 3));
        p->value = (p->value + a) & 0xffff;
        acc = (acc << 3 | acc >> 29) ^ (uint32_t)a ^ (uint8_t)tmp[3];
        p = p->next;
    }
    return acc;
}
