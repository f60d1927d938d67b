#!/bin/bash
# The store broker, on the store's hub box only: Mosquitto with the hub's configuration, rendered
# at each start from /var/lib/loupe/store-hub.env (written at enrollment) into /run/mosquitto/.
# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(dirname "$0")/common.sh"

install_file mosquitto/store-hub.conf.template /usr/local/lib/loupe-image/store-hub.conf.template 0644
install_file mosquitto/store-hub.acl /etc/mosquitto/store-hub.acl 0644
install_file bin/render-template.sh /usr/local/lib/loupe-image/render-template.sh 0755
install_file bin/store-hub-config.sh /usr/local/lib/loupe-image/store-hub-config.sh 0755
install_file systemd/mosquitto.service.d/loupe-store-hub.conf /etc/systemd/system/mosquitto.service.d/loupe-store-hub.conf 0644
# The broker reads the hub's TLS files, which belong to loupe (mode 0640).
in_root usermod --append --groups loupe mosquitto
printf 'd /data/mosquitto 0750 mosquitto mosquitto - -\n' > "$root/etc/tmpfiles.d/loupe-store-hub.conf"
in_root systemctl enable mosquitto.service
