@ SPDX-License-Identifier: Apache-2.0
@ Directed privileged-mode program for the lock-step comparison of rtvsim's ISS with
@ qemu-system-arm -M versatilepb -cpu arm926,vfp=off (tools/iss_fuzz/privileged.py).
@ Linked at virtual address 0 and loaded at RAM_PA (0 on versatilepb, 0xC0000000 on the
@ i.MX21): the set-up before `compare_start` builds a level-1 table, turns the MMU on and
@ jumps to the virtual addresses, so everything compared runs at the same addresses on both:
@ processor modes and banked registers, SPSRs, SWI, undefined instruction, BKPT (prefetch
@ abort), data aborts (translation, domain, permission, alignment) with FSR/FAR, a
@ prefetch abort from an unmapped fetch, exception returns (MOVS pc, SUBS pc, LDM ^), the
@ user-bank STM/LDM ^, CP15 c1/c3/c5/c6 (ARM DDI 0100I A2, B3, B4; ARM926EJ-S TRM DDI 0198D).
@ It ends with SWI from User mode: rtvsim's harness stops there; QEMU's run goes on to
@ semihosting SYS_EXIT.
    .syntax unified
    .arm
    .section .text.vectors, "ax"
    .global _start
_start:
    b reset                         @ 0x00 reset
    b undef_handler                 @ 0x04 undefined
    b swi_handler                   @ 0x08 SWI
    b pabt_handler                  @ 0x0C prefetch abort
    b dabt_handler                  @ 0x10 data abort
    b .                             @ 0x14
    b .                             @ 0x18 IRQ
    b .                             @ 0x1C FIQ

    .text
@ ---- set-up (not compared: runs at the physical load address, MMU off) ----------------
reset:
    ldr r0, setup_word1  @ level-1 table, 16 KiB aligned
    mov r1, #0
    add r2, r0, #0x4000
