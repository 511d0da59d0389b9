// SPDX-License-Identifier: Apache-2.0
// Binary guests on the Xen-ARM model (docs/guest_abi.md): the domain builder's image loading,
// start_info and entry state (xen/arch/arm/xen/domain_build.c), and the trap paths of a vcpu
// that runs real ARM code (xen/arch/arm/xen/entry.S vector_swi, invoke_hypercall, do_upcall,
// vector_*_abort, vector_undefined_instruction, resume_guest_domain; hypercalls.S
// do_restore_trap_frame), all in andreiw/xen3-arm-tegra @8caa5e6. Native guests never come
// here: their paths in xen.cpp and xen_pv.cpp are unchanged.
#include <cstdio>

#include "hv_model/domain_builder.hpp"
#include "hv_model/memory_layout.hpp"
#include "hv_model/public/hypercall_abi.hpp"
#include "hv_model/public/shared_info_layout.hpp"
#include "hv_model/public/start_info_layout.hpp"
#include "hv_model/xen.hpp"

namespace rtv::hv {

namespace {

namespace shinfo = abi::shinfo;

constexpr std::uint32_t psr_mode_mask = 0x1F;  // ARM DDI 0100I A2.5
constexpr std::uint32_t psr_mode_usr = static_cast<std::uint32_t>(cpu::mode::usr);
constexpr std::uint32_t psr_mode_svc = static_cast<std::uint32_t>(cpu::mode::svc);
constexpr std::uint32_t psr_t = 1u << 5;  // Thumb state (A2.5.8)

std::string hex(std::uint32_t v) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%#010x", v);
    return buf;
}

}  // namespace

// --- introspection -------------------------------------------------------------------------

const loaded_image* xen::image_of(const domain& d) const {
    if (d.is_idle || d.domain_id < 0 || static_cast<std::size_t>(d.domain_id) >= m_images.size()) return nullptr;
    const auto& at = m_images[static_cast<std::size_t>(d.domain_id)];
    return at ? &*at : nullptr;
}

std::optional<std::uint32_t> xen::guest_va_to_pa(const domain& d, std::uint32_t va) const {
    if (d.is_idle || d.domain_id < 0 || static_cast<std::size_t>(d.domain_id) >= m_cfg.domains.size()) return std::nullopt;
    const domain_spec& spec = m_cfg.domains[static_cast<std::size_t>(d.domain_id)];
    if (va - layout::shared_info_va < layout::page_size) return shared_info_pa(d) + (va - layout::shared_info_va);
    const std::uint32_t range = spec.identity_map ? d.memory_base : spec.virtual_base;
    if (va - range < d.memory_size) return d.memory_base + (va - range);
    for (const device_grant& g : spec.devices)
        if (va - g.window.base < g.window.size) return va;
    if (d.domain_id == 0 && va - layout::peripheral_section < (1u << 20)) return va;  // dom0's peripheral section
    return std::nullopt;
}

const domain* xen::current_domain() const {
    if (!m_sched) return nullptr;
    const vcpu& v = m_sched->curr();
    return is_idle_vcpu(v) ? nullptr : v.dom;
}

// --- the domain builder ----------------------------------------------------------------------

