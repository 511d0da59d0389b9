// SPDX-License-Identifier: Apache-2.0
// Event channels of Samsung's Xen-ARM (xen/common/event_channel.c) with shared_info in a fake
// guest memory, and the para-virtual ABI layouts (hv_model/public).
#include <catch2/catch.hpp>

#include <array>
#include <cstring>
#include <random>
#include <set>
#include <utility>
#include <vector>

#include "hv_model/event_channels.hpp"
#include "hv_model/public/event_channel_abi.hpp"
#include "hv_model/public/shared_info_layout.hpp"

using namespace rtv::hv;
namespace si = rtv::hv::abi::shinfo;

namespace {

// SDRAM as the hypervisor sees it: three pages from `base`, every access counted.
struct fake_memory final : guest_memory_port {
    static constexpr std::uint32_t base = 0xC0C00000u;
    std::vector<std::uint8_t> bytes = std::vector<std::uint8_t>(3 * 4096);
    unsigned reads = 0;
    unsigned writes = 0;

    std::uint8_t* at(std::uint32_t pa, std::uint32_t len) {
        REQUIRE(pa >= base);
        REQUIRE(pa - base + len <= bytes.size());
        return bytes.data() + (pa - base);
    }
    std::uint32_t read32(std::uint32_t pa) override {
        REQUIRE(pa % 4 == 0);
        ++reads;
        return peek32(pa);
    }
    void write32(std::uint32_t pa, std::uint32_t v) override {
        REQUIRE(pa % 4 == 0);
        ++writes;
        poke32(pa, v);
    }
    std::uint32_t peek32(std::uint32_t pa) {
        std::uint32_t v;
        std::memcpy(&v, at(pa, 4), 4);
        return v;
    }
    void poke32(std::uint32_t pa, std::uint32_t v) { std::memcpy(at(pa, 4), &v, 4); }
    std::uint8_t peek8(std::uint32_t pa) { return *at(pa, 1); }
    void poke8(std::uint32_t pa, std::uint8_t v) { *at(pa, 1) = v; }
};

struct fake_hooks final : evtchn_hooks {
    unsigned unblock_calls = 0;
    unsigned wakes = 0;
    std::set<std::pair<int, std::uint32_t>> irq_caps;
    long bind_rc = 0;
    std::vector<std::pair<int, std::uint32_t>> bound, unbound;

    bool is_blocked(const vcpu& v) override { return v.blocked; }
    void vcpu_unblock(vcpu& v) override {
        ++unblock_calls;
        if (v.blocked) {
            v.blocked = false;
            ++wakes;
        }
    }
    bool is_privileged(const domain& d) override { return d.domain_id == 0; }
    bool irq_access_permitted(const domain& d, std::uint32_t pirq) override {
        return irq_caps.count({d.domain_id, pirq}) != 0;
    }
    long pirq_guest_bind(vcpu& v, std::uint32_t pirq, bool) override {
        if (bind_rc == 0) bound.emplace_back(v.dom->domain_id, pirq);
        return bind_rc;
    }
    void pirq_guest_unbind(domain& d, std::uint32_t pirq) override { unbound.emplace_back(d.domain_id, pirq); }
};

// A guest address space for hypercall arguments: [lo, hi) is accessible.
struct fake_guest {
    static constexpr std::uint32_t lo = 0x00100000u;
    static constexpr std::uint32_t hi = 0x00101000u;
    std::vector<std::uint8_t> bytes = std::vector<std::uint8_t>(hi - lo);
    bool fail_writes = false;

    static bool ok(std::uint32_t va, std::size_t len) { return va >= lo && va < hi && len <= hi - va; }
    guest_copy copy() {
        guest_copy c;
        c.from_guest = [this](std::uint32_t va, void* dst, std::size_t len) {
            if (!ok(va, len)) return false;
            std::memcpy(dst, bytes.data() + (va - lo), len);
            return true;
        };
        c.to_guest = [this](std::uint32_t va, const void* src, std::size_t len) {
            if (fail_writes || !ok(va, len)) return false;
            std::memcpy(bytes.data() + (va - lo), src, len);
            return true;
        };
        return c;
    }
    void put(std::uint32_t va, const abi::evtchn_op& op) { std::memcpy(bytes.data() + (va - lo), &op, sizeof op); }
    abi::evtchn_op get(std::uint32_t va) {
        abi::evtchn_op op;
        std::memcpy(&op, bytes.data() + (va - lo), sizeof op);
        return op;
    }
};

void make_domain(domain& d, int id, const char* name) {
    d.domain_id = id;
    d.name = name;
    d.vcpu0 = std::make_unique<vcpu>();
    d.vcpu0->dom = &d;
}

struct bench {
    static constexpr std::uint32_t si0 = fake_memory::base;
    static constexpr std::uint32_t si1 = fake_memory::base + 0x1000;
    fake_memory mem;
    fake_hooks hooks;
    fake_guest guest;
    domain d0, d1;
    event_channels ec{mem, hooks};

