// SPDX-License-Identifier: Apache-2.0
#include "hv_model/guest_page_tables.hpp"

#include <stdexcept>

#include "hv_model/memory_layout.hpp"
#include "sim/mmu/descriptors.hpp"

namespace rtv::hv {

namespace {
constexpr std::uint32_t mib = 1u << 20;
constexpr std::uint32_t l1_size = 16u << 10;     // 4096 entries (ARMv5 VMSA)
constexpr std::uint32_t coarse_size = 1u << 10;  // 256 entries

std::uint32_t section(std::uint32_t pa, unsigned domain, std::uint32_t ap, bool cached) {
    return (pa & mmu::section_base_mask) | (ap << mmu::section_ap_shift) | (domain << mmu::l1_domain_shift) |
           (cached ? (mmu::desc_c | mmu::desc_b) : 0) | mmu::l1_type_section;
}
}  // namespace

page_table_builder::page_table_builder(std::uint32_t area_base, std::uint32_t area_size, writer write)
    : m_base(area_base), m_end(area_base + area_size), m_next(area_base), m_write(std::move(write)) {}

std::uint32_t page_table_builder::alloc(std::uint32_t size, std::uint32_t align) {
    const std::uint32_t at = (m_next + align - 1) & ~(align - 1);
    if (at + size > m_end || at + size < at) throw std::runtime_error("Xen's page-table area is full");
    m_next = at + size;
    return at;
}

void page_table_builder::zero(std::uint32_t pa, std::uint32_t size) {
    for (std::uint32_t off = 0; off < size; off += 4) m_write(pa + off, 0);
}

std::uint32_t page_table_builder::coarse_for(std::uint32_t l1, std::uint32_t va, unsigned domain) {
    const std::uint32_t region = va >> mmu::section_shift;
    for (const auto& [r, table] : m_coarse)
        if (r == region) return table;
    const std::uint32_t table = alloc(coarse_size, coarse_size);
    zero(table, coarse_size);
    m_write(l1 + (region << 2),
            (table & mmu::coarse_base_mask) | (domain << mmu::l1_domain_shift) | mmu::l1_type_coarse);
    m_coarse.emplace_back(region, table);
    return table;
}

void page_table_builder::map_small(std::uint32_t l1, std::uint32_t va, std::uint32_t pa, unsigned domain,
                                   std::uint32_t ap, bool cached) {
    const std::uint32_t table = coarse_for(l1, va, domain);
    const std::uint32_t aps = ap | (ap << 2) | (ap << 4) | (ap << 6);  // the same AP for all four subpages
    m_write(table + ((va >> 12) & 0xFF) * 4, (pa & mmu::small_base_mask) | (aps << mmu::page_ap_shift) |
                                                 (cached ? (mmu::desc_c | mmu::desc_b) : 0) | mmu::l2_type_small);
}

std::uint32_t page_table_builder::build(const address_space_spec& spec) {
    if (spec.partition_size % mib || spec.partition_base % mib)
        throw std::invalid_argument("a partition must be whole, 1 MiB-aligned MiB");
    m_coarse.clear();
    const std::uint32_t l1 = alloc(l1_size, l1_size);
    zero(l1, l1_size);

    // The guest's own memory: kernel domain (manager under DACR 0x7D), cacheable write-back.
    if (spec.identity) {
        for (std::uint32_t off = 0; off < spec.partition_size; off += mib) {
            const std::uint32_t pa = spec.partition_base + off;
            m_write(l1 + ((pa >> mmu::section_shift) << 2),
                    section(pa, layout::domain_guest_kernel, mmu::ap_priv_rw, true));
        }
    } else {
        for (std::uint32_t off = 0; off < spec.partition_size; off += layout::page_size)
            map_small(l1, spec.virtual_base + off, spec.partition_base + off, layout::domain_guest_kernel,
                      mmu::ap_priv_rw, true);
    }

    // Xen's region, hypervisor domain, privileged only: a guest (always in USR mode on
    // Xen-ARM) gets a permission fault there.
    for (std::uint32_t off = 0; off < spec.xen_region_size; off += mib)
        m_write(l1 + (((layout::xen_virtual_base + off) >> mmu::section_shift) << 2),
                section(spec.xen_region_pa + off, layout::domain_hypervisor, mmu::ap_priv_rw, true));

    // shared_info: one small page in the guest kernel's domain.
    map_small(l1, layout::shared_info_va, spec.shared_info_pa, layout::domain_guest_kernel, mmu::ap_priv_rw, true);

    // Devices: uncached, in the IO domain (manager under 0x7D), VA == PA.
    if (spec.all_peripherals)
        m_write(l1 + ((layout::peripheral_section >> mmu::section_shift) << 2),
                section(layout::peripheral_section, layout::domain_io, mmu::ap_priv_rw, false));
    for (const device_window& d : spec.devices)
        for (std::uint32_t off = 0; off < d.size; off += layout::page_size)
            map_small(l1, d.base + off, d.base + off, layout::domain_io, mmu::ap_priv_rw, false);
    return l1;
}

}  // namespace rtv::hv