void xen::build_binary_guests() {
    m_images.assign(m_domains.size(), std::nullopt);
    // Xen's own pointers: its region is mapped at xen_virtual_base (memory_layout.hpp).
    const auto xen_va = [this](std::uint32_t pa) { return layout::xen_virtual_base + (pa - m_cfg.sdram_base); };
    for (std::size_t i = 0; i < m_domains.size(); ++i) {
        const domain_spec& spec = m_cfg.domains[i];
        if (!spec.image) continue;
        domain& d = *m_domains[i];
        const std::uint32_t range = spec.identity_map ? d.memory_base : spec.virtual_base;
        loaded_image at = plan_guest_image(*spec.image, range, d.memory_size);  // the app checked it
        const image_words img = guest_image_words(*spec.image, at);
        // loadelfimage: the segments into the partition, through the bus like any store.
        for (std::size_t k = 0; k < img.words.size(); ++k)
            m_core->write32(*guest_va_to_pa(d, img.first_va + static_cast<std::uint32_t>(4 * k)), img.words[k]);
        m_core->invalidate_decoded(*guest_va_to_pa(d, img.first_va), static_cast<std::uint32_t>(4 * img.words.size()));

        start_info_fields f;
        f.nr_pages = d.memory_size / layout::page_size;
        f.shared_info = xen_va(shared_info_pa(d));  // si->shared_info = d->shared_info
        f.flags = d.domain_id == 0 ? abi::sif_privileged | abi::sif_initdomain : 0;
        f.pt_base = xen_va(m_ttb[i]);
        f.nr_pt_frames = m_pt_frames[i];
        f.min_mfn = d.memory_base / layout::page_size;
        f.cmdline = spec.image->cmdline;
        const std::vector<std::uint32_t> page = start_info_page(f);
        for (std::size_t k = 0; k < page.size(); ++k)
            m_core->write32(*guest_va_to_pa(d, at.start_info_va + static_cast<std::uint32_t>(4 * k)), page[k]);

        // new_thread: r0 = 0, r12 = start_info, sp = two pages above it, lr = 0, pc = entry,
        // SPSR USR (ARM state, interrupts enabled); virtual kernel mode.
        cpu::arm_user_registers& r = *m_arm_contexts[i]->arm_registers();
        r = {};
        r.r[12] = at.start_info_va;
        r.r[13] = at.stack_top;
        r.r[15] = at.entry;
        r.cpsr = psr_mode_usr;
        d.vcpu0->virtual_kernel = true;
        d.vcpu0->other_sp = at.stack_top;
        m_images[i] = at;
        m_log->info("domain {}: image {} loaded, bias {:#x}, entry {:#010x}, start_info {:#010x}", d.name,
                    spec.image->path, at.bias, at.entry, at.start_info_va);
    }
}

// --- traps of ARM vcpus ----------------------------------------------------------------------

void xen::platform_hang(const std::string& message) {
    m_fatal = message;
    m_log->error("{}", m_fatal);
    sc_core::sc_stop();
}

std::uint32_t xen::arm_trap(const cpu::trap_record& t) {
    if (t.kind != cpu::trap_kind::swi) return arm_forward_trap(t);
    vcpu& v = m_sched->curr();
    m_core->spend(m_costs.hypercall_entry);
    if (!v.virtual_kernel) {
        // vector_swi from the guest's virtual user mode: not a hypercall, bounced to the
        // guest's SWI entry with lr = the instruction after the SWI.
        const std::uint32_t entry = v.trap_table[abi::vector_swi];
        if (entry == 0)
            platform_hang("domain " + v.dom->name + " made a SWI in virtual user mode at pc " +
                          hex(t.return_pc - 4) + " with no SWI entry in its trap table: Xen-ARM spins in trap_table_invalid");
        else
            bounce_arm_guest(v, entry, m_core->exception_return_address());
        return m_core->user_reg(0);
    }
    // invoke_hypercall: `ldr r12, [lr, #-4]; bic r12, r12, #0xff000000` through the guest's
    // page table, whatever state the SWI came from (a Thumb SWI is decoded from the wrong bits).
    // An unaligned LDR on the ARM926 (alignment checks off) loads the aligned word rotated
    // right by 8 x address[1:0] (ARM DDI 0100I A4.1.23): a Thumb SWI at a word address gets it.
    const std::uint32_t at = t.return_pc - 4;
    std::uint32_t word = 0;
    const bool read = m_core->read_virtual32(at & ~3u, word);
    if (const unsigned rot = 8 * (at & 3u)) word = (word >> rot) | (word << (32 - rot));
    if (!read) {
        platform_hang("domain " + v.dom->name + " made a SWI at " + hex(t.return_pc - 4) +
                      " whose word Xen-ARM cannot read back (ldr r12, [lr, #-4] aborts in Xen)");
        return m_core->user_reg(0);
    }
    cpu::trap_record call = t;
    call.swi_number = word & 0x00FFFFFFu;
    std::uint32_t r0 = do_hypercall(call);
    // do_restore_trap_frame returns to `str r0, [sp, #CTXT_R0]` with r0 still the guest's.
    if (call.swi_number == abi::hc_restore_trap_frame && m_fatal.empty()) r0 = m_core->user_reg(0);
    m_core->spend(m_costs.hypercall_exit);
    return_to_guest();
    // The result went into the trapped vcpu's frame before return_to_guest: if that vcpu was
    // switched out meanwhile, into its saved registers.
    if (&m_sched->curr() != &v) v.context->arm_registers()->r[0] = r0;
    return r0;
}

