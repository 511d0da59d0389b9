// What the native execution engine runs: a guest hands the core a work item, a sequence
// of steps executed in order (DESIGN.md 2.1). A compute step can be cut short by an
// interrupt at any cycle; an interrupt can also fall between two steps. The guest owns
// its items: the core only advances the position and the remaining cycles, so after a
// preemption the guest decides what runs next (the interrupted item or another one).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace rtv::cpu {

enum class step_kind : std::uint8_t { compute, load, store, hypercall };

struct step {
    step_kind kind = step_kind::compute;
    std::uint64_t cycles = 0;     // compute: cycles still to run
    std::uint32_t address = 0;    // load/store: virtual address
    std::uint32_t value = 0;      // store: data; load: the word read
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
