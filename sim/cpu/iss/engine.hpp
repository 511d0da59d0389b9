// SPDX-License-Identifier: Apache-2.0
// The ARMv5TE instruction-set simulator engine of the ARM926EJ-S core (model page
// docs/models/arm926_iss.md).
//
// It runs the ARM context that owns the core on the core's own architectural state
// (arm_state, CP15, MMU, caches) and clock: an integer cycle counter that runs ahead of
// SystemC time up to the next pending event (the "horizon") and synchronises only there, before
// a peripheral access, and around exceptions handed to the privileged software. Every fetch and
// data access goes through the MMU and the cache models; the fast paths (a software TLB of host
// pointers, line-granular I-cache lookups, a decoded-instruction cache) give the same results
// and cycle counts as the slow ones, which the tests check by running both.
#pragma once

#include <algorithm>
#include <array>
#include <cstring>
#include <cstdint>
#include <memory>
#include <unordered_map>
#include <vector>

#include <systemc>

#include "sim/cpu/arm_state.hpp"
#include "sim/cpu/cache_model.hpp"
#include "sim/cpu/iss/alu.hpp"
#include "sim/cpu/iss/decoded.hpp"
#include "sim/cpu/iss/executor.hpp"
#include "sim/cpu/iss/instruction_observer.hpp"
#include "sim/cpu/iss/timing.hpp"
#include "sim/cpu/trap.hpp"

namespace rtv::cpu {
class arm926_core;
}

namespace rtv::cpu::iss {

struct iss_stats {
    std::uint64_t instructions = 0;
    std::uint64_t cycles = 0;  // core cycles spent while an ARM context ran (exceptions included)
    std::uint64_t icache_hits = 0, icache_misses = 0;
    std::uint64_t dcache_hits = 0, dcache_misses = 0;
    std::uint64_t tlb_hits = 0, tlb_misses = 0;
    std::uint64_t interlock_cycles = 0;
    std::uint64_t exceptions = 0;
    std::uint64_t undefined = 0;
    std::uint64_t decoded_misses = 0;  // instructions decoded (not found in the decoded cache)
};

// The exceptions an instruction can raise (ARM DDI 0100I A2.6).
enum class pending_exception : std::uint8_t { none, undefined, swi, prefetch_abort, data_abort, bkpt };

class engine {
public:
    explicit engine(arm926_core& core);
    ~engine();
    engine(const engine&) = delete;
    engine& operator=(const engine&) = delete;

    // Runs the loaded ARM context until control must go back to the core's loop: an
    // exception was handed to the privileged software (it may have switched contexts), an
    // IRQ/FIQ for the privileged software is pending, or the simulation was stopped.
    void run();

    void set_fast_paths(bool on);
    bool fast_paths() const { return m_fast; }
    // With an observer that watches some addresses only (instruction_observer::only_at), the hot
    // loop still runs and calls it there; any other observer makes every instruction a step().
    void set_observer(instruction_observer* o);
    // Largest number of cycles the engine runs ahead of SystemC time when no event is pending.
    void set_quantum_cycles(std::uint64_t q) { m_quantum = q ? q : 1; }
    const iss_stats& stats() const { return m_stats; }

    // Translation state changed (a CP15 write, a TLB operation, a mode change of the
    // software): forget every cached translation and the current fetch line.
    void invalidate_translations();
    // A table walk outside the ISS (privileged software's accesses to virtual memory, the
    // native engine) refilled the TLB and may have replaced an entry that a software-TLB slot
    // or the fetch page mirrors: forget them, as a walk inside the ISS does.
    void tlb_refilled() {
        m_gen += one_generation;
        forget_fast_page();  // the next fetch goes through fetch()
    }
    // CP15 I-cache maintenance: the next fetch looks the I-cache up again and decodes again.
    void icache_maintenance();
    // Memory at [pa, pa + len) was written other than by the ISS's own stores.
    void memory_written(std::uint32_t pa, std::uint32_t len);
    // Whether instructions decoded from the 4 KiB page of `pa` may be cached (only then has
    // memory_written() work to do for a write inside that page).
    bool holds_code(std::uint32_t pa) const { return m_code_page[pa >> 12] != 0; }
    // A trap or IRQ handler may have changed the state: re-examine everything at the next boundary.
    void force_boundary() {
        m_horizon = 0;
        forget_resident_code();
    }

