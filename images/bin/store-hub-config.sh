#!/bin/bash
# Writes the store broker's configuration from the hub's settings file (written at enrollment):
#   store-hub-config.sh /var/lib/loupe/store-hub.env /run/mosquitto/store-hub.conf
# The settings file holds NAME=VALUE lines: HQ_ADDRESS and BRIDGE_ID (required), LAN_LISTENER,
# TLS_DIR, STATE_DIR and ACL_FILE (defaults below). It is parsed, never sourced.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
env_file=${1:?the hub settings file}
out=${2:?the configuration to write}

declare -A setting=(
  [LAN_LISTENER]=8883
  [TLS_DIR]=/var/lib/loupe/tls
  [STATE_DIR]=/data/mosquitto/
  [ACL_FILE]=/etc/mosquitto/store-hub.acl
)
while IFS= read -r line || [[ -n $line ]]; do
  [[ $line =~ ^[[:space:]]*(#|$) ]] && continue
  if [[ ! $line =~ ^(HQ_ADDRESS|BRIDGE_ID|LAN_LISTENER|TLS_DIR|STATE_DIR|ACL_FILE)=([^[:space:]@]|[^[:space:]@][^@]*[^[:space:]@])$ ]]; then
    echo "store-hub-config: $env_file: unknown or malformed line: $line" >&2
    exit 2
  fi
  setting[${BASH_REMATCH[1]}]=${BASH_REMATCH[2]}
done < "$env_file"
for required in HQ_ADDRESS BRIDGE_ID; do
  [[ -n ${setting[$required]:-} ]] || { echo "store-hub-config: $env_file sets no $required" >&2; exit 2; }
done

template=$here/store-hub.conf.template
[[ -f $template ]] || template=$here/../mosquitto/store-hub.conf.template
args=()
for name in "${!setting[@]}"; do args+=("$name=${setting[$name]}"); done
"$here/render-template.sh" "$template" "${args[@]}" > "$out.tmp"
mv "$out.tmp" "$out"
