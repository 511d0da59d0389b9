@ SPDX-License-Identifier: Apache-2.0
@ Context switch and trap entries of the kernel's Xen-ARM port.
@
@ The guest runs in real USR mode all the time (its "kernel" mode is virtual), so it cannot
@ use CPSR.I or banked registers. Xen-ARM's upcall (do_upcall in xen/arch/arm/xen/entry.S,
@ andreiw/xen3-arm-tegra @8caa5e6) enters the trap table's IRQ entry with r0-r12 intact,
@ sp = the interrupted sp (the guest was in virtual kernel mode), lr = the interrupted pc,
@ and the interrupted lr and flags saved in shared_info's vcpu_info.arch (tlr, tspsr), the
@ upcall mask set. restore_trap_frame (hypercall 23, xen/arch/arm/xen/hypercalls.S) resumes
@ at arch.lr with sp = arch.sp, flags and virtual mode from arch.spsr, the other registers
@ as they were at the SWI, and clears the upcall mask.
@
@ Every switched-out context is one 16-word frame on its task's stack:
@   [0] psr: N Z C V (bits 31:28), plus FRAME_MASKED if the task left with upcalls masked
@   [4..52] r0..r12   [56] lr   [60] pc
@ A frame left by an upcall (or an abort) is unmasked: it resumes through restore_trap_frame,
@ which unmasks as it returns, to rtv_resume_frame with sp at the frame's r0, which then
@ reloads every register in one LDM (an upcall that comes before that LDM only pushes a new
@ frame below this one). Only sp, pc and the flags thus cross the hypercall, and the code
@ sets all three itself as well, so it does not depend on what else Xen restores. A frame
@ left by OSCtxSw (a task that gave up the CPU inside a critical section) is masked and
@ resumes directly: the task's own OS_EXIT_CRITICAL unmasks.
@
@ C is called with sp aligned to 8 (AAPCS; LDRD/STRD on the stack need it on ARMv5TE), and
@ an upcall may interrupt code at any 4-aligned sp, so the entries align it.
    .syntax unified
    .arm
    .text

    .equ SHINFO_ARCH_SP,   8        @ vcpu_info[0].arch.sp   (public/arch-arm.h; asm-offsets OFFSET_TSP)
    .equ SHINFO_ARCH_LR,   12       @ vcpu_info[0].arch.lr   (OFFSET_TLR)
    .equ SHINFO_ARCH_SPSR, 20       @ vcpu_info[0].arch.spsr (OFFSET_TSPSR)
    .equ FRAME_MASKED,     0x80
    .equ FRAME_BYTES,      64
    .equ PSR_FLAGS,        0xF0000000
    .equ PSR_MODE_SVC,     0x13     @ the virtual mode to resume in: guest kernel

