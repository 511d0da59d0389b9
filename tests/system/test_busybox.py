#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Debian's armel busybox-static (ARMv5TE, soft-float; fetched by tools/deps.sh) run under
`rtvsim exec` and under `qemu-arm -cpu arm926,vfp=off`: each case is a shell pipeline of
busybox applets on prepared inputs, run with an empty environment (`env -i`) on both sides;
stdout must be byte-identical and the exit status the same. Prints the table
(case, applets, equal) and fails if any case differs or the busybox binary is missing.
"""
import argparse
import concurrent.futures
import os
import random
import shlex
import subprocess
import sys
import tempfile
import time

# (name, shell command): BB is the emulated busybox; every applet runs on the emulator.
CASES = [
    ("sort", "BB sort words.txt"),
    ("sort -n -r -k2", "BB sort -n -r -k2 numbers.txt"),
    ("uniq -c", "BB sort words.txt | BB uniq -c"),
    ("sha256sum", "BB sha256sum words.txt numbers.txt bin.dat"),
    ("md5sum", "BB md5sum words.txt bin.dat"),
    ("sha1sum", "BB sha1sum words.txt bin.dat"),
    ("crc32", "BB crc32 words.txt"),
    ("wc", "BB wc words.txt numbers.txt"),
    ("sed", "BB sed -e 's/\\([a-z]*\\)o/<\\1>/g' -e '3,7d' -e '/^q/d' words.txt"),
    ("awk", "BB awk '{s += $2; n++; if ($2 % 7 == 0) printf \"%-10s %8.3f %5x\\n\", $1, $2 / 3, $2} "
            "END {printf \"sum=%d avg=%.4f n=%d\\n\", s, s / n, n}' numbers.txt"),
    ("grep -E", "BB grep -E -n '^(ab|c[aeiou]|z).*[st]$' words.txt"),
    ("tr", "BB tr 'a-z' 'N-ZA-Mn-za-m' < words.txt | BB tr -d 'aeiouAEIOU' | BB tr -s 'a-zA-Z'"),
    ("cut", "BB cut -d ' ' -f 2,1 numbers.txt | BB cut -c 1-6"),
    ("od -A x -t x1", "BB od -A x -t x1 bin.dat"),
    ("hexdump -C", "BB hexdump -C bin.dat"),
    ("base64", "BB base64 bin.dat && BB base64 bin.dat | BB base64 -d | BB cmp - bin.dat"),
    ("expr", "BB expr 123456789 \\* 987 % 1000 && BB expr length 'rtvsim exec' && BB expr abc123 : '[a-z]*\\([0-9]*\\)'"),
    ("seq", "BB seq 1 7 10000 | BB tail -n 4 && BB seq -w 8 -3 -9"),
    ("factor", "BB factor 1234567890 600851475143 4294967291 98765432101"),
    ("dc", "BB dc -e '2 100 ^ p 20 k 2 v p 17 3 % p 7 _3 / p'"),
    ("bc", "echo 'scale=25; 4*a(1); e(1); 2^200; 1/7' | BB bc -l"),
    ("gzip | gunzip", "BB gzip -9 -c words.txt | BB gunzip -c | BB md5sum && BB gzip -c numbers.txt | BB md5sum"),
    ("bzip2 round trip", "BB bzip2 -c words.txt > \"$OUT/w.bz2\" && BB bunzip2 -c \"$OUT/w.bz2\" | BB cmp - words.txt "
                         "&& BB md5sum < \"$OUT/w.bz2\""),
    ("xxd", "BB xxd -g 2 -c 12 bin.dat | BB head -n 20"),
    ("printf widths", "BB printf '%5d|%-6s|%08.3f|%x|%o|%10.4s|%+d\\n' 42 ab 3.14159 255 8 truncated -7"),
    ("tail/head", "BB tail -n 5 words.txt && BB head -n 3 numbers.txt && BB head -c 40 words.txt"),
    ("yes | head", "BB yes rtvsim | BB head -n 5; echo \"pipe status ${PIPESTATUS[*]}\""),
    ("cmp", "BB cmp words.txt numbers.txt"),
    ("diff -u", "BB diff -u words.txt words2.txt"),
    ("find", "BB find tree | BB sort && BB find tree -name '*.txt' -type f | BB sort && BB find tree -type d | BB wc -l"),
    ("tar c | tar t/x", "BB tar -cf - tree | BB tar -tf - | BB sort && BB tar -cf - tree | BB tar -xOf - | BB md5sum"),
    ("sort -u | grep -F -x -v -f", "BB sort -u words.txt | BB head -n 60 > \"$OUT/u1\" && BB sort -u words2.txt | BB grep -F -x -v -f \"$OUT/u1\" | BB head -n 20"),
    ("fold/rev/nl", "BB head -n 30 words.txt | BB rev | BB nl | BB fold -w 7"),
]


def prepare(root):
    rng = random.Random(8)
    syl = ["ab", "ca", "ce", "ci", "co", "ru", "to", "st", "qu", "zo", "ne", "mi", "os", "at", "es"]
    words = ["".join(rng.choice(syl) for _ in range(rng.randint(1, 4))) for _ in range(1000)]
    with open(os.path.join(root, "words.txt"), "w") as f:
        f.write("\n".join(words) + "\n")
    words2 = list(words)
    for i in range(0, len(words2), 97):
        words2[i] = words2[i].upper()
    del words2[500:510]
    with open(os.path.join(root, "words2.txt"), "w") as f:
        f.write("\n".join(words2) + "\n")
    with open(os.path.join(root, "numbers.txt"), "w") as f:
        for i in range(500):
            f.write(f"{rng.choice(words)} {rng.randint(0, 100000)}\n")
    with open(os.path.join(root, "bin.dat"), "wb") as f:
        f.write(bytes(rng.randrange(256) for _ in range(1500)))
    for d in ["tree/a/b", "tree/a/c", "tree/d"]:
        os.makedirs(os.path.join(root, d), exist_ok=True)
    for i, p in enumerate(["tree/a/one.txt", "tree/a/b/two.txt", "tree/a/c/three.dat", "tree/d/four.txt",
                           "tree/five.txt"]):
        with open(os.path.join(root, p), "w") as f:
            f.write(f"file {i}\n" + "\n".join(words[i * 50:(i + 1) * 50]) + "\n")
    # Fixed times, so tar headers are the same whenever the inputs are prepared.
    for dirpath, dirs, files in os.walk(os.path.join(root, "tree")):
        for n in dirs + files:
            os.utime(os.path.join(dirpath, n), (1700000000, 1700000000))
    os.utime(os.path.join(root, "tree"), (1700000000, 1700000000))


def run_case(cmd, runner, busybox, root, out):
    bb = f"env -i {runner} {shlex.quote(busybox)}"
    script = cmd.replace("BB ", bb + " ")
    t0 = time.monotonic()
    try:
        p = subprocess.run(["bash", "-c", script], cwd=root, capture_output=True,
                           env={"PATH": "/usr/bin:/bin", "OUT": out}, timeout=120)
    except subprocess.TimeoutExpired:
        return b"", "timeout", b"no result within 120 s", 120.0
    return p.stdout, p.returncode, p.stderr, time.monotonic() - t0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rtvsim", required=True)
    ap.add_argument("--busybox", required=True)
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1)
    a = ap.parse_args()
    a.busybox = os.path.abspath(a.busybox)
    if not os.access(a.busybox, os.X_OK):
        print(f"test_busybox: FAIL: no busybox at {a.busybox} (tools/deps.sh fetches Debian's armel busybox-static)")
        return 1
    rtvsim = f"{shlex.quote(os.path.abspath(a.rtvsim))} exec"
    qemu = "qemu-arm -cpu arm926,vfp=off"
    with tempfile.TemporaryDirectory(prefix="rtv-busybox-") as root:
        prepare(root)

        def both(case):
            name, cmd = case
            outs = []
            for tag, runner in (("q", qemu), ("r", rtvsim)):
                d = os.path.join(root, f"out-{tag}-{CASES.index(case)}")
                os.makedirs(d, exist_ok=True)
                outs.append(run_case(cmd, runner, a.busybox, root, d))
            return name, outs

        with concurrent.futures.ThreadPoolExecutor(max_workers=a.jobs) as pool:
            results = list(pool.map(both, CASES))
    width = max(len(n) for n, _ in CASES)
    print(f"{'case':<{width}}  status  bytes  rtvsim s  rtvsim = qemu-arm")
    failed = 0
    for name, ((qo, qs, qe, _), (ro, rs, re, rt)) in results:
        equal = qo == ro and qs == rs and len(qo) > 0
        failed += not equal
        print(f"{name:<{width}}  {qs:>6}  {len(qo):>5}  {rt:>8.2f}  {'yes' if equal else 'NO'}")
        if not equal:
            print(f"  qemu-arm: status {qs}, {len(qo)} bytes, stderr {qe.decode(errors='replace')[-300:]!r}")
            print(f"  rtvsim:   status {rs}, {len(ro)} bytes, stderr {re.decode(errors='replace')[-300:]!r}")
            for i, (x, y) in enumerate(zip(qo, ro)):
                if x != y:
                    print(f"  first difference at byte {i}: qemu {qo[max(0, i - 40):i + 40]!r}\n"
                          f"                           rtvsim {ro[max(0, i - 40):i + 40]!r}")
                    break
    print(f"test_busybox: {len(CASES) - failed} of {len(CASES)} cases equal")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
