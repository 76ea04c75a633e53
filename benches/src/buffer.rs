//! The output buffer of the hand-tuned renderers: the fastest safe way found to build the
//! output, used by every `render_tuned`.
//!
//! Writing to a `String` costs, per piece, a capacity check, a load and a store of the
//! string's length (which lives in memory, because growing it is an out-of-line call), and,
//! for every piece whose length is not a constant (digits, clean runs, entities), a call to
//! `memcpy`. The length's round trip through memory chains every write to the one before:
//! that, not the copying, bounds how fast a template renders.
//!
//! A [`Chunk`] is a zero-filled scratch area sized for a bounded piece of output (a row, an
//! item, a whole small page) and a write position that the compiler keeps in a register.
//! Literals are copied as they are; numbers are copied two digits at a time from a table;
//! escaping copies clean text eight bytes at a time (found with SWAR: SIMD within a
//! register) and writes each entity as one 8-byte word; every write is then followed by
//! moving the position by the bytes it meant. Each write is bounds-checked (a panic, never
//! memory corruption, if a bound were wrong), but the checks do not depend on each other.
//! Bounded pieces are appended to the output with one copy each.
//!
//! Safe code cannot turn bytes into a `String` without checking them, so the output is
//! validated as UTF-8 once at the end (a fast scan over ASCII). The crate forbids `unsafe`;
//! sailfish writes through raw pointers and skips that scan.

/// Pairs of decimal digits, `00` to `99`.
const DIGIT_PAIRS: &[u8; 200] = b"\
0001020304050607080910111213141516171819\
2021222324252627282930313233343536373839\
4041424344454647484950515253545556575859\
6061626364656667686970717273747576777879\
8081828384858687888990919293949596979899";

/// Each byte's replacement, padded to 8 bytes, and its length: MarkupSafe's entities for
/// `& < > " '`, the byte itself for every other byte.
pub(crate) const ESCAPES: [([u8; 8], u8); 256] = {
    let mut table = [([0u8; 8], 1u8); 256];
    let mut byte = 0;
    while byte < 256 {
        table[byte].0[0] = byte as u8;
        byte += 1;
    }
    table[b'&' as usize] = (*b"&amp;\0\0\0", 5);
    table[b'<' as usize] = (*b"&lt;\0\0\0\0", 4);
    table[b'>' as usize] = (*b"&gt;\0\0\0\0", 4);
    table[b'"' as usize] = (*b"&#34;\0\0\0", 5);
    table[b'\'' as usize] = (*b"&#39;\0\0\0", 5);
    table
};

/// Two digits (`p` below 100) as the low bytes of a word, first digit lowest.
#[inline(always)]
fn digit_pair(p: u32) -> u64 {
    let i = p as usize * 2;
    u64::from(u16::from_le_bytes([DIGIT_PAIRS[i], DIGIT_PAIRS[i + 1]]))
}

/// The eight decimal digits of `n` (below 10^8, with leading zeros) as the bytes of a
/// little-endian word: the first digit is the lowest byte.
#[inline(always)]
fn eight_digits(n: u32) -> u64 {
    let four = |n: u32| digit_pair(n / 100) | digit_pair(n % 100) << 16;
    four(n / 10_000) | four(n % 10_000) << 32
}

/// Writes the two digits of `pair` (below 100) at `at` (at most 6).
#[inline(always)]
fn write_pair(out: &mut [u8; 8], at: usize, pair: u32) {
    let i = pair as usize * 2;
    out[at] = DIGIT_PAIRS[i];
    out[at + 1] = DIGIT_PAIRS[i + 1];
}

/// Writes `n` (below 10^4) without leading zeros at the start of `out`; returns the count.
#[inline(always)]
fn write_below_1e4(out: &mut [u8; 8], n: u32) -> usize {
    if n < 100 {
        if n < 10 {
            out[0] = b'0' + n as u8;
            1
        } else {
            write_pair(out, 0, n);
            2
        }
    } else {
        let mut t = fixed_point(n, 2);
        let lead = (t >> 32) as u32;
        t = (t & 0xFFFF_FFFF) * 100;
        let last = (t >> 32) as u32;
        if n < 1000 {
            out[0] = b'0' + lead as u8;
            write_pair(out, 1, last);
            3
        } else {
            write_pair(out, 0, lead);
            write_pair(out, 2, last);
            4
        }
    }
}