    bench() {
        make_domain(d0, 0, "dom0");
        make_domain(d1, 1, "guest");
        ec.register_domain(d0, si0);
        ec.register_domain(d1, si1);
    }
    std::uint32_t page(const domain& d) const { return &d == &d0 ? si0 : si1; }
    bool pending(const domain& d, std::uint32_t port) {
        return mem.peek32(page(d) + si::pending_word(port)) & si::port_bit(port);
    }
    bool masked(const domain& d, std::uint32_t port) {
        return mem.peek32(page(d) + si::mask_word(port)) & si::port_bit(port);
    }
    void mask(const domain& d, std::uint32_t port) {
        mem.poke32(page(d) + si::mask_word(port), mem.peek32(page(d) + si::mask_word(port)) | si::port_bit(port));
    }
    void clear_pending(const domain& d, std::uint32_t port) {
        const std::uint32_t pa = page(d) + si::pending_word(port);
        mem.poke32(pa, mem.peek32(pa) & ~si::port_bit(port));
    }
    std::uint32_t sel(const domain& d) { return mem.peek32(page(d) + si::vcpu0_pending_sel); }
    std::uint8_t upcall_pending(const domain& d) { return mem.peek8(page(d) + si::vcpu0_upcall_pending); }
    std::uint8_t upcall_mask(const domain& d) { return mem.peek8(page(d) + si::vcpu0_upcall_mask); }
    // What a guest's upcall handler does first: clear upcall_pending and take the selector.
    void ack_upcall(const domain& d) {
        mem.poke8(page(d) + si::vcpu0_upcall_pending, 0);
        mem.poke32(page(d) + si::vcpu0_pending_sel, 0);
    }
    std::uint32_t bind_virq(domain& d, std::uint32_t virq) {
        abi::evtchn_bind_virq b{virq, 0, 0};
        REQUIRE(ec.bind_virq(d, b) == 0);
        return b.port;
    }
    std::uint32_t bind_ipi(domain& d) {
        abi::evtchn_bind_ipi b{0, 0};
        REQUIRE(ec.bind_ipi(d, b) == 0);
        return b.port;
    }
    // d1 offers a port to d0, d0 binds it: returns {d1 port, d0 port}.
    std::pair<std::uint32_t, std::uint32_t> connect() {
        abi::evtchn_alloc_unbound a{abi::domid_self, 0, 0, 0};
        REQUIRE(ec.alloc_unbound(d1, a) == 0);
        abi::evtchn_bind_interdomain b{1, a.port, 0, 0};
        REQUIRE(ec.bind_interdomain(d0, b) == 0);
        return {a.port, b.local_port};
    }
    long op(domain& d, const abi::evtchn_op& o, std::uint32_t va = fake_guest::lo) {
        guest.put(va, o);
        return ec.do_event_channel_op(d, *d.vcpu0, va, guest.copy());
    }
};

abi::evtchn_op make_op(std::uint32_t cmd) {
    abi::evtchn_op o;
    std::memset(&o, 0, sizeof o);
    o.cmd = cmd;
    return o;
}

}  // namespace

// --- ABI layouts ----------------------------------------------------------------------------

TEST_CASE("shared_info offsets follow Xen-ARM's EABI layout", "[evtchn][abi]") {
    // The static_asserts in the header pin the table; this checks that writing through the
    // offsets lands in the right fields of the mirror struct, and the reverse.
    std::vector<std::uint8_t> page(4096, 0);
    const auto put32 = [&](std::uint32_t off, std::uint32_t v) { std::memcpy(&page[off], &v, 4); };
    const auto put64 = [&](std::uint32_t off, std::uint64_t v) { std::memcpy(&page[off], &v, 8); };
    page[si::vcpu0_upcall_pending] = 0x11;
    page[si::vcpu0_upcall_mask] = 0x22;
    put32(si::vcpu0_pending_sel, 0x80000001u);
    put32(si::vcpu0_arch_sp, 0x5A5A0001u);
    put32(si::vcpu0_arch_lr, 0x5A5A0002u);
    put32(si::vcpu0_arch_trap, 0x5A5A0003u);
    put32(si::vcpu0_arch_spsr, 0x5A5A0004u);
    put32(si::vcpu0_arch_fsr, 0x5A5A0005u);
    put32(si::vcpu0_time_version, 7);
    put32(si::vcpu0_time_freetimer_overflows, 3);
    put64(si::vcpu0_time_offset, 0x0000000100000002ull);
    put64(si::vcpu0_time_system_time, 0x1122334455667788ull);
    put32(si::pending_word(37), si::port_bit(37));
    put32(si::mask_word(1023), si::port_bit(1023));
    put32(si::vdma_pending + 12, 0xD1);
    put32(si::vdma_mask, 0xD2);
    put32(si::wc_version, 2);
    put32(si::wc_sec, 1234);
    put32(si::wc_nsec, 5678);
    put32(si::arch_nmi_reason, 0xAB);
    put32(si::batterylife, 99);
    page[si::shutdown_domain] = 0x34;
    page[si::shutdown_domain + 1] = 0x12;
    put32(si::ticks, 0xCAFE);

    abi::shared_info s;
    std::memcpy(&s, page.data(), sizeof s);
    const abi::vcpu_info& v = s.vcpu[0];
    CHECK(v.evtchn_upcall_pending == 0x11);
    CHECK(v.evtchn_upcall_mask == 0x22);
    CHECK(v.evtchn_pending_sel == 0x80000001u);
    CHECK(v.arch.sp == 0x5A5A0001u);
    CHECK(v.arch.lr == 0x5A5A0002u);
    CHECK(v.arch.trap == 0x5A5A0003u);
    CHECK(v.arch.spsr == 0x5A5A0004u);
    CHECK(v.arch.fsr == 0x5A5A0005u);
    CHECK(v.time.version == 7);
    CHECK(v.time.freetimer_overflows == 3);
    CHECK(v.time.offset == 0x0000000100000002ull);
    CHECK(v.time.system_time == 0x1122334455667788ull);
    CHECK(s.evtchn_pending[1] == (1u << 5));
    CHECK(s.evtchn_mask[31] == (1u << 31));
    CHECK(s.vdma_pending[3] == 0xD1);
    CHECK(s.vdma_mask[0] == 0xD2);
    CHECK(s.wc_version == 2);
    CHECK(s.wc_sec == 1234);
    CHECK(s.wc_nsec == 5678);
    CHECK(s.arch.nmi_reason == 0xAB);
    CHECK(s.batterylife == 99);
    CHECK(s.shutdown_domain == 0x1234);
    CHECK(s.ticks == 0xCAFE);

    // And the other way round: a field set in the struct appears at its offset.
    abi::shared_info t{};
    t.vcpu[0].time.system_time = 0x0102030405060708ull;
    t.evtchn_mask[2] = 0xF00Du;
    std::vector<std::uint8_t> out(sizeof t);
    std::memcpy(out.data(), &t, sizeof t);
    std::uint64_t st;
    std::memcpy(&st, &out[96], 8);  // docs/models/xen_arm.md: time at vcpu_info+72, system_time at +24
    CHECK(st == 0x0102030405060708ull);
    std::uint32_t m;
    std::memcpy(&m, &out[240 + 8], 4);
    CHECK(m == 0xF00Du);
    CHECK(sizeof(abi::shared_info) == 440);
}

