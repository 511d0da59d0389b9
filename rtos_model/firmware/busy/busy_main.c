// SPDX-License-Identifier: Apache-2.0
// The binary busy guest: Graph 1's other side, a CPU-bound domain (a dom0 running a CPU hog).
// It never enables events: it loops forever over its working set and the calibrated loop,
// counting rounds in rtv_busy_rounds for the observer. Its trap table sends every trap to
// one handler that reports it and shuts the domain down.
#include "rtv_busy_config.h"
#include "xen_arm_guest.h"

// In .data, not .bss: the builder writes it before the start-up clears .bss.
struct rtv_busy_config rtv_busy_config __attribute__((used, section(".data.rtv_config")));
volatile uint32_t rtv_busy_rounds __attribute__((used));

void rtv_burn_cycles(uint32_t cycles);
void rtv_touch_lines(uint32_t base, uint32_t bytes, uint32_t value);
void rtv_main(const start_info_t* si);

static void busy_print(const char* s) {
    int n = 0;
    while (s[n] != '\0') n++;
    (void)HYPERVISOR_console_io(CONSOLEIO_write, n, s);
}

static void busy_trap(void) {
    uint32_t reason = SHUTDOWN_crash;
    busy_print("busy: unexpected trap\n");
    for (;;) (void)HYPERVISOR_sched_op(SCHEDOP_shutdown, &reason);
}

void rtv_main(const start_info_t* si) {
    static trap_info_t table[TRAP_TABLE_ENTRIES];
    const struct rtv_busy_config* cfg = &rtv_busy_config;
    const int configured = cfg->magic == RTV_BUSY_CONFIG_MAGIC && cfg->version == RTV_BUSY_CONFIG_VERSION &&
                           cfg->size == sizeof(struct rtv_busy_config);
    const uint32_t ws_base = configured ? cfg->working_set_base : 0u;
    const uint32_t ws_bytes = configured && ws_base ? cfg->working_set_bytes : 0u;
    const uint32_t chunk = configured && cfg->chunk_cycles ? cfg->chunk_cycles : RTV_BUSY_DEFAULT_CHUNK_CYCLES;
    uint32_t i;
    (void)si;
    for (i = 0u; i < TRAP_TABLE_ENTRIES; i++) table[i].address = (unsigned long)busy_trap;
    (void)HYPERVISOR_set_trap_table(table);
    for (;;) {
        rtv_touch_lines(ws_base, ws_bytes, rtv_busy_rounds);
        rtv_burn_cycles(chunk);
        rtv_busy_rounds = rtv_busy_rounds + 1u;
    }
}
