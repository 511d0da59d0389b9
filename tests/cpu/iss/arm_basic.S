@ SPDX-License-Identifier: Apache-2.0
@ The first slice: data processing, branches, loads and stores, SWI, from User mode through
@ the MMU and caches. Results are left in registers and in the data section.
        .include "common.inc"
        VECTORS
        .org 0x20
reset_vector:
        @ sum of 1..100 in a subs/bne loop
        mov     r0, #0
        mov     r1, #100
1:      add     r0, r0, r1
        subs    r1, r1, #1
        bne     1b
        @ r0 = 5050
        ldr     r2, =DATA
        str     r0, [r2]
        ldr     r3, [r2]            @ r3 = 5050
        mov     r4, #0xFF
        strb    r4, [r2, #5]
        ldrb    r5, [r2, #5]        @ r5 = 0xFF
        ldr     r6, [r2, #4]        @ r6 = 0x0000FF00
        bl      sub1                @ r7 = 42
        mov     r8, #1
        adds    r8, r8, #0xFFFFFFFF @ r8 = 0, C = 1, Z = 1
        mrs     r9, cpsr            @ flags
        swi     0x123               @ a trap that returns
        EXIT
sub1:   mov     r7, #42
        bx      lr
        .ltorg
        DEFAULT_HANDLERS
