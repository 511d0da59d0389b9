// SPDX-License-Identifier: Apache-2.0
// Internals of the Xen-ARM port shared by its C and assembly.
#ifndef XEN_PORT_H
#define XEN_PORT_H

#include "ucos_ii.h"

// The frame a switched-out context leaves on its stack (os_cpu_a.S), in words.
#define RTV_FRAME_PSR 0
#define RTV_FRAME_R0 1
#define RTV_FRAME_LR 14
#define RTV_FRAME_PC 15
#define RTV_FRAME_WORDS 16

OS_STK* rtv_switch_to_high(OS_STK* frame);
OS_STK* rtv_upcall(OS_STK* frame);
OS_STK* rtv_data_abort(OS_STK* frame);
void rtv_fatal_trap(uint32_t vector, uint32_t lr);
void rtv_task_returned(void);
void rtv_print(const char* s);
void rtv_print_u32(uint32_t v);
void rtv_shutdown(uint32_t reason);

// Trap table entries (os_cpu_a.S).
void rtv_reset_entry(void);
void rtv_undef_entry(void);
void rtv_swi_entry(void);
void rtv_pabt_entry(void);
void rtv_dabt_entry(void);
void rtv_irq_entry(void);
void rtv_fiq_entry(void);

#endif  // XEN_PORT_H
