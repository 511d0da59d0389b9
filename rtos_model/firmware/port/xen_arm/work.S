@ SPDX-License-Identifier: Apache-2.0
@ The work a guest's job or busy loop does, in instructions whose cycle counts are known.
    .syntax unified
    .arm
    .text

@ Task bodies' work, in instructions whose cost the ARM9EJ-S TRM (ARM DDI 0222B) table 8.2
@ gives: `subs` 1 cycle, a taken `bne` 3, so one loop iteration costs 4 cycles.
@ rtv_burn_cycles(r0 = cycles): floor(cycles / 4) iterations; the call, the shift and the
@ return add a few cycles (docs/guest_abi.md gives the arithmetic).
    .global rtv_burn_cycles
    .type rtv_burn_cycles, %function
rtv_burn_cycles:
    movs    r0, r0, lsr #2
    bxeq    lr
1:  subs    r0, r0, #1
    bne     1b
    bx      lr
    .size rtv_burn_cycles, . - rtv_burn_cycles

@ rtv_touch_lines(r0 = base, r1 = bytes, r2 = value): one load and one store per 32-byte line,
@ as the model guest's working-set steps do.
    .global rtv_touch_lines
    .type rtv_touch_lines, %function
rtv_touch_lines:
    cmp     r1, #0
    bxeq    lr
    add     r1, r0, r1               @ end
1:  ldr     r3, [r0]
    str     r2, [r0], #32
    cmp     r0, r1
    blo     1b
    bx      lr
    .size rtv_touch_lines, . - rtv_touch_lines
