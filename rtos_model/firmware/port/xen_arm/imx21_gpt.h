// SPDX-License-Identifier: Apache-2.0
// The i.MX21 general-purpose timer registers a guest driving a spare GPT needs (i.MX21
// Reference Manual, GPT chapter; the same layout as Linux's mxc_timer.h for the i.MX21).
#ifndef IMX21_GPT_H
#define IMX21_GPT_H

#define GPT_TCTL 0x00u   // control
#define GPT_TPRER 0x04u  // prescaler
#define GPT_TCMP 0x08u   // compare
#define GPT_TSTAT 0x14u  // status, write 1 to clear
#define GPT_TCTL_TEN (1u << 0)
#define GPT_TCTL_CLKSOURCE_SHIFT 1u  // bits 3:1; 001 = PERCLK1
#define GPT_CLK_PERCLK1 1u
#define GPT_TCTL_COMP_EN (1u << 4)   // compare interrupt enable
#define GPT_TSTAT_COMP (1u << 0)
#define GPT_TSTAT_CAPT (1u << 1)

#endif  // IMX21_GPT_H
