// SPDX-License-Identifier: Apache-2.0
// Where the hypervisor keeps things in SDRAM and where guests see them (docs/models/xen_arm.md
// Memory). Xen-ARM partitions memory statically at build time (the 2008 release README:
// "static memory partitioning"); the exact addresses below are the model's choice, since
// the Samsung tree hard-codes them per board (documented in docs/models/xen_arm.md).
#pragma once

#include <cstdint>

#include "hv_model/public/hypercall_abi.hpp"

namespace rtv::hv::layout {

// Xen's own region at the start of SDRAM (CSD0, 0xC0000000): image, heap, page tables,
// shared_info pages. Domains' partitions follow it.
inline constexpr std::uint32_t xen_region_size = 16u << 20;
// Inside it: page tables from 4 MiB on (L1 tables 16 KiB aligned, coarse tables 1 KiB),
// shared_info pages (4 KiB each) from 12 MiB on.
inline constexpr std::uint32_t page_table_area_offset = 4u << 20;
inline constexpr std::uint32_t page_table_area_size = 8u << 20;
inline constexpr std::uint32_t shared_info_area_offset = 12u << 20;

// In every guest address space: Xen's region at a high virtual address, in ARM domain 0
// with privileged-only access, and the domain's shared_info page at a fixed address.
inline constexpr std::uint32_t xen_virtual_base = 0xFE000000u;
inline constexpr std::uint32_t shared_info_va = abi::shared_info_va;
inline constexpr std::uint32_t page_size = 4096;

// ARM domains and DACR values of Xen-ARM (xen-arm.md 5, asm-arm/cpu-domain.h):
// 0 hypervisor, 1 guest kernel, 2 IO, 3 guest user.
inline constexpr unsigned domain_hypervisor = 0;
inline constexpr unsigned domain_guest_kernel = 1;
inline constexpr unsigned domain_io = 2;
inline constexpr unsigned domain_guest_user = 3;
inline constexpr std::uint32_t dacr_guest_kernel = 0x7D;  // D0 client, D1 manager, D2 manager, D3 client
inline constexpr std::uint32_t dacr_guest_user = 0x55;    // all client (DOMAIN_HYPERVISOR_VALUE)

// The i.MX21 peripheral section that dom0 gets (AIPI1: GPTs, UART1, AITC at 0x10040000).
inline constexpr std::uint32_t peripheral_section = 0x10000000u;

}  // namespace rtv::hv::layout
