#!/bin/bash
# Renders a template with @NAME@ parameters: render-template.sh TEMPLATE NAME=VALUE... > OUT.
# Every @NAME@ in the template must be given, and every given NAME must occur: a typo fails the
# build instead of shipping a config with a literal @NAME@ in it.
set -euo pipefail

if [[ $# -lt 1 || ! -f $1 ]]; then
  echo "usage: $0 TEMPLATE NAME=VALUE..." >&2
  exit 2
fi
template=$1
shift
text=$(<"$template")
for pair in "$@"; do
  name=${pair%%=*}
  value=${pair#*=}
  if [[ ! $name =~ ^[A-Z][A-Z0-9_]*$ || $pair != *=* ]]; then
    echo "render-template: bad parameter '$pair' (NAME=VALUE, NAME in capitals)" >&2
    exit 2
  fi
  if [[ $text != *"@$name@"* ]]; then
    echo "render-template: $template has no @$name@" >&2
    exit 2
  fi
  text=${text//"@$name@"/$value}
done
left=$(grep -o '@[A-Z][A-Z0-9_]*@' <<<"$text" | sort -u | tr '\n' ' ' || true)
if [[ -n $left ]]; then
  echo "render-template: $template still needs: $left" >&2
  exit 2
fi
printf '%s\n' "$text"
