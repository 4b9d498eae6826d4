#!/usr/bin/env python3
"""Turns a password list (one password a line, most common first) into the blob that
src/Tessera.Identity/Credentials/BreachedPasswords/common-passwords.bin holds.

Usage: build/make-breached-passwords.py SOURCE.txt [COUNT] > common-passwords.bin

The source is SecLists' Passwords/Common-Credentials/10-million-password-list-top-100000.txt
(MIT, see the NOTICE next to the blob); COUNT (default 100000) takes the first COUNT lines.

Format, little-endian:
  "TBP1"                    magic
  uint32 count              distinct fingerprints
  uint32 max_bytes          the longest listed password in UTF-8 bytes (longer ones are never listed)
  uint32 bucket_bits        B (12)
  uint32 starts[2^B + 1]    index of the first fingerprint of each bucket; starts[2^B] = count
  uint24 rest[count]        big-endian, sorted within each bucket
A password's fingerprint is the first B + 24 bits of SHA-1 over its UTF-8 bytes: the top B bits
pick the bucket, the next 24 are stored. The chance that a password not on the list matches is
about count / 2^(B + 24): 1.5e-6 for 100,000 passwords.
"""
import hashlib
import struct
import sys

BUCKET_BITS = 12


def main() -> None:
    source = sys.argv[1]
    limit = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
    fingerprints = set()
    max_bytes = 0
    taken = 0
    with open(source, "rb") as lines:
        for raw in lines:
            if taken == limit:
                break
            password = raw.rstrip(b"\r\n")
            if not password:
                continue
            taken += 1
            max_bytes = max(max_bytes, len(password))
            prefix = int.from_bytes(hashlib.sha1(password).digest()[:5], "big") >> (40 - BUCKET_BITS - 24)
            fingerprints.add(prefix)
    ordered = sorted(fingerprints)
    buckets = 1 << BUCKET_BITS
    starts = [0] * (buckets + 1)
    for value in ordered:
        starts[(value >> 24) + 1] += 1
    for i in range(buckets):
        starts[i + 1] += starts[i]
    out = sys.stdout.buffer
    out.write(b"TBP1")
    out.write(struct.pack("<III", len(ordered), max_bytes, BUCKET_BITS))
    out.write(struct.pack("<%dI" % (buckets + 1), *starts))
    for value in ordered:
        out.write((value & 0xFFFFFF).to_bytes(3, "big"))
    print(f"{taken} passwords, {len(ordered)} fingerprints, longest {max_bytes} bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
