//! HTML escaping into spare capacity.
//!
//! The input is searched for the five special bytes sixteen bytes at a time with SSE2 on
//! x86-64 (three vector compares; a clean chunk is stored whole, and the last bytes are
//! searched as the block's last sixteen, the ones already done shifted out), elsewhere a
//! word of eight at a time with SWAR (SIMD within a register). A word with special bytes
//! is stored whole, then each special byte's entity is stored over it, followed by the
//! rest of the word moved down, in a register. Those steps depend on each other only
//! through the output position, so the processor overlaps them. A text of up to sixteen
//! bytes (most printed values: names, labels) is first searched whole, as one vector built
//! from two words, and stored as it is when clean, before any register is saved. RATIONALE: the previous
//! version moved on to the input byte after each special one and searched again from
//! there; each search then waited for the one before, and the escape-heavy workload took
//! 60 µs against 42 µs now, although it ran 6 % fewer instructions. The vector search
//! took the workload from 768k to 635k instructions per render (benches/RESULTS.md).

/// Escapes `block` to `out` and returns the number of bytes written, at most
/// `block.len() * MAX_ENTITY_LEN` (callers rely on that bound); they are initialised, and
/// valid UTF-8 when `block` is a whole UTF-8 text (one that starts and ends on char
/// boundaries). The bytes after them, up to the end of the room below, may be overwritten.
///
/// # Safety
///
/// `out` must be valid for writes of `block.len() * MAX_ENTITY_LEN + 8` bytes. RATIONALE: a
/// pointer with a contract rather than a checked slice: the one caller, the buffer, knows
/// its room, and checking it again here (with the empty block's own test, which the short
/// path handles anyway) cost 7 of the 25 instructions of a short name's print.
#[inline(never)]
#[allow(unsafe_code)]
pub(super) unsafe fn escape_block(out: *mut u8, block: &[u8]) -> usize {
    // Most printed strings are short and clean (names, labels). Their path is tested first
    // and needs few registers, so the call saves none of the ones the word loop uses. An
    // empty block takes it too: it stores a zero word and reports no bytes.
    if block.len() <= 16 {
        let (lo, hi) = if block.len() > 8 {
            // Bytes 8 to the end as the low bytes of the second word: the block's last
            // eight, the ones the first word holds shifted out.
            let (first, _) = block.split_at(8);
            let last = &block[block.len() - 8..];
            (
                u64::from_le_bytes(first.try_into().unwrap()),
                u64::from_le_bytes(last.try_into().unwrap()) >> ((16 - block.len()) * 8),
            )
        } else {
            (read_short(block), 0)
        };
        if !has_special(lo, hi) {
            #[allow(unsafe_code)]
            // SAFETY: `out` has room for two words (the function's contract: at least 8
            // bytes, and at least 53 when the block has a second word); its first
            // `block.len()` bytes are then the block's, which is whole UTF-8 text.
            unsafe {
                let out = out.cast::<u64>();
                out.write_unaligned(lo.to_le());
                if block.len() > 8 {
                    out.add(1).write_unaligned(hi.to_le());
                }
            }
            return block.len();
        }
    }
    // SAFETY: the function's contract.
    #[allow(unsafe_code)]
    unsafe {
        escape_words(out, block)
    }
}