TEST_CASE("evtchn_op is laid out as Mini-OS passes it", "[evtchn][abi]") {
    abi::evtchn_op o = make_op(abi::evtchnop_alloc_unbound);
    o.u.alloc_unbound.dom = abi::domid_self;
    o.u.alloc_unbound.remote_dom = 3;
    o.u.alloc_unbound.port = 0xAABBCCDDu;
    std::uint8_t b[sizeof o];
    std::memcpy(b, &o, sizeof o);
    CHECK(sizeof o == 28);
    CHECK(b[0] == 6);
    CHECK((b[4] | b[5] << 8) == 0x7FF0);
    CHECK((b[6] | b[7] << 8) == 3);
    CHECK(b[12] == 0xDD);
    CHECK(b[15] == 0xAA);
    CHECK(abi::hypercall_event_channel_op == 16);
    CHECK(abi::evtchnop_unmask == 9);
    CHECK(abi::nr_virqs == 13);
    CHECK(abi::evtchnstat_ipi == 5);
}

// --- registration and port numbering --------------------------------------------------------

TEST_CASE("registration reserves port 0 and ports follow Samsung's search cursor", "[evtchn]") {
    bench t;
    CHECK(t.ec.port_info(t.d1, 0).state == ecs::reserved);
    CHECK(t.ec.port_is_valid(t.d1, 127));
    CHECK_FALSE(t.ec.port_is_valid(t.d1, 128));
    CHECK(t.ec.evtchn_count(t.d1) == 1);
    std::vector<std::uint32_t> ports;
    for (int i = 0; i < 17; ++i) {
        abi::evtchn_alloc_unbound a{abi::domid_self, 0, 0, 0};
        REQUIRE(t.ec.alloc_unbound(t.d1, a) == 0);
        ports.push_back(a.port);
    }
    // (count * 32) % 512 for count 1..15, then the search wraps to 0 and finds 1, then 33.
    const std::vector<std::uint32_t> expected{32,  64,  96,  128, 160, 192, 224, 256, 288,
                                              320, 352, 384, 416, 448, 480, 1,   33};
    CHECK(ports == expected);
    CHECK(t.ec.port_is_valid(t.d1, 511));
    CHECK_FALSE(t.ec.port_is_valid(t.d1, 512));
    CHECK(t.ec.consistent());
    CHECK(t.ec.find_domain(1) == &t.d1);
    CHECK(t.ec.find_domain(7) == nullptr);
    CHECK_THROWS_AS(t.ec.register_domain(t.d1, bench::si1), std::invalid_argument);
}

TEST_CASE("ports run out with ENOSPC and a freed low port waits for the cursor to wrap", "[evtchn]") {
    bench t;
    int allocated = 0;
    long rc = 0;
    for (;;) {
        abi::evtchn_alloc_unbound a{abi::domid_self, 0, 0, 0};
        rc = t.ec.alloc_unbound(t.d1, a);
        if (rc != 0) break;
        ++allocated;
    }
    CHECK(rc == -abi::err_nospc);
    CHECK(allocated == 1023);  // every port but 0
    REQUIRE(t.ec.close(t.d1, 1) == 0);
    // The next searches start at 32, 64, ..., 480 and find nothing above; the 16th starts at 0.
    int failures = 0;
    abi::evtchn_alloc_unbound a{abi::domid_self, 0, 0, 0};
    while ((rc = t.ec.alloc_unbound(t.d1, a)) == -abi::err_nospc) ++failures;
    CHECK(rc == 0);
    CHECK(failures == 15);
    CHECK(a.port == 1);
    CHECK(t.ec.consistent());
}

// --- evtchn_set_pending ---------------------------------------------------------------------

TEST_CASE("a send to an unmasked port sets pending and selector and upcall_pending", "[evtchn]") {
    bench t;
    const std::uint32_t port = t.bind_ipi(t.d1);  // 32
    REQUIRE(port == 32);
    t.mem.reads = t.mem.writes = 0;
    CHECK(t.ec.send(t.d1, port) == 0);
    CHECK(t.pending(t.d1, port));
    CHECK(t.sel(t.d1) == (1u << 1));
    CHECK(t.upcall_pending(t.d1) == 1);
    CHECK(t.upcall_mask(t.d1) == 0);
    CHECK(t.hooks.unblock_calls == 1);  // evtchn_notify runs vcpu_unblock
    CHECK(t.hooks.wakes == 0);          // not blocked
    CHECK(t.ec.event_pending(*t.d1.vcpu0));
    // pending word read+write, mask read, selector read+write, vcpu_info word read+write.
    CHECK(t.mem.reads == 4 + 1);  // + the event_pending read
    CHECK(t.mem.writes == 3);
    CHECK(t.ec.counters(t.d1).notified == 1);
    CHECK_FALSE(t.pending(t.d0, port));  // other domain's page untouched
}

TEST_CASE("a second send while the port is pending is coalesced", "[evtchn]") {
    bench t;
    const std::uint32_t port = t.bind_ipi(t.d1);
    REQUIRE(t.ec.send(t.d1, port) == 0);
    t.ack_upcall(t.d1);  // the guest took the upcall but has not cleared the port yet
    t.mem.reads = t.mem.writes = 0;
    REQUIRE(t.ec.send(t.d1, port) == 0);
    CHECK(t.mem.reads == 1);  // only the pending word
    CHECK(t.mem.writes == 0);
    CHECK(t.sel(t.d1) == 0);
    CHECK(t.upcall_pending(t.d1) == 0);
    CHECK(t.hooks.unblock_calls == 1);
    CHECK(t.ec.counters(t.d1).coalesced == 1);
    CHECK(t.ec.counters(t.d1).set_pending == 2);
}

