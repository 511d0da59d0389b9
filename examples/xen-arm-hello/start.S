@ SPDX-License-Identifier: Apache-2.0
@ Entry from Xen-ARM's domain builder: virtual kernel mode (real USR mode), r12 = start_info,
@ upcalls masked. Linked at a fixed address (link.ld), so nothing to relocate.
    .syntax unified
    .arm

    @ Xen-ARM's loader (xen/common/elf.c) wants this note: LOADER=generic and XEN_VER=xen-3.0.
    .section __xen_guest, ""
    .ascii  "GUEST_OS=hello,XEN_VER=xen-3.0,LOADER=generic\0"

    .section .text.start, "ax"
    .global _start
_start:
    ldr     sp, =stack_top
    mov     r0, r12
    bl      main
1:  b       1b

    .bss
    .balign 8
    .space  4096
stack_top:
