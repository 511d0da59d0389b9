@ SPDX-License-Identifier: Apache-2.0
@ Two User-mode contexts in one image (A at 0x20, B at 0x40) that the test's privileged
@ software switches between on every `swi 1` with arm926_core::switch_arm_context.
        .include "common.inc"
        VECTORS
        .org 0x20
reset_vector:                           @ context A
        mov     r4, #0xA
        mov     sp, #0x100
        swi     1
        add     r4, r4, #1
        swi     1
        EXIT
        .org 0x40
        mov     r4, #0xB                @ context B
        mov     sp, #0x200
        swi     1
        add     r4, r4, #2
        swi     1
        b       .
        DEFAULT_HANDLERS
