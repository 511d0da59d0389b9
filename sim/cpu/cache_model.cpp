// SPDX-License-Identifier: Apache-2.0
#include "sim/cpu/cache_model.hpp"

#include <stdexcept>

namespace rtv::cpu {

// --- write buffer ----------------------------------------------------------------------------

write_buffer::write_buffer(unsigned capacity) : m_capacity(capacity == 0 ? 1 : capacity) {}

std::uint64_t write_buffer::drain(std::uint64_t entry_cycles) {
    if (m_pending == 0) return 0;
    const std::uint64_t total = std::uint64_t{m_pending} * entry_cycles;
    const std::uint64_t cycles = total > m_progress ? total - m_progress : 0;
    m_pending = 0;
    m_progress = 0;
    return cycles;
}

// --- cache -----------------------------------------------------------------------------------

cache_model::cache_model(const cache_costs& costs, std::uint64_t bus_word_cycles, std::uint32_t size_bytes)
    : m_costs(&costs), m_bus_word(bus_word_cycles) {
    const bool power_of_two = size_bytes != 0 && (size_bytes & (size_bytes - 1)) == 0;
    if (!power_of_two || size_bytes < min_bytes || size_bytes > max_bytes)
        throw std::invalid_argument("ARM926 cache size must be a power of two from 4 KiB to 128 KiB, not " +
                                    std::to_string(size_bytes) + " bytes");
    m_sets = size_bytes / (ways * line_bytes);
    m_set_mask = m_sets - 1;
    m_tags.assign(std::size_t{m_sets} * ways, 0);
    m_victim.assign(m_sets, 0);
    m_way_hint.assign(m_sets, 0);
}

void cache_model::seed_random(std::uint64_t scenario_seed, std::string_view component) {
    m_rng = core::rng(scenario_seed, component);
}

std::uint64_t cache_model::fill(std::uint32_t mva) {
    const unsigned set = (mva >> 5) & m_set_mask;
    unsigned way;
    if (m_replacement == replacement::round_robin) {
        // The victim pointer of the set moves on at every fill, whatever the ways hold.
        way = m_victim[set];
        m_victim[set] = static_cast<std::uint8_t>((way + 1) % ways);
    } else {
        way = static_cast<unsigned>(m_rng.below(ways));
    }
    const unsigned i = set * ways + way;
    std::uint64_t cycles = 0;
    if (m_tags[i] & dirty_bits) {
        // The dirty victim is written back before its slot is reused. Charged in full: the
        // model has no time to overlap it with the fill.
        cycles += std::uint64_t{write_back(i)} * half_line_writeback_cycles();
    }
    m_tags[i] = (mva >> 5) | valid_bit;
    m_way_hint[set] = static_cast<std::uint8_t>(way);
    ++m_stats.refills;
    return cycles + line_fill_cycles();
}

unsigned cache_model::write_back(unsigned i) {
    std::uint32_t& tag = m_tags[i];
    const unsigned halves = halves_of(tag);
    if (halves) {
        --m_dirty_lines;
        tag &= ~dirty_bits;
        m_stats.write_backs += halves;
    }
    return halves;
}

void cache_model::drop(unsigned i) {
    if (m_tags[i] & dirty_bits) --m_dirty_lines;
    m_tags[i] = 0;
}

std::uint64_t cache_model::invalidate_all() {
    for (auto& t : m_tags) t = 0;
    m_dirty_lines = 0;
    m_scan = 0;
    ++m_stats.flushes;
    return invalidate_all_cycles();
}

std::uint64_t cache_model::invalidate_line(std::uint32_t mva) {
    const int i = find(mva);
    if (i >= 0) drop(static_cast<unsigned>(i));
    return m_costs->line_op_lookup;
}

std::uint64_t cache_model::clean_line(std::uint32_t mva) {
    const int i = find(mva);
    std::uint64_t cycles = m_costs->line_op_lookup;
    if (i >= 0) cycles += std::uint64_t{write_back(static_cast<unsigned>(i))} * half_line_writeback_cycles();
    return cycles;
}

std::uint64_t cache_model::clean_invalidate_line(std::uint32_t mva) {
    const int i = find(mva);
    std::uint64_t cycles = m_costs->line_op_lookup;
    if (i >= 0) {
        cycles += std::uint64_t{write_back(static_cast<unsigned>(i))} * half_line_writeback_cycles();
        drop(static_cast<unsigned>(i));
    }
    return cycles;
}

std::uint64_t cache_model::prefetch_line(std::uint32_t mva) {
    std::uint64_t cycles = m_costs->line_op_lookup;
    if (find(mva) < 0) cycles += fill(mva);
    return cycles;
}

// The hardware keeps a pointer to the next index: a step reads index after index (four ways at
// once), cleans the first dirty line it finds and leaves the pointer on that index, so the next
// step re-reads it for its other ways. A pass over a cache with d dirty lines therefore reads
// sets + d indices in d + 1 steps. A step that finds no dirty line has read every index from the
// pointer to the end (wrapping to the start only if lines behind the pointer were dirtied since)
// and sets Z; c7,c14,3 then invalidates the whole cache ("when the entire cache has been
// cleaned, it is invalidated", ARM926EJ-S TRM test-and-clean description).
scan_step cache_model::scan(bool invalidate_at_end) {
    scan_step r;
    if (m_dirty_lines == 0) {
        r.indices_read = m_sets - m_scan;
        r.clean = true;
        r.cycles = std::uint64_t{r.indices_read} * m_costs->scan_index;
        m_scan = 0;
        if (invalidate_at_end) r.cycles += invalidate_all();
        return r;
    }
    for (;;) {
        ++r.indices_read;
        const unsigned base = m_scan * ways;
        for (unsigned w = 0; w < ways; ++w) {
            if (m_tags[base + w] & dirty_bits) {
                r.halves_written = write_back(base + w);
                r.cycles = std::uint64_t{r.indices_read} * m_costs->scan_index +
                           std::uint64_t{r.halves_written} * half_line_writeback_cycles();
                return r;
            }
        }
        // m_dirty_lines > 0, so a dirty line lies ahead (after a wrap at worst).
        if (++m_scan == m_sets) m_scan = 0;
    }
}

scan_step cache_model::test_clean() { return scan(false); }

scan_step cache_model::test_clean_invalidate() { return scan(true); }

// scan(true) until a step is clean, counted set by set. The steps clean one dirty line each,
// in index and way order; each reads the index it starts on, so a set with k dirty lines is
// read 1 + k times (by the step that reaches it, and again by the step after each line cleaned
// there), except the set of the last dirty line, read k times before the clean step reads from
// there to the end and invalidates. A step's cycles are its indices times scan_index plus its
// halves times the half-line write-back, so the loop's sum is the same products of the totals.
// A set is handled without branching on its ways (which ones are dirty is unpredictable).
scan_loop cache_model::test_clean_invalidate_until_clean() {
    scan_loop l;
    std::uint64_t indices = 0, halves = 0;
    // In locals while the tags are written (the stores could alias the members).
    std::uint32_t* const tags = m_tags.data();
    const unsigned sets = m_sets;
    unsigned scan = m_scan, dirty = m_dirty_lines;
    while (dirty != 0) {
        std::uint32_t* const t = tags + scan * ways;
        unsigned lines = 0;
        for (unsigned w = 0; w < ways; ++w) {
            lines += (t[w] & dirty_bits) != 0 ? 1u : 0u;
            halves += halves_of(t[w]);  // write_back(): the line stays valid, now clean
            t[w] &= ~dirty_bits;
        }
        indices += 1 + lines;
        l.steps += lines;
        dirty -= lines;
        if (dirty == 0) {
            --indices;  // the clean step re-reads this set
            break;
        }
        if (++scan == sets) scan = 0;
    }
    m_dirty_lines = 0;
    m_stats.write_backs += halves;
    indices += sets - scan;  // the clean step
    ++l.steps;
    m_scan = 0;
    l.cycles = indices * m_costs->scan_index + halves * half_line_writeback_cycles() + invalidate_all();
    return l;
}

flush_result cache_model::clean_all() {
    flush_result r;
    r.lines_scanned = lines();
    for (unsigned i = 0; i < lines(); ++i) r.halves_written += write_back(i);
    r.cycles = std::uint64_t{m_sets} * m_costs->scan_index +
               std::uint64_t{r.halves_written} * half_line_writeback_cycles();
    return r;
}

flush_result cache_model::clean_invalidate_all() {
    flush_result r = clean_all();
    r.cycles += invalidate_all();
    return r;
}

bool cache_model::is_dirty(std::uint32_t mva) const {
    const int i = find(mva);
    return i >= 0 && (m_tags[static_cast<unsigned>(i)] & half_bit(mva)) != 0;
}

unsigned cache_model::valid_lines() const {
    unsigned n = 0;
    for (auto t : m_tags) n += (t & valid_bit) ? 1u : 0u;
    return n;
}

unsigned cache_model::dirty_halves() const {
    unsigned n = 0;
    for (auto t : m_tags) n += halves_of(t);
    return n;
}

void cache_model::register_stats(core::stats_registry& reg, const std::string& prefix) const {
    reg.add(prefix + ".hits", &m_stats.hits);
    reg.add(prefix + ".misses", &m_stats.misses);
    reg.add(prefix + ".refills", &m_stats.refills);
    reg.add(prefix + ".write_backs", &m_stats.write_backs);
    reg.add(prefix + ".flushes", &m_stats.flushes);
    reg.add(prefix + ".uncached", &m_stats.uncached);
}

}  // namespace rtv::cpu
