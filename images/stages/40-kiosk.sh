#!/bin/bash
# The touchscreen: the `kiosk` user and kiosk.service (Chromium under cage on tty1, restarted
# whenever it dies). Its PAM session and Chromium's managed policies come with images/rootfs/.
# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(dirname "$0")/common.sh"

if ! in_root id kiosk >/dev/null 2>&1; then
  in_root useradd --system --user-group --home-dir /run/loupe-kiosk --no-create-home --shell /usr/sbin/nologin kiosk
fi
in_root usermod --append --groups video,render,input kiosk
install_file systemd/kiosk.service /etc/systemd/system/kiosk.service 0644
in_root systemctl enable kiosk.service
