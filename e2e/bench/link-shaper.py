#!/usr/bin/env python3
"""A userspace `tc netem` between two TUN devices, for kernels built without sch_netem.

network.bench.ts runs the patient's browser in a network namespace whose only link to the host
is a pair of point-to-point TUN devices; this process forwards IP packets between them, in each
direction independently: random loss, then a serialization queue at the link rate (tail drop when
a packet would wait longer than `queue_ms`), then a fixed one-way delay — what
`tc qdisc add dev X root netem rate R delay D loss L` does on each side of a veth.

Usage: link-shaper.py HOST_TUN NETNS NS_TUN   (root). Commands on stdin, one a line:
  clean                                  forward as is (the baseline: same path, no shaping)
  shape RATE_KBIT DELAY_MS LOSS QUEUE_MS e.g. "shape 300 150 0.05 1000"
Prints "ready" once both devices are open, and "ok" after each command. Stops on EOF.
"""
import ctypes
import fcntl
import heapq
import os
import random
import struct
import sys
import threading
import time

TUNSETIFF = 0x400454CA
IFF_TUN = 0x0001
IFF_NO_PI = 0x1000
CLONE_NEWNET = 0x40000000


def open_tun(name: str) -> int:
    fd = os.open("/dev/net/tun", os.O_RDWR)
    fcntl.ioctl(fd, TUNSETIFF, struct.pack("16sH", name.encode(), IFF_TUN | IFF_NO_PI))
    return fd


def enter_netns(name: str) -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    fd = os.open(f"/var/run/netns/{name}", os.O_RDONLY)
    if libc.setns(fd, CLONE_NEWNET) != 0:
        raise OSError(ctypes.get_errno(), "setns")
    os.close(fd)


class Link:
    """One direction: loss, rate, delay. Settings change at once for packets not yet queued."""

    def __init__(self, out_fd: int, clock: "Scheduler") -> None:
        self.out_fd = out_fd
        self.clock = clock
        self.shaped = False
        self.rate_bps = 0.0
        self.delay_s = 0.0
        self.loss = 0.0
        self.queue_s = 1.0
        self.free_at = 0.0

    def send(self, packet: bytes) -> None:
        if not self.shaped:
            os.write(self.out_fd, packet)
            return
        if random.random() < self.loss:
            return
        now = time.monotonic()
        start = max(now, self.free_at)
        if start - now > self.queue_s:
            return  # the queue is full: tail drop
        self.free_at = start + len(packet) * 8 / self.rate_bps
        self.clock.at(self.free_at + self.delay_s, self.out_fd, packet)


class Scheduler(threading.Thread):
    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.heap: list[tuple[float, int, int, bytes]] = []
        self.cv = threading.Condition()
        self.seq = 0

    def at(self, when: float, fd: int, packet: bytes) -> None:
        with self.cv:
            self.seq += 1
            heapq.heappush(self.heap, (when, self.seq, fd, packet))
            self.cv.notify()

    def run(self) -> None:
        while True:
            with self.cv:
                while not self.heap or self.heap[0][0] > time.monotonic():
                    self.cv.wait(None if not self.heap else self.heap[0][0] - time.monotonic())
                _, _, fd, packet = heapq.heappop(self.heap)
            try:
                os.write(fd, packet)
            except OSError:
                pass


def pump(in_fd: int, link: Link) -> None:
    while True:
        try:
            packet = os.read(in_fd, 65535)
        except OSError:
            return
        try:
            link.send(packet)
        except OSError:
            pass


def main() -> None:
    host_tun, netns, ns_tun = sys.argv[1:4]
    host_fd = open_tun(host_tun)
    enter_netns(netns)
    ns_fd = open_tun(ns_tun)
    clock = Scheduler()
    clock.start()
    up = Link(host_fd, clock)  # from the namespace (the patient) to the host
    down = Link(ns_fd, clock)  # from the host to the patient
    threading.Thread(target=pump, args=(ns_fd, up), daemon=True).start()
    threading.Thread(target=pump, args=(host_fd, down), daemon=True).start()
    print("ready", flush=True)
    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        for link in (up, down):
            if words[0] == "clean":
                link.shaped = False
            elif words[0] == "shape":
                link.rate_bps = float(words[1]) * 1000
                link.delay_s = float(words[2]) / 1000
                link.loss = float(words[3])
                link.queue_s = float(words[4]) / 1000
                link.free_at = 0.0
                link.shaped = True
        print("ok", flush=True)


if __name__ == "__main__":
    main()
