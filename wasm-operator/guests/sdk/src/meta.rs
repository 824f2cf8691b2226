//! The guest's metadata (`vigil.guest` section) as its code reads it: a guest's settings live
//! there, so `vigil modules inspect` shows them and changing one is a one-line edit and rebuild.

use crate::Error;

/// The `key=value` lines `guest!` wrote into the metadata section, read as the host reads them:
/// blank lines and `#` comments skipped, key and value trimmed.
pub struct Meta {
    text: &'static str,
}

impl Meta {
    #[inline]
    pub(crate) const fn new(text: &'static str) -> Meta {
        Meta { text }
    }

    /// The value of `key`, if a line sets it (the first one does).
    pub fn get(&self, key: &str) -> Option<&'static str> {
        for line in self.text.split('\n') {
            if line.starts_with('#') {
                continue;
            }
            if let Some((k, v)) = line.split_once('=') {
                if trim(k) == key {
                    return Some(trim(v));
                }
            }
        }
        None
    }

    /// `key`'s value as a decimal number (at most 6 digits).
    pub fn number(&self, key: &str) -> Result<u32, Error> {
        parse_u32(self.get(key).ok_or(Error::InvalidArgument)?)
    }

    /// `key`'s value as `WxH`, each side a positive multiple of `multiple`.
    pub fn size(&self, key: &str, multiple: u32) -> Result<(u32, u32), Error> {
        let (w, h) = self.get(key).and_then(|v| v.split_once('x')).ok_or(Error::InvalidArgument)?;
        let (w, h) = (parse_u32(w)?, parse_u32(h)?);
        if w == 0 || h == 0 || w % multiple != 0 || h % multiple != 0 {
            return Err(Error::InvalidArgument);
        }
        Ok((w, h))
    }
}

/// As Java's `String.trim` (the host's parser): every character up to U+0020 off both ends.
fn trim(s: &str) -> &str {
    s.trim_matches(|c: char| c <= ' ')
}

/// Decimal digits only, at most 6 of them: no sign, no overflow.
fn parse_u32(digits: &str) -> Result<u32, Error> {
    if digits.is_empty() || digits.len() > 6 {
        return Err(Error::InvalidArgument);
    }
    let mut v = 0u32;
    for d in digits.bytes() {
        if !d.is_ascii_digit() {
            return Err(Error::InvalidArgument);
        }
        v = v * 10 + (d - b'0') as u32;
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::Meta;
    use crate::Error;

    const META: Meta = Meta::new(
        "abi=1\nname=text-detect\n# input.size=1x1\n input.size = 640x320 \nodd=64x\nzero=0x32\n",
    );

    #[test]
    fn values_are_read_as_the_host_reads_them() {
        assert_eq!(META.get("name"), Some("text-detect"));
        assert_eq!(META.get("input.size"), Some("640x320"));
        assert_eq!(META.get("abi"), Some("1"));
        assert_eq!(META.get("missing"), None);
        assert_eq!(META.get("input"), None);
    }

    #[test]
    fn numbers_are_decimal_digits() {
        let meta = Meta::new("crops=16\nneg=-1\nbig=1234567\n");
        assert_eq!(meta.number("crops"), Ok(16));
        assert_eq!(meta.number("neg"), Err(Error::InvalidArgument));
        assert_eq!(meta.number("big"), Err(Error::InvalidArgument));
        assert_eq!(meta.number("missing"), Err(Error::InvalidArgument));
    }

    #[test]
    fn sizes_are_positive_multiples() {
        assert_eq!(META.size("input.size", 32), Ok((640, 320)));
        assert_eq!(META.size("input.size", 1), Ok((640, 320)));
        assert_eq!(META.size("input.size", 128), Err(Error::InvalidArgument));
        assert_eq!(META.size("odd", 1), Err(Error::InvalidArgument));
        assert_eq!(META.size("zero", 1), Err(Error::InvalidArgument));
        assert_eq!(META.size("name", 1), Err(Error::InvalidArgument));
        assert_eq!(META.size("missing", 1), Err(Error::InvalidArgument));
    }
}