TEST_CASE("a masked port only becomes pending and unmask re-notifies", "[evtchn]") {
    bench t;
    const std::uint32_t port = t.bind_virq(t.d1, abi::virq_timer);
    t.mask(t.d1, port);
    t.d1.vcpu0->blocked = true;  // blocked with upcalls enabled: not a poll
    CHECK(t.ec.send_guest_virq(*t.d1.vcpu0, abi::virq_timer));
    CHECK(t.pending(t.d1, port));
    CHECK(t.sel(t.d1) == 0);
    CHECK(t.upcall_pending(t.d1) == 0);
    CHECK(t.hooks.unblock_calls == 0);
    CHECK(t.d1.vcpu0->blocked);
    CHECK(t.ec.counters(t.d1).masked == 1);

    CHECK(t.ec.unmask(t.d1, port) == 0);
    CHECK_FALSE(t.masked(t.d1, port));
    CHECK(t.sel(t.d1) == (1u << (port / 32)));
    CHECK(t.upcall_pending(t.d1) == 1);
    CHECK(t.hooks.wakes == 1);
    CHECK_FALSE(t.d1.vcpu0->blocked);
}

TEST_CASE("unmask notifies only for a masked pending port with selector and upcall clear", "[evtchn]") {
    bench t;
    const std::uint32_t port = t.bind_ipi(t.d1);
    SECTION("not pending") {
        t.mask(t.d1, port);
        CHECK(t.ec.unmask(t.d1, port) == 0);
        CHECK_FALSE(t.masked(t.d1, port));
        CHECK(t.upcall_pending(t.d1) == 0);
        CHECK(t.hooks.unblock_calls == 0);
    }
    SECTION("not masked: nothing to re-deliver even if pending") {
        t.mem.poke32(bench::si1 + si::pending_word(port), si::port_bit(port));
        CHECK(t.ec.unmask(t.d1, port) == 0);
        CHECK(t.upcall_pending(t.d1) == 0);
        CHECK(t.hooks.unblock_calls == 0);
    }
    SECTION("selector already set") {
        t.mask(t.d1, port);
        t.mem.poke32(bench::si1 + si::pending_word(port), si::port_bit(port));
        t.mem.poke32(bench::si1 + si::vcpu0_pending_sel, 1u << (port / 32));
        CHECK(t.ec.unmask(t.d1, port) == 0);
        CHECK(t.upcall_pending(t.d1) == 0);
        CHECK(t.hooks.unblock_calls == 0);
    }
    SECTION("bad port") {
        CHECK(t.ec.unmask(t.d1, 1024) == -abi::err_inval);
        CHECK(t.ec.unmask(t.d1, 300) == -abi::err_inval);  // bucket 2 not allocated yet
    }
}

TEST_CASE("a notification wakes a blocked vcpu", "[evtchn]") {
    bench t;
    const std::uint32_t port = t.bind_virq(t.d1, abi::virq_timer);
    t.d1.vcpu0->blocked = true;
    CHECK(t.ec.send_guest_virq(*t.d1.vcpu0, abi::virq_timer));
    CHECK_FALSE(t.d1.vcpu0->blocked);
    CHECK(t.hooks.wakes == 1);
    CHECK(t.pending(t.d1, port));
}

TEST_CASE("a polling vcpu with its upcall masked is woken by a masked port", "[evtchn]") {
    bench t;
    const std::uint32_t port = t.bind_virq(t.d1, abi::virq_timer);
    t.mask(t.d1, port);
    t.ec.write_upcall_mask(*t.d1.vcpu0, 1);
    CHECK(t.upcall_mask(t.d1) == 1);
    t.d1.vcpu0->blocked = true;
    CHECK(t.ec.send_guest_virq(*t.d1.vcpu0, abi::virq_timer));
    CHECK_FALSE(t.d1.vcpu0->blocked);
    CHECK(t.ec.counters(t.d1).poll_wakes == 1);
    CHECK(t.upcall_pending(t.d1) == 0);
    CHECK_FALSE(t.ec.event_pending(*t.d1.vcpu0));

    SECTION("but not by a port that is already pending (Samsung returns at once)") {
        t.d1.vcpu0->blocked = true;
        CHECK(t.ec.send_guest_virq(*t.d1.vcpu0, abi::virq_timer));
        CHECK(t.d1.vcpu0->blocked);
        CHECK(t.ec.counters(t.d1).coalesced == 1);
    }
    SECTION("and by an unmasked port whose selector word is already flagged") {
        const std::uint32_t other = t.bind_ipi(t.d1);  // 64: selector bit 2
        t.mem.poke32(bench::si1 + si::vcpu0_pending_sel, 1u << (other / 32));
        t.d1.vcpu0->blocked = true;
        CHECK(t.ec.send(t.d1, other) == 0);
        CHECK_FALSE(t.d1.vcpu0->blocked);
        CHECK(t.ec.counters(t.d1).poll_wakes == 2);
    }
}

TEST_CASE("upcall_pending already set means no new notification", "[evtchn]") {
    bench t;
    const std::uint32_t a = t.bind_ipi(t.d1);  // 32
    const std::uint32_t b = t.bind_ipi(t.d1);  // 64
    REQUIRE(t.ec.send(t.d1, a) == 0);
    REQUIRE(t.ec.send(t.d1, b) == 0);
    CHECK(t.sel(t.d1) == ((1u << 1) | (1u << 2)));
    CHECK(t.hooks.unblock_calls == 1);
    CHECK(t.ec.counters(t.d1).notified == 1);
    // The byte test is on bit 0 only, as Xen's test_and_set_bit(0, ...) does.
    t.ack_upcall(t.d1);
    t.mem.poke8(bench::si1 + si::vcpu0_upcall_pending, 2);
    t.clear_pending(t.d1, a);
    REQUIRE(t.ec.send(t.d1, a) == 0);
    CHECK(t.upcall_pending(t.d1) == 3);
    CHECK(t.ec.counters(t.d1).notified == 2);
}