/// The general path of [`escape_block`], with the same contract.
///
/// # Safety
///
/// `dst` must be valid for writes of `block.len() * MAX_ENTITY_LEN + 8` bytes.
#[inline(never)]
#[allow(unsafe_code)]
unsafe fn escape_words(dst: *mut u8, block: &[u8]) -> usize {
    // RATIONALE: `unsafe` for speed: entities and clean words are stored as whole
    // 8-byte words, past where the output will end, then overwritten or cut off; safe
    // code would have to copy a variable length for each (a `memcpy` call). The
    // escape-heavy workload took 1.54M instructions per render with the safe byte loop
    // and safe writes, 0.78M with this (see benches/RESULTS.md).
    #[allow(unsafe_code)]
    // SAFETY: writes. The output of `n` input bytes is at most `MAX_ENTITY_LEN * n`
    // bytes, and each store writes 8 bytes starting at most at the output so far; so
    // every store ends within `block.len() * MAX_ENTITY_LEN + 8` bytes of the start of
    // `dst`, which is valid for that many (the function's contract). Reads: a word is read only
    // when 8 bytes remain in `block`, or as its last 8 bytes when it has 8.
    // Initialised: every byte up to the returned length was stored to. UTF-8: those bytes
    // are the block's bytes with ASCII specials replaced by ASCII entities.
    unsafe {
        let start = dst;
        let mut out = dst;
        let mut i = 0;
        #[cfg(target_arch = "x86_64")]
        while i + 16 <= block.len() {
            // Sixteen bytes searched at once with SSE2 (part of x86-64): a clean chunk is
            // stored whole; otherwise each half goes through the word step with its
            // special bytes already marked, so the moves stay in registers.
            let (chunk, lo_special, hi_special) = sse2::search(block.as_ptr().add(i));
            if lo_special | hi_special == 0 {
                sse2::store(out, chunk);
                out = out.add(16);
            } else {
                let (lo, hi) = sse2::words(chunk);
                out = escape_word_marked(out, lo, lo_special, 8);
                out = escape_word_marked(out, hi, hi_special, 8);
            }
            i += 16;
        }
        #[cfg(target_arch = "x86_64")]
        if i < block.len() && block.len() >= 16 {
            // The last 1 to 15 bytes: the block's last sixteen searched at once, and the
            // bytes already escaped shifted out of both the words and their marks.
            let rest = block.len() - i;
            let (chunk, lo_special, hi_special) =
                sse2::search(block.as_ptr().add(block.len() - 16));
            let (lo, hi) = sse2::words(chunk);
            if rest > 8 {
                let drop = (16 - rest) * 8;
                out = escape_word_marked(out, lo >> drop, lo_special >> drop, rest - 8);
                out = escape_word_marked(out, hi, hi_special, 8);
            } else {
                let drop = (8 - rest) * 8;
                out = escape_word_marked(out, hi >> drop, hi_special >> drop, rest);
            }
            i = block.len();
        }
        while i + 8 <= block.len() {
            let word = u64::from_le(block.as_ptr().add(i).cast::<u64>().read_unaligned());
            out = escape_word(out, word, 8);
            i += 8;
        }
        let rest = block.len() - i;
        if rest > 0 {
            // The last `rest` bytes as the low bytes of one word, zeros above (not
            // special): read as the block's last word when it has one, so short texts
            // and tails are not escaped a byte at a time.
            let word = if block.len() >= 8 {
                let last = block.as_ptr().add(block.len() - 8).cast::<u64>();
                u64::from_le(last.read_unaligned()) >> ((8 - rest) * 8)
            } else {
                short_word(block)
            };
            out = escape_word(out, word, rest);
        }
        out.offset_from(start) as usize
    }
}

/// Writes the low `len` bytes of `word` (little-endian order; the bytes above them zero)
/// escaped at `out`, and returns where they end. Stores whole words: the 8 bytes after each
/// output position it reaches may be overwritten, up to `out + 5 * len + 8`.
///
/// # Safety
///
/// `out` must be valid for writes of `len * MAX_ENTITY_LEN + 8` bytes.
#[cfg_attr(debug_assertions, inline)]
#[cfg_attr(not(debug_assertions), inline(always))]
#[allow(unsafe_code)]
unsafe fn escape_word(out: *mut u8, word: u64, len: usize) -> *mut u8 {
    // SAFETY: the caller's contract.
    unsafe { escape_word_marked(out, word, special_bytes(word), len) }
}

/// [`escape_word`] with the special bytes of `word` already marked (`0x80` in each, as
/// [`special_bytes`] marks them).
///
/// # Safety
///
/// As [`escape_word`]; `special` must mark exactly the special bytes of `word`.
#[cfg_attr(debug_assertions, inline)]
#[cfg_attr(not(debug_assertions), inline(always))]
#[allow(unsafe_code)]
unsafe fn escape_word_marked(out: *mut u8, word: u64, special: u64, len: usize) -> *mut u8 {
    // SAFETY (for the stores): each is 8 bytes at an output position, and after `k` input
    // bytes the output position is at most `k * MAX_ENTITY_LEN`.
    unsafe {
        out.cast::<u64>().write_unaligned(word.to_le());
        let mut special = special;
        if special == 0 {
            return out.add(len);
        }
        // One step per special byte, with no branch on what it is: its entity is stored
        // over it, then the bytes after it, moved down, after the entity. `shifted` is
        // `out` moved by what the entities so far added, so input byte `at` goes to
        // `shifted + at`. The steps depend on each other only through `shifted`, so they
        // overlap.
        let mut shifted = out;
        loop {
            // The mark is the byte's high bit: bit `8 * at + 7`.
            let mark = special.trailing_zeros();
            let at = (mark / 8) as usize;
            let entity = ENTITY_WORDS[usize::from((word >> (mark & !7)) as u8)];
            shifted
                .add(at)
                .cast::<u64>()
                .write_unaligned(entity.to_le());
            shifted = shifted.add((entity >> 56) as usize);
            shifted
                .add(at + 1)
                .cast::<u64>()
                .write_unaligned(((word >> mark) >> 1).to_le());
            special &= special - 1;
            if special == 0 {
                return shifted.add(len);
            }
        }
    }
}

