#!/usr/bin/env python3
"""Writes broker/plugin/rust_escape_table.h: the code points Rust's `{:?}` of a str prints as
\\u{…} (char::escape_debug with grapheme extenders escaped): not printable by core's
printable.py rule (categories Cc Cf Cs Co Cn Zl Zp Zs bar the space, below U+20000; fixed ranges
above), or Grapheme_Extend (Mn, Me and Other_Grapheme_Extend). Unicode 14.0, as in the Rust 1.63
that built the real plugin; run with a Python whose unicodedata is 14.0.0 (Python 3.11)."""
import sys
import unicodedata

assert unicodedata.unidata_version == "14.0.0", unicodedata.unidata_version
OTHER_GRAPHEME_EXTEND = [(0x09BE, 0x09BE), (0x09D7, 0x09D7), (0x0B3E, 0x0B3E), (0x0B57, 0x0B57), (0x0BBE, 0x0BBE),
    (0x0BD7, 0x0BD7), (0x0CC2, 0x0CC2), (0x0CD5, 0x0CD6), (0x0D3E, 0x0D3E), (0x0D57, 0x0D57), (0x0DCF, 0x0DCF),
    (0x0DDF, 0x0DDF), (0x1B35, 0x1B35), (0x200C, 0x200C), (0x302E, 0x302F), (0xFF9E, 0xFF9F), (0x1133E, 0x1133E),
    (0x11357, 0x11357), (0x114B0, 0x114B0), (0x114BD, 0x114BD), (0x115AF, 0x115AF), (0x11930, 0x11930),
    (0x1D165, 0x1D165), (0x1D16E, 0x1D172), (0xE0020, 0xE007F)]
# core::unicode::printable::is_printable above U+20000 (Unicode 14 tables).
UPPER_NOT_PRINTABLE = [(0x2A6E0, 0x2A6FF), (0x2B739, 0x2B73F), (0x2B81E, 0x2B81F), (0x2CEA2, 0x2CEAF),
    (0x2EBE1, 0x2F7FF), (0x2FA1E, 0x2FFFF), (0x3134B, 0xE00FF), (0xE01F0, 0x10FFFF)]


def escaped(cp):
    if any(a <= cp <= b for a, b in OTHER_GRAPHEME_EXTEND):
        return True
    category = unicodedata.category(chr(cp))
    if category in ("Mn", "Me"):
        return True
    if cp < 0x20000:
        return category in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp", "Zs") and cp != 0x20
    return any(a <= cp <= b for a, b in UPPER_NOT_PRINTABLE)


ranges = []
for cp in range(0x80, 0x110000):
    if not escaped(cp):
        continue
    if ranges and ranges[-1][1] == cp - 1:
        ranges[-1][1] = cp
    else:
        ranges.append([cp, cp])
out = sys.stdout
out.write("/* Made by broker/tools/make-rust-escape-table.py (Unicode 14.0): code points from U+0080 that Rust's\n")
out.write(" * `{:?}` of a str prints as \\u{...}. Sorted, inclusive ranges. */\n")
out.write("#ifndef VOKE_RUST_ESCAPE_TABLE_H\n#define VOKE_RUST_ESCAPE_TABLE_H\n")
out.write("static const unsigned long RUST_ESCAPED[][2] = {\n")
for a, b in ranges:
    out.write("\t{ 0x%X, 0x%X },\n" % (a, b))
out.write("};\n#endif\n")