    // --- for the executor (sim/cpu/iss/executor.cpp) ----------------------------------------
    std::uint32_t* r = nullptr;      // the current register view (arm_state)
    std::uint32_t* cpsr = nullptr;   // the CPSR (flag updates only; mode changes go through write_cpsr)
    std::uint64_t* cycle = nullptr;  // the core's cycle counter
    std::uint32_t next_pc = 0;       // where execution continues after the current instruction
    // Address of the current instruction, for exception entry: set where an exception is
    // taken (execute() does not keep it; a handler derives it from r[15], link_address()).
    std::uint32_t cur_pc = 0;
    pending_exception exc = pending_exception::none;  // set through raise()
    std::uint32_t fault_address = 0, fault_status = 0;

    // What BL and BLX write to LR, from a handler: the next instruction's address (r[15] reads
    // as the instruction's address + 8 in ARM state, + 4 in Thumb state; A4.1.5, A7.1.18), with
    // bit 0 set in Thumb state.
    std::uint32_t link_address() const { return thumb() ? (r[15] - 2) | 1u : r[15] - 4; }
    arm_state& state();
    arm926_core& core() { return m_core; }
    bool privileged() const { return (*cpsr & 0x1Fu) != 0x10u; }
    bool thumb() const { return (*cpsr & cpsr_t) != 0; }
    bool interworking_loads() const;  // SCTLR.L4 = 0: a load to the PC sets T from bit 0 (ARMv5T)

