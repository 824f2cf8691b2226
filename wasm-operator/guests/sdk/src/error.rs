//! Status codes of guest ABI v1: wasi-nn's `nn_errno` (0–8) and Vigil's `bad_frame`.

abi_enum! {
    /// A failed host call, or the status `vigil_process` returns to fail the whole batch (the
    /// host reports it with the batch's frames as `GuestErrorException`).
    pub enum Error {
        /// A pointer outside memory, a bad size, an unknown handle or index.
        InvalidArgument = 1,
        /// wasi-nn's; v1 hosts do not return it.
        InvalidEncoding = 2,
        /// Out of memory: linear memory cannot grow within the host's limit.
        MissingMemory = 3,
        /// wasi-nn's; the SDK returns it for a `vigil_process` called inside another.
        Busy = 4,
        /// A status this SDK does not know (v1 hosts do not return runtime_error).
        RuntimeError = 5,
        /// E.g. a second model input in v1.
        UnsupportedOperation = 6,
        /// An output buffer too small, too many contexts or detections.
        TooLarge = 7,
        /// A model name the guest did not declare or the deployment does not allow.
        NotFound = 8,
        /// The frame cannot be decoded or is not acceptable; the host has recorded why: skip it.
        BadFrame = 64,
    }
}

impl Error {
    /// Ok for status 0, else the error it names (an unknown status is a `RuntimeError`).
    pub(crate) fn check(status: u32) -> Result<(), Error> {
        match status {
            0 => Ok(()),
            code => Err(Error::try_from(code).unwrap_or(Error::RuntimeError)),
        }
    }

    /// The status code, as `vigil_process` returns it.
    #[inline]
    pub fn code(self) -> u32 {
        self.into()
    }
}

#[cfg(test)]
mod tests {
    use super::Error;

    #[test]
    fn every_code_converts_back_to_its_error() {
        for code in [1, 2, 3, 4, 5, 6, 7, 8, 64] {
            let error = Error::try_from(code).unwrap();
            assert_eq!(error.code(), code);
            assert_eq!(Error::check(code), Err(error));
        }
    }

    #[test]
    fn success_and_unknown_codes_are_not_errors_of_the_abi() {
        assert_eq!(Error::try_from(0), Err(0));
        assert_eq!(Error::try_from(9), Err(9));
        assert_eq!(Error::check(0), Ok(()));
        assert_eq!(Error::check(9), Err(Error::RuntimeError));
    }

    #[test]
    fn codes_are_the_abi_tables() {
        assert_eq!(Error::InvalidArgument.code(), 1);
        assert_eq!(Error::MissingMemory.code(), 3);
        assert_eq!(Error::TooLarge.code(), 7);
        assert_eq!(Error::NotFound.code(), 8);
        assert_eq!(Error::BadFrame.code(), 64);
    }
}
