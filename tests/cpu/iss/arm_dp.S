@ SPDX-License-Identifier: Apache-2.0
@ Data processing: every shifter operand form and its carry-out, register shifts by 0, 32 and
@ more, the arithmetic and logical flags (ARM DDI 0100I A5.1, A4.1). Each case leaves the result
@ (r1) and the CPSR in the data section; the test holds the values the pseudo-code gives.
        .include "common.inc"
        VECTORS
        .org 0x20
reset_vector:
        ldr     r10, =DATA
        mov     r0, #1
        ldr     r2, =0x80000001
        mov     r3, #0xF
        ldr     r5, =0x7FFFFFFF
        mov     r6, #1
        FLAGS 0
        movs    r1, r0, lsl #31         @ 1
        REC
        movs    r1, r0, lsr #1          @ 2
        REC
        movs    r1, r2, lsr #32         @ 3
        REC
        movs    r1, r2, asr #32         @ 4
        REC
        FLAGS 2
        movs    r1, r0, rrx             @ 5
        REC
        movs    r1, r3, ror #4          @ 6
        REC
        FLAGS 2
        mov     r4, #0
        movs    r1, r0, lsl r4          @ 7: by 0 keeps C
        REC
        mov     r4, #32
        movs    r1, r0, lsl r4          @ 8
        REC
        mov     r4, #33
        movs    r1, r0, lsl r4          @ 9
        REC
        mov     r4, #32
        movs    r1, r2, lsr r4          @ 10
        REC
        mov     r4, #33
        movs    r1, r2, lsr r4          @ 11
        REC
        mov     r4, #40
        movs    r1, r2, asr r4          @ 12
        REC
        mov     r4, #32
        movs    r1, r2, ror r4          @ 13
        REC
        mov     r4, #36
        movs    r1, r3, ror r4          @ 14
        REC
        FLAGS 0
        mov     r4, #0x100
        movs    r1, r0, lsl r4          @ 15: only the bottom byte counts
        REC
        adds    r1, r5, r6              @ 16
        REC
        subs    r1, r6, r6              @ 17
        REC
        subs    r1, r6, r5              @ 18
        REC
        rsbs    r1, r6, #0              @ 19
        REC
        FLAGS 2
        adcs    r1, r6, r6              @ 20
        REC
        FLAGS 0
        sbcs    r1, r6, r6              @ 21
        REC
        FLAGS 2
        rscs    r1, r6, #5              @ 22
        REC
        mov     r1, #0
        cmp     r5, r6                  @ 23
        REC
        cmn     r5, r6                  @ 24
        REC
        FLAGS 2
        tst     r0, #2                  @ 25
        REC
        teq     r2, r2                  @ 26
        REC
        FLAGS 0
        bics    r1, r2, #0x80000000     @ 27: rotated immediate: C = bit 31
        REC
        mvns    r1, #0                  @ 28
        REC
        eors    r1, r2, r3              @ 29
        REC
        orr     r1, r0, r3, lsl #4      @ 30
        REC
        and     r1, r2, r3              @ 31
        REC
here:   add     r1, pc, #0              @ 32: PC reads as the address + 8
        sub     r1, r1, #8
        adr     r7, here
        sub     r1, r1, r7
        REC
        mov     r4, #1
        FLAGS 0
        adds    r1, r6, r0, lsl r4      @ 33: register-shifted operand in arithmetic
        REC
        EXIT
        .ltorg
        DEFAULT_HANDLERS
