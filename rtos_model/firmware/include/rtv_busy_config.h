// SPDX-License-Identifier: Apache-2.0
// Configuration block of the binary busy guest (busy/busy_main.c), at the ELF symbol
// `rtv_busy_config`, written by the domain builder; 32-bit words only, pinned for both the
// firmware (C) and the simulator (C++). A block left at its default (magic 0) means: no
// working set, the default chunk.
#ifndef RTV_BUSY_CONFIG_H
#define RTV_BUSY_CONFIG_H

#include "rtv_ucos_config.h"  // RTV_CFG_ASSERT

#define RTV_BUSY_CONFIG_MAGIC 0x59535542u  // "BUSY" in memory
#define RTV_BUSY_CONFIG_VERSION 1u
#define RTV_BUSY_DEFAULT_CHUNK_CYCLES 100000u

struct rtv_busy_config {
    uint32_t magic;              // RTV_BUSY_CONFIG_MAGIC once filled
    uint32_t version;            // RTV_BUSY_CONFIG_VERSION
    uint32_t size;               // sizeof(struct rtv_busy_config)
    uint32_t working_set_base;   // guest virtual address (0: none)
    uint32_t working_set_bytes;  // one load and one store per 32-byte line, every chunk
    uint32_t chunk_cycles;       // the calibrated loop's share between two touches
    uint32_t reserved[2];
};

RTV_CFG_ASSERT(sizeof(struct rtv_busy_config) == 32, "busy config layout");
RTV_CFG_ASSERT(offsetof(struct rtv_busy_config, working_set_base) == 12, "busy config layout");
RTV_CFG_ASSERT(offsetof(struct rtv_busy_config, working_set_bytes) == 16, "busy config layout");
RTV_CFG_ASSERT(offsetof(struct rtv_busy_config, chunk_cycles) == 20, "busy config layout");

#endif  // RTV_BUSY_CONFIG_H
