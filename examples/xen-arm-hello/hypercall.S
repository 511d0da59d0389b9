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
@ in vcpu_info.arch (shared_info + 8, + 12, + 20). restore_trap_frame (hypercall 23) resumes at
@ arch.lr with sp = arch.sp and the flags of arch.spsr, and unmasks. So: save what the handler
@ may change (and the interrupted lr and pc) on the interrupted stack, call the C handler, and
@ let restore_trap_frame return to a last LDM that reloads all of it. An upcall that comes
@ before that LDM only pushes a new frame below this one.
    .global upcall_entry
upcall_entry:
    str     lr, [sp, #-4]!           @ the interrupted pc
    sub     sp, sp, #4               @ the interrupted lr, below
    stmdb   sp!, {r0-r4, r12}
    ldr     r0, =0xFFF00000          @ shared_info
    ldr     r1, [r0, #12]            @ vcpu_info.arch.lr
    str     r1, [sp, #24]
    mov     r4, sp
    bic     sp, sp, #7               @ C wants an 8-byte aligned stack (AAPCS)
    bl      handle_events
    mov     sp, r4
    ldr     r0, =0xFFF00000
    adr     r1, 1f
    str     r1, [r0, #12]            @ resume at 1f
    str     sp, [r0, #8]             @ with sp at the saved registers
    ldr     r1, [r0, #20]
    msr     cpsr_f, r1               @ the interrupted flags (Xen restores them from arch.spsr too)
    swi     #23
1:  ldmia   sp!, {r0-r4, r12, lr, pc}