/// `bytes` (at most 8) as the low bytes of a little-endian word, zeros above.
#[cfg_attr(debug_assertions, inline)]
#[cfg_attr(not(debug_assertions), inline(always))]
fn read_short(bytes: &[u8]) -> u64 {
    match <[u8; 8]>::try_from(bytes) {
        Ok(word) => u64::from_le_bytes(word),
        Err(_) => short_word(bytes),
    }
}

/// `bytes` (fewer than 8) as the low bytes of a little-endian word, zeros above: two
/// overlapping loads instead of a loop.
#[cfg_attr(debug_assertions, inline)]
#[cfg_attr(not(debug_assertions), inline(always))]
fn short_word(bytes: &[u8]) -> u64 {
    let n = bytes.len();
    if n >= 4 {
        let low = u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]);
        let high = u32::from_le_bytes([bytes[n - 4], bytes[n - 3], bytes[n - 2], bytes[n - 1]]);
        u64::from(low) | u64::from(high) << ((n - 4) * 8)
    } else if n >= 2 {
        let low = u16::from_le_bytes([bytes[0], bytes[1]]);
        let high = u16::from_le_bytes([bytes[n - 2], bytes[n - 1]]);
        u64::from(low) | u64::from(high) << ((n - 2) * 8)
    } else {
        bytes.first().map_or(0, |&byte| u64::from(byte))
    }
}

/// The input bytes escaped per reservation: small enough that reserving for the worst
/// case (5 output bytes per input byte) wastes little, large enough that the check is rare.
pub(super) const ESCAPE_BLOCK: usize = 256;

/// The most bytes one input byte becomes (`&amp;`, `&#34;`, `&#39;`).
pub(super) const MAX_ENTITY_LEN: usize = 5;

/// Each byte's HTML-escaped form in the low bytes of a little-endian word, and in its top
/// byte the bytes it adds (its length less one): MarkupSafe's entities for `& < > " '`,
/// the byte itself (adding none) for every other byte. The top byte is stored with the
/// entity and then overwritten: no entity is longer than 5 bytes, and the bytes after it
/// are stored next.
const ENTITY_WORDS: [u64; 256] = {
    const fn entity(text: &[u8]) -> u64 {
        let mut word = ((text.len() - 1) as u64) << 56;
        let mut i = 0;
        while i < text.len() {
            word |= (text[i] as u64) << (8 * i);
            i += 1;
        }
        word
    }
    let mut table = [0u64; 256];
    let mut byte = 0;
    while byte < 256 {
        table[byte] = byte as u64;
        byte += 1;
    }
    table[b'&' as usize] = entity(b"&amp;");
    table[b'<' as usize] = entity(b"&lt;");
    table[b'>' as usize] = entity(b"&gt;");
    table[b'"' as usize] = entity(b"&#34;");
    table[b'\'' as usize] = entity(b"&#39;");
    table
};

const LOW_BITS: u64 = 0x0101_0101_0101_0101;
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// A word whose bytes have their high bit set where `word`'s bytes are not zero, exactly:
/// adding 0x7F to the low seven bits of a byte carries into its high bit, never further.
#[cfg_attr(debug_assertions, inline)]
#[cfg_attr(not(debug_assertions), inline(always))]
fn nonzero_bytes(word: u64) -> u64 {
    ((word & !HIGH_BITS) + !HIGH_BITS) | word
}

/// Marks with 0x80 exactly the bytes of `word` (in little-endian order) that HTML escaping
/// replaces. `&` (0x26) and `'` (0x27) differ only in bit 0, `<` (0x3C) and `>` (0x3E) only
/// in bit 1, so three comparisons find all five.
#[cfg_attr(debug_assertions, inline)]
#[cfg_attr(not(debug_assertions), inline(always))]
fn special_bytes(word: u64) -> u64 {
    !(nonzero_bytes((word | LOW_BITS) ^ (0x27 * LOW_BITS))
        & nonzero_bytes((word | (LOW_BITS << 1)) ^ (0x3E * LOW_BITS))
        & nonzero_bytes(word ^ (0x22 * LOW_BITS)))
        & HIGH_BITS
}

