#!/bin/bash
# The runtime: the `loupe` user, its unit (Type=notify, watchdog), and the release it runs.
# Usage: 30-loupe.sh ROOT [RELEASE_DIR]; without a release the unit is there but has nothing to
# run until one is installed as /opt/loupe/current.
# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(dirname "$0")/common.sh"
release=${2:-}

# dialout: serial devices; plugdev: USB; input: the keyboard-mode scanner's evdev grab.
if ! in_root id loupe >/dev/null 2>&1; then
  in_root useradd --system --user-group --home-dir /var/lib/loupe --no-create-home --shell /usr/sbin/nologin loupe
fi
in_root usermod --append --groups dialout,plugdev,input loupe

install_file systemd/loupe.service /etc/systemd/system/loupe.service 0644
install_file systemd/var-lib-loupe.mount /etc/systemd/system/var-lib-loupe.mount 0644
mkdir -p "$root/opt/loupe/releases"
if [[ -n $release ]]; then
  version=$(sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' "$release/package.json" | head -n 1)
  [[ -n $version ]] || { echo "30-loupe.sh: $release/package.json names no version" >&2; exit 2; }
  rm -rf "$root/opt/loupe/releases/$version"
  cp -a "$release" "$root/opt/loupe/releases/$version"
  chown -R root:root "$root/opt/loupe/releases/$version"
  ln -sfn "releases/$version" "$root/opt/loupe/current"
fi
in_root systemctl enable var-lib-loupe.mount loupe.service
