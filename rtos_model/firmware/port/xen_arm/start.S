@ SPDX-License-Identifier: Apache-2.0
@ Board-less start-up of a Xen-ARM guest. Xen-ARM's domain builder (new_thread in
@ xen/arch/arm/xen/domain_build.c, andreiw/xen3-arm-tegra @8caa5e6) enters here in the guest's
@ virtual kernel mode (real USR mode) with r0 = 0, r12 = the guest address of start_info,
@ sp = one page above start_info, and event upcalls masked.
@
@ The image is a position-independent executable linked at 0: it runs wherever its
@ partition is (rtvsim identity-maps an RTOS partition, so VA == PA, and the partition's
@ address depends on the scenario). The start-up first applies its own R_ARM_RELATIVE
@ relocations (load bias = the runtime address of _start), clears .bss, moves to its own
@ stack and calls rtv_main(start_info). An image linked at a fixed address has no
@ relocations and a bias of 0, so the same code serves it.
    .syntax unified
    .arm

    .section __xen_guest, ""
    @ Xen-ARM's parseelfimage (xen/common/elf.c) refuses an image without this section, or
    @ whose string lacks LOADER=generic (or GUEST_OS=linux) and XEN_VER=xen-3.0.
    .ascii  "GUEST_OS=rtvsim,XEN_VER=xen-3.0,LOADER=generic\0"

    .section .text.start, "ax"
    .global _start
    .type _start, %function
_start:
    mov     r8, r12                  @ keep start_info
    adr     r4, _start               @ load bias: _start is at link address 0
    adr     r5, .Lrel_start
    ldr     r0, [r5]
    add     r5, r5, r0
    adr     r6, .Lrel_end
    ldr     r0, [r6]
    add     r6, r6, r0
1:  cmp     r5, r6
    bhs     2f
    ldmia   r5!, {r0, r1}            @ Elf32_Rel: r_offset, r_info
    and     r1, r1, #0xFF
    cmp     r1, #23                  @ R_ARM_RELATIVE is the only kind a static PIE needs
    bne     rtv_bad_relocation
    ldr     r2, [r0, r4]
    add     r2, r2, r4
    str     r2, [r0, r4]
    b       1b
2:  adr     r0, .Lbss_start          @ clear .bss (Xen's loader does too; a restart does not)
    ldr     r1, [r0]
    add     r0, r0, r1
    adr     r1, .Lbss_end
    ldr     r2, [r1]
    add     r1, r1, r2
    mov     r2, #0
3:  cmp     r0, r1
    strlo   r2, [r0], #4
    blo     3b
    adr     r0, .Lstack_top
    ldr     r1, [r0]
    add     sp, r0, r1
    mov     r0, r8
    bl      rtv_main
4:  b       4b

    @ A relocation of another kind: the image was not linked as this start-up expects.
    @ Nothing can be printed yet; spin where a debugger sees it.
    .global rtv_bad_relocation
rtv_bad_relocation:
    b       rtv_bad_relocation

    @ PC-relative offsets (resolved by the linker, no relocation needed).
.Lrel_start:  .word __rel_dyn_start - .
.Lrel_end:    .word __rel_dyn_end - .
.Lbss_start:  .word __bss_start - .
.Lbss_end:    .word __bss_end - .
.Lstack_top:  .word __boot_stack_top - .
    .size _start, . - _start