1:  str r1, [r2, #-4]!              @ every entry a fault
    cmp r2, r0
    bne 1b
    @ section descriptors: base | AP[11:10] | domain[8:5] | bit 4 | C B | 0b10
    ldr r1, setup_word2  @ VA 0x000: RAM, AP 11, domain 0, cached
    str r1, [r0, #0]
    ldr r1, setup_word3  @ VA 0x001: data, AP 11
    str r1, [r0, #4]
    ldr r1, setup_word4  @ VA 0x002: AP 00, S = R = 0: no access (permission fault)
    str r1, [r0, #8]
    ldr r1, setup_word5  @ VA 0x003: domain 1 (no access: domain fault)
    str r1, [r0, #12]
    ldr r1, setup_word6  @ VA 0x004: AP 10, user read-only
    str r1, [r0, #16]
    ldr r1, setup_word7  @ identity section of the program, to survive MMU on
    mov r2, #RAM_PA >> 20
    str r1, [r0, r2, lsl #2]
    mcr p15, 0, r0, c2, c0, 0       @ TTB
    ldr r1, setup_word8  @ domains: 0 client, 1 no access, 2 manager (ARM DDI 0100I B4.4)
    mcr p15, 0, r1, c3, c0, 0
    mov r1, #0
    mcr p15, 0, r1, c8, c7, 0       @ invalidate TLBs
    mrc p15, 0, r1, c1, c0, 0
    orr r1, r1, #0x1                @ M
    orr r1, r1, #0x1000             @ I
    orr r1, r1, #0x4                @ C
    mcr p15, 0, r1, c1, c0, 0
    ldr pc, setup_word9  @ to the virtual address
    @ explicit words (not ldr =): the same layout whatever RAM_PA is
setup_word1: .word RAM_PA + 0x4000
setup_word2: .word RAM_PA | 0xC1E
setup_word3: .word RAM_PA + 0x100000 | 0xC1E
setup_word4: .word RAM_PA + 0x200000 | 0x012
setup_word5: .word RAM_PA + 0x300000 | 0xC32
setup_word6: .word RAM_PA + 0x400000 | 0x812
setup_word7: .word RAM_PA | 0xC1E
setup_word8: .word 0x0000000D
setup_word9: .word virtual_start

@ ---- compared part (virtual addresses) -------------------------------------------------
    .global virtual_start
virtual_start:                      @ registers still hold set-up values: not compared yet
    mov r0, #0
    mov r1, #1
    mov r2, #2
    mov r3, #3
    mov r4, #4
    mov r5, #5
    mov r6, #6
    mov r7, #7
    mov r8, #8
    mov r9, #9
    mov r10, #10
    mov r11, #11
    mov r12, #12
    mov lr, #14
    ldr sp, =0x00180000             @ SVC stack in the data section
    msr cpsr_f, #0x90000000         @ N and V
    .global compare_start
compare_start:                      @ every register defined: compared from here
    @ Mode tour: each mode's banked r13/r14 (and FIQ's r8-r12), its SPSR.
    msr cpsr_c, #0xD1               @ FIQ
    mov r8, #0x81
    mov r9, #0x91
    mov r10, #0xA1
    mov r11, #0xB1
    mov r12, #0xC1
    ldr sp, =0x00170000
    mov lr, #0xF1
    msr spsr_fsxc, #0x10
    mrs r0, spsr
    msr cpsr_c, #0xD2               @ IRQ
    ldr sp, =0x00160000
    mov lr, #0xF2
    msr spsr_fc, #0xD3
    msr cpsr_c, #0xD7               @ abort
    ldr sp, =0x00150000
    mov lr, #0xF7
    msr cpsr_c, #0xDB               @ undefined
    ldr sp, =0x00140000
    mov lr, #0xFB
    msr cpsr_c, #0xDF               @ system (the User bank)
    ldr sp, =0x00130000
    mov lr, #0xFF
    msr cpsr_c, #0xD3               @ back to SVC: r8-r12 are the usual ones again
    add r0, r8, r12
    msr cpsr_c, #0xD1
    add r1, r8, r12                 @ FIQ's own r8-r12 kept
    msr cpsr_c, #0xD2
    mrs r2, spsr
    msr cpsr_c, #0xD3
    @ SWI from SVC mode: LR_svc, SPSR_svc, return with MOVS pc, lr.
    msr cpsr_f, #0x60000000
    swi 0x123
    mov r5, lr
    @ Undefined instruction (ARM permanently undefined space).
    .inst 0xe7f000f0
    @ BKPT: a prefetch abort (ARM DDI 0100I A4.1.7).
    bkpt 0x12
    @ Data aborts, each handler reading FSR and FAR and skipping the access.
    mov r6, #0x00500000
    ldr r0, [r6]                    @ translation fault (section)
    mov r6, #0x00300000
    ldr r0, [r6, #8]                @ domain fault
    mov r6, #0x00200000
    str r0, [r6, #4]                @ permission fault (AP 00)
    mrc p15, 0, r0, c1, c0, 0
    orr r0, r0, #0x2                @ A: alignment checking
    mcr p15, 0, r0, c1, c0, 0
    ldr r6, =0x00100001
    ldr r0, [r6]                    @ alignment fault
    mrc p15, 0, r0, c1, c0, 0
    bic r0, r0, #0x2
    mcr p15, 0, r0, c1, c0, 0
    @ Prefetch abort from a fetch: branch to an unmapped address; the handler resumes at 1f.
    mov r7, #0x00600000
    blx r7
1:  mov r7, lr
    @ STM/LDM with ^ (User bank) from SVC, and LDM ^ with PC as an exception return.
    ldr r0, =0x00120000
    stmia r0, {r13, r14}^
    mov r1, #0x55
    mov r2, #0x66
    stmia r0, {r1, r2}
    ldmia r0, {r13, r14}^
    nop
    msr cpsr_c, #0xDF
    mov r3, sp                      @ User sp is now 0x55
    mov r4, lr
    msr cpsr_c, #0xD3
    adr r1, 2f
    mov r2, #0x10000000             @ V set, SVC, ARM
    orr r2, r2, #0x13
    stmdb sp!, {r1}
    msr spsr_fsxc, r2
    ldmia sp!, {pc}^                @ return: CPSR = SPSR
2:  mrs r8, cpsr
    @ CP15 reads: control (masked to the bits both define), DACR, FCSE PID.
    mrc p15, 0, r0, c1, c0, 0
    ldr r1, =0x0000F387             @ M A C B S R I V RR L4 (bits both models define)
    and r0, r0, r1
    mrc p15, 0, r2, c3, c0, 0
    mrc p15, 0, r3, c0, c0, 0       @ main ID (ARM926EJ-S r0p5 on both)
    @ Finally User mode, whose SWI ends the run in rtvsim's harness.
    msr cpsr_c, #0x10
    mov r0, #0
    swi 0

@ ---- handlers --------------------------------------------------------------------------
swi_handler:
    ldr r9, [lr, #-4]               @ the SWI instruction
    bic r9, r9, #0xFF000000
    mrs r10, spsr
    mrs r11, cpsr
    cmp r9, #0                      @ SWI 0: the end (QEMU only; rtvsim stops before)
    movsne pc, lr
    mov r0, #0x18                   @ semihosting SYS_EXIT, ADP_Stopped_ApplicationExit
    ldr r1, =0x20026
    svc 0x123456
    b .
undef_handler:
    mov r9, lr
    mrs r10, spsr
    mrs r11, cpsr
    movs pc, lr
pabt_handler:
    mov r9, lr
    mrs r10, spsr
    mrs r11, cpsr
    mrc p15, 0, r12, c6, c0, 0      @ FAR (unchanged by prefetch aborts)
    mov r8, #0x00600000
    add r8, r8, #4
    cmp lr, r8                      @ the unmapped fetch: resume after the BLX
    subsne pc, lr, #0               @ BKPT: LR is the BKPT + 4
    ldr lr, =1b
    movs pc, lr
dabt_handler:
    mrc p15, 0, r9, c5, c0, 0       @ DFSR
    and r9, r9, #0xFF
    and r8, r9, #0xF                @ the domain field is valid only for domain and permission
    cmp r8, #8                      @ faults (ARM DDI 0100I B4.6 table B4-1): keep the status
    andlt r9, r9, #0xF              @ alone for alignment and translation faults
    mrc p15, 0, r10, c6, c0, 0      @ FAR
    mrs r11, spsr
    subs pc, lr, #4                 @ skip the faulting access
    .ltorg
