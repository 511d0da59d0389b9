@ SPDX-License-Identifier: Apache-2.0
@ A CPU-bound loop for measuring the ISS's speed (not a test): a bitwise CRC-32 over a
@ 256-byte buffer, repeated r0 times, with loads, stores, shifts, conditional execution and
@ branches; then EXIT.
        .include "common.inc"
        VECTORS
        .org 0x20
reset_vector:
        ldr     r0, =2000               @ passes (about 34 k instructions each)
        ldr     r9, =DATA
        mov     r1, #0
fill:   strb    r1, [r9, r1]
        add     r1, r1, #1
        cmp     r1, #256
        bne     fill
        ldr     r6, =0xEDB88320
pass:   mvn     r2, #0                  @ crc = ~0
        mov     r1, #0
byte:   ldrb    r3, [r9, r1]
        eor     r2, r2, r3
        mov     r4, #8
bit:    movs    r2, r2, lsr #1
        eorcs   r2, r2, r6
        subs    r4, r4, #1
        bne     bit
        add     r1, r1, #1
        cmp     r1, #256
        bne     byte
        str     r2, [r9, #256]
        subs    r0, r0, #1
        bne     pass
        EXIT
        .ltorg
        DEFAULT_HANDLERS
