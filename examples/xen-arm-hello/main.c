// SPDX-License-Identifier: Apache-2.0
// Hello, Xen-ARM: prints through console_io, binds VIRQ_TIMER, arms a one-shot timer with
// set_timer_op and waits for it twice: first with SCHEDOP_poll (upcalls masked, a timeout),
// then with upcalls enabled, looping until the upcall handler has seen the event. It does not
// use SCHEDOP_block to wait: Xen-ARM's block replaces the guest's timer with NOW()+8 ms and
// cancels it on wake-up (xen/common/schedule.c do_block in andreiw/xen3-arm-tegra).
#include "xen_arm.h"

void upcall_entry(void);
void handle_events(void);
int main(const void* start_info);

static uint32_t timer_port;

static void print(const char* s);

// Every other trap (undefined instruction, aborts, a SWI from virtual user mode): report and
// stop. Xen-ARM enters it in USR mode on the interrupted stack; it never returns.
static void trap_fatal(void) {
    uint32_t reason = SHUTDOWN_poweroff;
    print("hello: unexpected trap\n");
    for (;;) HYPERVISOR_sched_op(SCHEDOP_shutdown, &reason);
}
static volatile uint32_t timer_events;

static void print(const char* s) {
    int n = 0;
    while (s[n]) n++;
    HYPERVISOR_console_io(CONSOLEIO_write, n, s);
}

// Decimal without a divide instruction (ARMv5 has none): subtract powers of ten.
static void print_u64(uint64_t v) {
    static const uint64_t pow10[] = {10000000000000000000ull, 1000000000000000000ull, 100000000000000000ull,
                                     10000000000000000ull, 1000000000000000ull, 100000000000000ull,
                                     10000000000000ull, 1000000000000ull, 100000000000ull, 10000000000ull,
                                     1000000000ull, 100000000ull, 10000000ull, 1000000ull, 100000ull,
                                     10000ull, 1000ull, 100ull, 10ull, 1ull};
    char buf[21];
    int n = 0;
    for (unsigned i = 0; i < sizeof pow10 / sizeof pow10[0]; i++) {
        char d = '0';
        while (v >= pow10[i]) {
            v -= pow10[i];
            d++;
        }
        if (d != '0' || n > 0 || i + 1 == sizeof pow10 / sizeof pow10[0]) buf[n++] = d;
    }
    buf[n] = '\0';
    print(buf);
}

// Xen's system time with the version protocol: an odd or changed version means Xen was
// writing it; read again.
static uint64_t xen_now(void) {
    volatile struct vcpu_time_info* t = &SHARED_INFO->vcpu_info[0].time;
    for (;;) {
        uint32_t v = t->version;
        __asm__ volatile("" ::: "memory");
        uint64_t now = t->system_time;
        __asm__ volatile("" ::: "memory");
        if (!(v & 1) && v == t->version) return now;
    }
}

static uint32_t xchg(volatile uint32_t* p, uint32_t v) {  // SWP: ARMv5's atomic swap
    uint32_t old;
    __asm__ volatile("swp %0, %2, [%1]" : "=&r"(old) : "r"(p), "r"(v) : "memory");
    return old;
}

// Called from upcall_entry: acknowledge as Xen's Mini-OS does (clear upcall_pending, take the
// selector, then each word's pending bits).
void handle_events(void) {
    volatile struct shared_info* s = SHARED_INFO;
    s->vcpu_info[0].evtchn_upcall_pending = 0;
    uint32_t sel = xchg(&s->vcpu_info[0].evtchn_pending_sel, 0);
    for (uint32_t w = 0; sel; w++, sel >>= 1) {
        if (!(sel & 1)) continue;
        uint32_t ready = xchg(&s->evtchn_pending[w], 0) & ~s->evtchn_mask[w];
        if (timer_port / 32 == w && (ready >> (timer_port % 32)) & 1) timer_events = timer_events + 1;
    }
}

int main(const void* start_info) {
    (void)start_info;
    print("hello: a para-virtual guest on Xen-ARM\n");

    static struct trap_info traps[8];  // Xen-ARM refuses a table with an empty entry
    for (int i = 0; i < 8; i++) traps[i].address = (unsigned long)(i == TRAP_IRQ ? upcall_entry : trap_fatal);
    HYPERVISOR_set_trap_table(traps);

    struct evtchn_op_bind_virq bind = {EVTCHNOP_bind_virq, VIRQ_TIMER, 0, 0, {0, 0, 0}};
    if (HYPERVISOR_event_channel_op(&bind) != 0) print("hello: bind_virq failed\n");
    timer_port = bind.port;

    // 1. Upcalls are still masked (as Xen starts a domain): poll the port with a timeout.
    uint64_t t = xen_now();
    HYPERVISOR_set_timer_op(t + 50000000ull);  // 50 ms from Xen's last published time
    struct sched_poll poll = {&timer_port, 1, t + 100000000ull};
    HYPERVISOR_sched_op(SCHEDOP_poll, &poll);
    print("hello: poll returned, shared time ");
    print_u64(xen_now());
    print(" ns\n");

    // 2. Enable upcalls and wait in a loop for the handler to count a VIRQ_TIMER.
    SHARED_INFO->vcpu_info[0].evtchn_upcall_mask = 0;
    HYPERVISOR_set_timer_op(xen_now() + 20000000ull);
    uint32_t seen = timer_events;
    while (timer_events == seen) HYPERVISOR_sched_op(SCHEDOP_yield, 0);  // each return re-checks upcalls
    print("hello: VIRQ_TIMER events handled: ");
    print_u64(timer_events);
    print("\n");

    uint32_t reason = SHUTDOWN_poweroff;
    HYPERVISOR_sched_op(SCHEDOP_shutdown, &reason);
    for (;;) {
    }
}
