@ SPDX-License-Identifier: Apache-2.0
@ Exceptions as the architecture takes them (ARM DDI 0100I A2.6), from privileged code through
@ the vectors at address 0: SWI, undefined, data abort (translation and alignment), prefetch
@ abort, IRQ (forced through the AITC), high vectors; banked registers, SPSR, MSR in privileged
@ modes, STM/LDM ^, and the return to User mode. Starts in SVC mode with IRQ and FIQ masked.
        .include "common.inc"
        .equ AITC, 0x10040000
        .equ UNMAPPED, 0x20000000
        VECTORS
        .org 0x20
reset_vector:
        ldr     r10, =DATA
        @ 1-3: SWI from SVC: SPSR = the SVC CPSR, LR = the next instruction
        swi     0x42
after_swi:
        @ 4: undefined instruction (coprocessor 7 does not exist): LR = next instruction
        mcr     p7, 0, r0, c0, c0, 0
        @ 5-7: data abort on an unmapped address, returned to the next instruction
        ldr     r0, =UNMAPPED
dabt_here:
        ldr     r1, [r0]
        @ 8-10: alignment fault with SCTLR.A set
        mrc     p15, 0, r2, c1, c0, 0
        orr     r3, r2, #2
        mcr     p15, 0, r3, c1, c0, 0
        ldr     r4, =DATA + 0x801
        ldr     r1, [r4, #-1]           @ aligned: fills the software TLB slot of the page
align_here:
        ldr     r1, [r4]
        mcr     p15, 0, r2, c1, c0, 0
        @ 11-12: prefetch abort: a branch to an unmapped address
        ldr     r0, =UNMAPPED
        bx      r0
after_pabt:
        @ 13-15: banked registers: SVC, IRQ and FIQ r13, FIQ r8
        mov     r13, #0x13
        mov     r8, #0x08
        msr     cpsr_c, #0xD2           @ IRQ mode
        mov     r13, #0x12
        msr     cpsr_c, #0xD1           @ FIQ mode
        mov     r8, #0x18
        mov     r13, #0x11
        msr     cpsr_c, #0xD3           @ back to SVC
        R r13                           @ 13: 0x13
        R r8                            @ 14: 0x08
        msr     cpsr_c, #0xD1
        mov     r1, r8
        msr     cpsr_c, #0xD3
        R r1                            @ 15: 0x18
        @ 16: SPSR write and read back with field masks
        ldr     r1, =0xF00000D0
        msr     spsr_fc, r1
        mrs     r1, spsr
        R r1                            @ 16: 0xF00000D0
        @ 17: STM ^ stores the User r13
        msr     cpsr_c, #0xDF           @ SYS shares the User registers
        mov     r13, #0x77
        msr     cpsr_c, #0xD3
        add     r1, r10, #0x400
        stmia   r1, {r13}^
        ldr     r2, [r1]
        R r2                            @ 17: 0x77
        @ 18: LDM ^ without the PC loads the User bank
        mov     r2, #0x66
        str     r2, [r1]
        ldmia   r1, {r13}^
        nop
        msr     cpsr_c, #0xDF
        mov     r2, r13
        msr     cpsr_c, #0xD3
        R r2                            @ 18: 0x66
        @ 19-20: IRQ through the vector, forced on AITC source 5
        ldr     r1, =AITC
        mov     r2, #5
        str     r2, [r1, #0x08]         @ INTENNUM
        mov     r2, #0x20
        str     r2, [r1, #0x54]         @ INTFRCL: source 5
        msr     cpsr_c, #0x53           @ IRQ enabled: taken at the next boundary
irq_return:
        nop
        msr     cpsr_c, #0xD3
        @ 21-22: high vectors: map 0xFFF00000 to PA 0xC0300000, put a SWI vector there
        ldr     r1, =0xC0100000 + (0xFFF * 4)
        ldr     r2, =0xC0300C1E         @ section, AP 11, C B
        str     r2, [r1]
        ldr     r1, =0xC03F0008         @ VA 0xFFFF0008
        ldr     r2, =0xE51FF004         @ ldr pc, [pc, #-4]
        str     r2, [r1]
        adr     r2, high_swi
        str     r2, [r1, #4]
        mcr     p15, 0, r0, c8, c7, 0   @ invalidate the TLB
        mrc     p15, 0, r2, c1, c0, 0
        orr     r2, r2, #0x2000         @ V
        mcr     p15, 0, r2, c1, c0, 0
        swi     0x43
after_high:
        bic     r2, r2, #0x2000
        mcr     p15, 0, r2, c1, c0, 0
        @ 23: to User mode with an exception return: LDM ^ with the PC (CPSR = SPSR = User)
        msr     spsr_fsxc, #0x10
        adr     r1, user_code
        ldr     sp, =DATA + 0xF00
        stmfd   sp!, {r1}
        ldmfd   sp!, {pc}^
user_code:
        mrs     r1, cpsr
        R r1                            @ 23: 0x10
        @ CP15 from User mode is undefined: a trap record for the privileged software
        mrc     p15, 0, r1, c1, c0, 0
        pld     [r10]                   @ no effect
        mov     r2, r10
user_bkpt:
        bkpt    0x12                    @ a prefetch abort: ends the program
        EXIT

swi_vector:
        mrs     r11, spsr
        R r11                           @ 1: 0x000000D3
        R lr                            @ 2: after_swi
        mrs     r11, cpsr
        R r11                           @ 3: 0x000000D3 (SVC, I and F)
        movs    pc, lr
undef_vector:
        mrs     r11, cpsr
        and     r11, r11, #0x1F
        R r11                           @ 4: 0x1B
        movs    pc, lr
dabt_vector:
        mrc     p15, 0, r11, c5, c0, 0
        R r11                           @ 5/8: DFSR
        mrc     p15, 0, r11, c6, c0, 0
        R r11                           @ 6/9: FAR
        sub     r11, lr, #8
        R r11                           @ 7/10: the faulting instruction
        subs    pc, lr, #4              @ skip it
pabt_vector:
        mrc     p15, 0, r11, c5, c0, 1
        R r11                           @ 11: IFSR
        sub     r11, lr, #4
        R r11                           @ 12: UNMAPPED
        adr     lr, after_pabt
        movs    pc, lr
irq_vector:
        ldr     r11, =AITC
        mov     r12, #0
        str     r12, [r11, #0x54]       @ drop the forced source
        mrs     r11, spsr
        R r11                           @ 19: 0x53
        sub     r11, lr, #4
        R r11                           @ 20: irq_return
        subs    pc, lr, #4
high_swi:
        R lr                            @ 21: after_high
        mrs     r11, cpsr
        and     r11, r11, #0x1F
        R r11                           @ 22: 0x13
        movs    pc, lr
fiq_vector:
        mov     r12, #6
        b       .
        .ltorg
