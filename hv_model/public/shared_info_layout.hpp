// SPDX-License-Identifier: Apache-2.0
// The shared_info page of Samsung's Xen-ARM (Xen 3.0.2 port, andreiw/xen3-arm-tegra@8caa5e6) as
// a guest sees it in memory: the para-virtual ABI, so guests (rtos_model) include this header
// and it includes nothing from the hypervisor's internals.
//
// The layout is that of an ARM EABI build (-mabi=aapcs-linux in xen/arch/arm/Rules.mk): 64-bit
// fields are 8-byte aligned, so the "32 bytes" noted beside vcpu_time_info in xen.h is the old
// APCS size; under EABI it is 40. Two compiled artefacts in the same commit confirm the EABI
// rule: xen/arch/arm/asm-offsets.s (OFFSET_GUEST_CONTEXT 56, i.e. 52 rounded up to 8) and Mini-OS's
// EABI object tools/minios/kernel/time.o, which reads vcpu_info[0].time at +72 and wc_version at
// +400. Little-endian, as the i.MX21 runs.
//
// The mirror structs below use fixed-width types with explicit 8-byte alignment on 64-bit
// fields, so the host compiler reproduces the target layout; the static_asserts pin every
// offset, and the offset table (namespace `shinfo`) is computed from the structs.
#pragma once

#include <cstddef>
#include <cstdint>

