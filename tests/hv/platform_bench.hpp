// SPDX-License-Identifier: Apache-2.0
// A whole platform for hypervisor tests: the i.MX21 SoC, the ARM926 core and Xen-ARM with
// domains whose guests are scripts: each runs a list of work items and records what its
// steps returned, so a test can make exact hypercalls and loads and check the answers.
#pragma once

#include <memory>
#include <vector>

#include "hv_model/hypercalls.hpp"
#include "hv_model/xen.hpp"
#include "sim/core/clock.hpp"
#include "sim/cpu/arm926_core.hpp"
#include "sim/imx21_periph/imx21_soc.hpp"

namespace rtv::test {

class script_guest final : public cpu::execution_context {
public:
    explicit script_guest(int account) : m_account(account) {}
    // Items run in order; after the last one the guest computes forever.
    std::vector<cpu::work_item> items;
    std::vector<cpu::work_item> done;  // completed items, with their results
    std::vector<std::uint32_t> entries;  // enter_at addresses

    cpu::work_item& next_work() override {
        if (m_next < items.size()) return items[m_next];
        m_idle.reset({cpu::step::compute_for(1ULL << 40)});
        return m_idle;
    }
    void item_completed(cpu::work_item& item) override {
        if (&item == &m_idle) return;
        done.push_back(item);
        ++m_next;
    }
    void item_interrupted(cpu::work_item&) override {}
    void enter_at(std::uint32_t a) override { entries.push_back(a); }
    int account_id() const override { return m_account; }

private:
    int m_account;
    std::size_t m_next = 0;
    cpu::work_item m_idle;
};

struct platform_bench {
    imx21::imx21_soc soc{"soc"};
    cpu::arm926_core core{"cpu", 266'000'000};
    std::vector<std::unique_ptr<script_guest>> guests;
    std::unique_ptr<hv::xen> xen;

    // Domains of 4 MiB each, identity-mapped (VA == PA), the first one being dom0.
    explicit platform_bench(unsigned domains, bool time_update_precise = false, bool ni_hypercall_hangs = true) {
        core.bus.bind(soc.in);
        core.bind_irq(soc.aitc().irq_out);
        core.bind_fiq(soc.aitc().fiq_out);
        hv::xen_config cfg;
        cfg.time_update = time_update_precise ? hv::time_update_kind::precise : hv::time_update_kind::none;
        cfg.check_invariants = true;
        cfg.quirks.ni_hypercall_hangs = ni_hypercall_hangs;
        for (unsigned i = 0; i < domains; ++i) {
            guests.push_back(std::make_unique<script_guest>(static_cast<int>(i)));
            hv::domain_spec d;
            d.name = "d" + std::to_string(i);
            d.memory_bytes = 4u << 20;
            d.identity_map = true;
            d.guest = guests.back().get();
            cfg.domains.push_back(d);
        }
        xen = std::make_unique<hv::xen>(cfg, hv::hv_costs{});
        core.attach(*xen);
    }
    std::uint32_t base(unsigned i) const { return hv::partition_base(xen->config(), i); }
    void run_for(core::picoseconds t) { sc_core::sc_start(core::to_sc_time(t)); }
};

}  // namespace rtv::test
