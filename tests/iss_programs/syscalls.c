// SPDX-License-Identifier: Apache-2.0
// Exercises the Linux system calls rtvsim exec emulates; `syscalls PART...` runs the named
// parts (files DIR, memory, time, random, args, auxv, exit N). Everything printed is the
// same under any correct Linux ABI (rtvsim exec, qemu-arm): values that legitimately
// differ (times, random bytes, addresses) are printed only as properties.
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

extern char** environ;

static int part_files(const char* dir) {
    char path[512];
    snprintf(path, sizeof path, "%s/hello.txt", dir);
    int fd = open(path, O_RDONLY);
    if (fd < 0) return printf("files: open failed errno=%d\n", errno), 1;
    char buf[64] = {0};
    ssize_t n = read(fd, buf, sizeof buf - 1);
    struct stat st;
    fstat(fd, &st);
    off_t end = lseek(fd, 0, SEEK_END);
    off_t mid = lseek(fd, 6, SEEK_SET);
    char tail[16] = {0};
    ssize_t m = read(fd, tail, 5);
    close(fd);
    printf("files: read %d [%s] size %ld end %ld mid %ld tail %d [%s]\n", (int)n, buf, (long)st.st_size, (long)end,
           (long)mid, (int)m, tail);
    printf("files: write to a read-only open: %d\n", (int)write(open(path, O_RDONLY), "x", 1));
    printf("files: open missing: %d errno=%d\n", open("/nonexistent/rtvsim", O_RDONLY), errno);
    // Directory listing, sorted so host order does not matter.
    DIR* d = opendir(dir);
    if (!d) return printf("files: opendir failed\n"), 1;
    char names[32][256];
    int count = 0;
    struct dirent* e;
    while ((e = readdir(d)) && count < 32) {
        if (e->d_name[0] == '.') continue;
        snprintf(names[count++], 256, "%s", e->d_name);
    }
    closedir(d);
    for (int i = 0; i < count; ++i)
        for (int j = i + 1; j < count; ++j)
            if (strcmp(names[i], names[j]) > 0) {
                char t[256];
                strcpy(t, names[i]), strcpy(names[i], names[j]), strcpy(names[j], t);
            }
    printf("files: %d entries:", count);
    for (int i = 0; i < count; ++i) printf(" %s", names[i]);
    printf("\n");
    snprintf(path, sizeof path, "%s/link", dir);
    char target[128] = {0};
    ssize_t l = readlink(path, target, sizeof target - 1);
    printf("files: readlink %d [%s]\n", (int)l, l > 0 ? target : "");
    return 0;
}

static int part_memory(void) {
    char* b0 = sbrk(0);
    char* b1 = sbrk(100000);
    memset(b1, 0x5a, 100000);
    unsigned sum = 0;
    for (int i = 0; i < 100000; i += 997) sum += (unsigned char)b1[i];
    printf("memory: sbrk grew %d, sum %u\n", (int)((char*)sbrk(0) - b0), sum);
    size_t len = 3 * 4096 + 100;
    unsigned char* m = mmap(0, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED) return printf("memory: mmap failed\n"), 1;
    int zero = 1;
    for (size_t i = 0; i < len; ++i) zero &= m[i] == 0;
    for (size_t i = 0; i < len; ++i) m[i] = (unsigned char)(i * 7);
    unsigned s2 = 0;
    for (size_t i = 0; i < len; ++i) s2 += m[i];
    printf("memory: mmap zeroed %d, sum %u, aligned %d\n", zero, s2, ((uintptr_t)m & 4095) == 0);
    printf("memory: mprotect %d\n", mprotect(m, 4096, PROT_READ));
    printf("memory: munmap %d\n", munmap(m, len));
    // Many small allocations through malloc (brk and mmap underneath).
    void* ptrs[64];
    unsigned total = 0;
    for (int i = 0; i < 64; ++i) {
        ptrs[i] = malloc(1000u * (unsigned)(i + 1) * (i % 8 == 7 ? 50u : 1u));
        memset(ptrs[i], i, 16);
        total += ((unsigned char*)ptrs[i])[15];
    }
    for (int i = 0; i < 64; ++i) free(ptrs[i]);
    printf("memory: malloc total %u\n", total);
    return 0;
}

static int part_time(void) {
    struct timespec a, b, r;
    clock_gettime(CLOCK_MONOTONIC, &a);
    volatile unsigned x = 0;
    for (int i = 0; i < 20000; ++i) x += (unsigned)i;
    clock_gettime(CLOCK_MONOTONIC, &b);
    struct timeval tv;
    gettimeofday(&tv, 0);
    clock_gettime(CLOCK_REALTIME, &r);
    long long da = (long long)a.tv_sec * 1000000000LL + a.tv_nsec;
    long long db = (long long)b.tv_sec * 1000000000LL + b.tv_nsec;
    printf("time: monotonic advances %d, nsec in range %d, realtime positive %d, tv_usec in range %d\n", db > da,
           b.tv_nsec >= 0 && b.tv_nsec < 1000000000L, r.tv_sec > 0, tv.tv_usec >= 0 && tv.tv_usec < 1000000);
    printf("time: time() positive %d\n", time(0) > 0);
    return 0;
}

