#!/bin/bash
# Builds the Loupe counter's root file system from Debian bookworm packages with mmdebstrap, then
# lays it out by the stages in stages/ (each takes the root directory as $1). The result is a
# directory or a tarball; assemble-image.sh turns it into the card image. See images/README.md.
#
#   build-rootfs.sh --node node-v20.19.5-linux-arm64.tar.xz --app release/ --out rootfs.tar
#   build-rootfs.sh --arch amd64 --board none --node DIR --out /tmp/rootfs   # a chroot, for tests
set -euo pipefail

images=$(cd "$(dirname "$0")" && pwd)
arch=arm64
board=
out=
node_dist=
app=
hub=0
rpi_keyring=
mirror=http://deb.debian.org/debian
security=http://deb.debian.org/debian-security

usage() {
  cat >&2 <<USAGE
usage: $0 --node DIST --out PATH [--arch ARCH] [--board pi|none] [--app DIR] [--hub]
          [--rpi-archive KEYRING] [--mirror URL] [--security-mirror URL]
  --node DIST     Node 20: an official node-v20.*-linux-<arch>.tar.{xz,gz} (checked against its
                  signed SHASUMS256.txt by whoever brings it) or a directory holding bin/node
  --out PATH      a directory, or a file ending in .tar for a tarball
  --arch ARCH     Debian architecture (default arm64; another one builds a chroot for tests)
  --board         pi (default on arm64): kernel, boot firmware, config.txt; none: no kernel
  --app DIR       the Loupe release to install as /opt/loupe/current (firmware/bin/loupe.js)
  --hub           this box is the store's hub: add the store broker (Mosquitto, bridged to HQ)
  --rpi-archive KEYRING  take the kernel and firmware from Raspberry Pi's archive, trusting KEYRING
USAGE
  exit 2
}

while [[ $# -gt 0 ]]; do
  case $1 in
    --arch) arch=$2; shift 2 ;;
    --board) board=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --node) node_dist=$2; shift 2 ;;
    --app) app=$2; shift 2 ;;
    --hub) hub=1; shift ;;
    --rpi-archive) rpi_keyring=$2; shift 2 ;;
    --mirror) mirror=$2; shift 2 ;;
    --security-mirror) security=$2; shift 2 ;;
    *) usage ;;
  esac
done
[[ -n $out && -n $node_dist ]] || usage
[[ -n $board ]] || board=$([[ $arch == arm64 ]] && echo pi || echo none)
[[ $board == pi || $board == none ]] || usage
[[ -e $node_dist ]] || { echo "build-rootfs: no Node distribution at $node_dist" >&2; exit 2; }
[[ -z $app || -f $app/firmware/bin/loupe.js ]] || { echo "build-rootfs: $app is not a Loupe release (no firmware/bin/loupe.js)" >&2; exit 2; }
[[ -z $rpi_keyring || -f $rpi_keyring ]] || { echo "build-rootfs: no keyring at $rpi_keyring" >&2; exit 2; }
command -v mmdebstrap >/dev/null || { echo "build-rootfs: needs mmdebstrap (apt-get install mmdebstrap)" >&2; exit 2; }

# Package lists: one name a line, comments after '#'.
packages() { sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$@" | tr -s '[:space:]' ','; }
lists=("$images/packages/base.list")
[[ $hub == 1 ]] && lists+=("$images/packages/hub.list")
sources=(
  "deb $mirror bookworm main non-free-firmware"
  "deb $mirror bookworm-updates main non-free-firmware"
  "deb $security bookworm-security main non-free-firmware"
)
keyrings=()
if [[ $board == pi && -n $rpi_keyring ]]; then
  lists+=("$images/packages/pi-rpi.list")
  sources+=("deb http://archive.raspberrypi.com/debian bookworm main")
  keyrings=(--keyring=/usr/share/keyrings/debian-archive-keyring.gpg "--keyring=$rpi_keyring")
elif [[ $board == pi ]]; then
  lists+=("$images/packages/pi-debian.list")
fi

# A hook for mmdebstrap, which runs it with sh -c and the root directory as $1.
stage() {
  local script=$1
  shift
  # shellcheck disable=SC2016 # $1 is for mmdebstrap's shell, not this one
  printf '%q "$1"' "$images/stages/$script"
  if [[ $# -gt 0 ]]; then printf ' %q' "$@"; fi
}
hooks=(
  --customize-hook="$(stage 10-system.sh "$board")"
  --customize-hook="$(stage 20-node.sh "$(realpath "$node_dist")")"
  --customize-hook="$(stage 30-loupe.sh "${app:+$(realpath "$app")}")"
  --customize-hook="$(stage 40-kiosk.sh)"
)
[[ $hub == 1 ]] && hooks+=(--customize-hook="$(stage 50-store-hub.sh)")
hooks+=(--customize-hook="$(stage 90-read-only.sh)")

exec mmdebstrap --variant=minbase --architectures="$arch" --include="$(packages "${lists[@]}")" \
  "${keyrings[@]}" "${hooks[@]}" bookworm "$out" "${sources[@]}"
