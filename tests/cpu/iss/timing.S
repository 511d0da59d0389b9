@ SPDX-License-Identifier: Apache-2.0
@ One sequence per row of the timing table (sim/cpu/iss/timing.hpp), each between two
@ `swi 1` markers, run twice so that the second pass runs with warm caches and TLB. The test
@ holds the cycles between consecutive markers: the sequence plus the closing SWI's 3 cycles.
        .include "common.inc"
        .macro MARK
        swi     1
        .endm
        VECTORS
        .org 0x20
reset_vector:
        ldr     r9, =DATA + 0x100
        add     r8, r9, #64
        add     r10, r9, #0x100         @ a line for the block store, allocated by a load
        ldr     r0, [r10]
        mov     r1, #7
        str     r1, [r9]
        adr     r1, ldm_target
        str     r1, [r8, #4]
        str     r9, [r8, #8]
        adr     r1, ldr_target
        str     r1, [r9, #8]
        mov     r2, #0
        mov     r4, #3
        mov     r5, #5
        mov     r11, #2
pass:
        MARK
        .rept 10                        @ 1: ten data ops: 10
        add     r0, r0, #1
        .endr
        MARK
        mov     r1, r1, lsl r2          @ 2: register-controlled shift: 2
        MARK
        ldr     r1, [r9]                @ 3: LDR + use: 1 + 1 + 1 interlock
        add     r3, r3, r1
        MARK
        ldr     r1, [r9]                @ 4: LDR, no use: 1 + 1
        add     r3, r3, r4
        MARK
        ldrb    r1, [r9]                @ 5: LDRB + use: 1 + 1 + 2 interlock
        add     r3, r3, r1
        MARK
        ldrb    r1, [r9]                @ 6: LDRB, use after one: 1 + 1 + 1 + 1 interlock
        add     r4, r4, #0
        add     r3, r3, r1
        MARK
        ldr     r1, [r9, #1]            @ 7: unaligned LDR + use: 1 + 1 + 2
        add     r3, r3, r1
        MARK
        ldr     r1, [r9, r2, lsl #2]    @ 8: scaled offset + use: 2 + 1 + 1
        add     r3, r3, r1
        MARK
        ldr     r1, [r9]                @ 9: LDR then STR of it (C port): 1 + 1 + 1
        str     r1, [r9, #4]
        MARK
        ldr     r1, [r9]                @ 10: LDR then MLA accumulating it: 1 + 1 + 2
        mla     r3, r4, r5, r1
        MARK
        mul     r3, r4, r5              @ 11: MUL + use: 2 + 1 + 1
        add     r6, r6, r3
        MARK
        mul     r3, r4, r5              @ 12: MUL then MLA chain on the accumulator: 2 + 2
        mla     r6, r4, r5, r3
        MARK
        muls    r3, r4, r5              @ 13: MULS: 4
        MARK
        umull   r3, r6, r4, r5          @ 14: UMULL: 3
        MARK
        umulls  r3, r6, r4, r5          @ 15: UMULLS: 5
        MARK
        smulbb  r3, r4, r5              @ 16: SMULBB + use: 1 + 1 + 1
        add     r6, r6, r3
        MARK
        mov     r0, #10                 @ 17: subs/bne loop of 10: 1 + 10 * (1 + 3) - 2
1:      subs    r0, r0, #1
        bne     1b
        MARK
        b       2f                      @ 18: B: 3
2:      MARK
        bl      leaf                    @ 19: BL + BX lr: 3 + 3
        MARK
        adr     r1, 3f                  @ 20: MOV pc: 1 + 4
        mov     pc, r1
3:      MARK
        add     pc, pc, #0              @ 21: ADD pc (arithmetic): 3
        nop
        MARK
        ldr     pc, [r9, #8]            @ 22: LDR pc: 5
ldr_target:
        MARK
        ldmia   r9, {r1, r3, r6}        @ 23: LDM of 3: 3
        MARK
        ldmia   r9, {r1}                @ 24: LDM of 1: 2
        MARK
        ldmia   r8, {r1, pc}            @ 25: LDM with the PC: 2 + 4
ldm_target:
        MARK
        stmia   r10, {r1, r3, r4, r5}   @ 26: STM of 4: 4
        MARK
        str     r1, [r9]                @ 27: STR: 1
        MARK
        strd    r4, [r9, #16]           @ 28: STRD: 2
        MARK
        ldrd    r6, [r9, #16]           @ 29: LDRD + use of the second word: 2 + 1 + 1
        add     r3, r3, r7
        MARK
        ldrb    r1, [r8]                @ 30: LDRB then STM storing it first: 1 + 1 + 2
        stmia   r9, {r1, r3}
        MARK
        ldr     r1, [r8, #8]            @ 31: LDR of the STM base: 1 + 1 + 2
        stmia   r1, {r3, r4}
        MARK
        swp     r1, r4, [r9]            @ 32: SWP: 2
        MARK
        mrs     r1, cpsr                @ 33: MRS + MSR flags: 1 + 1
        msr     cpsr_f, r1
        MARK
        cmp     r0, r0                  @ 34: four failed conditions and a failed branch: 1 + 5
        addne   r0, r0, #1
        addne   r0, r0, #1
        ldrne   r0, [r9]
        mulne   r0, r4, r5
        bne     leaf
        MARK
        clz     r1, r4                  @ 35: CLZ + QADD: 1 + 1
        qadd    r1, r4, r5
        MARK
        mov     r1, #0                  @ 36: BL in Thumb (prefix 1 + suffix 3) and BX lr (3)
        adr     r0, thumb_part + 1
        bx      r0
back:   MARK
        subs    r11, r11, #1
        bne     pass
        EXIT
leaf:   bx      lr
        .thumb
        .align 2
thumb_part:
        swi     1
        bl      thumb_leaf              @ (the measured sequence)
        swi     1
        lsls    r1, r2                  @ 37: Thumb register shift: 2
        swi     1
        ldr     r0, =back
        bx      r0
thumb_leaf:
        bx      lr
        .ltorg
        .arm
        .align 2
        .ltorg
        DEFAULT_HANDLERS
