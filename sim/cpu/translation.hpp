// Address translation for the accesses the core makes on behalf of modelled software.
// With the MMU off (CP15 c1.M = 0) VA == PA; the ARMv5 MMU plugs in behind this interface.
#pragma once

#include <cstdint>

namespace rtv::cpu {

struct translation_result {
    bool ok = true;
    std::uint32_t physical = 0;
    std::uint32_t fault_status = 0;  // FSR value when !ok
    std::uint64_t cycles = 0;        // cost of the translation (table walks)
};

class address_translator {
public:
    virtual ~address_translator() = default;
    virtual translation_result translate(std::uint32_t va, bool write, bool privileged) = 0;
};

class flat_translation final : public address_translator {
public:
    translation_result translate(std::uint32_t va, bool, bool) override { return {true, va, 0, 0}; }
};

}  // namespace rtv::cpu