/// `n / 10^digits` in 32.32 fixed point, for `n` below `10^(digits + 2)`: the integer part
/// is the leading digit or pair, each pair after it the integer part of the fraction times
/// 100 (James Anhalt's method; the multiplier is rounded up so that no digit comes out one
/// too low). Past six digits the product is taken 16 bits lower so that it fits.
#[inline(always)]
fn fixed_point(n: u32, digits: u32) -> u64 {
    let shift = if digits > 4 { 16 } else { 0 };
    let multiplier = (1u64 << (32 + shift)) / 10u64.pow(digits) + 1;
    (u64::from(n) * multiplier) >> shift
}

/// Writes the integer part of `t` (one digit if `short`, else two), then `pairs` pairs
/// from its fraction; returns the count.
#[inline(always)]
fn write_lead_then_pairs(out: &mut [u8; 8], mut t: u64, short: bool, pairs: usize) -> usize {
    let lead = (t >> 32) as u32;
    let at = if short {
        out[0] = b'0' + lead as u8;
        1
    } else {
        write_pair(out, 0, lead);
        2
    };
    for i in 0..pairs {
        t = (t & 0xFFFF_FFFF) * 100;
        write_pair(out, at + 2 * i, (t >> 32) as u32);
    }
    at + 2 * pairs
}

/// The largest number of bytes the escaper turns one byte into (`&amp;`, `&#34;`, `&#39;`).
pub const MAX_ESCAPE_GROWTH: usize = 5;

const LOW_BITS: u64 = 0x0101_0101_0101_0101;
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// A word whose bytes have their high bit set exactly where `word`'s bytes are not zero.
#[inline(always)]
fn nonzero_bytes(word: u64) -> u64 {
    ((word & !HIGH_BITS) + !HIGH_BITS) | word
}

/// Marks with 0x80 exactly the bytes of `word` that need escaping.
///
/// `&` (0x26) and `'` (0x27) differ only in bit 0, `<` (0x3C) and `>` (0x3E) only in bit 1, so
/// three comparisons find all five.
#[inline(always)]
fn special_bytes(word: u64) -> u64 {
    !(nonzero_bytes((word | LOW_BITS) ^ (0x27 * LOW_BITS))
        & nonzero_bytes((word | (LOW_BITS << 1)) ^ (0x3E * LOW_BITS))
        & nonzero_bytes(word ^ (0x22 * LOW_BITS)))
        & HIGH_BITS
}

/// Extra zero bytes at the end of a [`Chunk`], so that an 8-byte write may start at any
/// position up to its bound.
pub const SLACK: usize = 8;

/// The most bytes [`Chunk::push_u64`] writes (`u64::MAX` has 20 digits).
pub const MAX_DIGITS: usize = 20;

/// A scratch area for a bounded piece of output. See the module docs.
#[derive(Debug, Clone)]
pub struct Chunk {
    bytes: Vec<u8>,
    pos: usize,
}

impl Chunk {
    /// A chunk for pieces of at most `bound` bytes. Count [`MAX_DIGITS`] per number and
    /// [`escaped_bound`] per escaped string.
    pub fn new(bound: usize) -> Self {
        Self {
            bytes: vec![0; bound + SLACK],
            pos: 0,
        }
    }