    // Data accesses. false (and `exc` set to data_abort) on an abort. `user` forces a User-mode
    // permission check (LDRT/STRT). size is 1, 2, 4 or 8 (8: the alignment check of LDRD/STRD;
    // the access itself is made as two words by the caller).
    // Inlined into the handlers, where `size` is a constant: a soft-TLB hit then costs a few
    // compares, one host access and the D-cache lookup.
    [[gnu::always_inline]] bool load(std::uint32_t va, unsigned size, std::uint32_t& value, bool user = false) {
        return try_load(va, size, value, user) || load_slow(va, size, value, user);
    }
    [[gnu::always_inline]] bool store(std::uint32_t va, unsigned size, std::uint32_t value, bool user = false) {
        return try_store(va, size, value, user) || store_slow(va, size, value, user);
    }
    // The soft-TLB part of load() and store(): false, with nothing changed, when the access needs
    // the slow path (then load() or store() makes it), so that a handler can keep the slow path
    // out of line.
    [[gnu::always_inline]] bool try_load(std::uint32_t va, unsigned size, std::uint32_t& value, bool user = false) {
        const soft_tlb_slot* slot = fast_slot(va, size, acc_read, user);
        if (!slot) return false;
        const std::uint32_t off = va & 0xFFFu & align_mask(size);
        value = read_le(slot->host + off, size);
        data_cache(slot->mva_page | off, slot->policy, false);
        return true;
    }
    [[gnu::always_inline]] bool try_store(std::uint32_t va, unsigned size, std::uint32_t value, bool user = false) {
        const soft_tlb_slot* slot = fast_slot(va, size, acc_write, user);
        if (!slot) return false;
        const std::uint32_t off = va & 0xFFFu & align_mask(size);
        write_le(slot->host + off, size, value);
        if (m_code_page[(slot->pa_page | off) >> 12]) code_written(slot->pa_page | off, size);
        data_cache(slot->mva_page | off, slot->policy, true);
        return true;
    }
    // The common case of try_load() alone, for a handler's inlined fast path: a soft-TLB hit on
    // cacheable memory whose line is in the D-cache. Anything else returns false with nothing
    // changed, and the handler makes the access out of line with load(), which accounts it
    // exactly as this would.
    [[gnu::always_inline]] bool try_load_hit(std::uint32_t va, unsigned size, std::uint32_t& value, bool user = false) {
        const soft_tlb_slot* slot = peek_slot(va, size, acc_read, user);
        if (!slot || !is_cacheable(static_cast<cache_policy>(slot->policy))) return false;
        const std::uint32_t off = va & 0xFFFu & align_mask(size);
        if (find_line(slot->mva_page | off) < 0) return false;
        value = read_le(slot->host + off, size);
        ++m_stats.tlb_hits;
        data_cache_hit(m_dcache->read_hit());
        return true;
    }
private:
    struct soft_tlb_slot;  // below, with the software TLB

public:
    // The store half, in two steps so that a handler can write its base back in between and
    // leave the rest as its last act: store_slot() gives the soft-TLB slot of a store the fast
    // path makes (write-back memory, a page without decoded code; nullptr: the handler makes
    // the store out of line with store()), and store_to() makes it, accounted exactly as
    // data_cache() would, a write hit inline and anything that involves the write buffer (a miss,
    // a buffer still draining) out of line.
    [[gnu::always_inline]] const soft_tlb_slot* store_slot(std::uint32_t va, unsigned size, bool user = false) const {
        const soft_tlb_slot* slot = peek_slot(va, size, acc_write, user);
        if (!slot || static_cast<cache_policy>(slot->policy) != cache_policy::write_back || m_code_page[slot->pa_page >> 12])
            return nullptr;
        return slot;
    }
    [[gnu::always_inline]] void store_to(const soft_tlb_slot* slot, std::uint32_t va, unsigned size, std::uint32_t value) {
        const std::uint32_t off = va & 0xFFFu & align_mask(size);
        const std::uint32_t mva = slot->mva_page | off;
        const int line = find_line(mva);
        if (line < 0 || m_wbuf->pending() != 0) [[unlikely]] {
            store_buffered(slot->host + off, mva, line, size, value);
            return;
        }
        ++m_stats.tlb_hits;
        cached_write(mva, cache_policy::write_back, line);
        // The data last: a byte store may alias anything, so the model's state is updated first.
        write_le(slot->host + off, size, value);
    }
    // SWP/SWPB: read and write with no other access in between.
    bool swap(std::uint32_t va, unsigned size, std::uint32_t in, std::uint32_t& out);
    // Checks an access's alignment and translation without moving data (STM/LDM/LDRD first
    // pass: the ARM926 aborts before writing any register).
    bool probe(std::uint32_t va, unsigned size, bool write, bool user = false);

    // Register writes that may start a load-use interlock.
    void produced(unsigned reg, std::uint64_t ready_cycle, bool by_multiplier = false) {
        // Every result produced before is ready once the scoreboard's horizon has passed: then
        // only this register may still be pending.
        if (*cycle >= m_scoreboard_until) m_pending = 0;
        m_pending |= 1u << reg;
        m_ready[reg] = ready_cycle;
        m_by_mul[reg] = by_multiplier;
        if (ready_cycle > m_scoreboard_until) m_scoreboard_until = ready_cycle;
    }
    // PC writes.
    void branch_to(std::uint32_t target) {
        next_pc = target & (thumb() ? ~1u : ~3u);
        m_run_broken = true;
    }
    // A PC write whose target is already aligned for the current instruction set (B).
    void jump_to(std::uint32_t aligned_target) {
        next_pc = aligned_target;
        m_run_broken = true;
    }
    void branch_exchange(std::uint32_t target);  // BX: bit 0 selects Thumb
    void load_pc(std::uint32_t value);           // LDR/LDM/POP to PC (ARMv5T interworking unless L4)
    // CPSR writes that may change mode, T, I or F.
    void write_cpsr(std::uint32_t value);
    // CPSR := SPSR (data processing with S to the PC, LDM ^ with the PC); UNPREDICTABLE in
    // USR/SYS, where nothing happens.
    void restore_cpsr_from_spsr();
    // MCR/MRC to coprocessor 15; false: undefined.
    bool cp15_transfer(const decoded& d, bool to_coprocessor);
    // Coprocessor instructions the ARM926 does not have, and reserved encodings.
    void undefined() { raise(pending_exception::undefined); }
    // An exception the instruction raises; like a PC write, it ends run_fast()'s straight run,
    // which is what lets the loop test one flag for both after each instruction.
    void raise(pending_exception e) {
        exc = e;
        m_run_broken = true;
    }

