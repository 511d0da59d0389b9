// SPDX-License-Identifier: Apache-2.0
// Cost model of one ARM926EJ-S VIVT cache and of the write buffer (model page
// docs/models/cp15_caches.md).
//
// The model keeps tags and state, not data: memory contents always live in SDRAM, and the
// cache only decides what an access or a maintenance operation costs. A cache is 4-way
// set-associative with 32-byte lines, indexed and tagged by MVA, with two dirty bits per line
// (one per 16-byte half) and allocation on read miss only (ARM926EJ-S TRM 4.1, imx21-arm926.md
// 4.6). Lookups run on every modelled guest access: tags live in one array sized at
// construction and an access allocates nothing.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "sim/core/rng.hpp"
#include "sim/core/stats.hpp"
#include "sim/cpu/cache_costs.hpp"

namespace rtv::cpu {

// A mapping's C and B bits, value (C << 1) | B (ARMv5; imx21-arm926.md 4.6).
enum class cache_policy : std::uint8_t {
    uncached_unbuffered = 0,  // C=0 B=0: no lookup, a write waits for the bus
    uncached_buffered = 1,    // C=0 B=1: no lookup, a write goes to the write buffer
    write_through = 2,        // C=1 B=0
    write_back = 3,           // C=1 B=1
};

constexpr cache_policy policy_from_cb(bool c, bool b) {
    return static_cast<cache_policy>((c ? 2u : 0u) | (b ? 1u : 0u));
}
constexpr bool is_cacheable(cache_policy p) { return (static_cast<unsigned>(p) & 2u) != 0; }
constexpr bool is_bufferable(cache_policy p) { return (static_cast<unsigned>(p) & 1u) != 0; }

// SCTLR.RR: 1 = round-robin, 0 = pseudo-random (imx21-arm926.md 4.5, 4.6).
enum class replacement : std::uint8_t { round_robin, pseudo_random };

// Cycles the memory system adds to a load or store beyond the instruction's own cycles.
struct access_result {
    std::uint64_t cycles = 0;
    bool hit = false;
};

// One step of MRC c7,c10,3 / c7,c14,3.
struct scan_step {
    bool clean = false;           // the Z flag: the step found no dirty line in the whole cache
    std::uint64_t cycles = 0;     // scan + write-back (+ the final invalidate for c7,c14,3)
    unsigned indices_read = 0;    // sets whose tags the step read
    unsigned halves_written = 0;  // dirty half-lines written back
};

// MRC c7,c14,3 repeated until it reports clean.
struct scan_loop {
    std::uint64_t steps = 0;   // MRCs made, the last one the clean one
    std::uint64_t cycles = 0;  // their scan_step cycles, summed
};

// A whole-cache clean (+ invalidate) in one call.
struct flush_result {
    std::uint64_t cycles = 0;
    unsigned halves_written = 0;  // dirty half-lines written back
    unsigned lines_scanned = 0;   // sets * ways
};

struct cache_stats {
    std::uint64_t hits = 0;
    std::uint64_t misses = 0;       // cacheable lookups that missed (reads and writes)
    std::uint64_t refills = 0;      // line fills
    std::uint64_t write_backs = 0;  // dirty half-lines written to memory
    std::uint64_t flushes = 0;      // whole-cache invalidations
    std::uint64_t uncached = 0;     // accesses that bypassed the cache (C = 0)
};

// The write buffer between the core and the bus. Each buffered write is one entry and drains as
// one single-word bus write. The ARM920T/922T buffer holds 16 words and 4 addresses
// (imx21-arm926.md 4.6, ARM926 size unconfirmed); a single-word store takes one address slot,
// so the default capacity is 4 entries.
class write_buffer {
public:
    static constexpr unsigned default_entries = 4;

    explicit write_buffer(unsigned capacity = default_entries);

    // Queues one write that takes `entry_cycles` on the bus; returns the stall when the buffer
    // is full (the core waits for the oldest entry to finish).
    std::uint64_t push(std::uint64_t entry_cycles);
    // The buffer drains in the background while the core runs `cycles` without touching it.
    void elapse(std::uint64_t cycles, std::uint64_t entry_cycles);
    // c7,c10,4: the cycles until the buffer is empty; empties it.
    std::uint64_t drain(std::uint64_t entry_cycles);