/// Whether the sixteen bytes of `lo` and `hi` (little-endian order) hold a special byte:
/// one vector search on x86-64 (about half the instructions of two word searches), the
/// word search elsewhere.
#[cfg_attr(debug_assertions, inline)]
#[cfg_attr(not(debug_assertions), inline(always))]
fn has_special(lo: u64, hi: u64) -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        sse2::has_special(lo, hi)
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        special_bytes(lo) | special_bytes(hi) != 0
    }
}

/// The search of sixteen bytes at once, with SSE2 (always present on x86-64).
#[cfg(target_arch = "x86_64")]
#[allow(unsafe_code)]
mod sse2 {
    use std::arch::x86_64::{
        __m128i, _mm_cmpeq_epi8, _mm_cvtsi128_si64, _mm_loadu_si128, _mm_movemask_epi8,
        _mm_or_si128, _mm_set1_epi8, _mm_set_epi64x, _mm_storeu_si128, _mm_unpackhi_epi64,
    };

    use super::HIGH_BITS;

    /// The sixteen bytes at `src`, and the special bytes of its two halves marked as
    /// [`super::special_bytes`] marks them (`0x80` in each).
    ///
    /// # Safety
    ///
    /// `src` must be valid for reads of 16 bytes.
    #[inline(always)]
    pub(super) unsafe fn search(src: *const u8) -> (__m128i, u64, u64) {
        // SAFETY: the read is the caller's; SSE2 is part of x86-64.
        let v = unsafe { _mm_loadu_si128(src.cast::<__m128i>()) };
        let (lo, hi) = words(specials(v));
        (v, lo & HIGH_BITS, hi & HIGH_BITS)
    }

    /// Whether the sixteen bytes of `lo` and `hi` (little-endian order) hold a special one.
    #[inline(always)]
    pub(super) fn has_special(lo: u64, hi: u64) -> bool {
        // SAFETY: SSE2 operations, which x86-64 has.
        unsafe { _mm_movemask_epi8(specials(_mm_set_epi64x(hi as i64, lo as i64))) != 0 }
    }

    /// `0xFF` in each special byte of `v`, `0` in the others.
    #[inline(always)]
    fn specials(v: __m128i) -> __m128i {
        // SAFETY: SSE2 operations, which x86-64 has.
        unsafe {
            // `&` (0x26) and `'` (0x27) differ only in bit 0, `<` (0x3C) and `>` (0x3E)
            // only in bit 1: three compares find all five, as in `special_bytes`.
            _mm_or_si128(
                _mm_or_si128(
                    _mm_cmpeq_epi8(_mm_or_si128(v, _mm_set1_epi8(1)), _mm_set1_epi8(0x27)),
                    _mm_cmpeq_epi8(_mm_or_si128(v, _mm_set1_epi8(2)), _mm_set1_epi8(0x3E)),
                ),
                _mm_cmpeq_epi8(v, _mm_set1_epi8(0x22)),
            )
        }
    }

    /// The two little-endian words of `v`.
    #[inline(always)]
    pub(super) fn words(v: __m128i) -> (u64, u64) {
        // SAFETY: SSE2 operations, which x86-64 has.
        unsafe {
            (
                _mm_cvtsi128_si64(v) as u64,
                _mm_cvtsi128_si64(_mm_unpackhi_epi64(v, v)) as u64,
            )
        }
    }

    /// Stores `v` at `out`.
    ///
    /// # Safety
    ///
    /// `out` must be valid for writes of 16 bytes.
    #[inline(always)]
    pub(super) unsafe fn store(out: *mut u8, v: __m128i) {
        // SAFETY: the write is the caller's.
        unsafe { _mm_storeu_si128(out.cast::<__m128i>(), v) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn special_bytes_marks_exactly_the_special_bytes_in_every_position() {
        // Each byte value at each position, next to specials and zeros on either side:
        // a borrow or carry between bytes would mark a neighbour.
        for byte in 0..=255u8 {
            let special = matches!(byte, b'&' | b'<' | b'>' | b'"' | b'\'');
            for at in 0..8 {
                for fill in [0u8, b'a', b'&', 0xFF] {
                    let mut bytes = [fill; 8];
                    bytes[at] = byte;
                    let marks = special_bytes(u64::from_le_bytes(bytes));
                    for (i, &b) in bytes.iter().enumerate() {
                        let expected = matches!(b, b'&' | b'<' | b'>' | b'"' | b'\'');
                        let marked = marks >> (i * 8) & 0xFF;
                        assert_eq!(marked, if expected { 0x80 } else { 0 }, "{bytes:?}");
                    }
                    assert_eq!(marks >> (at * 8) & 0x80 != 0, special);
                }
            }
        }
    }
}
