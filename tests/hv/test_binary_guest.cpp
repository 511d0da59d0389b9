// SPDX-License-Identifier: Apache-2.0
// A binary guest under the Xen-ARM model, on the ISS: tests/hv/guests/abi_guest.S walks the
// para-virtual ABI (docs/guest_abi.md) and writes what it saw into `results`; the expected
// values come from Samsung's entry.S, hypercalls.S and domain_build.c (andreiw/xen3-arm-tegra
// @8caa5e6) as docs/guest_abi.md states them, never from a previous run.
#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>

#include "hv_model/domain_builder.hpp"
#include "hv_model/public/start_info_layout.hpp"
#include "hv_model/xen.hpp"
#include "sim/cpu/arm926_core.hpp"
#include "sim/cpu/iss/instruction_observer.hpp"
#include "sim/imx21_periph/imx21_soc.hpp"

using namespace rtv;

namespace {

std::shared_ptr<const hv::elf_image> abi_guest() {
    std::ifstream in(RTV_ABI_GUEST_ELF, std::ios::binary);
    REQUIRE(in);
    std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return std::make_shared<const hv::elf_image>(hv::elf_image::parse(std::move(bytes)));
}

// The first instruction of the guest is a NOP: the state after it is the entry state.
struct first_instruction : cpu::instruction_observer {
    bool seen = false;
    std::uint32_t pc = 0, cpsr = 0;
    cpu::arm_user_registers regs;
    void after_instruction(const cpu::arm_state& s, std::uint32_t at, std::uint32_t, bool) override {
        if (seen) return;
        seen = true;
        pc = at;
        cpsr = s.cpsr();
        for (unsigned i = 0; i < 15; ++i) regs.r[i] = s.reg(i);
    }
};

// dom0 is the binary guest, identity-mapped at the first partition (0xC1000000).
struct elf_bench {
    imx21::imx21_soc soc{"soc"};
    cpu::arm926_core core{"cpu", 266'000'000};
    std::shared_ptr<const hv::elf_image> elf = abi_guest();
    std::unique_ptr<hv::xen> xen;

    explicit elf_bench(std::vector<hv::image_patch> patches = {}) {
        core.bus.bind(soc.in);
        core.bind_irq(soc.aitc().irq_out);
        core.bind_fiq(soc.aitc().fiq_out);
        hv::xen_config cfg;
        cfg.check_invariants = true;
        hv::domain_spec d;
        d.name = "abi";
        d.memory_bytes = 4u << 20;
        d.identity_map = true;
        d.image = hv::guest_image_spec{RTV_ABI_GUEST_ELF, elf, "", "console=abi", std::move(patches)};
        cfg.domains.push_back(d);
        xen = std::make_unique<hv::xen>(cfg, hv::hv_costs{});
        core.attach(*xen);
    }
    const hv::domain& dom() const { return *xen->domains().front(); }
    std::uint32_t symbol(const char* name) const { return elf->symbol(name)->value + xen->image_of(dom())->bias; }
    std::uint32_t read(std::uint32_t va) { return core.debug_read32(*xen->guest_va_to_pa(dom(), va)); }
    std::uint32_t result(unsigned i) { return read(symbol("results") + 4 * i); }
    void run() { sc_core::sc_start(sc_core::sc_time(100, sc_core::SC_MS)); }
};

constexpr std::uint32_t psr_usr = 0x10, psr_svc = 0x13;  // ARM DDI 0100I A2.5.7

}  // namespace

