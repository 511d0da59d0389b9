@ SPDX-License-Identifier: Apache-2.0
@ What may end a straight run of the ISS's hot loop (engine::run_fast takes the next decoded
@ entry of the same 32-byte line without a lookup). Each case sits in one line and runs in
@ four passes, so that later passes find the line resident and its instructions decoded:
@  1. a store into the next instruction, alternating two encodings;
@  2. a BX to the next address, into Thumb in odd passes and ARM in even ones: the entry there
@     holds the other instruction set's decoding from the pass before;
@  3. a load whose translation needs a table walk (a new section each pass).
@ r3 ends as 2 x 1 + 2 x 16 (case 1) + 2 x 2 (case 2) = 38.
        .include "common.inc"
        VECTORS
        .org 0x20
reset_vector:
        mov     r8, #4                  @ passes left
        mov     r3, #0
        ldr     r4, =0xE2833001         @ add r3, r3, #1
        ldr     r5, =0xE2833010         @ add r3, r3, #16
        ldr     r7, =0xC0400000         @ SDRAM, identity-mapped by sections
pass:
        b       case1
        .align 5
case1:
        str     r4, [pc, #-4]           @ the PC reads as case1 + 8: stores over `patched`
patched:
        add     r3, r3, #0x100          @ never runs as assembled
        mov     r6, r4
        mov     r4, r5
        mov     r5, r6
        adr     r0, both
        tst     r8, #1
        b       case2
        .align 5
case2:
        addne   r0, r0, #1              @ odd passes: to Thumb
        cmp     r0, r0                  @ Z = 1, N = 0: the ARM readings below fail their conditions
        bx      r0
both:
        .word   0x1C5B1C5B              @ Thumb: adds r3, r3, #1 twice; ARM: LDCNE (not executed)
        .word   0x46C04778              @ Thumb: bx pc (to case2 + 20 in ARM), nop; ARM: MI, not executed
        ldr     r1, [r7]                @ 3: a walk for a new section
        add     r7, r7, #0x100000
        add     r1, r1, #1
        subs    r8, r8, #1
        bne     pass
        EXIT
        .ltorg
        DEFAULT_HANDLERS
