// SPDX-License-Identifier: Apache-2.0
// The bare SystemC 2.3.4 kernel's timed-event rate, the yardstick next to which rtvsim's own
// speed is read (bench/parts/kernel.sh): a method re-notifying its own event 1 ns ahead, and
// a thread waiting 1 ns in a loop (what a naive ISS would do per instruction). Prints one
// line: `<mode> <events> <seconds>`. Usage: kernel_event_rate method|thread [EVENTS].
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>

#include <systemc>

namespace {

struct timed_method : sc_core::sc_module {
    sc_core::sc_event tick;
    std::uint64_t count = 0, limit;
    SC_HAS_PROCESS(timed_method);
    timed_method(sc_core::sc_module_name n, std::uint64_t events) : sc_module(n), limit(events) {
        SC_METHOD(fire);
        sensitive << tick;
    }
    void fire() {
        if (++count < limit) tick.notify(1, sc_core::SC_NS);
    }
};

struct timed_thread : sc_core::sc_module {
    std::uint64_t count = 0, limit;
    SC_HAS_PROCESS(timed_thread);
    timed_thread(sc_core::sc_module_name n, std::uint64_t events) : sc_module(n), limit(events) { SC_THREAD(loop); }
    void loop() {
        while (count < limit) {
            sc_core::wait(1, sc_core::SC_NS);
            ++count;
        }
    }
};

}  // namespace

int sc_main(int argc, char* argv[]) {
    const std::string mode = argc > 1 ? argv[1] : "method";
    const std::uint64_t events = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 5'000'000;
    if (mode != "method" && mode != "thread") {
        std::cerr << "usage: kernel_event_rate method|thread [EVENTS]\n";
        return 2;
    }
    // One simulation per process, so one kind of process per run.
    std::unique_ptr<timed_method> m;
    std::unique_ptr<timed_thread> t;
    if (mode == "method") m = std::make_unique<timed_method>("method", events);
    else t = std::make_unique<timed_thread>("thread", events);
    const auto t0 = std::chrono::steady_clock::now();
    sc_core::sc_start();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::cout << mode << " " << (m ? m->count : t->count) << " " << seconds << "\n";
    return 0;
}