    unsigned pending() const { return m_pending; }
    unsigned capacity() const { return m_capacity; }
    std::uint64_t writes() const { return m_writes; }
    std::uint64_t stalls() const { return m_stalls; }

private:
    unsigned m_capacity;
    unsigned m_pending = 0;
    std::uint64_t m_progress = 0;  // bus cycles already spent on the oldest entry
    std::uint64_t m_writes = 0, m_stalls = 0;
};

class cache_model {
public:
    static constexpr std::uint32_t line_bytes = 32;
    static constexpr unsigned ways = 4;
    static constexpr unsigned words_per_line = 8;
    static constexpr std::uint32_t default_bytes = 16 * 1024;
    // The ARM926EJ-S allows 4 KiB to 128 KiB, powers of two (TRM 4.1).
    static constexpr std::uint32_t min_bytes = 4 * 1024, max_bytes = 128 * 1024;

    // `costs` must outlive the model (it is read on every costed operation, so overrides apply
    // at once). `bus_word_cycles`: CPU cycles of one single-word SDRAM access. Throws
    // std::invalid_argument for a size the ARM926 cannot have.
    cache_model(const cache_costs& costs, std::uint64_t bus_word_cycles,
                std::uint32_t size_bytes = default_bytes);

    void set_bus_word_cycles(std::uint64_t cycles) { m_bus_word = cycles; }
    std::uint64_t bus_word_cycles() const { return m_bus_word; }
    // Buffered writes go to `wb` (nullptr: each costs a bus word at once).
    void attach_write_buffer(write_buffer* wb) { m_wb = wb; }
    void set_replacement(replacement r) { m_replacement = r; }
    replacement replacement_policy() const { return m_replacement; }
    void seed_random(std::uint64_t scenario_seed, std::string_view component);

    // --- accesses -----------------------------------------------------------------------
    access_result read(std::uint32_t mva, cache_policy p);
    access_result write(std::uint32_t mva, cache_policy p);

    // The same accesses in two steps, for a caller that keeps its hot path inline (the ISS, a
    // run below): find_predicted() gives the line index of a cacheable `mva`'s line (-1: not
    // cached); no line changes, only the prediction below. Then read_hit() or write_hit() on that index, or
    // read_miss() / write_miss() when it is not cached, account the access exactly as read()
    // and write() do.
    // Each set remembers the way where its last line was found or filled, and that way is looked
    // at first: a program's accesses usually return to the lines they used last, and lines in
    // different sets never displace each other's prediction (a hit there needs one tag compare;
    // a wrong prediction only costs the full search, never a different answer).
    int find_predicted(std::uint32_t mva) {
        const unsigned set = (mva >> 5) & m_set_mask;
        const unsigned predicted = set * ways + m_way_hint[set];
        if ((m_tags[predicted] & ~dirty_bits) == ((mva >> 5) | valid_bit)) return static_cast<int>(predicted);
        const int i = find(mva);
        if (i >= 0) m_way_hint[set] = static_cast<std::uint8_t>(static_cast<unsigned>(i) % ways);
        return i;
    }
    access_result read_hit() {
        ++m_stats.hits;
        return {m_costs->cache_hit, true};
    }
    access_result read_miss(std::uint32_t mva) {
        ++m_stats.misses;
        return {fill(mva), false};
    }
    access_result write_hit(unsigned line, std::uint32_t mva, cache_policy p);
    access_result write_miss() {
        // No allocation on a write miss: the write goes to the write buffer (TRM 4.1).
        ++m_stats.misses;
        return {buffered_write(), false};
    }

    // --- maintenance (cycles of the cache's part; the MCR/MRC is the CP15's) --------------
    std::uint64_t invalidate_all();
    std::uint64_t invalidate_line(std::uint32_t mva);  // dirty data is discarded
    std::uint64_t clean_line(std::uint32_t mva);
    std::uint64_t clean_invalidate_line(std::uint32_t mva);
    std::uint64_t prefetch_line(std::uint32_t mva);  // fill without an access (c7,c13,1)
    scan_step test_clean();                          // MRC c7,c10,3
    scan_step test_clean_invalidate();               // MRC c7,c14,3
    // test_clean_invalidate() called until a step is clean (the loop with which Xen-ARM's
    // arm926 cache flush cleans the D-cache): the same steps with the same effects, summed.
    scan_loop test_clean_invalidate_until_clean();
    flush_result clean_all();
    flush_result clean_invalidate_all();