@ Saves the context an upcall or abort interrupted as a frame on the interrupted stack.
.macro SAVE_TRAP_FRAME
    str     lr, [sp, #-4]!           @ pc
    sub     sp, sp, #4               @ lr, filled below from arch.lr
    stmdb   sp!, {r0-r12}
    sub     sp, sp, #4               @ psr
    ldr     r4, =0xFFF00000          @ XEN_SHARED_INFO_VA (include/xen_arm_guest.h)
    ldr     r5, [r4, #SHINFO_ARCH_LR]
    str     r5, [sp, #56]
    ldr     r5, [r4, #SHINFO_ARCH_SPSR]
    and     r5, r5, #PSR_FLAGS       @ upcalls were unmasked, or there would be no upcall
    str     r5, [sp]
.endm

@ Trap table IRQ entry: the event upcall.
    .global rtv_irq_entry
    .type rtv_irq_entry, %function
rtv_irq_entry:
    SAVE_TRAP_FRAME
    mov     r0, sp
    bic     sp, sp, #7
    bl      rtv_upcall               @ returns the frame to resume (another task's after a switch)
    b       rtv_restore_frame
    .size rtv_irq_entry, . - rtv_irq_entry

@ Trap table data-abort entry: Xen bounces a fault in the guest's map here with lr = the
@ faulting instruction + 8 and FAR/FSR in arch.far/fsr. The port counts it and resumes after
@ the faulting instruction (the access is not retried).
    .global rtv_dabt_entry
    .type rtv_dabt_entry, %function
rtv_dabt_entry:
    sub     lr, lr, #4
    SAVE_TRAP_FRAME
    mov     r0, sp
    bic     sp, sp, #7
    bl      rtv_data_abort
    b       rtv_restore_frame
    .size rtv_dabt_entry, . - rtv_dabt_entry

@ Entries the port cannot recover from: undefined instruction, prefetch abort, a SWI from
@ virtual user mode, FIQ, reset. r0 = the vector number for rtv_fatal_trap (no return).
.macro FATAL_ENTRY name, vector
    .global \name
    .type \name, %function
\name:
    mov     r0, #\vector
    mov     r1, lr
    bic     sp, sp, #7
    bl      rtv_fatal_trap
    .size \name, . - \name
.endm
    FATAL_ENTRY rtv_reset_entry, 0
    FATAL_ENTRY rtv_undef_entry, 1
    FATAL_ENTRY rtv_swi_entry, 2
    FATAL_ENTRY rtv_pabt_entry, 3
    FATAL_ENTRY rtv_fiq_entry, 7

@ OSCtxSw: a task-level switch, called by OS_Sched inside its critical section (masked).
    .global OSCtxSw
    .type OSCtxSw, %function
OSCtxSw:
    str     lr, [sp, #-4]!           @ pc: resume where OS_Sched called us
    str     lr, [sp, #-4]!           @ lr
    stmdb   sp!, {r0-r12}
    mrs     r0, cpsr
    and     r0, r0, #PSR_FLAGS
    orr     r0, r0, #FRAME_MASKED
    str     r0, [sp, #-4]!
    mov     r0, sp
    bl      rtv_switch_to_high       @ saves the frame in OSTCBCur, returns OSTCBHighRdy's
    b       rtv_restore_frame
    .size OSCtxSw, . - OSCtxSw

@ OSStartHighRdy: the first task; nothing to save.
    .global OSStartHighRdy
    .type OSStartHighRdy, %function
OSStartHighRdy:
    mov     r0, #0
    bl      rtv_switch_to_high
    b       rtv_restore_frame
    .size OSStartHighRdy, . - OSStartHighRdy

@ Resumes the frame at r0 (never returns). Runs with upcalls masked.
    .global rtv_restore_frame
    .type rtv_restore_frame, %function
rtv_restore_frame:
    ldr     r1, [r0]                 @ psr word
    add     sp, r0, #4               @ sp at the frame's r0
    tst     r1, #FRAME_MASKED
    bne     1f
    ldr     r4, =0xFFF00000          @ XEN_SHARED_INFO_VA
    adr     r2, rtv_resume_frame
    str     r2, [r4, #SHINFO_ARCH_LR]     @ where restore_trap_frame returns
    str     sp, [r4, #SHINFO_ARCH_SP]     @ with this sp
    and     r1, r1, #PSR_FLAGS
    orr     r2, r1, #PSR_MODE_SVC
    str     r2, [r4, #SHINFO_ARCH_SPSR]   @ these flags, virtual kernel mode
    msr     cpsr_f, r1
    swi     #23                      @ HYPERVISOR_restore_trap_frame: unmasks, goes on below
    .global rtv_resume_frame
rtv_resume_frame:
    ldmia   sp!, {r0-r12, lr, pc}
1:  msr     cpsr_f, r1               @ masked frame: flags (USR mode may write them), then all
    ldmia   sp!, {r0-r12, lr, pc}
    .size rtv_restore_frame, . - rtv_restore_frame

@ The observer's hook functions (include/rtv_ucos_observe.h): empty, each at its own address
@ (written here so that no compiler merges or inlines them).
.macro OBSERVER_HOOK name
    .global \name
    .type \name, %function
\name:
    bx      lr
    .size \name, . - \name
.endm
    OBSERVER_HOOK rtv_hook_tick_done
    OBSERVER_HOOK rtv_hook_job_released
    OBSERVER_HOOK rtv_hook_job_finished