    static constexpr unsigned soft_tlb_entries = 256;

private:
    static std::uint32_t align_mask(unsigned size) { return size >= 4 ? ~3u : size == 2 ? ~1u : ~0u; }
    // Host memory is little-endian like the guest's (x86-64 host); 8-byte accesses move 4 here.
    static std::uint32_t read_le(const std::uint8_t* p, unsigned size) {
        if (size == 1) return *p;
        if (size == 2) {
            std::uint16_t h;
            std::memcpy(&h, p, 2);
            return h;
        }
        std::uint32_t w;
        std::memcpy(&w, p, 4);
        return w;
    }
    static void write_le(std::uint8_t* p, unsigned size, std::uint32_t v) {
        if (size == 1) {
            *p = static_cast<std::uint8_t>(v);
        } else if (size == 2) {
            const auto h = static_cast<std::uint16_t>(v);
            std::memcpy(p, &h, 2);
        } else {
            std::memcpy(p, &v, 4);
        }
    }
    bool load_slow(std::uint32_t va, unsigned size, std::uint32_t& value, bool user);
    bool store_slow(std::uint32_t va, unsigned size, std::uint32_t value, bool user);

    struct soft_tlb_slot {
        std::uint64_t key = 0;         // slot_key() of the page it holds (generation 0: none)
        std::uint8_t* host = nullptr;  // host pointer of the page (DMI memory)
        std::uint32_t pa_page = 0;
        std::uint32_t mva_page = 0;
        std::uint8_t policy = 0;       // cache_policy of the mapping
    };
    struct dmi_region {
        std::uint64_t start = 0, end = 0;  // inclusive end
        std::uint8_t* host = nullptr;
    };
    // Decoded instructions of one 4 KiB physical page: ARM instructions by word offset in
    // [0, 1024), Thumb instructions by halfword offset in [1024, 3072), so that the entries of a
    // straight run are adjacent in either state (a run touches half the host memory that
    // halfword-indexed ARM entries would).
    struct decoded_page {
        static constexpr unsigned thumb_base = 1024;
        std::array<decoded, thumb_base + 2048> insn{};
        static unsigned index(std::uint32_t pc, bool thumb) {
            return thumb ? thumb_base + ((pc & 0xFFFu) >> 1) : (pc & 0xFFFu) >> 2;
        }
        // Whether entry i is the last of its 32-byte I-cache line (8 ARM or 16 Thumb entries).
        static bool ends_line(unsigned i) { return i < thumb_base ? (i & 7u) == 7u : ((i - thumb_base) & 15u) == 15u; }
        // f_straight of entry i from its successor, and of its predecessor from it: called after
        // entry i was decoded or cleared.
        void link(unsigned i) {
            if (!ends_line(i) && (insn[i].flags & f_valid) && (insn[i + 1].flags & f_valid)) insn[i].flags |= f_straight;
            if (i != 0 && i != thumb_base && !ends_line(i - 1)) {
                decoded& before = insn[i - 1];
                if ((insn[i].flags & f_valid) && (before.flags & f_valid))
                    before.flags |= f_straight;
                else
                    before.flags &= static_cast<std::uint16_t>(~f_straight);
            }
        }
    };
    enum access : unsigned { acc_read = 0, acc_write = 1, acc_fetch = 2 };