TEST_CASE("a binary guest starts with new_thread's entry state and a filled start_info", "[binary_guest]") {
    elf_bench b;
    first_instruction obs;
    b.core.set_instruction_observer(&obs);
    b.run();
    const hv::loaded_image& at = *b.xen->image_of(b.dom());
    CHECK(at.bias == 0);  // ET_EXEC: loaded where linked
    CHECK(at.entry == 0xC1000000u);
    // The image ends at .bss's end; start_info is the next page, the stack two pages above.
    CHECK(at.start_info_va == ((b.elf->image_end() + 4095) & ~4095u));
    CHECK(at.stack_top == at.start_info_va + 8192);
    REQUIRE(obs.seen);
    CHECK(obs.pc == at.entry);
    CHECK(obs.regs.r[0] == 0);
    CHECK(obs.regs.r[12] == at.start_info_va);
    CHECK(obs.regs.r[13] == at.stack_top);
    CHECK(obs.regs.r[14] == 0);
    CHECK((obs.cpsr & 0x1F) == psr_usr);
    CHECK((obs.cpsr & 0xE0) == 0);  // IRQs and FIQs enabled, ARM state
    namespace si = hv::abi::sinfo;
    CHECK(b.read(at.start_info_va + si::nr_pages) == (4u << 20) / 4096);
    CHECK(b.read(at.start_info_va + si::flags) == (hv::abi::sif_privileged | hv::abi::sif_initdomain));
    CHECK(b.read(at.start_info_va + si::shared_info) == 0xFE000000u + (12u << 20));  // Xen's pointer
    CHECK(b.read(at.start_info_va + si::min_mfn) == 0xC1000000u / 4096);
    CHECK(b.read(at.start_info_va + si::mfn_list) == 0);
    CHECK(b.read(at.start_info_va + si::cmd_line) == 0x736E6F63u);  // "cons"
    CHECK(b.read(at.start_info_va + si::cmd_line + 8) == 0x00696261u);  // "abi\0": "console=abi"
    CHECK(b.xen->guest_va_to_pa(b.dom(), 0xFFF00004u) == b.xen->shared_info_pa(b.dom()) + 4);
    CHECK_FALSE(b.xen->guest_va_to_pa(b.dom(), 0xC1400000u).has_value());
}

TEST_CASE("hypercalls from real SWIs take r0-r3 and answer in r0", "[binary_guest]") {
    elf_bench b;
    b.run();
    CHECK(b.xen->consoles().at("abi") == "abi!\n");       // console_io(write, 5, text)
    CHECK(b.result(0) == 0x30000u);                        // xen_version: 3.0
    CHECK(b.result(1) == 0x11111111u);                     // r1-r3 come back as they were
    CHECK(b.result(2) == 0x22222222u);
    CHECK(b.result(3) == 0x33333333u);
    CHECK(b.result(4) == static_cast<std::uint32_t>(-hv::xen_efault));  // a pointer to nothing
    CHECK(b.result(5) == 0);                               // bind_virq
    CHECK(b.result(6) == 32);  // Samsung's get_free_port starts at evtchn_count * 32
    // SCHEDOP_poll (r0 = 3) switched the vcpu out; its result 0 waited in the saved r0.
    CHECK(b.result(7) == 0);
    CHECK(b.dom().vcpu0->switches_in >= 2);
    CHECK(b.result(47) == 0x600Du);                        // reached the end
    CHECK(b.xen->machine_stopped().action == "halt");
    CHECK(b.xen->fatal_error().empty());
}

TEST_CASE("an upcall enters the IRQ entry with entry.S's frame", "[binary_guest]") {
    elf_bench b;
    b.run();
    for (unsigned i = 0; i <= 12; ++i) CHECK(b.result(8 + i) == 0xA0u + i);  // r0-r12 unchanged
    const std::uint32_t stack_top = b.symbol("stack_top");
    CHECK(b.result(21) == stack_top);        // sp: the interrupted one (virtual kernel mode)
    CHECK(b.result(22) == b.result(41));     // lr: the interrupted pc (`wait`)
    CHECK(b.result(23) == stack_top);        // arch.sp: the interrupted sp
    CHECK(b.result(24) == 0x7777u);          // arch.lr: the interrupted lr
    CHECK(b.result(25) == (0x40000000u | psr_svc));  // arch.spsr: Z, the virtual mode
    CHECK(b.result(26) == 1);                // upcalls masked
    CHECK(b.xen->counters().upcalls == 1);
}

TEST_CASE("restore_trap_frame resumes at arch.lr with arch.sp and the flags, r0 kept", "[binary_guest]") {
    elf_bench b;
    b.run();
    const std::uint32_t stack2_top = b.symbol("stack2_top");
    CHECK(b.result(27) == 0xABCD0000u);                 // r0 is not a result
    CHECK(b.result(28) == stack2_top);                  // sp = arch.sp
    CHECK(b.result(29) == (0x20000000u | psr_usr));     // C from arch.spsr, real mode USR
    CHECK(b.result(30) == 0);                           // upcalls unmasked
}

