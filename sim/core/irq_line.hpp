// SPDX-License-Identifier: Apache-2.0
// A level-sensitive interrupt wire between models.
//
// The level propagates synchronously to its listeners: when a peripheral drops its line
// because the core wrote a status register, the interrupt controller and the core see the
// new level before the core's next instruction, as on the real bus. (sc_signal would
// defer the change by a delta cycle per hop and let the core observe a stale level.)
#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace rtv::core {

class irq_line {
public:
    using listener = std::function<void(bool level)>;

    explicit irq_line(std::string name = "irq") : m_name(std::move(name)) {}
    irq_line(const irq_line&) = delete;
    irq_line& operator=(const irq_line&) = delete;

    void bind(listener l) { m_listeners.push_back(std::move(l)); }

    void set(bool level) {
        if (level == m_level) return;
        m_level = level;
        for (auto& l : m_listeners) l(level);
    }

    bool level() const { return m_level; }
    const std::string& name() const { return m_name; }

private:
    std::string m_name;
    bool m_level = false;
    std::vector<listener> m_listeners;
};

}  // namespace rtv::core
