#!/bin/bash
# Lays a root file system (a directory from build-rootfs.sh) out on the card image, without loop
# devices or mounts: the file systems are made from directories (mkfs.ext4 -d, mtools) and
# written into a GPT disk image at their offsets. Layout (images/README.md):
#   1  LOUPE-BOOT  FAT32   /boot/firmware  the Pi's firmware, kernel, config.txt, cmdline.txt
#   2  loupe-root  ext4    /               read-only
#   3  loupe-data  ext4    /data           read-write (/data/loupe is /var/lib/loupe); grown at first boot
#
#   assemble-image.sh --rootfs DIR --out loupe.img [--arch arm64] [--boot-mib 256] [--root-mib 3072] [--data-mib 512]
set -euo pipefail

rootfs=
out=
arch=arm64
boot_mib=256
root_mib=3072
data_mib=512
while [[ $# -gt 0 ]]; do
  case $1 in
    --rootfs) rootfs=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --arch) arch=$2; shift 2 ;;
    --boot-mib) boot_mib=$2; shift 2 ;;
    --root-mib) root_mib=$2; shift 2 ;;
    --data-mib) data_mib=$2; shift 2 ;;
    *) echo "usage: $0 --rootfs DIR --out IMAGE [--arch ARCH] [--boot-mib N] [--root-mib N] [--data-mib N]" >&2; exit 2 ;;
  esac
done
[[ -d $rootfs/etc && -n $out ]] || { echo "assemble-image: --rootfs must be a root file system, --out is required" >&2; exit 2; }
for n in "$boot_mib" "$root_mib" "$data_mib"; do [[ $n =~ ^[1-9][0-9]*$ ]] || { echo "assemble-image: sizes are whole MiB" >&2; exit 2; }; done
(( boot_mib >= 64 )) || { echo "assemble-image: the FAT32 boot partition needs at least 64 MiB" >&2; exit 2; }
for tool in sfdisk mkfs.vfat mcopy mkfs.ext4; do
  command -v "$tool" >/dev/null || { echo "assemble-image: needs $tool (apt-get install fdisk dosfstools mtools e2fsprogs)" >&2; exit 2; }
done
# Discoverable Partitions Specification: the root partition's type names its architecture.
case $arch in
  arm64) root_type=B921B045-1DF0-41C3-AF44-4C6F280D3FAE ;;
  amd64) root_type=4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709 ;;
  *) echo "assemble-image: no root partition type for $arch" >&2; exit 2 ;;
esac

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# --- boot: what the root holds under /boot/firmware
truncate -s "${boot_mib}M" "$work/boot.img"
mkfs.vfat -F 32 -n LOUPE-BOOT "$work/boot.img" >/dev/null
if [[ -n $(ls -A "$rootfs/boot/firmware" 2>/dev/null) ]]; then
  mcopy -s -i "$work/boot.img" "$rootfs/boot/firmware/"* ::/
fi

# --- root: everything else, /boot/firmware, /data and /var/lib/loupe left as empty mount points
mkdir "$work/root"
tar -C "$rootfs" --exclude=./boot/firmware --exclude=./data --exclude=./var/lib/loupe --numeric-owner -cf - . | tar -C "$work/root" --numeric-owner -xpf -
mkdir -p "$work/root/boot/firmware" "$work/root/data" "$work/root/var/lib/loupe"
mkfs.ext4 -q -L loupe-root -O ^has_journal -d "$work/root" "$work/root.img" "${root_mib}M"
rm -rf "$work/root"

# --- data: empty; tmpfiles lays it out at boot
mkfs.ext4 -q -L loupe-data "$work/data.img" "${data_mib}M"

# --- the disk: 1 MiB for the GPT, the three partitions, 1 MiB for the backup GPT
rm -f "$out"
truncate -s "$((1 + boot_mib + root_mib + data_mib + 1))M" "$out"
sfdisk --quiet "$out" <<TABLE
label: gpt
start=1MiB, size=${boot_mib}MiB, type=EBD0A0A2-B9E5-4433-87C0-68B6B72699C7, name=LOUPE-BOOT
size=${root_mib}MiB, type=$root_type, name=loupe-root
size=${data_mib}MiB, type=0FC63DAF-8483-4772-8E79-3D69D8477DE4, name=loupe-data
TABLE
offset=1
for part in boot root data; do
  size_var=${part}_mib
  dd if="$work/$part.img" of="$out" bs=1M seek="$offset" conv=notrunc,sparse status=none
  offset=$((offset + ${!size_var}))
done
echo "$out: boot ${boot_mib} MiB, root ${root_mib} MiB, data ${data_mib} MiB"