// vector_data_abort, vector_prefetch_abort, vector_undefined_instruction for a guest: only
// the data abort saves FAR and FSR in vcpu_info.arch; each enters its trap-table entry with
// lr = the exception's own LR (the faulting instruction + 8, + 4, the next instruction).
std::uint32_t xen::arm_forward_trap(const cpu::trap_record& t) {
    if (t.kind == cpu::trap_kind::data_abort) return data_abort(t);
    m_core->spend(m_costs.abort_entry);
    vcpu& v = m_sched->curr();
    domain& d = *v.dom;
    const bool undefined = t.kind == cpu::trap_kind::undefined;
    const std::uint32_t pc = undefined ? t.return_pc - ((m_core->exception_spsr() & psr_t) ? 2 : 4) : t.fault_address;
    const char* what = undefined ? "an undefined instruction" : "a prefetch abort";
    fault_record f{d.name, m_core->local_time(), pc, t.fault_status, ""};
    if (m_cfg.domains.at(static_cast<std::size_t>(d.domain_id)).on_fault == on_fault_policy::kill) {
        f.action = "killed";
        m_faults.push_back(f);
        m_log->warn("domain {} took {} at {}: destroyed", d.name, what, hex(pc));
        domain_kill(d);
        do_softirq();
        return m_core->user_reg(0);
    }
    const std::uint32_t entry = v.trap_table[undefined ? abi::vector_undefined : abi::vector_prefetch_abort];
    if (entry == 0) {
        f.action = "hang";
        m_faults.push_back(f);
        platform_hang("domain " + d.name + " took " + what + " at pc " + hex(pc) +
                      " and has no trap-table entry for it: Xen-ARM spins in trap_table_invalid");
        return m_core->user_reg(0);
    }
    f.action = "injected";
    m_faults.push_back(f);
    ++m_counters.faults_injected;
    bounce_arm_guest(v, entry, m_core->exception_return_address());
    return m_core->user_reg(0);
}

// entry.S's bounce (do_upcall and the trap vectors): mask upcalls; save the interrupted user
// sp and lr and the SPSR with its mode replaced by the virtual mode in vcpu_info.arch; enter
// virtual kernel mode (the kernel's sp: the interrupted one if it was in kernel mode, else the
// one kept in cpu_info); DACR = the kernel value; enter `entry` in USR mode, ARM state
// (`msr spsr, #PSR_MODE_USR`), r0-r12 unchanged, lr = `interrupted_pc`.
void xen::bounce_arm_guest(vcpu& v, std::uint32_t entry, std::uint32_t interrupted_pc) {
    m_core->spend(m_costs.upcall);
    set_upcall_mask(v, true);
    const std::uint32_t usp = m_core->user_reg(13);
    shinfo_write(*v.dom, shinfo::vcpu0_arch_sp, usp);
    shinfo_write(*v.dom, shinfo::vcpu0_arch_lr, m_core->user_reg(14));
    shinfo_write(*v.dom, shinfo::vcpu0_arch_spsr,
                 (m_core->exception_spsr() & ~psr_mode_mask) | (v.virtual_kernel ? psr_mode_svc : psr_mode_usr));
    const std::uint32_t ksp = v.virtual_kernel ? usp : v.other_sp;
    v.virtual_kernel = true;
    v.other_sp = ksp;
    m_core->cp15_write(cpu::cp15_ops::dacr, layout::dacr_guest_kernel);
    m_core->set_user_reg(13, ksp);
    m_core->set_user_reg(14, interrupted_pc);
    m_core->set_exception_spsr(psr_mode_usr);
    m_core->set_exception_resume_pc(entry);
}

// resume_guest_domain: DACR by the virtual mode (kernel: DOMAIN_KERNEL_VALUE, user:
// DOMAIN_HYPERVISOR_VALUE). Xen writes it on every return; the model writes it only when it
// changes, which spares the ISS a flush of its translations and costs one MCR less.
void xen::resume_arm_guest(const vcpu& v) {
    const std::uint32_t dacr = v.virtual_kernel ? layout::dacr_guest_kernel : layout::dacr_guest_user;
    if (m_core->coprocessor().regs().dacr != dacr) m_core->cp15_write(cpu::cp15_ops::dacr, dacr);
}

}  // namespace rtv::hv