    /// What was written since the last [`Chunk::clear`].
    #[inline(always)]
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes[..self.pos]
    }

    /// Forgets what was written, to write the next piece.
    #[inline(always)]
    pub fn clear(&mut self) {
        self.pos = 0;
    }

    /// Appends what was written to `out` and clears the chunk.
    #[inline(always)]
    pub fn flush_into(&mut self, out: &mut Vec<u8>) {
        out.extend_from_slice(self.as_bytes());
        self.clear();
    }

    /// The chunk's text as a `String`, for output that fits in one chunk.
    ///
    /// # Panics
    ///
    /// Never: only `str`s, ASCII digits and whole escaped characters were written.
    pub fn into_string(mut self) -> String {
        self.bytes.truncate(self.pos);
        String::from_utf8(self.bytes).expect("a Chunk only holds whole UTF-8 text")
    }

    /// Makes room for `additional` more bytes (zero-filled), for a piece whose length was not
    /// part of the bound given to [`Chunk::new`].
    #[inline]
    pub fn reserve(&mut self, additional: usize) {
        let needed = self.pos + additional + SLACK;
        if self.bytes.len() < needed {
            self.bytes.resize(needed, 0);
        }
    }

    /// Appends `text` as it is; a literal is copied with register moves.
    #[inline(always)]
    pub fn push(&mut self, text: &str) {
        let bytes = text.as_bytes();
        self.bytes[self.pos..self.pos + bytes.len()].copy_from_slice(bytes);
        self.pos += bytes.len();
    }

    /// Writes the 8 bytes of `word` at the position and moves it by `len` of them.
    #[inline(always)]
    fn put_word(&mut self, word: [u8; 8], len: usize) {
        self.bytes[self.pos..self.pos + 8].copy_from_slice(&word);
        self.pos += len;
    }

    /// Appends `n` in decimal.
    ///
    /// A number below 10^8 is written straight from the table of digit pairs, branching on
    /// its magnitude as itoap (sailfish's integer writer) does, with the pairs taken from
    /// one fixed-point multiplication rather than a division each. RATIONALE: assembling the
    /// digits in a register and storing one word takes fewer instructions, but its shifts
    /// and masks cost more time than the branches, which are predictable when neighbouring
    /// numbers have as many digits (see Kiln's `runtime/src/buffer/digits.rs`).
    #[inline(always)]
    pub fn push_u64(&mut self, n: u64) {
        if n >= 100_000_000 {
            self.push_large(n);
            return;
        }
        let n = n as u32;
        // One bounds check for the whole number; the writes below index a fixed array.
        let out: &mut [u8; 8] = (&mut self.bytes[self.pos..self.pos + 8])
            .try_into()
            .expect("eight bytes");
        let len = if n < 10_000 {
            write_below_1e4(out, n)
        } else if n < 1_000_000 {
            write_lead_then_pairs(out, fixed_point(n, 4), n < 100_000, 2)
        } else {
            write_lead_then_pairs(out, fixed_point(n, 6), n < 10_000_000, 3)
        };
        self.pos += len;
    }

    /// [`Chunk::push_u64`] for nine digits and more: the leading digits, then eight.
    #[cold]
    #[inline(never)]
    fn push_large(&mut self, n: u64) {
        self.push_u64(n / 100_000_000);
        self.put_word(eight_digits((n % 100_000_000) as u32).to_le_bytes(), 8);
    }

    /// Appends `text` HTML-escaped with MarkupSafe's bytes.
    #[inline]
    pub fn push_escaped(&mut self, text: &str) {
        let bytes = text.as_bytes();
        let mut i = 0;
        while let Some(word) = bytes.get(i..i + 8) {
            let word: [u8; 8] = word.try_into().expect("eight bytes");
            self.push_escaped_word(u64::from_le_bytes(word));
            i += 8;
        }
        for &byte in &bytes[i..] {
            let (entity, len) = ESCAPES[usize::from(byte)];
            self.put_word(entity, usize::from(len));
        }
    }

    /// Appends the 8 bytes of `word` (little-endian order) HTML-escaped: the word is
    /// copied, then each special byte's entity is written over it, followed by the rest of
    /// the word moved down. The steps for the special bytes depend on each other only
    /// through the position, so they overlap; moving on to the next special byte in the
    /// input instead (a load that waits for the search) takes a third longer.
    #[inline(always)]
    fn push_escaped_word(&mut self, word: u64) {
        self.put_word(word.to_le_bytes(), 0);
        let mut special = special_bytes(word);
        let mut done = 0;
        while special != 0 {
            let at = special.trailing_zeros() as usize / 8;
            let (entity, len) = ESCAPES[usize::from((word >> (at * 8)) as u8)];
            self.pos += at - done;
            self.put_word(entity, usize::from(len));
            self.put_word(((word >> (at * 8)) >> 8).to_le_bytes(), 0);
            done = at + 1;
            special &= special - 1;
        }
        self.pos += 8 - done;
    }
}

