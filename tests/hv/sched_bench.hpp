// SPDX-License-Identifier: Apache-2.0
// A scheduler on the generic scheduling code (schedule.c) with time driven by hand: each tick
// advances NOW() by one jiffy and runs the softirqs as Xen-ARM's tick handler and return path
// do (TIMER, then SCHEDULE). Domains are one letter, the idle domain is '_', so a schedule
// reads as a string of who ran in each jiffy.
#pragma once

#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "hv_model/schedule.hpp"
#include "hv_model/scheduler_table.hpp"

namespace rtv::test {

struct recording_hooks final : hv::schedule_hooks {
    hv::s_time_t t = 0;
    std::map<std::string, int> timer_events;  // VIRQ_TIMER sends, by domain name
    hv::s_time_t now() override { return t; }
    void send_timer_event(hv::vcpu& v) override { ++timer_events[v.dom->name]; }
    bool event_pending(hv::vcpu&) override { return false; }
    void clear_upcall_mask(hv::vcpu&) override {}
    void context_switch(hv::vcpu&, hv::vcpu&) override {}
};

class sched_bench {
public:
    recording_hooks hooks;
    hv::softirq_state softirqs;
    hv::timer_list timers{softirqs, true};
    hv::schedule_core sched;
    hv::domain idle;
    std::vector<std::unique_ptr<hv::domain>> doms;

    // One domain per parameter set, named 'A', 'B', ... with domain ids 0, 1, ...
    // `periodic_timer`: the later tree's per-vcpu periodic VIRQ_TIMER (hypervisor.virq_timer).
    sched_bench(const std::string& scheduler, const std::vector<hv::sched_adjdom_cmd>& params,
                hv::scheduler_options opt = {}, bool periodic_timer = false)
        : sched(hooks, timers, softirqs, true, periodic_timer) {
        sched.set_scheduler(hv::make_scheduler(scheduler, sched, opt));
        idle.name = "_";
        idle.is_idle = true;
        idle.domain_id = 0x7FFF;
        sched.alloc_vcpu(idle, nullptr);
        for (std::size_t i = 0; i < params.size(); ++i) {
            auto d = std::make_unique<hv::domain>();
            d->name = std::string(1, static_cast<char>('A' + i));
            d->domain_id = static_cast<int>(i);
            sched.alloc_vcpu(*d, nullptr);
            REQUIRE(sched.ops().adjdom(*d, params[i]) == 0);
            doms.push_back(std::move(d));
        }
        sched.schedulers_start();
    }
    hv::domain& dom(char name) { return *doms.at(static_cast<std::size_t>(name - 'A')); }
    hv::vcpu& vcpu(char name) { return *dom(name).vcpu0; }

    void softirq() {
        while (softirqs.any()) {
            if (softirqs.take_lowest() == hv::timer_softirq)
                timers.run_expired([this] { return hooks.t; });
            else
                sched.enter_scheduler();
        }
    }
    // Boot: every domain is woken in creation order, then the idle loop runs the softirqs.
    void wake_all() {
        for (auto& d : doms) sched.vcpu_wake(*d->vcpu0);
        softirq();
    }
    void wake(char name) {
        vcpu(name).blocked = false;  // vcpu_unblock
        sched.vcpu_wake(vcpu(name));
        softirq();
    }
    void block() {  // SCHEDOP_block by the running vcpu
        sched.do_block();
        softirq();
    }
    void tick() {
        hooks.t += hv::millisecs(10);
        softirqs.raise(hv::timer_softirq);
        softirq();
    }
    std::string curr() { return sched.curr().dom->name; }
    // Who runs in each of the next n jiffies.
    std::string run(int n) {
        std::string s;
        for (int i = 0; i < n; ++i) {
            s += curr();
            tick();
        }
        return s;
    }
    // Share of each of the next n jiffies that `who` ran.
    static double share(const std::string& s, char who) {
        return static_cast<double>(std::count(s.begin(), s.end(), who)) / static_cast<double>(s.size());
    }
};

}  // namespace rtv::test
