// SPDX-License-Identifier: Apache-2.0
// Every i.MX21 hardware constant the models use, each with its public source.
// "ref" = docs/sources.md (topic number given), which lists the public sources of each topic.
#pragma once

#include <cstdint>

namespace rtv::imx21 {

// ---- Memory map -----------------------------------------------------------------------------
inline constexpr std::uint64_t gpt1_base = 0x1000'3000;   // Linux mx21.h MX21_GPT1_BASE_ADDR (ref 1.1)
inline constexpr std::uint64_t gpt2_base = 0x1000'4000;   // Linux mx21.h MX21_GPT2_BASE_ADDR (ref 1.1)
inline constexpr std::uint64_t gpt3_base = 0x1000'5000;   // Linux mx21.h MX21_GPT3_BASE_ADDR (ref 1.1)
inline constexpr std::uint64_t uart1_base = 0x1000'A000;  // Linux mx21.h MX21_UART1_BASE_ADDR (ref 3.1)
inline constexpr std::uint64_t aitc_base = 0x1004'0000;   // Linux mx21.h MX21_AVIC_BASE_ADDR (ref 2.1)
inline constexpr std::uint64_t sdram_base =
    0xC000'0000;  // CSD0, Linux mx21.h / barebox imx21-regs.h (ref 3.1)
inline constexpr std::uint64_t iram_base = 0xFFFF'E800;  // imx21.dtsi vram@ffffe800 (ref 3.1)

inline constexpr std::uint64_t periph_window =
    0x1000;  // imx21.dtsi reg = <base 0x1000> per device (ref 1.1, 2.1)
inline constexpr std::uint64_t sdram_default_size =
    64ULL << 20;                                    // softgun i.MX21ADS: up to 64 MB per bank (ref 3.1)
inline constexpr std::uint64_t iram_size = 0x1800;  // imx21.dtsi vram@ffffe800 size 0x1800 = 6 KiB (ref 3.1)

// ---- Clocks ---------------------------------------------------------------------------------
inline constexpr std::uint64_t ckil_hz = 32'768;  // imx21.dtsi fixed clock CKIL (ref 3.2)
// PERCLK1 at the CCM reset values softgun uses (ref 3.2, unverified against the RM):
// MPCTL0 0x00071C07 -> MPLL = 2 * (32768*512) * (7 + 7/8) = 264,241,152 Hz; PCDR1 PERDIV1 = 15
// -> PERCLK1 = MPLL / 16. Bootloaders may reprogram it, hence a constructor parameter.
inline constexpr std::uint64_t default_perclk1_hz = 16'515'072;

// ---- AITC interrupt source numbers (Linux mx21.h minus NR_IRQS_LEGACY=16; imx21.dtsi) (ref 2.4)
inline constexpr unsigned irq_uart1 = 20;
inline constexpr unsigned irq_gpt3 = 24;
inline constexpr unsigned irq_gpt2 = 25;
inline constexpr unsigned irq_gpt1 = 26;

// ---- GPT registers (Linux timer-imx-gpt.c / mxc_timer.h; WinCE mx27_gpt.h) (ref 1.2) ---------
inline constexpr std::uint32_t gpt_tctl = 0x00;
inline constexpr std::uint32_t gpt_tprer = 0x04;
inline constexpr std::uint32_t gpt_tcmp = 0x08;
inline constexpr std::uint32_t gpt_tcr = 0x0C;
inline constexpr std::uint32_t gpt_tcn = 0x10;
inline constexpr std::uint32_t gpt_tstat = 0x14;

// TCTL, i.MX21/i.MX27 layout (Linux mxc_timer.h TCTL_*; WinCE mx27_gpt.h; softgun imx_timer.c) (ref 1.3)
inline constexpr std::uint32_t gpt_tctl_ten = 1u << 0;
inline constexpr unsigned gpt_tctl_clksource_shift = 1;  // bits 3:1
inline constexpr std::uint32_t gpt_tctl_clksource_mask = 7u << 1;
inline constexpr std::uint32_t gpt_tctl_comp_en = 1u << 4;  // Linux calls it IRQEN
inline constexpr std::uint32_t gpt_tctl_capt_en = 1u << 5;
inline constexpr unsigned gpt_tctl_cap_shift = 6;  // bits 7:6
inline constexpr std::uint32_t gpt_tctl_cap_mask = 3u << 6;
inline constexpr std::uint32_t gpt_tctl_frr = 1u << 8;
inline constexpr std::uint32_t gpt_tctl_om = 1u << 9;
inline constexpr std::uint32_t gpt_tctl_cc = 1u << 10;
inline constexpr std::uint32_t gpt_tctl_swr = 1u << 15;
inline constexpr std::uint32_t gpt_tctl_writable =
    0x87FF;  // bits 15 and 10:0; 14:11 reserved (ref 1.3 table)

// CLKSOURCE values (ref 1.3): 000 stop, 001 PERCLK1, 010 PERCLK1/4, 011 TIN, 1xx 32 kHz.
inline constexpr unsigned gpt_clk_stop = 0;
inline constexpr unsigned gpt_clk_perclk1 = 1;
inline constexpr unsigned gpt_clk_perclk1_div4 = 2;
inline constexpr unsigned gpt_clk_tin = 3;
inline constexpr unsigned gpt_clk_32k = 4;  // any value with bit 2 set

// CAP values (ref 1.3): 00 disabled, 01 rising, 10 falling, 11 both.
inline constexpr unsigned gpt_cap_rising = 1;
inline constexpr unsigned gpt_cap_falling = 2;

inline constexpr std::uint32_t gpt_tprer_mask = 0x7FF;        // PRESCALER[10:0] (softgun; ref 1.2)
inline constexpr std::uint32_t gpt_tcmp_reset = 0xFFFF'FFFF;  // softgun software_reset, QEMU V2 GPT (ref 1.2)

inline constexpr std::uint32_t gpt_tstat_comp =
    1u << 0;  // Linux mxc_timer.h / imx21_gpt_irq_acknowledge (ref 1.4)
inline constexpr std::uint32_t gpt_tstat_capt = 1u << 1;  // same

// ---- AITC registers (Linux avic.c offsets) (ref 2.2) ----------------------------------------
inline constexpr std::uint32_t aitc_intcntl = 0x00;
inline constexpr std::uint32_t aitc_nimask = 0x04;
inline constexpr std::uint32_t aitc_intennum = 0x08;
inline constexpr std::uint32_t aitc_intdisnum = 0x0C;
inline constexpr std::uint32_t aitc_intenableh = 0x10;
inline constexpr std::uint32_t aitc_intenablel = 0x14;
inline constexpr std::uint32_t aitc_inttypeh = 0x18;
inline constexpr std::uint32_t aitc_inttypel = 0x1C;
inline constexpr std::uint32_t aitc_nipriority7 =
    0x20;  // NIPRIORITY(x) = 0x20 + 4*(7-x), Linux AVIC_NIPRIORITY (ref 2.2)
inline constexpr std::uint32_t aitc_nivecsr = 0x40;
inline constexpr std::uint32_t aitc_fivecsr = 0x44;
inline constexpr std::uint32_t aitc_intsrch = 0x48;
inline constexpr std::uint32_t aitc_intsrcl = 0x4C;
inline constexpr std::uint32_t aitc_intfrch = 0x50;
inline constexpr std::uint32_t aitc_intfrcl = 0x54;
inline constexpr std::uint32_t aitc_nipndh = 0x58;
inline constexpr std::uint32_t aitc_nipndl = 0x5C;
inline constexpr std::uint32_t aitc_fipndh = 0x60;
inline constexpr std::uint32_t aitc_fipndl = 0x64;

constexpr std::uint32_t aitc_nipriority(unsigned x) { return 0x20 + 4 * (7 - x); }

inline constexpr unsigned aitc_num_sources = 64;  // Linux avic.c AVIC_NUM_IRQS (ref 2.1)
inline constexpr std::uint32_t aitc_nimask_reset =
    0x1F;  // -1: masks nothing; Linux writes 0x1F at init (ref 2.2)
inline constexpr std::uint32_t aitc_none_pending =
    0xFFFF'FFFF;  // Linux avic_handle_irq loops until 0xFFFF; QEMU, softgun (ref 2.2)
inline constexpr std::uint32_t aitc_intnum_mask =
    0x3F;  // INTENNUM/INTDISNUM take a source number 0..63 (ref 2.2)

// INTCNTL (softgun aitc.c write mask and bit list; i.MX21 list UNCONFIRMED, ref 2.3)
inline constexpr std::uint32_t aitc_intcntl_writable = 0x0179'0FFC;
inline constexpr std::uint32_t aitc_intcntl_nidis = 1u << 22;
inline constexpr std::uint32_t aitc_intcntl_fidis = 1u << 21;

// ---- UART registers (Linux drivers/tty/serial/imx.c; NXP i.MX UART register layout) ---------
inline constexpr std::uint32_t uart_urxd = 0x00;  // imx.c URXD0
inline constexpr std::uint32_t uart_utxd = 0x40;  // imx.c URTX0
inline constexpr std::uint32_t uart_ucr1 = 0x80;  // imx.c UCR1
inline constexpr std::uint32_t uart_ucr2 = 0x84;
inline constexpr std::uint32_t uart_ucr3 = 0x88;
inline constexpr std::uint32_t uart_ucr4 = 0x8C;
inline constexpr std::uint32_t uart_ufcr = 0x90;
inline constexpr std::uint32_t uart_usr1 = 0x94;
inline constexpr std::uint32_t uart_usr2 = 0x98;
inline constexpr std::uint32_t uart_uesc = 0x9C;
inline constexpr std::uint32_t uart_utim = 0xA0;
inline constexpr std::uint32_t uart_ubir = 0xA4;
inline constexpr std::uint32_t uart_ubmr = 0xA8;
inline constexpr std::uint32_t uart_ubrc = 0xAC;
inline constexpr std::uint32_t uart_onems = 0xB0;  // imx.c IMX21_ONEMS
inline constexpr std::uint32_t uart_uts = 0xB4;    // imx.c IMX21_UTS

inline constexpr std::uint32_t uart_ucr1_txmptyen = 1u << 6;  // imx.c UCR1_TXMPTYEN
inline constexpr std::uint32_t uart_ucr1_trdyen = 1u << 13;   // imx.c UCR1_TRDYEN
inline constexpr std::uint32_t uart_ucr4_tcen = 1u << 3;      // imx.c UCR4_TCEN
inline constexpr std::uint32_t uart_usr1_rxds = 1u << 6;      // imx.c USR1_RXDS
inline constexpr std::uint32_t uart_usr1_trdy = 1u << 13;     // imx.c USR1_TRDY
inline constexpr std::uint32_t uart_usr2_txdc = 1u << 3;      // imx.c USR2_TXDC
inline constexpr std::uint32_t uart_usr2_dcdin = 1u << 5;     // imx.c USR2_DCDIN
inline constexpr std::uint32_t uart_usr2_txfe = 1u << 14;     // imx.c USR2_TXFE
inline constexpr std::uint32_t uart_uts_rxempty = 1u << 5;    // imx.c UTS_RXEMPTY
inline constexpr std::uint32_t uart_uts_txempty = 1u << 6;    // imx.c UTS_TXEMPTY
inline constexpr std::uint32_t uart_utxd_data = 0xFF;         // one character in TX_DATA[7:0]

// Reset values: QEMU hw/char/imx_serial.c imx_serial_reset (UCR2 SRST=1 "not in reset",
// UCR3 0x700, UFCR bits 11 and 0, UBRC 4, USR1 TRDY|RXDS, USR2 TXFE|TXDC|DCDIN, UTS
// TXEMPTY|RXEMPTY). The others reset to 0 there as well; UESC/UCR4 RM values unverified.
inline constexpr std::uint32_t uart_ucr2_reset = 0x0001;
inline constexpr std::uint32_t uart_ucr3_reset = 0x0700;
inline constexpr std::uint32_t uart_ufcr_reset = 0x0801;
inline constexpr std::uint32_t uart_ubrc_reset = 0x0004;
inline constexpr std::uint32_t uart_usr1_reset = uart_usr1_trdy | uart_usr1_rxds;
inline constexpr std::uint32_t uart_usr2_reset = uart_usr2_txfe | uart_usr2_txdc | uart_usr2_dcdin;
inline constexpr std::uint32_t uart_uts_reset = uart_uts_txempty | uart_uts_rxempty;

}  // namespace rtv::imx21
