// SPDX-License-Identifier: Apache-2.0
// The page tables Xen-ARM's domain builder writes into SDRAM for each domain (docs/models/xen_arm.md):
// an identity map in 1 MiB sections for RTOS guests (VA == PA: the paper's approach, so a
// guest that uses physical addresses runs unmodified and is still isolated), or an offset
// map in coarse tables with 4 KiB small pages at a chosen virtual base; in every table
// Xen's own region (domain 0, privileged only), the domain's shared_info page, and the
// devices the domain was given.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

namespace rtv::hv {

struct device_window {
    std::uint32_t base;  // physical == virtual
    std::uint32_t size;  // a multiple of 4 KiB
};

struct address_space_spec {
    bool identity = true;
    std::uint32_t partition_base = 0;  // physical
    std::uint32_t partition_size = 0;  // whole MiB
    std::uint32_t virtual_base = 0;    // offset maps only
    std::uint32_t shared_info_pa = 0;
    std::uint32_t xen_region_pa = 0;
    std::uint32_t xen_region_size = 0;
    bool all_peripherals = false;           // dom0: the whole peripheral section
    std::vector<device_window> devices;     // single devices given to the guest
};

// Allocates table memory from Xen's page-table area and writes descriptors through `write`
// (physical 32-bit writes into SDRAM, which cost what the bus makes them cost).
class page_table_builder {
public:
    using writer = std::function<void(std::uint32_t pa, std::uint32_t value)>;

    page_table_builder(std::uint32_t area_base, std::uint32_t area_size, writer write);

    // Builds one address space and returns its L1 table's physical address (the TTB value).
    std::uint32_t build(const address_space_spec& spec);
    std::uint32_t bytes_used() const { return m_next - m_base; }

private:
    std::uint32_t alloc(std::uint32_t size, std::uint32_t align);
    void zero(std::uint32_t pa, std::uint32_t size);
    std::uint32_t coarse_for(std::uint32_t l1, std::uint32_t va, unsigned domain);
    void map_small(std::uint32_t l1, std::uint32_t va, std::uint32_t pa, unsigned domain, std::uint32_t ap, bool cached);

    std::uint32_t m_base, m_end, m_next;
    writer m_write;
    // Coarse tables already made for the L1 being built: (1 MiB region, table address).
    std::vector<std::pair<std::uint32_t, std::uint32_t>> m_coarse;
};

}  // namespace rtv::hv
