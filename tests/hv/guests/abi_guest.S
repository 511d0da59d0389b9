@ SPDX-License-Identifier: Apache-2.0
@ A binary guest that walks Xen-ARM's para-virtual ABI (docs/guest_abi.md) and writes what it
@ saw into `results` (word indices below), for tests/hv/test_binary_guest.cpp: a hypercall's
@ registers and result, an upcall's frame, restore_trap_frame, a prefetch abort from virtual
@ user mode, an undefined instruction, a data abort; then it powers the machine off. With
@ `test_mode` = 1 (an image patch) it ends with a SWI from Thumb state instead.
@ Linked at 0xC1000000, the first domain's partition (identity-mapped).
    .syntax unified
    .arm

    .section __xen_guest, ""
    .ascii  "GUEST_OS=abi_test,XEN_VER=xen-3.0,LOADER=generic\0"

    .equ SHARED_INFO, 0xFFF00000
    .equ SI_MASK, 1
    .equ SI_SEL, 4
    .equ SI_TSP, 8
    .equ SI_TLR, 12
    .equ SI_TSPSR, 20
    .equ SI_FAR, 40
    .equ SI_FSR, 44
    .equ SI_PENDING0, 112
    .equ SI_MASK0, 240

    .section .text.start, "ax"
    .global _start