    // --- derived costs --------------------------------------------------------------------
    std::uint64_t line_fill_cycles() const {
        return m_bus_word + (words_per_line - 1) * m_costs->sdram_burst_word + m_costs->line_fill_extra;
    }
    std::uint64_t half_line_writeback_cycles() const {
        return m_bus_word + (words_per_line / 2 - 1) * m_costs->sdram_burst_word + m_costs->writeback_extra;
    }
    std::uint64_t write_buffer_entry_cycles() const { return m_bus_word + m_costs->write_buffer_entry_extra; }
    std::uint64_t invalidate_all_cycles() const { return std::uint64_t{m_sets} * m_costs->invalidate_index; }

    // --- state ------------------------------------------------------------------------------
    std::uint32_t size_bytes() const { return m_sets * ways * line_bytes; }
    unsigned sets() const { return m_sets; }
    unsigned lines() const { return m_sets * ways; }
    bool contains(std::uint32_t mva) const { return find(mva) >= 0; }
    // Dirty state of the half of the line holding `mva` (false when not cached).
    bool is_dirty(std::uint32_t mva) const;
    unsigned valid_lines() const;
    unsigned dirty_lines() const { return m_dirty_lines; }
    unsigned dirty_halves() const;
    const cache_stats& stats() const { return m_stats; }
    void register_stats(core::stats_registry& reg, const std::string& prefix) const;

    // A run of read()s and write()s (the native engine's batched memory steps): each access has
    // exactly the effects and result of the model's own read()/write(), in the same order, and
    // each set's line last found or filled is looked at first (find_predicted), so that the
    // store after a load of the same line needs no tag search.
    class run;

private:
    // One tag word per line: the line address (MVA >> 5) in [26:0] and the state bits.
    static constexpr std::uint32_t valid_bit = 1u << 31;
    static constexpr std::uint32_t dirty_lo = 1u << 30;  // bytes 0-15 of the line
    static constexpr std::uint32_t dirty_hi = 1u << 29;  // bytes 16-31
    static constexpr std::uint32_t dirty_bits = dirty_lo | dirty_hi;

    static std::uint32_t half_bit(std::uint32_t mva) { return (mva & 16u) ? dirty_hi : dirty_lo; }
    static unsigned halves_of(std::uint32_t tag) {
        return ((tag & dirty_lo) ? 1u : 0u) + ((tag & dirty_hi) ? 1u : 0u);
    }

    // Index into m_tags of the line holding `mva`, or -1.
    // The four ways are compared without branches: which way hits is unpredictable. With SSE2
    // (every x86-64 host) the four tags are compared at once, in a few instructions and
    // registers, so that the ISS's load and store handlers can search inline.
    int find(std::uint32_t mva) const {
        const std::uint32_t want = (mva >> 5) | valid_bit;
        const unsigned base = ((mva >> 5) & m_set_mask) * ways;
        const std::uint32_t* t = m_tags.data() + base;
#if defined(__SSE2__)
        static_assert(ways == 4, "one 128-bit compare covers the ways");
        const __m128i tags = _mm_loadu_si128(reinterpret_cast<const __m128i*>(t));
        const __m128i clean = _mm_andnot_si128(_mm_set1_epi32(static_cast<int>(dirty_bits)), tags);
        const __m128i eq = _mm_cmpeq_epi32(clean, _mm_set1_epi32(static_cast<int>(want)));
        const unsigned hits = static_cast<unsigned>(_mm_movemask_ps(_mm_castsi128_ps(eq)));
        return hits ? static_cast<int>(base + static_cast<unsigned>(__builtin_ctz(hits))) : -1;
#else
        int hit = -1;
        for (unsigned w = ways; w-- > 0;)
            hit = (t[w] & ~dirty_bits) == want ? static_cast<int>(base + w) : hit;
        return hit;
#endif
    }
    // Allocates the line for `mva` (a miss); returns the fill plus any victim write-back.
    std::uint64_t fill(std::uint32_t mva);
    // Writes back the dirty halves of line `i`, leaving it valid and clean; returns the halves.
    unsigned write_back(unsigned i);
    void drop(unsigned i);  // invalidates line i, discarding dirty data
    std::uint64_t buffered_write();
    scan_step scan(bool invalidate_at_end);

