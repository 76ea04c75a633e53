//! [`Buffer`]: the `String` that [`Template::render`](crate::Template::render) renders into.
//!
//! Writing to a `String` through `&mut String` is slower than it looks: when a write does
//! not fit, `push_str` grows the string by calling out of line with the string's address.
//! Because that address escapes, the compiler keeps the string's length and capacity in
//! memory, and every write of a render loads and stores them. A `Buffer` makes room first,
//! and grows by moving itself into an out-of-line function and back, by value: its
//! address never escapes, so its fields stay in registers. Writes check one number, a
//! lower bound of the spare room; after a [`Buffer::reserve`] the compiler knows its range
//! and drops the checks of the writes the reservation covers. Everything that is not the
//! common path (growing, escaping, long texts) is out of line, so that each write a
//! template makes inlines little code.

use std::fmt;
use std::mem::MaybeUninit;

mod digits;

/// A growable output buffer: a `String` whose writes stay fast in a render loop.
///
/// `Template::render` uses one; pass one to [`Template::render_to`](crate::Template::render_to)
/// to reuse an allocation across renders.
///
/// ```
/// use kiln::{Buffer, Template};
///
/// #[derive(Template)]
/// #[template(source = "<p>{{ n }}</p>", ext = "html")]
/// struct Page { n: u32 }
///
/// let mut buffer = Buffer::with_capacity(Page::SIZE_HINT);
/// Page { n: 7 }.render_to(&mut buffer).unwrap();
/// assert_eq!(buffer.as_str(), "<p>7</p>");
/// assert_eq!(buffer.into_string(), "<p>7</p>");
/// ```
#[derive(Default)]
pub struct Buffer {
    text: String,
    /// A lower bound of the spare capacity: `room <= text.capacity() - text.len()`, always.
    /// Writes check and decrease this one number rather than compare capacity and length.
    /// After [`Buffer::reserve`] the compiler knows a range for it, so the checks of the
    /// writes that follow fold away.
    room: usize,
}

impl Buffer {
    /// An empty buffer.
    #[inline]
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty buffer with room for `capacity` bytes.
    #[inline]
    pub fn with_capacity(capacity: usize) -> Self {
        Self::from(String::with_capacity(capacity))
    }

    /// What was written so far.
    #[inline]
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The number of bytes written.
    #[inline]
    pub fn len(&self) -> usize {
        self.text.len()
    }

    /// Whether nothing was written.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Forgets what was written, keeping the allocation.
    #[inline]
    pub fn clear(&mut self) {
        self.text.clear();
        self.room = self.text.capacity();
    }

    /// Makes room for at least `additional` more bytes.
    ///
    /// Generated code reserves the bytes a loop iteration is known to write before writing
    /// them: the writes' own checks then fold away.
    #[inline(always)]
    pub fn reserve(&mut self, additional: usize) {
        self.make_room(additional);
    }

    /// The written text, without copying.
    #[inline]
    pub fn into_string(self) -> String {
        self.text
    }

    /// Appends `text`.
    #[inline(always)]
    pub fn push_str(&mut self, text: &str) {
        self.make_room(text.len());
        let bytes = text.as_bytes();
        // RATIONALE: `unsafe` for speed. `String::push_str` would check the capacity again
        // and, on its (never taken) slow path, pass the string's address out of line, which
        // is what keeps its fields in memory (see the module docs): big-table renders took
        // 10% more instructions that way.
        #[allow(unsafe_code)]
        // SAFETY: `make_room` made `room` at least `bytes.len()`, and `room` never exceeds
        // the spare capacity (the field's invariant), so the copy stays inside the
        // allocation; it cannot overlap `text`, which is borrowed while `self` is borrowed
        // mutably. The bytes are a whole `str`, so the string stays valid UTF-8 once its
        // length covers them.
        unsafe {
            let vec = self.text.as_mut_vec();
            let len = vec.len();
            std::ptr::copy_nonoverlapping(bytes.as_ptr(), vec.as_mut_ptr().add(len), bytes.len());
            vec.set_len(len + bytes.len());
        }
        self.room -= bytes.len();
    }

    /// Appends `n` in decimal. Numbers below 10^8 are written straight into the spare
    /// capacity (see [`digits`]); larger ones take itoa's general path.
    #[inline(always)]
    pub(crate) fn push_u64(&mut self, n: u64) {
        if n >= digits::FAST_LIMIT {
            self.push_str(itoa::Buffer::new().format(n));
            return;
        }
        self.make_room(8);
        // RATIONALE: `unsafe` for speed. Safe code would borrow the 8 bytes through
        // `spare_capacity_mut`, whose length check does not fold away (the compiler does
        // not know `room`'s invariant), or format into a local array and copy a variable
        // length (a `memcpy` call).
        #[allow(unsafe_code)]
        // SAFETY: `make_room` made `room`, a lower bound of the spare capacity, at least 8,
        // so the spare capacity starts with 8 bytes that `out` may borrow. `write_small`
        // initialised the first `len` of them (at most 8) with ASCII digits, so the string
        // stays valid UTF-8 once its length covers them.
        unsafe {
            let vec = self.text.as_mut_vec();
            let len_before = vec.len();
            let out = &mut *vec
                .as_mut_ptr()
                .add(len_before)
                .cast::<[MaybeUninit<u8>; 8]>();
            let len = digits::write_small(out, n);
            vec.set_len(len_before + len);
            self.room -= len;
        }
    }

    /// Appends `text` HTML-escaped with MarkupSafe's entities, eight bytes at a time.
    ///
    /// Each word of input is searched for special bytes with SWAR (SIMD within a register):
    /// a clean word is stored whole; otherwise the word is stored, the position moves past
    /// its clean prefix, and the entity, padded to a word, is stored over the rest. Room for
    /// the worst case (every byte an entity, plus a word of slack) is made once per block of
    /// input, so the stores need no further checks.
    #[inline(always)]
    pub(crate) fn push_html_escaped(&mut self, text: &str) {
        // One test picks the common case, a text of one block with room for its worst case;
        // growing and long texts share one out-of-line call, so that each print of a
        // string inlines little code.
        if text.len() <= ESCAPE_BLOCK && self.room >= text.len() * MAX_ENTITY_LEN + 8 + SLACK {
            self.escape_in_place(text.as_bytes());
        } else {
            // By value, like `refilled`: the buffer's address does not escape.
            *self = std::mem::take(self).with_escaped(text);
        }
        // Tells the compiler a constant bound that holds on both paths, which it carries
        // through the constant-length writes that follow (see `SLACK`).
        #[allow(unsafe_code)]
        // SAFETY: the first path had `room >= len * MAX_ENTITY_LEN + 8 + SLACK`, and
        // `escape_in_place` took off what `escape_block` wrote, at most
        // `len * MAX_ENTITY_LEN` (see its docs); `with_escaped` ends with `make_room(SLACK)`.
        unsafe {
            std::hint::assert_unchecked(self.room >= SLACK);
        }
    }

    /// `self` with `text` appended escaped a block at a time, growing as needed.
    #[inline(never)]
    fn with_escaped(mut self, text: &str) -> Self {
        let mut rest = text;
        while !rest.is_empty() {
            // Blocks end on char boundaries, so the string is valid UTF-8 between blocks.
            let mut end = rest.len().min(ESCAPE_BLOCK);
            while !rest.is_char_boundary(end) {
                end -= 1;
            }
            let (block, tail) = rest.split_at(end);
            self.make_room(block.len() * MAX_ENTITY_LEN + 8);
            self.escape_in_place(block.as_bytes());
            rest = tail;
        }
        self.make_room(SLACK);
        self
    }

    /// Appends `block` escaped: at most `ESCAPE_BLOCK` bytes that end on a char boundary,
    /// with `room` for their worst case (`block.len() * MAX_ENTITY_LEN + 8` bytes).
    #[inline(always)]
    fn escape_in_place(&mut self, block: &[u8]) {
        debug_assert!(self.room >= block.len() * MAX_ENTITY_LEN + 8);
        // The escaping itself is out of line and gets the spare capacity, not `self`: the
        // buffer's address does not escape, so its fields stay in registers.
        #[allow(unsafe_code)]
        // SAFETY: `as_mut_vec` is only used to reach the spare capacity and set the length;
        // `escape_block` initialised the first `written` bytes of the spare capacity with
        // valid UTF-8 (see its docs), right after the string's current end.
        unsafe {
            let vec = self.text.as_mut_vec();
            let written = escape_block(vec.spare_capacity_mut(), block);
            vec.set_len(vec.len() + written);
            self.room -= written;
        }
    }

    /// Makes sure `room` is at least `additional`.
    #[inline(always)]
    fn make_room(&mut self, additional: usize) {
        // A loop, not an `if`: after it the compiler knows `room >= additional` on every
        // path, including the one through `refilled`.
        while self.room < additional {
            *self = std::mem::take(self).refilled(additional);
        }
    }

