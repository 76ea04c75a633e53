//! [`LearnedSize`]: the output capacity `render()` allocates, learned from earlier renders.
//!
//! `SIZE_HINT` is computed at compile time from the template's text, with a guess for how
//! often loops repeat. A page whose loops run 10 000 times outgrows that guess many times
//! over, and each growth copies everything written so far; one whose loops are empty wastes
//! most of it. Each derived template therefore keeps the sizes of its own renders.

use std::sync::atomic::{AtomicUsize, Ordering};

/// Bytes allocated beyond the longest output: a print reserves room for its worst case
/// (five bytes per byte of an escaped string, and some slack for the writes after it), so
/// without a margin the last prints of a page would make the buffer grow.
const MARGIN: usize = 256;

/// A template's output capacity estimate, shared by all its renders (and threads).
///
/// It starts at `SIZE_HINT`. An output longer than the estimate raises it at once, to that
/// length plus an eighth plus 256 bytes, so the next render of the same size
/// allocates once; shorter
/// outputs lower it by an eighth of the difference per render, so one unusually large page
/// does not make every later allocation large.
#[derive(Debug)]
pub struct LearnedSize(AtomicUsize);

impl LearnedSize {
    /// An estimate that starts at `initial` bytes.
    pub const fn new(initial: usize) -> Self {
        Self(AtomicUsize::new(initial))
    }

    /// The capacity to allocate for the next render.
    #[inline]
    pub fn get(&self) -> usize {
        self.0.load(Ordering::Relaxed)
    }

    /// Records that a render wrote `len` bytes.
    #[inline]
    pub fn learn(&self, len: usize) {
        // Relaxed load and store, not a read-modify-write: two renders racing may lose one
        // update, which costs at most one reallocation later.
        let old = self.get();
        let wanted = len.saturating_add(len / 8).saturating_add(MARGIN);
        let new = if wanted > old {
            wanted
        } else {
            old - (old - wanted) / 8
        };
        if new != old {
            self.0.store(new, Ordering::Relaxed);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{LearnedSize, MARGIN};

    #[test]
    fn a_longer_output_raises_the_estimate_at_once() {
        let size = LearnedSize::new(100);
        size.learn(800);
        assert_eq!(size.get(), 900 + MARGIN);
        size.learn(800);
        assert_eq!(size.get(), 900 + MARGIN, "steady sizes keep it where it is");
    }

    #[test]
    fn shorter_outputs_lower_it_by_an_eighth_of_the_gap() {
        let size = LearnedSize::new(2000);
        size.learn(80); // wants 90 + MARGIN
        let gap = 2000 - (90 + MARGIN);
        assert_eq!(size.get(), 2000 - gap / 8);
        for _ in 0..100 {
            size.learn(80);
        }
        let settled = size.get() - MARGIN;
        assert!((90..100).contains(&settled), "{settled}");
    }
}