// --- bindings ---------------------------------------------------------------------------------

TEST_CASE("bind_virq records the port and a second bind is EEXIST", "[evtchn]") {
    bench t;
    abi::evtchn_bind_virq b{abi::virq_timer, 0, 0};
    REQUIRE(t.ec.bind_virq(t.d1, b) == 0);
    CHECK(b.port == 32);
    CHECK(t.ec.virq_to_evtchn(*t.d1.vcpu0, abi::virq_timer) == 32);
    CHECK(t.ec.port_info(t.d1, 32).state == ecs::virq);
    CHECK(t.ec.port_info(t.d1, 32).u.virq == abi::virq_timer);
    abi::evtchn_bind_virq again{abi::virq_timer, 0, 0};
    CHECK(t.ec.bind_virq(t.d1, again) == -abi::err_exist);
    CHECK(again.port == 0);
    abi::evtchn_bind_virq bad_virq{abi::nr_virqs, 0, 0};
    CHECK(t.ec.bind_virq(t.d1, bad_virq) == -abi::err_inval);
    abi::evtchn_bind_virq bad_vcpu{abi::virq_debug, 1, 0};
    CHECK(t.ec.bind_virq(t.d1, bad_vcpu) == -abi::err_noent);
    // Each domain has its own VIRQ table.
    abi::evtchn_bind_virq other{abi::virq_timer, 0, 0};
    CHECK(t.ec.bind_virq(t.d0, other) == 0);
    CHECK(t.ec.consistent());
}

TEST_CASE("send_guest_virq on an unbound VIRQ does nothing", "[evtchn]") {
    bench t;
    t.mem.reads = t.mem.writes = 0;
    CHECK_FALSE(t.ec.send_guest_virq(*t.d1.vcpu0, abi::virq_timer));
    CHECK(t.mem.reads == 0);
    CHECK(t.mem.writes == 0);
    CHECK(t.ec.counters(t.d1).virq_unbound == 1);
}

TEST_CASE("alloc_unbound and bind_interdomain pair two ports and send crosses", "[evtchn]") {
    bench t;
    abi::evtchn_alloc_unbound a{abi::domid_self, 0, 0, 0};
    REQUIRE(t.ec.alloc_unbound(t.d1, a) == 0);
    CHECK(a.port == 32);
    CHECK(t.ec.port_info(t.d1, 32).state == ecs::unbound);
    CHECK(t.ec.port_info(t.d1, 32).u.unbound.remote_domid == 0);
    // Sends on the unbound end are dropped.
    CHECK(t.ec.send(t.d1, 32) == 0);
    CHECK_FALSE(t.pending(t.d1, 32));
    CHECK(t.ec.counters(t.d1).dropped == 1);

    abi::evtchn_bind_interdomain b{1, 32, 0, 0};
    REQUIRE(t.ec.bind_interdomain(t.d0, b) == 0);
    CHECK(b.local_port == 32);
    const evtchn& l = t.ec.port_info(t.d0, 32);
    const evtchn& r = t.ec.port_info(t.d1, 32);
    CHECK(l.state == ecs::interdomain);
    CHECK(l.u.interdomain.remote_dom == &t.d1);
    CHECK(l.u.interdomain.remote_port == 32);
    CHECK(r.state == ecs::interdomain);
    CHECK(r.u.interdomain.remote_dom == &t.d0);
    // The binder's own port is flagged pending (lost notifications are made up for).
    CHECK(t.pending(t.d0, 32));
    CHECK(t.upcall_pending(t.d0) == 1);
    CHECK_FALSE(t.pending(t.d1, 32));

    t.d1.vcpu0->blocked = true;
    CHECK(t.ec.send(t.d0, 32) == 0);
    CHECK(t.pending(t.d1, 32));
    CHECK(t.upcall_pending(t.d1) == 1);
    CHECK_FALSE(t.d1.vcpu0->blocked);
    CHECK(t.ec.consistent());
}

TEST_CASE("bind_interdomain checks the remote end", "[evtchn]") {
    bench t;
    abi::evtchn_alloc_unbound a{abi::domid_self, 5, 0, 0};  // offered to domain 5, not 0
    REQUIRE(t.ec.alloc_unbound(t.d1, a) == 0);
    abi::evtchn_bind_interdomain wrong_peer{1, a.port, 0, 0};
    CHECK(t.ec.bind_interdomain(t.d0, wrong_peer) == -abi::err_inval);
    abi::evtchn_bind_interdomain not_unbound{1, 0, 0, 0};
    CHECK(t.ec.bind_interdomain(t.d0, not_unbound) == -abi::err_inval);
    abi::evtchn_bind_interdomain bad_port{1, 5000, 0, 0};
    CHECK(t.ec.bind_interdomain(t.d0, bad_port) == -abi::err_inval);
    abi::evtchn_bind_interdomain no_domain{9, 32, 0, 0};
    CHECK(t.ec.bind_interdomain(t.d0, no_domain) == -abi::err_srch);
    // A failed bind took and left a local port free, but advanced the cursor (as Xen does).
    CHECK(t.ec.port_info(t.d0, 32).state == ecs::free);
    CHECK(t.ec.evtchn_count(t.d0) == 4);
    CHECK_FALSE(t.pending(t.d0, 32));
    CHECK(t.ec.consistent());

    SECTION("loopback through DOMID_SELF") {
        abi::evtchn_alloc_unbound self{abi::domid_self, abi::domid_self, 0, 0};
        REQUIRE(t.ec.alloc_unbound(t.d1, self) == 0);
        abi::evtchn_bind_interdomain b{abi::domid_self, self.port, 0, 0};
        REQUIRE(t.ec.bind_interdomain(t.d1, b) == 0);
        CHECK(b.local_port != self.port);
        t.clear_pending(t.d1, b.local_port);
        CHECK(t.ec.send(t.d1, b.local_port) == 0);
        CHECK(t.pending(t.d1, self.port));
        CHECK(t.ec.consistent());
    }
}

