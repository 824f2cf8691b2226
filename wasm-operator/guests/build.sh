#!/bin/sh
# Builds the guest SDK crate (sdk/, package vigil-guest) and every guest to wasm32 with Debian's
# rustc alone, no cargo (apt-get install rustc libstd-rust-dev-wasm32), writing the binaries that
# are committed beside these sources:
#   bundled guests -> ../src/main/resources/dev/vigil/wasm/guests/
#   test guests    -> ../src/test/resources/guests/
# OUT_MAIN / OUT_TEST override those folders (GuestBinariesTest builds into a temporary folder
# and compares). The flags make the output the same bytes on every build and machine: one codegen
# unit, no debug info, source paths remapped, no SIMD (Chicory has none).
set -eu
RUSTC=${RUSTC:-/usr/bin/rustc}
HERE=$(cd "$(dirname "$0")" && pwd)
OUT_MAIN=${OUT_MAIN:-$HERE/../src/main/resources/dev/vigil/wasm/guests}
OUT_TEST=${OUT_TEST:-$HERE/../src/test/resources/guests}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$OUT_MAIN" "$OUT_TEST"

FLAGS="--edition 2021 --target wasm32-unknown-unknown -C opt-level=s -C panic=abort
  -C codegen-units=1 -C debuginfo=0 -C target-feature=-simd128 --remap-path-prefix=$HERE=guests"

cd "$HERE"
# shellcheck disable=SC2086
"$RUSTC" $FLAGS --crate-type rlib --crate-name vigil_guest sdk/src/lib.rs \
  -o "$WORK/libvigil_guest.rlib"

guest() { # source, output
  # shellcheck disable=SC2086
  "$RUSTC" $FLAGS --crate-type cdylib --extern vigil_guest="$WORK/libvigil_guest.rlib" \
    -C link-arg=-zstack-size=65536 -C link-arg=--strip-debug "$1" -o "$2"
}

guest deterministic-detect/guest.rs "$OUT_MAIN/deterministic-detect.wasm"
guest anomaly-score/guest.rs "$OUT_MAIN/anomaly-score.wasm"
guest text-detect/guest.rs "$OUT_MAIN/text-detect.wasm"
guest text-read/guest.rs "$OUT_MAIN/text-read.wasm"
for name in infinite_loop memory_bomb trap unknown_import wrong_abi; do
  guest "hostile/$name.rs" "$OUT_TEST/hostile-$(echo $name | tr _ -).wasm"
done
guest test/nn_paths.rs "$OUT_TEST/test-nn-paths.wasm"
echo "guests built into $OUT_MAIN and $OUT_TEST"