    /// `self` with `room` recounted, grown first if fewer than `additional` bytes are
    /// spare. Out of line and by value (see the module docs): each write inlines only the
    /// comparison.
    #[cold]
    #[inline(never)]
    fn refilled(mut self, additional: usize) -> Self {
        self.text.reserve(additional);
        self.room = self.text.capacity() - self.text.len();
        self
    }
}

/// Escapes `block` into the start of `out` and returns the number of bytes written, at
/// most `block.len() * MAX_ENTITY_LEN` (callers rely on that bound); they are initialised,
/// and valid UTF-8 when `block` is a whole UTF-8 text (one that starts and ends on char
/// boundaries).
///
/// # Panics
///
/// If `out` is shorter than `block.len() * MAX_ENTITY_LEN + 8` bytes.
#[inline(never)]
fn escape_block(out: &mut [MaybeUninit<u8>], block: &[u8]) -> usize {
    assert!(out.len() >= block.len() * MAX_ENTITY_LEN + 8);
    // Most printed strings are short and clean (names, labels). Their path is tested first
    // and needs few registers, so the call saves none of the ones the word loop uses.
    if block.is_empty() {
        return 0;
    }
    if block.len() <= 8 {
        let word = read_short(block);
        if special_bytes(word.to_le()) & (u64::MAX >> ((8 - block.len()) * 8)) == 0 {
            #[allow(unsafe_code)]
            // SAFETY: `out` has room for a word (asserted above); its first `block.len()`
            // bytes are then the block's, which is whole UTF-8 text.
            unsafe {
                out.as_mut_ptr().cast::<u64>().write_unaligned(word.to_le());
            }
            return block.len();
        }
    }
    escape_words(out, block)
}

/// The general path of [`escape_block`], with the same contract.
#[inline(never)]
fn escape_words(out: &mut [MaybeUninit<u8>], block: &[u8]) -> usize {
    assert!(out.len() >= block.len() * MAX_ENTITY_LEN + 8);
    // RATIONALE: `unsafe` for speed: entities and clean words are stored as whole
    // 8-byte words, past where the output will end, then overwritten or cut off; safe
    // code would have to copy a variable length for each (a `memcpy` call). The
    // escape-heavy workload took 1.54M instructions per render with the safe byte loop
    // and safe writes, 0.71M with this (see benches/RESULTS.md).
    #[allow(unsafe_code)]
    // SAFETY: writes. The output of `n` input bytes is at most `MAX_ENTITY_LEN * n`
    // bytes, and each store writes 8 bytes starting at most at the output so far; so
    // every store ends within `block.len() * MAX_ENTITY_LEN + 8` bytes of the start of
    // `out`, which is that long (asserted above). Reads: a word is read only when 8 bytes
    // remain in `block`, or as its last 8 bytes when it has 8.
    // Initialised: every byte up to the returned length was stored to. UTF-8: those bytes
    // are the block's bytes with ASCII specials replaced by ASCII entities.
    unsafe {
        let start = out.as_mut_ptr().cast::<u8>();
        let mut out = start;
        let mut i = 0;
        while i + 8 <= block.len() {
            let word = block.as_ptr().add(i).cast::<u64>().read_unaligned();
            out.cast::<u64>().write_unaligned(word);
            let special = special_bytes(word);
            if special == 0 {
                out = out.add(8);
                i += 8;
            } else {
                let clean = (special.trailing_zeros() / 8) as usize;
                let (entity, len) = ENTITY_WORDS[block[i + clean] as usize];
                out = out.add(clean);
                out.cast::<[u8; 8]>().write_unaligned(entity);
                out = out.add(len as usize);
                i += clean + 1;
            }
        }
        let mut rest = block.len() - i;
        if rest > 0 {
            // The last `rest` bytes as the low bytes of one word, zeros above (not
            // special): read as the block's last word when it has one, so short texts
            // and tails are not escaped a byte at a time.
            let mut word = if block.len() >= 8 {
                let last = block.as_ptr().add(block.len() - 8).cast::<u64>();
                u64::from_le(last.read_unaligned()) >> ((8 - rest) * 8)
            } else {
                short_word(block)
            };
            loop {
                out.cast::<u64>().write_unaligned(word.to_le());
                let special = special_bytes(word.to_le()) & (u64::MAX >> ((8 - rest) * 8));
                if special == 0 {
                    out = out.add(rest);
                    break;
                }
                let clean = (special.trailing_zeros() / 8) as usize;
                let (entity, len) = ENTITY_WORDS[usize::from((word >> (clean * 8)) as u8)];
                out = out.add(clean);
                out.cast::<[u8; 8]>().write_unaligned(entity);
                out = out.add(len as usize);
                rest -= clean + 1;
                if rest == 0 {
                    break;
                }
                // `clean + 1 < 8` here, as `rest` was at most 8.
                word >>= (clean + 1) * 8;
            }
        }
        out.offset_from(start) as usize
    }
}