    // The software-TLB slot of a DMI page for this access, or nullptr (then the slow path
    // translates, faults or goes over the bus). A misaligned access with SCTLR.A set always
    // takes the slow path, where the MMU raises the alignment fault.
    // Slots are filled only with the fast paths on and for DMI pages, and turning the fast
    // paths on or off starts a new generation: a current slot is a usable one.
    const soft_tlb_slot* fast_slot(std::uint32_t va, unsigned size, unsigned kind, bool user) {
        const soft_tlb_slot* slot = peek_slot(va, size, kind, user);
        if (slot) ++m_stats.tlb_hits;
        return slot;
    }
    // The same without counting the hit (the caller counts it if it makes the access).
    const soft_tlb_slot* peek_slot(std::uint32_t va, unsigned size, unsigned kind, bool user) const {
        if (size > 1 && m_align_check && (va & (size - 1)) != 0) return nullptr;
        const soft_tlb_slot& slot = (user ? m_stlb[0] : *m_stlb_now)[kind][(va >> 12) & (soft_tlb_entries - 1)];
        return slot.key == slot_key(va) ? &slot : nullptr;
    }
    // A cacheable access's cost and statistics once its line is found (data_cache()'s hit path).
    [[gnu::always_inline]] void data_cache_hit(access_result a) {
        // A hit costs nothing more by default (DDI0222B's counts assume hits): then the cycle
        // counter is not written, which keeps its chain of updates short.
        if (a.cycles != 0) *cycle += a.cycles;
        ++m_stats.dcache_hits;
    }
    // The write buffer drains in the background from the last write (m_wb_mark) to now.
    [[gnu::always_inline]] void elapse_write_buffer() {
        m_wbuf->elapse(*cycle - m_wb_mark, m_dcache->write_buffer_entry_cycles());
    }
    // The same out of line, for the paths inlined into every handler.
    [[gnu::noinline]] void drain_write_buffer_to_now() { elapse_write_buffer(); }
    // store_to()'s store to write-back memory while the write buffer holds writes or when the
    // line is not cached (`line` < 0; no allocation, the buffer takes the write): data_cache()'s
    // accounting, then the data.
    [[gnu::noinline]] void store_buffered(std::uint8_t* host, std::uint32_t mva, int line, unsigned size,
                                          std::uint32_t value) {
        ++m_stats.tlb_hits;
        elapse_write_buffer();
        cached_write(mva, cache_policy::write_back, line);
        write_le(host, size, value);
    }
    // A cacheable write's cost and statistics once its line is known (`line` < 0: not cached,
    // the write buffer takes it) and the write buffer has drained up to now: data_cache()'s,
    // store_to()'s and store_buffered()'s.
    [[gnu::always_inline]] void cached_write(std::uint32_t mva, cache_policy effective, int line) {
        const access_result a =
            line >= 0 ? m_dcache->write_hit(static_cast<unsigned>(line), mva, effective) : m_dcache->write_miss();
        if (a.cycles != 0) *cycle += a.cycles;  // (see data_cache_hit())
        m_wb_mark = *cycle;
        a.hit ? ++m_stats.dcache_hits : ++m_stats.dcache_misses;
    }
    // Cache cost and statistics of a data access to memory (`policy`: effective).
    [[gnu::always_inline]] void data_cache(std::uint32_t mva, std::uint8_t policy, bool write) {
        const cache_policy effective = static_cast<cache_policy>(policy);
        // (elapse() does nothing to an empty buffer: the test spares the call)
        if (write && m_wbuf->pending() != 0) drain_write_buffer_to_now();
        if (!is_cacheable(effective)) {
            const access_result a = write ? m_dcache->write(mva, effective) : m_dcache->read(mva, effective);
            *cycle += a.cycles;
            if (write) m_wb_mark = *cycle;
            return;
        }
        // The search starts at the way the set used last (find_predicted). A write to the line
        // that the last write missed misses again while no line has been filled since (only a
        // fill brings a line in; a write miss allocates none): no search at all.
        if (write) {
            int line;
            if ((mva >> 5) == m_wmiss_line && m_dcache->stats().refills == m_wmiss_fills) {
                line = -1;
            } else {
                line = find_line(mva);
                if (line < 0) {
                    m_wmiss_line = mva >> 5;
                    m_wmiss_fills = m_dcache->stats().refills;
                }
            }
            cached_write(mva, effective, line);
            return;
        }
        const int line = find_line(mva);
        const access_result a = line >= 0 ? m_dcache->read_hit() : m_dcache->read_miss(mva);
        *cycle += a.cycles;
        a.hit ? ++m_stats.dcache_hits : ++m_stats.dcache_misses;
    }

