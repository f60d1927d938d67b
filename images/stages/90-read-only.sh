#!/bin/bash
# Last: what a read-only root needs. Everything that changes is on the data partition or in RAM
# (fstab, tmpfiles); package caches and logs written during the build are dropped.
# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(dirname "$0")/common.sh"

grep -Eq '^LABEL=loupe-root[[:space:]]+/[[:space:]]+ext4[[:space:]]+ro,' "$root/etc/fstab" \
  || { echo "90-read-only.sh: /etc/fstab does not mount the root read-only" >&2; exit 2; }
mkdir -p "$root/data" "$root/var/lib/loupe"
rm -rf "$root/var/cache/apt/archives/"*.deb "$root/var/lib/apt/lists/"* "$root/var/log/"*.log
# The journal is volatile (journald.conf.d/loupe.conf); no directory invites it to persist.
rm -rf "$root/var/log/journal"
