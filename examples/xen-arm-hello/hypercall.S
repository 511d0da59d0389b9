@ SPDX-License-Identifier: Apache-2.0
@ Hypercall stubs and the event upcall entry. Xen-ARM reads the hypercall number from the
@ SWI instruction at lr-4, so these must be ARM code (.arm), whatever the C code is built as.
    .syntax unified
    .arm
    .text

.macro HYPERCALL name, nr
    .global \name
    .type \name, %function
\name:
    swi     #\nr
    bx      lr
.endm
    HYPERCALL HYPERVISOR_set_trap_table, 0
    HYPERCALL HYPERVISOR_set_timer_op, 15
    HYPERCALL HYPERVISOR_event_channel_op, 16
    HYPERCALL HYPERVISOR_console_io, 18
    HYPERCALL HYPERVISOR_sched_op, 29

@ The trap table's IRQ entry. Xen-ARM enters it with the upcall mask set, r0-r12 as they were,
@ sp = the interrupted sp, lr = the interrupted pc, and the interrupted sp, lr and flags saved
@ in vcpu_info.arch (at shared_info + 8, + 12, + 20). restore_trap_frame (hypercall 23)
@ resumes at arch.lr with sp = arch.sp and unmasks: so put the resume pc into arch.lr and the
@ interrupted lr back into lr first.
    .global upcall_entry
upcall_entry:
    stmdb   sp!, {r0-r3, r12, lr}
    bl      handle_events
    ldmia   sp!, {r0-r3, r12, lr}    @ lr = resume pc
    stmdb   sp!, {r0, r1}
    ldr     r0, =0xFFF00000
    ldr     r1, [r0, #12]            @ the interrupted lr
    str     lr, [r0, #12]            @ resume there
    mov     lr, r1
    ldmia   sp!, {r0, r1}
    swi     #23