    struct resolved {
        bool ok = false;
        std::uint8_t* host = nullptr;
        std::uint32_t pa = 0, mva = 0;
        std::uint8_t policy = 0;
    };
    // Translation through the soft TLB (fast) or the MMU (slow); charges walk cycles.
    resolved resolve(std::uint32_t va, unsigned kind, bool priv, unsigned size);
    std::uint8_t* host_of(std::uint32_t pa);
    void data_fault(std::uint32_t fsr, std::uint32_t far);
    bool bus_read(std::uint32_t pa, unsigned size, std::uint32_t& value);
    bool bus_write(std::uint32_t pa, unsigned size, std::uint32_t value);
    void code_written(std::uint32_t pa, unsigned size);

    // One instruction at the boundary m_cycle: fetch, decode, interlocks, execute, exceptions.
    void step();
    // What execute() did: the instruction went on to next_pc (`next`), raised the exception in
    // `exc` (`raised`), or was a B without link that took its branch to next_pc without a handler
    // call (`jumped`, only with Jumps: run_fast() follows the branch itself).
    enum class outcome { next, jumped, raised };
    // Interlocks, condition, cycles and the handler of the decoded instruction d at pc.
    // `regs`, `psr` and `cyc` are r, cpsr and cycle, passed in so that a loop can keep them in
    // registers. With SetPc, r[15] is left at next_pc; without, as the instruction read it:
    // run_fast() writes it only when it leaves a straight run, whose next instruction writes it
    // anyway.
    // Size: d.size when the caller knows it (4 in ARM state, 2 in Thumb), 0 when it does not.
    template <bool SetPc = true, bool Jumps = false, unsigned Size = 0>
    outcome execute(const decoded& d, std::uint32_t pc, std::uint32_t* const regs, const std::uint32_t* const psr,
                    std::uint64_t* const cyc) {
        const std::uint32_t size = Size ? Size : d.size;
        next_pc = pc + size;
        if (*cyc < m_scoreboard_until) interlock(d, cyc);
        const unsigned cond = d.cond;
        if (cond != 14) {
            if (!condition_passed(*psr, cond & 15u)) {
                *cyc += timing::condition_failed;
                if constexpr (SetPc) regs[15] = next_pc;
                return outcome::next;
            }
            if (Jumps && (cond & cond_loop_branch)) {
                // exec::branch_plain's work: the target is the PC as read plus the displacement,
                // aligned already (A4.1.5).
                *cyc += d.cycles;
                next_pc = pc + 2u * size + d.imm;
                return outcome::jumped;
            }
        }
        *cyc += d.cycles;
        regs[15] = pc + 2u * size;  // the PC as instructions read it (A2.4.3)
        d.fn(*this, d);
        if (m_run_broken && exc != pending_exception::none) return outcome::raised;
        if constexpr (SetPc) regs[15] = next_pc;
        return outcome::next;
    }
    // The hot loop of run() when the fast paths are on and no observer needs every instruction
    // (engine.cpp); Watch: call the observer after the instructions at m_watched and after the
    // first one of the loop.
    template <bool Watch>
    void run_fast();
    // run_fast()'s loop in one instruction set (Thumb or ARM: the entry size is a constant).
    // Returns true when an instruction changed the instruction set (the loop for the other one
    // goes on), false when run_fast() must return. `first`: Watch's first instruction is still
    // to be reported.
    template <bool Watch, bool Thumb>
    bool run_fast_in(bool& first);
    void observe(const decoded& d, std::uint32_t pc);  // the observer, after the instruction d at pc
    bool watched(std::uint32_t pc) const {
        for (const std::uint32_t w : m_watched)
            if (w == pc) return true;
        return false;
    }
    // The decoded instruction at pc when its page is the fast-fetch page and its I-cache line is
    // known resident (step()'s fast fetch), else nullptr.
    const decoded* resident(std::uint32_t pc) const;
    // Whether pc's I-cache line is known resident (recorded by fetch() since the last fill).
    bool line_resident(std::uint32_t pc) const {
        const resident_line& l = m_resident[(pc >> 5) & 63u];
        return l.line == (pc & ~31u) && l.gen == m_ifill_gen;
    }
    // Returns the decoded instruction at pc, or nullptr after a prefetch abort.
    const decoded* fetch(std::uint32_t pc, bool thumb_state);
    // Waits for the registers d reads that a load or multiply has not produced yet (`cyc`: cycle,
    // as execute() has it).
    [[gnu::always_inline]] void interlock(const decoded& d, std::uint64_t* const cyc) {
        // Only the registers in m_pending can be ready later than now (a register outside it has
        // been ready since the scoreboard's horizon last passed), so only they are looked at.
        std::uint64_t need = *cyc;
        for (std::uint32_t m = d.reads & m_pending; m; m &= m - 1)
            need = std::max(need, m_ready[static_cast<unsigned>(__builtin_ctz(m))]);
        if (d.flags & f_extra_waits) [[unlikely]] {
            for (std::uint32_t m = d.cport & m_pending; m; m &= m - 1) {
                const unsigned i = static_cast<unsigned>(__builtin_ctz(m));
                // An accumulator produced by the multiplier is forwarded (the MLA chain, DDI0165B 8.x).
                if (m_by_mul[i] && (d.flags & f_acc)) continue;
                need = std::max(need, m_ready[i]);
            }
            if ((d.flags & f_second) && (m_pending >> d.rs & 1u) && m_ready[d.rs] > 0)
                need = std::max(need, m_ready[d.rs] - 1);
        }
        if (need > *cyc) {
            m_stats.interlock_cycles += need - *cyc;
            *cyc = need;
        }
    }
    void take_exception(pending_exception e, std::uint32_t swi_number);
    void take_interrupt(bool fiq);
    // The boundary work: synchronise when the horizon is reached, look at interrupts and at
    // stop requests. Returns false when run() must return.
    bool boundary();
    void compute_horizon();

