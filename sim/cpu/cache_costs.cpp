// SPDX-License-Identifier: Apache-2.0
#include "sim/cpu/cache_costs.hpp"

namespace rtv::cpu {

const std::vector<core::cost_entry<cache_costs>>& cache_costs::entries() {
    static const std::vector<core::cost_entry<cache_costs>> table = {
        {"cp15_mcr", &cache_costs::cp15_mcr,
         "MCR 1S+bI+1C, b=0 (ARM7TDMI formula, GBATEK); ARM9EJ-S row not retrieved"},
        {"cp15_mrc", &cache_costs::cp15_mrc,
         "MRC 1S+(b+1)I+1C, b=0 (ARM7TDMI formula, GBATEK); ARM9EJ-S row not retrieved"},
        {"cache_hit", &cache_costs::cache_hit, "DDI0222B table 8.2 counts assume cache hits: no extra cycle"},
        {"sdram_burst_word", &cache_costs::sdram_burst_word,
         "estimate: one 32-bit word per HCLK, HCLK = FCLK/2"},
        {"line_fill_extra", &cache_costs::line_fill_extra,
         "none: fill = bus word + 7 burst words, charged in full"},
        {"writeback_extra", &cache_costs::writeback_extra, "none: half-line = bus word + 3 burst words"},
        {"line_op_lookup", &cache_costs::line_op_lookup,
         "estimate: one tag RAM read per by-MVA c7 operation"},
        {"scan_index", &cache_costs::scan_index,
         "assumption: test-and-clean reads one index (4 ways) per cycle"},
        {"invalidate_index", &cache_costs::invalidate_index,
         "assumption: whole-cache invalidate clears one index per cycle"},
        {"write_buffer_entry_extra", &cache_costs::write_buffer_entry_extra,
         "none: an entry drains as one bus word"},
        {"tlb_op", &cache_costs::tlb_op, "no figure found: a c8 operation costs its MCR"},
        {"flush_loop_branch_taken", &cache_costs::flush_loop_branch_taken,
         "B taken, 3 cycles (DDI0165B 8.5)"},
        {"flush_loop_branch_not_taken", &cache_costs::flush_loop_branch_not_taken,
         "failed condition, 1 cycle (DDI0222B table 8.2)"},
    };
    return table;
}

}  // namespace rtv::cpu
