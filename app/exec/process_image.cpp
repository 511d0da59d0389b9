// SPDX-License-Identifier: Apache-2.0
#include "app/exec/process_image.hpp"

#include <cstring>

#include "app/exec/kuser_helpers.hpp"

namespace rtv::app::exec {

namespace {

// Auxiliary vector types (include/uapi/linux/auxvec.h, elf.h).
enum : std::uint32_t {
    at_null = 0, at_phdr = 3, at_phent = 4, at_phnum = 5, at_pagesz = 6, at_base = 7, at_flags = 8,
    at_entry = 9, at_uid = 11, at_euid = 12, at_gid = 13, at_egid = 14, at_platform = 15, at_hwcap = 16,
    at_clktck = 17, at_secure = 23, at_random = 25, at_hwcap2 = 26, at_execfn = 31,
};
constexpr std::uint32_t user_hz = 100;  // AT_CLKTCK: USER_HZ on ARM (include/asm-generic/param.h)

unsigned prot_of(std::uint32_t pf) {
    return (pf & core::elf_file::pf_r ? prot::read : 0u) | (pf & core::elf_file::pf_w ? prot::write : 0u) |
           (pf & core::elf_file::pf_x ? prot::exec : 0u);
}

// A downward-growing writer into the user stack.
class stack_writer {
public:
    stack_writer(address_space& as, std::uint32_t top) : m_as(as), m_sp(top) {}
    std::uint32_t push_bytes(const void* p, std::uint32_t n) {
        m_sp -= n;
        if (!m_as.copy_to_user(m_sp, p, n)) throw image_error("the initial stack does not fit");
        return m_sp;
    }
    std::uint32_t push_string(const std::string& s) { return push_bytes(s.c_str(), static_cast<std::uint32_t>(s.size() + 1)); }
    void align_down(std::uint32_t a) { m_sp &= ~(a - 1); }
    std::uint32_t sp() const { return m_sp; }
    void set_sp(std::uint32_t sp) { m_sp = sp; }
    void word_at(std::uint32_t va, std::uint32_t v) {
        if (!m_as.copy_to_user(va, &v, 4)) throw image_error("the initial stack does not fit");
    }

private:
    address_space& m_as;
    std::uint32_t m_sp;
};

}  // namespace

initial_process build_process(address_space& as, const core::elf_file& elf, const std::string& exec_path,
                              const std::vector<std::string>& argv, const std::vector<std::string>& envp,
                              const process_identity& id, core::rng& random) {
    if (elf.has_interpreter) throw image_error(exec_path + ": dynamically linked (PT_INTERP); rtvsim exec runs static programs only");
    if (elf.type != core::elf_file::et_exec) throw image_error(exec_path + ": position-independent executables are not supported; link with -static");
    initial_process p;

    // Segments: map each page range, then copy the file bytes; the rest stays zero (bss).
    // Overlapping page ranges of two segments (text and data sharing a page) get the union
    // of their permissions, as they would in one shared page.
    std::uint32_t end = 0;
    for (const core::elf_segment& s : elf.segments) {
        if (s.mem_size == 0) continue;
        const std::uint32_t lo = s.vaddr & ~(page_size - 1);
        const std::uint64_t hi = (std::uint64_t{s.vaddr} + s.mem_size + page_size - 1) & ~std::uint64_t{page_size - 1};
        if (hi > task_size) throw image_error(exec_path + ": a segment lies above user space (0x" + std::to_string(s.vaddr) + ")");
        for (std::uint64_t a = lo; a < hi; a += page_size) {
            if (as.is_mapped(static_cast<std::uint32_t>(a))) continue;
            if (!as.map_anonymous(static_cast<std::uint32_t>(a), page_size, prot::read | prot::write))
                throw image_error(exec_path + ": out of simulated memory loading the program (see --memory)");
        }
        if (!as.copy_to_user(s.vaddr, s.bytes.data(), s.file_size)) throw image_error(exec_path + ": cannot load segment");
        end = std::max(end, static_cast<std::uint32_t>(hi));
    }
    for (const core::elf_segment& s : elf.segments) {
        if (s.mem_size == 0 || (s.flags & core::elf_file::pf_w)) continue;
        // Read-only pages of a segment that shares no page with a writable one.
        const std::uint32_t lo = s.vaddr & ~(page_size - 1);
        const std::uint64_t hi = (std::uint64_t{s.vaddr} + s.mem_size + page_size - 1) & ~std::uint64_t{page_size - 1};
        for (std::uint64_t a = lo; a < hi; a += page_size) {
            bool shared_with_writable = false;
            for (const core::elf_segment& w : elf.segments)
                if ((w.flags & core::elf_file::pf_w) && w.mem_size &&
                    a < std::uint64_t{w.vaddr} + w.mem_size && (w.vaddr & ~(page_size - 1)) < a + page_size)
                    shared_with_writable = true;
            if (!shared_with_writable) as.protect(static_cast<std::uint32_t>(a), page_size, prot_of(s.flags));
        }
    }
    p.brk = end;

    // The kuser helper page, user read-only and executable.
    p.kuser_page_pa = as.allocate_page();
    if (p.kuser_page_pa == 0) throw image_error("out of simulated memory (see --memory)");
    write_kuser_helpers(as.host_of_physical(p.kuser_page_pa));
    as.map_physical(kuser_page, p.kuser_page_pa, prot::read | prot::exec);

    // The stack.
    if (!as.map_anonymous(task_size - stack_bytes, stack_bytes, prot::read | prot::write))
        throw image_error("out of simulated memory for the stack (see --memory)");
    stack_writer st(as, task_size - 4);  // Linux leaves one pointer-sized word at the top
    const std::uint32_t execfn = st.push_string(exec_path);
    std::vector<std::uint32_t> env_ptrs, arg_ptrs;
    for (auto it = envp.rbegin(); it != envp.rend(); ++it) env_ptrs.insert(env_ptrs.begin(), st.push_string(*it));
    for (auto it = argv.rbegin(); it != argv.rend(); ++it) arg_ptrs.insert(arg_ptrs.begin(), st.push_string(*it));
    st.align_down(16);
    const std::uint32_t platform = st.push_string(platform_string);
    unsigned char rnd[16];
    for (unsigned i = 0; i < 16; i += 8) {
        const std::uint64_t v = random.next();
        std::memcpy(rnd + i, &v, 8);
    }
    const std::uint32_t random_bytes = st.push_bytes(rnd, 16);

    const std::uint32_t phdr = elf.phdr_vaddr;
    const std::vector<std::pair<std::uint32_t, std::uint32_t>> auxv = {
        {at_hwcap, hwcap_armv5te}, {at_pagesz, page_size},    {at_clktck, user_hz},   {at_phdr, phdr},
        {at_phent, elf.phentsize}, {at_phnum, elf.phnum},     {at_base, 0},           {at_flags, 0},
        {at_entry, elf.entry},     {at_uid, id.uid},          {at_euid, id.euid},     {at_gid, id.gid},
        {at_egid, id.egid},        {at_secure, 0},            {at_random, random_bytes}, {at_hwcap2, 0},
        {at_execfn, execfn},       {at_platform, platform},   {at_null, 0},
    };
    const std::uint32_t words = 1 + static_cast<std::uint32_t>(arg_ptrs.size() + 1 + env_ptrs.size() + 1 + 2 * auxv.size());
    st.set_sp((st.sp() - words * 4) & ~15u);  // STACK_ROUND: 16-byte aligned
    std::uint32_t w = st.sp();
    st.word_at(w, static_cast<std::uint32_t>(arg_ptrs.size())), w += 4;
    for (std::uint32_t a : arg_ptrs) st.word_at(w, a), w += 4;
    st.word_at(w, 0), w += 4;
    for (std::uint32_t e : env_ptrs) st.word_at(w, e), w += 4;
    st.word_at(w, 0), w += 4;
    for (const auto& [k, v] : auxv) st.word_at(w, k), st.word_at(w + 4, v), w += 8;

    p.sp = st.sp();
    p.entry = elf.entry & ~1u;
    p.thumb = (elf.entry & 1u) != 0;
    return p;
}

}  // namespace rtv::app::exec