/// Turns the bytes the chunks were flushed into into a `String`.
///
/// # Panics
///
/// Never, for bytes written by [`Chunk`]s.
pub fn into_string(out: Vec<u8>) -> String {
    String::from_utf8(out).expect("chunks only hold whole UTF-8 text")
}

/// An upper bound of the bytes [`Chunk::push_escaped`] may write for a text of `len` bytes.
#[inline]
pub fn escaped_bound(len: usize) -> usize {
    len * MAX_ESCAPE_GROWTH
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::escape::escape_plain;

    #[test]
    fn numbers_match_itoa() {
        let mut numbers = vec![
            0,
            1,
            9,
            10,
            11,
            99,
            100,
            101,
            999,
            1000,
            65535,
            89999,
            u64::MAX,
        ];
        numbers.extend((0..20).map(|p| 10u64.pow(p)));
        numbers.extend((1..20).map(|p| 10u64.pow(p) - 1));
        // Every length of the fast path, numbers ending in 99 (where a fixed-point digit
        // would come out one too low first) and a stride prime to 10.
        numbers.extend(0..100_000);
        numbers.extend((100_000..100_000_000).filter(|n| n % 100_000 == 99_999));
        numbers.extend((100_000..100_000_000).step_by(9_973));
        for n in numbers {
            let mut chunk = Chunk::new(2 + MAX_DIGITS);
            chunk.push("<");
            chunk.push_u64(n);
            chunk.push(">");
            assert_eq!(chunk.into_string(), format!("<{n}>"));
        }
    }

    #[test]
    fn escaping_matches_the_plain_escaper() {
        let texts = [
            "",
            "a",
            "&",
            "plain text without specials, longer than eight bytes",
            "12345678&",
            "&12345678",
            "1234567<8",
            r#"&<>"'&<>"'&<>"'"#,
            "Zürich & Genève <3 日本'語\" and some more text",
            "=/`?;:%$#@!()[]{}\\|~^-_.,+*",
        ];
        for text in texts {
            // Every alignment of each text, so the SWAR words cover every position.
            for start in 0..text.len().min(9) {
                if !text.is_char_boundary(start) {
                    continue;
                }
                let text = &text[start..];
                let mut chunk = Chunk::new(escaped_bound(text.len()));
                chunk.push_escaped(text);
                let mut expected = String::new();
                escape_plain(&mut expected, text);
                assert_eq!(chunk.into_string(), expected, "{text:?}");
            }
        }
    }

    #[test]
    fn chunks_flush_into_one_output() {
        let mut out = Vec::new();
        let mut chunk = Chunk::new(16);
        for n in [7, 42, 1000] {
            chunk.push("<");
            chunk.push_u64(n);
            chunk.push(">");
            chunk.flush_into(&mut out);
        }
        assert_eq!(into_string(out), "<7><42><1000>");
    }

    #[test]
    fn special_bytes_finds_exactly_the_five() {
        for byte in 0..=255u8 {
            let word = u64::from_le_bytes([b'a', b'b', byte, b'c', b'd', b'e', b'f', b'g']);
            let found = special_bytes(word) != 0;
            let expected = matches!(byte, b'&' | b'<' | b'>' | b'"' | b'\'');
            assert_eq!(found, expected, "byte {byte:#04x}");
            if expected {
                assert_eq!(special_bytes(word).trailing_zeros() / 8, 2);
            }
        }
    }
}
