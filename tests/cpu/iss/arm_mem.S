@ SPDX-License-Identifier: Apache-2.0
@ Loads and stores (A5.2-A5.5), multiplies and the E extensions (A4.1), status registers,
@ interworking. Each result goes to the data section in order; the test holds the values.
        .include "common.inc"
        VECTORS
        .org 0x20
reset_vector:
        ldr     r10, =DATA
        add     r9, r10, #0x800         @ scratch memory
        ldr     r0, =0x44332211
        ldr     r1, =0x88776655
        str     r0, [r9]
        str     r1, [r9, #4]
        @ --- addressing modes and write-back
        mov     r2, r9
        ldr     r3, [r2, #4]!           @ pre-indexed, write-back
        R r3                            @ 1: 0x88776655
        sub     r4, r2, r9
        R r4                            @ 2: 4
        ldr     r3, [r2], #-4           @ post-indexed
        R r3                            @ 3: 0x88776655
        sub     r4, r2, r9
        R r4                            @ 4: 0
        mov     r5, #1
        ldr     r3, [r2, r5, lsl #2]    @ scaled register offset
        R r3                            @ 5: 0x88776655
        ldr     r3, [r2, #1]            @ unaligned: rotated by 8 (ARMv5)
        R r3                            @ 6: 0x11443322
        ldr     r3, [r2, #3]
        R r3                            @ 7: 0x33221144
        ldrb    r3, [r2, #6]
        R r3                            @ 8: 0x77
        ldrh    r3, [r2, #2]
        R r3                            @ 9: 0x4433
        ldrsb   r3, [r2, #7]
        R r3                            @ 10: 0xFFFFFF88
        ldrsh   r3, [r2, #6]
        R r3                            @ 11: 0xFFFF8877
        mov     r5, #2
        ldrh    r3, [r2, -r5]!          @ register offset, negative, write-back
        sub     r4, r2, r9
        R r4                            @ 12: -2
        add     r2, r2, #2
        ldr     r6, =0xABCD
        strh    r6, [r2, #8]
        ldr     r3, [r2, #8]
        R r3                            @ 13: 0x0000ABCD
        mov     r6, #0x5A
        strb    r6, [r2, #9]
        ldr     r3, [r2, #8]
        R r3                            @ 14: 0x00005ACD
        @ --- LDRD/STRD
        add     r2, r9, #16
        mov     r4, #7
        mov     r5, #9
        strd    r4, [r2], #8
        sub     r3, r2, r9
        R r3                            @ 15: 24
        ldrd    r6, [r9, #16]
        R r6                            @ 16: 7
        R r7                            @ 17: 9
        @ --- LDM/STM, four modes, write-back, base in list
        add     r2, r9, #32
        mov     r3, #1
        mov     r4, #2
        mov     r5, #3
        stmia   r2!, {r3-r5}
        sub     r6, r2, r9
        R r6                            @ 18: 44
        ldmdb   r2!, {r6-r8}
        R r6                            @ 19: 1
        R r8                            @ 20: 3
        sub     r6, r2, r9
        R r6                            @ 21: 32
        stmib   r2, {r3, r4}
        ldr     r6, [r2, #4]
        R r6                            @ 22: 1
        add     r2, r2, #8
        stmda   r2, {r3, r4}            @ stores r3 at r2-4, r4 at r2
        ldr     r6, [r2]
        R r6                            @ 23: 2
        add     r2, r9, #32
        stmia   r2, {r2, r3}            @ base in the list: its value is stored
        ldr     r6, [r9, #32]
        sub     r6, r6, r9
        R r6                            @ 24: 32
        add     r2, r9, #32
        ldmia   r2, {r1, r2}            @ base loaded
        R r2                            @ 25: 1
        @ --- SWP / SWPB
        add     r2, r9, #64
        ldr     r3, =0x11223344
        str     r3, [r2]
        mov     r4, #0x99
        swp     r5, r4, [r2]
        R r5                            @ 26: 0x11223344
        ldr     r5, [r2]
        R r5                            @ 27: 0x99
        mov     r4, #0xEE
        swpb    r5, r4, [r2]
        R r5                            @ 28: 0x99
        ldr     r5, [r2]
        R r5                            @ 29: 0xEE
        @ --- multiplies
        ldr     r3, =0xFFFFFFFE         @ -2
        mov     r4, #3
        mul     r5, r3, r4
        R r5                            @ 30: -6
        mov     r6, #10
        mla     r5, r3, r4, r6
        R r5                            @ 31: 4
        umull   r5, r6, r3, r4
        R r5                            @ 32: 0xFFFFFFFA
        R r6                            @ 33: 2
        smull   r5, r6, r3, r4
        R r5                            @ 34: 0xFFFFFFFA
        R r6                            @ 35: 0xFFFFFFFF
        mov     r5, #1
        mov     r6, #0
        umlal   r5, r6, r3, r4
        R r5                            @ 36: 0xFFFFFFFB
        R r6                            @ 37: 2
        mov     r5, #10
        mov     r6, #0
        smlal   r5, r6, r3, r4
        R r5                            @ 38: 4
        R r6                            @ 39: 0
        FLAGS 0
        muls    r5, r6, r4              @ 0: Z
        mrs     r7, cpsr
        R r7                            @ 40: Z
        @ --- E extensions
        ldr     r3, =0x00030002         @ top 3, bottom 2
        ldr     r4, =0xFFFF0005         @ top -1, bottom 5
        smulbb  r5, r3, r4
        R r5                            @ 41: 10
        smultb  r5, r3, r4
        R r5                            @ 42: 15
        smulbt  r5, r3, r4
        R r5                            @ 43: -2
        smultt  r5, r3, r4
        R r5                            @ 44: -3
        mov     r6, #100
        smlabb  r5, r3, r4, r6
        R r5                            @ 45: 110
        smulwb  r5, r3, r4              @ (0x00030002 * 5) >> 16
        R r5                            @ 46: 15
        smlawt  r5, r3, r4, r6          @ (0x00030002 * -1) >> 16 + 100
        R r5                            @ 47: 96
        mov     r7, #0
        mov     r8, #0
        smlaltb r7, r8, r3, r4          @ 3 * 5
        R r7                            @ 48: 15
        R r8                            @ 49: 0
        FLAGS 0
        ldr     r3, =0x7FFFFFFF
        mov     r4, #1
        qadd    r5, r3, r4
        R r5                            @ 50: 0x7FFFFFFF
        mrs     r7, cpsr
        R r7                            @ 51: Q set
        msr     cpsr_f, #0
        qsub    r5, r4, r3              @ 1 - 0x7FFFFFFF
        R r5                            @ 52: 0x80000002
        mrs     r7, cpsr
        R r7                            @ 53: Q clear
        ldr     r4, =0xC0000000
        qdadd   r5, r4, r4              @ 2*r4 saturates to 0x80000000, + r4 saturates
        R r5                            @ 54: 0x80000000
        mrs     r7, cpsr
        R r7                            @ 55: Q set
        msr     cpsr_f, #0
        mov     r4, #5
        qdsub   r5, r4, r4              @ 5 - 10
        R r5                            @ 56: -5
        ldr     r3, =0x7FFF0000
        ldr     r4, =0x7FFF0000
        smlatt  r5, r3, r4, r3          @ 0x7FFF * 0x7FFF + 0x7FFF0000 overflows: Q
        mrs     r7, cpsr
        R r7                            @ 57: Q set
        @ --- CLZ
        mov     r3, #0
        clz     r5, r3
        R r5                            @ 58: 32
        mov     r3, #0x100
        clz     r5, r3
        R r5                            @ 59: 23
        @ --- MRS/MSR from User mode: only the flags are written
        mrs     r5, cpsr
        orr     r5, r5, #0xDF           @ try I, F, T and SYS mode
        msr     cpsr_fsxc, r5
        mrs     r5, cpsr
        and     r5, r5, #0xFF
        R r5                            @ 60: 0x10
        @ --- interworking: BLX to Thumb, BX back, LDR pc with bit 0, LDM pc
        adr     r3, thumb_code + 1
        blx     r3
        R r0                            @ 61: 0x77 (from Thumb)
        adr     r3, arm_target
        str     r3, [r9, #96]
        ldr     pc, [r9, #96]
        mov     r0, #1                  @ skipped
arm_target:
        adr     r3, thumb_pop + 1
        str     r3, [r9, #100]
        add     r2, r9, #100
        ldmia   r2, {pc}                @ to Thumb (ARMv5T: bit 0 selects the state)
back_from_pop:
        R r0                            @ 62: 0x55
        blx     thumb_imm               @ BLX <immediate>
        R r0                            @ 63: 0x66
        EXIT

        .thumb
        .align 2
thumb_code:
        movs    r0, #0x77
        bx      lr
        .align 2
thumb_pop:
        movs    r0, #0x55
        ldr     r1, =back_from_pop
        bx      r1
        .align 2
thumb_imm:
        movs    r0, #0x66
        bx      lr
        .ltorg
        .arm
        .align 2
        .ltorg
        DEFAULT_HANDLERS
