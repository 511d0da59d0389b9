@ SPDX-License-Identifier: Apache-2.0
@ Bare-metal entry of the benchmark kernels for qemu-system-arm -M versatilepb (RAM at 0):
@ a stack, zeroed .bss, bare_main(), then QEMU's semihosting SYS_EXIT
@ (ARM "Semihosting for AArch32 and AArch64", SYS_EXIT 0x18, reason
@ ADP_Stopped_ApplicationExit 0x20026, ARM-state call SVC 0x123456).
    .syntax unified
    .arm
    .section .text.start, "ax"
    .global _start
_start:
    ldr sp, =__stack_top
    ldr r0, =__bss_start
    ldr r1, =__bss_end
    mov r2, #0
1:  cmp r0, r1
    strlo r2, [r0], #4
    blo 1b
    bl bare_main
    mov r0, #0x18
    ldr r1, =0x20026
    svc 0x123456
2:  b 2b