TEST_CASE("alloc_unbound for another domain needs privilege", "[evtchn]") {
    bench t;
    abi::evtchn_alloc_unbound by_guest{0, 1, 0, 0};
    CHECK(t.ec.alloc_unbound(t.d1, by_guest) == -abi::err_perm);
    abi::evtchn_alloc_unbound by_dom0{1, 0, 0, 0};
    REQUIRE(t.ec.alloc_unbound(t.d0, by_dom0) == 0);
    CHECK(t.ec.port_info(t.d1, by_dom0.port).state == ecs::unbound);
    abi::evtchn_alloc_unbound no_domain{4, 0, 0, 0};
    CHECK(t.ec.alloc_unbound(t.d0, no_domain) == -abi::err_srch);
}

TEST_CASE("bind_pirq routes through the hooks", "[evtchn]") {
    bench t;
    abi::evtchn_bind_pirq p{26, 0, 0};
    CHECK(t.ec.bind_pirq(t.d1, p) == -abi::err_perm);
    t.hooks.irq_caps.insert({1, 26});
    REQUIRE(t.ec.bind_pirq(t.d1, p) == 0);
    CHECK(t.hooks.bound.size() == 1);
    CHECK(t.ec.pirq_to_evtchn(t.d1, 26) == p.port);
    CHECK(t.ec.port_info(t.d1, p.port).state == ecs::pirq);
    abi::evtchn_bind_pirq again{26, 0, 0};
    CHECK(t.ec.bind_pirq(t.d1, again) == -abi::err_exist);
    abi::evtchn_bind_pirq too_big{nr_pirqs, 0, 0};
    CHECK(t.ec.bind_pirq(t.d1, too_big) == -abi::err_inval);

    CHECK(t.ec.send_guest_pirq(t.d1, 26));
    CHECK(t.pending(t.d1, p.port));
    CHECK_FALSE(t.ec.send_guest_pirq(t.d1, 27));

    t.hooks.irq_caps.insert({1, 27});
    t.hooks.bind_rc = -abi::err_busy;
    abi::evtchn_bind_pirq busy{27, 0, 0};
    CHECK(t.ec.bind_pirq(t.d1, busy) == -abi::err_busy);
    CHECK(t.ec.pirq_to_evtchn(t.d1, 27) == 0);
    CHECK(t.ec.consistent());
}

TEST_CASE("close undoes each kind of binding", "[evtchn]") {
    bench t;
    const std::uint32_t virq = t.bind_virq(t.d1, abi::virq_timer);
    const std::uint32_t ipi = t.bind_ipi(t.d1);
    t.hooks.irq_caps.insert({1, 5});
    abi::evtchn_bind_pirq p{5, 0, 0};
    REQUIRE(t.ec.bind_pirq(t.d1, p) == 0);
    const auto [guest_end, dom0_end] = t.connect();

    CHECK(t.ec.close(t.d1, virq) == 0);
    CHECK(t.ec.virq_to_evtchn(*t.d1.vcpu0, abi::virq_timer) == 0);
    CHECK(t.ec.port_info(t.d1, virq).state == ecs::free);
    CHECK(t.ec.close(t.d1, ipi) == 0);
    CHECK(t.ec.close(t.d1, p.port) == 0);
    CHECK(t.ec.pirq_to_evtchn(t.d1, 5) == 0);
    REQUIRE(t.hooks.unbound.size() == 1);
    CHECK(t.hooks.unbound[0] == std::make_pair(1, 5u));

    CHECK(t.ec.close(t.d0, dom0_end) == 0);
    CHECK(t.ec.port_info(t.d0, dom0_end).state == ecs::free);
    CHECK(t.ec.port_info(t.d1, guest_end).state == ecs::unbound);
    CHECK(t.ec.port_info(t.d1, guest_end).u.unbound.remote_domid == 0);
    CHECK(t.ec.send(t.d0, dom0_end) == -abi::err_inval);
    CHECK(t.ec.close(t.d1, guest_end) == 0);

    CHECK(t.ec.close(t.d1, virq) == -abi::err_inval);  // already free
    CHECK(t.ec.close(t.d1, 0) == -abi::err_inval);     // reserved
    CHECK(t.ec.close(t.d1, 4000) == -abi::err_inval);
    // The VIRQ can be bound again.
    abi::evtchn_bind_virq b{abi::virq_timer, 0, 0};
    CHECK(t.ec.bind_virq(t.d1, b) == 0);
    CHECK(t.ec.consistent());
}

TEST_CASE("send on VIRQ or free or invalid ports is EINVAL", "[evtchn]") {
    bench t;
    const std::uint32_t virq = t.bind_virq(t.d1, abi::virq_timer);
    CHECK(t.ec.send(t.d1, virq) == -abi::err_inval);
    CHECK(t.ec.send(t.d1, 0) == -abi::err_inval);
    CHECK(t.ec.send(t.d1, 100) == -abi::err_inval);
    CHECK(t.ec.send(t.d1, 1024) == -abi::err_inval);
    CHECK_FALSE(t.pending(t.d1, virq));
}

