@ SPDX-License-Identifier: Apache-2.0
@ Xen-ARM hypercall stubs. Xen's vector_swi (xen/arch/arm/xen/entry.S, andreiw/xen3-arm-tegra
@ @8caa5e6) reads the hypercall number from the low 24 bits of the word at lr-4, so the SWI
@ must be an ARM-state instruction: this file is assembled with .arm whatever the C code's
@ instruction set. Arguments are already in r0-r3 (AAPCS), the result comes back in r0.
    .syntax unified
    .arm
    .text

.macro HYPERCALL name, nr
    .global \name
    .type \name, %function
    .balign 4
\name:
    swi     #\nr
    bx      lr
    .size \name, . - \name
.endm

    HYPERCALL HYPERVISOR_set_trap_table, 0
    HYPERCALL HYPERVISOR_set_timer_op, 15
    HYPERCALL HYPERVISOR_event_channel_op, 16
    HYPERCALL HYPERVISOR_xen_version, 17
    HYPERCALL HYPERVISOR_console_io, 18
    HYPERCALL HYPERVISOR_physdev_op, 19
    HYPERCALL HYPERVISOR_sched_op, 29