    arm926_core& m_core;
    cache_model* m_dcache = nullptr;
    write_buffer* m_wbuf = nullptr;
    bool m_fast = true;
    bool m_align_check = false;  // SCTLR.A, refreshed with every translation-state change
    instruction_observer* m_observer = nullptr;
    bool m_observer_watches = false;      // the observer is called only at m_watched (only_at)
    std::vector<std::uint32_t> m_watched;
    std::uint64_t m_quantum = 266'000;  // 1 ms at 266 MHz
    std::uint64_t m_horizon = 0;
    bool m_leave = false;               // run() returns at the next boundary
    sc_core::sc_event m_never;          // parks the thread after sc_stop()

    // Soft-TLB generation, in the top half of the word: slots of older generations are invalid.
    static constexpr std::uint64_t one_generation = std::uint64_t{1} << 32;
    std::uint64_t m_gen = one_generation;
    // A slot's tag: the generation and the VA page in one word, so that a lookup is one compare.
    std::uint64_t slot_key(std::uint32_t va) const { return m_gen | (va >> 12); }
    std::vector<dmi_region> m_dmi;

    // fetch state
    std::uint32_t m_icache_line = 1;      // MVA of the I-cache line last looked up (1: none)
    std::uint32_t m_fetch_vpage = 1;      // VA page of m_fetch_page (1: none)
    std::uint64_t m_fetch_gen = 0;
    bool m_fetch_priv = false;
    decoded_page* m_fetch_page = nullptr; // decoded cache of the current page (fast paths)
    std::uint8_t* m_fetch_host = nullptr;
    std::uint32_t m_fetch_pa_page = 0, m_fetch_mva_page = 0;
    std::uint8_t m_fetch_policy = 0;
    decoded m_scratch;                    // slow path: the instruction decoded for this step only
    // The fast fetch: while the PC stays in this VA page, its translation and its decoded page
    // are known (reset by anything that could change them: translation state, privilege,
    // decoded-cache flushes). A line found in the I-cache stays there until the next I-cache
    // fill or maintenance (m_ifill_gen), so a fetch from a line known resident needs no lookup:
    // it would hit and cost nothing.
    std::uint32_t m_fast_vpage = 1;
    // Set when the next instruction may not be the next entry of run_fast()'s straight run: the
    // instruction wrote the PC or raised an exception, or the fast page was forgotten or the
    // instruction set changed. Every write of next_pc or exc sets it.
    bool m_run_broken = true;
    void forget_fast_page() {
        m_fast_vpage = 1;  // no page
        m_run_broken = true;
    }
    // The same, and every I-cache line known resident: the next fetch looks the line up again
    // (a table walk, an exception entry, a change of privilege may have changed what it finds).
    void forget_resident_code() {
        forget_fast_page();
        ++m_ifill_gen;
    }
    decoded_page* m_fast_page = nullptr;
    struct resident_line {
        std::uint32_t line = 1;
        std::uint32_t gen = 0;
    };
    std::array<resident_line, 64> m_resident{};
    std::uint32_t m_ifill_gen = 1;