TEST_CASE("traps of a binary guest go to its trap table with entry.S's frame", "[binary_guest]") {
    elf_bench b;
    b.run();
    const std::uint32_t kstack_top = b.symbol("kstack_top");
    // restore_trap_frame into virtual user mode: the first fetch there is a prefetch abort
    // (the guest's memory is privileged-only), entry 3 in virtual kernel mode.
    const std::uint32_t user_code = b.result(42);
    CHECK(b.result(31) == user_code + 4);       // lr: the abort's LR
    CHECK(b.result(32) == kstack_top);          // sp: the kernel's, kept since the restore
    CHECK(b.result(33) == 0x5000u);             // arch.sp: the user sp
    CHECK(b.result(34) == 0x6666u);             // arch.lr: the user lr
    CHECK(b.result(35) == psr_usr);             // arch.spsr: virtual user mode
    CHECK(b.result(36) == 1);
    // An undefined instruction: entry 1, lr = the next instruction.
    CHECK(b.result(37) == b.result(40) + 4);
    CHECK(b.result(38) == user_code + 4);       // arch.lr: lr as the pabt entry got it
    CHECK(b.result(39) == psr_svc);             // arch.spsr: virtual kernel mode, no flags
    // A data abort: entry 4, lr = the load + 8, FAR and FSR in vcpu_info.arch.
    CHECK(b.result(44) == b.result(43) + 8);
    CHECK(b.result(45) == 0x100u);
    CHECK(b.result(46) == 0x5u);                // section translation fault (ARM926EJ-S TRM 3-9)
    REQUIRE(b.xen->faults().size() == 3);
    for (const auto& f : b.xen->faults()) CHECK(f.action == "injected");
    CHECK(b.xen->faults()[0].address == user_code);
    CHECK(b.xen->faults()[2].address == 0x100u);
    CHECK(b.xen->counters().faults_injected == 3);
}

TEST_CASE("a SWI from Thumb state is read as Xen-ARM reads it and hangs the platform", "[binary_guest]") {
    const std::vector<std::uint8_t> one{1, 0, 0, 0};
    elf_bench b({{"test_mode", one}});
    b.run();
    // The word at lr-4 is the NOP (0x46C0) below the SWI (0xDF01): hypercall 0x0146C0.
    const std::string& fatal = b.xen->fatal_error();
    INFO(fatal);
    CHECK(fatal.find("domain abi made hypercall 83648") == 0);
    char pc[32];
    std::snprintf(pc, sizeof pc, "pc %#010x", b.symbol("thumb_swi_insn") & ~1u);
    CHECK(fatal.find(pc) != std::string::npos);
    CHECK(fatal.find("Thumb") != std::string::npos);
}

TEST_CASE("image patches must land on a symbol large enough", "[binary_guest]") {
    hv::guest_image_spec spec{RTV_ABI_GUEST_ELF, abi_guest(), "", "", {}};
    const hv::loaded_image at = hv::plan_guest_image(spec, 0xC1000000u, 4u << 20);
    spec.patches = {{"test_mode", {1, 0, 0, 0}}};
    CHECK_NOTHROW(hv::check_image_patches(spec, at));
    const hv::image_words w = hv::guest_image_words(spec, at);
    CHECK(w.words[(spec.elf->symbol("test_mode")->value - w.first_va) / 4] == 1);
    spec.patches = {{"test_mode", {1, 0, 0, 0, 0}}};
    CHECK_THROWS_WITH(hv::check_image_patches(spec, at), Catch::Contains("smaller than the 5 bytes"));
    spec.patches = {{"no_such_symbol", {1}}};
    CHECK_THROWS_WITH(hv::check_image_patches(spec, at), Catch::Contains("no symbol 'no_such_symbol'"));
    // Too small a partition for start_info and the boot stack after the image.
    CHECK_THROWS_WITH(hv::plan_guest_image(spec, 0xC1000000u, 0x3000), Catch::Contains("no room after the image"));
    CHECK_THROWS_WITH(hv::plan_guest_image(spec, 0xC1400000u, 4u << 20), Catch::Contains("outside the domain's partition"));
}