TEST_CASE("status reports each state", "[evtchn]") {
    bench t;
    const std::uint32_t virq = t.bind_virq(t.d1, abi::virq_console);
    const std::uint32_t ipi = t.bind_ipi(t.d1);
    t.hooks.irq_caps.insert({1, 9});
    abi::evtchn_bind_pirq p{9, 0, 0};
    REQUIRE(t.ec.bind_pirq(t.d1, p) == 0);
    const auto [guest_end, dom0_end] = t.connect();
    abi::evtchn_alloc_unbound a{abi::domid_self, 0, 0, 0};
    REQUIRE(t.ec.alloc_unbound(t.d1, a) == 0);

    const auto st = [&](domain& caller, abi::domid_t dom, std::uint32_t port, long want_rc = 0) {
        abi::evtchn_status s{};
        s.dom = dom;
        s.port = port;
        CHECK(t.ec.status(caller, s) == want_rc);
        return s;
    };
    CHECK(st(t.d1, abi::domid_self, 0).status == abi::evtchnstat_closed);
    CHECK(st(t.d1, abi::domid_self, 2).status == abi::evtchnstat_closed);
    abi::evtchn_status s = st(t.d1, abi::domid_self, virq);
    CHECK(s.status == abi::evtchnstat_virq);
    CHECK(s.u.virq == abi::virq_console);
    CHECK(s.vcpu == 0);
    CHECK(st(t.d1, abi::domid_self, ipi).status == abi::evtchnstat_ipi);
    s = st(t.d1, abi::domid_self, p.port);
    CHECK(s.status == abi::evtchnstat_pirq);
    CHECK(s.u.pirq == 9);
    s = st(t.d1, abi::domid_self, guest_end);
    CHECK(s.status == abi::evtchnstat_interdomain);
    CHECK(s.u.interdomain.dom == 0);
    CHECK(s.u.interdomain.port == dom0_end);
    s = st(t.d1, abi::domid_self, a.port);
    CHECK(s.status == abi::evtchnstat_unbound);
    CHECK(s.u.unbound.dom == 0);

    st(t.d1, abi::domid_self, 700, -abi::err_inval);
    st(t.d1, 1, virq, -abi::err_perm);  // even its own id, when not DOMID_SELF
    st(t.d0, 1, virq);                  // dom0 is privileged
    st(t.d0, 3, 1, -abi::err_srch);
}

TEST_CASE("bind_vcpu accepts only vcpu0 and rebindable ports", "[evtchn]") {
    bench t;
    const std::uint32_t virq = t.bind_virq(t.d1, abi::virq_timer);
    abi::evtchn_alloc_unbound a{abi::domid_self, 0, 0, 0};
    REQUIRE(t.ec.alloc_unbound(t.d1, a) == 0);
    CHECK(t.ec.bind_vcpu(t.d1, a.port, 0) == 0);
    CHECK(t.ec.bind_vcpu(t.d1, a.port, 1) == -abi::err_noent);
    CHECK(t.ec.bind_vcpu(t.d1, virq, 0) == -abi::err_inval);
    CHECK(t.ec.bind_vcpu(t.d1, 999, 0) == -abi::err_inval);
}

TEST_CASE("unregistering a domain closes its ports and leaves peers unbound", "[evtchn]") {
    bench t;
    const auto [guest_end, dom0_end] = t.connect();
    t.bind_virq(t.d1, abi::virq_timer);
    t.ec.unregister_domain(t.d1);
    CHECK_FALSE(t.ec.is_registered(t.d1));
    CHECK(t.ec.port_info(t.d0, dom0_end).state == ecs::unbound);
    CHECK(t.ec.port_info(t.d0, dom0_end).u.unbound.remote_domid == 1);
    CHECK(t.ec.consistent());
    CHECK(t.ec.find_domain(1) == nullptr);
    (void)guest_end;
}

// --- the hypercall decoder --------------------------------------------------------------------

TEST_CASE("event_channel_op copies results back to the guest", "[evtchn][decoder]") {
    bench t;
    abi::evtchn_op o = make_op(abi::evtchnop_bind_virq);
    o.u.bind_virq.virq = abi::virq_timer;
    const std::uint32_t va = fake_guest::lo + 0x40;
    REQUIRE(t.op(t.d1, o, va) == 0);
    CHECK(t.guest.get(va).u.bind_virq.port == 32);
    CHECK(t.guest.get(va).cmd == abi::evtchnop_bind_virq);

    abi::evtchn_op a = make_op(abi::evtchnop_alloc_unbound);
    a.u.alloc_unbound.dom = abi::domid_self;
    a.u.alloc_unbound.remote_dom = 0;
    REQUIRE(t.op(t.d1, a, va) == 0);
    std::uint32_t port_at_12;
    std::memcpy(&port_at_12, t.guest.bytes.data() + (va - fake_guest::lo) + 12, 4);
    CHECK(port_at_12 == 64);

    abi::evtchn_op b = make_op(abi::evtchnop_bind_interdomain);
    b.u.bind_interdomain.remote_dom = 1;
    b.u.bind_interdomain.remote_port = 64;
    REQUIRE(t.op(t.d0, b, va) == 0);
    CHECK(t.guest.get(va).u.bind_interdomain.local_port == 32);

    abi::evtchn_op s = make_op(abi::evtchnop_send);
    s.u.send.port = 32;
    CHECK(t.op(t.d0, s) == 0);
    CHECK(t.pending(t.d1, 64));

    abi::evtchn_op st = make_op(abi::evtchnop_status);
    st.u.status.dom = abi::domid_self;
    st.u.status.port = 64;
    REQUIRE(t.op(t.d1, st, va) == 0);
    CHECK(t.guest.get(va).u.status.status == abi::evtchnstat_interdomain);
    CHECK(t.guest.get(va).u.status.u.interdomain.port == 32);

    t.mask(t.d1, 32);
    abi::evtchn_op um = make_op(abi::evtchnop_unmask);
    um.u.unmask.port = 32;
    CHECK(t.op(t.d1, um) == 0);
    CHECK_FALSE(t.masked(t.d1, 32));

    abi::evtchn_op c = make_op(abi::evtchnop_close);
    c.u.close.port = 32;
    CHECK(t.op(t.d1, c) == 0);
    CHECK(t.ec.virq_to_evtchn(*t.d1.vcpu0, abi::virq_timer) == 0);

    abi::evtchn_op ipi = make_op(abi::evtchnop_bind_ipi);
    REQUIRE(t.op(t.d1, ipi, va) == 0);
    abi::evtchn_op bv = make_op(abi::evtchnop_bind_vcpu);
    bv.u.bind_vcpu.port = t.guest.get(va).u.bind_ipi.port;
    CHECK(t.op(t.d1, bv) == -abi::err_inval);  // IPI ports stay on their vcpu
    CHECK(t.ec.consistent());
}