    std::unordered_map<std::uint32_t, std::unique_ptr<decoded_page>> m_decoded;
    std::vector<std::uint8_t> m_code_page;  // per 4 KiB physical page: decoded code lives there

    // load-use scoreboard
    std::array<std::uint64_t, 16> m_ready{};
    std::array<bool, 16> m_by_mul{};
    std::uint64_t m_scoreboard_until = 0;
    std::uint32_t m_pending = 0;  // registers produced since the horizon last passed (a superset of those not ready)

    // The index of mva's D-cache line (-1: not cached), the way its set used last first.
    int find_line(std::uint32_t mva) { return m_dcache->find_predicted(mva); }
    // The line (MVA >> 5) of the last write that missed, and the cache's fill count then.
    std::uint32_t m_wmiss_line = ~0u;
    std::uint64_t m_wmiss_fills = 0;

    // write buffer drain accounting
    std::uint64_t m_wb_mark = 0;

    iss_stats m_stats;

    // software TLB: [privileged][kind][slot] (large: after the hot fields)
    using soft_tlb_bank = std::array<std::array<soft_tlb_slot, soft_tlb_entries>, 3>;
    std::array<soft_tlb_bank, 2> m_stlb{};
    // The bank of the current privilege, set by privilege_changed(): at the start of run_fast()
    // and step() and by every CPSR write of an instruction (which also ends run_fast()'s run, so
    // no other access of that run sees an older privilege).
    const soft_tlb_bank* m_stlb_now = &m_stlb[0];
    void privilege_changed() { m_stlb_now = &m_stlb[privileged() ? 1 : 0]; }
};

}  // namespace rtv::cpu::iss