    const cache_costs* m_costs;
    std::uint64_t m_bus_word;
    unsigned m_sets;
    std::uint32_t m_set_mask;
    std::vector<std::uint32_t> m_tags;   // sets * ways, sized once
    std::vector<std::uint8_t> m_victim;  // round-robin pointer per set
    std::vector<std::uint8_t> m_way_hint;  // per set: the way find_predicted() looks at first
    unsigned m_dirty_lines = 0;
    unsigned m_scan = 0;  // test-and-clean: the next index to read
    replacement m_replacement = replacement::round_robin;
    core::rng m_rng{0, "cache"};
    write_buffer* m_wb = nullptr;
    cache_stats m_stats;
};

// --- hot path ------------------------------------------------------------------------------

// The write buffer: every buffered store of the ISS goes through push() and elapse().
inline std::uint64_t write_buffer::push(std::uint64_t entry_cycles) {
    std::uint64_t stall = 0;
    if (m_pending == m_capacity) {
        // Full: wait until the oldest entry has finished.
        stall = entry_cycles > m_progress ? entry_cycles - m_progress : 0;
        --m_pending;
        m_progress = 0;
        ++m_stalls;
    }
    ++m_pending;
    ++m_writes;
    return stall;
}

inline void write_buffer::elapse(std::uint64_t cycles, std::uint64_t entry_cycles) {
    if (m_pending == 0) return;
    if (entry_cycles == 0) {
        m_pending = 0;
        m_progress = 0;
        return;
    }
    const std::uint64_t total = m_progress + cycles;
    // The two frequent cases without a division (stores in a burst; a buffer long idle).
    if (total < entry_cycles) {
        m_progress = total;
        return;
    }
    if (total >= std::uint64_t{m_pending} * entry_cycles) {
        m_pending = 0;
        m_progress = 0;
        return;
    }
    const std::uint64_t done = total / entry_cycles;
    if (done >= m_pending) {
        m_pending = 0;
        m_progress = 0;
    } else {
        m_pending -= static_cast<unsigned>(done);
        m_progress = total % entry_cycles;
    }
}

inline access_result cache_model::read(std::uint32_t mva, cache_policy p) {
    if (!is_cacheable(p)) {
        ++m_stats.uncached;
        return {m_bus_word, false};
    }
    return find(mva) >= 0 ? read_hit() : read_miss(mva);
}

inline access_result cache_model::write(std::uint32_t mva, cache_policy p) {
    if (!is_cacheable(p)) {
        ++m_stats.uncached;
        // NCNB: the core waits for the bus; NCB: the write buffer takes it.
        return {is_bufferable(p) ? buffered_write() : m_bus_word, false};
    }
    const int i = find(mva);
    return i < 0 ? write_miss() : write_hit(static_cast<unsigned>(i), mva, p);
}

[[gnu::always_inline]] inline access_result cache_model::write_hit(unsigned line, std::uint32_t mva, cache_policy p) {
    ++m_stats.hits;
    if (p == cache_policy::write_back) {
        std::uint32_t& tag = m_tags[line];
        if (!(tag & dirty_bits)) ++m_dirty_lines;
        tag |= half_bit(mva);
        return {m_costs->cache_hit, true};
    }
    // Write-through: the line is updated and stays clean; memory is written via the buffer.
    return {m_costs->cache_hit + buffered_write(), true};
}

inline std::uint64_t cache_model::buffered_write() {
    return m_wb ? m_wb->push(write_buffer_entry_cycles()) : write_buffer_entry_cycles();
}

class cache_model::run {
public:
    explicit run(cache_model& c) : m_c(c) {}

    access_result read(std::uint32_t mva, cache_policy p) {
        if (!is_cacheable(p)) return m_c.read(mva, p);
        if (m_c.find_predicted(mva) >= 0) return m_c.read_hit();
        return m_c.read_miss(mva);  // a read miss allocates: the set's prediction is the filled way
    }

    access_result write(std::uint32_t mva, cache_policy p) {
        if (!is_cacheable(p)) return m_c.write(mva, p);
        const int i = m_c.find_predicted(mva);  // a write miss allocates nothing (TRM 4.1)
        return i < 0 ? m_c.write_miss() : m_c.write_hit(static_cast<unsigned>(i), mva, p);
    }

private:
    cache_model& m_c;
};

}  // namespace rtv::cpu
