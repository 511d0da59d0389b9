@ SPDX-License-Identifier: Apache-2.0
@ Every Thumb instruction format (ARM DDI 0100I A6.2, A7.1). Results are stored in order with
@ TR (r7 is the result pointer); carries are captured with ADC.
        .include "common.inc"
        .macro TR reg
        stmia   r7!, {\reg}
        .endm
        VECTORS
        .org 0x20
reset_vector:
        ldr     r7, =DATA
        ldr     r6, =DATA + 0x800
        ldr     sp, =DATA + 0x1000
        adr     r0, thumb_start + 1
        bx      r0
        .thumb
        .align 2
thumb_start:
        @ format 1: shifts by immediate
        movs    r0, #3
        lsls    r1, r0, #30             @ 0xC0000000, C = 1
        TR r1                           @ 1
        movs    r2, #0
        adcs    r2, r2                  @ C
        TR r2                           @ 2: 1
        lsrs    r1, r1, #31
        TR r1                           @ 3: 1
        ldr     r1, =0x80000000
        asrs    r1, r1, #4
        TR r1                           @ 4: 0xF8000000
        @ format 2: add/sub register and 3-bit immediate
        movs    r0, #5
        movs    r1, #7
        adds    r2, r0, r1
        TR r2                           @ 5: 12
        subs    r2, r0, #6
        TR r2                           @ 6: -1
        @ format 3: 8-bit immediates
        movs    r2, #200
        adds    r2, #100
        subs    r2, #50
        TR r2                           @ 7: 250
        cmp     r2, #250
        beq     1f
        movs    r2, #0
1:      TR r2                           @ 8: 250
        @ format 4: ALU operations
        movs    r0, #0xF0
        movs    r1, #0x3C
        movs    r2, r0
        ands    r2, r1
        TR r2                           @ 9: 0x30
        movs    r2, r0
        eors    r2, r1
        TR r2                           @ 10: 0xCC
        movs    r2, #1
        movs    r3, #4
        lsls    r2, r3
        TR r2                           @ 11: 16
        lsrs    r2, r3
        TR r2                           @ 12: 1
        ldr     r2, =0x80000000
        movs    r3, #33
        asrs    r2, r3                  @ by 33: all sign
        TR r2                           @ 13: 0xFFFFFFFF
        movs    r2, #1
        movs    r3, #1
        rors    r2, r3
        TR r2                           @ 14: 0x80000000
        movs    r2, #5
        negs    r2, r2
        TR r2                           @ 15: -5
        movs    r2, #3
        movs    r3, #4
        muls    r2, r3
        TR r2                           @ 16: 12
        mvns    r2, r3
        TR r2                           @ 17: ~4
        movs    r2, #0xFF
        bics    r2, r0
        TR r2                           @ 18: 0x0F
        orrs    r2, r0
        TR r2                           @ 19: 0xFF
        movs    r2, #1
        cmp     r2, #2                  @ borrow: C = 0
        movs    r3, #10
        movs    r4, #3
        sbcs    r3, r4                  @ 10 - 3 - 1
        TR r3                           @ 20: 6
        movs    r2, #0
        cmn     r2, r2                  @ C = 0
        adcs    r3, r4
        TR r3                           @ 21: 9
        tst     r3, r4                  @ 9 & 3 = 1: Z clear
        bne     2f
        movs    r3, #0
2:      TR r3                           @ 22: 9
        @ format 5: high registers and BX
        mov     r8, r3
        add     r8, r8
        mov     r2, r8
        TR r2                           @ 23: 18
        cmp     r8, r3
        bhi     3f
        movs    r2, #0
3:      TR r2                           @ 24: 18
        .align 2
        mov     r2, pc                  @ at A: r2 = A + 4
        adr     r3, pc_ref              @ (A + 2 + 4) & ~3 = A + 4
pc_ref: subs    r2, r2, r3
        TR r2                           @ 25: 0 (the PC reads as the instruction address + 4)
        @ format 6: PC-relative load
        ldr     r2, lit
        TR r2                           @ 26: 0x12345678
        @ formats 7 and 8: register offsets
        movs    r0, #4
        str     r2, [r6, r0]
        ldrb    r3, [r6, r0]
        TR r3                           @ 27: 0x78
        ldrh    r3, [r6, r0]
        TR r3                           @ 28: 0x5678
        movs    r3, #0x80
        strb    r3, [r6, r0]
        ldrsb   r3, [r6, r0]
        TR r3                           @ 29: 0xFFFFFF80
        ldr     r3, [r6, r0]
        TR r3                           @ 30: 0x12345680
        strh    r3, [r6, r0]
        ldrsh   r3, [r6, r0]
        TR r3                           @ 31: 0x5680
        @ formats 9 and 10: immediate offsets
        str     r2, [r6, #8]
        ldr     r3, [r6, #8]
        TR r3                           @ 32: 0x12345678
        ldrb    r3, [r6, #11]
        TR r3                           @ 33: 0x12
        strb    r0, [r6, #11]
        ldrh    r3, [r6, #10]
        TR r3                           @ 34: 0x0434
        strh    r0, [r6, #8]
        ldr     r3, [r6, #8]
        TR r3                           @ 35: 0x04340004
        @ format 11: SP-relative
        str     r2, [sp, #16]
        ldr     r3, [sp, #16]
        TR r3                           @ 36: 0x12345678
        @ format 12: load address
        add     r3, sp, #16
        ldr     r4, =DATA + 0x1010
        subs    r3, r3, r4
        TR r3                           @ 37: 0
        adr     r3, lit
        ldr     r3, [r3]
        TR r3                           @ 38: 0x12345678
        @ format 13: SP adjust
        mov     r4, sp
        sub     sp, #8
        add     sp, #12
        mov     r5, sp
        subs    r5, r5, r4
        TR r5                           @ 39: 4
        sub     sp, #4
        @ format 14: push and pop
        movs    r0, #1
        movs    r1, #2
        push    {r0, r1, lr}
        pop     {r2, r3}
        TR r3                           @ 40: 2
        pop     {r4}
        @ format 15: multiple load/store
        movs    r0, #7
        movs    r1, #8
        adds    r5, r6, #0
        stmia   r5!, {r0, r1}
        subs    r5, r5, r6
        TR r5                           @ 41: 8
        adds    r5, r6, #0
        ldmia   r5!, {r2, r3}
        TR r3                           @ 42: 8
        @ formats 16 and 18: branches
        movs    r0, #0
        cmp     r0, #1
        blt     5f
        movs    r0, #99
5:      b       6f
        movs    r0, #98
6:      TR r0                           @ 43: 0
        @ format 19: BL and BLX
        bl      thumb_sub
        TR r0                           @ 44: 0x42
        blx     arm_sub
        TR r0                           @ 45: 0x43
        @ pop {pc} to ARM (ARMv5T: bit 0 of the loaded value selects the state)
        ldr     r0, =arm_end
        push    {r0}
        pop     {pc}
        .align 2
thumb_sub:
        movs    r0, #0x42
        bx      lr
        .align 2
lit:    .word   0x12345678
        .ltorg
        .arm
        .align 2
arm_sub:
        mov     r0, #0x43
        bx      lr
arm_end:
        mov     r10, r7
        @ format 17: SWI from Thumb (the number is 8 bits)
        adr     r0, thumb_swi + 1
        bx      r0
        .thumb
        .align 2
thumb_swi:
        swi     0x5A
        swi     0
        .arm
        .align 2
        .ltorg
        DEFAULT_HANDLERS
