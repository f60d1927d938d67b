#!/bin/bash
# The operating system around the runtime: the files of images/rootfs/ (fstab, journald limits,
# time sync, watchdog, logind, network, tmpfiles, repart), the host name, networking, and on a
# Raspberry Pi board its cmdline.txt and Loupe's part of config.txt (images/boot/).
# Usage: 10-system.sh ROOT pi|none
# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(dirname "$0")/common.sh"
board=${2:?pi or none}

while IFS= read -r -d '' file; do
  relative=${file#"$images/rootfs"}
  install_file "rootfs$relative" "$relative" 0644
done < <(find "$images/rootfs" -type f -print0)

if [[ $board == pi ]]; then
  firmware=$root/boot/firmware
  [[ -f $firmware/start4.elf ]] || { echo "10-system.sh: no Raspberry Pi firmware in $firmware" >&2; exit 2; }
  # The firmware package's config.txt names the kernel it installed; Loupe's settings go after it.
  # The image is rebuilt for OS updates, never upgraded in place, so no later hook rewrites it.
  if ! grep -q '^# --- Loupe' "$firmware/config.txt" 2>/dev/null; then
    cat "$images/boot/config.txt" >> "$firmware/config.txt"
  fi
  install_file boot/cmdline.txt /boot/firmware/cmdline.txt 0644
fi

echo loupe > "$root/etc/hostname"
printf '127.0.0.1\tlocalhost\n127.0.1.1\tloupe\n::1\tlocalhost ip6-localhost ip6-loopback\n' > "$root/etc/hosts"
# An empty machine-id: systemd makes a fresh one at each boot of the read-only root.
: > "$root/etc/machine-id"
rm -f "$root/var/lib/dbus/machine-id"
ln -sf ../run/systemd/resolve/stub-resolv.conf "$root/etc/resolv.conf"
ln -sf /usr/share/zoneinfo/Etc/UTC "$root/etc/localtime"

in_root systemctl enable systemd-networkd.service systemd-resolved.service systemd-timesyncd.service
in_root systemctl set-default graphical.target
# Nobody types at the counter: no login prompt on the screen.
in_root systemctl mask getty@tty1.service serial-getty@ttyS0.service