namespace rtv::hv::abi {

inline constexpr std::uint32_t max_virt_cpus = 1;        // public/arch-arm.h MAX_VIRT_CPUS
inline constexpr std::uint32_t bits_per_long = 32;       // unsigned long is 4 bytes on ARM
inline constexpr std::uint32_t nr_event_channels = 1024; // public/xen.h NR_EVENT_CHANNELS = 4*4*64
inline constexpr std::uint32_t evtchn_words = 32;        // public/xen.h evtchn_pending[sizeof(long) * 8]
static_assert(evtchn_words * bits_per_long == nr_event_channels);
inline constexpr std::uint32_t vdma_words = 4;           // public/xen.h vdma_pending[sizeof(unsigned long)]
inline constexpr std::uint32_t arch_vcpu_reserved_words = 5;  // public/arch-arm.h reserved10..reserved14

// Xen-ARM's per-vcpu save area for upcalls and bounces (public/arch-arm.h arch_vcpu_info).
// entry.S stores the interrupted guest's sp, lr and spsr (with its virtual mode) here when it
// enters the guest's IRQ or fault vector; asm-offsets names them TSP, TLR, TSPSR, TRAP.
struct arch_vcpu_info {
    std::uint32_t sp;    // public/arch-arm.h; OFFSET_TSP
    std::uint32_t lr;    // public/arch-arm.h; OFFSET_TLR
    std::uint32_t trap;  // public/arch-arm.h; OFFSET_TRAP
    std::uint32_t spsr;  // public/arch-arm.h; OFFSET_TSPSR
    std::uint32_t cr;    // public/arch-arm.h; OFFSET_VCR
    std::uint32_t cpar;  // public/arch-arm.h; OFFSET_VCPAR
    std::uint32_t dacr;  // public/arch-arm.h; OFFSET_VDACR
    std::uint32_t pidr;  // public/arch-arm.h; OFFSET_VPIDR
    std::uint32_t far;   // public/arch-arm.h; OFFSET_VFAR
    std::uint32_t fsr;   // public/arch-arm.h; OFFSET_VFSR
    std::uint32_t reserved[arch_vcpu_reserved_words];  // public/arch-arm.h
};

// Samsung's guest time record (public/xen.h vcpu_time_info): no TSC fields, a count of
// free-running timer overflows and the offset since the last tick instead.
struct vcpu_time_info {
    std::uint32_t version;              // public/xen.h; odd while Xen updates the record
    std::uint32_t pad0;                 // public/xen.h
    std::uint32_t freetimer_overflows;  // public/xen.h
    alignas(8) std::uint64_t offset;    // public/xen.h; ns since the last tick
    alignas(8) std::uint64_t system_time;  // public/xen.h; ns since boot
    std::int8_t pad1[3];                // public/xen.h
};

// public/xen.h vcpu_info.
struct vcpu_info {
    std::uint8_t evtchn_upcall_pending;  // public/xen.h
    std::uint8_t evtchn_upcall_mask;     // public/xen.h
    std::uint32_t evtchn_pending_sel;    // public/xen.h; one bit per 32-port word
    arch_vcpu_info arch;                 // public/xen.h
    vcpu_time_info time;                 // public/xen.h
};

// public/arch-arm.h arch_shared_info.
struct arch_shared_info {
    std::uint32_t max_pfn;                     // public/arch-arm.h
    std::uint32_t pfn_to_mfn_frame_list_list;  // public/arch-arm.h
    std::uint32_t nmi_reason;                  // public/arch-arm.h
};

// public/xen.h shared_info (the profiling fields there are under #if 0, so absent).
struct shared_info {
    vcpu_info vcpu[max_virt_cpus];              // public/xen.h vcpu_info[MAX_VIRT_CPUS]
    std::uint32_t evtchn_pending[evtchn_words];  // public/xen.h
    std::uint32_t evtchn_mask[evtchn_words];     // public/xen.h
    std::uint32_t vdma_pending[vdma_words];      // public/xen.h (Samsung)
    std::uint32_t vdma_mask[vdma_words];         // public/xen.h (Samsung)
    std::uint32_t wc_version;                    // public/xen.h
    std::uint32_t wc_sec;                        // public/xen.h
    std::uint32_t wc_nsec;                       // public/xen.h
    arch_shared_info arch;                       // public/xen.h
    std::uint32_t batterylife;                   // public/xen.h (Samsung, access control)
    std::uint16_t shutdown_domain;               // public/xen.h (Samsung), a domid_t
    std::uint32_t ticks;                         // public/xen.h (Samsung)
};

// Byte offsets in the shared_info page, computed from the mirror structs.
namespace shinfo {

// Inside vcpu_time_info (docs/models/xen_arm.md: version 0, freetimer_overflows 8, offset 16,
// system_time 24, size 40).
inline constexpr std::uint32_t time_version = offsetof(vcpu_time_info, version);
inline constexpr std::uint32_t time_pad0 = offsetof(vcpu_time_info, pad0);
inline constexpr std::uint32_t time_freetimer_overflows = offsetof(vcpu_time_info, freetimer_overflows);
inline constexpr std::uint32_t time_offset = offsetof(vcpu_time_info, offset);
inline constexpr std::uint32_t time_system_time = offsetof(vcpu_time_info, system_time);
inline constexpr std::uint32_t time_pad1 = offsetof(vcpu_time_info, pad1);
inline constexpr std::uint32_t time_size = sizeof(vcpu_time_info);

// Inside arch_vcpu_info.
inline constexpr std::uint32_t arch_sp = offsetof(arch_vcpu_info, sp);
inline constexpr std::uint32_t arch_lr = offsetof(arch_vcpu_info, lr);
inline constexpr std::uint32_t arch_trap = offsetof(arch_vcpu_info, trap);
inline constexpr std::uint32_t arch_spsr = offsetof(arch_vcpu_info, spsr);
inline constexpr std::uint32_t arch_cr = offsetof(arch_vcpu_info, cr);
inline constexpr std::uint32_t arch_cpar = offsetof(arch_vcpu_info, cpar);
inline constexpr std::uint32_t arch_dacr = offsetof(arch_vcpu_info, dacr);
inline constexpr std::uint32_t arch_pidr = offsetof(arch_vcpu_info, pidr);
inline constexpr std::uint32_t arch_far = offsetof(arch_vcpu_info, far);
inline constexpr std::uint32_t arch_fsr = offsetof(arch_vcpu_info, fsr);
inline constexpr std::uint32_t arch_size = sizeof(arch_vcpu_info);

// Inside vcpu_info.
inline constexpr std::uint32_t vi_upcall_pending = offsetof(vcpu_info, evtchn_upcall_pending);
inline constexpr std::uint32_t vi_upcall_mask = offsetof(vcpu_info, evtchn_upcall_mask);
inline constexpr std::uint32_t vi_pending_sel = offsetof(vcpu_info, evtchn_pending_sel);
inline constexpr std::uint32_t vi_arch = offsetof(vcpu_info, arch);
inline constexpr std::uint32_t vi_time = offsetof(vcpu_info, time);
inline constexpr std::uint32_t vcpu_info_size = sizeof(vcpu_info);

// vcpu_info of vcpu n in the page.
constexpr std::uint32_t vcpu_info_offset(std::uint32_t n) {
    return static_cast<std::uint32_t>(offsetof(shared_info, vcpu)) + n * vcpu_info_size;
}

// vcpu 0 (the only one on ARM), absolute in the page.
inline constexpr std::uint32_t vcpu0 = vcpu_info_offset(0);
inline constexpr std::uint32_t vcpu0_upcall_pending = vcpu0 + vi_upcall_pending;
inline constexpr std::uint32_t vcpu0_upcall_mask = vcpu0 + vi_upcall_mask;
inline constexpr std::uint32_t vcpu0_pending_sel = vcpu0 + vi_pending_sel;
inline constexpr std::uint32_t vcpu0_arch = vcpu0 + vi_arch;
inline constexpr std::uint32_t vcpu0_arch_sp = vcpu0_arch + arch_sp;
inline constexpr std::uint32_t vcpu0_arch_lr = vcpu0_arch + arch_lr;
inline constexpr std::uint32_t vcpu0_arch_trap = vcpu0_arch + arch_trap;
inline constexpr std::uint32_t vcpu0_arch_spsr = vcpu0_arch + arch_spsr;
inline constexpr std::uint32_t vcpu0_arch_cr = vcpu0_arch + arch_cr;
inline constexpr std::uint32_t vcpu0_arch_cpar = vcpu0_arch + arch_cpar;
inline constexpr std::uint32_t vcpu0_arch_dacr = vcpu0_arch + arch_dacr;
inline constexpr std::uint32_t vcpu0_arch_pidr = vcpu0_arch + arch_pidr;
inline constexpr std::uint32_t vcpu0_arch_far = vcpu0_arch + arch_far;
inline constexpr std::uint32_t vcpu0_arch_fsr = vcpu0_arch + arch_fsr;
inline constexpr std::uint32_t vcpu0_time = vcpu0 + vi_time;
inline constexpr std::uint32_t vcpu0_time_version = vcpu0_time + time_version;
inline constexpr std::uint32_t vcpu0_time_freetimer_overflows = vcpu0_time + time_freetimer_overflows;
inline constexpr std::uint32_t vcpu0_time_offset = vcpu0_time + time_offset;
inline constexpr std::uint32_t vcpu0_time_system_time = vcpu0_time + time_system_time;

inline constexpr std::uint32_t evtchn_pending = offsetof(shared_info, evtchn_pending);
inline constexpr std::uint32_t evtchn_mask = offsetof(shared_info, evtchn_mask);
inline constexpr std::uint32_t vdma_pending = offsetof(shared_info, vdma_pending);
inline constexpr std::uint32_t vdma_mask = offsetof(shared_info, vdma_mask);
inline constexpr std::uint32_t wc_version = offsetof(shared_info, wc_version);
inline constexpr std::uint32_t wc_sec = offsetof(shared_info, wc_sec);
inline constexpr std::uint32_t wc_nsec = offsetof(shared_info, wc_nsec);
inline constexpr std::uint32_t arch_max_pfn = offsetof(shared_info, arch) + offsetof(arch_shared_info, max_pfn);
inline constexpr std::uint32_t arch_pfn_to_mfn_frame_list_list =
    offsetof(shared_info, arch) + offsetof(arch_shared_info, pfn_to_mfn_frame_list_list);
inline constexpr std::uint32_t arch_nmi_reason = offsetof(shared_info, arch) + offsetof(arch_shared_info, nmi_reason);
inline constexpr std::uint32_t batterylife = offsetof(shared_info, batterylife);
inline constexpr std::uint32_t shutdown_domain = offsetof(shared_info, shutdown_domain);
inline constexpr std::uint32_t ticks = offsetof(shared_info, ticks);
inline constexpr std::uint32_t size = sizeof(shared_info);

// The 32-bit words holding port p's pending and mask bits, and its bit in them.
constexpr std::uint32_t pending_word(std::uint32_t port) { return evtchn_pending + 4 * (port / bits_per_long); }
constexpr std::uint32_t mask_word(std::uint32_t port) { return evtchn_mask + 4 * (port / bits_per_long); }
constexpr std::uint32_t port_bit(std::uint32_t port) { return 1u << (port % bits_per_long); }

// The offset table, pinned. A change here is an ABI change for every guest.
static_assert(time_version == 0 && time_pad0 == 4 && time_freetimer_overflows == 8);
static_assert(time_offset == 16 && time_system_time == 24 && time_pad1 == 32 && time_size == 40);
static_assert(arch_sp == 0 && arch_lr == 4 && arch_trap == 8 && arch_spsr == 12);   // asm-offsets.s
static_assert(arch_cr == 16 && arch_cpar == 20 && arch_dacr == 24 && arch_pidr == 28);  // asm-offsets.s
static_assert(arch_far == 32 && arch_fsr == 36 && arch_size == 60);                  // asm-offsets.s
static_assert(vi_upcall_pending == 0 && vi_upcall_mask == 1 && vi_pending_sel == 4);  // asm-offsets.s
static_assert(vi_arch == 8 && vi_time == 72 && vcpu_info_size == 112);  // asm-offsets.s, minios time.o
static_assert(vcpu0 == 0 && vcpu0_upcall_pending == 0 && vcpu0_upcall_mask == 1 && vcpu0_pending_sel == 4);
static_assert(vcpu0_arch_sp == 8 && vcpu0_arch_lr == 12 && vcpu0_arch_trap == 16 && vcpu0_arch_spsr == 20);
static_assert(vcpu0_arch_cr == 24 && vcpu0_arch_cpar == 28 && vcpu0_arch_dacr == 32 && vcpu0_arch_pidr == 36);
static_assert(vcpu0_arch_far == 40 && vcpu0_arch_fsr == 44);
static_assert(vcpu0_time == 72 && vcpu0_time_version == 72 && vcpu0_time_freetimer_overflows == 80);
static_assert(vcpu0_time_offset == 88 && vcpu0_time_system_time == 96);
static_assert(evtchn_pending == 112 && evtchn_mask == 240);  // minios evtchn.o
static_assert(vdma_pending == 368 && vdma_mask == 384);
static_assert(wc_version == 400 && wc_sec == 404 && wc_nsec == 408);  // minios time.o
static_assert(arch_max_pfn == 412 && arch_pfn_to_mfn_frame_list_list == 416 && arch_nmi_reason == 420);
static_assert(batterylife == 424 && shutdown_domain == 428 && ticks == 432 && size == 440);
static_assert(size <= 4096, "shared_info must fit its page");
static_assert(alignof(shared_info) == 8);

}  // namespace shinfo
}  // namespace rtv::hv::abi
