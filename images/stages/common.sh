# shellcheck shell=bash
# Sourced by every stage: strict mode, the images/ folder, and helpers over the target root.
set -euo pipefail
images=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
root=${1:?the root directory is the first argument}
[[ -d $root/etc ]] || { echo "$(basename "$0"): $root is not a root file system" >&2; exit 2; }

# Runs a command inside the root (with qemu-user through binfmt on a foreign architecture).
in_root() { chroot "$root" "$@"; }

# Installs one file of images/ into the root: install_file SOURCE TARGET MODE.
install_file() { install -D -m "$3" -o root -g root "$images/$1" "$root$2"; }