_start:
    nop                              @ the test's observer sees the entry state after it
    ldr     sp, =stack_top
    ldr     r11, =results

    @ console_io(CONSOLEIO_write, 5, text): r0-r2
    mov     r0, #0
    mov     r1, #5
    adr     r2, text
    swi     #18
    @ xen_version(XENVER_version): the result in r0, r1-r3 as they were
    mov     r0, #0
    ldr     r1, =0x11111111
    ldr     r2, =0x22222222
    ldr     r3, =0x33333333
    swi     #17
    stmia   r11, {r0-r3}             @ [0..3]
    @ event_channel_op(a pointer to nothing): -EFAULT
    mov     r0, #0x10
    swi     #16
    str     r0, [r11, #4*4]          @ [4]
    @ set_trap_table, bind_virq(VIRQ_TIMER)
    adr     r0, trap_table
    swi     #0
    adr     r0, bind
    swi     #16
    str     r0, [r11, #5*4]          @ [5]
    adr     r1, bind
    ldr     r1, [r1, #12]
    str     r1, [r11, #6*4]          @ [6]
    @ SCHEDOP_poll on that port until 20 ms (upcalls are still masked, as poll wants): the vcpu
    @ blocks, idle runs, and the result reaches r0 when the vcpu runs again.
    adr     r2, poll
    str     r1, [r2, #16]            @ the port
    add     r1, r2, #16
    str     r1, [r2]                 @ poll.ports = &port
    mov     r0, #3
    mov     r1, r2
    swi     #29
    str     r0, [r11, #7*4]          @ [7]

    @ Unmask upcalls and spin with known registers until the VIRQ_TIMER upcall.
    ldr     r0, =SHARED_INFO
    mov     r1, #0
    strb    r1, [r0, #SI_MASK]
    adr     r1, wait
    str     r1, [r11, #41*4]         @ [41] where the upcall interrupts
    ldr     r0, =0xA0
    ldr     r1, =0xA1
    ldr     r2, =0xA2
    ldr     r3, =0xA3
    ldr     r4, =0xA4
    ldr     r5, =0xA5
    ldr     r6, =0xA6
    ldr     r7, =0xA7
    ldr     r8, =0xA8
    ldr     r9, =0xA9
    ldr     r10, =0xAA
    ldr     r11, =0xAB
    ldr     r12, =0xAC
    ldr     lr, =0x7777
    msr     cpsr_f, #0x40000000      @ Z, to find in arch.spsr
wait:
    b       wait

text:
    .ascii  "abi!\n"
    .balign 4
bind:                                @ evtchn_op_t: EVTCHNOP_bind_virq {VIRQ_TIMER, vcpu 0, port}
    .word   1, 0, 0, 0, 0, 0, 0
poll:                                @ sched_poll {ports, nr_ports, timeout (u64)}, then the port
    .word   0, 1, 20000000, 0, 0
trap_table:                          @ trap_info_t[8] {flags, address}
    .word   0, fail
    .word   0, undef_entry
    .word   0, fail
    .word   0, pabt_entry
    .word   0, dabt_entry
    .word   0, fail
    .word   0, upcall_entry
    .word   0, fail
    .ltorg

upcall_entry:
    push    {r0-r12}
    ldr     r0, =results
    add     r1, r0, #8*4
    mov     r2, sp
    ldmia   r2!, {r3-r9}
    stmia   r1!, {r3-r9}             @ [8..14] r0-r6 at entry
    ldmia   r2!, {r3-r8}
    stmia   r1!, {r3-r8}             @ [15..20] r7-r12
    str     r2, [r1], #4             @ [21] sp at entry
    str     lr, [r1], #4             @ [22] lr at entry
    ldr     r3, =SHARED_INFO
    ldr     r4, [r3, #SI_TSP]
    str     r4, [r1], #4             @ [23]
    ldr     r4, [r3, #SI_TLR]
    str     r4, [r1], #4             @ [24]
    ldr     r4, [r3, #SI_TSPSR]
    str     r4, [r1], #4             @ [25]
    ldrb    r4, [r3, #SI_MASK]
    str     r4, [r1], #4             @ [26]
    @ Acknowledge, and mask the ports (Samsung's get_free_port gives 32: word 1) so that no
    @ further upcall comes.
    mov     r4, #0
    strb    r4, [r3]
    str     r4, [r3, #SI_SEL]
    str     r4, [r3, #SI_PENDING0]
    str     r4, [r3, #SI_PENDING0 + 4]
    mvn     r4, #0
    str     r4, [r3, #SI_MASK0]
    str     r4, [r3, #SI_MASK0 + 4]
    @ restore_trap_frame: resume at after_restore, sp = stack2_top, C set, virtual kernel mode.
    adr     r4, after_restore
    str     r4, [r3, #SI_TLR]
    ldr     r4, =stack2_top
    str     r4, [r3, #SI_TSP]
    ldr     r4, =0x20000013
    str     r4, [r3, #SI_TSPSR]
    ldr     r0, =0xABCD0000
    msr     cpsr_f, #0
    swi     #23
    b       fail
after_restore:
    ldr     r1, =results
    str     r0, [r1, #27*4]
    str     sp, [r1, #28*4]
    mrs     r2, cpsr
    str     r2, [r1, #29*4]
    ldr     r3, =SHARED_INFO
    ldrb    r2, [r3, #SI_MASK]
    str     r2, [r1, #30*4]
    @ Into virtual user mode at user_code: the guest's memory is the kernel's (privileged
    @ access only), so its first fetch there is a prefetch abort, forwarded to entry 3.
    adr     r4, user_code
    str     r4, [r1, #42*4]          @ [42]
    str     r4, [r3, #SI_TLR]
    ldr     r4, =0x5000
    str     r4, [r3, #SI_TSP]
    mov     r4, #0x10
    str     r4, [r3, #SI_TSPSR]
    ldr     sp, =kstack_top          @ the kernel's sp, kept while in user mode
    ldr     lr, =0x6666
    swi     #23
    b       fail
user_code:
    b       fail

pabt_entry:
    ldr     r1, =results
    str     lr, [r1, #31*4]
    str     sp, [r1, #32*4]
    ldr     r3, =SHARED_INFO
    ldr     r2, [r3, #SI_TSP]
    str     r2, [r1, #33*4]
    ldr     r2, [r3, #SI_TLR]
    str     r2, [r1, #34*4]
    ldr     r2, [r3, #SI_TSPSR]
    str     r2, [r1, #35*4]
    ldrb    r2, [r3, #SI_MASK]
    str     r2, [r1, #36*4]
    adr     r2, udf_insn
    str     r2, [r1, #40*4]
udf_insn:
    .word   0xe7f000f0               @ permanently undefined (ARM DDI 0100I A3.16.5)
    b       fail

undef_entry:
    ldr     r1, =results
    str     lr, [r1, #37*4]
    ldr     r3, =SHARED_INFO
    ldr     r2, [r3, #SI_TLR]
    str     r2, [r1, #38*4]
    ldr     r2, [r3, #SI_TSPSR]
    str     r2, [r1, #39*4]
    adr     r2, ldr_insn
    str     r2, [r1, #43*4]
    mov     r2, #0x100               @ mapped nowhere: a section translation fault
ldr_insn:
    ldr     r0, [r2]
    b       fail

dabt_entry:
    ldr     r1, =results
    str     lr, [r1, #44*4]
    ldr     r3, =SHARED_INFO
    ldr     r0, [r3, #SI_FAR]
    str     r0, [r1, #45*4]
    ldr     r0, [r3, #SI_FSR]
    str     r0, [r1, #46*4]
    ldr     r0, =test_mode
    ldr     r0, [r0]
    cmp     r0, #1
    beq     thumb_swi
    ldr     r0, =0x600D
    str     r0, [r1, #47*4]
    mov     r0, #2                   @ SCHEDOP_shutdown
    adr     r1, reason_poweroff
    swi     #29
    b       fail
reason_poweroff:
    .word   0

fail:
    ldr     r1, =results
    ldr     r0, =0xBAD
    str     r0, [r1, #47*4]
    mov     r0, #2
    adr     r1, reason_crash
    swi     #29
1:  b       1b
reason_crash:
    .word   3

    @ A Thumb SWI at a word address + 2: Xen-ARM reads the word at lr-4, whose top half is the
    @ SWI (0xDF01) and bottom half the NOP before it: hypercall 0x0146C0, past the table.
thumb_swi:
    adr     r0, 1f + 1
    bx      r0
    .thumb
    .balign 4
1:  nop
    .global thumb_swi_insn
thumb_swi_insn:
    swi     #1
2:  b       2b
    .arm
    .ltorg

    .data
    .balign 4
    .global test_mode
    .type test_mode, %object
test_mode:
    .word   0
    .size test_mode, 4
    .global results
    .type results, %object
results:
    .space  64 * 4
    .size results, 64 * 4

    .bss
    .balign 8
    .space  1024
    .global stack_top, stack2_top, kstack_top
stack_top:
    .space  1024
stack2_top:
    .space  1024
kstack_top:
