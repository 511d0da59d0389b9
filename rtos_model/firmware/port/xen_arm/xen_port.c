// SPDX-License-Identifier: Apache-2.0
// The kernel's Xen-ARM port: critical sections through the upcall mask, task frames, the
// event upcall (acknowledged as Xen-ARM's Mini-OS does: clear upcall_pending, take the
// selector, scan the pending words), the two tick handlers, the device interrupt, the idle
// hook (spin or SCHEDOP_block), fault handling and the boot.
#include "imx21_gpt.h"
#include "rtv_tick_clock.h"
#include "ucos_app.h"
#include "xen_arm_guest.h"
#include "xen_port.h"

#define VCPU0 (&HYPERVISOR_shared_info->vcpu_info[0])
#define BARRIER() __asm__ volatile("" ::: "memory")

static const start_info_t* rtv_start_info;
static struct rtv_tick_clock rtv_clock;
static uint32_t rtv_device_port[RTV_UCOS_MAX_DEVICES];
static uint32_t rtv_switch_pending;  // OSIntCtxSw was called during this upcall

// --- console ----------------------------------------------------------------------------------

void rtv_print(const char* s) {
    int n = 0;
    while (s[n] != '\0') n++;
    (void)HYPERVISOR_console_io(CONSOLEIO_write, n, s);
}

void rtv_print_u32(uint32_t v) {
    char buf[11];
    int i = 10;
    buf[i] = '\0';
    do {
        const uint32_t q = OSDivU32(v, 10u);
        buf[--i] = (char)('0' + (v - q * 10u));
        v = q;
    } while (v != 0u && i > 0);
    rtv_print(&buf[i]);
}

void rtv_shutdown(uint32_t reason) {
    uint32_t r = reason;
    for (;;) (void)HYPERVISOR_sched_op(SCHEDOP_shutdown, &r);
}

static long rtv_checked(long rc) {
    if (rc < 0) rtv_ucos_state.hypercall_errors++;
    return rc;
}

// --- critical sections ------------------------------------------------------------------------

// Mini-OS's force_evtchn_callback: any hypercall returns through Xen's return_to_guest, which
// delivers a pending upcall once the mask is clear.
static void rtv_force_callback(void) { (void)HYPERVISOR_xen_version(0, (void*)0); }

OS_CPU_SR OS_CPU_SR_Save(void) {
    const OS_CPU_SR sr = VCPU0->evtchn_upcall_mask;
    VCPU0->evtchn_upcall_mask = 1u;
    BARRIER();
    return sr;
}

void OS_CPU_SR_Restore(OS_CPU_SR sr) {
    BARRIER();
    VCPU0->evtchn_upcall_mask = (uint8_t)sr;
    BARRIER();
    if (sr == 0u && VCPU0->evtchn_upcall_pending) rtv_force_callback();
}

// --- task frames (port/xen_arm/os_cpu_a.S describes the layout) -----------------------------

OS_STK* OSTaskStkInit(void (*task)(void* p_arg), void* p_arg, OS_STK* ptos, INT16U opt) {
    OS_STK* frame = (OS_STK*)(((uintptr_t)(ptos + 1) & ~(uintptr_t)7u)) - RTV_FRAME_WORDS;
    uint32_t i;
    (void)opt;
    frame[RTV_FRAME_PSR] = 0u;  // flags clear, upcalls unmasked: the task starts with events on
    for (i = 0u; i < 13u; i++) frame[RTV_FRAME_R0 + i] = 0u;
    frame[RTV_FRAME_R0] = (OS_STK)(uintptr_t)p_arg;
    frame[RTV_FRAME_LR] = (OS_STK)(uintptr_t)rtv_task_returned;
    frame[RTV_FRAME_PC] = (OS_STK)(uintptr_t)task;
    return frame;
}

void rtv_task_returned(void) {
    rtv_print("ucos: a task returned from its body\n");
    rtv_shutdown(SHUTDOWN_crash);
}

OS_STK* rtv_switch_to_high(OS_STK* frame) {
    if (frame != (OS_STK*)0) OSTCBCur->OSTCBStkPtr = frame;
    OSTaskSwHook();
    OSTCBCur = OSTCBHighRdy;
    OSPrioCur = OSPrioHighRdy;
    return OSTCBCur->OSTCBStkPtr;
}

void OSIntCtxSw(void) { rtv_switch_pending = 1u; }

// --- hooks ------------------------------------------------------------------------------------

void OSInitHookBegin(void) {}
void OSTaskCreateHook(OS_TCB* ptcb) { (void)ptcb; }
void OSTimeTickHook(void) { rtv_app_tick(); }

// The task-switch hook the observer watches: OSTCBCur leaves, OSTCBHighRdy comes. A real
// call at every switch (never inlined), so the observer can note its address.
__attribute__((noinline, noipa, used)) void OSTaskSwHook(void) { rtv_ucos_state.current_task = rtv_app_task_of(OSTCBHighRdy); }

// idle: spin (the unmodified port: the idle task burns the guest's share) or block until an
// event (SCHEDOP_block; Xen-ARM arms the vcpu timer at NOW()+8 ms meanwhile).
void OSTaskIdleHook(void) {
    if (rtv_ucos_config.idle != RTV_IDLE_BLOCK) return;
    rtv_ucos_state.blocks++;
    (void)rtv_checked(HYPERVISOR_sched_op(SCHEDOP_block, (void*)0));
}

// --- the tick handlers --------------------------------------------------------------------------

static void rtv_tick(void) {
    rtv_ucos_state.virqs_handled++;
    if (rtv_ucos_config.tick_mode == RTV_TICK_NAIVE) {
        OSTimeTick();  // the unmodified port: one tick per VIRQ_TIMER received
    } else {
        int jumped;
        rtv_ucos_state.time_reads++;
        const uint64_t now = rtv_read_system_time(&VCPU0->time, &rtv_ucos_state.time_retries);
        uint32_t n = rtv_tick_clock_ticks(&rtv_clock, now, OSTime, &jumped);
        if (jumped) rtv_ucos_state.clock_jumps++;
        while (n-- > 0u) OSTimeTick();
    }
    rtv_hook_tick_done();
}

// A device's interrupt: release its event tasks, acknowledge the GPT (TSTAT is
// write-1-to-clear) and let Xen unmask the level source (PHYSDEVOP_IRQ_UNMASK_NOTIFY).
static void rtv_device_irq(uint32_t device) {
    physdev_op_t op = {PHYSDEVOP_IRQ_UNMASK_NOTIFY, {0u, 0u, 0u}};
    volatile uint32_t* gpt = (volatile uint32_t*)rtv_ucos_config.devices[device].base;
    rtv_ucos_state.device_events++;
    rtv_app_device_event(device);
    gpt[GPT_TSTAT / 4u] = GPT_TSTAT_COMP | GPT_TSTAT_CAPT;
    (void)rtv_checked(HYPERVISOR_physdev_op(&op));
}

static void rtv_dispatch(uint32_t port) {
    uint32_t d;
    if (port == rtv_ucos_state.timer_port) {
        rtv_tick();
        return;
    }
    for (d = 0u; d < rtv_ucos_config.n_devices; d++)
        if (port == rtv_device_port[d]) {
            rtv_device_irq(d);
            return;
        }
}

// Atomic exchange with SWP (ARMv5's only atomic; ARM DDI 0100I A4.1.108): Xen may set bits
// in the same word between a load and a store of ours.
static uint32_t rtv_xchg(volatile unsigned long* p, uint32_t v) {
    uint32_t old;
    __asm__ volatile("swp %0, %2, [%1]" : "=&r"(old) : "r"(p), "r"(v) : "memory");
    return old;
}

// --- the event upcall -----------------------------------------------------------------------

OS_STK* rtv_upcall(OS_STK* frame) {
    uint32_t sel, word;
    OSTCBCur->OSTCBStkPtr = frame;
    OSIntEnter();
    rtv_ucos_state.upcalls++;
    rtv_switch_pending = 0u;
    VCPU0->evtchn_upcall_pending = 0u;
    BARRIER();
    sel = rtv_xchg(&VCPU0->evtchn_pending_sel, 0u);
    for (word = 0u; sel != 0u; word++, sel >>= 1) {
        if ((sel & 1u) == 0u) continue;
        // The port never masks its own ports, so it takes the whole word at once; a port
        // masked by someone else would be re-posted pending (none is in this guest).
        uint32_t pending = rtv_xchg(&HYPERVISOR_shared_info->evtchn_pending[word], 0u);
        const uint32_t masked = pending & HYPERVISOR_shared_info->evtchn_mask[word];
        if (masked) HYPERVISOR_shared_info->evtchn_pending[word] |= masked;
        pending &= ~masked;
        while (pending != 0u) {
            const uint32_t bit = (uint32_t)__builtin_ctz(pending);
            pending &= pending - 1u;
            rtv_dispatch(32u * word + bit);
        }
    }
    OSIntExit();
    if (rtv_switch_pending) {
        rtv_switch_pending = 0u;
        frame = rtv_switch_to_high(frame);
    }
    return frame;
}

// --- faults -------------------------------------------------------------------------------------

OS_STK* rtv_data_abort(OS_STK* frame) {
    rtv_ucos_state.faults++;  // FAR/FSR are in vcpu_info.arch.far/fsr for a debugger
    return frame;
}

