//! Reading text: a recogniser's labels as the host lists them (`model_labels`), and greedy CTC
//! decoding of its per-step class probabilities, both in the guest: the dictionary comes from
//! the model bound, not from the guest's code.

use crate::{Arena, Error};

/// Class labels, index = class id, as UTF-8 bytes: the host's newline-terminated lines and where
/// each starts.
pub struct Labels<'b> {
    text: &'b [u8],
    /// `len() + 1` offsets: line `i` is `text[starts[i]..starts[i + 1] - 1]`.
    starts: &'b [u32],
}

impl<'b> Labels<'b> {
    /// Indexes `text`: labels each followed by `\n` (so empty text is no labels).
    pub fn parse(arena: &'b Arena, text: &'b [u8]) -> Result<Labels<'b>, Error> {
        if !text.is_empty() && text[text.len() - 1] != b'\n' {
            return Err(Error::InvalidArgument);
        }
        let count = text.iter().filter(|&&b| b == b'\n').count();
        let starts = arena.reused::<u32>(count + 1)?;
        starts[0] = 0;
        let mut n = 1;
        for (i, &b) in text.iter().enumerate() {
            if b == b'\n' {
                starts[n] = (i + 1) as u32;
                n += 1;
            }
        }
        Ok(Labels { text, starts })
    }

    #[inline]
    pub fn len(&self) -> usize {
        self.starts.len() - 1
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Label `i`'s bytes, without its newline.
    pub fn get(&self, i: usize) -> Option<&'b [u8]> {
        if i >= self.len() {
            return None;
        }
        Some(&self.text[self.starts[i] as usize..self.starts[i + 1] as usize - 1])
    }
}

/// What [`ctc_greedy`] read: the first `len` bytes of its output, and the confidence.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Reading {
    pub len: usize,
    /// The mean probability of the kept steps, 0..1; 0 when none was kept.
    pub score: f32,
    /// Whether labels were left out because the output was full.
    pub truncated: bool,
}

/// Greedy CTC over `steps`, `T x classes` probabilities row-major (a recogniser's softmax for one
/// crop), as PaddleOCR's `CTCLabelDecode`: each step's most probable class, repeats of the same
/// class on consecutive steps merged, class 0 (the blank) dropped; the text is the kept classes'
/// labels in order, written into `out` (whole labels only, as many as fit), and the score the mean
/// of the kept steps' probabilities.
pub fn ctc_greedy(steps: &[f32], classes: usize, labels: &Labels, out: &mut [u8]) -> Result<Reading, Error> {
    if classes == 0 || steps.len() % classes != 0 || labels.len() != classes {
        return Err(Error::InvalidArgument);
    }
    let mut reading = Reading { len: 0, score: 0.0, truncated: false };
    let mut kept = 0u32;
    let mut sum = 0.0f32;
    let mut previous = usize::MAX;
    for step in steps.chunks_exact(classes) {
        let (best, p) = argmax(step);
        if best != 0 && best != previous {
            kept += 1;
            sum += p;
            let label = labels.get(best).ok_or(Error::InvalidArgument)?;
            if reading.truncated || reading.len + label.len() > out.len() {
                reading.truncated = true;
            } else {
                out[reading.len..reading.len + label.len()].copy_from_slice(label);
                reading.len += label.len();
            }
        }
        previous = best;
    }
    if kept > 0 {
        reading.score = (sum / kept as f32).max(0.0).min(1.0);
    }
    Ok(reading)
}

/// The first index of the largest value, and the value (NaN is never the largest).
fn argmax(values: &[f32]) -> (usize, f32) {
    let mut best = 0;
    let mut max = f32::NEG_INFINITY;
    for (i, &v) in values.iter().enumerate() {
        if v > max {
            best = i;
            max = v;
        }
    }
    (best, max)
}

#[cfg(test)]
mod tests {
    use super::{ctc_greedy, Labels, Reading};
    use crate::arena::tests::arena;
    use crate::Error;

    const TEXT: &[u8] = "blank\nA\nB\n\u{00C4}\n \n".as_bytes();