TEST_CASE("event_channel_op error paths leave the state alone", "[evtchn][decoder]") {
    bench t;
    const std::uint32_t count_before = t.ec.evtchn_count(t.d1);
    abi::evtchn_op o = make_op(abi::evtchnop_bind_virq);
    o.u.bind_virq.virq = abi::virq_timer;

    SECTION("bad pointer") {
        t.guest.put(fake_guest::lo, o);
        CHECK(t.ec.do_event_channel_op(t.d1, *t.d1.vcpu0, 0x0, t.guest.copy()) == -abi::err_fault);
        CHECK(t.ec.do_event_channel_op(t.d1, *t.d1.vcpu0, fake_guest::hi - 20, t.guest.copy()) == -abi::err_fault);
        CHECK(t.ec.virq_to_evtchn(*t.d1.vcpu0, abi::virq_timer) == 0);
        CHECK(t.ec.evtchn_count(t.d1) == count_before);
    }
    SECTION("unknown command") {
        CHECK(t.op(t.d1, make_op(10)) == -abi::err_nosys);
        CHECK(t.op(t.d1, make_op(0xFFFFFFFFu)) == -abi::err_nosys);
    }
    SECTION("bad ports") {
        abi::evtchn_op s = make_op(abi::evtchnop_send);
        s.u.send.port = 0xFFFFFFFFu;
        CHECK(t.op(t.d1, s) == -abi::err_inval);
        abi::evtchn_op c = make_op(abi::evtchnop_close);
        c.u.close.port = 1024;
        CHECK(t.op(t.d1, c) == -abi::err_inval);
        abi::evtchn_op u = make_op(abi::evtchnop_unmask);
        u.u.unmask.port = 0x80000000u;
        CHECK(t.op(t.d1, u) == -abi::err_inval);
        abi::evtchn_op st = make_op(abi::evtchnop_status);
        st.u.status.dom = abi::domid_self;
        st.u.status.port = 2048;
        CHECK(t.op(t.d1, st) == -abi::err_inval);
    }
    SECTION("bad domain") {
        abi::evtchn_op b = make_op(abi::evtchnop_bind_interdomain);
        b.u.bind_interdomain.remote_dom = 0x7FF1;  // DOMID_IO
        CHECK(t.op(t.d1, b) == -abi::err_srch);
    }
    SECTION("failed copy-back keeps the binding, as Xen does") {
        t.guest.fail_writes = true;
        CHECK(t.op(t.d1, o) == -abi::err_fault);
        CHECK(t.ec.virq_to_evtchn(*t.d1.vcpu0, abi::virq_timer) == 32);
    }
    CHECK(t.ec.consistent());
}

TEST_CASE("random event_channel_op calls and guest scribbles keep the bindings consistent",
          "[evtchn][decoder]") {
    bench t;
    t.hooks.irq_caps.insert({0, 3});
    t.hooks.irq_caps.insert({1, 4});
    std::mt19937 engine(12345);
    const auto rng = [&] { return static_cast<std::uint32_t>(engine()); };
    const auto pick = [&](std::uint32_t n) { return rng() % n; };
    const auto any_port = [&]() -> std::uint32_t {
        switch (pick(4)) {
        case 0: return pick(64) * 32 + pick(2);  // near the numbers the cursor hands out
        case 1: return pick(1100);
        case 2: return rng();
        default: return pick(8);
        }
    };
    const auto any_dom = [&]() -> std::uint16_t {
        switch (pick(4)) {
        case 0: return abi::domid_self;
        case 1: return 0;
        case 2: return 1;
        default: return static_cast<std::uint16_t>(rng());
        }
    };
    std::array<unsigned, 12> succeeded{};
    for (int i = 0; i < 20000; ++i) {
        domain& d = pick(2) ? t.d1 : t.d0;
        abi::evtchn_op o = make_op(pick(12));
        switch (o.cmd) {
        case abi::evtchnop_alloc_unbound: o.u.alloc_unbound = {any_dom(), any_dom(), rng(), rng()}; break;
        case abi::evtchnop_bind_interdomain: o.u.bind_interdomain = {any_dom(), any_port(), rng(), rng()}; break;
        case abi::evtchnop_bind_virq: o.u.bind_virq = {pick(16), pick(3) == 0 ? rng() : 0u, rng()}; break;
        case abi::evtchnop_bind_pirq: o.u.bind_pirq = {pick(8), pick(2), rng()}; break;
        case abi::evtchnop_bind_ipi: o.u.bind_ipi = {pick(3) == 0 ? rng() : 0u, rng()}; break;
        case abi::evtchnop_status: o.u.status.dom = any_dom(); o.u.status.port = any_port(); break;
        case abi::evtchnop_bind_vcpu: o.u.bind_vcpu = {any_port(), pick(2)}; break;
        default: o.u.send.port = any_port(); break;  // close, send, unmask and unknown commands
        }
        const std::uint32_t va = pick(10) == 0 ? rng() : fake_guest::lo + 4 * pick(64);
        const long rc = t.op(d, o, fake_guest::lo);
        (void)t.ec.do_event_channel_op(d, *d.vcpu0, va, t.guest.copy());
        CHECK(rc <= 0);
        if (rc == 0) ++succeeded[o.cmd];
        // The guest may write anything into its shared_info page.
        if (pick(8) == 0) t.mem.poke32(t.page(d) + 4 * pick(110), rng());
        t.d0.vcpu0->blocked = pick(3) == 0;
        t.d1.vcpu0->blocked = pick(3) == 0;
        if (pick(50) == 0) t.ec.send_guest_virq(*d.vcpu0, pick(abi::nr_virqs));
        if (!t.ec.consistent()) {
            FAIL("inconsistent after step " << i << " cmd " << o.cmd);
        }
    }
    // Every command got through at least once; unknown ones never did.
    for (std::uint32_t cmd = 0; cmd < 10; ++cmd) {
        INFO("cmd " << cmd);
        CHECK(succeeded[cmd] > 0);
    }
    CHECK(succeeded[10] + succeeded[11] == 0);
}