void rtv_fatal_trap(uint32_t vector, uint32_t lr) {
    rtv_print("ucos: fatal trap, vector ");
    rtv_print_u32(vector);
    rtv_print(" lr ");
    rtv_print_u32(lr);
    rtv_print("\n");
    rtv_shutdown(SHUTDOWN_crash);
}

// --- boot -----------------------------------------------------------------------------------

static void rtv_set_trap_table(void) {
    static trap_info_t table[TRAP_TABLE_ENTRIES];  // Xen-ARM rejects a table with a hole
    table[0].address = (unsigned long)rtv_reset_entry;
    table[TRAP_UNDEF].address = (unsigned long)rtv_undef_entry;
    table[TRAP_SWI].address = (unsigned long)rtv_swi_entry;
    table[TRAP_PABT].address = (unsigned long)rtv_pabt_entry;
    table[TRAP_DABT].address = (unsigned long)rtv_dabt_entry;
    table[5].address = (unsigned long)rtv_reset_entry;  // reserved vector
    table[TRAP_IRQ].address = (unsigned long)rtv_irq_entry;
    table[TRAP_FIQ].address = (unsigned long)rtv_fiq_entry;
    if (rtv_checked(HYPERVISOR_set_trap_table(table)) != 0) {
        rtv_print("ucos: set_trap_table failed\n");
        rtv_shutdown(SHUTDOWN_crash);
    }
}

static uint32_t rtv_bind(uint32_t cmd, uint32_t what) {
    evtchn_op_t op;
    op.cmd = cmd;
    op.u.bind_virq.virq = what;  // bind_virq and bind_pirq share the layout {what, 0, port}
    op.u.bind_virq.vcpu = 0u;
    op.u.bind_virq.port = 0u;
    if (rtv_checked(HYPERVISOR_event_channel_op(&op)) != 0) {
        rtv_print("ucos: cannot bind an event channel\n");
        rtv_shutdown(SHUTDOWN_crash);
    }
    return op.u.bind_virq.port;
}

// Restart mode on PERCLK1, compare interrupt on (i.MX21 GPT, imx21_gpt.h).
static void rtv_start_device(uint32_t d) {
    const struct rtv_ucos_device_config* dev = &rtv_ucos_config.devices[d];
    volatile uint32_t* gpt = (volatile uint32_t*)dev->base;
    rtv_device_port[d] = rtv_bind(EVTCHNOP_bind_pirq, dev->irq);
    gpt[GPT_TCTL / 4u] = 0u;
    gpt[GPT_TPRER / 4u] = 0u;
    gpt[GPT_TCMP / 4u] = dev->compare;
    gpt[GPT_TCTL / 4u] = (GPT_CLK_PERCLK1 << GPT_TCTL_CLKSOURCE_SHIFT) | GPT_TCTL_COMP_EN | GPT_TCTL_TEN;
}

void rtv_main(const start_info_t* si) {
    uint32_t d, err;
    rtv_start_info = si;
    rtv_set_trap_table();
    err = rtv_app_check_config(&rtv_ucos_config);
    if (err != RTV_CFG_OK) {
        rtv_ucos_state.magic = RTV_UCOS_STATE_MAGIC;
        rtv_ucos_state.config_error = err;
        rtv_print("ucos: the configuration block rtv_ucos_config is not valid, error ");
        rtv_print_u32(err);
        rtv_print(" (see docs/guest_abi.md)\n");
        rtv_shutdown(SHUTDOWN_crash);
    }
    OSTicksPerSec = rtv_ucos_config.ticks_per_sec;
    rtv_ucos_state.timer_port = rtv_bind(EVTCHNOP_bind_virq, VIRQ_TIMER);
    for (d = 0u; d < rtv_ucos_config.n_devices; d++) rtv_start_device(d);
    if (rtv_ucos_config.tick_mode == RTV_TICK_CORRECTED) {
        // t0 read with upcalls still masked, as the model guest does.
        rtv_ucos_state.time_reads++;
        const uint64_t t0 = rtv_read_system_time(&VCPU0->time, &rtv_ucos_state.time_retries);
        rtv_tick_clock_init(&rtv_clock, t0, OSTicksPerSec);
        rtv_ucos_state.t0_ns_lo = (uint32_t)t0;
        rtv_ucos_state.t0_ns_hi = (uint32_t)(t0 >> 32);
    }
    OSInit();
    if (rtv_app_init() != RTV_CFG_OK) {
        rtv_print("ucos: the kernel refused the task set\n");
        rtv_shutdown(SHUTDOWN_crash);
    }
    rtv_ucos_state.booted = 1u;
    OSStart();  // restore_trap_frame into the first task unmasks events
}