    /// One step per class index, that class at `p`, the rest sharing what is left.
    fn steps(classes: &[usize], p: f32) -> Vec<f32> {
        let mut out = vec![(1.0 - p) / 4.0; classes.len() * 5];
        for (t, &c) in classes.iter().enumerate() {
            out[t * 5 + c] = p;
        }
        out
    }

    #[test]
    fn labels_are_the_hosts_lines_in_order() {
        let arena = arena(4096);
        let labels = Labels::parse(&arena, TEXT).unwrap();
        assert_eq!(labels.len(), 5);
        assert_eq!(labels.get(0), Some(&b"blank"[..]));
        assert_eq!(labels.get(3), Some("\u{00C4}".as_bytes()));
        assert_eq!(labels.get(4), Some(&b" "[..]));
        assert_eq!(labels.get(5), None);
        assert!(Labels::parse(&arena, b"").unwrap().is_empty());
        assert_eq!(Labels::parse(&arena, b"a\nb").err(), Some(Error::InvalidArgument));
        let empty_line = Labels::parse(&arena, b"a\n\nb\n").unwrap();
        assert_eq!(empty_line.get(1), Some(&b""[..]));
    }

    #[test]
    fn repeats_merge_blanks_drop_and_a_blank_separates_a_double_letter() {
        let arena = arena(4096);
        let labels = Labels::parse(&arena, TEXT).unwrap();
        let mut out = [0u8; 16];
        // A A blank A B B space Ä blank
        let r = ctc_greedy(&steps(&[1, 1, 0, 1, 2, 2, 4, 3, 0], 0.8), 5, &labels, &mut out).unwrap();
        assert_eq!(core::str::from_utf8(&out[..r.len]).unwrap(), "AAB \u{00C4}");
        assert!((r.score - 0.8).abs() < 1e-6);
        assert!(!r.truncated);
    }

    #[test]
    fn the_score_is_the_mean_of_the_kept_steps_only() {
        let arena = arena(4096);
        let labels = Labels::parse(&arena, TEXT).unwrap();
        let mut s = steps(&[1, 0, 2], 0.9);
        s[5] = 0.05; // the blank step's own probability does not count
        s[10..15].copy_from_slice(&[0.1, 0.1, 0.5, 0.2, 0.1]);
        let mut out = [0u8; 4];
        let r = ctc_greedy(&s, 5, &labels, &mut out).unwrap();
        assert_eq!(&out[..r.len], b"AB");
        assert!((r.score - 0.7).abs() < 1e-6);
    }

    #[test]
    fn nothing_read_is_empty_with_score_zero() {
        let arena = arena(4096);
        let labels = Labels::parse(&arena, TEXT).unwrap();
        let mut out = [0u8; 4];
        let r = ctc_greedy(&steps(&[0, 0, 0], 0.99), 5, &labels, &mut out).unwrap();
        assert_eq!(r, Reading { len: 0, score: 0.0, truncated: false });
    }

    #[test]
    fn labels_past_the_output_are_left_out_whole() {
        let arena = arena(4096);
        let labels = Labels::parse(&arena, TEXT).unwrap();
        let mut out = [0u8; 2];
        let r = ctc_greedy(&steps(&[1, 3, 2], 0.9), 5, &labels, &mut out).unwrap();
        assert_eq!(&out[..r.len], b"A"); // Ä takes two bytes: it does not fit after A, nor B after it
        assert!(r.truncated);
    }

    #[test]
    fn mismatched_shapes_are_refused() {
        let arena = arena(4096);
        let labels = Labels::parse(&arena, TEXT).unwrap();
        let mut out = [0u8; 4];
        assert_eq!(ctc_greedy(&[0.0; 12], 5, &labels, &mut out).err(), Some(Error::InvalidArgument));
        assert_eq!(ctc_greedy(&[0.0; 12], 6, &labels, &mut out).err(), Some(Error::InvalidArgument));
        assert_eq!(ctc_greedy(&[], 0, &labels, &mut out).err(), Some(Error::InvalidArgument));
    }
}
