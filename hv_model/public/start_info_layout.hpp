// SPDX-License-Identifier: Apache-2.0
// Xen-ARM's start_info page as a guest sees it (Samsung's Xen-ARM, andreiw/xen3-arm-tegra
// @8caa5e6, xen/include/public/xen.h struct start_info; MAX_GUEST_CMDLINE 1024 there). The
// para-virtual ABI: guests and the domain builder include this header; it includes nothing
// of the hypervisor's internals.
//
// How Xen-ARM's domain builder fills it and starts the vcpu (xen/arch/arm/xen/domain_build.c,
// construct_dom0 / construct_guest_dom and new_thread):
//  - the page is the first after the guest's page tables (which follow the image); it is
//    zeroed, then nr_pages, shared_info, flags (dom0: SIF_PRIVILEGED | SIF_INITDOMAIN; other
//    domains 0), pt_base, nr_pt_frames, mfn_list (NULL), min_mfn (the partition's first
//    page frame), mod_start/mod_len (an initrd, if any) and cmd_line are written; magic is
//    left zero;
//  - shared_info holds Xen's own pointer to the page (`si->shared_info = d->shared_info`,
//    the virt_to_phys form is under #if 0), which a guest cannot dereference;
//  - the vcpu starts at the ELF entry in virtual kernel mode (SPSR 0x10, real USR mode) with
//    r0 = 0, r12 = the guest address of start_info, sp = start_info + 2 pages (the page
//    above start_info, or above the initrd), DACR = the guest-kernel value, upcalls masked.
//
// Every field is 32-bit under the ARM EABI (unsigned long is 4 bytes), so the mirror below
// uses fixed-width types and lays out the same on a little-endian host; the static_asserts
// pin every offset.
#pragma once

#include <cstddef>
#include <cstdint>

namespace rtv::hv::abi {

inline constexpr std::uint32_t max_guest_cmdline = 1024;  // public/xen.h MAX_GUEST_CMDLINE
inline constexpr std::uint32_t sif_privileged = 1u << 0;  // public/xen.h SIF_PRIVILEGED
inline constexpr std::uint32_t sif_initdomain = 1u << 1;  // public/xen.h SIF_INITDOMAIN

struct start_info {
    char magic[32];               // public/xen.h; "xen-<version>-<platform>" upstream, zero on Xen-ARM
    std::uint32_t nr_pages;       // public/xen.h; pages of the domain's partition
    std::uint32_t shared_info;    // public/xen.h; Xen's pointer to shared_info (not a guest address)
    std::uint32_t flags;          // public/xen.h; SIF_*
    std::uint32_t store_mfn;      // public/xen.h
    std::uint32_t store_evtchn;   // public/xen.h
    std::uint32_t console_mfn;    // public/xen.h
    std::uint32_t console_evtchn; // public/xen.h
    std::uint32_t store_mfn_gref; // public/xen.h (Samsung)
    std::uint32_t pt_base;        // public/xen.h; guest address of its first-level page table
    std::uint32_t nr_pt_frames;   // public/xen.h; pages of page tables
    std::uint32_t mfn_list;       // public/xen.h; NULL on Xen-ARM
    std::uint32_t mod_start;      // public/xen.h; initrd, guest address
    std::uint32_t mod_len;        // public/xen.h
    std::int8_t cmd_line[max_guest_cmdline];  // public/xen.h
    std::uint32_t min_mfn;        // public/xen.h (Samsung); first page frame of the partition
};

// Byte offsets in the page, computed from the mirror.
namespace sinfo {
inline constexpr std::uint32_t magic = offsetof(start_info, magic);
inline constexpr std::uint32_t nr_pages = offsetof(start_info, nr_pages);
inline constexpr std::uint32_t shared_info = offsetof(start_info, shared_info);
inline constexpr std::uint32_t flags = offsetof(start_info, flags);
inline constexpr std::uint32_t store_mfn = offsetof(start_info, store_mfn);
inline constexpr std::uint32_t store_evtchn = offsetof(start_info, store_evtchn);
inline constexpr std::uint32_t console_mfn = offsetof(start_info, console_mfn);
inline constexpr std::uint32_t console_evtchn = offsetof(start_info, console_evtchn);
inline constexpr std::uint32_t store_mfn_gref = offsetof(start_info, store_mfn_gref);
inline constexpr std::uint32_t pt_base = offsetof(start_info, pt_base);
inline constexpr std::uint32_t nr_pt_frames = offsetof(start_info, nr_pt_frames);
inline constexpr std::uint32_t mfn_list = offsetof(start_info, mfn_list);
inline constexpr std::uint32_t mod_start = offsetof(start_info, mod_start);
inline constexpr std::uint32_t mod_len = offsetof(start_info, mod_len);
inline constexpr std::uint32_t cmd_line = offsetof(start_info, cmd_line);
inline constexpr std::uint32_t min_mfn = offsetof(start_info, min_mfn);
inline constexpr std::uint32_t size = sizeof(start_info);

// The offset table, pinned. A change here is an ABI change for every guest.
static_assert(magic == 0 && nr_pages == 32 && shared_info == 36 && flags == 40);
static_assert(store_mfn == 44 && store_evtchn == 48 && console_mfn == 52 && console_evtchn == 56);
static_assert(store_mfn_gref == 60 && pt_base == 64 && nr_pt_frames == 68 && mfn_list == 72);
static_assert(mod_start == 76 && mod_len == 80 && cmd_line == 84 && min_mfn == 1108 && size == 1112);
static_assert(size <= 4096, "start_info must fit its page");
}  // namespace sinfo

// Where the vcpu's stack pointer starts, relative to start_info, when there is no initrd
// (domain_build.c: map_track = start_info + PAGE_SIZE, new_thread(..., map_track + PAGE_SIZE, ...)).
inline constexpr std::uint32_t boot_stack_offset = 2 * 4096;

}  // namespace rtv::hv::abi
