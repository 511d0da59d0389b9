@ SPDX-License-Identifier: Apache-2.0
@ A tiny CPU-bound program whose cycle count is computed by hand from the ARM9EJ-S TRM
@ (ARM DDI 0222B table 8.2 and the Thumb table) in docs/models/arm926_iss.md and asserted by
@ tests/system/test_exec.py: ITERATIONS passes through a loop, then exit(0). Built with
@ -DITERATIONS=1 and -DITERATIONS=1001; the difference of the two runs is the cost of
@ 1000 iterations, free of start-up and cold-cache effects.
@   LOOP 1:  subs r0, r0, #1 ; bne         (1 + 3 cycles per taken iteration)
@   LOOP 2:  ldr r1, [sp] ; add r3, r3, r1 ; subs ; bne   (load-use interlock: 1 + 2 + 1 + 3)
    .syntax unified
    .text
    .global _start
#ifdef THUMB
    .thumb
    .thumb_func
#else
    .arm
#endif
_start:
    ldr r0, iterations          @ the same instruction in every build: only the word differs
    movs r3, #0
    .align 3
loop:
#if LOOP == 2
    ldr r1, [sp]
    adds r3, r3, r1
#endif
    subs r0, r0, #1
    bne loop
    movs r0, #0
    movs r7, #1
    svc 0
    .align 2
iterations:
    .word ITERATIONS
