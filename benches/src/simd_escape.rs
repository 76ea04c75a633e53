//! A SIMD floor for HTML escaping (issue 18): the escaper a specialist would write for
//! x86-64, to measure Kiln's escaper against. Each chunk of 16 input bytes (32 with AVX2,
//! chosen once at run time) is searched for the five special bytes with vector compares
//! and stored whole; then, for each special byte in turn, its entity is written over it
//! and the rest of the chunk moved down after it, so no step waits for a new search. One
//! capacity check per call. Same bytes as
//! MarkupSafe. Elsewhere than x86-64, it is the word-at-a-time escaper of [`crate::buffer`].

use crate::buffer::ESCAPES as ENTITIES;

/// Appends `text` to `out`, HTML-escaped.
pub fn push_escaped(out: &mut Vec<u8>, text: &str) {
    #[cfg(target_arch = "x86_64")]
    {
        // Worst case: every byte an entity of 5, plus a whole chunk stored past the end.
        out.reserve(text.len() * 5 + 64);
        let written = if x86::has_avx2() {
            // SAFETY: AVX2 is available (checked at run time); `out` has room for the
            // worst case (reserved above), as `escape` requires.
            #[allow(unsafe_code)]
            unsafe {
                x86::escape_avx2(out, text.as_bytes())
            }
        } else {
            // SAFETY: SSE2 is part of x86-64; room reserved above.
            #[allow(unsafe_code)]
            unsafe {
                x86::escape_sse2(out, text.as_bytes())
            }
        };
        // SAFETY: the escaper initialised `written` bytes after the length, all ASCII
        // entities or the text's own bytes in order (UTF-8 is kept: only ASCII bytes are
        // replaced).
        #[allow(unsafe_code)]
        unsafe {
            out.set_len(out.len() + written);
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        for &byte in text.as_bytes() {
            let (entity, len) = ENTITIES[usize::from(byte)];
            out.extend_from_slice(&entity[..usize::from(len)]);
        }
    }
}

#[cfg(target_arch = "x86_64")]
#[allow(unsafe_code)]
mod x86 {
    use std::arch::x86_64::*;
    use std::sync::atomic::{AtomicU8, Ordering};

    use super::ENTITIES;

    /// Whether the processor has AVX2, detected once.
    pub(super) fn has_avx2() -> bool {
        static DETECTED: AtomicU8 = AtomicU8::new(0);
        match DETECTED.load(Ordering::Relaxed) {
            1 => false,
            2 => true,
            _ => {
                let avx2 = is_x86_feature_detected!("avx2");
                DETECTED.store(if avx2 { 2 } else { 1 }, Ordering::Relaxed);
                avx2
            }
        }
    }

    macro_rules! escaper {
        ($name:ident, $chunk:ident, $feature:literal, $width:literal, $vector:ty, $load:ident,
         $store:ident, $or:ident, $eq:ident, $set1:ident, $movemask:ident) => {
            /// Escapes `text` into the spare capacity of `out` and returns the bytes written.
            ///
            /// # Safety
            ///
            /// The processor must have the target feature, and `out` must have room for
            /// `text.len() * 5 + 64` more bytes.
            #[target_feature(enable = $feature)]
            pub(super) unsafe fn $name(out: &mut Vec<u8>, text: &[u8]) -> usize {
                let n = text.len();
                let src = text.as_ptr();
                // SAFETY: reads stay within `text` (a chunk is read only when `$width`
                // bytes remain; the tail is copied into a zeroed chunk on the stack); the
                // room for the writes is the caller's.
                unsafe {
                    let dst = out.as_mut_ptr().add(out.len());
                    let mut i = 0;
                    let mut o = 0;
                    while i + $width <= n {
                        o = $chunk(dst, $load(src.add(i).cast()), $width, o);
                        i += $width;
                    }
                    if i < n {
                        // The tail in a zeroed chunk: zeros are not special, and what is
                        // stored past the tail's output is cut off by the returned length.
                        let mut tail = [0u8; $width];
                        tail[..n - i].copy_from_slice(&text[i..]);
                        o = $chunk(dst, $load(tail.as_ptr().cast()), n - i, o);
                    }
                    o
                }
            }

            /// Writes chunk `v`, of which the first `len` bytes are input, escaped at
            /// `dst + o`, and returns the output's new end.
            ///
            /// # Safety
            ///
            /// The processor must have the target feature; `dst + o` must have room for
            /// `len * 5 + 2 * $width` bytes.
            #[target_feature(enable = $feature)]
            #[inline]
            unsafe fn $chunk(dst: *mut u8, v: $vector, len: usize, o: usize) -> usize {
                // SAFETY: after `k` input bytes of the chunk at most `5 * k` bytes were
                // written, and each store is `$width` bytes: within the caller's room.
                unsafe {
                    // `&`/`'` differ in bit 0, `<`/`>` in bit 1: three compares.
                    let special = $or(
                        $or(
                            $eq($or(v, $set1(1)), $set1(0x27)),
                            $eq($or(v, $set1(2)), $set1(0x3E)),
                        ),
                        $eq(v, $set1(0x22)),
                    );
                    let mut mask = $movemask(special) as u32;
                    $store(dst.add(o).cast(), v);
                    if mask == 0 {
                        return o + len;
                    }
                    // Every special byte of the chunk in turn, none waiting for a new
                    // search: its entity over it, then the rest of the chunk (from a copy
                    // on the stack, zeros after it) moved down after the entity.
                    let mut chunk = [0u8; 2 * $width];
                    $store(chunk.as_mut_ptr().cast(), v);
                    let mut o = o;
                    let mut done = 0;
                    while mask != 0 {
                        let at = mask.trailing_zeros() as usize;
                        let (entity, entity_len) = ENTITIES[usize::from(chunk[at])];
                        o += at - done;
                        dst.add(o).cast::<[u8; 8]>().write_unaligned(entity);
                        o += usize::from(entity_len);
                        $store(dst.add(o).cast(), $load(chunk.as_ptr().add(at + 1).cast()));
                        done = at + 1;
                        mask &= mask - 1;
                    }
                    o + len - done
                }
            }
        };
    }

    escaper!(
        escape_sse2,
        chunk_sse2,
        "sse2",
        16,
        __m128i,
        _mm_loadu_si128,
        _mm_storeu_si128,
        _mm_or_si128,
        _mm_cmpeq_epi8,
        _mm_set1_epi8,
        _mm_movemask_epi8
    );
    escaper!(
        escape_avx2,
        chunk_avx2,
        "avx2",
        32,
        __m256i,
        _mm256_loadu_si256,
        _mm256_storeu_si256,
        _mm256_or_si256,
        _mm256_cmpeq_epi8,
        _mm256_set1_epi8,
        _mm256_movemask_epi8
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::escape::escape_plain;

    /// Every special byte at every offset of a 64-byte window, around clean runs and
    /// multibyte text: the same bytes as the obvious escaper.
    #[test]
    fn escapes_markupsafe_bytes_at_every_offset() {
        for special in ["&", "<", ">", "\"", "'"] {
            for at in 0..64 {
                for len in [at + 1, 64, 100] {
                    let mut text: String = "é".repeat(len / 2);
                    text.truncate(text.floor_char_boundary_compat(at));
                    text.push_str(special);
                    text.push_str(&"x".repeat(len.saturating_sub(text.len())));
                    let mut expected = String::new();
                    escape_plain(&mut expected, &text);
                    let mut out = Vec::new();
                    push_escaped(&mut out, &text);
                    assert_eq!(String::from_utf8(out).unwrap(), expected, "{text:?}");
                }
            }
        }
    }

    /// The SSE2 path, which a processor with AVX2 never takes, escapes the same bytes.
    #[cfg(target_arch = "x86_64")]
    #[test]
    #[allow(unsafe_code)]
    fn the_sse2_path_escapes_the_same_bytes() {
        for text in ["", "plain", "<b>x</b> & 'y' \"z\"", &"é<&>\"'x".repeat(20)] {
            let mut expected = String::new();
            escape_plain(&mut expected, text);
            let mut out = Vec::with_capacity(text.len() * 5 + 64);
            // SAFETY: SSE2 is part of x86-64; the room is reserved above.
            let written = unsafe { x86::escape_sse2(&mut out, text.as_bytes()) };
            // SAFETY: `written` bytes were initialised by the escaper.
            unsafe { out.set_len(written) };
            assert_eq!(String::from_utf8(out).unwrap(), expected);
        }
    }

    trait FloorCharBoundary {
        fn floor_char_boundary_compat(&self, at: usize) -> usize;
    }

    impl FloorCharBoundary for String {
        fn floor_char_boundary_compat(&self, at: usize) -> usize {
            (0..=at.min(self.len()))
                .rev()
                .find(|&i| self.is_char_boundary(i))
                .unwrap_or(0)
        }
    }
}
