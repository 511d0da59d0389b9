@ SPDX-License-Identifier: Apache-2.0
@ Three runs of two-cycle multiplies, each after a `swi 1` marker; the test asserts nIRQ at a
@ chosen picosecond after each marker and checks the instruction boundary the IRQ is taken at.
        .include "common.inc"
        VECTORS
        .org 0x20
reset_vector:
        .rept 3
        swi     1
        .rept 40
        mul     r3, r4, r5
        .endr
        .endr
        EXIT
        DEFAULT_HANDLERS
