// SPDX-License-Identifier: Apache-2.0
// One seeded generator per component (docs/architecture.md, Time).
//
// The seed of a component is derived from the scenario seed and the component's name by a
// fixed function (FNV-1a of the name mixed through splitmix64), and the generator is
// xoshiro256** with its own range reduction, so the numbers are the same with every
// compiler and standard library (std::hash and <random>'s distributions are not).
#pragma once

#include <cstdint>
#include <string_view>

namespace rtv::core {

inline std::uint64_t splitmix64(std::uint64_t& state) {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

inline std::uint64_t fnv1a64(std::string_view s) {
    std::uint64_t h = 0xCBF29CE484222325ULL;
    for (unsigned char c : s) {
        h ^= c;
        h *= 0x100000001B3ULL;
    }
    return h;
}

class rng {
public:
    rng(std::uint64_t scenario_seed, std::string_view component) {
        std::uint64_t sm = scenario_seed ^ fnv1a64(component);
        for (auto& w : m_s) w = splitmix64(sm);
    }

    std::uint64_t next() {
        const std::uint64_t result = rotl(m_s[1] * 5, 7) * 9;
        const std::uint64_t t = m_s[1] << 17;
        m_s[2] ^= m_s[0];
        m_s[3] ^= m_s[1];
        m_s[1] ^= m_s[2];
        m_s[0] ^= m_s[3];
        m_s[2] ^= t;
        m_s[3] = rotl(m_s[3], 45);
        return result;
    }

    // Uniform in [0, n) by rejection (Lemire's method without the bias).
    std::uint64_t below(std::uint64_t n) {
        if (n == 0) return 0;
        const std::uint64_t limit = ~0ULL - (~0ULL % n);
        std::uint64_t x;
        do x = next();
        while (x >= limit);
        return x % n;
    }

    // Uniform in [lo, hi].
    std::uint64_t between(std::uint64_t lo, std::uint64_t hi) { return lo + below(hi - lo + 1); }

private:
    static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    std::uint64_t m_s[4];
};

}  // namespace rtv::core
