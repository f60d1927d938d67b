#!/bin/bash
# Node 20 for the runtime (Debian bookworm has 18): the official build, unpacked under /opt/node,
# /usr/bin/node pointing at it (loupe.service runs /usr/bin/node). Usage: 20-node.sh ROOT DIST,
# DIST an official node-v20.*-linux-<arch>.tar.{xz,gz} or a directory holding bin/node.
# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(dirname "$0")/common.sh"
dist=${2:?the Node distribution}

rm -rf "$root/opt/node"
mkdir -p "$root/opt/node"
if [[ -d $dist ]]; then
  cp -a "$dist/." "$root/opt/node/"
else
  tar -xf "$dist" -C "$root/opt/node" --strip-components=1 --no-same-owner
fi
[[ -x $root/opt/node/bin/node ]] || { echo "20-node.sh: $dist has no bin/node" >&2; exit 2; }
ln -sf /opt/node/bin/node "$root/usr/bin/node"
version=$(in_root /usr/bin/node --version)
[[ $version == v2[0-9].* ]] || { echo "20-node.sh: Loupe needs Node >= 20, $dist is $version" >&2; exit 2; }
echo "node $version"