static int part_random(void) {
    unsigned char a[32], b[32];
    ssize_t n1 = getrandom(a, sizeof a, 0);
    ssize_t n2 = getrandom(b, sizeof b, 0);
    printf("random: %d %d differ %d\n", (int)n1, (int)n2, memcmp(a, b, sizeof a) != 0);
    return 0;
}

static int part_args(int argc, char** argv) {
    printf("args: argc %d\n", argc);
    for (int i = 1; i < argc; ++i) printf("args: argv[%d] [%s]\n", i, argv[i]);
    int envc = 0;
    for (char** e = environ; *e; ++e) printf("args: env[%d] [%s]\n", envc++, *e);
    printf("args: RTV_TEST=%s\n", getenv("RTV_TEST") ? getenv("RTV_TEST") : "(unset)");
    return 0;
}

static int part_auxv(void) {
    const char* platform = (const char*)getauxval(AT_PLATFORM);
    const unsigned long hwcap = getauxval(AT_HWCAP);
    const unsigned char* rnd = (const unsigned char*)getauxval(AT_RANDOM);
    printf("auxv: pagesz %lu platform %s hwcap-vfp %lu hwcap-thumb %lu random-set %d uid %lu euid %lu\n",
           getauxval(AT_PAGESZ), platform ? platform : "(none)", (hwcap >> 6) & 1, (hwcap >> 2) & 1, rnd != 0,
           getauxval(AT_UID), getauxval(AT_EUID));
    struct utsname u;
    uname(&u);
    printf("auxv: uname machine starts with arm %d\n", strncmp(u.machine, "arm", 3) == 0);
    printf("auxv: isatty(stdout) %d\n", isatty(1));
    return 0;
}

// Values only rtvsim exec makes reproducible: random bytes from the seeded generator and
// simulated time (tests/system/test_exec.py compares two runs, never against QEMU).
static int part_randomhex(void) {
    unsigned char a[16];
    if (getrandom(a, sizeof a, 0) != (ssize_t)sizeof a) return 1;
    printf("randomhex: ");
    for (unsigned i = 0; i < sizeof a; ++i) printf("%02x", a[i]);
    printf(" at_random ");
    const unsigned char* r = (const unsigned char*)getauxval(AT_RANDOM);
    for (unsigned i = 0; i < 16; ++i) printf("%02x", r[i]);
    printf("\n");
    return 0;
}

static int part_timehex(void) {
    struct timespec m, r;
    clock_gettime(CLOCK_MONOTONIC, &m);
    clock_gettime(CLOCK_REALTIME, &r);
    printf("timehex: monotonic %lld.%09ld realtime %lld.%09ld\n", (long long)m.tv_sec, m.tv_nsec, (long long)r.tv_sec,
           r.tv_nsec);
    return 0;
}

// ARMv5 unaligned word loads (ARM DDI 0100I A4.1.23 LDR, A2.8): with CP15 c1.A clear the
// word at the aligned address is read and rotated right by 8 * address[1:0]. QEMU does not
// rotate, so this part is checked against the manual, not against QEMU.
static int part_unaligned(void) {
    static const unsigned char bytes[8] __attribute__((aligned(4))) = {0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77};
    printf("unaligned:");
    for (unsigned off = 0; off < 4; ++off) {
        unsigned value;
        const unsigned char* p = bytes + off;
        __asm__ volatile("ldr %0, [%1]" : "=r"(value) : "r"(p) : "memory");
        printf(" %08x", value);
    }
    printf("\n");
    return 0;
}

int main(int argc, char** argv) {
    int status = 0;
    for (int i = 1; i < argc; ++i) {
        const char* p = argv[i];
        if (!strcmp(p, "files") && i + 1 < argc) status |= part_files(argv[++i]);
        else if (!strcmp(p, "memory")) status |= part_memory();
        else if (!strcmp(p, "time")) status |= part_time();
        else if (!strcmp(p, "random")) status |= part_random();
        else if (!strcmp(p, "args")) status |= part_args(argc, argv);
        else if (!strcmp(p, "auxv")) status |= part_auxv();
        else if (!strcmp(p, "randomhex")) status |= part_randomhex();
        else if (!strcmp(p, "timehex")) status |= part_timehex();
        else if (!strcmp(p, "unaligned")) status |= part_unaligned();
        else if (!strcmp(p, "flood")) {
            for (;;) write(1, "flood\n", 6);  // until the reader goes: SIGPIPE
        } else if (!strcmp(p, "segv")) {
            fflush(stdout);
            volatile int* volatile nowhere = (int*)16;  // page 0 is never mapped
            *nowhere = 1;
        } else if (!strcmp(p, "undef")) {
            fflush(stdout);
#ifdef __thumb__
            __asm__ volatile(".inst.n 0xdeff");  // Thumb B<cond> with cond 1110: undefined (DDI 0100I A7.1.13)
#else
            __asm__ volatile(".inst 0xe7f000f0");  // ARM permanently undefined space (DDI 0100I A3.16.5)
#endif
        } else if (!strcmp(p, "exit") && i + 1 < argc) {
            fflush(stdout);
            _exit(atoi(argv[++i]));
        }
    }
    return status;
}
