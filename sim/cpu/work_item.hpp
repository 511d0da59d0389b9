// SPDX-License-Identifier: Apache-2.0
// What the native execution engine runs: a guest hands the core a work item, a sequence
// of steps executed in order (docs/architecture.md, Execution model). A compute step can be cut short by an
// interrupt at any cycle; an interrupt can also fall between two steps. The guest owns
// its items: the core only advances the position and the remaining cycles, so after a
// preemption the guest decides what runs next (the interrupted item or another one).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace rtv::cpu {

// `rmw` is an atomic read-modify-write of a word (what an ARMv5 guest does with SWP, or
// with IRQs disabled): `value` receives the old word, memory gets (old & and_mask) | or_mask,
// and no interrupt can fall between the read and the write.
enum class step_kind : std::uint8_t { compute, load, store, rmw, hypercall };

struct step {
    step_kind kind = step_kind::compute;
    std::uint64_t cycles = 0;     // compute: cycles still to run
    std::uint32_t address = 0;    // load/store: virtual address
    std::uint32_t value = 0;      // store: data; load/rmw: the word read
    std::uint32_t and_mask = ~0u, or_mask = 0;  // rmw
    std::uint8_t size = 4;        // load/store: 1 or 4 bytes
    std::uint32_t number = 0;     // hypercall: SWI immediate (Xen-ARM hypercall number)
    std::array<std::uint32_t, 5> args{};  // hypercall: r0..r4
    std::int32_t result = 0;      // hypercall: r0 on return

    static step compute_for(std::uint64_t n) {
        step s;
        s.kind = step_kind::compute;
        s.cycles = n;
        return s;
    }
    static step load_from(std::uint32_t va) {
        step s;
        s.kind = step_kind::load;
        s.address = va;
        return s;
    }
    static step store_to(std::uint32_t va, std::uint32_t v) {
        step s;
        s.kind = step_kind::store;
        s.address = va;
        s.value = v;
        return s;
    }
    static step load_byte_from(std::uint32_t va) {
        step s = load_from(va);
        s.size = 1;
        return s;
    }
    static step store_byte_to(std::uint32_t va, std::uint8_t v) {
        step s = store_to(va, v);
        s.size = 1;
        return s;
    }
    static step atomic_rmw(std::uint32_t va, std::uint32_t and_mask, std::uint32_t or_mask) {
        step s;
        s.kind = step_kind::rmw;
        s.address = va;
        s.and_mask = and_mask;
        s.or_mask = or_mask;
        return s;
    }
    static step hypercall(std::uint32_t nr, std::array<std::uint32_t, 5> a = {}) {
        step s;
        s.kind = step_kind::hypercall;
        s.number = nr;
        s.args = a;
        return s;
    }
};

struct work_item {
    std::vector<step> steps;
    std::size_t position = 0;  // index of the step to run next

    bool done() const { return position >= steps.size(); }
    step& current() { return steps[position]; }
    void reset(std::vector<step> s) {
        steps = std::move(s);
        position = 0;
    }
};

}  // namespace rtv::cpu