/// `bytes` (at most 8) as the low bytes of a little-endian word, zeros above.
#[inline(always)]
fn read_short(bytes: &[u8]) -> u64 {
    match <[u8; 8]>::try_from(bytes) {
        Ok(word) => u64::from_le_bytes(word),
        Err(_) => short_word(bytes),
    }
}

/// `bytes` (fewer than 8) as the low bytes of a little-endian word, zeros above: two
/// overlapping loads instead of a loop.
#[inline(always)]
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

/// The room that a print of a string leaves, at least, for the writes after it. Each
/// print makes room for its worst case plus this much, and then tells the compiler that
/// `room` is at least `SLACK`: the checks of the literal text and numbers that follow, up
/// to this many bytes, fold away. That halves the code of a typical template (and the
/// time LLVM spends on it) and saves a comparison per write.
pub(crate) const SLACK: usize = 64;

/// The input bytes escaped per reservation: small enough that reserving for the worst
/// case (5 output bytes per input byte) wastes little, large enough that the check is rare.
const ESCAPE_BLOCK: usize = 256;

/// The most bytes one input byte becomes (`&amp;`, `&#34;`, `&#39;`).
const MAX_ENTITY_LEN: usize = 5;

/// Each byte's HTML-escaped form, padded to a word, and its length: MarkupSafe's entities
/// for `& < > " '`, the byte itself for every other byte.
const ENTITY_WORDS: [([u8; 8], u8); 256] = {
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

const LOW_BITS: u64 = 0x0101_0101_0101_0101;
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// A word whose bytes are 0x80 where `word` has a zero byte. Only the lowest mark is
/// exact: a borrow out of a zero byte may mark the byte above it.
#[inline(always)]
fn zero_bytes(word: u64) -> u64 {
    word.wrapping_sub(LOW_BITS) & !word & HIGH_BITS
}

/// Marks the bytes of `word` (read little-endian) that HTML escaping replaces; the lowest
/// mark is exact. `&` (0x26) and `'` (0x27) differ only in bit 0, `<` (0x3C) and `>` (0x3E)
/// only in bit 1, so three comparisons find all five.
#[inline(always)]
fn special_bytes(word: u64) -> u64 {
    let word = u64::from_le(word);
    zero_bytes((word | LOW_BITS) ^ (0x27 * LOW_BITS))
        | zero_bytes((word | (LOW_BITS << 1)) ^ (0x3E * LOW_BITS))
        | zero_bytes(word ^ (0x22 * LOW_BITS))
}

impl fmt::Write for Buffer {
    #[inline(always)]
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.push_str(s);
        Ok(())
    }
}

impl From<String> for Buffer {
    /// A buffer that appends to `text`.
    #[inline]
    fn from(text: String) -> Self {
        let room = text.capacity() - text.len();
        Self { text, room }
    }
}

impl Clone for Buffer {
    fn clone(&self) -> Self {
        // A clone's capacity may differ from the original's: recount its room.
        Self::from(self.text.clone())
    }
}

impl PartialEq for Buffer {
    /// Buffers are equal when their text is.
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl Eq for Buffer {}

impl fmt::Debug for Buffer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Buffer").field(&self.text).finish()
    }
}

impl From<Buffer> for String {
    fn from(buffer: Buffer) -> Self {
        buffer.into_string()
    }
}

impl fmt::Display for Buffer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

#[cfg(test)]
mod tests {
    use super::Buffer;
    use std::fmt::Write as _;

    #[test]
    fn grows_past_its_capacity() {
        let mut buffer = Buffer::with_capacity(2);
        for i in 0..1000 {
            write!(buffer, "{i},").unwrap();
            buffer.push_str("é");
        }
        let expected: String = (0..1000).map(|i| format!("{i},é")).collect();
        assert_eq!(buffer.as_str(), expected);
        assert_eq!(buffer.len(), expected.len());
        buffer.clear();
        assert!(buffer.is_empty());
    }
}
