// SPDX-License-Identifier: Apache-2.0
// Cycle costs of the ARM926EJ-S CP15 accesses, caches and write buffer (model page
// docs/models/cp15_caches.md).
//
// The memory-bound costs depend on the SDRAM timing, which is a parameter the core passes
// (`bus_word_cycles`: CPU cycles of one single-word SDRAM access, the same figure the core
// charges for an uncached access). This table holds only what does not depend on it: per-word
// burst cycles and fixed overheads. The derived costs are:
//   line fill            = bus_word_cycles + 7 * sdram_burst_word + line_fill_extra
//   half-line write-back = bus_word_cycles + 3 * sdram_burst_word + writeback_extra
//   write-buffer entry   = bus_word_cycles + write_buffer_entry_extra
#pragma once

#include <cstdint>
#include <vector>

#include "sim/core/cost_table.hpp"

namespace rtv::cpu {

struct cache_costs {
    // MCR p15: 1S + bI + 1C with no busy-wait (ARM7TDMI formula, GBATEK "CPU instruction cycle
    // times"); the ARM9EJ-S rows of DDI0222B table 8.2 for MCR/MRC were not retrieved.
    std::uint64_t cp15_mcr = 2;
    // MRC p15: 1S + (b+1)I + 1C with no busy-wait (same source as cp15_mcr).
    std::uint64_t cp15_mrc = 3;
    // A cache hit adds nothing to the load/store's own cycle (DDI0222B table 8.2 counts assume
    // cache hits).
    std::uint64_t cache_hit = 0;
    // Each word after the first of an SDRAM burst. Estimate: the i.MX21 SDRAM controller runs on
    // HCLK = FCLK/2 (imx21-arm926.md 3.2) and a 32-bit SDRAM delivers one word per HCLK, i.e. two
    // CPU cycles per word once the burst streams.
    std::uint64_t sdram_burst_word = 2;
    // Fixed cycles added to a line fill beyond first word + 7 burst words. No public figure; the
    // fill is critical word first (TRM 4.1) and charged in full, so nothing is added.
    std::uint64_t line_fill_extra = 0;
    // Fixed cycles added to each dirty half-line write-back (4 words: first word + 3 burst
    // words). No public figure; the D-cache keeps the PA tag so no TLB access is needed (TRM 4.1).
    std::uint64_t writeback_extra = 0;
    // Tag lookup of one by-MVA c7 line operation. Estimate: one tag RAM read, as for a load.
    std::uint64_t line_op_lookup = 1;
    // Test-and-clean scan: cycles per cache index (set) read. Assumption: the hardware reads the
    // four ways of one index per cycle, index by index, as a set-associative lookup does.
    std::uint64_t scan_index = 1;
    // Whole-cache invalidate: cycles per index. Assumption: the valid bits are cleared index by
    // index like the scan (no figure found; a flash clear would make this 0).
    std::uint64_t invalidate_index = 1;
    // Fixed cycles added to each write-buffer entry drained (one single-word write). None: an
    // entry costs one bus word.
    std::uint64_t write_buffer_entry_extra = 0;
    // A c8 TLB invalidate beyond its MCR. No figure found; counted as part of the MCR.
    std::uint64_t tlb_op = 0;
    // The `bne 1b` of Xen-ARM's test-clean-invalidate loop (core-arm926.S): taken while the
    // cache is dirty (B = 3 cycles, DDI0165B 8.5), not taken on the last pass (a failed
    // condition costs one cycle, DDI0222B table 8.2 data op).
    std::uint64_t flush_loop_branch_taken = 3;
    std::uint64_t flush_loop_branch_not_taken = 1;

    static const std::vector<core::cost_entry<cache_costs>>& entries();
};

}  // namespace rtv::cpu
