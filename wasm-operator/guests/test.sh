#!/bin/sh
# The guest SDK's tests with Debian's rustc alone (cargo users: `cargo test --offline` runs the
# first part). Run by GuestSdkTest, so by `./mvnw verify`; exits non-zero when a test fails.
#  1. Its unit tests on the host target (rustc --test): arena, batch entry point, enums, regions,
#     image arithmetic, metadata.
#  2. Its compile-time guarantees on wasm32: each sdk/compile-fail/*.rs must be refused with the
#     message of its `// expect:` line, and compile once its `// BAD` line is removed, so it fails
#     for that reason and no other. Skipped, saying so, without the wasm32 standard library.
set -eu
RUSTC=${RUSTC:-/usr/bin/rustc}
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$HERE"

"$RUSTC" --edition 2021 --test --crate-name vigil_guest sdk/src/lib.rs -o "$WORK/sdk-tests"
"$WORK/sdk-tests"

if [ ! -d "$("$RUSTC" --print sysroot)/lib/rustlib/wasm32-unknown-unknown" ]; then
  echo "compile-fail checks skipped: no wasm32 standard library (apt-get install libstd-rust-dev-wasm32)"
  exit 0
fi
WASM="--edition 2021 --target wasm32-unknown-unknown"
# shellcheck disable=SC2086
"$RUSTC" $WASM --crate-type rlib --crate-name vigil_guest sdk/src/lib.rs -o "$WORK/libvigil_guest.rlib"
check() { # source; 0 when it compiles
  # shellcheck disable=SC2086
  "$RUSTC" $WASM --crate-type lib --emit metadata --extern vigil_guest="$WORK/libvigil_guest.rlib" \
    "$1" -o "$WORK/check.rmeta" >"$WORK/out" 2>&1
}
failed=0
for case in sdk/compile-fail/*.rs; do
  expect=$(sed -n 's#^// expect: ##p' "$case")
  sed '/\/\/ BAD$/d' "$case" >"$WORK/control.rs"
  if check "$case"; then
    echo "FAILED $case: compiles, but must be refused with: $expect"; failed=1
  elif ! grep -qF "$expect" "$WORK/out"; then
    echo "FAILED $case: refused, but not with: $expect"; cat "$WORK/out"; failed=1
  elif ! check "$WORK/control.rs"; then
    echo "FAILED $case: does not compile without its BAD line either"; cat "$WORK/out"; failed=1
  else
    echo "ok $case"
  fi
done
exit $failed
